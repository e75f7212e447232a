"""What a device's value on each criterion could be: a range, never a gap.

Every criterion has a fixed 0..1 scale (criteria.py). A device's reading on a criterion is
what the claims allow on that scale:

- claims about the model itself: the values they give; where sources disagree, anything
  between the lowest and the highest (a scale of levels: each value a source gives);
- only claims about the brand or an earlier model ("second-hand"): half the time what they
  say, otherwise anywhere on the scale, since the model may differ from its brand or its
  predecessor;
- no claim at all (unknown): anywhere on the scale, each level equally likely;
- a value the user gave with `--assume`: that value, marked as assumed.

The worst and best a device can score follow from the lowest and highest value of each
reading. Sampling over these ranges is in smaa.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from ..amounts import parse_money
from ..errors import BadValue
from ..records import (
    AppDependency,
    Claim,
    ClaimBasis,
    CurrentSpan,
    Device,
    Evidence,
    EvidenceKind,
    FdaStatus,
)
from .criteria import Criterion

# How likely a claim about the brand or an earlier model is to hold for the model itself.
SECONDHAND_TRUST = 0.5
# The source id a value given with --assume cites.
ASSUMED_SOURCE = "assumed"


class Basis(StrEnum):
    """What a reading rests on."""

    MODEL = "model"
    # Only claims about the brand or an earlier model.
    SECONDHAND = "secondhand"
    UNKNOWN = "unknown"
    ASSUMED = "assumed"


class Reading(NamedTuple):
    """One device on one criterion: the values the claims allow, on the criterion's scale."""

    criterion: str
    # The distinct values the claims give, lowest first; empty when unknown.
    values: tuple[float, ...]
    basis: Basis
    # The lowest and highest value the device could have: its worst and best case.
    low: float
    high: float
    # How likely `values` are to hold: 1 for the model's own claims, SECONDHAND_TRUST for the
    # brand's or a predecessor's, 0 when unknown (then the whole scale).
    trust: float
    description: str
    sources: tuple[str, ...]

    @property
    def known(self) -> bool:
        """Whether a claim about the model itself (or an assumption) gives the value."""
        return self.basis in (Basis.MODEL, Basis.ASSUMED)

    @property
    def settled(self) -> bool:
        """Whether the value is a single point: nothing left to sample."""
        return self.low == self.high


def _only(
    device: Device, fields: Sequence[str], claims: dict[str, tuple[Claim[Any], ...]]
) -> Device:
    changes: dict[str, Any] = dict.fromkeys(fields)
    changes.update({name: found or None for name, found in claims.items()})
    return device._replace(**changes)


def _values(criterion: Criterion, device: Device) -> tuple[float, ...]:
    """The normalised values the device's claims on these fields give."""
    if not criterion.per_claim:
        raw = criterion.raw(device)
        return () if raw is None else (_clamp(criterion.absolute(raw)),)
    found: set[float] = set()
    for name in criterion.fields:
        for claim in getattr(device, name) or ():
            raw = criterion.raw(_only(device, criterion.fields, {name: (claim,)}))
            if raw is not None:
                found.add(_clamp(criterion.absolute(raw)))
    return tuple(sorted(found))


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def read(device: Device, criterion: Criterion) -> Reading:
    """The device's reading on one criterion."""
    claims = {name: tuple(getattr(device, name) or ()) for name in criterion.fields}
    assumed = {
        name: tuple(c for c in found if c.source == ASSUMED_SOURCE)
        for name, found in claims.items()
    }
    model = {
        name: tuple(c for c in found if c.about is ClaimBasis.MODEL)
        for name, found in claims.items()
    }
    if any(assumed.values()):
        basis, chosen, trust = Basis.ASSUMED, assumed, 1.0
    elif any(model.values()):
        basis, chosen, trust = Basis.MODEL, model, 1.0
    elif any(claims.values()):
        basis, chosen, trust = Basis.SECONDHAND, claims, SECONDHAND_TRUST
    else:
        basis, chosen, trust = Basis.UNKNOWN, claims, 0.0
    subject = _only(device, criterion.fields, chosen)
    values = _values(criterion, subject) if basis is not Basis.UNKNOWN else ()
    if not values:
        basis, trust = Basis.UNKNOWN, 0.0
    # A brand's or an earlier model's claim is named as such by the criterion's own words.
    description = criterion.describe(subject)
    if basis is Basis.ASSUMED:
        description += " (assumed)"
    if basis in (Basis.MODEL, Basis.ASSUMED):
        low, high = values[0], values[-1]
    else:
        low, high = criterion.bottom, criterion.top
    sources = tuple(dict.fromkeys(c.source for found in chosen.values() for c in found))
    return Reading(
        criterion=criterion.name,
        values=values,
        basis=basis,
        low=low,
        high=high,
        trust=trust,
        description=description,
        sources=sources,
    )


