"""What the engine returns: plain, frozen result objects that every renderer reads alike."""

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from ..records import Claim, Contraindication, Device, Protocol, Source
from ..vocab import ClaimBasis, Method

if TYPE_CHECKING:
    # Named only in annotations, as text: importing `criteria` builds every criterion,
    # which only `rank` and `criteria` use.
    from .criteria import Criterion, Profile

# Results are named tuples: a command builds few, and they cost next to nothing to define,
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


class ComparisonRow(NamedTuple):
    """One field across the compared devices."""

    field: str
    label: str
    cells: tuple[tuple[Claim[Any], ...] | None, ...]
    differs: bool
    # Indices of the devices whose value is better; empty where no direction applies.
    best: tuple[int, ...] = ()


class Advantage(NamedTuple):
    """One criterion on which a compared device is ahead of the others."""

    slug: str
    criterion: str
    text: str
    sources: tuple[str, ...]


class Standing(NamedTuple):
    """The compared devices ranked together on the default criteria, over plausible weights
    and values: how often each comes first (for two, how often each ranks above the other)."""

    slugs: tuple[str, ...]
    first: tuple[float, ...]
    samples: int
    seed: int
    spread: float
    # In words, with why: where one is ahead whatever the unknowns, and what is undecided.
    text: str


class Comparison(NamedTuple):
    """Devices side by side, one row per field, and where each is ahead."""

    devices: tuple[Device, ...]
    rows: tuple[ComparisonRow, ...]
    sources: tuple[Source, ...]
    ahead: tuple[Advantage, ...] = ()
    warnings: tuple[Notice, ...] = ()
    flagged: Mapping[str, str] = NOTHING_FLAGGED
    # With --months: each device's cost of ownership, in column order.
    costs: tuple[OwnershipCost, ...] = ()
    standing: Standing | None = None


class Contribution(NamedTuple):
    """How one criterion enters one device's score: the range its value may take, on the
    criterion's fixed 0..1 scale, and the points that range is worth at the user's weights."""

    criterion: str
    description: str
    # The sources of the claims the value was read from.
    sources: tuple[str, ...]
    # model, secondhand (only the brand's or an earlier model's claims), unknown or assumed.
    basis: str
    # The lowest and highest value the device may have, 0..1, 1 best.
    low: float
    high: float
    weight: float
    # The weight over the sum of all the criteria's weights.
    share: float
    # Weighted sum: 100 × share × low and × high.
    points_low: float
    points_high: float

    @property
    def known(self) -> bool:
        """Whether a claim about the model itself (or an assumption) gives the value."""
        return self.basis in ("model", "assumed")


class RankedDevice(NamedTuple):
    """A device's place in a ranking: how often it lands where, and its score range."""

    rank: int
    device: Device
    # The share of draws in which it ranks first, in the top three, and its mean rank.
    first: float
    top3: float
    expected_rank: float
    # The share of draws at each rank from 1 (up to RANKS_SHOWN), then beyond them.
    by_rank: tuple[float, ...]
    beyond: float
    # 0–100 at the user's exact weights, with every uncertain value at its worst and best.
    worst: float
    best: float
    known: int
    criteria_total: int
    reason: str
    reason_sources: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    # Mean weights of the draws in which it came first (criterion: weight, summing to 1).
    central_weights: dict[str, float] | None
    # How often it comes first at its central weights; None if it never came first.
    confidence: float | None
    # Fields whose value was given with --assume.
    assumed: tuple[str, ...] = ()

    @property
    def coverage(self) -> str:
        """How many criteria are known for the model itself, in words."""
        return f"{self.known} of {self.criteria_total} criteria known"


class WeightRange(NamedTuple):
    """How far one weight can move, the others rescaled in proportion, before the device
    with the best mean score changes."""

    criterion: str
    weight: float
    # The lowest and highest weight at which the leader stays ahead (0 and the sum of all
    # weights are the ends: there the criterion counts alone or not at all).
    low: float
    high: float
    # Who leads just beyond each end; None where the leader holds to that end.
    below: str | None
    above: str | None


