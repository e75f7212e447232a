"""Score devices on weighted criteria, rank them, and name picks: pure functions, no I/O.

Two methods share one policy for unknowns: a criterion unknown for a device is left out of
that device's score and the weights it does have are rescaled to sum to one (its `share`).
Nothing unknown is ever counted as worst, best or zero.
"""

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from ..records import Catalogue, Device
from ..vocab import Method
from .cost import check_months, ownership_costs
from .criteria import DEFAULT_PROFILE, Criterion, Direction, weighted_criteria
from .facts import budget_price, claim_sources, gap_text, price_gap, price_range
from .listing import check_amount
from .results import Contribution, Dominated, Pick, PickKind, RankedDevice, Ranking
from .safety import nothing_recommended, screen, screening_notices, with_screening_sources

# "Just over the budget" for the upgrade pick: at most this fraction above it.
UPGRADE_MARGIN = 0.25
# The lowest score a pick may have; below it a device is not one to recommend.
PICK_MIN_SCORE = 50.0


class Scale(NamedTuple):
    """What a group of devices is measured against, fixed once for the whole group."""

    criteria: tuple[Criterion, ...]
    # Relative criteria: the (lowest, highest) known raw value in the group.
    bounds: dict[str, tuple[float, float]]
    # Every criterion: the (best, worst) known normalised value in the group.
    extremes: dict[str, tuple[float, float]]


def raw_values(
    devices: Sequence[Device], criteria: Sequence[Criterion]
) -> list[list[float | None]]:
    """Each device's raw value on each criterion."""
    return [[criterion.raw(device) for criterion in criteria] for device in devices]


def measure(criteria: Sequence[Criterion], raws: Sequence[Sequence[float | None]]) -> Scale:
    """The group's scale: one pass per criterion, so scoring stays linear in devices."""
    bounds: dict[str, tuple[float, float]] = {}
    for column, criterion in enumerate(criteria):
        known = [value for row in raws if (value := row[column]) is not None]
        if criterion.relative and known:
            bounds[criterion.name] = (min(known), max(known))
    extremes: dict[str, tuple[float, float]] = {}
    for column, criterion in enumerate(criteria):
        normalised = [
            normalise(criterion, value, bounds.get(criterion.name))
            for row in raws
            if (value := row[column]) is not None
        ]
        if normalised:
            extremes[criterion.name] = (max(normalised), min(normalised))
    return Scale(criteria=tuple(criteria), bounds=bounds, extremes=extremes)


def normalise(criterion: Criterion, raw: float, bound: tuple[float, float] | None) -> float:
    """The raw value on 0..1, 1 best; values beyond a relative bound count as its end."""
    if criterion.absolute is not None:
        return min(1.0, max(0.0, criterion.absolute(raw)))
    assert bound is not None, "a known raw value always has bounds"
    low, high = bound
    if high == low:
        at_best = raw <= low if criterion.direction is Direction.LOWER else raw >= high
        return 1.0 if at_best else 0.0
    scaled = min(1.0, max(0.0, (raw - low) / (high - low)))
    return 1.0 - scaled if criterion.direction is Direction.LOWER else scaled


def _on_scale(criterion: Criterion, raw: float | None, scale: Scale) -> float | None:
    # A device from outside the group (the upgrade pick) may be known where no ranked
    # device is; with nothing to measure it against, that criterion is left out for it.
    if raw is None or criterion.name not in scale.extremes:
        return None
    return normalise(criterion, raw, scale.bounds.get(criterion.name))


class Score(NamedTuple):
    """One device's score on a scale, with its breakdown."""

    device: Device
    score: float
    contributions: tuple[Contribution, ...]
    distance_to_best: float | None = None
    distance_to_worst: float | None = None

    @property
    def scored_on(self) -> int:
        """How many criteria are known for the device."""
        return sum(1 for part in self.contributions if part.normalised is not None)


