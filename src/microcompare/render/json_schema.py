"""The JSON Schema of `--format json` output: the envelope every command shares, and the
items each command puts in it. Published as data/output.schema.json (`microcompare schema
output`); the tests validate every command's output against it."""

from __future__ import annotations

from typing import Any

from ..engine.results import PickKind
from ..models import catalogue_json_schema
from .json import SCHEMA_VERSION

_STRING = {"type": "string"}
_NUMBER = {"type": "number"}
_BOOL = {"type": "boolean"}
_STRINGS = {"type": "array", "items": _STRING}
_OBJECT = {"type": "object"}
_ARRAY = {"type": "array"}
_SEVERITY = {"enum": ["absolute", "avoid", "caution"]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _record(**properties: dict[str, Any]) -> dict[str, Any]:
    # Every key is always present (unknown is null, not missing), so every key is required.
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
    }


_SPAN = _nullable(_record(min=_NUMBER, max=_NUMBER))

# What each command's `items` holds.
ITEMS: dict[str, dict[str, Any]] = {
    "list": {"$ref": "#/$defs/Device"},
    "show": {"$ref": "#/$defs/Device"},
    "compare": _record(
        field=_STRING, label=_STRING, differs=_BOOL, better=_STRINGS, values=_OBJECT
    ),
    "rank": _record(
        rank={"type": "integer", "minimum": 1},
        slug=_STRING,
        name=_STRING,
        score={"type": "number", "minimum": 0, "maximum": 100},
        coverage=_OBJECT,
        reason=_STRING,
        price_usd=_nullable(_ARRAY),
        safety=_nullable(_SEVERITY),
        cost_of_ownership=_nullable(_OBJECT),
        distance_to_best=_nullable(_NUMBER),
        distance_to_worst=_nullable(_NUMBER),
        breakdown=_ARRAY,
    ),
    "criteria": _record(
        name=_STRING,
        label=_STRING,
        direction=_STRING,
        weight={"type": "number", "minimum": 0},
        relative=_BOOL,
        rationale=_STRING,
        sources=_STRINGS,
    ),
    "sources": _record(
        id=_STRING,
        title=_STRING,
        publisher=_nullable(_STRING),
        url=_nullable(_STRING),
        seed_file=_nullable(_STRING),
        date=_nullable(_STRING),
        kind=_nullable(_STRING),
        cited_by=_STRINGS,
    ),
    "safety": _record(
        id=_STRING,
        label=_STRING,
        severity=_SEVERITY,
        names=_STRINGS,
        reason=_nullable(_STRING),
        applies_to=_nullable(_STRINGS),
        by_severity=_OBJECT,
        claims=_ARRAY,
    ),
    "plan": _record(
        week={"type": "integer", "minimum": 1},
        start={"type": "string", "format": "date"},
        end={"type": "string", "format": "date"},
        phases=_STRINGS,
        asked_per_week=_nullable(_STRING),
        sessions={
            "type": "array",
            "items": _record(date={"type": "string", "format": "date"}, phase=_STRING),
        },
    ),
    "chart": _record(
        slug=_STRING,
        name=_STRING,
        output_ua=_SPAN,
        output_ua_sources=_STRINGS,
        price_usd=_SPAN,
        price_usd_sources=_STRINGS,
    ),
}


