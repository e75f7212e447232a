"""What a ranking weighs: the criteria, why each matters, and named sets of weights."""

import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar

from ..errors import BadValue, UsageError
from ..records import AppDependency, Device, EvidenceKind
from ..trust import qualified
from .facts import (
    app_dependency,
    best_evidence,
    budget_price,
    current_range,
    distinct_names,
    fda_cleared,
    features,
    intensity_levels,
    is_adjustable,
    modality_words,
    needs_subscription,
    price_range,
)

# The consumer microcurrent window the sources give, in µA (glowstice-2026), and the
# point above which benefit stops growing (celliara-2026, after Cheng et al. 1982).
CONSUMER_WINDOW_UA = (200.0, 800.0)
CONSUMER_WINDOW_SOURCES = ("glowstice-2026", "celliara-2026")
# Where a current begins to be felt, about 1 mA (glowstice-2026); and the range another
# source gives for microcurrent therapy as a whole, kept beside the window it differs from.
SENSORY_THRESHOLD_UA = 1000.0
SENSORY_THRESHOLD_SOURCES = ("glowstice-2026",)
THERAPY_RANGE_UA = (10.0, 600.0)
THERAPY_RANGE_SOURCES = ("celliara-2026",)

# A weight is a relative importance; a cap keeps one typo (price=2000) from silently
# turning the ranking into a single-criterion sort.
MAX_WEIGHT = 100.0


class Direction(StrEnum):
    """Whether a criterion's raw value is better high or low."""

    HIGHER = "higher"
    LOWER = "lower"


# Fixed, published scales (issue 19): a device's score on a criterion never depends on the
# budget or on which other devices are in the catalogue. Prices are placed on $0–600: home
# devices span roughly $100–500 (what-is-microcurrent, glowstice-2026), so $600 leaves room
# above the dearest; a dearer device scores 0, the same as $600.
PRICE_SCALE_USD = 600.0
# Modes, attachments and extra modalities are counted up to six; more counts as six.
VERSATILITY_SCALE = 6


_T = TypeVar("_T")


class ByProfile(NamedTuple, Generic[_T]):
    """One value for each named profile, by the profile's name with "_" for "-".

    A new profile is a new field here: every criterion's weights then fail to build until
    they give it one, and a weight cannot name a profile that is not here.
    """

    balanced: _T
    evidence_first: _T
    budget: _T
    no_app: _T


DEFAULT_PROFILE = "balanced"

PROFILE_DESCRIPTIONS = ByProfile(
    balanced="The default: regulation and evidence first, then current, price, control, app "
    "independence and extras.",
    evidence_first="For a buyer who wants proof: clearance and trials dominate, price matters "
    "little.",
    budget="For a first device on a tight budget: price leads, with clearance and the current "
    "window as guard rails.",
    no_app="For travel or privacy: a device that works without a phone, and without a "
    "subscription, counts most.",
)


def _identity(value: float) -> float:
    return value


class Criterion(NamedTuple):
    """One thing a ranking weighs, with why it matters, which sources say so, and its scale."""

    name: str
    label: str
    direction: Direction
    # Its weight in every named profile; the default profile's is its default weight.
    weights: ByProfile[float]
    rationale: str
    sources: tuple[str, ...]
    # The device fields the value is read from, so each score can cite its claims.
    fields: tuple[str, ...]
    # The raw value as a number (None when unknown) and how to say it in words.
    raw: Callable[[Device], float | None]
    describe: Callable[[Device], str]
    # The scale in words, as the README and `criteria` publish it.
    scale: str
    # "At least this good" at a point of the 0..1 scale, said of a device: "costs at most $240".
    at_least: Callable[[float], str]
    # The values the scale can take, lowest first; None for a continuous scale.
    levels: tuple[float, ...] | None = None
    # Maps the raw value onto the fixed 0..1 scale (1 best); a raw value already on it is kept.
    absolute: Callable[[float], float] = _identity
    # True when each claim is a separate reading that sources may disagree on; False when
    # the claims add up to one value (every mode any source names counts).
    per_claim: bool = True
    # The weight a ranking uses: the default profile's in `CRITERIA`, the chosen profile's
    # with any override after `weighted_criteria`.
    weight: float = math.nan

    @property
    def bottom(self) -> float:
        """The lowest value of the scale."""
        return self.levels[0] if self.levels else 0.0

    @property
    def top(self) -> float:
        """The highest value of the scale."""
        return self.levels[-1] if self.levels else 1.0


