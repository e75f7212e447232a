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
_SEVERITY = {"enum": ["absolute", "avoid", "caution"]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _record(**properties: dict[str, Any]) -> dict[str, Any]:
    # Every key is always present (unknown is null, not missing), so every key is required;
    # and the JSON renderer writes no other, so a key added there and not here fails the tests.
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


_SPAN = _nullable(_record(min=_NUMBER, max=_NUMBER))
# A share of draws or a point of a 0..1 scale, and a 0–100 score.
_SHARE = {"type": "number", "minimum": 0, "maximum": 1}
_SCORE = {"type": "number", "minimum": 0, "maximum": 100}
_USD = {"type": "number", "minimum": 0}
_PAIR = {"type": "array", "items": _NUMBER, "minItems": 2, "maxItems": 2}
# One value as one source states it; what the value is depends on the field.
_CLAIM = _record(
    value={},
    source=_STRING,
    note=_nullable(_STRING),
    about={"$ref": "#/$defs/ClaimBasis"},
    as_of=_nullable(_STRING),
)
# A fact: the claims of every source that gives it, or null when none does.
_CLAIMS = _nullable({"type": "array", "items": _CLAIM, "minItems": 1})
_COST = _record(
    slug=_STRING,
    months={"type": "integer", "minimum": 1},
    low_usd=_nullable(_USD),
    high_usd=_nullable(_USD),
    lower_bound=_BOOL,
    text=_STRING,
    parts=_array(
        _record(
            kind={"enum": ["price", "subscription", "consumable"]},
            label=_STRING,
            needed=_nullable(_BOOL),
            low_usd=_nullable(_USD),
            high_usd=_nullable(_USD),
            sources=_STRINGS,
        )
    ),
    clinic_sessions=_nullable(_PAIR),
    clinic_text=_nullable(_STRING),
    clinic_session_usd=_nullable(_PAIR),
    clinic_sources=_STRINGS,
    clinic_course_text=_nullable(_STRING),
    clinic_course_usd=_nullable(_PAIR),
    clinic_course_sources=_STRINGS,
)
_CRITERION = _record(
    name=_STRING,
    label=_STRING,
    direction=_STRING,
    weight={"type": "number", "minimum": 0},
    scale=_STRING,
    levels=_nullable({"type": "array", "items": _SHARE}),
    rationale=_STRING,
    sources=_STRINGS,
)

# What each command's `items` holds.
ITEMS: dict[str, dict[str, Any]] = {
    "list": {"$ref": "#/$defs/Device"},
    "show": {"$ref": "#/$defs/Device"},
    "compare": _record(
        field=_STRING,
        label=_STRING,
        differs=_BOOL,
        better=_STRINGS,
        values={"type": "object", "additionalProperties": _CLAIMS},
    ),
    "rank": _record(
        rank={"type": "integer", "minimum": 1},
        slug=_STRING,
        name=_STRING,
        first_probability=_SHARE,
        top3_probability=_SHARE,
        expected_rank={"type": "number", "minimum": 1},
        rank_acceptability={"type": "array", "items": _SHARE, "minItems": 1},
        rank_acceptability_beyond=_SHARE,
        score=_record(worst=_SCORE, best=_SCORE),
        central_weights=_nullable({"type": "object", "additionalProperties": _SHARE}),
        confidence_factor=_nullable(_SHARE),
        coverage=_record(
            known={"type": "integer", "minimum": 0},
            criteria_total={"type": "integer", "minimum": 1},
            text=_STRING,
        ),
        assumed=_STRINGS,
        reason=_STRING,
        reason_sources=_STRINGS,
        price_usd=_CLAIMS,
        safety=_nullable(_SEVERITY),
        cost_of_ownership=_nullable(_COST),
        breakdown={
            "type": "array",
            "items": _record(
                criterion=_STRING,
                description=_STRING,
                basis={"enum": ["model", "secondhand", "unknown", "assumed"]},
                sources=_STRINGS,
                low=_SHARE,
                high=_SHARE,
                weight={"type": "number", "minimum": 0},
                share=_SHARE,
                points_low=_SCORE,
                points_high=_SCORE,
            ),
        },
    ),
    "criteria": _CRITERION,
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
        by_severity={
            "type": "object",
            "propertyNames": _SEVERITY,
            "additionalProperties": _STRINGS,
        },
        claims=_CLAIMS,
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
        output_ua_about=_nullable({"$ref": "#/$defs/ClaimBasis"}),
        price_usd=_SPAN,
        price_usd_sources=_STRINGS,
        price_usd_about=_nullable({"$ref": "#/$defs/ClaimBasis"}),
    ),
    # `validate --format json`: one object per problem; no problem, no items.
    "validate": _record(
        file=_nullable(_STRING),
        line=_nullable({"type": "integer", "minimum": 1}),
        column=_nullable({"type": "integer", "minimum": 1}),
        path=_nullable(_STRING),
        slug=_nullable(_STRING),
        message=_STRING,
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
        "ahead": _array(_record(slug=_STRING, criterion=_STRING, text=_STRING, sources=_STRINGS)),
        "flagged": _FLAGGED,
        "cost_of_ownership": _nullable(_array(_COST)),
        "ranked_together": _nullable(
            _record(
                first_probability={"type": "object", "additionalProperties": _SHARE},
                samples={"type": "integer", "minimum": 1},
                seed={"type": "integer", "minimum": 0},
                weight_spread={"type": "number", "minimum": 0, "maximum": 1},
                text=_STRING,
            )
        ),
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
                first_probability=_SHARE,
                reason=_STRING,
                # How far an upgrade pick's highest price is over the budget; null otherwise.
                over_budget_usd=_nullable({"type": "number", "exclusiveMinimum": 0}),
                sources=_STRINGS,
            ),
        },
        "pick_notes": _STRINGS,
        "sampling": _record(
            samples={"type": "integer", "minimum": 1},
            seed={"type": "integer", "minimum": 0},
            weight_spread={"type": "number", "minimum": 0, "maximum": 1},
            margin=_SHARE,
        ),
        "verdict": _record(
            level=_nullable({"enum": ["settled", "likely", "open", "too-close"]}),
            text=_nullable(_STRING),
        ),
        "assumptions": _STRINGS,
        "leader_sensitivity": _STRINGS,
        "weight_stability": _record(
            mean_leader=_nullable(_STRING),
            ranges={
                "type": "array",
                "items": _record(
                    criterion=_STRING,
                    weight={"type": "number", "minimum": 0},
                    low={"type": "number", "minimum": 0},
                    high={"type": "number", "minimum": 0},
                    below=_nullable(_STRING),
                    above=_nullable(_STRING),
                ),
            },
        ),
        "deciding_facts": {
            "type": "array",
            "items": _record(
                slug=_STRING,
                criterion=_STRING,
                condition=_STRING,
                is_pick=_BOOL,
                other=_STRING,
                pick_change_probability=_SHARE,
                text=_STRING,
            ),
        },
        "pareto": _nullable(
            _record(
                removed=_array(
                    _record(slug=_STRING, dominated_by=_STRING, better_on=_STRINGS),
                )
            )
        ),
        "conditions": _STRINGS,
        "refusal": _nullable(_STRING),
        "unranked": _record(
            no_known_price=_STRINGS,
            over_budget=_STRINGS,
            ruled_out_by_conditions=_STRINGS,
        ),
        "criteria": _array(_CRITERION),
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
            "items": _record(field=_STRING, label=_STRING, claims=_CLAIMS),
        },
        "sources": _SOURCES,
    },
    "plan": {
        "device": _STRING,
        "name": _STRING,
        "general": _BOOL,
        "routine": _record(
            protocol={"$ref": "#/$defs/Protocol"}, source=_STRING, note=_nullable(_STRING)
        ),
        "alternatives": _array(_CLAIM),
        "minutes_per_session": _nullable(_record(value=_NUMBER, source=_STRING)),
        "start": {"type": "string", "format": "date"},
        "refusal": _nullable(_STRING),
        "consumables": _STRINGS,
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
    "validate": {"files": _STRINGS, "valid": _BOOL},
}
_NOTICE_KINDS = ("safety", "reminder", "catalogue", "unknown-hidden", "too-little-known", "name")
_ENVELOPE = ("schema_version", "command", "items", "warnings")


def output_json_schema() -> dict[str, Any]:
    """The schema every command's `--format json` output satisfies."""
    catalogue = catalogue_json_schema()
    defs: dict[str, Any] = dict(catalogue["$defs"])
    defs["Notice"] = _record(
        kind={"enum": list(_NOTICE_KINDS)},
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
