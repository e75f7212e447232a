"""Ranking on the real catalogue: criteria, weights, profiles, TOPSIS, Pareto, picks and
compare's "where each is ahead", through the engine and through the CLI."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pytest
from conftest import DISPUTED_PRICE, SWAYED
from typer.testing import CliRunner

from microcompare.catalog import find_device, load_catalogue
from microcompare.cli import app
from microcompare.engine.compare import compare_devices
from microcompare.engine.criteria import (
    CRITERIA,
    PROFILES,
    ByProfile,
    parse_weight,
    price_score,
    weighted_criteria,
)
from microcompare.engine.facts import budget_price
from microcompare.engine.rank import DEFAULT_SAMPLES, DEFAULT_SEED, fact_name, rank_devices
from microcompare.engine.results import PickKind
from microcompare.engine.uncertainty import parse_assumption
from microcompare.errors import UsageError
from microcompare.records import Catalogue
from microcompare.vocab import Method

# Fewer draws where a test checks what does not depend on how many there are.
FEW = 500


def order(ranking) -> list[str]:  # type: ignore[no-untyped-def]
    return [entry.device.slug for entry in ranking.entries]


def entry_for(ranking, slug: str):  # type: ignore[no-untyped-def]
    return next(entry for entry in ranking.entries if entry.device.slug == slug)


# --- criteria ------------------------------------------------------------------------


def test_every_criterion_has_a_direction_weight_rationale_and_real_sources(
    catalogue: Catalogue,
) -> None:
    assert len(CRITERIA) >= 5
    source_ids = {source.id for source in catalogue.sources}
    for criterion in CRITERIA:
        assert criterion.name.isidentifier()
        assert criterion.weight > 0
        assert criterion.rationale.endswith(".") and len(criterion.rationale) > 40
        assert criterion.sources and set(criterion.sources) <= source_ids
    assert {c.name: c.direction.value for c in CRITERIA}["price"] == "lower"


def test_every_profile_weights_every_criterion() -> None:
    names = [criterion.name for criterion in CRITERIA]
    assert [profile.name for profile in PROFILES] == [
        "balanced",
        "evidence-first",
        "budget",
        "no-app",
    ]
    for profile in PROFILES:
        assert list(profile.weights) == names
        assert all(weight >= 0 for weight in profile.weights.values())
    # The default profile's weights are the criteria's own, and the others differ from them.
    assert PROFILES[0].weights == {criterion.name: criterion.weight for criterion in CRITERIA}
    assert all(profile.weights != PROFILES[0].weights for profile in PROFILES[1:])
    assert PROFILES[2].weights["price"] == 4.0 and PROFILES[3].weights["app"] == 5.0
    # A criterion gives its weight in every profile, or it cannot be declared.
    with pytest.raises(TypeError, match="no_app"):
        ByProfile(balanced=1.0, evidence_first=1.0, budget=1.0)  # type: ignore[call-arg]


# --- fixed scales and ranges ---------------------------------------------------------


def test_a_score_range_is_the_same_at_every_budget_and_in_any_company(
    catalogue: Catalogue,
) -> None:
    wide = entry_for(rank_devices(catalogue, None, samples=FEW), "nuface-trinity-plus")
    for budget in (350, 400, 1000):
        narrow = entry_for(rank_devices(catalogue, budget, samples=FEW), "nuface-trinity-plus")
        assert (narrow.worst, narrow.best) == (wide.worst, wide.best)
    alone = catalogue._replace(
        devices=tuple(d for d in catalogue.devices if d.slug == "nuface-trinity-plus")
    )
    only = rank_devices(alone, samples=FEW).entries[0]
    assert (only.worst, only.best) == (wide.worst, wide.best)
    assert only.first == 1.0


TWO_PRICES = """
sources:
  - {id: one, title: One shop, url: "https://example.com/one"}
  - {id: two, title: Another shop, url: "https://example.com/two"}
devices:
  - slug: disputed-wand
    name: Disputed Wand
    brand: Acme
    price_usd: [{value: 325, source: one}, {value: 350, source: two}]
