"""microcompare: choose an at-home microcurrent facial device from a cited catalogue."""

from __future__ import annotations


def main() -> None:
    """Entry point of the `microcompare` script and `python -m microcompare`."""
    import gc

    # A run is short and frees little, so the cyclic collector would only rescan an ever
    # larger heap and find nothing; paused before the first import, it costs no run a
    # single pass. Reference counting still frees everything as usual.
    gc.disable()
    from .cli import main as run

    run()