def readings(device: Device, criteria: Sequence[Criterion]) -> tuple[Reading, ...]:
    """The device's reading on each criterion, in the criteria's order."""
    return tuple(read(device, criterion) for criterion in criteria)


# ---------------------------------------------------------------------------------------
# --assume SLUG.FIELD=VALUE


class Assumption(NamedTuple):
    """A value the user asks to try for one device, as if a source gave it for the model."""

    slug: str
    field: str
    value: Any
    text: str


def _yes_no(text: str) -> bool:
    word = text.strip().casefold()
    if word in ("yes", "true", "1", "y"):
        return True
    if word in ("no", "false", "0", "n"):
        return False
    raise ValueError("yes or no")


def _number(text: str) -> float:
    value = float(text.strip())
    if not math.isfinite(value) or value < 0:
        raise ValueError("a number of 0 or more")
    return value


def _price(text: str) -> float:
    value = parse_money(text)
    if not math.isfinite(value) or value <= 0:
        raise ValueError("a price in US dollars above 0, e.g. 250")
    return value


def _current(text: str) -> float | CurrentSpan:
    low, sep, high = text.strip().removesuffix("µA").removesuffix("uA").partition("-")
    if sep:
        span = CurrentSpan(_number(low), _number(high))
        if span.low > span.high:
            raise ValueError("a range written low-high")
        return span
    return _number(low)


def _choice(kind: type[StrEnum]) -> Any:
    def parse(text: str) -> Any:
        try:
            return kind(text.strip().casefold())
        except ValueError:
            raise ValueError(" or ".join(member.value for member in kind)) from None

    return parse


def _levels(text: str) -> int:
    value = _number(text)
    if not value.is_integer() or value < 1:
        raise ValueError("a whole number of 1 or more")
    return int(value)


def _evidence(text: str) -> Evidence:
    return Evidence(kind=_choice(EvidenceKind)(text))


# What --assume can set: the device field, what the value looks like, and how to read it.
ASSUMABLE: dict[str, tuple[str, str, Any]] = {
    "price_usd": ("price_usd", "a price in US dollars, e.g. 250", _price),
    "price": ("price_usd", "a price in US dollars, e.g. 250", _price),
    "output_ua": ("output_ua", "microamps, e.g. 400 or 100-400", _current),
    "current": ("output_ua", "microamps, e.g. 400 or 100-400", _current),
    "fda_status": ("fda_status", "cleared or not-cleared", _choice(FdaStatus)),
    "fda": ("fda_status", "cleared or not-cleared", _choice(FdaStatus)),
    "evidence": ("evidence", " or ".join(kind.value for kind in EvidenceKind), _evidence),
    "app": ("app", "none, optional or required", _choice(AppDependency)),
    "subscription": ("subscription", "yes or no", _yes_no),
    "intensity_levels": ("intensity_levels", "a whole number, e.g. 5", _levels),
    "adjustable_intensity": ("adjustable_intensity", "yes or no", _yes_no),
    "intensity": ("adjustable_intensity", "yes or no", _yes_no),
}


def parse_assumption(text: str) -> Assumption:
    """A `--assume` value such as "nuface-mini-plus.current=400", checked for its form."""
    target, sep, value = text.partition("=")
    slug, dot, field = target.strip().rpartition(".")
    fields = ", ".join(sorted(ASSUMABLE))
    if not sep or not dot or not slug or not field or not value.strip():
        raise BadValue(
            "assumption",
            lambda option: (
                f"{option} {text!r} is not SLUG.FIELD=VALUE; write e.g. {option} "
                f"nuface-mini-plus.current=400 (fields: {fields})"
            ),
        )
    field = field.strip().casefold()
    if field not in ASSUMABLE:
        raise BadValue(
            "assumption",
            lambda option: f"{option} {text!r}: unknown field {field!r}; fields: {fields}",
        )
    name, expected, parse = ASSUMABLE[field]
    try:
        parsed = parse(value)
    except ValueError:
        raise BadValue(
            "assumption",
            lambda option: f"{option} {text!r}: {field} must be {expected} (got {value.strip()!r})",
        ) from None
    return Assumption(slug=slug.strip(), field=name, value=parsed, text=text.strip())


def apply_assumptions(device: Device, assumptions: Sequence[Assumption]) -> Device:
    """The device with each assumed value in place of what the sources say on that field."""
    changes: dict[str, Any] = {}
    for assumption in assumptions:
        if assumption.slug == device.slug:
            changes[assumption.field] = (Claim(assumption.value, ASSUMED_SOURCE, "--assume"),)
    if "intensity_levels" in changes:
        changes.setdefault("adjustable_intensity", None)
    if "adjustable_intensity" in changes:
        changes.setdefault("intensity_levels", None)
    return device._replace(**changes) if changes else device
