"""JSON output: one envelope per command, keys in a fixed order, unknown as null."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, assert_never

from ..characters import UNSAFE
from ..engine.criteria import Criterion
from ..engine.listing import known_facts
from ..engine.results import (
    Chart,
    Comparison,
    CriteriaListing,
    DeviceDetail,
    DeviceListing,
    Notice,
    OwnershipCost,
    Plan,
    Ranking,
    Result,
    SafetyListing,
    SourceListing,
)
from ..engine.safety import severity_sources, strictest
from ..records import Claim, Device, Source
from . import RenderOptions

if TYPE_CHECKING:
    from ..engine.result_parts import Bar

SCHEMA_VERSION = 1
# For a script that calls `render` itself: one compact line, as for a pipe.
COMPACT = RenderOptions()


def render(result: Result, command: str, options: RenderOptions = COMPACT) -> str:
    """The result as a JSON document, the same bytes for the same input.

    Indented when `options.pretty`, else one compact line.
    """
    body = document(result, command)
    if options.pretty:
        return _escaped(json.dumps(body, ensure_ascii=False, indent=2)) + "\n"
    # Without indentation the standard library's C encoder does the work: for scripts.
    return _escaped(json.dumps(body, ensure_ascii=False, separators=(",", ":"))) + "\n"


def document(result: Result, command: str) -> dict[str, Any]:
    """The JSON document of a result: one envelope per command, keys in a fixed order."""
    body: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "command": command}
    if isinstance(result, DeviceListing):
        body["items"] = [device_json(device, result.fields) for device in result.devices]
        body["flagged"] = dict(result.flagged)
        body["known"] = {
            device.slug: {
                "count": (known := known_facts(device)).known,
                "of": known.total,
                "missing": list(known.missing),
            }
            for device in result.devices
        }
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, DeviceDetail):
        body["items"] = [device_json(result.device)]
        body["flagged"] = dict(result.flagged)
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, Comparison):
        body["devices"] = [device.slug for device in result.devices]
        body["items"] = [
            {
                "field": row.field,
                "label": row.label,
                "differs": row.differs,
                "better": [result.devices[index].slug for index in row.best],
                "values": {
                    device.slug: claims_json(cell)
                    for device, cell in zip(result.devices, row.cells, strict=True)
                },
            }
            for row in result.rows
        ]
        body["ahead"] = [
            {
                "slug": item.slug,
                "criterion": item.criterion,
                "text": item.text,
                "sources": list(item.sources),
            }
            for item in result.ahead
        ]
        body["flagged"] = dict(result.flagged)
        body["cost_of_ownership"] = [cost_json(cost) for cost in result.costs] or None
        standing = result.standing
        body["ranked_together"] = (
            None
            if standing is None
            else {
                "first_probability": {
                    slug: _rounded(share)
                    for slug, share in zip(standing.slugs, standing.first, strict=True)
                },
                "samples": standing.samples,
                "seed": standing.seed,
                "weight_spread": standing.spread,
                "text": standing.text,
            }
        )
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, Ranking):
        body.update(_ranking(result))
    elif isinstance(result, CriteriaListing):
        body["items"] = [criterion_json(criterion) for criterion in result.criteria]
        body["profiles"] = [
            {
                "name": profile.name,
                "description": profile.description,
                "weights": dict(profile.weights),
            }
            for profile in result.profiles
        ]
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, SourceListing):
        body["items"] = [
            {**source_json(source), "cited_by": list(result.cited_by.get(source.id, ()))}
            for source in result.sources
        ]
    elif isinstance(result, SafetyListing):
        body["items"] = [
            {
                "id": item.id,
                "label": item.label,
                "severity": strictest(item).value,
                "names": list(item.names),
                "reason": item.reason,
                "applies_to": list(item.applies_to) if item.applies_to is not None else None,
                "by_severity": {
                    level.value: list(sources) for level, sources in severity_sources(item)
                },
                "claims": claims_json(item.severity),
            }
            for item in result.contraindications
        ]
        body["advice"] = [
            {"field": advice.field, "label": advice.label, "claims": claims_json(advice.claims)}
            for advice in result.advice
        ]
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, Plan):
        body.update(_plan(result))
    elif isinstance(result, Chart):
        body.update(_chart(result))
    else:
        assert_never(result)
    body["warnings"] = [notice_json(notice) for notice in result.warnings]
    return body


def _escaped(text: str) -> str:
    # The encoder escapes C0 controls itself; DEL, C1 controls and bidirectional controls
    # can only stand inside strings, where \uXXXX means the same value and drives no terminal.
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _whole(value: float) -> float:
    # 800, not 800.0, as the catalogue writes it.
    return int(value) if float(value).is_integer() else value


def _chart(result: Chart) -> dict[str, Any]:
    by_slug = {bar.slug: bar for bar in result.price}

    def span(low: float | None, high: float | None) -> dict[str, float] | None:
        if low is None or high is None:
            return None
        return {"min": _whole(low), "max": _whole(high)}

    def about(bar: Bar) -> str | None:
        # What the drawn figure rests on; null where there is none.
        return None if bar.high is None else bar.about.value

    return {
        # One item per device, in the current chart's order; null where no source gives it.
        "items": [
            {
                "slug": bar.slug,
                "name": bar.name,
                "output_ua": span(bar.low, bar.high),
                "output_ua_sources": list(bar.sources),
                "output_ua_about": about(bar),
                "price_usd": span(by_slug[bar.slug].low, by_slug[bar.slug].high),
                "price_usd_sources": list(by_slug[bar.slug].sources),
                "price_usd_about": about(by_slug[bar.slug]),
            }
            for bar in result.current
        ],
        "reference_ua": [
            {
                "label": mark.label,
                "min": _whole(mark.low),
                "max": _whole(mark.high),
                "sources": list(mark.sources),
            }
            for mark in (result.window, result.threshold, *result.other_ranges)
        ],
        "sources": [source_json(source) for source in result.sources],
    }


def _plan(result: Plan) -> dict[str, Any]:
    return {
        "device": result.device.slug,
        "name": result.device.name,
        "general": result.general,
        "routine": {
            "protocol": record_json(result.protocol),
            "source": result.source,
            "note": result.note,
        },
        "alternatives": claims_json(result.alternatives) or [],
        "minutes_per_session": (
            {"value": result.minutes, "source": result.minutes_source}
            if result.minutes is not None
            else None
        ),
        "start": result.start.isoformat(),
        "refusal": result.refusal,
        "consumables": list(result.consumables),
        "session_count": result.session_count,
        "items": [
            {
                "week": week.number,
                "start": week.start.isoformat(),
                "end": week.end.isoformat(),
                "phases": [phase.value for phase in week.phases],
                "asked_per_week": week.asked,
                "sessions": [
                    {"date": session.day.isoformat(), "phase": session.phase.value}
                    for session in week.sessions
                ],
            }
            for week in result.weeks
        ],
        "notes": list(result.notes),
        "sources": [source_json(source) for source in result.sources],
    }


def cost_json(cost: OwnershipCost) -> dict[str, Any]:
    """A cost of ownership with each part and its sources; null amounts are unknown."""
    return {
        "slug": cost.slug,
        "months": cost.months,
        "low_usd": cost.low_usd,
        "high_usd": cost.high_usd,
        "lower_bound": not cost.complete,
        "text": cost.text,
        "parts": [
            {
                "kind": part.kind,
                "label": part.label,
                "needed": part.needed,
                "low_usd": part.low_usd,
                "high_usd": part.high_usd,
                "sources": list(part.sources),
            }
            for part in cost.parts
        ],
        "clinic_sessions": list(cost.clinic_sessions) if cost.clinic_sessions else None,
        "clinic_text": cost.clinic_text,
        "clinic_session_usd": list(cost.clinic_usd) if cost.clinic_usd else None,
        "clinic_sources": list(cost.clinic_sources),
        "clinic_course_text": cost.clinic_course_text,
        "clinic_course_usd": list(cost.clinic_course_usd) if cost.clinic_course_usd else None,
        "clinic_course_sources": list(cost.clinic_course_sources),
    }


def _ranking(result: Ranking) -> dict[str, Any]:
    costs = {cost.slug: cost_json(cost) for cost in result.costs}
    return {
        "budget_usd": result.budget_usd,
        "method": result.method.value,
        "profile": result.profile,
        "weights": {criterion.name: criterion.weight for criterion in result.criteria},
        "sampling": {
            "samples": result.samples,
            "seed": result.seed,
            "weight_spread": result.spread,
            "margin": _rounded(result.margin),
        },
        "verdict": {"level": result.verdict_level or None, "text": result.verdict or None},
        "assumptions": list(result.assumptions),
        "deciding_facts": [
            {
                "slug": fact.slug,
                "criterion": fact.criterion,
                "condition": fact.condition,
                "is_pick": fact.is_pick,
                "other": fact.other,
                "pick_change_probability": _rounded(fact.change),
                "text": fact.text,
            }
            for fact in result.deciding
        ],
        "weight_stability": {
            "mean_leader": result.mean_leader,
            "ranges": [
                {
                    "criterion": item.criterion,
                    "weight": item.weight,
                    "low": _rounded(item.low),
                    "high": _rounded(item.high),
                    "below": item.below,
                    "above": item.above,
                }
                for item in result.stability
            ],
        },
        "leader_sensitivity": list(result.sensitive),
        "picks": [
            {
                "kind": pick.kind.value,
                "slug": pick.device.slug,
                "name": pick.device.name,
                "first_probability": _rounded(pick.first),
                "reason": pick.reason,
                "sources": list(pick.sources),
                "over_budget_usd": pick.over_budget_usd,
            }
            for pick in result.picks
        ],
        "pick_notes": list(result.pick_notes),
        "items": [
            {
                "rank": entry.rank,
                "slug": entry.device.slug,
                "name": entry.device.name,
                "first_probability": _rounded(entry.first),
                "top3_probability": _rounded(entry.top3),
                "expected_rank": _rounded(entry.expected_rank),
                "rank_acceptability": [_rounded(share) for share in entry.by_rank],
                "rank_acceptability_beyond": _rounded(entry.beyond),
                "score": {"worst": _rounded(entry.worst), "best": _rounded(entry.best)},
                "central_weights": (
                    None
                    if entry.central_weights is None
                    else {name: _rounded(w) for name, w in entry.central_weights.items()}
                ),
                "confidence_factor": _rounded(entry.confidence),
                "coverage": {
                    "known": entry.known,
                    "criteria_total": entry.criteria_total,
                    "text": entry.coverage,
                },
                "assumed": list(entry.assumed),
                "reason": entry.reason,
                "reason_sources": list(entry.reason_sources),
                "price_usd": claims_json(entry.device.price_usd),
                "safety": result.flagged.get(entry.device.slug),
                "cost_of_ownership": costs.get(entry.device.slug),
                "breakdown": [
                    {
                        "criterion": part.criterion,
                        "description": part.description,
                        "basis": part.basis,
                        "sources": list(part.sources),
                        "low": _rounded(part.low),
                        "high": _rounded(part.high),
                        "weight": part.weight,
                        "share": _rounded(part.share),
                        "points_low": _rounded(part.points_low),
                        "points_high": _rounded(part.points_high),
                    }
                    for part in entry.contributions
                ],
            }
            for entry in result.entries
        ],
        "pareto": (
            {
                "removed": [
                    {
                        "slug": item.device.slug,
                        "dominated_by": item.by.slug,
                        "better_on": list(item.criteria),
                    }
                    for item in result.dominated
                ]
            }
            if result.pareto
            else None
        ),
        "conditions": list(result.conditions),
        "refusal": result.refusal,
        "unranked": {
            "ruled_out_by_conditions": list(result.excluded),
            "no_known_price": list(result.unpriced),
            "over_budget": list(result.over_budget),
        },
        "criteria": [criterion_json(criterion) for criterion in result.criteria],
        "dropped_criteria": list(result.dropped),
        "notes": list(result.notes),
        "sources": [source_json(source) for source in result.sources],
    }


def criterion_json(criterion: Criterion) -> dict[str, Any]:
    """A criterion as data: what it weighs, which way is better, and why."""
    return {
        "name": criterion.name,
        "label": criterion.label,
        "direction": criterion.direction.value,
        "weight": criterion.weight,
        "scale": criterion.scale,
        "levels": list(criterion.levels) if criterion.levels is not None else None,
        "rationale": criterion.rationale,
        "sources": list(criterion.sources),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def device_json(device: Device, fields: Sequence[str] = ()) -> dict[str, Any]:
    """A device as in the catalogue: every field present, unknown as null; with `fields`
    (--columns), its slug, name and brand and those fields only."""
    record = record_json(device)
    if not fields:
        return record
    return {key: record[key] for key in ("slug", "name", "brand", *fields)}


def claims_json(claims: tuple[Claim[Any], ...] | None) -> list[dict[str, Any]] | None:
    """Claims as a list of {value, source, note}, or null when unknown."""
    if claims is None:
        return None
    return [record_json(claim) for claim in claims]


def source_json(source: Source) -> dict[str, Any]:
    """A source registry entry."""
    return record_json(source)


def record_json(record: Any) -> dict[str, Any]:
    """A catalogue record (a named tuple) as a JSON object, its fields in their order."""
    return {name: _value_json(value) for name, value in record._asdict().items()}


def _value_json(value: Any) -> Any:
    if hasattr(value, "_fields"):
        return record_json(value)
    if isinstance(value, tuple):
        return [_value_json(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def notice_json(notice: Notice) -> dict[str, Any]:
    """A warning as data; safety warnings name the condition, severity, sources and devices."""
    return {
        "kind": notice.kind,
        "message": notice.message,
        "condition": notice.condition,
        "severity": notice.severity,
        "sources": list(notice.sources),
        "devices": list(notice.devices),
    }