def window_score(device: Device) -> float | None:
    """1 inside the consumer window, falling in proportion to the distance outside it."""
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
    shown = f"{span[0]:,g}" if span[0] == span[1] else f"{span[0]:,g}–{span[1]:,g}"
    low, high = CONSUMER_WINDOW_UA
    # Inside only if all of it is: 100–400 µA starts below the window, so it is partly inside.
    if low <= span[0] and span[1] <= high:
        where = "inside"
    elif span[1] >= low and span[0] <= high:
        where = "partly inside"
    else:
        where = "outside"
    return f"{shown} µA, {where} the 200–800 µA window"


APP_SCORES = {AppDependency.NONE: 1.0, AppDependency.OPTIONAL: 0.75, AppDependency.REQUIRED: 0.25}


def app_score(device: Device) -> float | None:
    """1 with no app, less as the app becomes necessary."""
    dependency = app_dependency(device)
    return None if dependency is None else APP_SCORES[dependency]


def _describe_app(device: Device) -> str:
    dependency = app_dependency(device)
    if dependency is None:
        return "app use unknown"
    return {
        AppDependency.NONE: "no app needed",
        AppDependency.OPTIONAL: "app optional",
        AppDependency.REQUIRED: "app required",
    }[dependency]


def subscription_score(device: Device) -> float | None:
    """1 when no subscription is needed, 0 when one is."""
    needed = needs_subscription(device)
    return None if needed is None else float(not needed)


def _describe_subscription(device: Device) -> str:
    needed = needs_subscription(device)
    if needed is None:
        return "subscription unknown"
    return "subscription needed for some treatments" if needed else "no subscription"


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


def evidence_score(device: Device) -> float | None:
    """Independent studies 1, a maker's trial 0.6, a registered trial 0.4, thin 0.1."""
    kind = best_evidence(device)
    return None if kind is None else _EVIDENCE_SCORES[kind]


def _describe_evidence(device: Device) -> str:
    kind = best_evidence(device)
    return "clinical evidence unknown" if kind is None else _EVIDENCE_WORDS[kind]


def fda_score(device: Device) -> float | None:
    """1 when cleared, 0 when not."""
    cleared = fda_cleared(device)
    return None if cleared is None else float(cleared)


def _describe_fda(device: Device) -> str:
    cleared = fda_cleared(device)
    return {None: "FDA status unknown", True: "FDA-cleared", False: "not FDA-cleared"}[cleared]


def adjustable_score(device: Device) -> float | None:
    """1 when the intensity can be adjusted, 0 when it is fixed."""
    adjustable = is_adjustable(device)
    return None if adjustable is None else float(adjustable)


def _describe_adjustable(device: Device) -> str:
    adjustable = is_adjustable(device)
    if adjustable is None:
        return "intensity control unknown"
    levels = intensity_levels(device)
    if levels is not None:
        return f"{levels} intensity levels" if levels > 1 else "one fixed intensity"
    return "adjustable intensity" if adjustable else "fixed intensity"


def _describe_price(device: Device) -> str:
    span = price_range(device)
    if span is None:
        return "price unknown"
    if span[0] == span[1]:
        return f"${span[0]:,.0f}"
    return f"${span[0]:,.0f}–{span[1]:,.0f} (sources differ)"


def _feature_count(device: Device) -> float | None:
    found = features(device)
    return None if found is None else float(len(found))


def _describe_features(device: Device) -> str:
    if features(device) is None:
        return "modes and attachments unknown"
    parts: list[str] = []
    modes = distinct_names(device.modes)
    if modes:
        parts.append(f"{len(modes)} modes ({', '.join(modes)})")
    attachments = distinct_names(device.attachments)
    if attachments:
        parts.append(f"{', '.join(attachments)} attachments")
    return "; ".join(parts + list(modality_words(device)))


def price_score(price: float) -> float:
    """$0 scores 1 and $600 or more 0, in a straight line."""
    return 1.0 - min(max(price, 0.0), PRICE_SCALE_USD) / PRICE_SCALE_USD


def versatility_score(count: float) -> float:
    """Each mode, attachment or extra modality adds a sixth, up to six."""
    return min(count, VERSATILITY_SCALE) / VERSATILITY_SCALE


def _lowest_level_from(levels: Sequence[float], value: float) -> float:
    return next((level for level in levels if level >= value - 1e-9), levels[-1])


_EVIDENCE_AT_LEAST = {
    0.1: "has any evidence",
    0.4: "has at least a registered trial",
    0.6: "has at least a maker's own trial",
    1.0: "has independent studies",
}


def _evidence_at_least(value: float) -> str:
    return _EVIDENCE_AT_LEAST[_lowest_level_from(sorted(_EVIDENCE_AT_LEAST), value)]


