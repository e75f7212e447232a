"""The README's first two commands and its example output stay true to the program."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"```console\n\$ microcompare ([^\n|]+)\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    return [(args.strip(), output) for args, output in EXAMPLE.findall(README.read_text())]


def test_readme_opens_with_the_install_and_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README.read_text(), re.DOTALL)
    assert blocks[0] == "pip install . && microcompare rank --budget 400"
    assert blocks[1] == "tests/install-browser; pip install '.[test]' && pytest"
    ci = (README.parent / ".ci" / "run").read_text()
    assert "\ntests/install-browser; pip install '.[test]' && pytest\n" in ci


def test_readme_has_examples() -> None:
    assert {args.split()[0] for args, _ in examples()} >= {"list", "compare", "rank", "show"}


@pytest.mark.parametrize(("args", "expected"), examples())
def test_readme_example_output_is_current(runner: CliRunner, args: str, expected: str) -> None:
    result = runner.invoke(app, shlex.split(args))
    # Regenerate with: COLUMNS=80 microcompare ARGS, pasted into the README block. At a
    # terminal, safety warnings are not repeated on stderr, so only an error's stderr shows.
    shown = result.stdout + (result.stderr if result.exit_code else "")
    assert shown == expected, f"README block for '{args}' is stale"


def test_readme_explain_excerpt_is_current(runner: CliRunner) -> None:
    [excerpt] = re.findall(r"```text\n(\d+\. nuface-trinity-plus.*?)```", README.read_text(), re.S)
    result = runner.invoke(app, ["rank", "--budget", "400", "--explain"])
    assert excerpt in result.stdout
