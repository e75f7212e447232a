"""Read comparable facts out of a device's claims, where sources may disagree or be silent.

A fact is read from the claims about the model itself where there are any; claims about
the brand or an earlier model stand in only where none is about the model, and what they
rest on is then said wherever the fact is shown (`trust.qualified`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..records import (
    AppDependency,
    Claim,
    ClaimBasis,
    CurrentSpan,
    CurrentType,
    Device,
    EvidenceKind,
    FdaStatus,
    Modality,
)
from ..trust import basis, for_the_model

# Enum order as a lookup, computed once: iterating an enum per device is measurably slow.
_APP_ORDER = {dependency: index for index, dependency in enumerate(AppDependency)}
_EVIDENCE_ORDER = {kind: index for index, kind in enumerate(EvidenceKind)}


def price_range(device: Device) -> tuple[float, float] | None:
    """Lowest and highest price any source gives, or None when none does."""
    if not device.price_usd:
        return None
    values = [claim.value for claim in for_the_model(device.price_usd)]
    return min(values), max(values)


def budget_price(device: Device) -> float | None:
    """The price a budget is checked against: the highest any source gives.

    Using the highest claim means a device shown within a budget is within it by every source.
    """
    span = price_range(device)
    return span[1] if span else None


def price_gap(cheaper: Device, dearer: Device) -> tuple[float, float] | None:
    """How much less `cheaper` costs than `dearer`, least and most, over every price claim."""
    mine, theirs = price_range(cheaper), price_range(dearer)
    if mine is None or theirs is None:
        return None
    return theirs[0] - mine[1], theirs[1] - mine[0]


def gap_text(gap: tuple[float, float]) -> str:
    """e.g. "$49", "$26–51" where sources differ, "up to $30" where their ranges overlap."""
    low, high = gap
    if low == high:
        return f"${low:,.0f}"
    if low > 0:
        return f"${low:,.0f}–{high:,.0f}"
    return f"up to ${high:,.0f}"


def current_range(device: Device) -> tuple[float, float] | None:
    """Lowest and highest output current any source gives, in µA."""
    if not device.output_ua:
        return None
    lows: list[float] = []
    highs: list[float] = []
    for claim in for_the_model(device.output_ua):
        if isinstance(claim.value, CurrentSpan):
            lows.append(claim.value.low)
            highs.append(claim.value.high)
        else:
            lows.append(claim.value)
            highs.append(claim.value)
    return min(lows), max(highs)


def fda_cleared(device: Device) -> bool | None:
    """True when sources say cleared, False when any says not cleared, None when unknown."""
    if not device.fda_status:
        return None
    return all(claim.value is FdaStatus.CLEARED for claim in for_the_model(device.fda_status))


def fda_cleared_as_model(device: Device) -> bool | None:
    """Like `fda_cleared`, but from claims about the model only: a clearance said of the
    brand or an earlier model is not this model's clearance, so here it reads as unknown."""
    if not device.fda_status or basis(for_the_model(device.fda_status)) is not ClaimBasis.MODEL:
        return None
    return fda_cleared(device)


def app_dependency(device: Device) -> AppDependency | None:
    """The strictest app dependency any source gives."""
    if not device.app:
        return None
    return max((claim.value for claim in for_the_model(device.app)), key=_APP_ORDER.__getitem__)


def needs_subscription(device: Device) -> bool | None:
    """Whether any source says some treatments need a paid subscription."""
    if not device.subscription:
        return None
    return any(claim.value for claim in for_the_model(device.subscription))


def intensity_levels(device: Device) -> int | None:
    """The most intensity levels any source gives."""
    if not device.intensity_levels:
        return None
    return max(claim.value for claim in for_the_model(device.intensity_levels))


def is_adjustable(device: Device) -> bool | None:
    """Whether intensity can be adjusted: from the level count, else from a direct claim."""
    levels = intensity_levels(device)
    if levels is not None:
        return levels > 1
    if device.adjustable_intensity:
        return any(claim.value for claim in for_the_model(device.adjustable_intensity))
    return None


def best_evidence(device: Device) -> EvidenceKind | None:
    """The strongest kind of evidence any source reports."""
    if not device.evidence:
        return None
    return min(
        (claim.value.kind for claim in for_the_model(device.evidence)),
        key=_EVIDENCE_ORDER.__getitem__,
    )


def current_types(device: Device) -> set[CurrentType]:
    """Every current type the sources give."""
    return {claim.value for claim in for_the_model(device.current_type or ())}


def distinct_names(claims: tuple[Claim[tuple[str, ...]], ...] | None) -> tuple[str, ...]:
    """Every name in a list-valued field across its claims, each once, in order."""
    names: dict[str, None] = {}
    for claim in claims or ():
        names.update(dict.fromkeys(claim.value))
    return tuple(names)


def modality_words(device: Device) -> tuple[str, ...]:
    """Each extra modality in words, e.g. "T-Sonic pulsation, 8,000/min"."""
    words: list[str] = []
    for claim in device.extra_modalities or ():
        for modality in claim.value:
            text = modality_text(modality)
            if text not in words:
                words.append(text)
    return tuple(words)


def features(device: Device) -> tuple[str, ...] | None:
    """Treatment modes, attachments and extra modalities; None when no source gives any."""
    if not (device.modes or device.attachments or device.extra_modalities):
        return None
    return (
        distinct_names(device.modes) + distinct_names(device.attachments) + modality_words(device)
    )


def modality_text(modality: Modality) -> str:
    """e.g. "T-Sonic pulsation, 8,000/min"."""
    if modality.rate_per_min is None:
        return modality.name
    return f"{modality.name}, {modality.rate_per_min:,}/min"


def claim_sources(device: Device, fields: Iterable[str]) -> tuple[str, ...]:
    """The ids of the sources behind these fields of the device, in order of first use."""
    found: list[str] = []
    for name in fields:
        claims: tuple[Claim[Any], ...] | None = getattr(device, name)
        for claim in claims or ():
            if claim.source not in found:
                found.append(claim.source)
    return tuple(found)
