"""At home in any terminal and in a spreadsheet: the pager, compact sources and whole URLs,
narrow terminals, safety on every table, CSV a spreadsheet can sort, what people type, and
the JSON scripts read."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare import cli
from microcompare.cli import app, pager_command
from microcompare.engine.criteria import CRITERIA
from microcompare.records import Catalogue
from microcompare.vocab import Format


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def words(text: str) -> set[str]:
    return set(re.split(r"[\s,()\[\]]+", text))


# A pager that keeps what it is given, so a test can see it was used and with what.
@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    kept = tmp_path / "paged.txt"
    script = tmp_path / "pager"
    script.write_text(f"#!/bin/sh\necho \"$@\" > '{kept}.args'\ncat > '{kept}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script), kept


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")


# --- the pager -------------------------------------------------------------------------


def test_a_terminal_gets_the_table_through_the_pager(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, fake_pager, at_a_terminal
) -> None:  # type: ignore[no-untyped-def]
    script, kept = fake_pager
    monkeypatch.setenv("PAGER", f"{script} --flag")
    monkeypatch.delenv("LESS", raising=False)
    result = run(runner, "rank", "--budget", "400")
    assert result.stdout == ""
    paged = kept.read_text()
    assert "10 devices within $400, most often first at the top" in paged
    assert Path(f"{kept}.args").read_text().strip() == "--flag"


@pytest.mark.parametrize("pager", ["", "cat", "/bin/cat"])
def test_an_empty_pager_or_cat_means_none(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, at_a_terminal, pager: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PAGER", pager)
    assert "10 devices within $400" in run(runner, "rank", "--budget", "400").stdout


def test_no_pager_and_files_and_pipes_are_never_paged(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    fake_pager,
    tmp_path: Path,
    catalogue: Catalogue,
) -> None:  # type: ignore[no-untyped-def]
    script, kept = fake_pager
    heading = f"{len(catalogue.devices)} devices\n"
    monkeypatch.setenv("PAGER", script)
    # A pipe (CliRunner's stdout is not a terminal) is never paged.
    assert run(runner, "list").stdout.startswith(heading)
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    assert heading.rstrip() in run(runner, "list", "--no-pager").stdout  # maybe in colour
    target = tmp_path / "out.txt"
    result = run(runner, "list", "-o", str(target))
    assert target.read_text().startswith(heading)
    assert not kept.exists()
    # A file written says so on stderr: what, how big.
    assert re.fullmatch(
        rf"wrote {re.escape(str(target))} \([\d,]+ bytes, [\d,]+ lines\)\n", result.stderr
    )


def test_the_pager_is_less_FRX_unless_PAGER_says_otherwise(tmp_path: Path) -> None:
    less = tmp_path / "less"
    less.write_text("#!/bin/sh\n")
    less.chmod(0o755)
    assert pager_command({"PATH": str(tmp_path)}) == [str(less), "-FRX"]
    assert pager_command({"PATH": str(tmp_path / "none")}) is None
    assert pager_command({"PAGER": "most -s"}) == ["most", "-s"]
    assert pager_command({"PAGER": "  "}) is None
    assert pager_command({"PAGER": "'unclosed"}) is None


def test_a_pager_that_cannot_start_prints_as_without_one(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    at_a_terminal,
    tmp_path: Path,
    catalogue: Catalogue,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PAGER", str(tmp_path / "no-such-pager"))
    assert run(runner, "list").stdout.startswith(f"{len(catalogue.devices)} devices\n")


# --- sources: compact, in full on request, URLs whole ------------------------------------


def test_sources_are_ids_below_a_table_and_in_full_with_sources(runner: CliRunner) -> None:
    out = run(runner, "rank", "--budget", "400").stdout
    block = out[out.index("\nSources: ") :]
    assert "[web-innolitics-k201782]" not in out and "web-innolitics-k201782" in block
    full = run(runner, "rank", "--budget", "400", "--sources").stdout
    assert "  [web-innolitics-k201782] K201782 - NuFACE Trinity Plus" in full
    # Five lines of ids where the references take forty.
    assert len(block.splitlines()) * 4 < len(full[full.index("\nSources:") :].splitlines())


@pytest.mark.parametrize("width", ["40", "60", "80"])
def test_no_url_is_ever_broken(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    urls = [source.url for source in catalogue.sources if source.url]
    listed = run(runner, "sources").stdout.splitlines()
    full = run(runner, "rank", "--sources").stdout.splitlines()
    for url in urls:
        assert f"  {url}" in listed, url
    for url in (u for u in urls if u.startswith("https://www.7ewellness")):
        assert f"    {url}" in full


def test_a_terminal_gets_urls_as_hyperlinks(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = run(runner, "sources").stdout
    assert re.search(r"\x1b]8;[^;]*;https://510k\.innolitics\.com/search/K201782\x1b\\", out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b]8" not in run(runner, "sources").stdout


def test_a_url_with_a_control_character_is_never_a_hyperlink(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microcompare.render.table import Unbroken

    assert Unbroken("https://a.example/x", link=True).text.spans
    assert not Unbroken("https://a.example/\x07x", link=True).text.spans
    assert not Unbroken("javascript:alert(1)", link=True).text.spans


# --- narrow terminals ----------------------------------------------------------------------


def test_a_stacked_list_keeps_each_safety_mark_and_known_count_whole(runner: CliRunner) -> None:
    # At 60 columns each device is a block; a long name must not push "! avoid" or "4/8
    # known" onto two lines.
    result = runner.invoke(app, ["list", "--condition", "epilepsy"], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("geske-face-lift-pen  "))
    block = lines[start : start + 3]
    assert any(re.search(r"\b\d/8 known  ! avoid$", line) for line in block), block
    assert not any(line.rstrip().endswith(("!", "/8")) for line in lines)


@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_list_never_cuts_a_slug_or_a_value(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    out = run(runner, "list").stdout
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= int(width)
    seen = words(out)
    for device in catalogue.devices:
        assert device.slug in seen
    assert {"required", "cleared", "micro+nano", "0–400", "80–400", "$325"} <= seen
    if width == "60":
        # Too narrow for seven columns: each device is stacked, every value still there.
        assert "FDA cleared" in out and "App required" in out


def test_list_columns_choose_what_a_narrow_table_shows(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 70 columns are too few for every column (each device is then stacked) but enough
    # for three.
    monkeypatch.setenv("COLUMNS", "70")
    assert not re.search(r"^Device\s", run(runner, "list").stdout, re.M)
    out = run(runner, "list", "--columns", "price,app,fda").stdout
    assert re.search(r"^Device\s+Price\s+App\s+FDA$", out, re.M)
    assert "µA" not in out


@pytest.mark.parametrize("width", ["60", "80"])
def test_show_never_splits_a_source_id(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    out = run(runner, "show", "myolift-qt-plus").stdout
    for source in ("web-7ewellness-myolift-contraindications", "web-stonhart-myolift-myths"):
        assert re.search(rf"(^|[\s\[]){source}([\s\],]|$)", out, re.M), out


@pytest.mark.parametrize(
    ("width", "slugs"),
    [
        ("80", ["nuface-trinity", "ziip-halo", "foreo-bear-2", "therabody-theraface-pro"]),
        (
            "80",
            [
                "nuface-trinity",
                "ziip-halo",
                "foreo-bear-2",
                "therabody-theraface-pro",
                "nuface-mini-plus",
                "myolift-qt-plus",
            ],
        ),
        ("60", ["nuface-trinity", "ziip-halo", "foreo-bear-2"]),
        ("120", ["nuface-trinity", "ziip-halo", "foreo-bear-2", "therabody-theraface-pro"]),
    ],
)
def test_compare_never_cuts_a_slug_or_a_value(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: str, slugs: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    out = run(runner, "compare", *slugs).stdout
    assert "…" not in out
    seen = words(out)
    assert {"therabody-theraface-pro", "nuface-trinity-plus", "microcurrent"} & seen
    assert "nuface-trinity-plus" in seen and "microcurrent" in seen
    if "therabody-theraface-pro" in slugs:
        assert "therabody-theraface-pro" in seen
    if width == "80" and len(slugs) > 3:
        assert "too many to fit side by side at this width" in out
    if width == "120" and len(slugs) == 4:
        assert "side by side" not in out


# --- safety travels with every table -------------------------------------------------------

COMPARE = ("compare", "nuface-trinity-plus", "ziip-halo")


def test_compare_carries_the_pacemaker_line_in_every_format(runner: CliRunner) -> None:
    table = run(runner, *COMPARE).stdout
    assert table.startswith("Not for anyone with a pacemaker")
    markdown = run(runner, *COMPARE, "-f", "markdown").stdout
    assert markdown.startswith("> **Safety:** Not for anyone with a pacemaker")
    html = run(runner, *COMPARE, "-f", "html").stdout
    assert "<blockquote>" in html and "Not for anyone with a pacemaker" in html
    result = run(runner, *COMPARE, "-f", "csv")
    rows = rows_of(result.stdout)
    assert all(row["safety_note"].startswith("Not for anyone with a pacemaker") for row in rows)
    body = json.loads(run(runner, *COMPARE, "-f", "json").stdout)
    assert [notice["kind"] for notice in body["warnings"]] == ["reminder"]


def test_a_ranking_in_a_spreadsheet_carries_the_pacemaker_line(runner: CliRunner) -> None:
    rows = rows_of(run(runner, "rank", "--budget", "400", "-f", "csv").stdout)
    assert rows
    assert all(row["safety_note"].startswith("Not for anyone with a pacemaker") for row in rows)


@pytest.mark.parametrize("command", [COMPARE, ("rank", "--budget", "400")])
def test_an_article_addresses_its_reader_and_numbers_footnotes_from_one(
    runner: CliRunner, command: tuple[str, ...]
) -> None:
    text = run(runner, *command, "-f", "markdown").stdout
    quote = text.splitlines()[0]
    assert "microcompare" not in quote and "check with a doctor" in quote
    marks = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", text)]
    first_seen = list(dict.fromkeys(marks))
    assert first_seen == list(range(1, len(first_seen) + 1))


# --- CSV a spreadsheet can use -------------------------------------------------------------


def test_list_csv_gives_each_value_its_sources_and_numbers_their_own_columns(
    runner: CliRunner,
) -> None:
    rows = {row["slug"]: row for row in rows_of(run(runner, "list", "-f", "csv").stdout)}
    trinity = rows["nuface-trinity-plus"]
    assert (trinity["price_usd_min"], trinity["price_usd_max"]) == ("325", "325")
    assert trinity["price_usd_sources"] == "glowstice-2026"
    assert trinity["app_sources"] == "web-innolitics-k201782"
    # Two reviews give the 2018 Trinity's price: both are named (the brand-wide $350 is not
    # a price of the model); its current is a range, low and high in columns of their own.
    original = rows["nuface-trinity-original"]
    assert original["price_usd_sources"] == (
        "web-byrdie-nuface-review web-byrdie-strivectin-facial-toner"
    )
    assert (original["output_ua_min"], original["output_ua_max"]) == ("80", "400")
    # The same words as the table.
    assert trinity["probes"] == "2 spheres"
    assert rows["facemaster"]["probes"] == "2 probes"
    # Sortable: every price cell is a number or empty.
    assert all(re.fullmatch(r"\d+(\.\d+)?|", row["price_usd_max"]) for row in rows.values())


def test_compare_csv_is_one_row_per_device_with_numbers_apart(runner: CliRunner) -> None:
    result = run(runner, *COMPARE, "--months", "12", "-f", "csv")
    rows = {row["slug"]: row for row in rows_of(result.stdout)}
    assert list(rows) == ["nuface-trinity-plus", "ziip-halo"]
    assert (rows["nuface-trinity-plus"]["price_usd_min"], rows["ziip-halo"]["price_usd_max"]) == (
        "325",
        "250",
    )
    assert rows["ziip-halo"]["better_on"] == "price_usd"
    assert rows["ziip-halo"]["cost_usd_min"] == "250"
    assert rows["nuface-trinity-plus"]["output_ua_sources"] == "glowstice-2026"


def test_csv_long_layout_is_one_row_per_fact(runner: CliRunner) -> None:
    # The 2018 Trinity has three price claims: two reviews and the brand-wide article.
    compared = ("compare", "nuface-trinity-original", "ziip-halo")
    text = run(runner, *compared, "--columns", "price", "-f", "csv", "--long").stdout
    rows = rows_of(text)
    # Each row says what its claim is about (the brand-wide $350 is not the model's price)
    # and when it held, as `show` does: the claim's date, else its source's.
    assert [(r["slug"], r["value_min"], r["source"], r["about"]) for r in rows] == [
        ("nuface-trinity-original", "325", "web-byrdie-nuface-review", "model"),
        ("nuface-trinity-original", "325", "web-byrdie-strivectin-facial-toner", "model"),
        ("nuface-trinity-original", "350", "facial-guide-2025", "brand"),
        ("ziip-halo", "250", "glowstice-2026", "model"),
    ]
    assert (rows[-1]["as_of"], rows[-1]["old"]) == ("2026", "false")
    assert {row["label"] for row in rows} == {"Price (USD)"}
    result = run(runner, "list", "--long", code=2)
    assert "--long is a CSV layout; add --format csv" in result.stderr


# --- say it right --------------------------------------------------------------------------


def test_a_range_is_inside_the_window_only_if_all_of_it_is(catalogue: Catalogue) -> None:
    current = next(criterion for criterion in CRITERIA if criterion.name == "current")
    devices = {device.slug: device for device in catalogue.devices}
    assert current.describe(devices["nuface-plus-original"]) == (
        "80–400 µA, partly inside the 200–800 µA window"
    )
    assert current.describe(devices["nuface-trinity-plus"]).endswith(
        ", inside the 200–800 µA window"
    )


def test_list_tells_a_stated_range_from_a_disagreement(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    # The built-in sources never disagree on a model's price, so the built-in list says only
    # what a stated range means.
    builtin = " ".join(run(runner, "list").stdout.split())
    assert "A range such as 0–400 µA is a range one source states" in builtin
    assert "means sources disagree" not in builtin
    path = write_catalogue(
        "devices:\n"
        "  - slug: two-prices\n    name: Two Prices\n    brand: Acme\n"
        "    price_usd:\n"
        "      - {value: 325, source: glowstice-2026}\n"
        "      - {value: 350, source: facial-guide-2025}\n"
        "  - slug: adjustable\n    name: Adjustable\n    brand: Acme\n"
        "    output_ua: {value: {low: 80, high: 400}, source: glowstice-2026}\n"
    )
    args = ("list", "--no-builtin", "--catalog", str(path))
    out = " ".join(run(runner, *args).stdout.split())
    assert "A range such as $325–350 means sources disagree." in out
    assert "A range such as 80–400 µA is a range one source states" in out
    markdown = run(runner, *args, "-f", "markdown").stdout
    assert "$325–350 means sources disagree" in markdown
    assert "80–400 µA is a range one source states" in markdown


def test_counts_and_money_read_right(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    assert run(runner, "safety", "pacemaker").stdout.startswith(
        "1 condition the sources warn about"
    )
    assert (
        "### 1 condition the sources" in run(runner, "safety", "pacemaker", "-f", "markdown").stdout
    )
    path = write_catalogue(
        "devices:\n"
        "  - slug: acme\n    name: Acme\n    brand: Acme\n"
        "    subscription_usd_per_month: {value: 9.99, source: glowstice-2026}\n"
    )
    out = run(runner, "show", "acme", "--catalog", str(path)).stdout
    assert re.search(r"Subscription \(USD/month\)\s+\$9\.99", out)


def test_schema_usage_shows_a_clean_metavar(runner: CliRunner) -> None:
    usage = run(runner, "schema", "--help").stdout
    assert "Usage: microcompare schema [OPTIONS] [catalogue|output]" in usage
    assert "[which]" not in usage


# --- accept what people type ---------------------------------------------------------------


@pytest.mark.parametrize("budget", ["$400", "400", "US$400", "400 USD", "$400.00"])
def test_a_budget_reads_as_people_write_it(runner: CliRunner, budget: str) -> None:
    body = json.loads(run(runner, "rank", "--budget", budget, "-f", "json").stdout)
    assert body["budget_usd"] == 400


@pytest.mark.parametrize("price", ["1,000", "$1,000", "1000"])
def test_thousands_read_in_every_money_option(
    runner: CliRunner, catalogue: Catalogue, price: str
) -> None:
    body = json.loads(run(runner, "list", "--max-price", price, "-f", "json").stdout)
    # Every known price is below $1,000 (read as $1 or $100, none would be).
    assert len(body["items"]) == sum(1 for device in catalogue.devices if device.price_usd)


@pytest.mark.parametrize("bad", ["1,00", "$", "$-5", "12,34,567", "ten"])
def test_money_that_is_not_money_is_refused(runner: CliRunner, bad: str) -> None:
    result = run(runner, "rank", "--budget", bad, code=2)
    assert "must be a number of US dollars above 0" in result.stderr


@pytest.mark.parametrize(
    ("typed", "kind"), [("nano", "nanocurrent"), ("micro", "microcurrent"), ("HYB", "hybrid")]
)
def test_a_current_type_may_be_a_start_or_the_tables_word(
    runner: CliRunner, typed: str, kind: str
) -> None:
    body = json.loads(run(runner, "list", "--type", typed, "-f", "json").stdout)
    assert body["items"]
    assert all(kind in {c["value"] for c in item["current_type"]} for item in body["items"])


def test_an_ambiguous_type_names_the_choices(runner: CliRunner) -> None:
    result = run(runner, "list", "--type", "m", code=2)
    assert "'m' could mean microcurrent or micro-and-nano; type more of it" in result.stderr


def test_safety_takes_a_condition_as_an_argument(runner: CliRunner) -> None:
    named = json.loads(run(runner, "safety", "pregnant", "-f", "json").stdout)
    option = json.loads(run(runner, "safety", "--condition", "pregnant", "-f", "json").stdout)
    assert named == option and [item["id"] for item in named["items"]] == ["pregnancy"]


def test_no_subscription_keeps_only_devices_a_source_says_need_none(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - {slug: free, name: F, brand: A, subscription: {value: no, source: glowstice-2026}}\n"
        "  - {slug: paid, name: P, brand: A, subscription: {value: yes, source: glowstice-2026}}\n"
        "  - {slug: unsaid, name: Unsaid, brand: A}\n"
    )
    result = run(
        runner, "list", "--no-builtin", "--catalog", str(path), "--no-subscription", "-f", "json"
    )
    body = json.loads(result.stdout)
    assert [item["slug"] for item in body["items"]] == ["free"]
    assert [notice["message"] for notice in body["warnings"]] == [
        "1 device left out because the subscription need is unknown: unsaid"
    ]


def test_limit_shows_the_first_rows_and_says_how_many_more(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    body = json.loads(run(runner, "list", "--sort", "price", "--limit", "3", "-f", "json").stdout)
    assert [item["slug"] for item in body["items"]] == [
        "rejuvenique",
        "strivectin-facial-toner",
        "nuface-mini-plus",
    ]
    more = f"{len(catalogue.devices) - 3} more devices not shown (--limit)."
    assert more in run(runner, "list", "--limit", "3").stdout
    ranked = json.loads(run(runner, "rank", "--budget", "400", "--limit", "2", "-f", "json").stdout)
    assert [item["rank"] for item in ranked["items"]] == [1, 2]
    # 10 devices have a known price within $400.
    assert "8 more ranked devices not shown (--limit 2)." in ranked["notes"]
    assert "must be a whole number from 1" in run(runner, "rank", "--limit", "0", code=2).stderr


# --- for scripts ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [output.value for output in Format])
def test_columns_choose_fields_in_every_format(runner: CliRunner, fmt: str) -> None:
    listed = run(runner, "list", "--columns", "price,fda-510k", "-f", fmt).stdout
    compared = run(runner, *COMPARE, "--fields", "510k", "--fields", "price", "-f", fmt).stdout
    if fmt == "json":
        item = json.loads(listed)["items"][0]
        assert list(item) == ["slug", "name", "brand", "price_usd", "fda_510k"]
        fields = [row["field"] for row in json.loads(compared)["items"]]
        assert fields == ["fda_510k", "price_usd"]
    elif fmt == "csv":
        assert next(csv.reader(io.StringIO(listed)))[3:] == [
            "price_usd_min",
            "price_usd_max",
            "price_usd_sources",
            "fda_510k",
            "fda_510k_sources",
            "safety",
            "sources",
            "known",
            "known_of",
            "price_as_of",
            "price_old",
            "not_about_model",
        ]
        assert "fda_510k,fda_510k_sources,price_usd_min" in compared
    else:
        assert "K201782" in listed and "K201782" in compared
        assert "Output" not in compared and "µA" not in listed


def test_an_unknown_column_names_the_choices(runner: CliRunner) -> None:
    result = run(runner, "list", "--columns", "price,colour", code=2)
    assert "--columns: unknown field 'colour'; choose from price-usd, output-ua" in result.stderr


BAD = (
    "devices:\n"
    "  - slug: acme\n    name: Acme\n    brand: Acme\n"
    "    price_usd: {value: x, source: glowstice-2026}\n"
    "  - slug: b\n    name: B\n    brand: B\n"
    "    output_ua: {value: 100, source: nowhere}\n"
    "  - slug: c\n    name: C\n    brand: C\n"
    "    app: {value: sometimes, source: nowhere2}\n"
)


def test_validate_json_gives_one_object_per_problem(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(BAD)
    result = run(runner, "validate", str(path), "-f", "json", code=1)
    body = json.loads(result.stdout)
    assert body["valid"] is False and body["files"] == [str(path)]
    assert body["items"][0] == {
        "file": str(path),
        "line": 5,
        "column": 24,
        "path": "devices[0].price_usd[0].value",
        "slug": "acme",
        "message": "Input should be a valid number",
    }
    assert [(item["line"], item["slug"]) for item in body["items"]] == [
        (5, "acme"),
        (9, "b"),
        (13, "c"),
        (13, "c"),
    ]
    clean = json.loads(run(runner, "validate", "data/devices.yaml", "-f", "json").stdout)
    assert (clean["items"], clean["valid"]) == ([], True)
    refused = run(runner, "validate", str(path), "-f", "csv", code=2)
    assert refused.stderr == "error: validate writes a table or json, not csv\n"


def test_a_command_counts_the_problems_validate_lists(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(BAD)
    listed = run(runner, "validate", str(path), code=1).stderr.splitlines()
    said = run(runner, "list", "--catalog", str(path), code=1).stderr
    assert f"(and {len(listed) - 1} more problems;" in said
