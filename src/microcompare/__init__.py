"""microcompare: choose an at-home microcurrent facial device from a cited catalogue."""

from __future__ import annotations


def main() -> None:
    """Entry point of the `microcompare` script and `python -m microcompare`."""
    from .startup import collector_off

    collector_off()
    from .cli import main as run

    run()
