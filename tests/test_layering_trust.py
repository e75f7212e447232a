"""A user's catalogue file can make a warning stricter, never weaker: it cannot reword a
built-in condition, drop the built-in safety advice, point a built-in citation elsewhere, or
smuggle a bidirectional control or a line separator to the terminal."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from microcompare.characters import character_name, shown_safely
from microcompare.cli import app

BUILTIN_LABEL = "Pacemaker, defibrillator or other implanted heart device"
BUILTIN_REASON = "The device's current can disturb how a pacemaker works."
MY_SOURCE = "sources:\n  - {id: mine, title: My notes, url: 'https://example.org/notes'}\n"
REWORDED = MY_SOURCE + (
    "contraindications:\n"
    "  - id: pacemaker\n"
    '    label: "Mild tingling in some users"\n'
    '    reason: "Completely harmless; no need to worry."\n'
    "    names: [my-heart-thing]\n"
    "    severity: [{value: caution, source: mine}]\n"
)


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


# --- 1. A built-in condition keeps its words -----------------------------------------------


def test_a_file_cannot_reword_a_builtin_condition(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(REWORDED)
    result = run(runner, "rank", "--condition", "pacemaker", "--catalog", str(path))
    shown = " ".join(result.stdout.split())
    assert BUILTIN_LABEL in shown
    assert BUILTIN_REASON in shown
    assert "a hard stop" in shown
    assert "Mild tingling" not in result.output
    assert "Completely harmless" not in result.output
    said = " ".join(result.output.split())
    assert (
        f"warning: {path}: condition 'pacemaker' keeps the built-in catalogue's label and "
        "reason; a file may add severity claims, names and devices to it, never change its "
        "words"
    ) in said


def test_a_file_still_adds_claims_and_names_to_a_builtin_condition(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(REWORDED)
    args = ("safety", "--condition", "my-heart-thing", "--catalog", str(path), "-f", "json")
    item = json.loads(run(runner, *args).stdout)["items"][0]
    assert item["id"] == "pacemaker"
    assert (item["label"], item["reason"]) == (BUILTIN_LABEL, BUILTIN_REASON)
    assert item["severity"] == "absolute"
    assert item["by_severity"]["caution"] == ["mine"]
    assert "my-heart-thing" in item["names"]
    assert item["applies_to"] is None


def test_a_file_giving_the_builtin_words_again_is_not_warned(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        MY_SOURCE + "contraindications:\n"
        f"  - id: pacemaker\n    label: {BUILTIN_LABEL}\n"
        "    severity: [{value: avoid, source: mine}]\n"
    )
    body = json.loads(run(runner, "safety", "--catalog", str(path), "-f", "json").stdout)
    assert body["warnings"] == []


def test_a_files_own_condition_keeps_its_own_words(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        MY_SOURCE + "contraindications:\n"
        "  - id: sunburn\n    label: Sunburnt skin\n    reason: Current stings burnt skin.\n"
        "    severity: [{value: avoid, source: mine}]\n"
    )
    args = ("safety", "--condition", "sunburn", "--catalog", str(path), "-f", "json")
    item = json.loads(run(runner, *args).stdout)["items"][0]
    assert (item["label"], item["reason"]) == ("Sunburnt skin", "Current stings burnt skin.")


# --- 2. The built-in safety advice is added to, never replaced ------------------------------


def _advice(runner: CliRunner, *args: str) -> dict[str, list[str]]:
    body = json.loads(run(runner, "safety", "-f", "json", *args).stdout)
    return {
        kind["field"]: [phrase for claim in kind["claims"] for phrase in claim["value"]]
        for kind in body["advice"]
    }


def test_a_files_safety_advice_is_added_to_the_builtin_advice(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    builtin = _advice(runner)
    fields = ("side_effects", "technique_cautions", "preparation", "aftercare", "results_timeline")
    assert set(builtin) == set(fields)
    path = write_catalogue(
        MY_SOURCE
        + "general:\n"
        + "".join(f"  {field}: {{value: [my own {field}], source: mine}}\n" for field in fields)
    )
    layered = _advice(runner, "--catalog", str(path))
    for field in fields:
        assert layered[field] == [*builtin[field], f"my own {field}"], field
    text = run(runner, "safety", "--catalog", str(path)).stdout
    assert "tingling or numbness" in text
    assert "my own side_effects" in text


def test_an_empty_advice_field_in_a_file_removes_nothing(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    builtin = _advice(runner)
    path = write_catalogue(MY_SOURCE + "general:\n  side_effects: null\n  aftercare: ~\n")
    assert _advice(runner, "--catalog", str(path)) == builtin


# --- 3. A built-in source cannot be redefined ------------------------------------------------

REDEFINED = (
    "sources:\n"
    "  - {id: mine, title: My notes, url: 'https://example.org/notes'}\n"
    "  - {id: celliara-2026, title: Something else, url: 'https://example.org'}\n"
    "devices: []\n"
)
REFUSAL = (
    ":3:10: sources[1].id: source 'celliara-2026' is defined by the built-in catalogue, and "
    "a file may not redefine it; give your source a new id and cite that\n"
)


def test_a_file_may_not_redefine_a_builtin_source(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(REDEFINED)
    for command in ("safety", "rank", "list"):
        result = run(runner, command, "--catalog", str(path), code=1)
        assert result.stdout == ""
        assert result.stderr == f"error: {path}{REFUSAL}", command


def test_validate_reports_a_redefined_builtin_source(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(REDEFINED)
    result = run(runner, "validate", str(path), code=1)
    assert f"{path}{REFUSAL}" in result.stderr
    assert "Traceback" not in result.output


def test_a_builtin_source_repeated_word_for_word_is_fine(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    builtin = json.loads(run(runner, "sources", "-f", "json").stdout)
    assert any(source["id"] == "celliara-2026" for source in builtin["items"])
    path = write_catalogue(
        "sources:\n"
        "  - id: celliara-2026\n"
        '    title: "How Microcurrent Works"\n'
        '    publisher: "Celliara Editorial Team"\n'
        "    seed_file: 001_5a3100f7831f9bec.txt\n"
        '    date: "2026-03"\n'
        "    kind: editorial\n"
        "devices: []\n"
    )
    body = json.loads(run(runner, "safety", "--catalog", str(path), "-f", "json").stdout)
    assert body["warnings"] == []


def test_a_later_file_may_still_redefine_an_earlier_files_source_with_a_warning(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    first = write_catalogue(MY_SOURCE + "devices: []\n", name="first.yaml")
    second = write_catalogue(
        "sources:\n  - {id: mine, title: My newer notes, url: 'https://example.org/new'}\n"
        "devices: []\n",
        name="second.yaml",
    )
    args = ("safety", "--catalog", str(first), "--catalog", str(second), "-f", "json")
    body = json.loads(run(runner, *args).stdout)
    assert body["warnings"][0]["message"] == (
        f"{second}: source 'mine' replaces the one from {first}, for every fact that cites it"
    )


# --- 4. Bidirectional controls and line separators -------------------------------------------


def _device(name: str, notes: str = "Fine.") -> str:
    return (
        MY_SOURCE + "devices:\n"
        f'  - slug: my-wand\n    name: "{name}"\n    brand: Me\n    notes: "{notes}"\n'
        "    price_usd: {value: 100, source: mine}\n"
    )


def test_the_arabic_letter_mark_is_refused(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(_device("My\\u061cWand"))
    result = run(runner, "list", "--catalog", str(path), code=1)
    assert result.stderr == (
        f"error: {path}:5:11: devices[0].name (my-wand): character U+061C "
        "(a bidirectional control) is not allowed in catalogue text; remove it\n"
    )
    assert character_name("\u061c") == "U+061C (a bidirectional control)"
    assert shown_safely("a\u061cb") == "a\\u061cb"


def test_line_and_paragraph_separators_are_refused_where_a_line_break_is(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    for code in ("2028", "2029"):
        path = write_catalogue(_device(f"My\\u{code}Wand"))
        result = run(runner, "list", "--catalog", str(path), code=1)
        assert result.stderr == (
            f"error: {path}:5:11: devices[0].name (my-wand): character U+{code} "
            "(a line break) is not allowed in catalogue text; remove it\n"
        )


def test_a_line_separator_in_prose_is_shown_escaped(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(_device("My Wand", notes="One.\\u2028Two.\\u2029Three."))
    for form in ("table", "json", "markdown"):
        result = run(runner, "show", "my-wand", "--catalog", str(path), "-f", form)
        assert "\u2028" not in result.output, form
        assert "\u2029" not in result.output, form
        assert "\\u2028" in result.stdout, form
    assert shown_safely("a\u2028b\u2029c\nd") == "a\\u2028b\\u2029c\nd"
