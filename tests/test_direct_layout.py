"""The plain `list` and `rank` tables are laid out directly, without Rich's table, to start
faster (README, Performance). Each must print the same bytes as Rich's table would, at every
width and with awkward text: these tests lay out each table both ways and compare."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.render import RenderOptions
from microcompare.render import table as table_module

WIDTHS = [40, 41, 47, 52, 58, 60, 63, 64, 67, 71, 76, 80, 86, 93, 100, 111, 120, 157, 200]

# A word longer than its slug, wide (two-cell) characters, an emoji, a one-letter slug and a
# disputed price: what a user's own catalogue may hold.
AWKWARD = (
    "devices:\n"
    "  - slug: long-named-wand\n"
    "    name: Supercalifragilisticexpialidocious Microcurrent Wand\n"
    "    brand: Acme\n"
    "    price_usd: {value: 99, source: glowstice-2026}\n"
    "    fda_status: {value: cleared, source: glowstice-2026}\n"
    "  - slug: wide\n"
    "    name: 微電流 美顔器 フェイシャル デバイス ✨ Wide\n"
    "    brand: 株式会社\n"
    "    price_usd: {value: 1234.5, source: glowstice-2026}\n"
    "    output_ua: {value: {low: 80, high: 400}, source: glowstice-2026}\n"
    "  - slug: x\n"
    "    name: X\n"
    "    brand: X\n"
    "    price_usd:\n"
    "      - {value: 325, source: glowstice-2026}\n"
    "      - {value: 350, source: facial-guide-2025}\n"
)


def result_of(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    """The result the table renderer is given for a command (text already made safe)."""
    seen: list[Any] = []

    def keep(result: Any, command: str, options: RenderOptions) -> str:
        seen.append(result)
        return ""

    with monkeypatch.context() as patch:
        patch.setattr(table_module, "render", keep)
        outcome = runner.invoke(app, list(args))
    assert outcome.exit_code == 0, outcome.output
    return seen[0]


def both_ways(result: Any, width: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    options = RenderOptions(width=width)
    yield table_module.render(result, "", options)
    with monkeypatch.context() as patch:
        # No direct layout: every table goes through Rich's.
        patch.setattr(table_module, "_plain_table", lambda *args, **kwargs: None)
        yield table_module.render(result, "", options)


@pytest.mark.parametrize(
    "args",
    [
        ("rank", "--samples", "200"),
        ("rank", "--samples", "200", "--budget", "250", "--explain"),
        ("rank", "--samples", "200", "--method", "topsis", "--pareto"),
        ("list",),
        ("list", "--sort", "price"),
    ],
)
def test_the_direct_layout_prints_what_rich_prints(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    result = result_of(runner, monkeypatch, *args)
    for width in WIDTHS:
        direct, rich = both_ways(result, width, monkeypatch)
        assert direct == rich, f"{' '.join(args)} at {width} columns"


@pytest.mark.parametrize("command", ["rank", "list"])
def test_the_direct_layout_prints_what_rich_prints_for_awkward_text(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    write_catalogue: Any,
    command: str,
) -> None:
    path: Path = write_catalogue(AWKWARD)
    extra = ("--samples", "200") if command == "rank" else ()
    result = result_of(runner, monkeypatch, command, "--no-builtin", "--catalog", str(path), *extra)
    for width in WIDTHS:
        direct, rich = both_ways(result, width, monkeypatch)
        assert direct == rich, f"{command} at {width} columns"


def test_the_rank_table_is_laid_out_directly_when_plain(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Otherwise the comparisons above would compare Rich with itself.
    result = result_of(runner, monkeypatch, "rank", "--samples", "200")
    laid_out: list[object] = []
    real = table_module._plain_table

    def spy(*args: Any, **kwargs: Any) -> Any:
        laid_out.append(real(*args, **kwargs))
        return laid_out[-1]

    monkeypatch.setattr(table_module, "_plain_table", spy)
    table_module.render(result, "rank", RenderOptions(width=80))
    assert laid_out
    assert all(isinstance(item, table_module.LaidOut) for item in laid_out)
    coloured = table_module.render(result, "rank", RenderOptions(width=80, color=True))
    assert len(laid_out) == 1, "a coloured table is Rich's"
    assert "\x1b[" in coloured
