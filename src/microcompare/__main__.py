"""Run microcompare as `python -m microcompare`."""

from . import main

main()
