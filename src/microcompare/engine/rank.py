"""Rank devices within a budget and say how sure the ranking is: pure functions, no I/O.

Every criterion has a fixed scale, and a value that is unknown, disputed or only said of
the brand is a range on it (uncertainty.py), never left out. The ranking is repeated over
plausible weights and values (SMAA-2, smaa.py); devices are ordered by how often they come
first, then how often in the top three, then by their worst case at the user's weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .. import trust
from ..errors import BadValue, UsageError
from ..records import Catalogue, Device, Source
from ..trust import by_id, for_the_model, old_price_words
from ..vocab import Method
from .cost import check_months, ownership_costs
from .criteria import DEFAULT_PROFILE, Criterion, weighted_criteria
from .facts import budget_price, claim_sources, gap_text, percent, price_gap, price_range
from .listing import check_amount
from .result_parts import (
    Contribution,
    DecidingFact,
    Dominated,
    Pick,
    RankedDevice,
    Standing,
    WeightRange,
)
from .results import PickKind, Ranking
from .safety import nothing_recommended, screen, screening_notices, with_screening_sources
from .uncertainty import (
    ASSUMED_SOURCE,
    Assumption,
    Basis,
    Reading,
    apply_assumptions,
    readings,
)

if TYPE_CHECKING:
    from .smaa import Acceptability

# "Just over the budget" for the upgrade pick: at most this fraction above it.
UPGRADE_MARGIN = 0.25
DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 2001
# Each weight is drawn between (1 − spread) and (1 + spread) times the one given.
DEFAULT_SPREAD = 0.5
MIN_SAMPLES = 100
MAX_SAMPLES = 1_000_000
# How many deciding facts a ranking names.
DECIDING_SHOWN = 3
# A fact that moves the leader's chance by less than this is not worth naming.
SWAY_SHOWN = 0.05
# Verdict thresholds on the top device's chance of coming first (README, "How sure").
SETTLED = 0.9
LIKELY = 0.6
OPEN = 0.35


def check_sampling(samples: int, seed: int, spread: float) -> None:
    """The sampling options from the command line, each in its range."""
    if not MIN_SAMPLES <= samples <= MAX_SAMPLES:
        raise BadValue(
            "samples",
            lambda name: (
                f"{name} must be a whole number from {MIN_SAMPLES:,} to "
                f"{MAX_SAMPLES:,}, e.g. {DEFAULT_SAMPLES} (got {samples})"
            ),
        )
    if seed < 0:
        raise BadValue(
            "seed", lambda name: f"{name} must be a whole number of 0 or more (got {seed})"
        )
    if not math.isfinite(spread) or not 0 <= spread <= 1:
        raise BadValue(
            "spread",
            lambda name: (
                f"{name} must be a number from 0 (exact weights) to 1, e.g. 0.5 (got {spread:g})"
            ),
        )


def margin(samples: int) -> float:
    """The 95% Monte Carlo margin of a share estimated from `samples` draws, at its widest."""
    return 1.96 * math.sqrt(0.25 / samples)


def score_range(parts: Sequence[Contribution], method: Method) -> tuple[float, float]:
    """0–100 at the exact weights with every value at its lowest, and at its highest."""
    if method is Method.WEIGHTED_SUM:
        return (
            sum(part.points_low for part in parts),
            sum(part.points_high for part in parts),
        )
    return (
        _closeness([(part.share, part.low) for part in parts]),
        _closeness([(part.share, part.high) for part in parts]),
    )


def _closeness(pairs: Sequence[tuple[float, float]]) -> float:
    # TOPSIS against the fixed ends of every scale: 1 the ideal, 0 the anti-ideal.
    to_best = math.sqrt(sum((share * (1.0 - value)) ** 2 for share, value in pairs))
    to_worst = math.sqrt(sum((share * value) ** 2 for share, value in pairs))
    return 100.0 * to_worst / (to_best + to_worst)


def contributions(
    found: Sequence[Reading], criteria: Sequence[Criterion]
) -> tuple[Contribution, ...]:
    """Each reading at the exact weights: the share of the weight and the points range."""
    total = sum(criterion.weight for criterion in criteria)
    parts: list[Contribution] = []
    for criterion, reading in zip(criteria, found, strict=True):
        share = criterion.weight / total
        parts.append(
            Contribution(
                criterion=criterion.name,
                description=reading.description,
                sources=reading.sources,
                basis=reading.basis.value,
                low=reading.low,
                high=reading.high,
                weight=criterion.weight,
                share=share,
                points_low=100.0 * share * reading.low,
                points_high=100.0 * share * reading.high,
            )
        )
    return tuple(parts)


def dominates(better: Sequence[Contribution], worse: Sequence[Contribution]) -> bool:
    """Whether `better` at its worst is at least as good as `worse` at its best on every
    criterion, and strictly better on one: so no value the facts allow could reverse it."""
    strictly = False
    for mine, theirs in zip(better, worse, strict=True):
        if mine.low < theirs.high:
            return False
        strictly = strictly or mine.low > theirs.high
    return strictly


def pareto_front(
    devices: Sequence[Device], parts: Sequence[Sequence[Contribution]]
) -> tuple[list[int], tuple[Dominated, ...]]:
    """The indices no other device dominates, and for each removed one a dominating device
    on the front. Quadratic in the number of devices; it runs only when asked for."""
    front = [
        i
        for i in range(len(devices))
        if not any(dominates(parts[j], parts[i]) for j in range(len(devices)) if j != i)
    ]
    removed: list[Dominated] = []
    for i in range(len(devices)):
        if i in front:
            continue
        by = next(j for j in front if dominates(parts[j], parts[i]))
        ahead = tuple(
            mine.criterion
            for mine, theirs in zip(parts[by], parts[i], strict=True)
            if mine.low > theirs.high
        )
        removed.append(Dominated(device=devices[i], by=devices[by], criteria=ahead))
    return front, tuple(removed)


def _resolved(catalogue: Catalogue, assumption: Assumption) -> Assumption:
    """The assumption with its device named by slug, found as `show` finds one: by slug,
    name or alias."""
    from ..catalog import resolve_device

    try:
        device = resolve_device(catalogue, assumption.slug).device
    except UsageError as error:
        problem = str(error)
        raise BadValue(
            "assumption", lambda name: f"{name} {assumption.text!r}: {problem}"
        ) from None
    return assumption._replace(slug=device.slug)


def _assumed_catalogue(catalogue: Catalogue, assumptions: Sequence[Assumption]) -> Catalogue:
    if not assumptions:
        return catalogue
    assumptions = [_resolved(catalogue, assumption) for assumption in assumptions]
    devices = tuple(apply_assumptions(device, assumptions) for device in catalogue.devices)
    source = Source(id=ASSUMED_SOURCE, title="A value you gave with --assume")
    return catalogue._replace(devices=devices, sources=(*catalogue.sources, source))


def rank_devices(
    catalogue: Catalogue,
    budget_usd: float | None = None,
    *,
    profile: str | None = None,
    weights: Sequence[tuple[str, float]] = (),
    method: Method = Method.WEIGHTED_SUM,
    pareto: bool = False,
    conditions: Sequence[str] = (),
    months: int | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    spread: float = DEFAULT_SPREAD,
    assumptions: Sequence[Assumption] = (),
) -> Ranking:
    """Devices priced within the budget (every priced device without one), ordered by how
    often they come first over plausible weights and values.

    Devices with no known price cannot be checked against the budget, so they are counted,
    not ranked. A condition the sources say to avoid (or never to use with) removes the
    devices it applies to before anything is ranked; a caution keeps them, with a warning.
    """
    if budget_usd is not None:
        check_amount(budget_usd, "budget_usd")
    if months is not None:
        check_months(months)
    check_sampling(samples, seed, spread)
    catalogue = _assumed_catalogue(catalogue, assumptions)
    screening = screen(catalogue, conditions, catalogue.devices)
    candidates = [device for device in catalogue.devices if not screening.excludes(device)]
    excluded = tuple(
        sorted(device.slug for device in catalogue.devices if screening.excludes(device))
    )
    weighted = weighted_criteria(profile, weights)
    criteria = tuple(criterion for criterion in weighted if criterion.weight > 0)
    dropped = tuple(criterion.name for criterion in weighted if criterion.weight == 0)
    within: list[Device] = []
    unpriced: list[str] = []
    over: list[Device] = []
    for device in candidates:
        price = budget_price(device)
        if price is None:
            unpriced.append(device.slug)
        elif budget_usd is None or price <= budget_usd:
            within.append(device)
        else:
            over.append(device)
    # Devices in slug order, so the draws do not depend on the order of the files.
    within.sort(key=lambda device: device.slug)
    found = [readings(device, criteria) for device in within]
    parts = [contributions(reading, criteria) for reading in found]
    dominated: tuple[Dominated, ...] = ()
    if pareto:
        front, dominated = pareto_front(within, parts)
        within = [within[i] for i in front]
        found = [found[i] for i in front]
        parts = [parts[i] for i in front]
    entries: tuple[RankedDevice, ...] = ()
    deciding: tuple[DecidingFact, ...] = ()
    sensitive: tuple[str, ...] = ()
    leader: str | None = None
    stability: tuple[WeightRange, ...] = ()
    if within:
        entries, deciding, sensitive = _rank(
            within, found, parts, criteria, method, samples, seed, spread
        )
        leader, stability = weight_stability(within, found, criteria)
    picks, pick_notes = _picks(
        entries,
        found,
        criteria,
        method,
        budget_usd,
        over,
        samples,
        seed,
        spread,
        by_id(catalogue.sources),
    )
    notes = _notes(unpriced, over, dominated, pareto, len(criteria))
    cited = {source for criterion in criteria for source in criterion.sources}
    for entry in entries:
        cited.update(s for part in entry.contributions for s in part.sources)
    for pick in picks:
        cited.update(pick.sources)
    costs = ownership_costs(catalogue, [entry.device for entry in entries], months)
    for cost in costs:
        cited.update(cost.sources)
    warnings = screening_notices(catalogue, screening, catalogue.devices)
    refusal = None
    if excluded and not candidates:
        refusal = nothing_recommended(screening.conditions)
    elif excluded:
        named = ", ".join(item.id for item in screening.conditions)
        notes = (
            f"{_plural(len(excluded), 'device is', 'devices are')} left out for the "
            f"condition(s) given ({named}): {', '.join(excluded)}",
            *notes,
        )
    sources = tuple(source for source in catalogue.sources if source.id in cited)
    verdict, level = _verdict(entries)
    return Ranking(
        budget_usd=budget_usd,
        method=method,
        profile=profile or DEFAULT_PROFILE,
        overrides=tuple(weights),
        entries=entries,
        criteria=criteria,
        dropped=dropped,
        picks=picks,
        pick_notes=pick_notes,
        pareto=pareto,
        dominated=dominated,
        unpriced=tuple(sorted(unpriced)),
        over_budget=tuple(sorted(device.slug for device in over)),
        sources=with_screening_sources(catalogue, sources, screening),
        samples=samples,
        seed=seed,
        spread=spread,
        margin=margin(samples),
        verdict=verdict,
        verdict_level=level,
        deciding=deciding,
        sensitive=sensitive,
        mean_leader=leader,
        stability=stability,
        assumptions=tuple(assumption.text for assumption in assumptions),
        notes=notes,
        warnings=warnings,
        conditions=tuple(item.id for item in screening.conditions),
        excluded=excluded,
        refusal=refusal,
        flagged={
            slug: severity for slug, severity in screening.flagged().items() if slug not in excluded
        },
        costs=costs,
    )


def _simulate(
    found: Sequence[Sequence[Reading]],
    criteria: Sequence[Criterion],
    method: Method,
    samples: int,
    seed: int,
    spread: float,
    worst: Sequence[float] | None = None,
) -> Acceptability:
    # numpy is imported here, on the first ranking, never by list or --help.
    from .smaa import simulate

    return simulate(
        found,
        [criterion.levels for criterion in criteria],
        [criterion.weight for criterion in criteria],
        method=method,
        samples=samples,
        seed=seed,
        spread=spread,
        worst=worst,
    )


def _rank(
    devices: Sequence[Device],
    found: Sequence[Sequence[Reading]],
    parts: Sequence[Sequence[Contribution]],
    criteria: Sequence[Criterion],
    method: Method,
    samples: int,
    seed: int,
    spread: float,
) -> tuple[tuple[RankedDevice, ...], tuple[DecidingFact, ...], tuple[str, ...]]:
    ranges = [score_range(part, method) for part in parts]
    worst = [low for low, _ in ranges]
    result = _simulate(found, criteria, method, samples, seed, spread, worst)
    order = _sorted(devices, result, ranges)
    entries: list[RankedDevice] = []
    for position, i in enumerate(order, start=1):
        reason, reason_sources = _reason(parts[i], criteria)
        central = result.central_weights[i]
        entries.append(
            RankedDevice(
                rank=position,
                device=devices[i],
                first=result.first[i],
                top3=result.top3[i],
                expected_rank=result.expected_rank[i],
                by_rank=result.by_rank[i],
                beyond=result.beyond[i],
                worst=ranges[i][0],
                best=ranges[i][1],
                known=sum(1 for reading in found[i] if reading.known),
                criteria_total=len(criteria),
                reason=reason,
                reason_sources=reason_sources,
                contributions=tuple(parts[i]),
                central_weights=(
                    None
                    if central is None
                    else {c.name: w for c, w in zip(criteria, central, strict=True)}
                ),
                confidence=result.confidence[i],
                assumed=tuple(
                    criterion.name
                    for criterion, reading in zip(criteria, found[i], strict=True)
                    if reading.basis is Basis.ASSUMED
                ),
            )
        )
    deciding = _deciding(result, devices, criteria, order[0])
    sensitive: tuple[str, ...] = ()
    if not deciding:
        slug = devices[order[0]].slug
        sensitive = tuple(
            f"{slug}'s chance of coming first runs from {percent(sway.low)} to "
            f"{percent(sway.high)} over the plausible values of its "
            f"{fact_name(criteria[sway.criterion])}"
            for sway in result.sways[:DECIDING_SHOWN]
            if sway.high - sway.low >= SWAY_SHOWN
        )
    return tuple(entries), deciding, sensitive


def mean_value(reading: Reading, criterion: Criterion) -> float:
    """A reading's mean over its draws: what the draws make of it on average."""
    scale = criterion.levels
    whole = sum(scale) / len(scale) if scale else 0.5
    if not reading.values:
        return whole
    if scale:
        stated = sum(reading.values) / len(reading.values)
    else:
        stated = (reading.values[0] + reading.values[-1]) / 2
    return reading.trust * stated + (1 - reading.trust) * whole


