"""Safety screening: contraindications from the sources, their severities, and what
--condition does to list, show, compare and rank."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.engine.listing import list_devices
from microcompare.engine.rank import rank_devices
from microcompare.engine.safety import find_condition, severity_sources, strictest
from microcompare.errors import UsageError
from microcompare.records import Catalogue
from microcompare.vocab import Severity


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


@pytest.mark.parametrize(
    ("typed", "condition", "severity"),
    [
        ("pacemaker", "pacemaker", Severity.ABSOLUTE),
        ("Defibrillator", "pacemaker", Severity.ABSOLUTE),
        ("pregnant", "pregnancy", Severity.AVOID),
        ("breastfeeding", "nursing", Severity.AVOID),
        ("epilepsy", "epilepsy", Severity.AVOID),
        ("metal implants", "metal-implants", Severity.AVOID),
        ("dental_implants", "metal-implants", Severity.AVOID),
        ("open-wound", "broken-skin", Severity.AVOID),
        ("botox", "fillers-botox", Severity.AVOID),
        ("teeth-grinding", "tmj", Severity.CAUTION),
        ("headaches", "tension-headaches", Severity.CAUTION),
        ("sensitive-nerves", "sensitive-nerves", Severity.CAUTION),
    ],
)
def test_conditions_are_found_by_name_or_synonym_with_the_strictest_severity(
    catalogue: Catalogue, typed: str, condition: str, severity: Severity
) -> None:
    item = find_condition(catalogue, typed)
    assert item.id == condition
    assert strictest(item) is severity


def test_where_sources_differ_the_stricter_severity_applies_and_both_are_cited(
    catalogue: Catalogue,
) -> None:
    pacemaker = find_condition(catalogue, "pacemaker")
    levels = dict(severity_sources(pacemaker))
    assert levels[Severity.ABSOLUTE] == ("celliara-2026",)
    assert "glowstice-2026" in levels[Severity.AVOID]
    pregnancy = find_condition(catalogue, "pregnancy")
    assert strictest(pregnancy) is Severity.AVOID
    assert dict(severity_sources(pregnancy))[Severity.CAUTION] == ("glowstice-2026",)


def test_an_unknown_condition_is_refused_with_a_suggestion_and_the_known_names(
    catalogue: Catalogue, runner: CliRunner
) -> None:
    with pytest.raises(UsageError, match="did you mean 'pacemaker'"):
        find_condition(catalogue, "pacemakr")
    result = run(runner, "rank", "--condition", "sunburn", code=2)
    assert result.stderr.count("\n") == 1
    assert "unknown condition 'sunburn'" in result.stderr
    assert "; known conditions: pacemaker, heart-condition," in result.stderr


def test_pacemaker_empties_the_ranking_and_says_why(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, conditions=["pacemaker"])
    assert ranking.entries == ()
    assert ranking.picks == ()
    assert len(ranking.excluded) == len(catalogue.devices)
    assert ranking.refusal is not None
    assert ranking.refusal.startswith("Nothing is recommended")
    # Only the source that calls it a hard stop is cited for saying so.
    assert "a hard stop for every device here [celliara-2026]." in ranking.refusal
    [warning] = ranking.warnings
    assert (warning.kind, warning.condition, warning.severity) == (
        "safety",
        "pacemaker",
        "absolute",
    )


def test_pacemaker_through_the_cli_in_table_and_json(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    table = run(runner, "rank", "--budget", "400", "--condition", "pacemaker")
    assert table.stdout.lstrip().startswith("╭─ Safety")
    assert "Nothing is recommended" in table.stdout
    assert "Top pick" not in table.stdout
    # Piped output: the warning is repeated where the person at the terminal sees it.
    assert table.stderr.startswith("warning: Pacemaker, defibrillator")
    data = json.loads(run(runner, "rank", "--condition", "pacemaker", "-f", "json").stdout)
    assert data["items"] == []
    assert data["refusal"].startswith("Nothing is recommended")
    assert data["conditions"] == ["pacemaker"]
    assert data["unranked"]["ruled_out_by_conditions"] == sorted(
        device.slug for device in catalogue.devices
    )
    [warning] = data["warnings"]
    assert warning["condition"] == "pacemaker"
    assert warning["severity"] == "absolute"
    assert warning["sources"][0] == "celliara-2026"
    assert "inia-lift-guide" in warning["sources"]


def test_an_avoid_condition_also_empties_the_ranking(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, conditions=["pregnant"])
    assert ranking.entries == ()
    assert ranking.refusal is not None
    assert (
        "Pregnancy — the sources say to avoid every device here [celliara-2026, "
        "facial-guide-2025, what-is-microcurrent, inia-lift-guide, "
        "web-7ewellness-myolift-contraindications, web-7ewellness-help-contraindications, "
        "web-manualspro-nuface-mini]." in ranking.refusal
    )
    # glowstice-2026 only advises caution, so it is not cited for "avoid".
    assert "glowstice-2026" not in ranking.refusal


def test_a_caution_keeps_every_device_and_attaches_the_warning(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, conditions=["tmj"], samples=500)
    plain = rank_devices(catalogue, 400, samples=500)
    assert ranking.entries == plain.entries
    assert ranking.excluded == ()
    assert ranking.refusal is None
    assert set(ranking.flagged.values()) == {"caution"}
    kinds = [(notice.kind, notice.condition) for notice in ranking.warnings]
    assert kinds == [("safety", "tmj"), ("reminder", "pacemaker")]


def test_a_caution_through_the_cli_marks_rows_and_json_items(runner: CliRunner) -> None:
    table = run(runner, "rank", "--budget", "400", "--condition", "tmj")
    data = json.loads(
        run(runner, "rank", "--budget", "400", "--condition", "tmj", "-f", "json").stdout
    )
    assert table.stdout.count("! caution") == len(data["items"])
    assert {item["safety"] for item in data["items"]} == {"caution"}
    assert data["warnings"][0]["severity"] == "caution"


def test_every_ranking_carries_the_pacemaker_reminder(runner: CliRunner) -> None:
    table = run(runner, "rank", "--budget", "400")
    assert "Not for anyone with a pacemaker" in table.stdout.split("Picks")[0]
    data = json.loads(run(runner, "rank", "-f", "json").stdout)
    reminder = data["warnings"][-1]
    assert reminder["kind"] == "reminder"
    assert reminder["condition"] == "pacemaker"
    assert "celliara-2026" in reminder["sources"]


def test_list_show_and_compare_mark_devices_without_hiding_them(
    catalogue: Catalogue, runner: CliRunner
) -> None:
    listing = list_devices(catalogue, conditions=["epilepsy"])
    assert len(listing.devices) == len(catalogue.devices)
    assert set(listing.flagged.values()) == {"avoid"}
    listed = run(runner, "list", "--condition", "epilepsy")
    # A device's first line may wrap between words, the mark's two words included.
    assert " ".join(listed.stdout.split()).count("! avoid") == len(catalogue.devices)
    assert "Epilepsy or a seizure disorder — the sources say to avoid" in listed.stderr
    shown = json.loads(
        run(runner, "show", "nuface-trinity-plus", "--condition", "tmj", "-f", "json").stdout
    )
    assert shown["flagged"] == {"nuface-trinity-plus": "caution"}
    assert shown["warnings"][0]["condition"] == "tmj"
    compared = run(
        runner, "compare", "nuface-trinity-plus", "ziip-halo", "--condition", "pacemaker"
    )
    assert compared.stdout.count("! never use") == 2
    assert compared.stdout.index("Safety") < compared.stdout.index("NuFACE Trinity+ vs")


def test_safety_lists_every_condition_strictest_first(runner: CliRunner) -> None:
    table = run(runner, "safety")
    assert "22 conditions" in table.stdout
    for name in (
        "pacemaker",
        "pregnancy",
        "epilepsy",
        "metal-implants",
        "tmj",
        "nursing",
        "active-cancer",
        "under-18",
    ):
        assert name in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    data = json.loads(run(runner, "safety", "-f", "json").stdout)
    severities = [item["severity"] for item in data["items"]]
    assert severities[0] == "absolute"
    assert severities == sorted(severities, key=["absolute", "avoid", "caution"].index)
    first = data["items"][0]
    assert first["id"] == "pacemaker"
    assert first["by_severity"]["absolute"] == ["celliara-2026"]
    assert {source["id"] for source in data["sources"]} >= {"celliara-2026", "inia-lift-guide"}


def test_a_user_file_can_make_a_condition_stricter_but_never_weaker(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices: []\n"
        "contraindications:\n"
        "  - id: tmj\n    label: TMJ\n"
        "    severity: {value: absolute, source: inia-lift-guide}\n"
        "  - id: pacemaker\n    label: Pacemaker\n"
        "    severity: {value: caution, source: glowstice-2026}\n"
    )
    data = json.loads(run(runner, "safety", "--catalog", str(path), "-f", "json").stdout)
    by_id = {item["id"]: item for item in data["items"]}
    assert by_id["tmj"]["severity"] == "absolute"
    assert by_id["pacemaker"]["severity"] == "absolute"


def test_a_condition_limited_to_some_devices_removes_only_those(
    catalogue: Catalogue, runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - {slug: a, name: A, brand: B, price_usd: {value: 100, source: glowstice-2026}}\n"
        "  - {slug: b, name: Bee, brand: B, price_usd: {value: 120, source: glowstice-2026}}\n"
        "contraindications:\n"
        "  - id: sunburn\n    label: Sunburn\n    applies_to: [a]\n"
        "    severity: {value: avoid, source: glowstice-2026}\n"
    )
    args = ("rank", "--no-builtin", "--catalog", str(path), "--condition", "sunburn")
    data = json.loads(run(runner, *args, "-f", "json").stdout)
    assert [item["slug"] for item in data["items"]] == ["b"]
    assert data["unranked"]["ruled_out_by_conditions"] == ["a"]
    assert data["refusal"] is None
    assert data["warnings"][0]["devices"] == ["a"]


def test_a_condition_naming_a_missing_device_is_a_catalogue_error(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices: []\n"
        "contraindications:\n"
        "  - id: sunburn\n    label: Sunburn\n    applies_to: [nowhere]\n"
        "    severity: {value: avoid, source: glowstice-2026}\n"
    )
    result = run(runner, "safety", "--catalog", str(path), code=1)
    assert result.stderr == (
        f"error: {path}:5:18: contraindications[0].applies_to[0]: 'nowhere' is not a device "
        "in this file or the built-in catalogue\n"
    )


def test_safety_narrows_to_the_named_conditions_and_commas_name_several(
    runner: CliRunner,
) -> None:
    data = json.loads(run(runner, "safety", "--condition", "tmj,pregnant", "-f", "json").stdout)
    assert [item["id"] for item in data["items"]] == ["pregnancy", "tmj"]
    empty = run(runner, "rank", "--condition", "", code=2)
    assert "a condition cannot be empty; known conditions: pacemaker," in empty.stderr


def test_plan_with_a_caution_warns_before_the_routine_and_in_the_calendar(
    runner: CliRunner,
) -> None:
    args = ("plan", "nuface-trinity-plus", "--start", "2026-12-01", "--condition", "tmj")
    table = run(runner, *args).stdout
    assert table.index("TMJ problems or teeth grinding — use with care") < table.index(
        "Routine for"
    )
    ics = run(runner, *args, "-f", "ics").stdout.replace("\n ", "")
    assert ics.count("BEGIN:VEVENT") == 49
    assert "Safety: TMJ problems" in ics
    assert "Needs conductive gel." in ics


def test_plan_for_a_ruled_out_device_plans_no_sessions(runner: CliRunner) -> None:
    args = ("plan", "nuface-trinity-plus", "--start", "2026-12-01", "--condition", "pacemaker")
    table = run(runner, *args).stdout
    assert "No routine is planned. Pacemaker, defibrillator" in table
    assert "Week" not in table
    ics = run(runner, *args, "-f", "ics").stdout
    assert "BEGIN:VCALENDAR" in ics
    assert "BEGIN:VEVENT" not in ics
    data = json.loads(run(runner, *args, "-f", "json").stdout)
    assert (data["session_count"], data["items"]) == (0, [])
    assert data["refusal"].startswith("No routine is planned.")


def test_show_with_a_condition_names_it_above_the_fields(
    runner: CliRunner,
) -> None:
    result = run(runner, "show", "nuface-trinity-plus", "--condition", "pregnant")
    assert result.stdout.index("Pregnancy") < result.stdout.index("Brand:")
    assert "! avoid" in result.stdout


@pytest.mark.parametrize(
    ("condition", "label", "sources"),
    [
        (
            "cancer",
            "Active cancer",
            "[web-7ewellness-myolift-contraindications, web-7ewellness-help-contraindications, "
            "web-manualspro-nuface-mini]",
        ),
        (
            "minor",
            "Under 18 years old",
            "[web-7ewellness-help-contraindications, web-manualspro-nuface-mini]",
        ),
    ],
)
def test_active_cancer_and_under_18_rule_out_every_device(
    catalogue: Catalogue, condition: str, label: str, sources: str
) -> None:
    ranking = rank_devices(catalogue, 400, conditions=[condition])
    assert ranking.entries == ()
    assert ranking.refusal is not None
    assert f"{label} — the sources say to avoid every device here {sources}." in ranking.refusal
