"""Ranking on the real catalogue: criteria, weights, profiles, TOPSIS, Pareto, picks and
compare's "where each is ahead", through the engine and through the CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare.catalog import find_device, load_catalogue
from microcompare.cli import app
from microcompare.engine import (
    CRITERIA,
    PROFILES,
    PickKind,
    compare_devices,
    dominates,
    parse_weight,
    rank_devices,
    weighted_criteria,
)
from microcompare.errors import UsageError
from microcompare.records import Catalogue
from microcompare.vocab import Method

ORDER_400 = [
    "nuface-mini-plus",
    "nuface-mini-original",
    "myolift-qt-plus",
    "nuface-trinity-original",
    "nuface-trinity-plus",
    "therabody-theraface-pro",
    "foreo-bear-2",
    "ziip-halo",
]


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
    names = {criterion.name for criterion in CRITERIA}
    assert {profile.name for profile in PROFILES} == {
        "balanced",
        "evidence-first",
        "budget",
        "no-app",
    }
    for profile in PROFILES:
        assert set(profile.weights) == names
        assert all(weight >= 0 for weight in profile.weights.values())


# --- weighted sum: the worked example -------------------------------------------------


def test_weighted_sum_at_400_gives_the_documented_order_and_scores(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400)
    assert order(ranking) == ORDER_400
    assert [entry.score for entry in ranking.entries] == [
        95.5,
        84.2,
        80.6,
        79.8,
        75.1,
        70.8,
        56.4,
        29.6,
    ]
    trinity = entry_for(ranking, "nuface-trinity-plus")
    points = {part.criterion: part.points for part in trinity.contributions}
    # Known for the Trinity+: all but the subscription, with weights summing to 9.5; price
    # scaled $209 (1) to $399 (0) at its one claim, $325; two attachments on a scale from
    # the HALO's one entry to the TheraFace PRO's six.
    assert points["fda"] == pytest.approx(100 * 2 / 9.5)
    assert points["price"] == pytest.approx(100 * 1.5 / 9.5 * (399 - 325) / (399 - 209))
    assert points["versatility"] == pytest.approx(100 * 0.5 / 9.5 * (2 - 1) / (6 - 1))
    assert points["subscription"] is None
    assert trinity.coverage == "scored on 7 of 8 criteria"
    assert sum(p or 0 for p in points.values()) == pytest.approx(75.1, abs=0.05)
    assert ranking.bounds["price"] == (209, 399)


def test_unknown_criteria_are_left_out_in_both_methods(catalogue: Catalogue) -> None:
    for method in Method:
        mini = entry_for(rank_devices(catalogue, 400, method=method), "nuface-mini-plus")
        assert mini.scored_on == 4 and mini.coverage == "scored on 4 of 8 criteria"
        unknown = [part for part in mini.contributions if part.normalised is None]
        assert len(unknown) == 4
        for part in unknown:
            assert (part.share, part.points, part.gap_to_best, part.gap_to_worst) == (
                None,
                None,
                None,
                None,
            )
        known = [part.share for part in mini.contributions if part.share is not None]
        assert sum(known) == pytest.approx(1.0)


# --- TOPSIS ---------------------------------------------------------------------------


def test_topsis_at_400_gives_the_documented_order(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, method=Method.TOPSIS)
    assert order(ranking) == [
        "nuface-mini-plus",
        "nuface-trinity-plus",
        "myolift-qt-plus",
        "nuface-mini-original",
        "ziip-halo",
        "foreo-bear-2",
        "nuface-trinity-original",
        "therabody-theraface-pro",
    ]
    trinity = entry_for(ranking, "nuface-trinity-plus")
    assert trinity.score == 55.9


def test_topsis_scores_can_be_recomputed_from_the_breakdown(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, method=Method.TOPSIS)
    for entry in ranking.entries:
        plus = math.sqrt(sum((p.gap_to_best or 0) ** 2 for p in entry.contributions))
        minus = math.sqrt(sum((p.gap_to_worst or 0) ** 2 for p in entry.contributions))
        assert plus == pytest.approx(entry.distance_to_best)
        assert minus == pytest.approx(entry.distance_to_worst)
        expected = 100.0 if plus == 0 else 100 * minus / (plus + minus)
        assert entry.score == pytest.approx(expected, abs=0.05)
        for part in entry.contributions:
            if part.normalised is None:
                continue
            best, worst = ranking.extremes[part.criterion]
            assert part.gap_to_best == pytest.approx(part.share * (best - part.normalised))
            assert part.gap_to_worst == pytest.approx(part.share * (part.normalised - worst))


# --- weights and profiles -------------------------------------------------------------


def test_a_zero_weight_leaves_the_criterion_out(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, weights=[("price", 0)])
    assert ranking.dropped == ("price",)
    assert "price" not in [criterion.name for criterion in ranking.criteria]
    # Without price the two cleared devices known only on clearance (and intensity) tie at
    # 100 and are ordered by slug.
    assert [(entry.device.slug, entry.score) for entry in ranking.entries][:3] == [
        ("myolift-qt-plus", 100.0),
        ("nuface-mini-original", 100.0),
        ("therabody-theraface-pro", 94.4),
    ]
    assert "Weighted 0 and left out: price" in ranking.notes


def test_weights_change_the_order(catalogue: Catalogue) -> None:
    default = rank_devices(catalogue, 400)
    evidence = rank_devices(catalogue, 400, weights=[("evidence", 10)])
    # The Trinity+'s evidence is its maker's trial; the TheraFace PRO's is unknown and left out.
    assert order(default).index("nuface-trinity-plus") == 4
    assert order(evidence).index("nuface-trinity-plus") == 5


def test_profiles_give_their_documented_orders(catalogue: Catalogue) -> None:
    budget = rank_devices(catalogue, 400, profile="budget")
    assert order(budget)[:4] == [
        "nuface-mini-plus",
        "nuface-mini-original",
        "nuface-trinity-plus",
        "nuface-trinity-original",
    ]
    no_app = rank_devices(catalogue, 400, profile="no-app")
    assert order(no_app)[-2:] == ["foreo-bear-2", "ziip-halo"]
    assert no_app.profile == "no-app"
    assert {c.name: c.weight for c in no_app.criteria}["app"] == 5


def test_a_weight_overrides_the_profile(catalogue: Catalogue) -> None:
    criteria = weighted_criteria("budget", [("price", 1)])
    assert {c.name: c.weight for c in criteria}["price"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pricex=2", "unknown criterion 'pricex'; did you mean 'price'?"),
        ("price", "is not NAME=NUMBER; write e.g. --weight price=2"),
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


# --- Pareto ---------------------------------------------------------------------------


DOMINATED_400 = [
    ("nuface-mini-original", "nuface-mini-plus", ("fda", "price", "intensity")),
    ("myolift-qt-plus", "nuface-mini-plus", ("fda", "price")),
]


def test_pareto_removes_the_dominated_and_names_what_beats_each(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400, pareto=True)
    removed = {slug for slug, _, _ in DOMINATED_400}
    assert order(ranking) == [slug for slug in ORDER_400 if slug not in removed]
    assert [entry.rank for entry in ranking.entries] == list(range(1, 7))
    assert [(d.device.slug, d.by.slug, d.criteria) for d in ranking.dominated] == DOMINATED_400


def test_dominance_needs_the_dominator_known_where_the_other_is(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 400)
    mini_plus = entry_for(ranking, "nuface-mini-plus")
    trinity = entry_for(ranking, "nuface-trinity-plus")
    myolift = entry_for(ranking, "myolift-qt-plus")
    assert dominates(mini_plus, myolift)
    # The Mini+ is unknown on evidence, where the Trinity+ is known: no verdict.
    assert not dominates(mini_plus, trinity)
    assert not dominates(myolift, mini_plus)


# --- picks ----------------------------------------------------------------------------


def test_picks_at_400(catalogue: Catalogue) -> None:
    # The Mini+ ranks first and is known on half the criteria (clearance, price, intensity,
    # app): enough to recommend, and nothing cheaper remains for a budget pick.
    [top] = rank_devices(catalogue, 400).picks
    assert top.kind is PickKind.TOP
    assert top.device.slug == "nuface-mini-plus"
    assert top.reason == "FDA-cleared; cheapest here: $209"
    assert "web-innolitics-k201680" in top.sources


def test_the_upgrade_pick_is_labelled_over_budget(catalogue: Catalogue) -> None:
    # Without clearance, current and price nothing within $300 is known on half the
    # criteria; the Trinity+ at $325 is.
    ranking = rank_devices(catalogue, 300, weights=[("fda", 0), ("current", 0), ("price", 0)])
    [upgrade] = ranking.picks
    assert upgrade.kind is PickKind.UPGRADE
    assert upgrade.device.slug == "nuface-trinity-plus"
    assert upgrade.over_budget_usd == 25
    assert upgrade.reason.startswith("$25 over the budget; scores 76.7; adjustable intensity")
    assert "dearest" not in upgrade.reason, "no comparison with devices it is not among"
    assert ranking.pick_notes[0].startswith("No pick within the budget")


def test_no_pick_where_the_data_cannot_support_one(catalogue: Catalogue) -> None:
    # Without clearance the Mini+ is known on 3 of 7 criteria and the HALO scores 17.3.
    ranking = rank_devices(catalogue, 250, weights=[("fda", 0)])
    assert ranking.picks == ()
    assert ranking.pick_notes == (
        "No pick within the budget: none of the ranked devices is known on at least half "
        "the criteria and scores 50 or more.",
    )


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
    path = write_catalogue(
        "devices:\n"
        "  - slug: disputed-wand\n"
        "    name: Disputed Wand\n"
        "    brand: Acme\n"
        "    price_usd:\n"
        "      - {value: 325, source: glowstice-2026}\n"
        "      - {value: 350, source: facial-guide-2025}\n"
    )
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
    assert out.startswith("8 criteria, default weights")
    for criterion in CRITERIA:
        assert criterion.name in out
    assert "evidence-first" in out and "lower is better" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    body = json.loads(invoke(runner, "criteria", "-f", "json").stdout)
    assert [item["name"] for item in body["items"]] == [c.name for c in CRITERIA]
    price = next(item for item in body["items"] if item["name"] == "price")
    assert price["direction"] == "lower" and price["weight"] == 1.5 and price["relative"]
    assert body["profiles"][0]["name"] == "balanced"


def test_rank_explain_lets_a_reader_add_up_the_score(runner: CliRunner) -> None:
    out = invoke(runner, "rank", "--budget", "400", "--explain").stdout
    assert "How each score is made" in out
    assert "21.05 + 12.63 + 15.79 + 6.15 + 10.53 + 7.89 + 1.05 = 75.1" in out
    assert "Price is scaled over the ranked devices: $209 is 1, $399 is 0" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_rank_topsis_explain_shows_the_distances(runner: CliRunner) -> None:
    out = invoke(runner, "rank", "--budget", "400", "--method", "topsis", "--explain").stdout
    assert "Score: 0–100 by TOPSIS" in out
    assert re.search(r"D\+ = [\d.]+, D− = [\d.]+; 100 × [\d.]+ ÷ \([\d.]+ \+ [\d.]+\) = 55\.9", out)


def test_rank_json_carries_method_picks_and_breakdown(runner: CliRunner) -> None:
    body = json.loads(
        invoke(runner, "rank", "--budget", "400", "--method", "topsis", "-f", "json").stdout
    )
    assert body["method"] == "topsis" and body["profile"] == "balanced"
    assert [pick["kind"] for pick in body["picks"]] == ["top"]
    assert body["picks"][0]["slug"] == "nuface-mini-plus"
    item = body["items"][1]
    assert item["slug"] == "nuface-trinity-plus" and item["score"] == 55.9
    assert item["coverage"]["scored_on"] == 7
    fda = item["breakdown"][0]
    assert set(fda) >= {"criterion", "raw", "normalised", "weight", "share", "gap_to_best"}
    assert body["scale"]["bounds"]["price"] == [209, 399]


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


def test_rank_pareto_from_the_cli(runner: CliRunner) -> None:
    out = invoke(runner, "rank", "--budget", "400", "--pareto").stdout
    assert "6 devices within $400 on the Pareto front" in out
    assert "myolift-qt-plus: nuface-mini-plus is as good or better on all 2" in out
    body = json.loads(invoke(runner, "rank", "--budget", "400", "--pareto", "-f", "json").stdout)
    assert body["pareto"]["removed"] == [
        {"slug": slug, "dominated_by": by, "criteria_compared": list(criteria)}
        for slug, by, criteria in DOMINATED_400
    ]


def test_rank_picks_are_shown_above_the_table(runner: CliRunner) -> None:
    weights = ("--weight", "fda=0", "--weight", "current=0", "--weight", "price=0")
    out = invoke(runner, "rank", "--budget", "300", *weights).stdout
    assert out.split("\nPicks\n", 1)[1].startswith(
        "Upgrade pick nuface-trinity-plus 76.7: $25 over the budget"
    )
    assert "\nNo pick within the budget" in out.split("\n\n")[0]


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
    priced = [bool(real[index % len(real)].get("price_usd")) for index in range(10_000)]
    result = runner.invoke(app, ["rank", "--no-builtin", "--catalog", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout)
    items = ranking["items"]
    assert len(items) == sum(priced) == 3_216
    assert len(ranking["unranked"]["no_known_price"]) == 10_000 - 3_216
    assert [item["rank"] for item in items] == list(range(1, 3_217))
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert len({item["slug"] for item in items}) == 3_216