"""


def test_price_is_on_the_published_dollar_scale(
    catalogue: Catalogue,
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    trinity = entry_for(rank_devices(catalogue, 400, samples=FEW), "nuface-trinity-plus")
    price = next(part for part in trinity.contributions if part.criterion == "price")
    # $325 from one source, on $0 (1) to $600 (0).
    assert (price.low, price.high) == pytest.approx((1 - 325 / 600, 1 - 325 / 600))
    assert price.basis == "model"
    # No built-in device has two prices for the model itself, so one is written here:
    # $325–350 from two sources is the range between them on the same scale.
    disputed = load_catalogue([write_catalogue(TWO_PRICES)], builtin=False).catalogue
    wand = rank_devices(disputed, samples=FEW).entries[0]
    price = next(part for part in wand.contributions if part.criterion == "price")
    assert (price.low, price.high) == pytest.approx((1 - 350 / 600, 1 - 325 / 600))
    assert price.basis == "model"
    assert price_score(0) == 1 and price_score(600) == 0 and price_score(900) == 0


def test_an_unknown_spans_its_whole_scale_and_the_worst_and_best_add_up(
    catalogue: Catalogue,
) -> None:
    for method in Method:
        entry = entry_for(rank_devices(catalogue, 400, method=method, samples=FEW), "ziip-halo")
        fda = next(part for part in entry.contributions if part.criterion == "fda")
        assert (fda.basis, fda.low, fda.high) == ("unknown", 0.0, 1.0)
        assert fda.description == "FDA status unknown"
        assert sum(part.share for part in entry.contributions) == pytest.approx(1.0)
        assert entry.worst < entry.best
    weighted = entry_for(rank_devices(catalogue, 400, samples=FEW), "ziip-halo")
    assert weighted.worst == pytest.approx(sum(p.points_low for p in weighted.contributions))
    assert weighted.best == pytest.approx(sum(p.points_high for p in weighted.contributions))


BRAND_CLAIM = """
sources:
  - {id: maker, title: Maker page, url: "https://example.com/maker"}
devices:
  - slug: brand-only
    name: Brand Only
    brand: Acme
    price_usd: [{value: 200, source: maker}]
    fda_status: [{value: cleared, source: maker, about: brand}]
  - slug: model-claim
    name: Model Claim
    brand: Acme
    price_usd: [{value: 200, source: maker}]
    fda_status: [{value: cleared, source: maker}]
"""


def test_a_brand_claim_is_less_certain_than_a_claim_about_the_model(
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    from microcompare.catalog import load_catalogue

    path = write_catalogue(BRAND_CLAIM)
    catalogue = load_catalogue([path], builtin=False).catalogue
    ranking = rank_devices(catalogue, samples=4000)
    brand = entry_for(ranking, "brand-only")
    model = entry_for(ranking, "model-claim")
    fda = next(part for part in brand.contributions if part.criterion == "fda")
    assert (fda.basis, fda.low, fda.high) == ("secondhand", 0.0, 1.0)
    assert fda.description == "FDA-cleared (said of the brand, not this model)"
    assert "FDA-cleared (said of the brand, not this model)" in brand.reason
    assert brand.known == 1 and model.known == 2
    # Everything else alike, the model's own claim comes first more often.
    assert model.first > brand.first
    assert model.rank == 1


# --- acceptability on the real catalogue --------------------------------------------


def test_a_device_known_on_few_criteria_cannot_lead_without_saying_so(
    catalogue: Catalogue,
) -> None:
    for profile in ("balanced", "evidence-first", "budget", "no-app"):
        for budget in (250, 300, 400, None):
            ranking = rank_devices(catalogue, budget, profile=profile, samples=FEW)
            if not ranking.entries:
                continue
            top = ranking.entries[0]
            if top.known * 2 < top.criteria_total:
                assert f"only {top.known} of {top.criteria_total} facts" in ranking.verdict
            assert top.device.slug in ranking.verdict


def test_acceptability_shares_add_up_on_the_real_catalogue(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400)
    assert ranking.samples == DEFAULT_SAMPLES and ranking.seed == DEFAULT_SEED
    assert ranking.margin == pytest.approx(1.96 * math.sqrt(0.25 / 10_000))
    entries = ranking.entries
    for entry in entries:
        assert sum(entry.by_rank) == pytest.approx(1.0)
    for rank in range(len(entries)):
        assert sum(entry.by_rank[rank] for entry in entries) == pytest.approx(1.0)
    firsts = [entry.first for entry in entries]
    assert firsts == sorted(firsts, reverse=True)
    top = entries[0]
    assert top.central_weights is not None and top.confidence is not None
    assert sum(top.central_weights.values()) == pytest.approx(1.0)
    assert ranking.picks[0].kind is PickKind.TOP and ranking.picks[0].device == top.device


def test_zero_spread_keeps_the_weights_exact(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, spread=0, samples=2000)
    for entry in ranking.entries:
        if entry.central_weights is not None:
            exact = {c.name: c.weight / 10 for c in ranking.criteria}  # balanced sums to 10
            assert entry.central_weights == pytest.approx(exact)


def test_a_device_no_value_could_lift_never_comes_first(catalogue: Catalogue) -> None:
    # If a device's best is below another's worst, no draw at exact weights ranks it first.
    ranking = rank_devices(catalogue, 400, spread=0, samples=2000)
    floor = max(entry.worst for entry in ranking.entries)
    for entry in ranking.entries:
        if entry.best < floor:
            assert entry.first == 0.0


DECIDING = """
sources:
  - {id: s, title: A source, url: "https://example.com/s"}
