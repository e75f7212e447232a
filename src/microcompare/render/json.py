"""JSON output: one envelope per command, keys in a fixed order, unknown as null."""

from __future__ import annotations

import json
from typing import Any, assert_never

from ..engine import (
    Comparison,
    DeviceDetail,
    DeviceListing,
    Notice,
    Ranking,
    Result,
    SourceListing,
)
from ..models import Claim, Device, Source

SCHEMA_VERSION = 1


def render(result: Result, command: str) -> str:
    """The result as a JSON document, the same bytes for the same input."""
    body: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "command": command}
    if isinstance(result, DeviceListing):
        body["items"] = [device_json(device) for device in result.devices]
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, DeviceDetail):
        body["items"] = [device_json(result.device)]
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
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, Ranking):
        body["budget_usd"] = result.budget_usd
        body["method"] = "weighted-sum"
        body["items"] = [
            {
                "rank": entry.rank,
                "slug": entry.device.slug,
                "name": entry.device.name,
                "score": entry.score,
                "coverage": {
                    "scored_on": entry.scored_on,
                    "criteria_total": entry.criteria_total,
                    "text": entry.coverage,
                },
                "reason": entry.reason,
                "price_usd": claims_json(entry.device.price_usd),
                "breakdown": [
                    {
                        "criterion": part.criterion,
                        "raw": part.raw,
                        "description": part.description,
                        "normalised": _rounded(part.normalised),
                        "weight": part.weight,
                        "points": _rounded(part.points),
                    }
                    for part in entry.contributions
                ],
            }
            for entry in result.entries
        ]
        body["unranked"] = {
            "no_known_price": list(result.unpriced),
            "over_budget": list(result.over_budget),
        }
        body["criteria"] = [
            {
                "name": criterion.name,
                "label": criterion.label,
                "direction": criterion.direction.value,
                "weight": criterion.weight,
                "rationale": criterion.rationale,
                "sources": list(criterion.sources),
            }
            for criterion in result.criteria
        ]
        body["notes"] = list(result.notes)
        body["sources"] = [source_json(source) for source in result.sources]
    elif isinstance(result, SourceListing):
        body["items"] = [
            {**source_json(source), "cited_by": list(result.cited_by.get(source.id, ()))}
            for source in result.sources
        ]
    else:
        assert_never(result)
    body["warnings"] = [notice_json(notice) for notice in result.warnings]
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def device_json(device: Device) -> dict[str, Any]:
    """A device as in the catalogue: every field present, unknown as null."""
    return device.model_dump(mode="json")


def claims_json(claims: tuple[Claim[Any], ...] | None) -> list[dict[str, Any]] | None:
    """Claims as a list of {value, source, note}, or null when unknown."""
    if claims is None:
        return None
    return [claim.model_dump(mode="json") for claim in claims]


def source_json(source: Source) -> dict[str, Any]:
    """A source registry entry."""
    return source.model_dump(mode="json")


def notice_json(notice: Notice) -> dict[str, Any]:
    """A warning as data."""
    return {"kind": notice.kind, "message": notice.message}
