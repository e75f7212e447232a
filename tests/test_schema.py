"""The catalogue's JSON Schema: published beside the data, true to the models, and used by
the shipped file and by the JSON output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import SWAYED
from typer.testing import CliRunner

from microcompare.cli import app

DATA = Path(__file__).resolve().parents[1] / "data"


def published() -> dict[str, object]:
    schema: dict[str, object] = json.loads((DATA / "catalogue.schema.json").read_text("utf-8"))
    return schema


def test_the_published_schema_is_what_the_schema_command_prints(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    # Regenerate with: microcompare schema --output data/catalogue.schema.json --force
    assert json.loads(result.stdout) == published()


def test_the_shipped_catalogue_names_and_satisfies_the_schema() -> None:
    text = (DATA / "devices.yaml").read_text("utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./catalogue.schema.json"
    jsonschema.validate(yaml.safe_load(text), published())


@pytest.mark.parametrize(
    ("price", "valid"),
    [
        ("{value: 199, source: s}", True),
        ("[{value: 199, source: s}, {value: 210, source: t}]", True),
        ("{value: lots, source: s}", False),
        ("{value: -5, source: s}", False),
        ("[]", False),
        ("{value: 199}", False),
    ],
)
def test_the_schema_accepts_one_claim_or_a_list_and_rejects_bad_values(
    price: str, valid: bool
) -> None:
    document = yaml.safe_load(f"devices:\n  - {{slug: a, name: A, brand: B, price_usd: {price}}}\n")
    errors = list(jsonschema.Draft202012Validator(published()).iter_errors(document))
    assert (not errors) is valid


def published_output() -> dict[str, object]:
    schema: dict[str, object] = json.loads((DATA / "output.schema.json").read_text("utf-8"))
    return schema


def test_the_published_output_schema_is_what_the_schema_command_prints(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["schema", "output"])
    assert result.exit_code == 0
    # Regenerate with: microcompare schema output --output data/output.schema.json --force
    assert json.loads(result.stdout) == published_output()


OUTPUTS = {
    "list": ["list", "--condition", "pregnant"],
    "show": ["show", "ziip-halo"],
    "compare": ["compare", "ziip-halo", "nuface-trinity-plus", "--months", "12"],
    "rank": ["rank", "--budget", "400", "--months", "12", "--condition", "tmj"],
    "rank-refused": ["rank", "--condition", "pacemaker"],
    "criteria": ["criteria"],
    "sources": ["sources"],
    "safety": ["safety"],
    "plan": ["plan", "nuface-trinity-plus", "--start", "2026-12-01"],
    "chart": ["chart"],
    # Every kind of result: each pick kind, each notice kind, empty results.
    # Ranked with the devices within $300, the Trinity+ at $325 comes first more often than
    # any of them, so it is the upgrade pick; without clearance the Trinity+ tops the whole
    # catalogue and the Mini+ is the budget pick.
    "rank-upgrade-pick": ["rank", "--budget", "300"],
    "rank-budget-pick": ["rank", "--weight", "fda=0"],
    "rank-topsis-pareto": ["rank", "--method", "topsis", "--pareto", "--explain"],
    "rank-nothing-in-budget": ["rank", "--budget", "1"],
    "list-unknown-hidden": ["list", "--max-price", "300"],
    "list-empty": ["list", "--max-price", "1"],
    "list-caution": ["list", "--condition", "tmj"],
    "show-avoid": ["show", "nuface-trinity-plus", "--condition", "pregnant"],
    "compare-three": ["compare", "ziip-halo", "foreo-bear-2", "nuface-mini-plus"],
    "safety-one": ["safety", "--condition", "pacemaker"],
    "plan-general-routine": ["plan", "facemaster", "--start", "2026-12-01"],
    "plan-refused": ["plan", "nuface-trinity-plus", "--condition", "pacemaker"],
    "list-too-little-known": ["list", "--min-known", "6"],
    "show-similar-name": ["show", "nuface-trinity"],
    # Every variant of each result: with and without the options that add keys or values.
    "list-columns": ["list", "--columns", "price,fda-510k"],
    # Sources that disagree on a figure, a claim about the brand, a dated (old) price.
    "show-conflicting-claims": ["show", "nuface-trinity-original"],
    "show-brand-claims": ["show", "myolift-qt-plus"],
    "show-old-price": ["show", "rejuvenique"],
    "compare-safety-and-costs": [
        "compare",
        "nuface-trinity-plus",
        "ziip-halo",
        "--condition",
        "tmj",
        "--months",
        "24",
    ],
    "compare-fields": ["compare", "ziip-halo", "foreo-bear-2", "--fields", "price"],
    "rank-explain": ["rank", "--budget", "400", "--explain"],
    "rank-assume": ["rank", "--budget", "400", "--assume", "nuface-mini-plus.current=400"],
    "rank-zero-spread": ["rank", "--budget", "400", "--weight-spread", "0"],
    "rank-pareto": ["rank", "--pareto"],
    "rank-limit": ["rank", "--budget", "400", "--limit", "2"],
    "safety-caution": ["safety", "--condition", "tmj"],
    "plan-consumables": ["plan", "ziip-halo", "--start", "2026-12-01", "--weeks", "2"],
    "plan-caution": ["plan", "ziip-halo", "--start", "2026-12-01", "--condition", "tmj"],
}
# A catalogue layered over the built-in one, replacing a device: the "catalogue" notice.
REPLACING = "devices:\n  - {slug: ziip-halo, name: My HALO, brand: ZIIP}\n"


def json_of(runner: CliRunner, args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    body: dict[str, object] = json.loads(result.stdout)
    return body


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_commands_json_satisfies_the_published_output_schema(
    runner: CliRunner, name: str
) -> None:
    body = json_of(runner, OUTPUTS[name])
    jsonschema.Draft202012Validator(published_output()).validate(body)
    assert body["command"] == OUTPUTS[name][0]


def test_every_pick_and_notice_kind_is_validated(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    bodies = list(every_variant(runner, write_catalogue).values())
    picks = {pick["kind"] for body in bodies for pick in body.get("picks", ())}  # type: ignore[attr-defined]
    notices = {notice["kind"] for body in bodies for notice in body["warnings"]}  # type: ignore[attr-defined]
    schema = published_output()["$defs"]  # type: ignore[index]
    assert picks == {"top", "budget", "upgrade"}
    assert notices == set(schema["Notice"]["properties"]["kind"]["enum"])
    assert any(body["items"] == [] for body in bodies)
    upgrade = next(
        pick
        for body in bodies
        for pick in body.get("picks", ())  # type: ignore[attr-defined]
        if pick["kind"] == "upgrade"
    )
    assert upgrade["over_budget_usd"] == 25


# Variants the built-in catalogue does not give: dated claims in a plan's other routines and in
# safety's items and advice, a condition that names its devices, a ranking whose leader has no
# deciding fact (its own unknowns are named), and a --pareto that removes a device.
OWN_CATALOGUE = """
sources:
  - {id: s, title: A source, url: "https://example.com/s", date: "2020"}
