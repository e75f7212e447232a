"""Devices side by side: which fields differ, which value is better, where each is ahead."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import trust
from ..errors import UsageError
from ..fields import CITED_FIELDS, FIELD, FIELDS, Better, Field
from ..records import Catalogue, Claim, ClaimBasis, Device, Source
from ..trust import BASIS_WORDS, basis, by_id, for_the_model, old_price_words
from .cost import ownership_costs
from .criteria import CRITERIA, Criterion, Direction
from .facts import claim_sources, gap_text, price_gap, price_range
from .listing import cited_sources
from .rank import standing
from .result_parts import Advantage, ComparisonRow
from .results import Comparison
from .safety import screen, screening_notices, with_screening_sources
from .uncertainty import readings


def _higher_better(field: Field) -> Callable[[Device], float | None]:
    # A field `fields.py` marks is read as the criterion that reads it scores it, so a new
    # criterion's field needs nothing here; a mark no criterion can read stops the import.
    criterion = next((c for c in CRITERIA if field.name in c.fields), None)
    if criterion is None or (field.better is Better.LOWER) != (
        criterion.direction is Direction.LOWER
    ):
        raise ImportError(
            f"fields.py marks {field.name}'s better value {field.better}, but no criterion in "
            "engine/criteria.py reads that field in that direction; give one its field, or "
            "take the mark off"
        )
    number = criterion.raw
    if criterion.direction is Direction.LOWER:
        return lambda device: None if (value := number(device)) is None else -value
    return number


_BETTER = {field.name: _higher_better(field) for field in FIELDS if field.better is not None}


def compare_devices(
    catalogue: Catalogue,
    devices: Sequence[Device],
    *,
    conditions: Sequence[str] = (),
    months: int | None = None,
    fields: Sequence[str] = (),
) -> Comparison:
    """Devices side by side; rows that differ are flagged and the better value marked.

    Conditions mark the devices they apply to; `months` adds each one's cost of ownership;
    `fields` chooses the rows, in that order (all of them when empty). Like every ranking,
    a comparison carries the pacemaker reminder, so an exported table never travels without it.
    """
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
    for name in fields or CITED_FIELDS:
        label = FIELD[name].label
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
    screening = screen(catalogue, conditions, devices)
    costs = ownership_costs(catalogue, devices, months)
    cited = cited_sources(catalogue, devices)
    if costs:
        cost_ids = {s for cost in costs for s in cost.sources}
        cost_ids.update(source.id for source in cited)
        cited = tuple(source for source in catalogue.sources if source.id in cost_ids)
    warnings = screening_notices(catalogue, screening, devices)
    cited_ids = {source.id for source in cited}
    cited_ids.update(s for notice in warnings for s in notice.sources)
    cited = tuple(source for source in catalogue.sources if source.id in cited_ids)
    return Comparison(
        devices=tuple(devices),
        rows=tuple(rows),
        sources=with_screening_sources(catalogue, cited, screening),
        ahead=advantages(devices, dated=by_id(catalogue.sources)),
        warnings=warnings,
        flagged=screening.flagged(),
        costs=costs,
        standing=standing(devices),
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


# Criteria whose advantage ("cheapest here") is a claim about every compared device.
_AMONG_THEM = frozenset({"price", "versatility"})


def advantages(
    devices: Sequence[Device],
    criteria: Sequence[Criterion] = CRITERIA,
    dated: Mapping[str, Source] | None = None,
) -> tuple[Advantage, ...]:
    """Where each device is ahead of the others, from the ranking criteria.

    A criterion names a device only where at least two devices are known on it and it
    holds the best value alone or shares it with some, not all, of them.
    """
    table = [readings(device, criteria) for device in devices]
    found: list[Advantage] = []
    for column, criterion in enumerate(criteria):
        # A value counts where claims give it (a brand's claim says so in its words); where
        # sources disagree, at its worst, so an advantage holds by every source.
        values = [row[column] if row[column].values else None for row in table]
        known = [part.values[0] for part in values if part is not None]
        if len(known) < 2 or max(known) == min(known):
            continue
        top = max(known)
        for device, part in zip(devices, values, strict=True):
            if part is None or part.values[0] != top:
                continue
            sources = part.sources
            if criterion.name in _AMONG_THEM:
                # "Cheaper" is a claim about every device's price, so it cites them all.
                sources = tuple(
                    dict.fromkeys(s for d in devices for s in claim_sources(d, criterion.fields))
                )
            found.append(
                Advantage(
                    slug=device.slug,
                    criterion=criterion.name,
                    text=_advantage_text(criterion, device, devices, part.description, dated or {}),
                    sources=sources,
                )
            )
    order = {device.slug: index for index, device in enumerate(devices)}
    return tuple(sorted(found, key=lambda item: order[item.slug]))


def _advantage_text(
    criterion: Criterion,
    device: Device,
    devices: Sequence[Device],
    description: str,
    dated: Mapping[str, Source],
) -> str:
    if criterion.name != "price":
        return description
    others = [other for other in devices if other is not device and price_range(other)]
    if len(others) != 1:
        return f"cheapest here ({description})"
    gap = price_gap(device, others[0])
    assert gap is not None, "a price advantage needs both prices known"
    differ = "" if gap[0] == gap[1] else " (sources differ on price)"
    # A price said of the brand or an earlier model says so here as in every other place.
    shaky = [
        f"{item.name}'s price {BASIS_WORDS[about]}"
        for item in (device, others[0])
        if (about := basis(for_the_model(item.price_usd or ()))) is not ClaimBasis.MODEL
    ]
    said = f" ({'; '.join(shaky)})" if shaky else ""
    old = old_price_words(for_the_model(device.price_usd or ()), dated, trust.today())
    return f"{gap_text(gap)} cheaper{differ}{said}{old}"