def weight_stability(
    devices: Sequence[Device], found: Sequence[Sequence[Reading]], criteria: Sequence[Criterion]
) -> tuple[str, tuple[WeightRange, ...]]:
    """The device with the best weighted sum of mean values at the exact weights, and for
    each criterion the range of its weight (the others rescaled in proportion, so their sum
    stays) over which that device stays best.

    Each device's score is linear in the one weight, so each rival gives one crossing point.
    """
    means = [
        [mean_value(reading, criterion) for reading, criterion in zip(row, criteria, strict=True)]
        for row in found
    ]
    weights = [criterion.weight for criterion in criteria]
    total = sum(weights)

    def score(row: Sequence[float]) -> float:
        return sum(w * v for w, v in zip(weights, row, strict=True))

    leader = max(range(len(devices)), key=lambda i: (round(score(means[i]), 9), -i))
    ranges: list[WeightRange] = []
    for c, criterion in enumerate(criteria):
        rest = total - criterion.weight

        def parts(i: int, c: int = c, rest: float = rest) -> tuple[float, float]:
            # score(t) = t × own + (total − t) × others, with the other weights rescaled.
            others = sum(
                w * v for j, (w, v) in enumerate(zip(weights, means[i], strict=True)) if j != c
            )
            return means[i][c], (others / rest if rest > 0 else 0.0)

        own_l, others_l = parts(leader)
        low, high = 0.0, total
        below: str | None = None
        above: str | None = None
        for k in range(len(devices)):
            if k == leader:
                continue
            own_k, others_k = parts(k)
            slope = (own_l - own_k) - (others_l - others_k)
            start = total * (others_l - others_k)
            if abs(slope) < 1e-12:
                continue
            crossing = -start / slope
            # A crossing at an end is a tie where the criterion counts alone or not at all.
            if crossing <= 1e-9 or crossing >= total - 1e-9:
                continue
            if slope > 0 and crossing > low:
                low, below = crossing, devices[k].slug
            elif slope < 0 and crossing < high:
                high, above = crossing, devices[k].slug
        ranges.append(
            WeightRange(
                criterion=criterion.name,
                weight=criterion.weight,
                low=max(0.0, min(low, criterion.weight)),
                high=min(total, max(high, criterion.weight)),
                below=below,
                above=above,
            )
        )
    return devices[leader].slug, tuple(ranges)


