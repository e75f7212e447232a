"""CSV, Markdown and HTML for every command that prints data, read back with real parsers."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import COMMANDS
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from microcompare.catalog import load_catalogue
from microcompare.cli import app
from microcompare.engine.criteria import CRITERIA
from microcompare.records import Catalogue

DEVICES = len(load_catalogue().catalogue.devices)
# How many data rows each command gives on the built-in catalogue.
ROWS = {
    "list": DEVICES,
    "compare": 2,  # one row per device
    "rank": 10,  # the devices with a known price within $400
    "criteria": len(CRITERIA),
    "safety": 22,
    "plan": 49,
    "chart": DEVICES,
}
# CSV adds a row for each claim of general advice to the safety listing: 10 on results,
# 5 on side effects, 4 on preparation, 4 on technique and 1 on aftercare.
CSV_ROWS = {**ROWS, "safety": 22 + 24}


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def parse_csv(text: str) -> list[list[str]]:
    assert "\x1b" not in text
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("command", COMMANDS)
def test_csv_has_a_header_and_rows_of_one_width(runner: CliRunner, command: str) -> None:
    result = run(runner, *COMMANDS[command], "--format", "csv")
    assert result.stdout_bytes.endswith(b"\r\n")
    text = result.stdout_bytes.decode("utf-8")
    header, *rows = parse_csv(text)
    assert rows, "a CSV with no rows"
    assert {len(row) for row in rows} == {len(header)}
    if command in CSV_ROWS:
        assert len(rows) == CSV_ROWS[command]


def test_csv_values_are_real_and_unknown_is_empty(runner: CliRunner) -> None:
    header, *rows = parse_csv(run(runner, "list", "-f", "csv").stdout)
    by_slug = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    trinity = by_slug["nuface-trinity-plus"]
    assert (trinity["output_ua_min"], trinity["output_ua_max"]) == ("335", "335")
    assert (trinity["price_usd_min"], trinity["price_usd_max"]) == ("325", "325")
    # The brand's $350 does not widen the Trinity's price: two reviews give $325 for the model.
    original = by_slug["nuface-trinity-original"]
    assert (original["price_usd_min"], original["price_usd_max"]) == ("325", "325")
    assert by_slug["ziip-halo"]["output_ua_min"] == ""
    assert by_slug["ziip-halo"]["subscription"] == "yes"
    ranked = parse_csv(run(runner, "rank", "--budget", "400", "--months", "12", "-f", "csv").stdout)
    rows = {row[1]: dict(zip(ranked[0], row, strict=True)) for row in ranked[1:]}
    mini = rows["nuface-mini-plus"]
    assert (mini["price_usd_min"], mini["cost_usd_min"]) == ("209", "209")
    assert mini["cost_is_lower_bound"] == "true"
    # Unknown: the whole scale, not an empty cell; known: one point.
    assert (mini["current_low"], mini["current_high"], mini["current_basis"]) == (
        "0.0000",
        "1.0000",
        "unknown",
    )
    assert mini["price_low"] == mini["price_high"] == f"{1 - 209 / 600:.4f}"


def test_csv_quotes_commas_and_quotes_as_rfc_4180_says(runner: CliRunner) -> None:
    text = run(runner, "show", "nuface-trinity-plus", "-f", "csv").stdout
    assert '"5 min; 5×/week for 60 days, then 2–3×/week"' in text
    rows = parse_csv(text)
    modes = [row for row in rows if row[1] == "attachments"]
    assert modes[0][3] == "ELE, FIX"


def test_csv_repeats_safety_warnings_on_stderr_even_at_a_terminal(runner: CliRunner) -> None:
    result = run(runner, "rank", "--condition", "pacemaker", "-f", "csv")
    assert len(parse_csv(result.stdout)) == 1
    assert "warning: Pacemaker, defibrillator" in result.stderr
    assert "warning: Nothing is recommended." in result.stderr


def markdown_tables(text: str) -> list[tuple[list[str], int]]:
    """Each table's header cells and its number of body rows, as a CommonMark parser sees it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[tuple[list[str], int]] = []
    header: list[str] = []
    rows = 0
    part = ""
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            header, rows = [], 0
        elif token.type in {"thead_open", "tbody_open"}:
            part = token.type
        elif token.type == "th_open":
            header.append(tokens[index + 1].content)
        elif token.type == "tr_open" and part == "tbody_open":
            rows += 1
        elif token.type == "table_close":
            tables.append((header, rows))
    return tables


