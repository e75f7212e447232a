"""The HTML export opened in a real browser: Debian's Chromium, driven by Playwright.

Set up with tests/install-browser (the README's test set-up runs it).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from microcompare.cli import app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        "no Chromium to open the page in: run tests/install-browser (Debian's chromium package)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is part of the test extras: pip install '.[test]'"
)

# As root Chromium needs --no-sandbox; the rest keep it off the network it has no use for.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def test_the_ranking_page_shows_its_table_warning_first_and_needs_nothing_else(
    browser: Any, tmp_path: Path
) -> None:
    page_file = tmp_path / "rank.html"
    args = ["rank", "--budget", "400", "--condition", "tmj"]
    result = CliRunner().invoke(app, [*args, "-f", "html", "-o", str(page_file)])
    assert result.exit_code == 0, result.output
    # What the page must show, from the same ranking as JSON.
    ranked = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)["items"]
    first = ranked[0]
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    requested: list[str] = []

    def refuse_the_network(route: Any) -> None:
        requested.append(route.request.url)
        route.abort()

    page.route("http*://**/*", refuse_the_network)
    page.goto(page_file.as_uri())

    assert page.title() == "Ranking — microcompare"
    table = page.locator("table").first
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() == len(ranked)
    assert rows.first.locator("td").nth(1).inner_text() == (
        f"{first['name']} ({first['slug']}) ⚠ caution"
    )
    warning = page.locator("blockquote").first
    assert warning.inner_text().startswith("Safety (caution): TMJ")
    assert warning.bounding_box()["y"] < table.bounding_box()["y"]
    # The footnote marks lead to sources, and web sources are links out.
    first_mark = page.locator("sup.footnote-ref a").first
    target = first_mark.get_attribute("href")
    assert page.locator(f"li{target}").is_visible()
    assert page.locator("section.footnotes a[href^='https://']").count() >= 1
    assert requested == []  # no asset from anywhere: the page is self-contained

    page.emulate_media(media="print")
    assert table.is_visible() and rows.count() == len(ranked)
    assert len(page.pdf()) > 1000
    page.close()
