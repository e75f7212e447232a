"""The field registry: each cited device field declared once, with the words every format uses."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from microcompare.catalog import find_device
from microcompare.cli import app
from microcompare.engine.compare import compare_devices
from microcompare.fields import CITED_FIELDS, FIELD, FIELDS, LIST_FIELDS, Better
from microcompare.records import Catalogue, Device


def test_declares_exactly_the_devices_cited_fields_in_their_order() -> None:
    cited = [name for name in Device._fields if name not in {"slug", "name", "brand", "aliases"}]
    assert [field.name for field in FIELDS] == [name for name in cited if name != "notes"]


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        # A Device field with no entry: its label would be missing.
        ("fields.CITED_FIELDS = fields.CITED_FIELDS[:-1]", f"{CITED_FIELDS[-1]} only in Device"),
        # An entry with no Device field.
        (
            "fields.CITED_FIELDS = (*fields.CITED_FIELDS, 'no_such_field')",
            "no_such_field only in FIELDS",
        ),
        ("fields.CITED_FIELDS = fields.CITED_FIELDS[::-1]", "the order differs"),
    ],
)
def test_a_field_declared_on_one_side_only_stops_the_import(edit: str, said: str) -> None:
    # In a fresh interpreter: the check runs once, when records is first imported.
    code = f"import microcompare.fields as fields\n{edit}\nimport microcompare.records\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.rstrip().endswith(
        f"ImportError: records.Device and fields.FIELDS must list the same cited fields in "
        f"the same order: {said}"
    )


def test_labels_are_unique_and_carry_their_unit() -> None:
    labels = [field.label for field in FIELDS]
    assert len(set(labels)) == len(labels)
    assert FIELD["price_usd"].label == "Price (USD)"
    assert FIELD["subscription_usd_per_month"].label == "Subscription (USD/month)"
    assert FIELD["probes"].label == "Probes"


def test_typed_names_point_at_one_field_and_shadow_none() -> None:
    typed = [name for field in FIELDS for name in field.typed]
    assert len(set(typed)) == len(typed)
    assert not set(typed) & set(CITED_FIELDS)


def test_list_shows_the_declared_default_columns_with_their_headers(runner: CliRunner) -> None:
    assert LIST_FIELDS == ("price_usd", "output_ua", "current_type", "probes", "app", "fda_status")
    result = runner.invoke(app, ["list", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("| Device"))
    assert header.split("|")[1:-1] == [
        " Device ",
        *(f" {FIELD[name].column} " for name in LIST_FIELDS),
        " Known ",
    ]


def test_every_field_is_labelled_in_show_csv(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["show", "ziip-halo", "--format", "csv"])
    assert shown.exit_code == 0, shown.output
    rows = list(csv.DictReader(io.StringIO(shown.output)))
    assert {row["label"] for row in rows} == {field.label for field in FIELDS}


def test_compare_rows_carry_the_declared_labels(catalogue: Catalogue) -> None:
    devices = [find_device(catalogue, "ziip-halo"), find_device(catalogue, "nuface-trinity")]
    rows = compare_devices(catalogue, devices).rows
    assert [(row.field, row.label) for row in rows] == [(f.name, f.label) for f in FIELDS]


def test_only_fields_with_a_direction_are_marked_better() -> None:
    directed = {field.name for field in FIELDS if field.better is not None}
    assert directed == {
        "price_usd",
        "app",
        "subscription",
        "fda_status",
        "adjustable_intensity",
        "evidence",
    }
    assert FIELD["price_usd"].better is Better.LOWER


@pytest.mark.parametrize(
    ("field", "mark"),
    [
        # No criterion reads the probes, so compare has no number to mark the better by.
        ("probes", "Better.HIGHER"),
        # The price criterion reads it, but the cheaper price is the better one.
        ("price_usd", "Better.HIGHER"),
    ],
)
def test_a_better_value_no_criterion_reads_stops_the_import(field: str, mark: str) -> None:
    # compare reads each marked field as the criterion that reads it scores it; in a fresh
    # interpreter, since the check runs when compare is first imported.
    code = (
        "import microcompare.fields as fields\n"
        f"at = [f.name for f in fields.FIELDS].index({field!r})\n"
        "changed = list(fields.FIELDS)\n"
        f"changed[at] = changed[at]._replace(better=fields.{mark})\n"
        "fields.FIELDS = tuple(changed)\n"
        "import microcompare.engine.compare\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.rstrip().endswith(
        f"ImportError: fields.py marks {field}'s better value higher, but no criterion in "
        "engine/criteria.py reads that field in that direction; give one its field, or take "
        "the mark off"
    )