def score_device(
    device: Device, raws: Sequence[float | None], scale: Scale, method: Method
) -> Score | None:
    """The device's 0–100 score, or None when none of the criteria is known for it."""
    criteria = scale.criteria
    normalised = [
        _on_scale(criterion, raw, scale) for criterion, raw in zip(criteria, raws, strict=True)
    ]
    known_weight = sum(
        criterion.weight
        for criterion, value in zip(criteria, normalised, strict=True)
        if value is not None
    )
    if known_weight <= 0:
        return None
    parts: list[Contribution] = []
    for criterion, raw, value in zip(criteria, raws, normalised, strict=True):
        share = None if value is None else criterion.weight / known_weight
        points = gap_to_best = gap_to_worst = None
        if value is not None and share is not None:
            if method is Method.WEIGHTED_SUM:
                points = 100.0 * share * value
            else:
                best, worst = scale.extremes[criterion.name]
                # A device from outside the group (the upgrade pick) is held to its range.
                held = min(best, max(worst, value))
                gap_to_best = share * (best - held)
                gap_to_worst = share * (held - worst)
        parts.append(
            Contribution(
                criterion=criterion.name,
                raw=raw,
                description=criterion.describe(device),
                sources=claim_sources(device, criterion.fields),
                normalised=value,
                weight=criterion.weight,
                share=share,
                points=points,
                gap_to_best=gap_to_best,
                gap_to_worst=gap_to_worst,
            )
        )
    if method is Method.WEIGHTED_SUM:
        return Score(device, sum(part.points or 0.0 for part in parts), tuple(parts))
    to_best = math.sqrt(sum((part.gap_to_best or 0.0) ** 2 for part in parts))
    to_worst = math.sqrt(sum((part.gap_to_worst or 0.0) ** 2 for part in parts))
    # A device at the best value on everything it is known on is as close as can be.
    closeness = 1.0 if to_best == 0 else to_worst / (to_best + to_worst)
    return Score(device, 100.0 * closeness, tuple(parts), to_best, to_worst)


