"""What the engine returns: plain, frozen result objects that every renderer reads alike.

The parts the larger results are made of (a comparison's rows, a ranking's entries and
picks, a plan's weeks, a chart's bars) are in `result_parts`, which only the commands that
build them import.
"""

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from ..records import Claim, Contraindication, Device, Protocol, Source
from ..vocab import Method

if TYPE_CHECKING:
    # Named only in annotations, as text: importing `criteria` builds every criterion, and
    # `result_parts` defines fourteen types, which only the commands that make them use.
    from .criteria import Criterion, Profile
    from .result_parts import (
        Advantage,
        Bar,
        ComparisonRow,
        DecidingFact,
        Dominated,
        Mark,
        Pick,
        PlanWeek,
        RankedDevice,
        Standing,
        WeightRange,
    )

# Results are named tuples: a command builds few, and each costs about 0.1 ms to define,
# where frozen dataclasses took longer to import than `list` takes to run.
NOTHING_FLAGGED: Mapping[str, str] = MappingProxyType({})


class Notice(NamedTuple):
    """Something the user should see alongside the result."""

    kind: str
    message: str
    # Safety warnings: the condition, its strictest severity, the sources, the devices covered.
    condition: str | None = None
    severity: str | None = None
    sources: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    # The same warning for a reader of an article or a web page, where the terminal
    # message's advice to run a command would make no sense; None: the message serves both.
    reader_message: str | None = None


class CostPart(NamedTuple):
    """One part of what a device costs to own: the price, a subscription, a consumable.

    Amounts are None where the part is known to be needed but its price is not, and
    `needed` is None where no source says whether it is needed at all.
    """

    kind: str
    label: str
    low_usd: float | None
    high_usd: float | None
    needed: bool | None
    sources: tuple[str, ...]


class OwnershipCost(NamedTuple):
    """A device's cost over some months; a lower bound wherever a part's amount is unknown."""

    slug: str
    months: int
    parts: tuple[CostPart, ...]
    # The sum of the known amounts; None when the price itself is unknown.
    low_usd: float | None
    high_usd: float | None
    # True when every part's amount is known, so the total is exact rather than a minimum.
    complete: bool
    # False when no running cost (subscription, consumable) has a known amount, so that the
    # total is the same whatever the number of months.
    grows_with_months: bool
    text: str
    # How many clinic sessions the cost equals: (lowest, highest), from both ends of the
    # clinic price; None when either is unknown.
    clinic_sessions: tuple[float, float] | None
    clinic_text: str | None
    # The clinic price per session, lowest and highest any source gives.
    clinic_usd: tuple[float, float] | None
    clinic_sources: tuple[str, ...]
    # A full course of clinic sessions, as the general facts give it: e.g. "a 12-session
    # course, 1× a week at $200–500 a session costs $2,400–6,000"; None where
    # no course length or no session price is known.
    clinic_course_text: str | None = None
    clinic_course_usd: tuple[float, float] | None = None
    clinic_course_sources: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source behind the total and the clinic comparison."""
        ids = [source for part in self.parts for source in part.sources]
        return tuple(dict.fromkeys([*ids, *self.clinic_sources, *self.clinic_course_sources]))


class DeviceListing(NamedTuple):
    """Devices chosen by `list`, in display order."""

    devices: tuple[Device, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()
    # Slug: the strictest severity of the user's conditions that apply to it.
    flagged: Mapping[str, str] = NOTHING_FLAGGED
    # The fields chosen with --columns, in order; empty: each format's own default.
    fields: tuple[str, ...] = ()
    # How many more devices passed the filter than --limit let through.
    more: int = 0


class DeviceDetail(NamedTuple):
    """One device with every source it cites."""

    device: Device
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()
    flagged: Mapping[str, str] = NOTHING_FLAGGED


class Comparison(NamedTuple):
    """Devices side by side, one row per field, and where each is ahead."""

    devices: tuple[Device, ...]
    rows: tuple["ComparisonRow", ...]
    sources: tuple[Source, ...]
    ahead: tuple["Advantage", ...] = ()
    warnings: tuple[Notice, ...] = ()
    flagged: Mapping[str, str] = NOTHING_FLAGGED
    # With --months: each device's cost of ownership, in column order.
    costs: tuple[OwnershipCost, ...] = ()
    standing: "Standing | None" = None


class PickKind(StrEnum):
    """The kinds of pick a buyer's guide names."""

    TOP = "top"
    BUDGET = "budget"
    UPGRADE = "upgrade"


