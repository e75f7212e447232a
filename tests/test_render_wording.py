"""One place says it: no two renderers hold the same words a reader sees.

Every title, header, label, notice and footnote is decided by `render/view.py` (and a value's
words by `render/text.py`); a renderer only lays them out. A sentence written twice drifts
("closeness" in one format, "nearness" in another), so a renderer that repeats another's
wording fails here, naming the words and the modules.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

import microcompare.render
from microcompare.cli import app

RENDER = Path(microcompare.render.__file__).parent
# The modules that decide the words: every renderer takes them from here.
DECIDERS = {"__init__.py", "view.py", "text.py"}
_IDENTIFIER = re.compile(r"[a-z0-9_]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# Layout around the words (Markdown emphasis, list marks, the colon before a value) is each
# format's own; the words inside it are what must not be written twice.
_AROUND = " \t\n*_`:;,.-#>"


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def reader_words(source: str) -> set[str]:
    """The English a reader may see among a module's string constants (pieces of f-strings
    too): two words or more, or one capitalised word (a header: "Device"). Docstrings,
    keys and identifiers (one lower-case word: "price_usd", "safety") are not counted."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in docstrings:
            continue
        text = node.value.strip(_AROUND)
        if _IDENTIFIER.fullmatch(text):
            continue
        words = _WORD.findall(text)
        if len(words) >= 2 or (len(words) == 1 and text[:1].isupper()):
            found.add(text)
    return found


def repeated_wording(sources: dict[str, str]) -> dict[str, list[str]]:
    """Each wording held by two modules or more, with those modules."""
    held: dict[str, set[str]] = defaultdict(set)
    for name, source in sources.items():
        for text in reader_words(source):
            held[text].add(name)
    return {text: sorted(names) for text, names in held.items() if len(names) > 1}


def test_no_renderer_repeats_another_renderers_wording() -> None:
    sources = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(RENDER.glob("*.py"))
        if path.name not in DECIDERS
    }
    repeated = repeated_wording(sources)
    assert not repeated, "say it once, in render/view.py: " + "; ".join(
        f"{text!r} in {', '.join(names)}" for text, names in sorted(repeated.items())
    )


# Three words or more in a row: a phrase a reader reads, as opposed to a key, a style
# ("bold cyan") or a format's syntax.
_PHRASE = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ ,;:]+[A-Za-z][A-Za-z'’]*){2,}")
# What a JSON Schema says of the keys is documentation of the data, not a result's wording.
_NOT_RENDERERS = {*DECIDERS, "json_schema.py"}


def own_phrases(source: str) -> list[str]:
    """The phrases a module writes itself: not in docstrings, assertion or exception
    messages, or its style sheet (a constant named STYLE)."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    for node in ast.walk(tree):
        # A broken invariant is a programming error, never part of a result.
        if isinstance(node, ast.Assert) and node.msg is not None:
            skipped.update(id(part) for part in ast.walk(node.msg))
        if isinstance(node, ast.Raise) and node.exc is not None:
            skipped.update(id(part) for part in ast.walk(node.exc))
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "STYLE" for target in node.targets
        ):
            skipped.update(id(part) for part in ast.walk(node.value))
    return [
        found.group()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in skipped and (found := _PHRASE.search(node.value))
    ]


def test_a_renderer_writes_no_phrase_of_its_own() -> None:
    # Every sentence, title and note is the view's: a renderer escapes, wraps and styles.
    written = {
        path.name: own_phrases(path.read_text(encoding="utf-8"))
        for path in sorted(RENDER.glob("*.py"))
        if path.name not in _NOT_RENDERERS
    }
    assert not any(written.values()), {name: found for name, found in written.items() if found}


def test_the_check_finds_a_phrase_in_a_renderer() -> None:
    source = 'def note():\n    return Text(f"Removed by {option}:", style="bold cyan")\n'
    assert own_phrases(source) == []  # two words and a style: nothing a reader reads whole
    source = 'def note():\n    return Text("Nothing to rank here.", style="dim")\n'
    assert own_phrases(source) == ["Nothing to rank here"]


def test_the_check_finds_a_sentence_two_renderers_write() -> None:
    # The check itself can fail: the same notice in two modules, layout around it aside.
    table = 'def note():\n    return Text("No device is ranked.", style="dim")\n'
    markdown = 'def note():\n    return f"**{count} No device is ranked.**"\n'
    assert repeated_wording({"table.py": table, "markdown.py": markdown}) == {
        "No device is ranked": ["markdown.py", "table.py"]
    }


def test_keys_styles_and_docstrings_are_not_wording() -> None:
    source = (
        '"""A module about the Device table."""\n'
        'KEYS = ["price_usd", "safety", "first_probability"]\n'
        'def f():\n    """Says Device things."""\n    return "%d %b"\n'
    )
    assert reader_words(source) == set()


# --- the same words in every format, through the CLI ----------------------------------


def _as_read(text: str, output: str) -> str:
    # A terminal wraps lines and a calendar folds them ("\r\n "); Markdown's cell borders and
    # emphasis are layout. What is read is the words.
    if output == "ics":
        text = re.sub(r"\r?\n ", "", text)
    if output == "markdown":
        text = text.replace("|", " ").replace("**", "")
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("args", "formats", "said"),
    [
        (
            ["compare", "nuface-trinity-plus", "ziip-halo", "--months", "12"],
            ["table", "markdown"],
            ["Cost over 12 months", "price + subscription + consumables", "≥ is a lower bound"],
        ),
        (
            ["plan", "ziip-halo", "--start", "2026-12-01"],
            ["table", "markdown", "ics"],
            [
                "Following the general routine (no routine is known for this device):",
                "Session length: unknown (no source gives one for this device)",
            ],
        ),
        (
            ["plan", "ziip-halo", "--start", "2026-12-01"],
            ["table", "markdown"],
            ["Week Dates Phase Routine Plan Session days", "Routine: sessions a week the"],
        ),
        (["criteria"], ["table", "markdown"], ["8 ranking criteria", "Weight profiles"]),
        (
            ["safety"],
            ["table", "markdown"],
            ["Why, and who says so", "the strictest severity applies"],
        ),
        (
            ["list"],
            ["table", "markdown"],
            ["counts the 8 key facts a source gives: price, output current,"],
        ),
    ],
)
def test_each_format_says_it_in_the_same_words(
    runner: CliRunner, args: list[str], formats: list[str], said: list[str]
) -> None:
    for output in formats:
        result = runner.invoke(app, [*args, "-f", output])
        assert result.exit_code == 0, result.output
        read = _as_read(result.stdout, output)
        for words in said:
            assert words in read, (output, words)


_TWINS = """
sources:
  - {id: s, title: A source, url: "https://example.com/s"}
devices:
  - {slug: twin-a, name: Twin A, brand: Acme, price_usd: [{value: 100, source: s}]}
  - {slug: twin-b, name: Twin B, brand: Acme, price_usd: [{value: 100, source: s}]}
"""


def test_compare_says_alike_in_each_format_that_no_device_is_ahead(
    runner: CliRunner,
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    # Markdown used to leave the heading and the line out where no device was ahead.
    args = ["compare", "twin-a", "twin-b", "--catalog", str(write_catalogue(_TWINS))]
    for output in ("table", "markdown"):
        result = runner.invoke(app, [*args, "--no-builtin", "-f", output])
        assert result.exit_code == 0, result.output
        read = _as_read(result.stdout, output)
        assert "Where each is ahead (ranking criteria): " in read, output
        assert "none: no criterion is known for two of them and different" in read, output
