"""Shell completion: the script typer installs, and what it offers as a person types."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from microcompare.cli import app


def complete(runner: CliRunner, line: str) -> list[str]:
    """What bash would offer for the last word of `line` (a trailing space starts a new one)."""
    words = line.split()
    current = len(words) if line.endswith(" ") else len(words) - 1
    result = runner.invoke(
        app,
        [],
        prog_name="microcompare",
        env={
            "_MICROCOMPARE_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(current),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        (
            "microcompare show nuface-t",
            ["nuface-trinity-plus", "nuface-trinity-pro", "nuface-trinity-original"],
        ),
        ("microcompare compare ziip-halo nuface-m", ["nuface-mini-plus", "nuface-mini-original"]),
        ("microcompare plan zi", ["ziip-halo", "ziip-dot"]),
        ("microcompare rank --weight pr", ["price="]),
        ("microcompare rank --weight a", ["app="]),
        ("microcompare rank --profile ", ["balanced", "evidence-first", "budget", "no-app"]),
        ("microcompare rank --condition preg", ["pregnancy", "pregnant"]),
        ("microcompare list --format ", ["table", "json", "csv", "markdown", "html"]),
        ("microcompare plan ziip-halo --format i", ["ics"]),
        ("microcompare list --sort p", ["price"]),
        ("microcompare sa", ["safety"]),
    ],
)
def test_completion_offers_slugs_criteria_profiles_conditions_and_formats(
    runner: CliRunner, line: str, offered: list[str]
) -> None:
    assert complete(runner, line) == offered


def test_completion_includes_a_users_own_devices(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("devices:\n  - {slug: my-wand, name: My Wand, brand: Acme}\n")
    monkeypatch.setenv("MICROCOMPARE_CATALOG", str(path))
    assert complete(runner, "microcompare show my-") == ["my-wand"]


def test_a_broken_catalogue_offers_nothing_rather_than_an_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MICROCOMPARE_CATALOG", str(write_catalogue("devices: [\n")))
    assert complete(runner, "microcompare show nuface") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_each_shell(runner: CliRunner, shell: str) -> None:
    result = runner.invoke(app, ["--show-completion", shell], prog_name="microcompare")
    assert result.exit_code == 0, result.output
    assert "_MICROCOMPARE_COMPLETE" in result.stdout