class Ranking(NamedTuple):
    """Devices within a budget, most often first at the top, with how sure that is."""

    budget_usd: float | None
    method: Method
    profile: str
    # Weights given with --weight, on top of the profile's.
    overrides: tuple[tuple[str, float], ...]
    entries: tuple["RankedDevice", ...]
    # The criteria that count (weight above 0); those weighted 0 are named in `dropped`.
    criteria: tuple["Criterion", ...]
    dropped: tuple[str, ...]
    picks: tuple["Pick", ...]
    # Why a pick that could be expected is not named.
    pick_notes: tuple[str, ...]
    pareto: bool
    dominated: tuple["Dominated", ...]
    unpriced: tuple[str, ...]
    over_budget: tuple[str, ...]
    sources: tuple[Source, ...]
    # The draws: how many, the seed, the weight spread, and the 95% Monte Carlo margin of a
    # share (at its widest, a share of one half), as a fraction.
    samples: int = 0
    seed: int = 0
    spread: float = 0.0
    margin: float = 0.0
    # How settled the top of the ranking is, in a shopper's words, and its level.
    verdict: str = ""
    verdict_level: str = ""
    deciding: tuple["DecidingFact", ...] = ()
    # Where no single fact changes the pick: the top device's own uncertain facts that move
    # its chance of coming first most, in words.
    sensitive: tuple[str, ...] = ()
    # The device with the best mean score at the exact weights, and how far each weight can
    # move before another device has the best mean score.
    mean_leader: str | None = None
    stability: tuple["WeightRange", ...] = ()
    # The --assume values in force, as typed.
    assumptions: tuple[str, ...] = ()
    warnings: tuple[Notice, ...] = ()
    notes: tuple[str, ...] = ()
    # The user's conditions (ids), the devices they rule out, and, when they rule out
    # every device, the plain statement of why nothing is recommended.
    conditions: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    refusal: str | None = None
    flagged: Mapping[str, str] = NOTHING_FLAGGED
    # With --months: each ranked device's cost of ownership, in rank order.
    costs: tuple[OwnershipCost, ...] = ()


class CriteriaListing(NamedTuple):
    """The criteria a ranking can weigh and the named weight profiles."""

    criteria: tuple["Criterion", ...]
    profiles: tuple["Profile", ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()


class SourceListing(NamedTuple):
    """The source registry."""

    sources: tuple[Source, ...]
    cited_by: dict[str, tuple[str, ...]]
    warnings: tuple[Notice, ...] = ()


class Advice(NamedTuple):
    """General safety advice of one kind (side effects, aftercare, ...), as each source says."""

    field: str
    label: str
    claims: tuple[Claim[tuple[str, ...]], ...]


class SafetyListing(NamedTuple):
    """Every contraindication the sources give, strictest first, and the general advice."""

    contraindications: tuple[Contraindication, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()
    advice: tuple[Advice, ...] = ()


class Plan(NamedTuple):
    """A device's routine laid out week by week from a start date."""

    device: Device
    protocol: Protocol
    # True when the device has no known routine and the general one is used.
    general: bool
    source: str
    note: str | None
    # Other routines the sources give, shown beside the one followed.
    alternatives: tuple[Claim[Protocol], ...]
    minutes: float | None
    minutes_source: str | None
    start: dt.date
    weeks: tuple["PlanWeek", ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()
    notes: tuple[str, ...] = ()
    # Set, with no weeks planned, when a condition given rules the device out.
    refusal: str | None = None
    # What every session uses up, e.g. conductive gel.
    consumables: tuple[str, ...] = ()

    @property
    def session_count(self) -> int:
        """How many sessions the plan holds."""
        return sum(len(week.sessions) for week in self.weeks)


class Chart(NamedTuple):
    """What `chart` draws: output current against the sources' reference marks, and price."""

    current: tuple["Bar", ...]
    price: tuple["Bar", ...]
    # Drawn on the current chart: the window and the threshold; the rest are named below it.
    window: "Mark"
    threshold: "Mark"
    other_ranges: tuple["Mark", ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()


Result = (
    DeviceListing
    | DeviceDetail
    | Comparison
    | Ranking
    | CriteriaListing
    | SourceListing
    | SafetyListing
    | Plan
    | Chart
)
