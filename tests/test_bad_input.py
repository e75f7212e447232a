"""Bad input never crashes and never misleads: a corpus of broken catalogue files, every
kind of bad argument, and generated garbage for the loader and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from microcompare import catalog_files
from microcompare.catalog_files import (
    check_catalogue_file,
    parse_catalogue_text,
    read_catalogue_file,
)
from microcompare.cli import app
from microcompare.errors import DataError
from microcompare.shipped import builtin_catalogue_path
from microcompare.vocab import Format

CORPUS = Path(__file__).parent / "bad_catalogues"

# Each file in the corpus and what the C loader says about it, after "error: FILE".
EXPECTED = {
    "billion-laughs.yaml": ":6:8: aliases make this file stand for 926,177,125 values though "
    "it holds 39; repeat values by writing them out, not by aliases of aliases",
    "self-reference.yaml": ":6:19: a value contains itself through an alias; write it out instead",
    "current-infinite.yaml": ":9:24: devices[0].output_ua[0].value (acme-glow): "
    "Input should be a finite number",
    "current-text.yaml": ":9:24: devices[0].output_ua[0].value (acme-glow): "
    "Input should be a valid number",
    "deep-block-nesting.yaml": ":1004:1999: YAML syntax error: exceeded maximum nesting depth",
    "deep-flow-nesting.yaml": ":5:1009: YAML syntax error: exceeded maximum nesting depth",
    "devices-mapping.yaml": ":6:3: devices: Input should be a list",
    "devices-null.yaml": ":5:10: devices: Input should be a list",
    "duplicate-key.yaml": ":9:5: duplicate key 'brand'; each key may appear once in a mapping",
    "duplicate-slug.yaml": ":9:11: devices[1].slug (acme-glow): slug 'acme-glow' is also "
    "used by devices[0]; each must be unique",
    "duplicate-top-key.yaml": ":6:1: duplicate key 'sources'",
    "empty.yaml": ": the file is empty; write at least one of 'devices', 'sources', "
    "'contraindications' or 'general'",
    "missing-name.yaml": ":6:5: devices[0].name (acme-glow): is required here",
    "moderate-nesting.yaml": ":5:11: devices[0]: Input should be a mapping (key: value lines)",
    "not-utf8.yaml": ":7:14: byte 0xe9 is not UTF-8; save the catalogue as UTF-8 text",
    "nul-bytes.yaml": ":5:10: character U+0000 is not allowed in YAML; remove it or save the "
    "file as plain text",
    "only-comments.yaml": ": the file is empty",
    "price-nan.yaml": ":9:24: devices[0].price_usd[0].value (acme-glow): "
    "Input should be a finite number",
    "price-negative.yaml": ":9:24: devices[0].price_usd[0].value (acme-glow): "
    "Input should be greater than 0",
    "price-text.yaml": ":9:24: devices[0].price_usd[0].value (acme-glow): "
    "Input should be a valid number",
    "python-name-tag.yaml": ":9:12: the YAML tag 'tag:yaml.org,2002:python/name:os.system' "
    "is not allowed; a catalogue holds plain values only, so remove the tag",
    "python-object-tag.yaml": ":5:10: the YAML tag "
    "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    "random-binary.yaml": ":1:2: byte 0xbd is not UTF-8",
    "slug-with-capitals.yaml": ":6:11: devices[0].slug (Acme-Glow): 'Acme-Glow' must be "
    "lowercase letters and digits joined by single hyphens, e.g. acme-glow",
    "slug-with-punctuation.yaml": ":6:11: devices[0].slug (acme_glow!): 'acme_glow!' must be",
    "slug-with-space.yaml": ":6:11: devices[0].slug (acme glow): 'acme glow' must be",
    "syntax-bad-indent.yaml": ":7:4: YAML syntax error: ",
    "syntax-unclosed-bracket.yaml": ":6:3: YAML syntax error: ",
    "tab-indentation.yaml": ":6:1: YAML syntax error: a tab cannot indent YAML; indent with spaces",
    "key-with-line-break.yaml": ":4:3: ['odd\\nkey']: 'odd\\nkey' is not a field here; "
    "remove it or check its spelling",
    "merge-key.yaml": ":7:5: merge keys (<<) are not allowed in a catalogue; write the keys out",
    "two-documents.yaml": ":6:1: a catalogue is one YAML document; remove the '---' that "
    "starts a second one",
    "set-tag.yaml": ":9:14: the YAML tag 'tag:yaml.org,2002:set' is not allowed",
    "unhashable-key.yaml": ":9:7: a key must be plain text, not a list or a mapping",
    "claim-without-source.yaml": ":9:16: devices[0].price_usd (acme-glow): should be one "
    "claim ({value: …, source: …}) or a list of claims",
    "url-without-scheme.yaml": ":4:10: sources[0].url: 'example.org/notes' must be a web "
    "address starting with http:// or https://, with no spaces",
    "price-absurd.yaml": ":9:24: devices[0].price_usd[0].value (acme-glow): Input should be "
    "less than or equal to 100000",
    "tag-with-bad-value.yaml": ":9:23: 'abc' cannot be read as a YAML int; write a plain value",
    "number-too-long.yaml": ":9:23: '9999999999999999999999999999999999999...' cannot be "
    "read as a YAML int",
    "tag-on-wrong-kind.yaml": ":5:10: YAML error: expected a sequence node, but found mapping",
    "map-tag-on-list.yaml": ":5:10: a !!map tag on a value that is not a mapping; remove the tag",
    "top-level-list.yaml": ":1:1: the top level is a list; a catalogue is a mapping with "
    "'sources' and 'devices' keys",
    "top-level-scalar.yaml": ":1:1: the top level is a single value; a catalogue is a mapping",
    "undefined-source.yaml": ":9:37: devices[0].price_usd[0].source (acme-glow): source "
    "'nowhere' is not defined in this file or the built-in catalogue; add it to 'sources'",
    "unknown-fda-status.yaml": ":9:25: devices[0].fda_status[0].value (acme-glow): "
    "Input should be 'cleared' or 'not-cleared'",
    "unknown-field.yaml": ":9:13: devices[0].colour (acme-glow): 'colour' is not a field here",
    # Every type's fields are candidates, those of a claim's value among them.
    "misspelt-field-in-a-claim-value.yaml": ":10:45: devices[0].adverse_events[0].value."
    "maker_respons (acme-glow): 'maker_respons' is not a field here; did you mean "
    "'maker_response'?",
    "unknown-local-tag.yaml": ":9:12: the YAML tag '!shout' is not allowed",
    # A bad item is said once, at the item, not again as its list being too short.
    "empty-item-in-a-list.yaml": ":9:21: devices[0].modes[0].value[0] (acme-glow): String "
    "should have at least 1 character",
    "empty-list.yaml": ":9:20: devices[0].modes[0].value (acme-glow): should be a list of "
    "at least 1 item",
    # Text that would drive a terminal: clear the screen, set its title, hide a link, or
    # make text read in another order than it is stored.
    "escape-in-name.yaml": ":7:11: devices[0].name (acme-glow): character U+001B "
    "(a control character) is not allowed in catalogue text; remove it",
    "title-sequence-in-notes.yaml": ":9:12: devices[0].notes (acme-glow): character U+001B "
    "(a control character) is not allowed",
    "hyperlink-sequence-in-url.yaml": ":4:10: sources[0].url: character U+001B "
    "(a control character) is not allowed",
    "bidi-override-in-title.yaml": ":3:12: sources[0].title: character U+202E "
    "(a bidirectional control) is not allowed in catalogue text; remove it",
    "bidi-isolate-in-claim-note.yaml": ":9:53: devices[0].price_usd.note (acme-glow): "
    "character U+2066 (a bidirectional control) is not allowed",
    "c1-control-in-alias.yaml": ":9:15: devices[0].aliases[0] (acme-glow): character U+009B "
    "(a control character) is not allowed",
    "delete-in-brand.yaml": ":8:12: devices[0].brand (acme-glow): character U+007F "
    "(a control character) is not allowed",
    "line-break-in-name.yaml": ":7:11: devices[0].name (acme-glow): character U+000A "
    "(a line break) is not allowed in catalogue text; remove it",
}
# What the pure-Python loader (used where PyYAML lacks libyaml) says differently.
PURE_PYTHON = {
    "deep-block-nesting.yaml": ":105:201: values are nested more than 100 levels deep; "
    "a catalogue needs only a few levels",
    "deep-flow-nesting.yaml": ":5:",
    "moderate-nesting.yaml": ":5:",
}
HOSTILE = [
    "billion-laughs.yaml",
    "deep-block-nesting.yaml",
    "deep-flow-nesting.yaml",
    "python-name-tag.yaml",
    "python-object-tag.yaml",
]
# A generous bound: these must be refused at once, not expanded or recursed into.
SECONDS = 5.0


def test_every_corpus_file_has_an_expected_message() -> None:
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.fixture(params=["c", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs with the C loader and with the pure-Python fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(
            catalog_files, "_CatalogueLoader", catalog_files._make_loader(yaml.SafeLoader)
        )
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml, so there is no C loader to test")
    yield request.param


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["validate", "list"])
def test_bad_catalogue_gets_one_located_line_and_exit_1(
    runner: CliRunner, loader: str, command: str, name: str
) -> None:
    path = CORPUS / name
    args = ["validate", str(path)] if command == "validate" else ["list", "--catalog", str(path)]
    started = time.monotonic()
    result = runner.invoke(app, args)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    expected = EXPECTED[name]
    if loader == "pure-python" and name in PURE_PYTHON:
        expected = PURE_PYTHON[name]
    elif loader == "pure-python" and "YAML syntax error: " in expected:
        expected = expected.partition("YAML syntax error: ")[0]  # the wording differs
    assert lines[0].startswith(f"error: {path}{expected}"), lines[0]
    assert elapsed < SECONDS


def test_anchors_and_aliases_that_repeat_a_value_are_fine(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - slug: a\n    name: A\n    brand: B\n"
        "    price_usd: &price {value: 199, source: glowstice-2026}\n"
        "  - slug: b\n    name: Bee\n    brand: B\n    price_usd: *price\n"
    )
    result = runner.invoke(app, ["list", "--no-builtin", "--catalog", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count(",199,199,") == 2


def test_validate_reports_every_problem_in_a_file_one_per_line(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - slug: Bad Slug\n    name: A\n    brand: B\n"
        "    price_usd: {value: lots, source: nowhere}\n"
        "  - slug: b\n    brand: B\n    output_ua: {value: -1, source: my-notes}\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:2:11: devices[0].slug (Bad Slug): 'Bad Slug' must be lowercase "
        "letters and digits joined by single hyphens, e.g. acme-glow",
        f"error: {path}:5:24: devices[0].price_usd[0].value (Bad Slug): "
        "Input should be a valid number",
        # Citations are checked even though other fields are wrong.
        f"error: {path}:5:38: devices[0].price_usd[0].source (Bad Slug): source 'nowhere' "
        "is not defined in this file or the built-in catalogue; add it to 'sources'",
        f"error: {path}:6:5: devices[1].name (b): is required here",
        f"error: {path}:8:24: devices[1].output_ua[0].value (b): "
        "Input should be greater than or equal to 0",
        f"error: {path}:8:36: devices[1].output_ua[0].source (b): source 'my-notes' "
        "is not defined in this file or the built-in catalogue; add it to 'sources'",
    ]


def test_loading_a_file_with_many_problems_says_one_line_and_where_to_see_all(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("devices:\n  - slug: X\n  - slug: Y\n")
    result = runner.invoke(app, ["list", "--catalog", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}:2:11: devices[0].slug (X): 'X' must be lowercase letters and digits "
        "joined by single hyphens, e.g. acme-glow (and 5 more problems; "
        f"'microcompare validate {path}' lists every one)\n"
    )


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_quickly_in_bounded_memory(tmp_path: Path, name: str) -> None:
    # A separate process, so that a limit on its memory cannot take the test run down.
    marker = Path("/tmp/microcompare-pwned")
    marker.unlink(missing_ok=True)
    limit = 1024 * 1024 * 1024
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "from microcompare.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code, "list", "--catalog", str(CORPUS / name)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert time.monotonic() - started < SECONDS
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"error: {CORPUS / name}{EXPECTED[name]}")
    assert not marker.exists()


def test_missing_file_directory_and_oversized_file(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse, so it takes no room on disk
        handle.truncate(catalog_files.MAX_CATALOGUE_BYTES + 1)
    too_big = "the file is over the 67,108,864-byte limit for a catalogue file"
    cases = {
        tmp_path / "nope.yaml": "no such file; give the path of a catalogue YAML file",
        tmp_path: "is a directory; give a catalogue YAML file",
        big: too_big,
        # A device that never ends is read only up to the limit.
        Path("/dev/zero"): too_big,
    }
    for path, message in cases.items():
        for args in (["validate", str(path)], ["list", "--catalog", str(path)]):
            result = runner.invoke(app, args)
            assert result.exit_code == 1
            assert result.stderr == f"error: {path}: {message}\n"


def test_a_named_pipe_no_one_writes_to_reads_as_empty_instead_of_hanging(
    runner: CliRunner, tmp_path: Path
) -> None:
    fifo = tmp_path / "catalogue.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = runner.invoke(app, ["list", "--catalog", str(fifo)])
    assert time.monotonic() - started < SECONDS
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {fifo}: the file is empty; write at least one of 'devices', 'sources', "
        "'contraindications' or 'general'\n"
    )


def test_the_same_checks_reach_the_environment_and_config_directory_files(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = CORPUS / "price-text.yaml"
    monkeypatch.setenv("MICROCOMPARE_CATALOG", str(path))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path} (from MICROCOMPARE_CATALOG):9:24: ")
    monkeypatch.delenv("MICROCOMPARE_CATALOG")
    config = tmp_path / "microcompare" / "catalog.yaml"
    config.parent.mkdir()
    config.write_bytes((CORPUS / "tab-indentation.yaml").read_bytes())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {config}:6:1: YAML syntax error: a tab cannot indent YAML; indent with spaces\n"
    )


LOOKALIKE = "nufаce-trinity"  # the 'а' is Cyrillic
LONG = "a" * 50_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["rank", "--budget", "-5"],
            "invalid value for '--budget': must be a number of US "
            "dollars above 0, e.g. 250 (got '-5')",
        ),
        (["rank", "--budget", "0"], "must be a number of US dollars above 0, e.g. 250 (got '0')"),
        (["rank", "--budget", "nan"], "must be a number of US dollars above 0"),
        (["rank", "--budget", "inf"], "must be a number of US dollars above 0"),
        (["rank", "--budget", "lots"], "must be a number of US dollars above 0"),
        (["compare", "ziip-halo"], "compare needs at least two devices"),
        (["show", ""], "a device slug cannot be empty; run 'microcompare list' to see them"),
        (
            ["show", LONG],
            "unknown device 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'; "
            "run 'microcompare list' to see every slug",
        ),
        (["show", LOOKALIKE], f"unknown device '{LOOKALIKE}' — did you mean 'nuface-trinity'?"),
        (["compare", "nuface-trinity", "zïip-halo"], "did you mean 'ziip-halo'?"),
        (
            ["list", "--format", "xml"],
            "'xml' is not one of " + ", ".join(f"'{output}'" for output in Format),
        ),
        (["list", "--sort", "colour"], "'colour' is not one of 'name', 'slug', 'brand', 'price'"),
        (["rank", "--weight", "colour=1"], "unknown criterion 'colour'; criteria: fda, evidence"),
        (
            ["rank", "--profile", "fast"],
            "unknown profile 'fast'; profiles: balanced, evidence-first, budget, no-app",
        ),
        (
            ["rank", "--condition", "gout"],
            "unknown condition 'gout'; known conditions: pacemaker, heart-condition",
        ),
        (
            ["rank", "--weight", "price"],
            "--weight 'price' is not NAME=NUMBER; write e.g. --weight price=2",
        ),
        (["rank", "--weight", "price=abc"], "the weight must be a number from 0 to 100"),
        (["rank", "--weight", "price=-1"], "the weight must be a number from 0 to 100"),
        (["rank", "--weight", "price=nan"], "the weight must be a number from 0 to 100"),
        (["rank", "--months", "0"], "--months must be a whole number from 1 to 120"),
        (["compare", "ziip-halo", "nuface-trinity", "--months", "121"], "from 1 to 120"),
        (["plan", "ziip-halo", "--weeks", "105"], "--weeks must be a whole number from 1 to 104"),
        (["plan", "ziip-halo", "--weeks", "two"], "must be a whole number, e.g. 12"),
        (["plan", "ziip-halo", "--start", "2026-02-30"], "must be a date written YYYY-MM-DD"),
        (["plan", "ziip-halo", "--start", "next week"], "must be a date written YYYY-MM-DD"),
        (["list", "-f"], "option '-f' requires an argument (see 'microcompare list --help')"),
    ],
)
def test_bad_argument_gets_one_line_and_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400, result.stderr
    assert lines[0].startswith("error: ") and message in lines[0], lines[0]


def test_output_over_an_existing_file_needs_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "devices.csv"
    target.write_text("keep me\n", encoding="utf-8")
    result = runner.invoke(app, ["list", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --output {target}: the file exists; add --force to replace it, "
        "or choose another name\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me\n"


# --- Generated garbage -------------------------------------------------------------------

REAL = builtin_catalogue_path().read_text(encoding="utf-8")
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=10) | st.sampled_from(["devices", "sources"]), inner, max_size=4
        )
    ),
    max_leaves=20,
)


def _parses_or_refuses(text: str) -> None:
    try:
        parse_catalogue_text(text, where="generated.yaml")
    except DataError as error:
        assert error.message.startswith("generated.yaml")
        assert "\n" not in error.message


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_is_parsed_or_refused_with_a_data_error(text: str) -> None:
    _parses_or_refuses(text)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_random_yaml_documents_are_parsed_or_refused(document: object) -> None:
    _parses_or_refuses(yaml.safe_dump(document, allow_unicode=True))


@st.composite
def mutated_catalogues(draw: st.DrawFn) -> str:
    lines = REAL.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "replace", "insert", "cut"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "replace":
            line = lines[at]
            column = draw(st.integers(0, max(len(line) - 1, 0)))
            lines[at] = line[:column] + draw(st.text(max_size=3)) + line[column + 1 :]
        elif action == "insert":
            lines.insert(at, draw(st.text(max_size=40)) + "\n")
        else:
            lines = lines[:at]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=150, deadline=None)
@given(mutated_catalogues())
def test_mutated_real_catalogue_is_parsed_or_refused(text: str) -> None:
    _parses_or_refuses(text)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated_catalogues())
def test_validate_on_a_mutated_catalogue_answers_with_a_data_error(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        check_catalogue_file(path)
        read_catalogue_file(path)
    except DataError as error:
        assert error.message.startswith(str(path))


OPTION_WORDS = [
    "list",
    "show",
    "compare",
    "rank",
    "criteria",
    "sources",
    "safety",
    "plan",
    "validate",
    "schema",
    "--format",
    "-f",
    "json",
    "csv",
    "markdown",
    "table",
    "ics",
    "--budget",
    "--weight",
    "--profile",
    "--method",
    "topsis",
    "--explain",
    "--pareto",
    "--months",
    "--weeks",
    "--start",
    "--condition",
    "pregnant",
    "pacemaker",
    "--sort",
    "--reverse",
    "--type",
    "--max-price",
    "--brand",
    "--no-app",
    "--fda-cleared",
    "--catalog",
    "--no-builtin",
    "--output",
    "-o",
    "--force",
    "--version",
    "--help",
    "nuface-trinity",
    "ziip-halo",
    "price=2",
    "app=0",
    "12",
    "-1",
    "0",
    "nan",
    "2026-12-01",
    "chart",
    "html",
    "out.html",
    "out.ics",
    "",
]
arguments = st.lists(st.sampled_from(OPTION_WORDS) | st.text(max_size=12), max_size=8)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(arguments)
def test_any_command_line_ends_with_a_documented_exit_code(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str]
) -> None:
    # Anything --output writes lands in a scratch directory.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), (args, result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.stderr, (args, result.stderr)


def test_a_self_reference_is_placed_at_its_own_alias(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - slug: a\n    name: A\n    brand: B\n"
        "    price_usd: &p {value: 199, source: glowstice-2026}\n"
        "  - slug: b\n    name: Bee\n    brand: B\n    price_usd: *p\n"
        "    modes: &m [x, *m]\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.stderr == (
        f"error: {path}:10:19: a value contains itself through an alias; write it out instead\n"
    )


def test_the_hint_to_validate_names_a_path_that_can_be_pasted(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("devices:\n  - slug: X\n  - slug: Y\n")
    monkeypatch.setenv("MICROCOMPARE_CATALOG", str(path))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path} (from MICROCOMPARE_CATALOG):2:11: ")
    assert result.stderr.endswith(f"'microcompare validate {path}' lists every one)\n")


def test_an_output_suffix_the_command_cannot_write_is_a_usage_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["list", "-o", str(tmp_path / "devices.ics")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --output {tmp_path / 'devices.ics'}: list cannot write ics; give --format "
        f"({', '.join(Format)}) or another file name\n"
    )
    assert not (tmp_path / "devices.ics").exists()
