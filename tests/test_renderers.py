"""The format registry: every format has one renderer, found lazily, and the command line takes
its suffixes, help and errors from the registry rather than from a list of its own."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.render import FORMATS, OutputFormat
from microcompare.vocab import Format, PlanFormat

FORMAT_MODULES = {f"microcompare.render.{spec.module}" for spec in FORMATS.values()}
# A command that gives a result each format can write: a data command, or plan.
EXAMPLE = {
    output: ("list",) if spec.writes("list") else ("plan", "ziip-halo", "--start", "2026-12-01")
    for output, spec in FORMATS.items()
}


def test_the_registry_covers_every_format_and_only_them() -> None:
    # As pip-audit's test_to_format_is_exhaustive: a format in the enum with no renderer,
    # or a renderer no option can choose, fails here rather than at a user's command.
    assert set(FORMATS) == set(Format) | set(PlanFormat)
    assert [output for output, spec in FORMATS.items() if spec.commands is None] == list(Format)
    assert [output for output, spec in FORMATS.items() if spec.writes("plan")] == list(PlanFormat)


@pytest.mark.parametrize(("output", "spec"), FORMATS.items())
def test_each_format_module_renders_the_result_the_command_and_the_options(
    output: Format, spec: OutputFormat
) -> None:
    render = importlib.import_module(f"microcompare.render.{spec.module}").render
    parameters = list(inspect.signature(render).parameters.values())
    assert [parameter.name for parameter in parameters[:3]] == ["result", "command", "options"]
    # Anything more has a default, so `render(result, command, options)` is a whole call.
    assert all(parameter.default is not parameter.empty for parameter in parameters[3:])


def test_no_two_formats_claim_a_suffix() -> None:
    suffixes = [suffix for spec in FORMATS.values() for suffix in spec.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert all(re.fullmatch(r"\.[a-z]+", suffix) for suffix in suffixes)


@pytest.mark.parametrize(
    ("output", "suffix"),
    [(output, suffix) for output, spec in FORMATS.items() for suffix in spec.suffixes],
)
def test_each_registered_suffix_chooses_its_format(
    runner: CliRunner, tmp_path: Path, output: Format, suffix: str
) -> None:
    target = tmp_path / f"out{suffix.upper()}"
    args = EXAMPLE[output]
    written = runner.invoke(app, [*args, "-o", str(target)], env={"COLUMNS": "80"})
    assert written.exit_code == 0, written.output
    printed = runner.invoke(app, [*args, "-f", output.value], env={"COLUMNS": "80"})
    assert printed.exit_code == 0, printed.output
    # iCalendar stamps each event with the second it was made.
    stamp = re.compile(r"^DTSTAMP:.*$", re.M)
    assert stamp.sub("", target.read_text("utf-8")) == stamp.sub("", printed.stdout)


@pytest.mark.parametrize("command", ["list", "plan"])
def test_format_help_names_each_format_and_its_suffix(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    help_text = " ".join(result.stdout.split())
    for spec in FORMATS.values():
        shown = spec.writes(command)
        assert (spec.title in help_text) is shown, spec.title
        if spec.suffixes:
            assert (spec.suffixes[0] in help_text) is shown, spec.suffixes[0]


def loaded_format_modules(*args: str) -> set[str]:
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
        "from microcompare import main\n"
        f"sys.argv = ['microcompare', *{list(args)!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    modules: list[str] = json.loads(run.stderr.strip().splitlines()[-1])
    return set(modules) & (FORMAT_MODULES | {"rich"})


def test_help_imports_no_format_module() -> None:
    assert loaded_format_modules("--help") == set()


def test_a_command_imports_its_own_format_module_alone() -> None:
    assert loaded_format_modules("list") == {"microcompare.render.table", "rich"}
    # JSON has no need of Rich.
    assert loaded_format_modules("list", "-f", "json") == {"microcompare.render.json"}
