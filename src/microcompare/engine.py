"""Filter, sort, score, rank and compare devices: pure functions returning result objects."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import UsageError
from .models import (
    AppDependency,
    Catalogue,
    Claim,
    CurrentSpan,
    CurrentType,
    Device,
    EvidenceKind,
    FdaStatus,
    Source,
)
from .vocab import SortField

# The consumer microcurrent window the sources give, in µA (glowstice-2026), and the
# point above which benefit stops growing (celliara-2026, after Cheng et al. 1982).
CONSUMER_WINDOW_UA = (200.0, 800.0)
CONSUMER_WINDOW_SOURCES = ("glowstice-2026", "celliara-2026")


# ---------------------------------------------------------------------------------------
# Reading numbers out of claims


def price_range(device: Device) -> tuple[float, float] | None:
    """Lowest and highest price any source gives, or None when none does."""
    if not device.price_usd:
        return None
    values = [claim.value for claim in device.price_usd]
    return min(values), max(values)


def budget_price(device: Device) -> float | None:
    """The price a budget is checked against: the highest any source gives.

    Using the highest claim means a device shown within a budget is within it by every source.
    """
    span = price_range(device)
    return span[1] if span else None


def current_range(device: Device) -> tuple[float, float] | None:
    """Lowest and highest output current any source gives, in µA."""
    if not device.output_ua:
        return None
    lows: list[float] = []
    highs: list[float] = []
    for claim in device.output_ua:
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
    return all(claim.value is FdaStatus.CLEARED for claim in device.fda_status)


def app_dependency(device: Device) -> AppDependency | None:
    """The strictest app dependency any source gives."""
    if not device.app:
        return None
    order = list(AppDependency)
    return max((claim.value for claim in device.app), key=order.index)


def is_adjustable(device: Device) -> bool | None:
    """Whether intensity can be adjusted: from the level count, else from a direct claim."""
    if device.intensity_levels:
        return max(claim.value for claim in device.intensity_levels) > 1
    if device.adjustable_intensity:
        return any(claim.value for claim in device.adjustable_intensity)
    return None


def best_evidence(device: Device) -> EvidenceKind | None:
    """The strongest kind of evidence any source reports."""
    if not device.evidence:
        return None
    order = list(EvidenceKind)
    return min((claim.value.kind for claim in device.evidence), key=order.index)


def current_types(device: Device) -> set[CurrentType]:
    """Every current type the sources give."""
    return {claim.value for claim in device.current_type or ()}


# ---------------------------------------------------------------------------------------
# Criteria


class Direction(StrEnum):
    """Whether a criterion's raw value is better high or low."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Criterion:
    """One thing a ranking weighs, with why it matters and which sources say so."""

    name: str
    label: str
    direction: Direction
    weight: float
    rationale: str
    sources: tuple[str, ...]
    # The raw value as a number (None when unknown) and how to say it in words.
    raw: Callable[[Device], float | None]
    describe: Callable[[Device], str]
    # Maps the raw value onto 0..1 (1 best). Criteria that are relative to the devices
    # being ranked (price) have none; they are scaled between the group's extremes.
    absolute: Callable[[float], float] | None = None


def _window_score(device: Device) -> float | None:
    span = current_range(device)
    if span is None:
        return None
    low, high = CONSUMER_WINDOW_UA
    if span[1] >= low and span[0] <= high:
        return 1.0
    if span[1] < low:
        return span[1] / low
    return high / span[0]


def _describe_current(device: Device) -> str:
    span = current_range(device)
    if span is None:
        return "output current unknown"
    shown = f"{span[0]:g}" if span[0] == span[1] else f"{span[0]:g}–{span[1]:g}"
    score = _window_score(device)
    where = "inside" if score == 1.0 else "outside"
    return f"{shown} µA, {where} the 200–800 µA window"


_APP_SCORES = {AppDependency.NONE: 1.0, AppDependency.OPTIONAL: 0.75, AppDependency.REQUIRED: 0.25}


def _app_score(device: Device) -> float | None:
    dependency = app_dependency(device)
    if dependency is None:
        return None
    subscribed = any(claim.value for claim in device.subscription or ())
    if subscribed:
        return 0.0
    return _APP_SCORES[dependency]


