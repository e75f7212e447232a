"""`chart`: output current against the sources' window and threshold, and price."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.engine.chart import chart_devices
from microcompare.records import Catalogue
from microcompare.vocab import ClaimBasis


def test_chart_orders_known_values_largest_first_and_keeps_unknown(catalogue: Catalogue) -> None:
    chart = chart_devices(catalogue)
    known = [(bar.slug, bar.low, bar.high) for bar in chart.current if bar.high is not None]
    # The Trinity's 80–400 is its predecessor's figure (the NuFACE Plus), kept with that label.
    assert known == [
        ("foreo-bear-2", 800, 800),
        ("nuface-trinity-original", 80, 400),
        ("nuface-plus-original", 80, 400),
        ("nuface-original", 0, 400),
        ("nutra-face-lift-pe8050", 0, 400),
        ("everyway-mt-200", 0, 400),
        ("galvanic-spa-skb-1405", 0, 390),
        ("nuface-trinity-plus", 335, 335),
        ("nuface-trinity-ele", 53, 192),
    ]
    halo = next(bar for bar in chart.current if bar.slug == "ziip-halo")
    assert (halo.low, halo.high, halo.sources) == (None, None, ())
    assert len(chart.current) == len(chart.price) == len(catalogue.devices)
    # The Trinity's two reviews say $325; the article's $350 is said of the brand, so it
    # neither widens the bar nor is cited for it.
    trinity = next(bar for bar in chart.price if bar.slug == "nuface-trinity-original")
    assert (trinity.low, trinity.high) == (325, 325)
    assert trinity.sources == ("web-byrdie-nuface-review", "web-byrdie-strivectin-facial-toner")
    assert trinity.about is ClaimBasis.MODEL
    assert (chart.window.low, chart.window.high) == (200, 800)
    assert (chart.threshold.high, chart.threshold.sources) == (1000, ("glowstice-2026",))
    # The other source's range is kept beside the window it differs from.
    assert [(m.low, m.high, m.sources) for m in chart.other_ranges] == [
        (10, 600, ("celliara-2026",))
    ]


def test_a_bar_drawn_from_an_earlier_models_figure_says_so_in_every_format(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    # The 2018 Trinity's only current figure is its predecessor's (the NuFACE Plus).
    current = next(
        bar for bar in chart_devices(catalogue).current if bar.slug == "nuface-trinity-original"
    )
    assert (current.low, current.high, current.about) == (80, 400, ClaimBasis.PREDECESSOR)
    table = runner.invoke(app, ["chart", "--no-pager"], env={"COLUMNS": "100"}).stdout
    trinity_line = next(line for line in table.splitlines() if line.startswith("NuFACE Trinity "))
    assert trinity_line.endswith("80–400 µA‡")
    plus_line = next(line for line in table.splitlines() if line.startswith("NuFACE Plus "))
    assert plus_line.endswith("80–400 µA")
    assert "‡ said of an earlier model." in table
    markdown = runner.invoke(app, ["chart", "-f", "markdown"]).stdout
    assert "| 80–400 (said of an earlier model)[^" in markdown
    items = json.loads(runner.invoke(app, ["chart", "-f", "json"]).stdout)["items"]
    trinity = next(item for item in items if item["slug"] == "nuface-trinity-original")
    assert (trinity["output_ua_about"], trinity["price_usd_about"]) == ("predecessor", "model")
    halo = next(item for item in items if item["slug"] == "ziip-halo")
    assert halo["output_ua_about"] is None
    rows = runner.invoke(app, ["chart", "-f", "csv"]).stdout.splitlines()
    assert rows[0].endswith(",not_about_model")
    assert next(row for row in rows if row.startswith("nuface-trinity-original,")).endswith(
        ",output_ua"
    )


def test_chart_draws_bars_against_the_window_and_threshold_in_80_columns(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["chart"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    bear = next(line for line in lines if line.startswith("Foreo Bear 2 "))
    assert bear.endswith(" 800 µA") and "│" in bear
    trinity = next(line for line in lines if line.startswith("NuFACE Trinity+ "))
    # 335 µA: solid up to the value, then the window's dots, then the threshold mark.
    assert trinity.endswith(" 335 µA")
    assert "█·" in trinity and trinity.index("·") < trinity.index("│")
    assert bear.count("█") > trinity.count("█")
    assert any(line.strip() == "0      200                      800    1,000" for line in lines)
    text = " ".join(lines)
    # The current's list of unknowns, in slug order (the price's has everyway-… after ep-400-…).
    unknown = "caci-microlift, clareblend-mini, ep-400-facial-service, facemaster,"
    assert f"Unknown (no source gives it): {unknown}" in text
    assert "~1,000 µA sensory threshold [glowstice-2026]" in text
    assert "celliara-2026 gives 10–600 µA" in text
    assert "NuFACE Trinity+ " in text and "$325" in text


def test_chart_exports_its_figures_with_unknown_as_null(runner: CliRunner) -> None:
    result = runner.invoke(app, ["chart", "-f", "json"])
    body = json.loads(result.stdout)
    items = {item["slug"]: item for item in body["items"]}
    assert items["nuface-trinity-plus"]["output_ua"] == {"min": 335, "max": 335}
    assert items["nuface-trinity-plus"]["price_usd"] == {"min": 325, "max": 325}
    assert items["nuface-trinity-original"]["price_usd"] == {"min": 325, "max": 325}
    assert items["ziip-halo"]["output_ua"] is None
    assert items["ziip-halo"]["price_usd"] == {"min": 250, "max": 250}
    assert body["reference_ua"][0] == {
        "label": "consumer microcurrent window",
        "min": 200,
        "max": 800,
        "sources": ["glowstice-2026", "celliara-2026"],
    }


def test_chart_of_nothing_known_says_so_and_a_large_value_labels_the_axis(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    empty = write_catalogue("devices: []\n", name="empty.yaml")
    result = runner.invoke(app, ["chart", "--no-builtin", "--catalog", str(empty)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("No source gives this for any device here.") == 2
    big = write_catalogue(
        "devices:\n  - {slug: big, name: Big, brand: B, output_ua: {value: 5000, "
        "source: glowstice-2026}, price_usd: {value: 0.5, source: glowstice-2026}}\n",
        name="big.yaml",
    )
    lines = runner.invoke(app, ["chart", "--no-builtin", "--catalog", str(big)]).stdout.splitlines()
    assert lines[1].endswith("5,000 µA")
    assert lines[3].split() == ["0", "800", "5,000"]
    assert any(line.split() == ["$0", "$0.50"] for line in lines)