# The keys each command adds beside items and warnings, all always present.
_SOURCES = {"type": "array", "items": {"$ref": "#/$defs/Source"}}
_FLAGGED = {"type": "object", "additionalProperties": _SEVERITY}
EXTRA: dict[str, dict[str, Any]] = {
    "list": {
        "flagged": _FLAGGED,
        "known": {
            "type": "object",
            "additionalProperties": _record(
                count={"type": "integer", "minimum": 0}, of={"type": "integer"}, missing=_STRINGS
            ),
        },
        "sources": _SOURCES,
    },
    "show": {"flagged": _FLAGGED, "sources": _SOURCES},
    "compare": {
        "devices": _STRINGS,
        "ahead": _ARRAY,
        "flagged": _FLAGGED,
        "cost_of_ownership": _nullable(_ARRAY),
        "sources": _SOURCES,
    },
    "rank": {
        "budget_usd": _nullable({"type": "number", "exclusiveMinimum": 0}),
        "method": {"enum": ["weighted-sum", "topsis"]},
        "profile": _STRING,
        "weights": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
        "picks": {
            "type": "array",
            "items": _record(
                kind={"enum": [kind.value for kind in PickKind]},
                slug=_STRING,
                name=_STRING,
                score=_NUMBER,
                reason=_STRING,
                # How far an upgrade pick's highest price is over the budget; null otherwise.
                over_budget_usd=_nullable({"type": "number", "exclusiveMinimum": 0}),
                sources=_STRINGS,
            ),
        },
        "pick_notes": _STRINGS,
        "pareto": _nullable(_OBJECT),
        "conditions": _ARRAY,
        "refusal": _nullable(_STRING),
        "unranked": _record(
            no_known_price=_STRINGS,
            not_scored=_STRINGS,
            over_budget=_STRINGS,
            ruled_out_by_conditions=_STRINGS,
        ),
        "scale": _OBJECT,
        "criteria": _ARRAY,
        "dropped_criteria": _STRINGS,
        "notes": _STRINGS,
        "sources": _SOURCES,
    },
    "criteria": {
        "profiles": {
            "type": "array",
            "items": _record(
                name=_STRING,
                description=_STRING,
                weights={"type": "object", "additionalProperties": _NUMBER},
            ),
        },
        "sources": _SOURCES,
    },
    "sources": {},
    "safety": {
        "advice": {
            "type": "array",
            "items": _record(field=_STRING, label=_STRING, claims=_ARRAY),
        },
        "sources": _SOURCES,
    },
    "plan": {
        "device": _STRING,
        "name": _STRING,
        "general": _BOOL,
        "routine": _OBJECT,
        "alternatives": _ARRAY,
        "minutes_per_session": _nullable(_OBJECT),
        "start": {"type": "string", "format": "date"},
        "refusal": _nullable(_STRING),
        "consumables": _ARRAY,
        "session_count": {"type": "integer", "minimum": 0},
        "notes": _STRINGS,
        "sources": _SOURCES,
    },
    "chart": {
        "reference_ua": {
            "type": "array",
            "items": _record(label=_STRING, min=_NUMBER, max=_NUMBER, sources=_STRINGS),
        },
        "sources": _SOURCES,
    },
}
_NOTICE_KINDS = ("safety", "reminder", "catalogue", "unknown-hidden", "too-little-known", "name")
_ENVELOPE = ("schema_version", "command", "items", "warnings")


def output_json_schema() -> dict[str, Any]:
    """The schema every command's `--format json` output satisfies."""
    catalogue = catalogue_json_schema()
    defs: dict[str, Any] = dict(catalogue["$defs"])
    defs["Notice"] = _record(
        kind={
            "enum": [
                "safety",
                "reminder",
                "catalogue",
                "unknown-hidden",
                "too-little-known",
                "name",
            ]
        },
        message=_STRING,
        condition=_nullable(_STRING),
        severity=_nullable(_SEVERITY),
        sources=_STRINGS,
        devices=_STRINGS,
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "microcompare JSON output",
        "description": "What every command prints with --format json: one object with a "
        "schema version, the command, its items and its warnings, and keys of its own.",
        "type": "object",
        "required": ["schema_version", "command", "items", "warnings"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "command": {"enum": list(ITEMS)},
            "items": {"type": "array"},
            "warnings": {"type": "array", "items": {"$ref": "#/$defs/Notice"}},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/Source"}},
            "flagged": {"type": "object", "additionalProperties": _SEVERITY},
        },
        "allOf": [
            {
                "if": {"properties": {"command": {"const": command}}},
                # Each command's output is closed: a key no one described is an error.
                "then": {
                    "properties": {
                        "items": {"type": "array", "items": items},
                        **EXTRA[command],
                    },
                    "required": list(EXTRA[command]),
                    "propertyNames": {"enum": [*_ENVELOPE, *EXTRA[command]]},
                },
            }
            for command, items in ITEMS.items()
        ],
        "$defs": defs,
    }