def _describe_app(device: Device) -> str:
    dependency = app_dependency(device)
    if dependency is None:
        return "app use unknown"
    subscribed = any(claim.value for claim in device.subscription or ())
    text = {
        AppDependency.NONE: "no app needed",
        AppDependency.OPTIONAL: "app optional",
        AppDependency.REQUIRED: "app required",
    }[dependency]
    return text + (" with a subscription" if subscribed else "")


_EVIDENCE_SCORES = {
    EvidenceKind.INDEPENDENT_STUDY: 1.0,
    EvidenceKind.MAKER_STUDY: 0.6,
    EvidenceKind.REGISTERED_TRIAL: 0.4,
    EvidenceKind.LIMITED: 0.1,
}
_EVIDENCE_WORDS = {
    EvidenceKind.INDEPENDENT_STUDY: "independent studies",
    EvidenceKind.MAKER_STUDY: "maker's own trial only",
    EvidenceKind.REGISTERED_TRIAL: "a registered trial, results unknown",
    EvidenceKind.LIMITED: "thin evidence for its current type",
}


def _evidence_score(device: Device) -> float | None:
    kind = best_evidence(device)
    return None if kind is None else _EVIDENCE_SCORES[kind]


def _describe_evidence(device: Device) -> str:
    kind = best_evidence(device)
    return "clinical evidence unknown" if kind is None else _EVIDENCE_WORDS[kind]


def _fda_score(device: Device) -> float | None:
    cleared = fda_cleared(device)
    return None if cleared is None else float(cleared)


def _describe_fda(device: Device) -> str:
    cleared = fda_cleared(device)
    return {None: "FDA status unknown", True: "FDA-cleared", False: "not FDA-cleared"}[cleared]


def _adjustable_score(device: Device) -> float | None:
    adjustable = is_adjustable(device)
    return None if adjustable is None else float(adjustable)


def _describe_adjustable(device: Device) -> str:
    adjustable = is_adjustable(device)
    if adjustable is None:
        return "intensity control unknown"
    if device.intensity_levels:
        levels = max(claim.value for claim in device.intensity_levels)
        return f"{levels} intensity levels" if levels > 1 else "one fixed intensity"
    return "adjustable intensity" if adjustable else "fixed intensity"


def _describe_price(device: Device) -> str:
    span = price_range(device)
    if span is None:
        return "price unknown"
    if span[0] == span[1]:
        return f"${span[0]:,.0f}"
    return f"${span[0]:,.0f}–{span[1]:,.0f} (sources differ)"


def _identity(value: float) -> float:
    return value


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        name="fda",
        label="FDA clearance",
        direction=Direction.HIGHER,
        weight=2.0,
        rationale="Clearance means a regulator reviewed the device for this use; the sources "
        "treat it as the first threshold a home device should meet.",
        sources=("glowstice-2026", "what-is-microcurrent"),
        raw=_fda_score,
        describe=_describe_fda,
        absolute=_identity,
    ),
    Criterion(
        name="evidence",
        label="Clinical evidence",
        direction=Direction.HIGHER,
        weight=2.0,
        rationale="Independent studies count for more than a maker's self-assessed trial, and "
        "the sources say nanocurrent has less evidence behind it than microcurrent.",
        sources=("glowstice-2026", "celliara-2026"),
        raw=_evidence_score,
        describe=_describe_evidence,
        absolute=_identity,
    ),
    Criterion(
        name="current",
        label="Current in window",
        direction=Direction.HIGHER,
        weight=1.5,
        rationale="Benefit is reported between 200 and 800 µA and levels off or falls above it, "
        "so closeness to that window counts, not raw strength.",
        sources=CONSUMER_WINDOW_SOURCES,
        raw=_window_score,
        describe=_describe_current,
        absolute=_identity,
    ),
    Criterion(
        name="price",
        label="Price",
        direction=Direction.LOWER,
        weight=1.5,
        rationale="Home devices span roughly $100 to $500, so within a budget the cheaper "
        "device leaves more for gel and upkeep.",
        sources=("what-is-microcurrent", "glowstice-2026"),
        raw=budget_price,
        describe=_describe_price,
    ),
    Criterion(
        name="intensity",
        label="Adjustable intensity",
        direction=Direction.HIGHER,
        weight=1.0,
        rationale="The buying guides name adjustable intensity as a key factor: it lets a user "
        "find a comfortable level inside the useful range.",
        sources=("celliara-2026", "inia-lift-guide"),
        raw=_adjustable_score,
        describe=_describe_adjustable,
        absolute=_identity,
    ),
    Criterion(
        name="app",
        label="App independence",
        direction=Direction.HIGHER,
        weight=1.0,
        rationale="A device that needs a phone app, or a subscription for some treatments, "
        "adds a dependency and a possible running cost to every session.",
        sources=("glowstice-2026",),
        raw=_app_score,
        describe=_describe_app,
        absolute=_identity,
    ),
)


