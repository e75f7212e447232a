"""Every table fits the terminal and cuts nothing: no line wider than COLUMNS, and every
slug, source id and alias whole (never "…"), however narrow the terminal."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.render.table import level_columns

SIX = (
    "nuface-trinity",
    "ziip-halo",
    "foreo-bear-2",
    "therabody-theraface-pro",
    "nuface-mini-plus",
    "myolift-qt-plus",
)


def shown(runner: CliRunner, width: int, *args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def data(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    body: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return body


def assert_fits(text: str, width: int) -> None:
    widest = max(text.splitlines(), key=cell_len)
    assert cell_len(widest) <= width, f"{cell_len(widest)} > {width}: {widest!r}"
    assert "…" not in text


def assert_whole(text: str, *words: str) -> None:
    for word in words:
        # Whole: neither cut nor run into a longer word.
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word


def source_ids(body: dict) -> list[str]:  # type: ignore[type-arg]
    return [source["id"] for source in body["sources"]]


# --- compare: explicit column widths that never sum past the line ------------------------


@pytest.mark.parametrize(
    ("width", "slugs"),
    [
        (60, ("nuface-trinity", "therabody-theraface-pro")),
        (60, ("nuface-trinity", "ziip-halo", "foreo-bear-2")),
        (80, SIX),
        (40, SIX),
        (50, ("nuface-trinity", "ziip-halo", "foreo-bear-2")),
        (100, SIX),
    ],
)
def test_compare_fits_the_terminal(runner: CliRunner, width: int, slugs: tuple[str, ...]) -> None:
    text = shown(runner, width, "compare", *slugs)
    assert_fits(text, width)
    body = data(runner, "compare", *slugs)
    assert_whole(text, *body["devices"], *source_ids(body))


def test_compare_with_costs_fits_at_forty(runner: CliRunner) -> None:
    text = shown(runner, 40, "compare", "nuface-trinity", "ziip-halo", "--months", "12")
    assert_fits(text, 40)
    assert_whole(text, "subscription", "NuFACE Trinity+", "ZIIP HALO")


def test_compare_keeps_eighty_columns_as_it_was(runner: CliRunner) -> None:
    # Two devices at 80 columns: the field column as wide as its longest label, the two
    # devices sharing the rest evenly, as before the widths were given explicitly.
    lines = shown(runner, 80, "compare", "nuface-trinity", "ziip-halo").splitlines()
    header = next(line for line in lines if line.startswith("Field "))
    assert header.index("NuFACE Trinity+") == 25
    assert header.index("ZIIP HALO") == 53


def test_level_columns_fits_and_gives_way_from_the_widest() -> None:
    assert level_columns([10, 50, 50], [10, 12, 12], 80) == [10, 34, 34]
    # A column held at its narrowest leaves the rest to the others.
    assert level_columns([10, 50, 50], [10, 12, 40], 70) == [10, 18, 40]
    widths = level_columns([24, 60, 60, 60], [12, 20, 25, 18], 80)
    assert sum(widths) + 3 <= 80
    assert all(w >= low for w, low in zip(widths, [12, 20, 25, 18], strict=True))
    # Room to spare: each column as wide as its widest line, no wider.
    assert level_columns([5, 6], [3, 3], 80) == [5, 6]


# --- safety: ids and aliases whole, stacked where three columns cannot fit -----------------


@pytest.mark.parametrize("width", [40, 50, 60, 80, 120])
@pytest.mark.parametrize("args", [(), ("pacemaker",), ("pregnant",)])
def test_safety_never_cuts_an_id_or_alias(
    runner: CliRunner, width: int, args: tuple[str, ...]
) -> None:
    text = shown(runner, width, "safety", *args)
    assert_fits(text, width)
    body = data(runner, "safety", *args)
    for item in body["items"]:
        assert_whole(text, item["id"], *item["names"])
        for sources in item["by_severity"].values():
            assert_whole(text, *sources)
    assert_whole(text, *source_ids(body))


def test_safety_stacks_each_condition_when_narrow(runner: CliRunner) -> None:
    lines = shown(runner, 60, "safety", "pacemaker").splitlines()
    assert lines[1] == "pacemaker  absolute (never use)"
    assert "  absolute: celliara-2026" in lines
    assert any(line.startswith("  avoid: glowstice-2026") for line in lines)
    # At 80 columns the three columns fit, each id whole in the Why column.
    wide = shown(runner, 80, "safety", "pacemaker")
    assert "Condition" in wide and "web-7ewellness-myolift-contraindications," in wide


# --- chart: labels never cut, the bars shrink ---------------------------------------------


@pytest.mark.parametrize("width", [40, 50, 60, 80, 100, 200])
def test_chart_labels_every_bar_whole(runner: CliRunner, width: int) -> None:
    text = shown(runner, width, "chart")
    assert_fits(text, width)
    lines = text.splitlines()
    for item in data(runner, "chart")["items"]:
        for field in ("output_ua", "price_usd"):
            if item[field] is None:
                continue
            # Each drawn bar's line (or the line above it) starts with its name or slug.
            assert any(
                re.match(rf"{re.escape(label)}(\s|$)", line)
                for line in lines
                for label in (item["slug"], item["name"])
            ), (item["slug"], field)


def test_chart_uses_the_slug_where_the_name_is_longer(runner: CliRunner) -> None:
    lines = shown(runner, 80, "chart").splitlines()
    assert any(line.startswith("nutra-face-lift-pe8050 █") for line in lines)
    assert any(line.startswith("strivectin-facial-toner █") for line in lines)
    assert any(line.startswith("Foreo Bear 2 ") for line in lines)


def test_chart_puts_each_label_above_its_bar_when_narrow(runner: CliRunner) -> None:
    lines = shown(runner, 40, "chart").splitlines()
    at = lines.index("nutra-face-lift-pe8050")
    assert lines[at + 1].startswith("  █") and lines[at + 1].endswith("0–400 µA")


# --- rank: the table, the picks and the explanation fit at 40 ------------------------------


@pytest.mark.parametrize("width", [40, 45, 50, 60, 80])
@pytest.mark.parametrize(
    "args",
    [
        ("--budget", "300"),
        ("--explain",),
        ("--budget", "400", "--explain"),
        ("--budget", "400", "--months", "12"),
    ],
)
def test_rank_fits_the_terminal(runner: CliRunner, width: int, args: tuple[str, ...]) -> None:
    text = shown(runner, width, "rank", *args)
    assert_fits(text, width)
    body = data(runner, "rank", *args)
    assert_whole(text, *(item["slug"] for item in body["items"]), *source_ids(body))
    for pick in body["picks"]:
        assert_whole(text, pick["slug"])


def test_rank_at_forty_stacks_each_device(runner: CliRunner) -> None:
    lines = shown(runner, 40, "rank", "--budget", "300").splitlines()
    first = next(line for line in lines if line.startswith("1 nuface-mini-plus"))
    block = lines[lines.index(first) : lines.index(first) + 3]
    assert any("First " in line and "top 3 " in line for line in block)
    assert any("Score " in line and "known " in line for line in block)


# --- criteria and plan: stacked where their columns cannot fit ----------------------------


@pytest.mark.parametrize("width", [40, 50, 60, 80])
def test_criteria_fits_and_keeps_every_source_id(runner: CliRunner, width: int) -> None:
    text = shown(runner, width, "criteria")
    assert_fits(text, width)
    body = data(runner, "criteria")
    assert_whole(text, *source_ids(body))


@pytest.mark.parametrize("width", [40, 50, 60, 80])
def test_plan_fits_and_keeps_every_session_day(runner: CliRunner, width: int) -> None:
    args = ("plan", "nuface-trinity-plus", "--start", "2026-12-01")
    text = shown(runner, width, *args)
    assert_fits(text, width)
    assert_whole(text, "nuface-trinity-plus", "maintenance", "glowstice-2026")
    assert "Tue 01" in text and "Sun 06" in text


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_wrapped_item_in_a_list_keeps_a_hanging_indent(runner: CliRunner, width: int) -> None:
    # rank's facts to look up next and safety's advice: a wrapped item's later lines sit
    # under its words, so they do not read as a new item or a new section.
    for args, heading, after in (
        (("rank", "--budget", "400", "--samples", "500"), "What would settle it", "Ranked "),
        (("safety",), "Before a session", "After a session"),
    ):
        text = shown(runner, width, *args)
        assert_fits(text, width)
        lines = text.splitlines()
        # The heading itself may wrap; the list starts at its first item.
        heading_at = next(i for i, line in enumerate(lines) if line.startswith(heading))
        start = next(i for i in range(heading_at, len(lines)) if lines[i].startswith("  - "))
        end = next(i for i in range(start, len(lines)) if lines[i].startswith(after))
        items = lines[start:end]
        wrapped = [line for line in items if not line.startswith("  - ")]
        assert wrapped, f"nothing wrapped at {width} columns, so nothing was tested"
        assert all(line.startswith("    ") and line[4] != " " for line in wrapped), items
