"""What the engine returns: plain, frozen result objects that every renderer reads alike."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..models import Claim, Device, Source
from ..vocab import Method
from .criteria import Criterion, Profile


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
class Advantage:
    """One criterion on which a compared device is ahead of the others."""

    slug: str
    criterion: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Devices side by side, one row per field, and where each is ahead."""

    devices: tuple[Device, ...]
    rows: tuple[ComparisonRow, ...]
    sources: tuple[Source, ...]
    ahead: tuple[Advantage, ...] = ()
    warnings: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Contribution:
    """How one criterion entered one device's score; the numbers a reader needs to redo it.

    Unknown criteria have every number None except the weight.
    """

    criterion: str
    raw: float | None
    description: str
    # The sources of the claims the raw value was read from.
    sources: tuple[str, ...]
    # 0..1, 1 best.
    normalised: float | None
    weight: float
    # The weight over the sum of the weights known for this device.
    share: float | None
    # Weighted sum: 100 × share × normalised.
    points: float | None = None
    # TOPSIS: share × (group best − normalised) and share × (normalised − group worst).
    gap_to_best: float | None = None
    gap_to_worst: float | None = None


@dataclass(frozen=True)
class RankedDevice:
    """A device's place in a ranking and how its score was made."""

    rank: int
    device: Device
    score: float
    scored_on: int
    criteria_total: int
    reason: str
    reason_sources: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    # TOPSIS only: distances to the best and worst values in the group.
    distance_to_best: float | None = None
    distance_to_worst: float | None = None

    @property
    def coverage(self) -> str:
        """How many criteria the score rests on, in words."""
        return f"scored on {self.scored_on} of {self.criteria_total} criteria"

    @property
    def well_covered(self) -> bool:
        """Whether at least half the criteria are known: enough to name it as a pick."""
        return self.scored_on * 2 >= self.criteria_total


class PickKind(StrEnum):
    """The kinds of pick a buyer's guide names."""

    TOP = "top"
    BUDGET = "budget"
    UPGRADE = "upgrade"


@dataclass(frozen=True)
class Pick:
    """A device named above the ranking, with a one-line cited reason."""

    kind: PickKind
    device: Device
    score: float
    reason: str
    sources: tuple[str, ...]
    # For the upgrade pick: how far its highest price is over the budget.
    over_budget_usd: float | None = None


@dataclass(frozen=True)
class Dominated:
    """A device `--pareto` removed, and a device on the front that dominates it."""

    device: Device
    by: Device
    # The criteria compared: those known for the removed device.
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    """Devices within a budget, best first, with everything needed to check the scores."""

    budget_usd: float | None
    method: Method
    profile: str
    # Weights given with --weight, on top of the profile's.
    overrides: tuple[tuple[str, float], ...]
    entries: tuple[RankedDevice, ...]
    # The criteria that count (weight above 0); those weighted 0 are named in `dropped`.
    criteria: tuple[Criterion, ...]
    dropped: tuple[str, ...]
    # Relative criteria: the (lowest, highest) raw value among the ranked devices.
    bounds: dict[str, tuple[float, float]]
    # TOPSIS: the (best, worst) normalised value of each criterion among the ranked devices.
    extremes: dict[str, tuple[float, float]]
    picks: tuple[Pick, ...]
    # Why a pick that could be expected is not named.
    pick_notes: tuple[str, ...]
    pareto: bool
    dominated: tuple[Dominated, ...]
    unpriced: tuple[str, ...]
    over_budget: tuple[str, ...]
    # Priced devices of which no weighted criterion is known.
    unscored: tuple[str, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriteriaListing:
    """The criteria a ranking can weigh and the named weight profiles."""

    criteria: tuple[Criterion, ...]
    profiles: tuple[Profile, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class SourceListing:
    """The source registry."""

    sources: tuple[Source, ...]
    cited_by: dict[str, tuple[str, ...]]
    warnings: tuple[Notice, ...] = ()


Result = DeviceListing | DeviceDetail | Comparison | Ranking | CriteriaListing | SourceListing