def fact_name(criterion: Criterion) -> str:
    """What a criterion is read from, in the words that say it is unknown: "output current"."""
    return criterion.describe(Device(slug="", name="", brand="")).removesuffix(" unknown")


def _sorted(
    devices: Sequence[Device], result: Acceptability, ranges: Sequence[tuple[float, float]]
) -> list[int]:
    """Most often first, then most often in the top three, then the best worst case."""
    return sorted(
        range(len(devices)),
        key=lambda i: (
            -round(result.first[i], 4),
            -round(result.top3[i], 4),
            -round(ranges[i][0], 6),
            devices[i].slug,
        ),
    )


def _deciding(
    result: Acceptability, devices: Sequence[Device], criteria: Sequence[Criterion], pick: int
) -> tuple[DecidingFact, ...]:
    facts: list[DecidingFact] = []
    for flip in result.flips[:DECIDING_SHOWN]:
        criterion = criteria[flip.criterion]
        slug = devices[flip.device].slug
        other = devices[flip.other].slug
        condition = criterion.at_least(flip.threshold)
        chance = f"chance the pick changes: {percent(flip.change)}"
        if flip.device == pick:
            text = f"{slug} stays the top pick only if it {condition}; otherwise {other}"
        else:
            text = f"if {slug} {condition}, it becomes the top pick"
        facts.append(
            DecidingFact(
                slug=slug,
                criterion=criterion.name,
                change=flip.change,
                other=other,
                condition=condition,
                text=f"{text} ({chance})",
                is_pick=flip.device == pick,
            )
        )
    return tuple(facts)


