"""How far to trust a value: basis, source kind, price dates, key facts, names, field-by-field
layering and general safety advice, through the CLI (on tests/data/trust.yaml) and the core."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare import trust
from microcompare.catalog import load_catalogue, resolve_device
from microcompare.cli import app
from microcompare.engine.compare import advantages
from microcompare.engine.listing import DeviceFilter, known_facts, list_devices
from microcompare.engine.rank import rank_devices
from microcompare.errors import UsageError
from microcompare.records import Catalogue, Claim, ClaimBasis

CATALOGUE = Path(__file__).with_name("data") / "trust.yaml"
OWN = ("--no-builtin", "--catalog", str(CATALOGUE))
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trust, "today", lambda: TODAY)


@pytest.fixture(scope="module")
def own() -> Catalogue:
    return load_catalogue([CATALOGUE], builtin=False).catalogue


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def device(catalogue: Catalogue, slug: str):  # type: ignore[no-untyped-def]
    return next(item for item in catalogue.devices if item.slug == slug)


# --- the core --------------------------------------------------------------------------


def test_a_fact_is_read_from_the_claims_about_the_model_where_there_are_any() -> None:
    model = Claim(300.0, "a")
    brand = Claim(350.0, "b", about=ClaimBasis.BRAND)
    earlier = Claim(250.0, "c", about=ClaimBasis.PREDECESSOR)
    assert trust.for_the_model([model, brand]) == (model,)
    assert trust.for_the_model([brand, earlier]) == (brand, earlier)
    assert trust.basis([brand, earlier]) is ClaimBasis.BRAND
    assert trust.basis([earlier]) is ClaimBasis.PREDECESSOR
    assert trust.qualified("cleared", [brand]) == "cleared (said of the brand, not this model)"
    assert trust.qualified("cleared", [model, brand]) == "cleared"


@pytest.mark.parametrize(
    ("date", "on", "old"),
    [
        ("2023-12", dt.date(2026, 12, 3), False),  # its last day is within three years
        ("2023-11", dt.date(2026, 12, 3), True),
        ("2023", dt.date(2026, 12, 31), False),
        ("2023", dt.date(2027, 1, 1), True),
        ("2023-12-02", dt.date(2026, 12, 3), True),
        ("2023-12-03", dt.date(2026, 12, 3), False),
        ("2021-02-27", dt.date(2024, 2, 29), True),  # a leap day's cutoff is 28 February
        ("2021-02-28", dt.date(2024, 2, 29), False),
    ],
)
def test_a_price_is_old_only_when_certainly_over_three_years(
    date: str, on: dt.date, old: bool
) -> None:
    assert trust.is_old(date, on) is old


@pytest.mark.parametrize(
    ("partial", "last"),
    [
        ("2024-02", dt.date(2024, 2, 29)),  # a leap year's February
        ("2023-02", dt.date(2023, 2, 28)),
        ("2100-02", dt.date(2100, 2, 28)),  # a century is a leap year only every 400 years
        ("2023-04", dt.date(2023, 4, 30)),
        ("2023-12", dt.date(2023, 12, 31)),  # the next month is in the next year
        ("2023", dt.date(2023, 12, 31)),
        ("2023-01-05", dt.date(2023, 1, 5)),
    ],
)
def test_a_partial_date_means_its_last_possible_day(partial: str, last: dt.date) -> None:
    assert trust.latest_day(partial) == last


def test_budget_and_filters_read_model_prices_and_never_other_currencies(
    own: Catalogue,
) -> None:
    listing = list_devices(own, DeviceFilter(max_price_usd=320))
    # The Glow+'s $350 is said of the brand; its own price is $300.
    assert [d.slug for d in listing.devices] == ["acme-glow-2019", "acme-glow-plus"]
    unknown = listing.warnings[0]
    assert "zeta-wand" in unknown.devices  # priced only in pounds: no US-dollar price
    ranking = rank_devices(own, 320)
    assert "zeta-wand" in ranking.unpriced


def test_known_facts_count_the_eight_key_facts(own: Catalogue) -> None:
    known = known_facts(device(own, "acme-glow-2019"))
    assert (known.known, known.total) == (3, 8)
    assert known.missing == (
        "current type",
        "probes",
        "app use",
        "intensity control",
        "clinical evidence",
    )


def test_names_exact_slug_then_name_then_alias(own: Catalogue) -> None:
    assert resolve_device(own, "acme-glow-plus") == (device(own, "acme-glow-plus"), None)
    by_name = resolve_device(own, "Acme Glow")
    assert by_name.device.slug == "acme-glow-2019"
    assert by_name.note == (
        "'Acme Glow' is the name of Acme Glow (acme-glow-2019); Acme Glow+ (acme-glow-plus) "
        "is a different model with a similar name"
    )
    by_alias = resolve_device(own, "acme-glow")
    assert by_alias.device.slug == "acme-glow-plus"
    assert by_alias.note is not None and by_alias.note.startswith(
        "'acme-glow' is an alias of Acme Glow+ (acme-glow-plus); Acme Glow (acme-glow-2019)"
    )
    with pytest.raises(UsageError) as raised:
        resolve_device(own, "twin")
    assert raised.value.message == (
        "'twin' could mean Twin (twin-one) or Twin (twin-two); give the slug of the one you mean"
    )


# --- through the CLI -------------------------------------------------------------------


def test_show_says_what_each_claim_is_about_and_when_a_price_held(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # so that no value wraps inside its cell
    out = run(runner, "show", "acme-glow-plus", *OWN).stdout
    assert "$300 (as of 2025-06)" in out
    assert "$350 (said of the brand, not this model)" in out
    assert "unverified report: a burn on the cheek;" in out
    assert "the maker's response: use more gel" in out
    full = run(runner, "show", "acme-glow-plus", *OWN, "--sources").stdout
    assert "[t-fda] A 510(k) record, 2024-02-01 (regulator record)." in full
    old = run(runner, "show", "acme-glow-2019", *OWN).stdout
    assert "$250 (as of 2019-05; older than 3 years)" in old
    assert "cleared (said of the brand, not this model)" in old
    assert "400 (said of an earlier model)" in old
    assert "£199 (as of 2026-01)" in old


def test_an_old_price_is_not_old_three_years_earlier(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trust, "today", lambda: dt.date(2021, 1, 1))
    out = run(runner, "show", "acme-glow-2019", *OWN).stdout
    assert "$250 (as of 2019-05)" in out
    assert "older than" not in out


def test_list_marks_values_not_about_the_model_and_counts_key_facts(runner: CliRunner) -> None:
    out = run(runner, "list", *OWN).stdout
    assert "acme-glow-2019 $250 (old) 400‡" in out
    assert "cleared†" in out
    assert "3/8 known" in out and "0/8 known" in out
    assert "† said of the brand, not this model; ‡ said of an earlier model." in out
    # Only the price the engine reads is listed, so no range is claimed.
    assert "A range such as" not in out


def test_list_fda_cleared_leaves_out_a_clearance_said_only_of_the_brand(
    runner: CliRunner,
) -> None:
    body = json.loads(run(runner, "list", "--fda-cleared", *OWN, "-f", "json").stdout)
    assert [item["slug"] for item in body["items"]] == ["acme-glow-plus"]
    assert body["warnings"][0]["message"] == (
        "1 device left out because the FDA status of the model itself is unknown: acme-glow-2019"
    )


def test_list_min_known_filters_and_says_who_was_left_out(runner: CliRunner) -> None:
    body = json.loads(run(runner, "list", "--min-known", "3", *OWN, "-f", "json").stdout)
    assert [item["slug"] for item in body["items"]] == ["acme-glow-2019", "acme-glow-plus"]
    assert body["known"]["acme-glow-plus"] == {
        "count": 3,
        "of": 8,
        "missing": [
            "output current",
            "current type",
            "probes",
            "intensity control",
            "clinical evidence",
        ],
    }
    assert body["warnings"] == [
        {
            "kind": "too-little-known",
            "message": "3 devices left out with fewer than 3 of the 8 key facts known: "
            "twin-one, twin-two, zeta-wand",
            "condition": None,
            "severity": None,
            "sources": [],
            "devices": ["twin-one", "twin-two", "zeta-wand"],
        }
    ]
    bad = run(runner, "list", "--min-known", "9", *OWN, code=2)
    assert bad.stderr.startswith("error: --min-known must be a whole number from 0 to 8")


def test_rank_reasons_say_what_a_value_rests_on(runner: CliRunner) -> None:
    body = json.loads(run(runner, "rank", "--budget", "320", *OWN, "-f", "json").stdout)
    reasons = {item["slug"]: item["reason"] for item in body["items"]}
    assert reasons["acme-glow-2019"].startswith(
        "FDA-cleared (said of the brand, not this model); 400 µA, inside the 200–800 µA "
        "window (said of an earlier model)"
    )
    table = run(runner, "rank", "--budget", "320", *OWN).stdout
    assert "$250 (old)" in table


def test_compare_cells_and_exports_carry_basis_and_dates(runner: CliRunner) -> None:
    args = ("compare", "acme-glow-plus", "acme-glow-2019", *OWN)
    md = run(runner, *args, "-f", "markdown").stdout
    assert "$300 (as of 2025-06); $350 (said of the brand, not this model)" in md
    assert "cleared (said of the brand, not this model)" in md
    rows = list(csv.DictReader(io.StringIO(run(runner, *args, "-f", "csv").stdout)))
    old = next(row for row in rows if row["slug"] == "acme-glow-2019")
    assert (old["price_usd_min"], old["price_as_of"], old["price_old"]) == (
        "250",
        "2019-05",
        "true",
    )
    assert old["not_about_model"] == "output_ua:predecessor fda_status:brand"
    assert old["fda_status"] == "cleared (said of the brand, not this model)"
    html = run(runner, *args, "-f", "html").stdout
    assert "400 (said of an earlier model)" in html


def test_csv_list_and_show_name_the_basis_and_price_dates(runner: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(run(runner, "list", *OWN, "-f", "csv").stdout)))
    glow = next(row for row in rows if row["slug"] == "acme-glow-2019")
    assert glow["not_about_model"] == "output_ua:predecessor fda_status:brand"
    assert (glow["price_as_of"], glow["price_old"], glow["known"]) == ("2019-05", "true", "3")
    shown = list(
        csv.DictReader(io.StringIO(run(runner, "show", "acme-glow-plus", *OWN, "-f", "csv").stdout))
    )
    brand = next(row for row in shown if row["field"] == "price_usd" and row["source"] == "t-maker")
    assert (brand["about"], brand["as_of"], brand["old"]) == ("brand", "", "")


def test_sources_show_each_kind(runner: CliRunner) -> None:
    out = run(runner, "sources", *OWN).stdout
    assert "regulator record" in out and "user review" in out
    rows = list(csv.DictReader(io.StringIO(run(runner, "sources", *OWN, "-f", "csv").stdout)))
    kinds = {row["id"]: row["kind"] for row in rows}
    assert (kinds["t-fda"], kinds["t-guide"]) == ("regulator", "")
    md = run(runner, "sources", *OWN, "-f", "markdown").stdout
    assert "| `t-review` | Old review, 2019-05. <https://example.com/review> | user review |" in md


def test_safety_shows_the_general_advice_with_its_sources(runner: CliRunner) -> None:
    out = run(runner, "safety", *OWN).stdout
    # A file's advice is added after the built-in advice of its kind, never in its place.
    side_effects = out.index("Side effects the sources report\n")
    cautions = out.index("How not to use a device\n")
    assert side_effects < out.index("  - mild tingling, brief redness [t-guide]") < cautions
    assert cautions < out.index("  - never over the eyelids [t-guide]")
    body = json.loads(run(runner, "safety", *OWN, "-f", "json").stdout)
    assert [item["field"] for item in body["advice"]] == [
        "side_effects",
        "technique_cautions",
        "preparation",
        "aftercare",
        "results_timeline",
    ]
    assert "t-guide" in {source["id"] for source in body["sources"]}
    rows = list(csv.DictReader(io.StringIO(run(runner, "safety", *OWN, "-f", "csv").stdout)))
    assert rows[-1] == {
        "id": "results_timeline",
        "label": "When results show",
        "severity": "",
        "names": "",
        "reason": "visible lift after about 60 days",
        "sources_by_severity": "t-guide",
        "kind": "advice",
    }


def test_the_clinic_comparison_prices_a_full_course(runner: CliRunner) -> None:
    args = ("compare", "acme-glow-plus", "acme-glow-2019", "--months", "12", *OWN)
    out = run(runner, *args).stdout
    assert "A 12-session course, 1× a week at $200–500 a session costs" in out
    body = json.loads(run(runner, *args, "-f", "json").stdout)
    cost = body["cost_of_ownership"][0]
    assert cost["clinic_course_usd"] == [2400, 6000]
    assert cost["clinic_course_sources"] == ["t-guide"]


def test_the_projects_own_example_says_which_trinity_it_means(runner: CliRunner) -> None:
    result = run(runner, "compare", "nuface-trinity", "ziip-halo", "-f", "json")
    body = json.loads(result.stdout)
    assert body["devices"] == ["nuface-trinity-plus", "ziip-halo"]
    assert body["warnings"][0]["kind"] == "name"
    assert body["warnings"][0]["message"].startswith(
        "'nuface-trinity' is an alias of NuFACE Trinity+ (nuface-trinity-plus); "
        "NuFACE Trinity (nuface-trinity-original) is a different model"
    )
    table = run(runner, "compare", "nuface-trinity", "ziip-halo").stdout
    assert table.startswith("note: 'nuface-trinity' is an alias of NuFACE Trinity+")


def test_a_name_two_devices_share_is_refused_with_both_named(runner: CliRunner) -> None:
    result = run(runner, "show", "Twin", *OWN, code=2)
    assert result.stderr == (
        "error: 'Twin' could mean Twin (twin-one) or Twin (twin-two); give the slug of the "
        "one you mean\n"
    )


def test_a_user_entry_replaces_only_the_facts_it_gives(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "sources:\n  - {id: my-notes, title: My notes, url: 'https://example.com/mine'}\n"
        "devices:\n  - slug: ziip-halo\n    name: ZIIP HALO\n    brand: ZIIP\n"
        "    aliases: [my-halo]\n"
        "    price_usd: {value: 199, source: my-notes}\n"
    )
    body = json.loads(run(runner, "show", "my-halo", "--catalog", str(path), "-f", "json").stdout)
    halo = body["items"][0]
    assert [(c["value"], c["source"]) for c in halo["price_usd"]] == [(199, "my-notes")]
    # Every fact the file leaves out is the built-in one.
    assert halo["subscription"][0]["source"] == "glowstice-2026"
    assert halo["aliases"] == ["halo", "my-halo"]
    assert body["warnings"][0]["message"] == (
        f"{path}: device 'ziip-halo': price_usd from this file over built-in catalogue; "
        "its other facts are kept"
    )


def test_an_entry_over_a_known_slug_may_leave_out_name_and_brand(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - slug: ziip-halo\n    warranty_months: {value: 12, source: glowstice-2026}\n"
    )
    assert (
        run(runner, "validate", str(path)).stdout
        == f"{path}: valid: 1 device, 0 sources, 0 contraindications\n"
    )
    body = json.loads(run(runner, "show", "ziip-halo", "--catalog", str(path), "-f", "json").stdout)
    halo = body["items"][0]
    assert (halo["name"], halo["brand"], halo["warranty_months"][0]["value"]) == (
        "ZIIP HALO",
        "ZIIP",
        12,
    )
    assert halo["price_usd"][0]["value"] == 250


def test_a_new_device_still_needs_a_name_and_a_brand(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("devices:\n  - slug: my-wand\n    brand: Me\n")
    for command in (["validate", str(path)], ["list", "--catalog", str(path)]):
        result = run(runner, *command, code=1)
        assert result.stderr == f"error: {path}:2:5: devices[0].name (my-wand): is required here\n"


def test_where_each_is_ahead_says_a_price_rests_on_the_brand(runner: CliRunner) -> None:
    body = json.loads(
        run(
            runner, "compare", "acme-glow-2019", "zeta-wand", "acme-glow-plus", *OWN, "-f", "json"
        ).stdout
    )
    texts = [item["text"] for item in body["ahead"] if item["criterion"] == "price"]
    # Only the Glow+'s own $300 counts; its brand-wide $350 would make this a range. The
    # cheaper 2019 model's price dates from 2019-05, and the line says so.
    assert texts == ["$50 cheaper (price as of 2019-05, older than 3 years)"]
    own = load_catalogue([CATALOGUE], builtin=False).catalogue
    brand_priced = device(own, "acme-glow-plus")._replace(
        price_usd=(Claim(200.0, "t-maker", about=ClaimBasis.BRAND),)
    )
    ahead = advantages([brand_priced, device(own, "acme-glow-2019")])
    price = next(item for item in ahead if item.criterion == "price")
    assert price.text == "$50 cheaper (Acme Glow+'s price said of the brand, not this model)"


def test_a_saving_that_rests_on_an_old_price_says_so(runner: CliRunner) -> None:
    # Rejuvenique's only price is a 2008 list price: the budget pick and compare's "cheaper"
    # line must not present it as today's.
    ranked = json.loads(run(runner, "rank", "--budget", "300", "-f", "json").stdout)
    budget = next(pick for pick in ranked["picks"] if pick["kind"] == "budget")
    assert budget["slug"] == "rejuvenique"
    assert "less than the top pick (price as of 2008-06, older than 3 years)" in budget["reason"]
    compared = run(runner, "compare", "rejuvenique", "nuface-mini-plus").stdout
    assert "$49 cheaper (price as of 2008-06, older than 3 years)" in " ".join(compared.split())


def test_general_advice_from_one_brand_says_so_without_a_model(runner: CliRunner) -> None:
    # The general advice is about microcurrent as a whole: "this model" means nothing there.
    body = json.loads(run(runner, "safety", "-f", "json").stdout)
    branded = [
        claim for kind in body["advice"] for claim in kind["claims"] if claim["about"] == "brand"
    ]
    assert branded, "the built-in advice has claims from one brand's pages"
    text = " ".join(run(runner, "safety", "--no-pager").stdout.split())
    assert "(said of one brand's devices)" in text
    advice = text[text.index("Side effects the sources report") :]
    assert "not this model" not in advice


@pytest.mark.parametrize(
    ("option", "what"),
    [("--no-app", "app dependency"), ("--no-subscription", "subscription need")],
)
def test_list_filters_leave_out_a_match_said_only_of_the_brand(
    runner: CliRunner,
    write_catalogue,
    option: str,
    what: str,  # type: ignore[no-untyped-def]
) -> None:
    # A brand's word that its app is optional, or that it sells no subscription, is not the
    # model's: like an unknown, the filter cannot count it as a match.
    path = write_catalogue(
        "sources:\n  - {id: t-maker, title: Maker page, url: 'https://example.com/m'}\n"
        "devices:\n"
        "  - slug: brand-said\n    name: Brand Said\n    brand: Acme\n"
        "    app: {value: optional, source: t-maker, about: brand}\n"
        "    subscription: {value: false, source: t-maker, about: brand}\n"
        "  - slug: model-said\n    name: Model Said\n    brand: Acme\n"
        "    app: {value: optional, source: t-maker}\n"
        "    subscription: {value: false, source: t-maker}\n"
    )
    body = json.loads(
        run(runner, "list", option, "--no-builtin", "--catalog", str(path), "-f", "json").stdout
    )
    assert [item["slug"] for item in body["items"]] == ["model-said"]
    assert body["warnings"][0]["message"] == (
        f"1 device left out because the {what} of the model itself is unknown: brand-said"
    )
