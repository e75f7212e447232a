"""Run microcompare as `python -m microcompare`."""

from .cli import main

main()