@pytest.mark.parametrize("command", COMMANDS)
def test_markdown_holds_a_table_and_numbered_footnotes(runner: CliRunner, command: str) -> None:
    text = run(runner, *COMMANDS[command], "--format", "markdown").stdout
    assert "\x1b" not in text
    tables = markdown_tables(text)
    assert tables, "no table found"
    header, rows = tables[0]
    if command in {"list", "rank", "criteria", "safety", "chart"}:
        assert rows == ROWS[command]
    if command not in {"sources"}:
        assert "[^1]:" in text
        marks = {int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", text)}
        defined = {int(n) for n in re.findall(r"^\[\^(\d+)\]:", text, re.M)}
        assert marks == defined == set(range(1, len(defined) + 1))
    assert header[0]


def test_markdown_comparison_reads_like_an_article_table(runner: CliRunner) -> None:
    text = run(runner, "compare", "nuface-trinity-plus", "ziip-halo", "-f", "markdown").stdout
    header, _ = markdown_tables(text)[0]
    assert header == ["Field", "NuFACE Trinity+ (`nuface-trinity-plus`)", "ZIIP HALO (`ziip-halo`)"]
    # The pacemaker line comes first and is cited first: [^1] is its strictest source.
    assert text.startswith("> **Safety:** Not for anyone with a pacemaker")
    assert "[^1]: How Microcurrent Works — Celliara" in text
    assert "| Output (µA) * | 335[^2] | unknown |" in text
    assert "[^2]: Best microcurrent devices ranked 2026 — Glowstice Editorial" in text


def test_markdown_puts_safety_warnings_above_the_table(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    text = run(runner, "list", "--condition", "pregnant", "-f", "markdown").stdout
    assert text.startswith("> **Safety (avoid):** Pregnancy")
    assert text.index("> **Safety") < text.index("| Device |")
    assert text.count("⚠ avoid") == len(catalogue.devices)


def test_csv_keeps_every_digit_of_a_users_figures(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - {slug: a, name: A, brand: B, price_usd: {value: 1299.99, source: glowstice-2026}}\n"
        "  - {slug: b, name: Bee, brand: B, price_usd: {value: 12345.5, source: glowstice-2026}}\n"
    )
    text = run(runner, "list", "--no-builtin", "--catalog", str(path), "-f", "csv").stdout
    header, *rows = parse_csv(text)
    prices = {row[0]: row[header.index("price_usd_min")] for row in rows}
    assert prices == {"a": "1299.99", "b": "12345.5"}


class _Page(HTMLParser):
    """What a browser would build from the page: tables, links, external assets."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[str] = []
        self.assets: list[str] = []
        self.blockquotes: list[str] = []
        self._cell: list[str] | None = None
        self._quote: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            self._cell = []
        elif tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        elif tag in {"script", "link", "img", "iframe"} or found.get("src"):
            self.assets.append(tag)
        elif tag == "blockquote":
            self._quote = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "blockquote" and self._quote is not None:
            self.blockquotes.append(" ".join("".join(self._quote).split()))
            self._quote = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._quote):
            if part is not None:
                part.append(data)


def parse_html(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.mark.parametrize("command", COMMANDS)
def test_html_is_one_page_with_the_table_and_linked_sources(
    runner: CliRunner, command: str
) -> None:
    text = run(runner, *COMMANDS[command], "--format", "html").stdout
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "\x1b" not in text
    page = parse_html(text)
    assert page.assets == [], "the page must need nothing but itself"
    assert page.tables, "no table found"
    header, *rows = page.tables[0]
    if command in {"list", "rank", "criteria", "safety", "chart"}:
        assert len(rows) == ROWS[command]
    assert {len(row) for row in rows} == {len(header)}
    if command != "sources":
        # Every footnote mark leads to a footnote, and web sources are real links.
        marks = {link for link in page.links if link.startswith("#fn") and ":" not in link}
        assert marks and all(f'id="{mark[1:]}"' in text for mark in marks)
    if command not in {"criteria", "safety", "plan"}:  # these cite only the seed articles
        assert any(link.startswith("https://") for link in page.links)


def test_html_table_holds_real_values_and_unknown(runner: CliRunner) -> None:
    page = parse_html(
        run(runner, "compare", "nuface-trinity-plus", "ziip-halo", "-f", "html").stdout
    )
    rows = {row[0]: row[1:] for row in page.tables[0]}
    assert rows["Output (µA) *"] == ["335[2]", "unknown"]


def test_html_puts_safety_warnings_first(runner: CliRunner) -> None:
    text = run(runner, "rank", "--condition", "pacemaker", "-f", "html").stdout
    page = parse_html(text)
    assert page.blockquotes[0].startswith("Safety (absolute): Pacemaker")
    assert text.index("<blockquote>") < text.index("Nothing is recommended")


def test_html_escapes_markup_from_a_users_catalogue(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        'devices:\n  - slug: evil\n    name: "<script>alert(1)</script>"\n    brand: "<b>B</b>"\n'
    )
    text = run(runner, "list", "--catalog", str(path), "-f", "html").stdout
    assert "<script>" not in text and "<b>B</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_csv_sends_every_warning_to_stderr(runner: CliRunner, catalogue: Catalogue) -> None:
    result = run(runner, "list", "--max-price", "300", "-f", "csv")
    unpriced = sorted(device.slug for device in catalogue.devices if not device.price_usd)
    assert (
        f"warning: {len(unpriced)} devices left out because the price is unknown: {unpriced[0]},"
        in result.stderr
    )
    assert len(parse_csv(result.stdout)) == 1 + 7


def test_format_names_are_not_case_sensitive(runner: CliRunner) -> None:
    assert run(runner, "sources", "-f", "HTML").stdout.startswith("<!DOCTYPE html>")


def test_markdown_ranking_says_how_it_scored(runner: CliRunner) -> None:
    text = run(runner, "rank", "--budget", "400", "--weight", "price=3", "-f", "markdown").stdout
    assert (
        "Ranked 10,000 times (seed 2001) by weighted sum, each weight drawn from 0.5 to 1.5 "
        "times profile balanced with price=3 (fda 2, evidence 2, current 1.5, price 3," in text
    )
    assert "`microcompare criteria` gives every scale." in text
    topsis = run(runner, "rank", "--method", "topsis", "-f", "markdown").stdout
    assert "Ranked 10,000 times (seed 2001) by TOPSIS" in topsis
    refused = run(runner, "rank", "--condition", "pacemaker", "-f", "markdown").stdout
    assert "### Nothing to rank with a known price" in refused
    assert "0 devices" not in refused


def test_prices_keep_their_cents(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - {slug: a, name: Acme, brand: B, price_usd: {value: 49.99, "
        "source: glowstice-2026}}\n"
    )
    args = ("--no-builtin", "--catalog", str(path))
    assert "$49.99" in run(runner, "chart", *args).stdout
    assert "| $49.99[^1] |" in run(runner, "chart", *args, "-f", "markdown").stdout


def test_output_suffix_chooses_the_format_unless_format_is_given(
    runner: CliRunner, tmp_path: Path, catalogue: Catalogue
) -> None:
    run(runner, "list", "-o", str(tmp_path / "devices.json"))
    assert json.loads((tmp_path / "devices.json").read_text())["command"] == "list"
    run(runner, "plan", "ziip-halo", "--start", "2026-12-01", "-o", str(tmp_path / "r.ics"))
    assert (tmp_path / "r.ics").read_text().startswith("BEGIN:VCALENDAR")
    run(runner, "list", "-f", "csv", "-o", str(tmp_path / "devices.html"))
    assert (tmp_path / "devices.html").read_text().startswith("slug,")
    run(runner, "list", "-o", str(tmp_path / "devices.txt"))
    assert (tmp_path / "devices.txt").read_text().startswith(f"{len(catalogue.devices)} devices\n")


def test_markdown_shows_a_catalogues_own_text_as_written(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    name = "Face *Pro* [x](https://evil.example) <b>bold</b> R&D_2"
    path = write_catalogue(
        "devices:\n"
        f"  - {{slug: odd, name: '{name}', brand: B, "
        "price_usd: {value: 99, source: glowstice-2026}}\n"
    )
    text = run(runner, "list", "--no-builtin", "--catalog", str(path), "-f", "markdown").stdout
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<em>" not in rendered and 'evil.example"' not in rendered
    assert "<b>" not in rendered
    page = parse_html(rendered)
    assert page.tables[0][1][0] == f"{name} (odd)"


def test_markdown_show_gives_the_other_names_escaped(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - {slug: odd, name: Odd, brand: B, aliases: [odd-one, '*starry*']}\n"
    )
    text = run(runner, "show", "odd", "--no-builtin", "--catalog", str(path), "-f", "markdown")
    rendered = MarkdownIt("commonmark").enable("table").render(text.stdout)
    assert "<p>Also known as: odd-one, *starry*</p>" in rendered
    assert "<em>" not in rendered
    # The built-in device's names, as the terminal's `show` gives them.
    builtin = run(runner, "show", "nuface-trinity-plus", "-f", "markdown").stdout
    assert "Also known as: nuface-trinity, trinity-plus" in builtin


def test_markdown_safety_gives_a_conditions_other_names(runner: CliRunner) -> None:
    text = run(runner, "safety", "pacemaker", "-f", "markdown").stdout
    ((header, rows),) = markdown_tables(text)
    assert (header[0], rows) == ("Condition", 1)
    assert "(`pacemaker`); also: pacemakers, defibrillator, icd" in text


def test_force_writes_through_a_symlink_and_into_a_pipe(runner: CliRunner, tmp_path: Path) -> None:
    import os
    import stat
    import threading

    target = tmp_path / "target.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    run(runner, "sources", "-f", "json", "-o", str(link), "--force")
    assert link.is_symlink() and json.loads(target.read_text())["command"] == "sources"

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run(runner, "sources", "-f", "csv", "-o", str(fifo), "--force")
    reader.join(timeout=10)
    assert received and received[0].startswith(b"id,title")
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # written into, not renamed over


def test_output_dash_means_standard_output(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "sources", "-f", "csv", "-o", "-")
    assert result.stdout.startswith("id,title")
    assert not (tmp_path / "-").exists()


def test_figures_print_without_a_dangling_point(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - {slug: tiny, name: Tiny, brand: B, "
        "output_ua: {value: 0.001, source: glowstice-2026}}\n"
    )
    text = run(runner, "list", "--no-builtin", "--catalog", str(path)).stdout
    assert "0.001" in text
    ranked = run(runner, "rank", "--budget", "1.999").stdout
    assert "within $2." in ranked and "$2.." not in ranked


def test_markdown_footnotes_keep_the_space_before_a_link(runner: CliRunner) -> None:
    text = run(runner, "rank", "--budget", "400", "-f", "markdown").stdout
    assert (
        "— 510k.innolitics.com (regulator record). <https://510k.innolitics.com/search/K201782>"
        in (text)
    )