def _verdict(entries: Sequence[RankedDevice]) -> tuple[str, str]:
    if not entries:
        return "", ""
    top = entries[0]
    chance = percent(top.first)
    slug = top.device.slug
    known = (
        f"; only {top.known} of {top.criteria_total} facts about it are known"
        if top.known * 2 < top.criteria_total
        else ""
    )
    if len(entries) == 1:
        return f"Only one device to rank: {slug}.", "settled"
    runner = entries[1]
    if top.first >= SETTLED:
        return f"Settled: {slug} comes first in {chance} of plausible cases{known}.", "settled"
    if top.first >= LIKELY:
        return (
            f"Likely: {slug} comes first in {chance} of plausible cases, "
            f"{runner.device.slug} in {percent(runner.first)}{known}.",
            "likely",
        )
    if top.first >= OPEN:
        return (
            f"Open: {slug} comes first in only {chance} of plausible cases, "
            f"{runner.device.slug} in {percent(runner.first)}{known}.",
            "open",
        )
    return (
        f"Too close to call: no device comes first in more than {chance} of plausible "
        f"cases ({slug}){known}.",
        "too-close",
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _notes(
    unpriced: Sequence[str],
    over: Sequence[Device],
    dominated: Sequence[Dominated],
    pareto: bool,
    criteria_count: int,
) -> tuple[str, ...]:
    notes: list[str] = []
    if unpriced:
        notes.append(
            f"{_plural(len(unpriced), 'device has', 'devices have')} no known price and "
            f"{'is' if len(unpriced) == 1 else 'are'} not ranked: {', '.join(sorted(unpriced))}"
        )
    if over:
        notes.append(f"{_plural(len(over), 'priced device', 'priced devices')} over the budget")
    if pareto:
        notes.append(
            f"--pareto removed {_plural(len(dominated), 'device', 'devices')}: for each, "
            "another device is better even at its worst than it is at its best on some "
            "criteria, and no worse on the others"
        )
    return tuple(notes)


def _reason(
    parts: Sequence[Contribution], criteria: Sequence[Criterion]
) -> tuple[str, tuple[str, ...]]:
    known = [part for part in parts if part.known]
    strengths = sorted(
        (part for part in known if part.low >= 0.75 and part.share > 0),
        key=lambda part: -(part.share * part.low),
    )[:2]
    weaknesses = sorted(
        (part for part in known if part.high <= 0.25), key=lambda part: -part.weight
    )[:1]
    # What rests on the brand or an earlier model is said, in those words, after the
    # strengths: it counts, but for less than the model's own facts.
    secondhand = sorted(
        (part for part in parts if part.basis == Basis.SECONDHAND.value),
        key=lambda part: -part.weight,
    )[:2]
    phrases = [part.description for part in (*strengths, *secondhand)]
    phrases += [("but " if phrases else "") + part.description for part in weaknesses]
    if not phrases:
        phrases.append("middling on every known criterion")
    if len(known) * 2 < len(parts):
        phrases.append(f"only {len(known)} of {len(parts)} criteria known")
    sources: list[str] = []
    for part in (*strengths, *secondhand, *weaknesses):
        sources += [source for source in part.sources if source not in sources]
    return "; ".join(phrases), tuple(sources)


# ---------------------------------------------------------------------------------------
# Picks


def _picks(
    entries: Sequence[RankedDevice],
    found: Sequence[Sequence[Reading]],
    criteria: Sequence[Criterion],
    method: Method,
    budget_usd: float | None,
    over: Sequence[Device],
    samples: int,
    seed: int,
    spread: float,
    dated: Mapping[str, Source],
) -> tuple[tuple[Pick, ...], tuple[str, ...]]:
    picks: list[Pick] = []
    notes: list[str] = []
    if entries:
        top = entries[0]
        reason = f"first in {percent(top.first)} of plausible cases; {top.reason}"
        picks.append(Pick(PickKind.TOP, top.device, top.first, reason, top.reason_sources))
        budget = _budget_pick(entries, top, dated)
        if budget is not None:
            picks.append(budget)
    if budget_usd is not None:
        upgrade = _upgrade_pick(entries, criteria, method, budget_usd, over, samples, seed, spread)
        if upgrade is not None:
            picks.append(upgrade)
    return tuple(picks), tuple(notes)


def _price(entry: RankedDevice) -> float:
    price = budget_price(entry.device)
    assert price is not None, "ranked devices are priced"
    return price


def _budget_pick(
    entries: Sequence[RankedDevice], top: RankedDevice, dated: Mapping[str, Source]
) -> Pick | None:
    prices = sorted(_price(entry) for entry in entries)
    # The cheaper half includes the median price.
    median = prices[(len(prices) - 1) // 2]
    top_price = _price(top)
    for entry in entries:
        price = _price(entry)
        if entry is not top and price <= median and price < top_price:
            gap = price_gap(entry.device, top.device)
            assert gap is not None, "ranked devices are priced"
            # A saving that rests on an old price says so: the device may cost more today.
            old = old_price_words(for_the_model(entry.device.price_usd or ()), dated, trust.today())
            saving = f"{gap_text(gap)} less than the top pick{old}"
            sources = tuple(
                dict.fromkeys(
                    (
                        *claim_sources(entry.device, ("price_usd",)),
                        *claim_sources(top.device, ("price_usd",)),
                        *entry.reason_sources,
                    )
                )
            )
            reason = (
                f"{saving}; in the top three in {percent(entry.top3)} of plausible cases; "
                f"{entry.reason}"
            )
            return Pick(PickKind.BUDGET, entry.device, entry.first, reason, sources)
    return None


def _upgrade_pick(
    entries: Sequence[RankedDevice],
    criteria: Sequence[Criterion],
    method: Method,
    budget_usd: float,
    over: Sequence[Device],
    samples: int,
    seed: int,
    spread: float,
) -> Pick | None:
    """The device at most 25% over the budget that, ranked with those within it, comes
    first more often than any of them."""
    ceiling = budget_usd * (1 + UPGRADE_MARGIN)
    near = sorted(
        (device for device in over if (budget_price(device) or math.inf) <= ceiling),
        key=lambda device: device.slug,
    )
    if not near:
        return None
    devices = [entry.device for entry in entries] + near
    found = [readings(device, criteria) for device in devices]
    result = _simulate(found, criteria, method, samples, seed, spread)
    inside = max(result.first[: len(entries)], default=0.0)
    best = max(range(len(entries), len(devices)), key=lambda i: (result.first[i], -i))
    if result.first[best] <= inside:
        return None
    device = devices[best]
    span = price_range(device)
    assert span is not None, "devices over the budget are priced"
    over_by = gap_text((span[0] - budget_usd, span[1] - budget_usd))
    reason = (
        f"{over_by} over the budget; ranked with the devices within it, first in "
        f"{percent(result.first[best])} of plausible cases"
    )
    parts = contributions(found[best], criteria)
    text, sources = _reason(parts, criteria)
    return Pick(
        PickKind.UPGRADE,
        device,
        result.first[best],
        f"{reason}; {text}",
        tuple(dict.fromkeys((*claim_sources(device, ("price_usd",)), *sources))),
        over_budget_usd=span[1] - budget_usd,
    )


# ---------------------------------------------------------------------------------------
# compare: the devices ranked together


def standing(devices: Sequence[Device]) -> Standing:
    """The devices ranked together on the default criteria and weights, as `rank` would:
    how often each comes first, and for two, why one ranks above the other."""
    criteria = weighted_criteria(None)
    found = [readings(device, criteria) for device in devices]
    result = _simulate(
        found, criteria, Method.WEIGHTED_SUM, DEFAULT_SAMPLES, DEFAULT_SEED, DEFAULT_SPREAD
    )
    slugs = tuple(device.slug for device in devices)
    intro = f"Ranked together on the default criteria ({DEFAULT_SAMPLES:,} draws)"
    if len(devices) == 2:
        (a, b), (p, q) = slugs, result.first
        if q > p:
            (a, b), (p, q), found = (b, a), (q, p), [found[1], found[0]]
        text = (
            f"{intro}, {a} ranks above {b} in {percent(p)} of plausible cases"
            f" ({b} above {a} in {percent(q)})"
        )
        why = _why(a, b, found[0], found[1], criteria)
        text += f"; {why}." if why else "."
    else:
        shares = ", ".join(
            f"{slug} {percent(share)}"
            for share, slug in sorted(zip(result.first, slugs, strict=True), key=lambda x: -x[0])
        )
        text = f"{intro}, first in: {shares}."
    return Standing(
        slugs=slugs,
        first=result.first,
        samples=DEFAULT_SAMPLES,
        seed=DEFAULT_SEED,
        spread=DEFAULT_SPREAD,
        text=text,
    )


def _why(
    a: str,
    b: str,
    mine: Sequence[Reading],
    theirs: Sequence[Reading],
    criteria: Sequence[Criterion],
) -> str:
    ahead = [c.name for c, x, y in zip(criteria, mine, theirs, strict=True) if x.low > y.high]
    behind = [c.name for c, x, y in zip(criteria, mine, theirs, strict=True) if y.low > x.high]
    open_ = [
        c.name
        for c, x, y in zip(criteria, mine, theirs, strict=True)
        if not (x.low > y.high or y.low > x.high) and not (x.settled and y.settled)
    ]
    parts = [
        f"{slug} is ahead whatever is unknown on {', '.join(names)}"
        for slug, names in ((a, ahead), (b, behind))
        if names
    ]
    if open_:
        parts.append(f"undecided, as not known for certain: {', '.join(open_)}")
    return "; ".join(parts)
