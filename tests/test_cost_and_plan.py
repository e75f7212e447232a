"""Cost of ownership over months, against the clinic, and the week-by-week routine with its
iCalendar export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from microcompare.catalog import find_device
from microcompare.cli import app
from microcompare.engine.cost import ownership_cost
from microcompare.engine.plan import plan_routine, session_days
from microcompare.records import Catalogue
from microcompare.vocab import PlanFormat

START = dt.date(2026, 12, 1)


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_unknown_running_costs_make_the_total_a_lower_bound(catalogue: Catalogue) -> None:
    # The Trinity (2018) is $325 in two reviews; the article's $350 for the brand is not its price.
    trinity = ownership_cost(catalogue, find_device(catalogue, "nuface-trinity-original"), 12)
    assert (trinity.low_usd, trinity.high_usd) == (325, 325)
    assert not trinity.complete
    assert trinity.text == "≥ $325 + any subscription and conductive gel (prices unknown)"
    # A clinic session is $185 (a 2014 spa price) to $500 across five sources.
    assert trinity.clinic_sessions == pytest.approx((325 / 500, 325 / 185))
    assert trinity.clinic_usd == (185, 500)
    assert trinity.clinic_sources == (
        "facial-guide-2025",
        "what-is-microcurrent",
        "web-healthline-microcurrent",
        "web-asklyer-microcurrent",
        "web-thezoereport-microcurrent",
    )
    gel = next(part for part in trinity.parts if part.kind == "consumable")
    assert (gel.label, gel.needed, gel.low_usd) == ("conductive gel", True, None)
    assert gel.sources == ("glowstice-2026", "celliara-2026", "inia-lift-guide")


def test_a_known_subscription_of_unknown_price_is_named_not_zero(catalogue: Catalogue) -> None:
    halo = ownership_cost(catalogue, find_device(catalogue, "ziip-halo"), 24)
    assert halo.text == "≥ $250 + subscription and conductive gel (prices unknown)"
    subscription = next(part for part in halo.parts if part.kind == "subscription")
    assert subscription.needed is True
    assert subscription.low_usd is None
    assert subscription.sources == ("glowstice-2026",)


def test_known_running_costs_give_an_exact_total(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "sources:\n  - {id: my-receipts, title: My receipts, url: 'https://example.org/r'}\n"
        "general:\n"
        "  consumables:\n"
        "    - name: conductive gel\n"
        "      required: {value: true, source: my-receipts}\n"
        "      usd_per_month: {value: 10, source: my-receipts}\n"
        "devices:\n"
        "  - slug: a\n    name: A\n    brand: B\n"
        "    price_usd: {value: 100, source: my-receipts}\n"
        "    subscription: {value: true, source: my-receipts}\n"
        "    subscription_usd_per_month: {value: 5, source: my-receipts}\n"
        "  - slug: b\n    name: Bee\n    brand: B\n"
        "    price_usd: {value: 150, source: my-receipts}\n"
        "    subscription: {value: false, source: my-receipts}\n"
    )
    args = ("compare", "a", "b", "--months", "12", "--no-builtin", "--catalog", str(path))
    data = json.loads(run(runner, *args, "-f", "json").stdout)
    a, b = data["cost_of_ownership"]
    # 100 + 12 × 5 + 12 × 10; the clinic price is still the built-in $185–500.
    assert (a["low_usd"], a["lower_bound"], a["text"]) == (280, False, "$280")
    assert a["clinic_sessions"] == pytest.approx([280 / 500, 280 / 185])
    assert [part["kind"] for part in b["parts"]] == ["price", "consumable"]
    assert (b["low_usd"], b["text"]) == (270, "$270")
    table = run(runner, *args).stdout
    assert "Cost over 12 months" in table
    assert "0.6–1.5" in table


def test_rank_with_months_costs_each_ranked_device(runner: CliRunner) -> None:
    data = json.loads(run(runner, "rank", "--budget", "400", "--months", "6", "-f", "json").stdout)
    costs = {item["slug"]: item["cost_of_ownership"] for item in data["items"]}
    assert costs["nuface-mini-plus"]["low_usd"] == 209
    assert costs["nuface-mini-plus"]["months"] == 6
    assert costs["ziip-halo"]["parts"][1] == {
        "kind": "subscription",
        "label": "subscription",
        "needed": True,
        "low_usd": None,
        "high_usd": None,
        "sources": ["glowstice-2026"],
    }
    without = json.loads(run(runner, "rank", "--budget", "400", "-f", "json").stdout)
    assert without["items"][0]["cost_of_ownership"] is None


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("0", "--months must be a whole number from 1 to 120"),
        ("121", "--months must be a whole number from 1 to 120"),
        ("-3", "--months must be a whole number from 1 to 120"),
        ("abc", "must be a whole number, e.g. 12 (got 'abc')"),
        ("1.5", "must be a whole number, e.g. 12 (got '1.5')"),
    ],
)
def test_months_out_of_range_is_a_usage_error(runner: CliRunner, months: str, message: str) -> None:
    result = run(runner, "rank", "--months", months, code=2)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_the_makers_routine_week_by_week(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, find_device(catalogue, "nuface-trinity-plus"), 12, START)
    assert not plan.general
    assert plan.source == "glowstice-2026"
    assert plan.minutes == 5
    # 5 a week while day < 60 (weeks 1–8 and 3 days of week 9), then 2 a week.
    assert [len(week.sessions) for week in plan.weeks] == [5] * 8 + [3, 2, 2, 2]
    assert plan.session_count == 49
    assert plan.weeks[0].sessions[0].day == START
    assert plan.weeks[-1].sessions[-1].day == dt.date(2027, 2, 19)
    assert plan.weeks[8].asked == "5, then 2–3"
    assert [phase.value for phase in plan.weeks[8].phases] == ["loading", "maintenance"]


def test_a_device_with_no_routine_gets_the_general_one_labelled(catalogue: Catalogue) -> None:
    plan = plan_routine(catalogue, find_device(catalogue, "ziip-halo"), 6, START)
    assert plan.general
    assert plan.source == "celliara-2026"
    assert [claim.source for claim in plan.alternatives] == ["glowstice-2026"]
    assert plan.minutes is None
    assert [len(week.sessions) for week in plan.weeks] == [5, 5, 5, 5, 2, 2]
    assert "general routine" in plan.notes[0]


@given(st.integers(min_value=1, max_value=7))
def test_session_days_are_distinct_days_of_the_week(per_week: int) -> None:
    days = session_days(per_week)
    assert len(days) == per_week
    assert days <= set(range(7))
    assert 0 in days


def test_plan_through_the_cli(runner: CliRunner) -> None:
    table = run(runner, "plan", "nuface-trinity-plus", "--start", "2026-12-01").stdout
    assert "12 weeks from Tue 01 Dec 2026: 49 sessions" in table
    assert "Following this device's routine" in table
    assert max(len(line) for line in table.splitlines()) <= 80
    data = json.loads(
        run(
            runner, "plan", "ziip-halo", "--start", "2026-12-01", "--weeks", "2", "-f", "json"
        ).stdout
    )
    assert data["general"] is True
    assert data["session_count"] == 10
    assert data["items"][0]["sessions"][0] == {"date": "2026-12-01", "phase": "loading"}
    assert data["warnings"][0]["kind"] == "reminder"


def test_the_ics_file_parses_back_with_one_event_per_session(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "routine.ics"
    args = ("plan", "nuface-trinity-plus", "--start", "2026-12-01", "-f", "ics", "-o", str(target))
    run(runner, *args)
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 49
    days = [event.decoded("dtstart") for event in events]
    assert days[0] == START
    assert days[-1] == dt.date(2027, 2, 19)
    assert len({str(event["uid"]) for event in events}) == 49
    assert "5 min, loading phase" in str(events[0]["summary"])
    assert "maintenance phase" in str(events[-1]["summary"])
    assert "pacemaker" in str(events[0]["description"])


def test_output_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "routine.ics"
    target.write_text("keep me", encoding="utf-8")
    args = ("plan", "ziip-halo", "--start", "2026-12-01", "-f", "ics", "-o", str(target))
    refused = run(runner, *args, code=2)
    assert "the file exists; add --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    run(runner, *args, "--force")
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert [path.name for path in tmp_path.iterdir()] == ["routine.ics"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "next tuesday"), "must be a date written YYYY-MM-DD"),
        (("--start", "2026-02-30"), "must be a date written YYYY-MM-DD"),
        (("--weeks", "0"), "--weeks must be a whole number from 1 to 104"),
        (("--weeks", "105"), "--weeks must be a whole number from 1 to 104"),
        (("-f", "pdf"), "'pdf' is not one of " + ", ".join(f"'{output}'" for output in PlanFormat)),
        (("--weeks", "abc"), "--weeks': must be a whole number, e.g. 12 (got 'abc')"),
        (("--start", "9999-12-01", "--weeks", "104"), "--start 9999-12-01 is too late"),
    ],
)
def test_bad_plan_arguments_are_usage_errors(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    result = run(runner, "plan", "nuface-trinity-plus", *args, code=2)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
