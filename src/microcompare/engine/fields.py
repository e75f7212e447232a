"""Which of a device's cited fields to show: the defaults, and the choice people type."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import BadValue
from ..fields import CITED_FIELDS, FIELDS

# Short names people type, declared with each field.
_ALIASES = {typed: field.name for field in FIELDS for typed in field.typed}


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
                raise _unknown_field(word, known)
            if name not in chosen:
                chosen.append(name)
    if texts and not chosen:
        raise BadValue(
            "fields",
            lambda option: f"{option} needs at least one field name, e.g. {option} price,app,fda",
        )
    return tuple(chosen)


def _unknown_field(word: str, known: Sequence[str]) -> BadValue:
    names = ", ".join(field.replace("_", "-") for field in known)
    return BadValue(
        "fields",
        lambda option: (
            f"{option}: unknown field {word[:40]!r}; choose from {names} "
            "(or price, output, type, fda, 510k)"
        ),
    )
