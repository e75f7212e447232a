"""Which of a device's cited fields to show: the defaults, and the choice people type."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import UsageError
from ..records import CITED_FIELDS

# What `list` shows when no --columns are given.
LIST_FIELDS: tuple[str, ...] = (
    "price_usd",
    "output_ua",
    "current_type",
    "probes",
    "app",
    "fda_status",
)

# Short names people type, and the words the tables print as headers.
_ALIASES = {
    "price": "price_usd",
    "usd": "price_usd",
    "output": "output_ua",
    "current": "output_ua",
    "ua": "output_ua",
    "µa": "output_ua",
    "type": "current_type",
    "fda": "fda_status",
    "510k": "fda_510k",
    "subscription_usd": "subscription_usd_per_month",
    "subscription_price": "subscription_usd_per_month",
    "intensity": "adjustable_intensity",
    "levels": "intensity_levels",
    "shutoff": "auto_shutoff_s",
    "auto_shutoff": "auto_shutoff_s",
    "modalities": "extra_modalities",
    "frequency": "frequency_hz",
}


def parse_fields(texts: Sequence[str]) -> tuple[str, ...]:
    """Field names from --columns values ("price,app fda"), in the order given, once each.

    Names match the catalogue's field names, with hyphens or underscores, or a short name
    (price, output, type, fda, 510k, ...); anything else is a usage error naming them all.
    """
    known = CITED_FIELDS
    chosen: list[str] = []
    for text in texts:
        for word in text.replace(",", " ").split():
            typed = word.casefold().replace("-", "_")
            name = _ALIASES.get(typed, typed)
            if name not in known:
                raise UsageError(
                    f"--columns: unknown field {word[:40]!r}; choose from "
                    f"{', '.join(field.replace('_', '-') for field in known)} "
                    "(or price, output, type, fda, 510k)"
                )
            if name not in chosen:
                chosen.append(name)
    if texts and not chosen:
        raise UsageError("--columns needs at least one field name, e.g. --columns price,app,fda")
    return tuple(chosen)
