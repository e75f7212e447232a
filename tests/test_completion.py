"""Shell completion: the script typer installs, and what it offers as a person types."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.vocab import Format, PlanFormat


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
            [
                "nuface-trinity-plus",
                "nuface-trinity-pro",
                "nuface-trinity-original",
                "nuface-trinity-ele",
                "nuface-trinity-ele-plus",
            ],
        ),
        ("microcompare compare ziip-halo nuface-m", ["nuface-mini-plus", "nuface-mini-original"]),
        ("microcompare plan zi", ["ziip-halo", "ziip-dot", "ziip-original", "ziip-plus"]),
        ("microcompare rank --weight pr", ["price="]),
        ("microcompare rank --weight a", ["app="]),
        ("microcompare rank --profile ", ["balanced", "evidence-first", "budget", "no-app"]),
        ("microcompare rank --condition preg", ["pregnancy", "pregnant"]),
        ("microcompare list --format ", [output.value for output in Format]),
        (
            "microcompare plan ziip-halo --format i",
            [output.value for output in PlanFormat if output.startswith("i")],
        ),
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


def test_completion_reads_the_catalog_files_on_the_line_being_typed(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("devices:\n  - {slug: lone-wand, name: Lone Wand, brand: Acme}\n")
    assert complete(runner, f"microcompare show --catalog {path} lone") == ["lone-wand"]
    alone = complete(runner, f"microcompare show --no-builtin --catalog {path} ")
    assert alone == ["lone-wand"]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _microcompare_completion microcompare"),
        ("zsh", "compdef _microcompare_completion microcompare"),
        ("fish", "complete --command microcompare"),
    ],
)
def test_show_completion_prints_the_script_for_each_shell(shell: str, marker: str) -> None:
    # Typer detects the shell it runs in; its own tests' switch names the shell instead. It
    # is read when typer first builds the command, hence a fresh process.
    result = subprocess.run(
        [sys.executable, "-c", SHOW_COMPLETION, shell],
        capture_output=True,
        text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "_MICROCOMPARE_COMPLETE" in result.stdout and marker in result.stdout


SHOW_COMPLETION = (
    "import sys; from microcompare.cli import main; main(['--show-completion', sys.argv[1]])"
)