devices:
  - slug: known-good
    name: Known Good
    brand: Acme
    price_usd: [{value: 300, source: s}]
    fda_status: [{value: cleared, source: s}]
    evidence: [{value: {kind: maker-study}, source: s}]
    output_ua: [{value: 400, source: s}]
    intensity_levels: [{value: 5, source: s}]
    app: [{value: none, source: s}]
    subscription: [{value: false, source: s}]
    modes: [{value: [lift, tone], source: s}]
  - slug: cheap-unknown
    name: Cheap Unknown
    brand: Acme
    price_usd: [{value: 100, source: s}]
    fda_status: [{value: cleared, source: s}]
    output_ua: [{value: 400, source: s}]
    intensity_levels: [{value: 5, source: s}]
    app: [{value: none, source: s}]
    subscription: [{value: false, source: s}]
    modes: [{value: [lift, tone], source: s}]
"""


def test_the_deciding_fact_names_the_unknown_and_its_flip_value(
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    from microcompare.catalog import load_catalogue

    catalogue = load_catalogue([write_catalogue(DECIDING)], builtin=False).catalogue
    ranking = rank_devices(catalogue)
    # Only the evidence of the cheaper device is unknown: it decides, at a maker's trial.
    assert [(f.slug, f.criterion) for f in ranking.deciding] == [("cheap-unknown", "evidence")]
    fact = ranking.deciding[0]
    leader = ranking.entries[0].device.slug
    if leader == "cheap-unknown":
        assert fact.is_pick and fact.other == "known-good"
        assert fact.text.startswith("cheap-unknown stays the top pick only if it has")
    else:
        assert not fact.is_pick
        assert fact.text.startswith("if cheap-unknown has")
        assert "it becomes the top pick" in fact.text
    assert 0 < fact.change < 1
    assert f"chance the pick changes: {round(fact.change * 100)}%" in fact.text
    # Learning the fact settles it: with it assumed, no unknown is left to decide.
    settled = rank_devices(
        catalogue, assumptions=[parse_assumption("cheap-unknown.evidence=independent-study")]
    )
    assert settled.deciding == ()
    assert settled.entries[0].device.slug == "cheap-unknown"
    assert settled.entries[0].first > 0.5
    assert settled.entries[0].assumed == ("evidence",)


def test_pareto_takes_the_ranges_into_account(
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    from microcompare.catalog import load_catalogue

    catalogue = load_catalogue([write_catalogue(DECIDING)], builtin=False).catalogue
    # The cheaper device's unknown evidence could be better: neither dominates.
    assert rank_devices(catalogue, pareto=True, samples=FEW).dominated == ()
    known = rank_devices(
        catalogue,
        pareto=True,
        samples=FEW,
        assumptions=[parse_assumption("cheap-unknown.evidence=maker-study")],
    )
    assert [(d.device.slug, d.by.slug, d.criteria) for d in known.dominated] == [
        ("known-good", "cheap-unknown", ("price",))
    ]


def test_the_upgrade_pick_states_its_chance_and_how_far_over(catalogue: Catalogue) -> None:
    named = 0
    for budget in (250, 300, 350):
        ranking = rank_devices(catalogue, budget, samples=2000)
        for pick in ranking.picks:
            if pick.kind is not PickKind.UPGRADE:
                continue
            named += 1
            price = budget_price(pick.device)
            assert price is not None and budget < price <= budget * 1.25
            assert pick.over_budget_usd == pytest.approx(price - budget)
            assert f"first in {round(pick.first * 100)}% of plausible cases" in pick.reason
            assert pick.device.slug not in {entry.device.slug for entry in ranking.entries}
    assert named, "the catalogue has devices just over these budgets"


# --- weights and profiles -------------------------------------------------------------


def test_a_weight_overrides_the_profile(catalogue: Catalogue) -> None:
    criteria = weighted_criteria("budget", [("price", 1)])
    assert {c.name: c.weight for c in criteria}["price"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pricex=2", "unknown criterion 'pricex'; did you mean 'price'?"),
        ("price", "is not NAME=NUMBER; write e.g. weight price=2"),
        ("=2", "is not NAME=NUMBER"),
        ("price=-1", "the weight must be a number from 0 to 100"),
        ("price=nan", "the weight must be a number from 0 to 100"),
        ("price=inf", "the weight must be a number from 0 to 100"),
        ("price=1e9", "the weight must be a number from 0 to 100"),
        ("price=lots", "the weight must be a number from 0 to 100"),
    ],
)
def test_bad_weights_are_usage_errors(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("?", r"\?")):
        parse_weight(text)


def test_good_weights_parse() -> None:
    assert parse_weight("price=2") == ("price", 2.0)
    assert parse_weight(" app = 0 ") == ("app", 0.0)


def test_every_weight_zero_is_a_usage_error(catalogue: Catalogue) -> None:
    zeros = [(criterion.name, 0.0) for criterion in CRITERIA]
    with pytest.raises(UsageError, match="every criterion has weight 0"):
        rank_devices(catalogue, 400, weights=zeros)


def test_an_unknown_profile_suggests_the_closest(catalogue: Catalogue) -> None:
    with pytest.raises(UsageError, match="unknown profile 'budgett'; did you mean 'budget'"):
        rank_devices(catalogue, 400, profile="budgett")


# --- compare says why -----------------------------------------------------------------


def test_compare_says_where_each_is_ahead(catalogue: Catalogue) -> None:
    devices = [find_device(catalogue, slug) for slug in ("foreo-bear-2", "ziip-halo")]
    ahead = {(a.slug, a.criterion): a for a in compare_devices(catalogue, devices).ahead}
    assert ahead["ziip-halo", "price"].text == "$49 cheaper"
    assert ahead["ziip-halo", "price"].sources == ("glowstice-2026",)
    # Both need the app; the HALO's subscription is known and the Bear 2's is not, so
    # neither is ahead on app use or subscription. The HALO's app treatments count as one
    # entry and the Bear 2's T-Sonic as one, so neither is ahead on versatility either.
    assert set(ahead) == {("ziip-halo", "price")}


def test_compare_gives_a_price_range_where_sources_differ(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    # No built-in device has two prices for the model itself, so one is written here.
    path = write_catalogue(DISPUTED_PRICE)
    catalogue = load_catalogue([path]).catalogue
    devices = [find_device(catalogue, slug) for slug in ("disputed-wand", "ziip-halo")]
    ahead = {(a.slug, a.criterion): a for a in compare_devices(catalogue, devices).ahead}
    assert ahead["ziip-halo", "price"].text == "$75–100 cheaper (sources differ on price)"
    assert ahead["ziip-halo", "price"].sources == ("glowstice-2026", "facial-guide-2025")


def test_a_brand_price_does_not_make_a_range(catalogue: Catalogue) -> None:
    # The Trinity's reviews give $325; the article's $350 is said of the brand.
    devices = [find_device(catalogue, slug) for slug in ("nuface-trinity-original", "ziip-halo")]
    ahead = {(a.slug, a.criterion): a for a in compare_devices(catalogue, devices).ahead}
    assert ahead["ziip-halo", "price"].text == "$75 cheaper"
    # The HALO's FDA status is unknown, so clearance is not called an advantage.
    assert ("nuface-trinity-original", "fda") not in ahead


def test_the_trinity_plus_is_ahead_on_its_makers_trial_not_an_independent_study(
    catalogue: Catalogue,
) -> None:
    devices = [find_device(catalogue, slug) for slug in ("nuface-trinity-plus", "ziip-halo")]
    ahead = {(a.slug, a.criterion): a for a in compare_devices(catalogue, devices).ahead}
    assert ahead["nuface-trinity-plus", "evidence"].text == "maker's own trial only"
    assert ahead["ziip-halo", "price"].text == "$75 cheaper"


# --- through the CLI ------------------------------------------------------------------


def invoke(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_criteria_command_lists_criteria_and_profiles(runner: CliRunner) -> None:
    out = invoke(runner, "criteria").stdout
    assert out.startswith(f"{len(CRITERIA)} ranking criteria, default weights\n")
    for criterion in CRITERIA:
        assert criterion.name in out
    assert "evidence-first" in out and "lower is better" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    body = json.loads(invoke(runner, "criteria", "-f", "json").stdout)
    assert [item["name"] for item in body["items"]] == [c.name for c in CRITERIA]
    price = next(item for item in body["items"] if item["name"] == "price")
    assert price["direction"] == "lower" and price["weight"] == 1.5
    assert price["scale"] == "$0 is 1 and $600 or more is 0, in a straight line"
    assert body["profiles"][0]["name"] == "balanced"


def test_rank_weight_and_profile_from_the_cli(runner: CliRunner) -> None:
    body = json.loads(
        invoke(
            runner,
            "rank",
            "--budget",
            "400",
            "--profile",
            "budget",
            "--weight",
            "app=0",
            "-f",
            "json",
        ).stdout
    )
    assert body["profile"] == "budget"
    assert "app" not in body["weights"]
    assert body["dropped_criteria"] == ["app", "versatility"]
    assert body["weights"]["price"] == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "pricex=2"], "error: --weight 'pricex=2': unknown criterion 'pricex'"),
        (["--weight", "price=-1"], "error: --weight 'price=-1': the weight must be a number"),
        (["--profile", "cheap"], "error: unknown profile 'cheap'"),
        (["--method", "magic"], "error: invalid value for '--method': 'magic' is not one of"),
    ],
)
def test_rank_bad_options_are_one_line_and_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = invoke(runner, "rank", *args, code=2)
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_compare_table_ends_with_where_each_is_ahead(runner: CliRunner) -> None:
    out = invoke(runner, "compare", "foreo-bear-2", "ziip-halo").stdout
    assert "Where each is ahead (ranking criteria):" in out
    assert "  ZIIP HALO: $49 cheaper [glowstice-2026]" in out
    body = json.loads(invoke(runner, "compare", "foreo-bear-2", "ziip-halo", "-f", "json").stdout)
    assert {
        "slug": "ziip-halo",
        "criterion": "price",
        "text": "$49 cheaper",
        "sources": ["glowstice-2026"],
    } in body["ahead"]


# --- rank through the CLI, every format ------------------------------------------------


def test_rank_table_fits_80_columns_and_never_cuts_a_slug(runner: CliRunner) -> None:
    out = invoke(runner, "rank", "--budget", "400").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    body = json.loads(invoke(runner, "rank", "--budget", "400", "-f", "json").stdout)
    rows = out.split("most often first at the top\n", 1)[1]
    for item in body["items"]:
        assert re.search(rf"^\s*{item['rank']} {re.escape(item['slug'])} ", rows, re.M)
    assert body["verdict"]["text"] in " ".join(out.split())
    assert "Chances are within ±1.0 points (95%)" in " ".join(out.split())
    assert "█" in out
    settle = "What would settle it" in out or "No single fact still unknown" in out
    assert settle


def test_the_same_seed_gives_the_same_bytes(runner: CliRunner) -> None:
    for fmt in ("table", "json", "csv"):
        first = invoke(runner, "rank", "--budget", "400", "-f", fmt).stdout
        assert invoke(runner, "rank", "--budget", "400", "-f", fmt).stdout == first
    seeded = invoke(runner, "rank", "--budget", "400", "--seed", "7", "-f", "json").stdout
    assert seeded != invoke(runner, "rank", "--budget", "400", "-f", "json").stdout
    assert json.loads(seeded)["sampling"]["seed"] == 7


def test_rank_json_carries_acceptability_and_the_run(runner: CliRunner) -> None:
    body = json.loads(
        invoke(
            runner,
            "rank",
            "--budget",
            "400",
            "--samples",
            "2000",
            "--weight-spread",
            "0.2",
            "-f",
            "json",
        ).stdout
    )
    assert body["sampling"] == {
        "samples": 2000,
        "seed": DEFAULT_SEED,
        "weight_spread": 0.2,
        "margin": round(1.96 * math.sqrt(0.25 / 2000), 4),
    }
    assert body["verdict"]["level"] in {"settled", "likely", "open", "too-close"}
    for item in body["items"]:
        assert len(item["rank_acceptability"]) == len(body["items"])
        assert item["rank_acceptability"][0] == item["first_probability"]
        assert 0 <= item["score"]["worst"] <= item["score"]["best"] <= 100
        assert {part["basis"] for part in item["breakdown"]} <= {
            "model",
            "secondhand",
            "unknown",
            "assumed",
        }
    top = body["items"][0]
    assert top["central_weights"] is not None and top["confidence_factor"] is not None
    assert body["picks"][0]["slug"] == top["slug"]


def test_topsis_gets_the_same_acceptability(runner: CliRunner) -> None:
    body = json.loads(
        invoke(runner, "rank", "--budget", "400", "--method", "topsis", "-f", "json").stdout
    )
    assert body["method"] == "topsis"
    assert sum(item["first_probability"] for item in body["items"]) == pytest.approx(1, abs=1e-3)


def test_assume_is_marked_wherever_it_shows(runner: CliRunner) -> None:
    args = ["rank", "--budget", "400", "--assume", "nuface-mini-plus.evidence=independent-study"]
    out = " ".join(invoke(runner, *args).stdout.split())
    assert "Assumed, not from a source: nuface-mini-plus.evidence=independent-study" in out
    body = json.loads(invoke(runner, *args, "-f", "json").stdout)
    assert body["assumptions"] == ["nuface-mini-plus.evidence=independent-study"]
    mini = next(item for item in body["items"] if item["slug"] == "nuface-mini-plus")
    assert mini["assumed"] == ["evidence"]
    evidence = next(part for part in mini["breakdown"] if part["criterion"] == "evidence")
    assert evidence == {
        **evidence,
        "basis": "assumed",
        "low": 1.0,
        "high": 1.0,
        "description": "independent studies (assumed)",
        "sources": ["assumed"],
    }
    before = json.loads(invoke(runner, "rank", "--budget", "400", "-f", "json").stdout)
    chance = {item["slug"]: item["first_probability"] for item in before["items"]}
    assert mini["first_probability"] > chance["nuface-mini-plus"]
    rows = list(csv.DictReader(io.StringIO(invoke(runner, *args, "-f", "csv").stdout)))
    assert next(r for r in rows if r["slug"] == "nuface-mini-plus")["evidence_basis"] == "assumed"
    markdown = invoke(runner, *args, "-f", "markdown").stdout
    assert "Assumed, not from a source: nuface-mini-plus.evidence=independent-study" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--assume", "nuface-mini-plus"], "error: --assume 'nuface-mini-plus' is not SLUG.FIELD"),
        (["--assume", "nuface-mini-plus.colour=red"], "unknown field 'colour'; fields:"),
        (["--assume", "nuface-mini-plus.fda=maybe"], "fda must be cleared or not-cleared"),
        (["--assume", "nuface-mini-plus.price=-3"], "price must be a price in US dollars"),
        # The same money reading as --budget: commas must group thousands, and nothing is free.
        (["--assume", "nuface-mini-plus.price=$1,00"], "price must be a price in US dollars"),
        (["--assume", "nuface-mini-plus.price=0"], "price must be a price in US dollars"),
        (["--assume", "nuface-mini-pls.app=none"], "did you mean 'nuface-mini-plus'?"),
        (["--samples", "10"], "error: --samples must be a whole number from 100"),
        (["--seed", "-1"], "error: --seed must be a whole number of 0 or more"),
        (["--weight-spread", "2"], "error: --weight-spread must be a number from 0"),
        (["--weight-spread", "nan"], "error: --weight-spread must be a number from 0"),
    ],
)
def test_bad_sampling_and_assume_options_are_one_line_and_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = invoke(runner, "rank", *args, code=2)
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_assume_finds_a_device_by_alias_or_name_as_show_does(runner: CliRunner) -> None:
    # 'nuface-trinity' is the project's own example alias of the Trinity+.
    body = json.loads(
        invoke(runner, "rank", "--assume", "nuface-trinity.current=300", "-f", "json").stdout
    )
    trinity = next(item for item in body["items"] if item["slug"] == "nuface-trinity-plus")
    assert "current" in trinity["assumed"]


def test_assume_reads_a_price_as_budget_does(runner: CliRunner) -> None:
    body = json.loads(
        invoke(runner, "rank", "--assume", "ziip-halo.price=$1,000", "-f", "json").stdout
    )
    halo = next(item for item in body["items"] if item["slug"] == "ziip-halo")
    assert "price" in halo["assumed"]


def test_rank_csv_has_a_sortable_column_per_criterion(runner: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke(runner, "rank", "-f", "csv").stdout)))
    assert rows
    for row in rows:
        for criterion in CRITERIA:
            low = float(row[f"{criterion.name}_low"])
            high = float(row[f"{criterion.name}_high"])
            assert 0 <= low <= high <= 1
            assert row[f"{criterion.name}_basis"] in {"model", "secondhand", "unknown"}
        assert 0 <= float(row["first_probability"]) <= float(row["top3_probability"]) <= 1
        assert float(row["score_worst"]) <= float(row["score_best"])
    firsts = [float(row["first_probability"]) for row in rows]
    assert firsts == sorted(firsts, reverse=True)


def test_rank_html_draws_the_chances_without_a_script(runner: CliRunner) -> None:
    page = invoke(runner, "rank", "--budget", "400", "-f", "html").stdout
    assert page.count("<svg") == 1 and "<script" not in page
    body = json.loads(invoke(runner, "rank", "--budget", "400", "-f", "json").stdout)
    for item in body["items"]:
        assert f">{item['slug']}</text>" in page
    markdown = invoke(runner, "rank", "--budget", "400", "-f", "markdown").stdout
    assert "| # | Device | Price | First | Top 3 | Mean rank | Score | Known | Why |" in markdown


def test_rank_explain_shows_the_worst_and_best_arithmetic(runner: CliRunner) -> None:
    out = invoke(runner, "rank", "--budget", "400", "--explain").stdout
    assert "How each score range is made" in out
    body = json.loads(invoke(runner, "rank", "--budget", "400", "-f", "json").stdout)
    flat = " ".join(out.split())
    for item in body["items"]:
        terms = r" \+ ".join([r"\d+\.\d\d"] * len(item["breakdown"]))
        assert re.search(rf"worst: {terms} = {item['score']['worst']:.1f}", flat)
        assert re.search(rf"best: {terms} = {item['score']['best']:.1f}", flat)
    assert "(confidence factor)" in flat
    assert max(len(line) for line in out.splitlines()) <= 80


def test_rank_pareto_from_the_cli(runner: CliRunner) -> None:
    body = json.loads(invoke(runner, "rank", "--budget", "400", "--pareto", "-f", "json").stdout)
    full = json.loads(invoke(runner, "rank", "--budget", "400", "-f", "json").stdout)
    removed = body["pareto"]["removed"]
    assert len(body["items"]) + len(removed) == len(full["items"])
    kept = {item["slug"] for item in body["items"]}
    for item in removed:
        assert item["dominated_by"] in kept and item["better_on"]


def test_what_pareto_removed_is_said_alike_in_the_table_and_markdown(
    runner: CliRunner,
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    args = ["rank", "--catalog", str(write_catalogue(DECIDING)), "--no-builtin", "--pareto"]
    args += ["--assume", "cheap-unknown.evidence=maker-study"]
    said = (
        "known-good: cheap-unknown is better even at its worst on price, and no worse on the rest"
    )
    table = " ".join(invoke(runner, *args).stdout.split())
    assert "Removed by --pareto: " + said in table
    markdown = invoke(runner, *args, "-f", "markdown").stdout
    assert "**Removed by --pareto:**\n\n- " + said + "\n" in markdown
    assert "### 1 device with a known price on the Pareto front, most often" in markdown


def test_rank_of_a_10000_device_catalogue_completes(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark's own generator (real devices under new slugs, prices and currents varied):
    # every device with a price is ranked, every other is listed as having none.
    import yaml

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench

    path = bench.generate(10_000, tmp_path / "devices-10000.yaml")
    real = yaml.safe_load(bench.BUILTIN.read_text(encoding="utf-8"))["devices"]
    priced = sum(bool(real[index % len(real)].get("price_usd")) for index in range(10_000))
    args = ["rank", "--no-builtin", "--catalog", str(path), "--samples", "200", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout)
    items = ranking["items"]
    assert len(items) == priced
    assert len(ranking["unranked"]["no_known_price"]) == 10_000 - priced
    assert [item["rank"] for item in items] == list(range(1, priced + 1))
    assert len(items[0]["rank_acceptability"]) == 50
    shares = [sum(item["rank_acceptability"]) + item["rank_acceptability_beyond"] for item in items]
    assert shares == pytest.approx([1.0] * priced, abs=1e-3)


def test_explain_says_how_far_each_weight_can_move(catalogue: Catalogue, runner: CliRunner) -> None:
    ranking = rank_devices(catalogue, 400, samples=FEW)
    total = sum(c.weight for c in ranking.criteria)
    assert ranking.mean_leader in {entry.device.slug for entry in ranking.entries}
    for item in ranking.stability:
        assert 0 <= item.low <= item.weight <= item.high <= total
        # Just beyond a named end, the named device has the best mean score.
        for end, rival in ((item.low, item.below), (item.high, item.above)):
            if rival is None:
                continue
            step = -0.01 if end == item.low else 0.01
            moved = [(item.criterion, end + step)]
            others = {c.name: c.weight for c in ranking.criteria if c.name != item.criterion}
            scale = (total - end - step) / (total - item.weight)
            moved += [(name, weight * scale) for name, weight in others.items()]
            again = rank_devices(catalogue, 400, weights=moved, samples=100)
            assert again.mean_leader == rival
    out = " ".join(invoke(runner, "rank", "--budget", "400", "--explain").stdout.split())
    assert f"With every value at its mean, {ranking.mean_leader} scores highest" in out


def test_compare_says_how_often_each_ranks_above_the_other(runner: CliRunner) -> None:
    body = json.loads(invoke(runner, "compare", "foreo-bear-2", "ziip-halo", "-f", "json").stdout)
    together = body["ranked_together"]
    shares = together["first_probability"]
    assert set(shares) == {"foreo-bear-2", "ziip-halo"}
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-3)
    above, below = sorted(shares, key=lambda slug: -shares[slug])
    assert together["text"].startswith(
        f"Ranked together on the default criteria (10,000 draws), {above} ranks above {below} "
        f"in {round(shares[above] * 100)}% of plausible cases"
    )
    # The HALO is cheaper by every source: an advantage no unknown can undo.
    assert "ziip-halo is ahead whatever is unknown on price" in together["text"]
    table = " ".join(invoke(runner, "compare", "foreo-bear-2", "ziip-halo").stdout.split())
    assert together["text"] in table
    markdown = invoke(runner, "compare", "foreo-bear-2", "ziip-halo", "-f", "markdown").stdout
    assert "ranks above" in markdown


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_rank_fits_the_terminal_and_keeps_every_slug_whole(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = invoke(runner, "rank", "--budget", "400", "--samples", "500").stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    body = json.loads(
        invoke(runner, "rank", "--budget", "400", "--samples", "500", "-f", "json").stdout
    )
    # The rank column is as wide as the longest rank, so the header may start with a space.
    table = re.split(r"\n *# Device", out, maxsplit=1)[1]
    for item in body["items"]:
        assert re.search(rf"^\s*\d+ {re.escape(item['slug'])}(\s|$)", table, re.M)
        if columns == "60":
            # Too narrow for a column of reasons: they follow the table, each whole.
            flat = " ".join(table.split())
            assert f"{item['rank']} {item['slug']}: {item['reason']}" in flat


def check_sensitive(ranking) -> int:  # type: ignore[no-untyped-def]
    """Check what a ranking says about its leader's own unknowns; return how many it names."""
    if ranking.deciding:
        assert ranking.sensitive == ()
        return 0
    leader = ranking.entries[0]
    unknown = {part.criterion for part in leader.contributions if not part.known}
    for text in ranking.sensitive:
        assert text.startswith(f"{leader.device.slug}'s chance of coming first runs from ")
        low, high = (int(n) for n in re.findall(r"(\d+)%", text)[:2])
        assert low < high
        assert any(text.endswith(fact_name(c)) for c in CRITERIA if c.name in unknown)
    return len(ranking.sensitive)


def test_without_a_deciding_fact_the_leaders_own_unknowns_are_named(
    catalogue: Catalogue,
    write_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    # The real catalogue follows the same rules (today every leader there has a deciding fact).
    for budget in (250, 300, 400, None):
        check_sensitive(rank_devices(catalogue, budget, samples=2000))
    swayed = load_catalogue(
        [write_catalogue(SWAYED.replace("DEAR", "600"), "far.yaml")], builtin=False
    )
    ranking = rank_devices(swayed.catalogue, samples=2000)
    assert ranking.entries[0].device.slug == "cheap-unknown"
    assert ranking.deciding == ()
    assert check_sensitive(ranking) == 1
    assert ranking.sensitive[0].endswith("its clinical evidence")
    # Where the dear device is close enough to come first at a weak value, that fact
    # decides and the leader's sway is not named beside it.
    close = load_catalogue(
        [write_catalogue(SWAYED.replace("DEAR", "300"), "close.yaml")], builtin=False
    )
    ranking = rank_devices(close.catalogue, samples=2000)
    assert [(f.slug, f.criterion) for f in ranking.deciding] == [("cheap-unknown", "evidence")]
    assert ranking.sensitive == ()
