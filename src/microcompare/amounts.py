"""Amounts of money as people type them, read once for every option and `--assume`."""

from __future__ import annotations

import re

_MONEY = re.compile(r"(?:US)?\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(?:USD)?", re.IGNORECASE)


def parse_money(text: str | float) -> float:
    """A US-dollar amount as people write it: "250", "$250", "1,000", "$1,250.50".

    Raises ValueError for anything else, including commas that do not group thousands.
    """
    if isinstance(text, int | float):
        return float(text)
    found = _MONEY.fullmatch(text.strip())
    if found is None:
        # Plain float syntax ("2.5e2") still reads as it always did.
        return float(text)
    return float(found.group(1).replace(",", "") + (found.group(2) or ""))