def criterion_names() -> tuple[str, ...]:
    """The names a user can type for criteria."""
    return tuple(criterion.name for criterion in CRITERIA)


# ---------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Notice:
    """Something the user should see alongside the result."""

    kind: str
    message: str


@dataclass(frozen=True)
class DeviceListing:
    """Devices chosen by `list`, in display order."""

    devices: tuple[Device, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class DeviceDetail:
    """One device with every source it cites."""

    device: Device
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()


class Better(StrEnum):
    """Which way a compared field is better, where it has a direction."""

    LOWER = "lower"
    HIGHER = "higher"


@dataclass(frozen=True)
class ComparisonRow:
    """One field across the compared devices."""

    field: str
    label: str
    cells: tuple[tuple[Claim[Any], ...] | None, ...]
    differs: bool
    # Indices of the devices whose value is better; empty where no direction applies.
    best: tuple[int, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Devices side by side, one row per field."""

    devices: tuple[Device, ...]
    rows: tuple[ComparisonRow, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Contribution:
    """What one criterion added to one device's score."""

    criterion: str
    raw: float | None
    description: str
    normalised: float | None
    weight: float
    # Points out of 100; None where the criterion is unknown for the device.
    points: float | None


@dataclass(frozen=True)
class RankedDevice:
    """A device's place in a ranking and how its score was made."""

    rank: int
    device: Device
    score: float
    scored_on: int
    criteria_total: int
    reason: str
    contributions: tuple[Contribution, ...]

    @property
    def coverage(self) -> str:
        """How many criteria the score rests on, in words."""
        return f"scored on {self.scored_on} of {self.criteria_total} criteria"


@dataclass(frozen=True)
class Ranking:
    """Devices within a budget, best first."""

    budget_usd: float | None
    entries: tuple[RankedDevice, ...]
    criteria: tuple[Criterion, ...]
    unpriced: tuple[str, ...]
    over_budget: tuple[str, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceListing:
    """The source registry."""

    sources: tuple[Source, ...]
    cited_by: dict[str, tuple[str, ...]]
    warnings: tuple[Notice, ...] = ()


Result = DeviceListing | DeviceDetail | Comparison | Ranking | SourceListing


# ---------------------------------------------------------------------------------------
# list


@dataclass(frozen=True)
class DeviceFilter:
    """What `list` narrows the catalogue to; None means no narrowing on that field."""

    brand: str | None = None
    current_type: CurrentType | None = None
    max_price_usd: float | None = None
    fda_cleared: bool = False
    no_app: bool = False


def check_amount(value: float, what: str) -> float:
    """A money amount from the command line: finite and above zero."""
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{what} must be a number of US dollars above 0, e.g. 250 (got {value:g})")
    return value


def list_devices(
    catalogue: Catalogue,
    selection: DeviceFilter = DeviceFilter(),
    sort: SortField = SortField.NAME,
    *,
    descending: bool = False,
) -> DeviceListing:
    """The devices that pass the filter, sorted, with a warning for each unknown that hid one."""
    kept: list[Device] = []
    unknown: dict[str, list[str]] = {}
    for device in catalogue.devices:
        verdict = _passes(device, selection)
        if verdict is True:
            kept.append(device)
        elif verdict is not False:
            unknown.setdefault(verdict, []).append(device.slug)
    warnings = tuple(
        Notice(
            kind="unknown-hidden",
            message=f"{len(slugs)} device{'s' if len(slugs) != 1 else ''} left out because "
            f"the {what} is unknown: {', '.join(slugs)}",
        )
        for what, slugs in unknown.items()
    )
    ordered = sort_devices(kept, sort, descending=descending)
    return DeviceListing(
        devices=ordered, sources=cited_sources(catalogue, ordered), warnings=warnings
    )


def _passes(device: Device, selection: DeviceFilter) -> bool | str:
    # True: kept. False: known not to match. A string: could not tell, because that is unknown.
    if selection.brand is not None and selection.brand.casefold() not in device.brand.casefold():
        return False
    if selection.current_type is not None:
        types = current_types(device)
        if not types:
            return "current type"
        if selection.current_type not in types:
            return False
    if selection.max_price_usd is not None:
        price = budget_price(device)
        if price is None:
            return "price"
        if price > selection.max_price_usd:
            return False
    if selection.fda_cleared:
        cleared = fda_cleared(device)
        if cleared is None:
            return "FDA status"
        if not cleared:
            return False
    if selection.no_app:
        dependency = app_dependency(device)
        if dependency is None:
            return "app dependency"
        if dependency is AppDependency.REQUIRED:
            return False
    return True


def _sort_key(device: Device, sort: SortField) -> float | str | None:
    if sort is SortField.NAME:
        return device.name.casefold()
    if sort is SortField.SLUG:
        return device.slug
    if sort is SortField.BRAND:
        return device.brand.casefold()
    if sort is SortField.PRICE:
        return budget_price(device)
    span = current_range(device)
    return None if span is None else span[1]


def sort_devices(
    devices: Iterable[Device], sort: SortField, *, descending: bool = False
) -> tuple[Device, ...]:
    """Devices ordered by a field; unknown values always go last, whatever the direction."""
    known: list[tuple[Any, Device]] = []
    unknown: list[Device] = []
    for device in devices:
        key = _sort_key(device, sort)
        if key is None:
            unknown.append(device)
        else:
            known.append((key, device))
    # Sort by slug first so that equal keys keep a stable, meaningful order.
    known.sort(key=lambda pair: pair[1].slug)
    known.sort(key=lambda pair: pair[0], reverse=descending)
    unknown.sort(key=lambda device: device.slug)
    return tuple(device for _, device in known) + tuple(unknown)


def cited_sources(catalogue: Catalogue, devices: Iterable[Device]) -> tuple[Source, ...]:
    """The catalogue's sources that these devices cite, in registry order."""
    cited: set[str] = set()
    for device in devices:
        cited |= device.citations()
    return tuple(source for source in catalogue.sources if source.id in cited)


def describe_device(catalogue: Catalogue, device: Device) -> DeviceDetail:
    """One device with the sources it cites."""
    return DeviceDetail(device=device, sources=cited_sources(catalogue, [device]))


def list_sources(catalogue: Catalogue) -> SourceListing:
    """The source registry, each with the devices that cite it."""
    cited_by: dict[str, list[str]] = {source.id: [] for source in catalogue.sources}
    for device in catalogue.devices:
        for source_id in sorted(device.citations()):
            cited_by.setdefault(source_id, []).append(device.slug)
    return SourceListing(
        sources=catalogue.sources,
        cited_by={key: tuple(value) for key, value in cited_by.items()},
    )


# ---------------------------------------------------------------------------------------
# compare

COMPARED_FIELDS: tuple[tuple[str, str], ...] = (
    ("price_usd", "Price (USD)"),
    ("output_ua", "Output (µA)"),
    ("current_type", "Current type"),
    ("probes", "Probes"),
    ("app", "App"),
    ("subscription", "Subscription"),
    ("fda_status", "FDA status"),
    ("fda_510k", "FDA 510(k)"),
    ("intensity_levels", "Intensity levels"),
    ("adjustable_intensity", "Adjustable intensity"),
    ("modes", "Modes"),
    ("auto_shutoff_s", "Auto-shutoff (s)"),
    ("attachments", "Attachments"),
    ("extra_modalities", "Extra modalities"),
    ("protocol", "Protocol"),
    ("waveform", "Waveform"),
    ("frequency_hz", "Frequency (Hz)"),
    ("evidence", "Clinical evidence"),
)

# For fields with a direction, a number per device where higher is better.
_BETTER: dict[str, Callable[[Device], float | None]] = {
    "price_usd": lambda device: None if (p := budget_price(device)) is None else -p,
    "fda_status": _fda_score,
    "app": lambda device: None if (d := app_dependency(device)) is None else _APP_SCORES[d],
    "subscription": lambda device: (
        None if not device.subscription else -float(any(c.value for c in device.subscription))
    ),
    "adjustable_intensity": _adjustable_score,
    "evidence": _evidence_score,
}


def compare_devices(catalogue: Catalogue, devices: Sequence[Device]) -> Comparison:
    """Devices side by side; rows that differ are flagged and the better value marked."""
    slugs = [device.slug for device in devices]
    if len(devices) < 2:
        raise UsageError(
            "compare needs at least two devices, e.g. 'microcompare compare nuface-trinity "
            "ziip-halo'"
        )
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise UsageError(f"compare was given {repeated[0]!r} twice; name each device once")
    rows: list[ComparisonRow] = []
    for name, label in COMPARED_FIELDS:
        cells: tuple[tuple[Claim[Any], ...] | None, ...] = tuple(
            getattr(device, name) for device in devices
        )
        shown = {_cell_values(cell) for cell in cells}
        best: tuple[int, ...] = ()
        if name in _BETTER:
            best = _best_indices([_BETTER[name](device) for device in devices])
        rows.append(
            ComparisonRow(field=name, label=label, cells=cells, differs=len(shown) > 1, best=best)
        )
    return Comparison(
        devices=tuple(devices), rows=tuple(rows), sources=cited_sources(catalogue, devices)
    )


def _cell_values(cell: tuple[Claim[Any], ...] | None) -> tuple[str, ...] | None:
    if cell is None:
        return None
    return tuple(sorted(repr(claim.value) for claim in cell))


def _best_indices(values: Sequence[float | None]) -> tuple[int, ...]:
    # Only mark a winner where at least two values are known and they are not all equal.
    known = [value for value in values if value is not None]
    if len(known) < 2 or max(known) == min(known):
        return ()
    top = max(known)
    return tuple(index for index, value in enumerate(values) if value == top)


# ---------------------------------------------------------------------------------------
# rank


def rank_devices(
    catalogue: Catalogue,
    budget_usd: float | None = None,
    criteria: Sequence[Criterion] = CRITERIA,
) -> Ranking:
    """Devices priced within the budget (all priced devices without one), scored 0–100 by a
    weighted sum, best first.

    A criterion whose value is unknown for a device is left out of that device's score and
    the remaining weights are scaled up to fill it; the device's coverage says how many
    criteria its score rests on. Devices with no known price cannot be checked against the
    budget, so they are counted, not ranked.
    """
    if budget_usd is not None:
        check_amount(budget_usd, "--budget")
    within: list[Device] = []
    unpriced: list[str] = []
    over: list[str] = []
    for device in catalogue.devices:
        price = budget_price(device)
        if price is None:
            unpriced.append(device.slug)
        elif budget_usd is None or price <= budget_usd:
            within.append(device)
        else:
            over.append(device.slug)
    scored = score_devices(within, criteria)
    scored.sort(key=lambda item: (-round(item[0], 9), item[1].slug))
    entries = tuple(
        RankedDevice(
            rank=position,
            device=device,
            score=round(score, 1),
            scored_on=sum(1 for part in parts if part.points is not None),
            criteria_total=len(criteria),
            reason=_reason(parts, criteria),
            contributions=parts,
        )
        for position, (score, device, parts) in enumerate(scored, start=1)
    )
    notes: list[str] = []
    if unpriced:
        count = len(unpriced)
        notes.append(
            f"{count} device{'s have' if count != 1 else ' has'} no known price and "
            f"{'are' if count != 1 else 'is'} not ranked: {', '.join(sorted(unpriced))}"
        )
    if over:
        notes.append(f"{len(over)} priced device{'s' if len(over) != 1 else ''} over the budget")
    cited = {source for criterion in criteria for source in criterion.sources}
    for entry in entries:
        cited |= entry.device.citations()
    sources = tuple(source for source in catalogue.sources if source.id in cited)
    return Ranking(
        budget_usd=budget_usd,
        entries=entries,
        criteria=tuple(criteria),
        unpriced=tuple(sorted(unpriced)),
        over_budget=tuple(sorted(over)),
        sources=sources,
        notes=tuple(notes),
    )


def score_devices(
    devices: Sequence[Device], criteria: Sequence[Criterion]
) -> list[tuple[float, Device, tuple[Contribution, ...]]]:
    """Each device's 0–100 weighted score and its per-criterion breakdown."""
    raws = [[criterion.raw(device) for criterion in criteria] for device in devices]
    # Relative criteria are scaled between the best and worst known value in the group,
    # computed once per criterion so scoring stays linear in the number of devices.
    bounds: list[tuple[float, float] | None] = []
    for column, criterion in enumerate(criteria):
        known = [value for row in raws if (value := row[column]) is not None]
        bounds.append((min(known), max(known)) if known and criterion.absolute is None else None)
    results: list[tuple[float, Device, tuple[Contribution, ...]]] = []
    for device, row in zip(devices, raws, strict=True):
        normalised = [
            _normalise(criterion, raw, bound)
            for criterion, raw, bound in zip(criteria, row, bounds, strict=True)
        ]
        weight_known = sum(
            criterion.weight
            for criterion, value in zip(criteria, normalised, strict=True)
            if value is not None
        )
        parts: list[Contribution] = []
        total = 0.0
        for criterion, raw, value in zip(criteria, row, normalised, strict=True):
            points: float | None = None
            if value is not None:
                points = 100.0 * criterion.weight * value / weight_known if weight_known else 0.0
                total += points
            parts.append(
                Contribution(
                    criterion=criterion.name,
                    raw=raw,
                    description=criterion.describe(device),
                    normalised=value,
                    weight=criterion.weight,
                    points=points,
                )
            )
        results.append((total, device, tuple(parts)))
    return results


def _normalise(
    criterion: Criterion, raw: float | None, bound: tuple[float, float] | None
) -> float | None:
    if raw is None:
        return None
    if criterion.absolute is not None:
        return min(1.0, max(0.0, criterion.absolute(raw)))
    assert bound is not None  # known raw values always produce bounds
    low, high = bound
    if high == low:
        return 1.0
    scaled = (raw - low) / (high - low)
    return 1.0 - scaled if criterion.direction is Direction.LOWER else scaled


def _reason(parts: Sequence[Contribution], criteria: Sequence[Criterion]) -> str:
    relative = {criterion.name for criterion in criteria if criterion.absolute is None}
    strengths = sorted(
        (part for part in parts if part.normalised is not None and part.normalised >= 0.75),
        key=lambda part: -(part.points or 0.0),
    )
    weaknesses = sorted(
        (part for part in parts if part.normalised is not None and part.normalised <= 0.25),
        key=lambda part: -part.weight,
    )
    phrases = [_phrase(part, relative) for part in strengths[:2]]
    if weaknesses:
        phrases.append(("but " if phrases else "") + _phrase(weaknesses[0], relative))
    if not phrases:
        phrases.append("middling on every known criterion")
    known = sum(1 for part in parts if part.points is not None)
    if known * 2 < len(parts):
        # A high score on few criteria is weak evidence; say so where the score is read.
        phrases.append(f"only {known} of {len(parts)} criteria known")
    return "; ".join(phrases)


def _phrase(part: Contribution, relative: set[str]) -> str:
    if part.criterion not in relative:
        return part.description
    # A relative criterion at an extreme is worth naming as such: "best price here ($209)".
    if part.normalised in (0.0, 1.0):
        best = part.normalised == 1.0
        return f"{'best' if best else 'worst'} {part.criterion} here ({part.description})"
    return f"{part.criterion} {part.description}"