def _current_at_least(value: float) -> str:
    low, high = CONSUMER_WINDOW_UA
    if value >= 1.0 - 1e-9:
        return f"has an output current inside {low:,g}–{high:,g} µA"
    if value <= 0:
        return "has any output current"
    return f"has an output current between {low * value:,.0f} and {high / value:,.0f} µA"


def _price_at_least(value: float) -> str:
    return f"costs at most ${PRICE_SCALE_USD * (1.0 - value):,.0f}"


def _app_at_least(value: float) -> str:
    level = _lowest_level_from(sorted(APP_SCORES.values()), value)
    return "needs no app" if level >= 1 else "does not require an app"


def _versatility_at_least(value: float) -> str:
    count = math.ceil(value * VERSATILITY_SCALE - 1e-9)
    return f"has at least {count} modes, attachments and extras"


def _said_of(fields: tuple[str, ...], describe: Callable[[Device], str]) -> Callable[[Device], str]:
    # A value resting on claims about the brand or an earlier model says so in every reason,
    # pick and comparison that quotes it.
    def described(device: Device) -> str:
        claims = [claim for name in fields for claim in getattr(device, name) or ()]
        return qualified(describe(device), claims)

    return described


_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        name="fda",
        label="FDA clearance",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=2.0, evidence_first=3.0, budget=1.5, no_app=2.0),
        rationale="Clearance means a regulator reviewed the device for this use; the sources "
        "treat it as the first threshold a home device should meet.",
        sources=("glowstice-2026", "what-is-microcurrent"),
        fields=("fda_status",),
        raw=fda_score,
        describe=_describe_fda,
        scale="not cleared 0, cleared 1",
        levels=(0.0, 1.0),
        at_least=lambda value: "is FDA-cleared",
    ),
    Criterion(
        name="evidence",
        label="Clinical evidence",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=2.0, evidence_first=4.0, budget=1.0, no_app=1.5),
        rationale="Independent studies count for more than a maker's self-assessed trial, and "
        "the sources say nanocurrent has less evidence behind it than microcurrent.",
        sources=("glowstice-2026", "celliara-2026"),
        fields=("evidence",),
        raw=evidence_score,
        describe=_describe_evidence,
        scale="thin evidence 0.1, a registered trial 0.4, a maker's trial 0.6, "
        "independent studies 1 (the strongest any source reports)",
        levels=(0.1, 0.4, 0.6, 1.0),
        at_least=_evidence_at_least,
        per_claim=False,
    ),
    Criterion(
        name="current",
        label="Current in window",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=1.5, evidence_first=2.0, budget=1.5, no_app=1.5),
        rationale="Benefit is reported between 200 and 800 µA and levels off or falls above it, "
        "so closeness to that window counts, not raw strength.",
        sources=CONSUMER_WINDOW_SOURCES,
        fields=("output_ua",),
        raw=window_score,
        describe=_describe_current,
        scale="inside 200–800 µA 1; below it µA ÷ 200; above it 800 ÷ µA",
        at_least=_current_at_least,
    ),
    Criterion(
        name="price",
        label="Price",
        direction=Direction.LOWER,
        weights=ByProfile(balanced=1.5, evidence_first=0.5, budget=4.0, no_app=1.0),
        rationale="Home devices span roughly $100 to $500; the cheaper device leaves more "
        "for gel and upkeep.",
        sources=("what-is-microcurrent", "glowstice-2026"),
        fields=("price_usd",),
        raw=budget_price,
        describe=_describe_price,
        absolute=price_score,
        scale="$0 is 1 and $600 or more is 0, in a straight line",
        at_least=_price_at_least,
    ),
    Criterion(
        name="intensity",
        label="Adjustable intensity",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=1.0, evidence_first=1.0, budget=0.5, no_app=1.0),
        rationale="The buying guides name adjustable intensity as a key factor: it lets a user "
        "find a comfortable level inside the useful range.",
        sources=("celliara-2026", "inia-lift-guide"),
        fields=("intensity_levels", "adjustable_intensity"),
        raw=adjustable_score,
        describe=_describe_adjustable,
        scale="fixed 0, adjustable 1",
        levels=(0.0, 1.0),
        at_least=lambda value: "has adjustable intensity",
    ),
    Criterion(
        name="app",
        label="App independence",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=1.0, evidence_first=0.5, budget=1.0, no_app=5.0),
        rationale="A device that needs a phone app to run adds a dependency to every session "
        "and can stop working when the app does.",
        sources=("glowstice-2026",),
        fields=("app",),
        raw=app_score,
        describe=_describe_app,
        scale="app required 0.25, optional 0.75, none 1",
        levels=(0.25, 0.75, 1.0),
        at_least=_app_at_least,
    ),
    Criterion(
        name="subscription",
        label="No subscription",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=0.5, evidence_first=0.5, budget=1.0, no_app=2.0),
        rationale="A subscription for some treatments turns a one-off purchase into a "
        "running cost.",
        sources=("glowstice-2026",),
        fields=("subscription",),
        raw=subscription_score,
        describe=_describe_subscription,
        scale="needed for some treatments 0, none 1",
        levels=(0.0, 1.0),
        at_least=lambda value: "needs no subscription",
    ),
    Criterion(
        name="versatility",
        label="Modes and attachments",
        direction=Direction.HIGHER,
        weights=ByProfile(balanced=0.5, evidence_first=0.0, budget=0.0, no_app=0.5),
        rationale="Separate modes, interchangeable attachments and a second modality let one "
        "device treat more areas; the guides list them as a practical plus, not a core need.",
        sources=("inia-lift-guide", "glowstice-2026"),
        fields=("modes", "attachments", "extra_modalities"),
        raw=_feature_count,
        describe=_describe_features,
        absolute=versatility_score,
        scale="each mode, attachment or extra modality 1/6, up to 6",
        levels=tuple(count / VERSATILITY_SCALE for count in range(VERSATILITY_SCALE + 1)),
        at_least=_versatility_at_least,
        per_claim=False,
    ),
)
_IN_USE = ByProfile._fields.index(DEFAULT_PROFILE.replace("-", "_"))
CRITERIA: tuple[Criterion, ...] = tuple(
    criterion._replace(
        describe=_said_of(criterion.fields, criterion.describe),
        weight=criterion.weights[_IN_USE],
    )
    for criterion in _CRITERIA
)


