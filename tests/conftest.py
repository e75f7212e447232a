"""Shared fixtures: the built-in catalogue and a CLI runner with a fixed, colourless terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare.catalog import load_catalogue
from microcompare.records import Catalogue


@pytest.fixture(autouse=True)
def no_user_catalogues(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # The developer's own catalogue file or MICROCOMPARE_CATALOG must not change test results.
    monkeypatch.delenv("MICROCOMPARE_CATALOG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    # Nor anything in their cache directory (microcompare keeps nothing there; a test checks).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue().catalogue


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    # Tests see what a pipe sees: 80 columns, no colour, whatever the developer's shell says.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield CliRunner()


@pytest.fixture
def write_catalogue(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write catalogue text to a file and return its path."""

    def write(text: str, name: str = "catalogue.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# A device two sources price differently (no built-in device has two prices for the model
# itself), for the tests of what a disputed price does.
DISPUTED_PRICE = (
    "devices:\n"
    "  - slug: disputed-wand\n"
    "    name: Disputed Wand\n"
    "    brand: Acme\n"
    "    price_usd:\n"
    "      - {value: 325, source: glowstice-2026}\n"
    "      - {value: 350, source: facial-guide-2025}\n"
)


# The cheap device's unknown evidence moves its chance of coming first, but at no value of it
# does the dear one come first more often: there is no deciding fact, only the leader's own
# unknown. (At $300 the dear one would be ahead if the evidence were weak: that decides.)
# DEAR is the dear device's price: tests put in their own.
SWAYED = """
sources:
  - {id: s, title: A source, url: "https://example.com/s"}
devices:
  - slug: cheap-unknown
    name: Cheap Unknown
    brand: Acme
    price_usd: [{value: 100, source: s}]
    fda_status: [{value: cleared, source: s}]
    output_ua: [{value: 400, source: s}]
    intensity_levels: [{value: 5, source: s}]
    app: [{value: none, source: s}]
    subscription: [{value: false, source: s}]
    modes: [{value: [lift, tone], source: s}]
  - slug: dear-known
    name: Dear Known
    brand: Acme
    price_usd: [{value: DEAR, source: s}]
    fda_status: [{value: cleared, source: s}]
    evidence: [{value: {kind: maker-study}, source: s}]
    output_ua: [{value: 400, source: s}]
    intensity_levels: [{value: 5, source: s}]
    app: [{value: none, source: s}]
    subscription: [{value: false, source: s}]
    modes: [{value: [lift, tone], source: s}]
"""


# One run of every command that prints a result, for the tests that try each in every format.
COMMANDS: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "show": ("show", "nuface-trinity-plus"),
    "compare": ("compare", "nuface-trinity-plus", "ziip-halo", "--months", "12"),
    "rank": ("rank", "--budget", "400", "--months", "12"),
    "criteria": ("criteria",),
    "sources": ("sources",),
    "safety": ("safety",),
    "plan": ("plan", "nuface-trinity-plus", "--start", "2026-12-01"),
    "chart": ("chart",),
}