devices:
  - slug: dated
    name: Dated
    brand: Acme
    protocol:
      - value:
          minutes_per_session: 5
          loading: {sessions_per_week_min: 3, sessions_per_week_max: 3}
        source: s
      - value: {loading: {sessions_per_week_min: 5, sessions_per_week_max: 5}}
        source: s
        as_of: "2020"
contraindications:
  - id: sunburn
    label: Sunburn
    applies_to: [dated]
    severity: {value: avoid, source: s, as_of: "2020"}
general:
  aftercare: {value: [moisturise], source: s, as_of: "2020"}
"""
SWAYED_FAR = SWAYED.replace("DEAR", "600")
WITH_OWN_CATALOGUE = {
    "plan-dated-alternatives": (OWN_CATALOGUE, ["plan", "dated", "--start", "2026-12-01"]),
    "safety-applies-to": (OWN_CATALOGUE, ["safety"]),
    "rank-leader-sensitivity": (SWAYED_FAR, ["rank"]),
    # Known evidence for the cheaper device: the dearer one is worse on price and no better
    # on anything else.
    "rank-pareto-removes": (
        SWAYED_FAR,
        ["rank", "--pareto", "--assume", "cheap-unknown.evidence=maker-study"],
    ),
}
# `validate -f json`: a clean file, and one with a problem (exit 1, the problems as items).
VALIDATED = {
    "validate-clean": ("devices:\n  - {slug: a, name: A, brand: B}\n", 0),
    "validate-problems": ("devices:\n  - {slug: a, name: A, brand: B, price_usd: 5}\n", 1),
}


def every_variant(runner: CliRunner, write_catalogue) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    bodies = {name: json_of(runner, args) for name, args in OUTPUTS.items()}
    replacing = write_catalogue(REPLACING)
    bodies["list-replacing"] = json_of(runner, ["list", "--catalog", str(replacing)])
    for name, (text, args) in WITH_OWN_CATALOGUE.items():
        own = write_catalogue(text, f"{name}.yaml")
        bodies[name] = json_of(runner, [*args, "--no-builtin", "--catalog", str(own)])
    for name, (text, code) in VALIDATED.items():
        result = runner.invoke(app, ["validate", "-f", "json", str(write_catalogue(text))])
        assert result.exit_code == code, result.output
        bodies[name] = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(published_output())
    for name, body in bodies.items():
        errors = [error.message for error in validator.iter_errors(body)]
        assert errors == [], (name, errors[:3])
    return bodies


def _resolved(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    # Only the output's own records are followed; the catalogue's types (Device, Source,
    # Protocol) are pydantic's schema of the models and closed there.
    while "$ref" in node and node["$ref"] == "#/$defs/Notice":
        node = schema["$defs"]["Notice"]
    return node


def declared_keys(node: dict[str, Any], path: str, schema: dict[str, Any]) -> set[str]:
    """Every key path the schema describes below `node` ("[]" an element, "*" any key)."""
    node = _resolved(node, schema)
    found: set[str] = set()
    for branch in node.get("anyOf", ()):
        found |= declared_keys(branch, path, schema)
    for key, child in node.get("properties", {}).items():
        found |= {f"{path}.{key}", *declared_keys(child, f"{path}.{key}", schema)}
    if isinstance(node.get("additionalProperties"), dict):
        found |= declared_keys(node["additionalProperties"], f"{path}.*", schema)
    if isinstance(node.get("items"), dict):
        found |= {f"{path}[]", *declared_keys(node["items"], f"{path}[]", schema)}
    return found


def given_keys(node: dict[str, Any], value: Any, path: str, schema: dict[str, Any]) -> set[str]:
    """The key paths of `value` that hold something (not null, not an empty list), read
    beside the schema node that describes it."""
    node = _resolved(node, schema)
    if value is None or "$ref" in node:
        return set()
    for branch in node.get("anyOf", ()):
        if branch.get("type") != "null":
            return given_keys(branch, value, path, schema)
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in node.get("properties", {}):
                child, at = node["properties"][key], f"{path}.{key}"
            else:
                child, at = node.get("additionalProperties", {}), f"{path}.*"
            if item is not None and item != []:
                found |= {at, *given_keys(child, item, at, schema)}
    elif isinstance(value, list):
        for item in value:
            found |= {f"{path}[]", *given_keys(node.get("items", {}), item, f"{path}[]", schema)}
    return found


def test_every_key_the_output_schema_describes_is_given_by_some_variant(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    # With every record closed (additionalProperties: false), a key the JSON gives and the
    # schema does not fails validation; this is the other way round: a key the schema
    # describes that no variant gives a value means a variant is missing from the fixtures.
    schema: dict[str, Any] = published_output()
    bodies = every_variant(runner, write_catalogue)
    by_command = {
        rule["if"]["properties"]["command"]["const"]: rule["then"] for rule in schema["allOf"]
    }
    own_keys = {key for then in by_command.values() for key in then["properties"]}
    # The envelope's keys no command describes for itself: schema_version, command, warnings.
    shared = {key: node for key, node in schema["properties"].items() if key not in own_keys}
    declared = declared_keys({"properties": shared}, "*", schema)
    for command, then in by_command.items():
        declared |= declared_keys(then, command, schema)
    given: set[str] = set()
    for body in bodies.values():
        command = body["command"]
        given |= given_keys(
            {"properties": shared}, {k: v for k, v in body.items() if k in shared}, "*", schema
        )
        given |= given_keys(
            by_command[command], {k: v for k, v in body.items() if k not in shared}, command, schema
        )
    assert set(by_command) == {body["command"] for body in bodies.values()}
    # The variants without: no picks, no costs, no safety, no problems.
    assert bodies["rank-nothing-in-budget"]["picks"] == []
    assert bodies["compare-three"]["cost_of_ownership"] is None
    assert bodies["compare-three"]["flagged"] == {}
    assert bodies["rank-zero-spread"]["sampling"]["weight_spread"] == 0
    assert bodies["validate-clean"]["items"] == []
    # The ranking's pick notes: the engine writes none today (the key is kept for scripts).
    never_given = {"rank.pick_notes", "rank.pick_notes[]"}
    missing = sorted(declared - given - never_given)
    assert not never_given & given, "a pick note is given now: take it out of never_given"
    assert missing == [], "\n".join(missing)


def test_the_output_schema_rejects_what_it_should(runner: CliRunner) -> None:
    body = json.loads(runner.invoke(app, ["rank", "--budget", "400", "-f", "json"]).stdout)
    validator = jsonschema.Draft202012Validator(published_output())
    assert validator.is_valid(body)
    broken = [
        {**body, "schema_version": 2},
        {key: value for key, value in body.items() if key != "warnings"},
        {**body, "items": [{**body["items"][0], "score": "high"}]},
        {**body, "items": [{**body["items"][0], "score": 101}]},
        {**body, "warnings": [{"kind": "safety", "message": "x"}]},
        {**body, "surprise": 1},
        {key: value for key, value in body.items() if key != "picks"},
        {**body, "method": "guesswork"},
    ]
    for document in broken:
        assert not validator.is_valid(document)
    listing = json.loads(runner.invoke(app, ["list", "-f", "json"]).stdout)
    listing["items"][0]["price_usd"] = [{"value": -1, "source": "s"}]
    assert not validator.is_valid(listing)


def test_validate_passes_a_clean_file_and_says_what_it_holds(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(DATA / "devices.yaml")])
    assert result.exit_code == 0, result.output
    shipped = yaml.safe_load((DATA / "devices.yaml").read_text("utf-8"))
    counts = [len(shipped[key]) for key in ("devices", "sources", "contraindications")]
    assert result.stdout.endswith(
        "devices.yaml: valid: {} devices, {} sources, {} contraindications\n".format(*counts)
    )


def test_validate_reports_every_problem_at_its_line(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    bad = write_catalogue(
        "devices:\n"
        "  - slug: acme\n"
        "    name: Acme\n"
        "    brand: A\n"
        "    price_usd: {value: lots, source: glowstice-2026}\n"
        "    fda_status: {value: approved, source: glowstice-2026}\n",
        name="bad.yaml",
    )
    dangling = write_catalogue(
        "devices:\n"
        "  - slug: acme\n"
        "    name: Acme\n"
        "    brand: A\n"
        "    output_ua: {value: 300, source: nowhere}\n"
        "  - {slug: acme, name: Acme 2, brand: A}\n",
        name="dangling.yaml",
    )
    result = runner.invoke(app, ["validate", str(bad), str(dangling)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {bad}:5:24: devices[0].price_usd[0].value (acme): Input should be a valid number",
        f"error: {bad}:6:25: devices[0].fda_status[0].value (acme): "
        "Input should be 'cleared' or 'not-cleared'",
        f"error: {dangling}:5:37: devices[0].output_ua[0].source (acme): source 'nowhere' "
        "is not defined in this file or the built-in catalogue; add it to 'sources'",
        f"error: {dangling}:6:12: devices[1].slug (acme): slug 'acme' is also used by "
        "devices[0]; each must be unique",
    ]


def test_validate_names_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    missing = tmp_path / "nope.yaml"
    assert result.stderr == (
        f"error: {missing}: no such file; give the path of a catalogue YAML file\n"
    )


def test_a_routine_cannot_ask_for_more_than_one_session_a_day(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - slug: a\n    name: A\n    brand: B\n"
        "    protocol: {value: {loading: {sessions_per_week_min: 14, sessions_per_week_max: 14}},"
        " source: glowstice-2026}\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "devices[0].protocol[0].value.loading.sessions_per_week_min (a): " in result.stderr
    assert "less than or equal to 7" in result.stderr


def test_a_file_may_hold_only_general_facts_and_validate_counts_in_words(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "sources:\n  - {id: my-notes, title: Notes, url: 'https://example.org'}\n"
        "general:\n  clinic_session_usd: {value: {low: 100, high: 200}, source: my-notes}\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: valid: 0 devices, 1 source, 0 contraindications\n"
