"""Text from a catalogue never drives a terminal, a spreadsheet or a page, even if it got
past validation: every command in every format, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import COMMANDS
from typer.testing import CliRunner

from microcompare import catalog
from microcompare.catalog import LoadedCatalogue
from microcompare.cli import app
from microcompare.records import Catalogue, Claim
from microcompare.vocab import Format

# Every format, so that a new one is checked too.
FORMATS = [output.value for output in Format]

CLEAR_SCREEN = "\x1b[2J"
SET_TITLE = "\x1b]0;pwned\x07"
HIDDEN_LINK = "\x1b]8;;https://evil.example\x1b\\"
C1_CSI = "\x9b2J"
RIGHT_TO_LEFT = "\u202e"
FORMULA = '=HYPERLINK("https://evil.example","click")'
# Everything that would act on a terminal if printed as it is.
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def hostile(catalogue: Catalogue) -> Catalogue:
    """The built-in catalogue with control sequences, markup and formulas in its text, as
    if a file had got past validation."""
    devices = []
    for device in catalogue.devices:
        if device.slug == "nuface-trinity-plus":
            price = device.price_usd or ()
            device = device._replace(
                name=f"[bold]Trinity{CLEAR_SCREEN}{SET_TITLE}",
                brand=f"Nu{RIGHT_TO_LEFT}FACE",
                notes="![x](https://evil.example/x.png) [click](https://evil.example) "
                f"<https://evil.example> [^1] {HIDDEN_LINK}",
                price_usd=(price[0]._replace(note=f"{C1_CSI} *read off the box*"), *price[1:]),
                modes=(Claim(value=(FORMULA, f"-2+3{SET_TITLE}"), source="glowstice-2026"),),
            )
        if device.slug == "ziip-halo":
            device = device._replace(name=FORMULA, brand="@SUM(1+1)")
        devices.append(device)
    sources = tuple(
        source._replace(title=f"Glowstice{HIDDEN_LINK}", publisher=f"+{C1_CSI}")
        if source.id == "glowstice-2026"
        else source
        for source in catalogue.sources
    )
    return catalogue._replace(devices=tuple(devices), sources=sources)


@pytest.fixture
def hostile_catalogue(monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue) -> Catalogue:
    planted = hostile(catalogue)
    monkeypatch.setattr(
        catalog, "load_catalogue", lambda *args, **kwargs: LoadedCatalogue(catalogue=planted)
    )
    return planted


@pytest.mark.parametrize("output", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_control_sequence_reaches_the_reader(
    runner: CliRunner, hostile_catalogue: Catalogue, command: str, output: str
) -> None:
    result = runner.invoke(app, [*COMMANDS[command], "--format", output])
    assert result.exit_code == 0, result.output
    for stream in (result.stdout, result.stderr):
        found = RAW.search(stream)
        assert found is None, f"{found.group()!r} in {stream[max(found.start() - 40, 0) :]!r}"
        # A carriage return only as CSV's and iCalendar's line end.
        assert "\r" not in stream.replace("\r\n", "")


def test_the_table_shows_each_control_character_as_an_escape(
    runner: CliRunner, hostile_catalogue: Catalogue
) -> None:
    result = runner.invoke(app, ["show", "nuface-trinity-plus"])
    assert result.exit_code == 0, result.output
    assert "[bold]Trinity\\x1b[2J\\x1b]0;pwned\\x07" in result.stdout
    assert "Brand: Nu\\u202eFACE" in result.stdout
    assert "\\x9b2J *read off the box*" in result.stdout


@pytest.mark.parametrize("command", ["list", "compare", "rank", "chart", "plan"])
def test_rich_markup_in_a_name_prints_as_typed(
    runner: CliRunner, hostile_catalogue: Catalogue, command: str
) -> None:
    result = runner.invoke(app, list(COMMANDS[command]), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[bold]Trinity" in result.stdout


def test_json_keeps_the_text_exactly_and_escapes_it(
    runner: CliRunner, hostile_catalogue: Catalogue
) -> None:
    result = runner.invoke(app, ["show", "nuface-trinity-plus", "-f", "json"])
    assert result.exit_code == 0, result.output
    device = json.loads(result.stdout)["items"][0]
    assert device["name"] == f"[bold]Trinity{CLEAR_SCREEN}{SET_TITLE}"
    assert device["brand"] == f"Nu{RIGHT_TO_LEFT}FACE"
    assert "\\u202e" in result.stdout and "\\u009b" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_no_csv_cell_is_a_formula(
    runner: CliRunner, hostile_catalogue: Catalogue, command: str
) -> None:
    result = runner.invoke(app, [*COMMANDS[command], "--format", "csv"])
    assert result.exit_code == 0, result.output
    for row in csv.reader(io.StringIO(result.stdout, newline="")):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert re.fullmatch(r"-?\d+(\.\d+)?", cell), f"formula cell {cell!r} in {row}"


def test_csv_quotes_formulas_and_keeps_negative_numbers(
    runner: CliRunner, hostile_catalogue: Catalogue
) -> None:
    result = runner.invoke(app, ["list", "-f", "csv"])
    assert result.exit_code == 0, result.output
    header, *rows = csv.reader(io.StringIO(result.stdout, newline=""))
    halo = next(row for row in rows if row[0] == "ziip-halo")
    assert halo[header.index("name")] == f"'{FORMULA}"
    assert halo[header.index("brand")] == "'@SUM(1+1)"
    result = runner.invoke(app, ["compare", "nuface-trinity-plus", "ziip-halo", "-f", "csv"])
    header, *rows = csv.reader(io.StringIO(result.stdout, newline=""))
    trinity = next(row for row in rows if row[0] == "nuface-trinity-plus")
    assert trinity[header.index("modes")].startswith("'=HYPERLINK(")

    from microcompare.render.csv import _plain

    assert [_plain(value) for value in (-5, -0.5, "-5", "-0.5", "+3")] == [
        "-5",
        "-0.5",
        "-5",
        "-0.5",
        "+3",
    ]
    assert [_plain(value) for value in ("-1+2", "\tx", "\r=1", "@A1")] == [
        "'-1+2",
        "'\tx",
        "'\r=1",
        "'@A1",
    ]


@pytest.mark.parametrize("output", ["markdown", "html"])
def test_notes_are_text_in_markdown_and_html(
    runner: CliRunner, hostile_catalogue: Catalogue, output: str
) -> None:
    result = runner.invoke(app, ["show", "nuface-trinity-plus", "-f", output])
    assert result.exit_code == 0, result.output
    text = result.stdout
    if output == "markdown":
        assert "\\!\\[x\\](https://evil.example/x.png)" in text
        assert "\\[click\\](https://evil.example)" in text
        assert "\\<https://evil.example\\>" in text
        assert "\\[^1\\]" in text
        assert "\\*read off the box\\*" in text
    else:
        assert "<img" not in text
        assert 'href="https://evil.example' not in text
        assert "https://evil.example/x.png" in text  # shown as text
        assert "<em>read off the box</em>" not in text


def test_shell_completion_shows_names_as_text(hostile_catalogue: Catalogue) -> None:
    from types import SimpleNamespace

    from microcompare.cli import _complete_slugs

    found = _complete_slugs(SimpleNamespace(params={}), "nuface-trinity-pl")  # type: ignore[arg-type]
    assert found == [("nuface-trinity-plus", "[bold]Trinity\\x1b[2J\\x1b]0;pwned\\x07")]