class DecidingFact(NamedTuple):
    """A fact not known for certain whose value would change which device comes first."""

    slug: str
    criterion: str
    # The chance that learning it changes the top pick.
    change: float
    # The device that comes first on the other side of the threshold.
    other: str
    # "costs at most $240": what the fact must be for `slug` to be (or stay) the pick.
    condition: str
    # The whole sentence, for a shopper.
    text: str
    # Whether `slug` is the current top pick (then it stays first only if the condition holds).
    is_pick: bool


class PickKind(StrEnum):
    """The kinds of pick a buyer's guide names."""

    TOP = "top"
    BUDGET = "budget"
    UPGRADE = "upgrade"


class Pick(NamedTuple):
    """A device named above the ranking, with a one-line cited reason."""

    kind: PickKind
    device: Device
    # The chance it ranks first among the devices it was ranked with.
    first: float
    reason: str
    sources: tuple[str, ...]
    # For the upgrade pick: how far its highest price is over the budget.
    over_budget_usd: float | None = None


class Dominated(NamedTuple):
    """A device `--pareto` removed, and a device on the front that dominates it."""

    device: Device
    by: Device
    # Where `by` is better even at its worst than the removed device at its best.
    criteria: tuple[str, ...]


class Ranking(NamedTuple):
    """Devices within a budget, most often first at the top, with how sure that is."""

    budget_usd: float | None
    method: Method
    profile: str
    # Weights given with --weight, on top of the profile's.
    overrides: tuple[tuple[str, float], ...]
    entries: tuple[RankedDevice, ...]
    # The criteria that count (weight above 0); those weighted 0 are named in `dropped`.
    criteria: tuple["Criterion", ...]
    dropped: tuple[str, ...]
    picks: tuple[Pick, ...]
    # Why a pick that could be expected is not named.
    pick_notes: tuple[str, ...]
    pareto: bool
    dominated: tuple[Dominated, ...]
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
    deciding: tuple[DecidingFact, ...] = ()
    # Where no single fact changes the pick: the top device's own uncertain facts that move
    # its chance of coming first most, in words.
    sensitive: tuple[str, ...] = ()
    # The device with the best mean score at the exact weights, and how far each weight can
    # move before another device has the best mean score.
    mean_leader: str | None = None
    stability: tuple[WeightRange, ...] = ()
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


class RoutinePhase(StrEnum):
    """The phases of a routine."""

    LOADING = "loading"
    MAINTENANCE = "maintenance"


class Session(NamedTuple):
    """One planned session: its day and the routine's phase on that day."""

    day: dt.date
    phase: RoutinePhase


class PlanWeek(NamedTuple):
    """One week of a routine and the days with a session."""

    number: int
    start: dt.date
    end: dt.date
    phases: tuple[RoutinePhase, ...]
    sessions: tuple[Session, ...]
    # The range the routine asks for in this week's phase(s), e.g. "2–3".
    asked: str


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
    weeks: tuple[PlanWeek, ...]
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


class Bar(NamedTuple):
    """One device's value on a chart: a range over every claim the engine reads (those about
    the model, where any are), or None (unknown)."""

    slug: str
    name: str
    low: float | None
    high: float | None
    sources: tuple[str, ...]
    # What the value rests on: the model itself, or only its brand or an earlier model.
    about: ClaimBasis = ClaimBasis.MODEL


class Mark(NamedTuple):
    """A reference a chart draws its bars against, e.g. the sensory threshold."""

    label: str
    low: float
    high: float
    sources: tuple[str, ...]


class Chart(NamedTuple):
    """What `chart` draws: output current against the sources' reference marks, and price."""

    current: tuple[Bar, ...]
    price: tuple[Bar, ...]
    # Drawn on the current chart: the window and the threshold; the rest are named below it.
    window: Mark
    threshold: Mark
    other_ranges: tuple[Mark, ...]
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
