"""microcompare: choose an at-home microcurrent facial device from a cited catalogue."""