def score_devices(
    devices: Sequence[Device], criteria: Sequence[Criterion], method: Method = Method.WEIGHTED_SUM
) -> tuple[Scale, list[Score], list[Device]]:
    """The group's scale, the scores of the devices with something known, and the rest."""
    raws = raw_values(devices, criteria)
    scale = measure(criteria, raws)
    scored: list[Score] = []
    unscored: list[Device] = []
    for device, row in zip(devices, raws, strict=True):
        result = score_device(device, row, scale, method)
        if result is None:
            unscored.append(device)
        else:
            scored.append(result)
    return scale, scored, unscored


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
) -> Ranking:
    """Devices priced within the budget (every priced device without one), scored 0–100 and
    ranked best first, ties broken by slug.

    Devices with no known price cannot be checked against the budget, so they are counted,
    not ranked. A condition the sources say to avoid (or never to use with) removes the
    devices it applies to before anything is scored; a caution keeps them, with a warning.
    """
    if budget_usd is not None:
        check_amount(budget_usd, "--budget")
    if months is not None:
        check_months(months)
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
    scale, scored, unscored = score_devices(within, criteria, method)
    # Order by the score as shown, so that equal shown scores are ordered by slug.
    scored.sort(key=lambda item: (-round(item.score, 1), item.device.slug))
    entries = tuple(
        _ranked(position, item, criteria) for position, item in enumerate(scored, start=1)
    )
    dominated: tuple[Dominated, ...] = ()
    if pareto:
        entries, dominated = pareto_front(entries)
    # With --pareto, picks come from the front: a dominated device is never recommended.
    picks, pick_notes = _picks(entries, scale, method, budget_usd, over)
    notes = _notes(unpriced, over, unscored, dropped, dominated, pareto)
    # The sources behind what is shown: the criteria, every scored value and the picks.
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
    return Ranking(
        budget_usd=budget_usd,
        method=method,
        profile=profile or DEFAULT_PROFILE,
        overrides=tuple(weights),
        entries=entries,
        criteria=criteria,
        dropped=dropped,
        bounds=scale.bounds,
        extremes=scale.extremes if method is Method.TOPSIS else {},
        picks=picks,
        pick_notes=pick_notes,
        pareto=pareto,
        dominated=dominated,
        unpriced=tuple(sorted(unpriced)),
        over_budget=tuple(sorted(device.slug for device in over)),
        unscored=tuple(sorted(device.slug for device in unscored)),
        sources=with_screening_sources(catalogue, sources, screening),
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


def _ranked(position: int, item: Score, criteria: Sequence[Criterion]) -> RankedDevice:
    reason, sources = _reason(item.contributions, criteria)
    return RankedDevice(
        rank=position,
        device=item.device,
        score=round(item.score, 1),
        scored_on=item.scored_on,
        criteria_total=len(criteria),
        reason=reason,
        reason_sources=sources,
        contributions=item.contributions,
        distance_to_best=item.distance_to_best,
        distance_to_worst=item.distance_to_worst,
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _notes(
    unpriced: Sequence[str],
    over: Sequence[Device],
    unscored: Sequence[Device],
    dropped: Sequence[str],
    dominated: Sequence[Dominated],
    pareto: bool,
) -> tuple[str, ...]:
    notes: list[str] = []
    if unpriced:
        notes.append(
            f"{_plural(len(unpriced), 'device has', 'devices have')} no known price and "
            f"{'is' if len(unpriced) == 1 else 'are'} not ranked: {', '.join(sorted(unpriced))}"
        )
    if over:
        notes.append(f"{_plural(len(over), 'priced device', 'priced devices')} over the budget")
    if unscored:
        slugs = ", ".join(sorted(device.slug for device in unscored))
        notes.append(f"Not scored, as no weighted criterion is known for them: {slugs}")
    if dropped:
        notes.append(f"Weighted 0 and left out: {', '.join(dropped)}")
    if pareto:
        notes.append(
            f"--pareto removed {_plural(len(dominated), 'device', 'devices')}: for each, "
            "another device is as good or better on every criterion known for it, and "
            "better on one"
        )
    return tuple(notes)


def _reason(
    parts: Sequence[Contribution], criteria: Sequence[Criterion]
) -> tuple[str, tuple[str, ...]]:
    by_name = {criterion.name: criterion for criterion in criteria}
    known = [part for part in parts if part.normalised is not None and part.share is not None]
    strengths = sorted(
        (part for part in known if (part.normalised or 0.0) >= 0.75),
        key=lambda part: -((part.share or 0.0) * (part.normalised or 0.0)),
    )[:2]
    weaknesses = sorted(
        (part for part in known if (part.normalised or 0.0) <= 0.25),
        key=lambda part: -part.weight,
    )[:1]
    phrases = [_phrase(part, by_name) for part in strengths]
    phrases += [("but " if phrases else "") + _phrase(part, by_name) for part in weaknesses]
    if not phrases:
        phrases.append("middling on every known criterion")
    if len(known) * 2 < len(parts):
        # A high score on few criteria is weak evidence; say so where the score is read.
        phrases.append(f"only {len(known)} of {len(parts)} criteria known")
    sources: list[str] = []
    for part in (*strengths, *weaknesses):
        sources += [source for source in part.sources if source not in sources]
    return "; ".join(phrases), tuple(sources)


def _phrase(part: Contribution, criteria: Mapping[str, Criterion]) -> str:
    criterion = criteria[part.criterion]
    if not criterion.relative:
        return part.description
    # A relative criterion is said as a place among the ranked devices: "cheapest here".
    high = (part.normalised or 0.0) >= 0.5
    end = criterion.ends[0] if high else criterion.ends[1]
    among = "" if part.normalised in (0.0, 1.0) else "among the "
    return f"{among}{end} here: {part.description}"


# ---------------------------------------------------------------------------------------
# Pareto front


def dominates(better: RankedDevice, worse: RankedDevice) -> bool:
    """Whether `better` is at least as good on every criterion known for `worse`, and
    better on one.

    `better` must be known wherever `worse` is. What is unknown about `worse` gives it no
    advantage, just as it gives it no points in its score; the removal note names the
    criteria compared, so a reader can see what the verdict rests on.
    """
    strictly = False
    for mine, theirs in zip(better.contributions, worse.contributions, strict=True):
        if theirs.normalised is None:
            continue
        if mine.normalised is None or mine.normalised < theirs.normalised:
            return False
        strictly = strictly or mine.normalised > theirs.normalised
    return strictly


def pareto_front(
    entries: Sequence[RankedDevice],
) -> tuple[tuple[RankedDevice, ...], tuple[Dominated, ...]]:
    """The entries no other entry dominates, re-ranked, and for each removed one the
    best-ranked entry on the front that dominates it.

    Dominance is transitive, so every removed entry has a dominator on the front. This is
    quadratic in the number of ranked devices; it runs only when asked for.
    """
    front = [
        entry
        for entry in entries
        if not any(dominates(other, entry) for other in entries if other is not entry)
    ]
    on_front = {id(entry) for entry in front}
    removed: list[Dominated] = []
    for entry in entries:
        if id(entry) in on_front:
            continue
        by = next(other for other in front if dominates(other, entry))
        compared = tuple(
            part.criterion for part in entry.contributions if part.normalised is not None
        )
        removed.append(Dominated(device=entry.device, by=by.device, criteria=compared))
    reranked = tuple(entry._replace(rank=position) for position, entry in enumerate(front, 1))
    return reranked, tuple(removed)


# ---------------------------------------------------------------------------------------
# Picks


def _pickable(scored_on: int, criteria_total: int, score: float) -> bool:
    # A pick is a recommendation: it needs half its criteria known and a better than
    # middling score.
    return scored_on * 2 >= criteria_total and score >= PICK_MIN_SCORE


def _picks(
    entries: Sequence[RankedDevice],
    scale: Scale,
    method: Method,
    budget_usd: float | None,
    over: Sequence[Device],
) -> tuple[tuple[Pick, ...], tuple[str, ...]]:
    eligible = [e for e in entries if _pickable(e.scored_on, e.criteria_total, e.score)]
    picks: list[Pick] = []
    notes: list[str] = []
    top = eligible[0] if eligible else None
    if top is not None:
        reason = top.reason
        if top is not entries[0]:
            reason += f" (ranked #{top.rank}: those above it are known on under half the criteria)"
        picks.append(Pick(PickKind.TOP, top.device, top.score, reason, top.reason_sources))
        budget = _budget_pick(entries, eligible, top)
        if budget is not None:
            picks.append(budget)
    elif entries:
        notes.append(
            "No pick within the budget: none of the ranked devices is known on at least "
            f"half the criteria and scores {PICK_MIN_SCORE:g} or more."
        )
    if budget_usd is not None:
        upgrade = _upgrade_pick(top, scale, method, budget_usd, over)
        if upgrade is not None:
            picks.append(upgrade)
    return tuple(picks), tuple(notes)


def _price(entry: RankedDevice) -> float:
    price = budget_price(entry.device)
    assert price is not None, "ranked devices are priced"
    return price


def _budget_pick(
    entries: Sequence[RankedDevice], eligible: Sequence[RankedDevice], top: RankedDevice
) -> Pick | None:
    prices = sorted(_price(entry) for entry in entries)
    # The cheaper half includes the median price.
    median = prices[(len(prices) - 1) // 2]
    top_price = _price(top)
    for entry in eligible:
        price = _price(entry)
        if entry is not top and price <= median and price < top_price:
            gap = price_gap(entry.device, top.device)
            assert gap is not None, "ranked devices are priced"
            saving = f"{gap_text(gap)} less than the top pick"
            sources = tuple(
                dict.fromkeys(
                    (
                        *claim_sources(entry.device, ("price_usd",)),
                        *claim_sources(top.device, ("price_usd",)),
                        *entry.reason_sources,
                    )
                )
            )
            return Pick(
                PickKind.BUDGET, entry.device, entry.score, f"{saving}; {entry.reason}", sources
            )
    return None


def _upgrade_pick(
    top: RankedDevice | None,
    scale: Scale,
    method: Method,
    budget_usd: float,
    over: Sequence[Device],
) -> Pick | None:
    ceiling = budget_usd * (1 + UPGRADE_MARGIN)
    near = [device for device in over if (budget_price(device) or math.inf) <= ceiling]
    if not near:
        return None
    best: Score | None = None
    for device, row in zip(near, raw_values(near, scale.criteria), strict=True):
        # Scored on the ranked devices' own scale, so its score reads against theirs.
        result = score_device(device, row, scale, method)
        if result is None or not _pickable(result.scored_on, len(scale.criteria), result.score):
            continue
        if best is None or (-result.score, device.slug) < (-best.score, best.device.slug):
            best = result
    if best is None or (top is not None and round(best.score, 1) <= top.score):
        return None
    span = price_range(best.device)
    assert span is not None, "devices over the budget are priced"
    over_by = gap_text((span[0] - budget_usd, span[1] - budget_usd))
    reason = f"{over_by} over the budget; scores {best.score:.1f}"
    ahead: list[Contribution] = []
    if top is not None:
        reason += f" to the top pick's {top.score:.1f}"
        ahead = [
            mine
            for mine, theirs in zip(best.contributions, top.contributions, strict=True)
            if mine.normalised is not None
            and theirs.normalised is not None
            and mine.normalised > theirs.normalised
        ]
    else:
        # Relative words ("dearest here") would compare it with devices it is not among.
        relative = {criterion.name for criterion in scale.criteria if criterion.relative}
        ahead = [
            part
            for part in best.contributions
            if part.normalised is not None
            and part.normalised >= 0.75
            and part.criterion not in relative
        ]
    sources: list[str] = list(claim_sources(best.device, ("price_usd",)))
    if ahead:
        label = "better on " if top is not None else ""
        reason += f"; {label}" + "; ".join(
            f"{p.criterion} ({p.description})" if top is not None else p.description for p in ahead
        )
        for part in ahead:
            sources += [source for source in part.sources if source not in sources]
    return Pick(
        PickKind.UPGRADE,
        best.device,
        round(best.score, 1),
        reason,
        tuple(sources),
        over_budget_usd=span[1] - budget_usd,
    )