def criterion_names(criteria: Sequence[Criterion] = CRITERIA) -> tuple[str, ...]:
    """The names a user can type for criteria."""
    return tuple(criterion.name for criterion in criteria)


class Profile(NamedTuple):
    """A named set of weights for one kind of buyer."""

    name: str
    description: str
    weights: Mapping[str, float]


PROFILES: tuple[Profile, ...] = tuple(
    Profile(
        name=field.replace("_", "-"),
        description=PROFILE_DESCRIPTIONS[index],
        weights={criterion.name: criterion.weights[index] for criterion in CRITERIA},
    )
    for index, field in enumerate(ByProfile._fields)
)


def profile_names() -> tuple[str, ...]:
    """The names `--profile` accepts."""
    return tuple(profile.name for profile in PROFILES)


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word.casefold(), choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def find_profile(name: str) -> Profile:
    """The profile with this name, or a usage error that lists the choices."""
    for profile in PROFILES:
        if profile.name == name.strip().casefold():
            return profile
    names = profile_names()
    raise UsageError(
        f"unknown profile {name!r}; {_did_you_mean(name, names)}"
        f"profiles: {', '.join(names)} (see 'microcompare criteria')"
    )


def parse_weight(text: str) -> tuple[str, float]:
    """A `--weight` value such as "price=2", checked against the criteria."""
    name, sep, amount = text.partition("=")
    name = name.strip()
    names = criterion_names()
    if not sep or not name:
        raise BadValue(
            "weight",
            lambda option: (
                f"{option} {text!r} is not NAME=NUMBER; write e.g. {option} price=2 "
                f"(criteria: {', '.join(names)})"
            ),
        )
    if name not in names:
        raise BadValue(
            "weight",
            lambda option: (
                f"{option} {text!r}: unknown criterion {name!r}; "
                f"{_did_you_mean(name, names)}criteria: {', '.join(names)}"
            ),
        )
    try:
        value = float(amount)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
        raise BadValue(
            "weight",
            lambda option: (
                f"{option} {text!r}: the weight must be a number from 0 to "
                f"{MAX_WEIGHT:g}, e.g. {name}=2 (0 leaves the criterion out)"
            ),
        )
    return name, value


def weighted_criteria(
    profile: str | None = None, weights: Sequence[tuple[str, float]] = ()
) -> tuple[Criterion, ...]:
    """The criteria with a profile's weights, then each `--weight` override, applied in order."""
    chosen = find_profile(profile or DEFAULT_PROFILE)
    overrides = dict(chosen.weights)
    names = criterion_names()
    for name, value in weights:
        if name not in names:
            raise UsageError(f"unknown criterion {name!r}; criteria: {', '.join(names)}")
        overrides[name] = value
    criteria = tuple(c._replace(weight=overrides.get(c.name, c.weight)) for c in CRITERIA)
    if not any(criterion.weight > 0 for criterion in criteria):
        raise BadValue(
            "weight",
            lambda option: (
                "every criterion has weight 0, so nothing would be scored; give one "
                f"a weight above 0, e.g. {option} price=1"
            ),
        )
    return criteria
