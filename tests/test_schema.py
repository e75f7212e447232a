"""The catalogue's JSON Schema: published beside the data, true to the models, and used by
the shipped file and by the JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
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


def test_json_output_devices_satisfy_the_published_device_schema(runner: CliRunner) -> None:
    schema = published()
    device_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/Device"}
    body = json.loads(runner.invoke(app, ["list", "-f", "json"]).stdout)
    assert len(body["items"]) == 18
    for item in body["items"]:
        jsonschema.validate(item, device_schema)
