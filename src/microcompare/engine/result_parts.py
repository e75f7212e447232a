"""The parts of the larger results, defined here once: a comparison's rows and advantages, a
ranking's entries, picks and sensitivities, a plan's weeks and sessions, a chart's bars.

Only the commands that build these import this module (and the type checker, for
`results` and the renderers): defining a named tuple costs about a tenth of a millisecond,
and `list`, which makes none of them, starts without these fourteen.
"""

import datetime as dt
from enum import StrEnum
from typing import Any, NamedTuple

from ..records import Claim, Device
from ..vocab import ClaimBasis
from .results import PickKind


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
