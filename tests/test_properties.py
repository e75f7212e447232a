"""Engine invariants over generated catalogues (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcompare import models
from microcompare.engine.criteria import CRITERIA
from microcompare.engine.facts import budget_price
from microcompare.engine.listing import DeviceFilter, list_devices, sort_devices
from microcompare.engine.rank import dominates, rank_devices
from microcompare.engine.results import PickKind
from microcompare.records import Catalogue, Claim, Evidence
from microcompare.render.json import render as render_json
from microcompare.vocab import AppDependency, EvidenceKind, FdaStatus, Method, SortField

SOURCES = [{"id": "s1", "title": "One", "seed_file": "one.txt"}]
KINDS = [kind.value for kind in EvidenceKind]
methods = st.sampled_from(list(Method))


def _claim(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | st.lists(
        st.builds(lambda value: {"value": value, "source": "s1"}, strategy), min_size=1, max_size=2
    )


money = st.floats(min_value=1, max_value=2000, allow_nan=False, allow_infinity=False)
device_fields = st.fixed_dictionaries(
    {
        "price_usd": _claim(money),
        "output_ua": _claim(st.floats(min_value=1, max_value=3000)),
        "fda_status": _claim(st.sampled_from([status.value for status in FdaStatus])),
        "app": _claim(st.sampled_from([app.value for app in AppDependency])),
        "intensity_levels": _claim(st.integers(min_value=1, max_value=10)),
        "subscription": _claim(st.booleans()),
        "evidence": _claim(st.builds(lambda kind: {"kind": kind}, st.sampled_from(KINDS))),
        "modes": _claim(st.lists(st.sampled_from(["lift", "firm", "glow"]), min_size=1)),
    }
)


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    fields = draw(st.lists(device_fields, max_size=12))
    devices = [
        {"slug": f"device-{index}", "name": f"Device {index}", "brand": "Acme", **extra}
        for index, extra in enumerate(fields)
    ]
    return _validated({"sources": SOURCES, "devices": devices})


def _validated(data: dict[str, Any]) -> Catalogue:
    # Checked as a file is, then turned into the records the engine reads.
    return models.validate_catalogue(data)


@settings(max_examples=150, deadline=None)
@given(catalogues(), money)
def test_max_price_never_returns_a_device_over_it(catalogue: Catalogue, limit: float) -> None:
    listing = list_devices(catalogue, DeviceFilter(max_price_usd=limit))
    for device in listing.devices:
        price = budget_price(device)
        assert price is not None and price <= limit
    hidden = sum(notice.message.count("device-") for notice in listing.warnings)
    unpriced = sum(1 for device in catalogue.devices if device.price_usd is None)
    assert hidden == unpriced, "every device hidden for an unknown price is named"


@settings(max_examples=150, deadline=None)
@given(catalogues(), st.booleans())
def test_unknown_never_sorts_as_zero(catalogue: Catalogue, descending: bool) -> None:
    ordered = sort_devices(catalogue.devices, SortField.PRICE, descending=descending)
    known = [device.price_usd is not None for device in ordered]
    assert known == sorted(known, reverse=True)
    prices = [budget_price(device) for device in ordered if device.price_usd is not None]
    assert prices == sorted(prices, reverse=descending)  # type: ignore[type-var]


# Rankings sample; a few hundred draws keep a property's hundred examples quick, and the
# margins below are several times the Monte Carlo error of that many draws.
FEW = 400


@settings(max_examples=60, deadline=None)
@given(catalogues(), money, methods)
def test_ranking_partitions_the_catalogue_and_respects_the_budget(
    catalogue: Catalogue, budget: float, method: Method
) -> None:
    ranking = rank_devices(catalogue, budget, method=method, samples=FEW)
    ranked = [entry.device.slug for entry in ranking.entries]
    everything = ranked + list(ranking.unpriced) + list(ranking.over_budget)
    assert sorted(everything) == sorted(device.slug for device in catalogue.devices)
    for entry in ranking.entries:
        price = budget_price(entry.device)
        assert price is not None and price <= budget
        assert 0 <= entry.worst <= entry.best <= 100
    assert [entry.rank for entry in ranking.entries] == list(range(1, len(ranked) + 1))
    keys = [
        (-round(e.first, 4), -round(e.top3, 4), -round(e.worst, 6), e.device.slug)
        for e in ranking.entries
    ]
    assert keys == sorted(keys), "most often first, then top three, then worst case, then slug"


@settings(max_examples=60, deadline=None)
@given(catalogues(), methods, st.floats(min_value=0, max_value=1))
def test_acceptability_sums_to_one_over_ranks_and_over_devices(
    catalogue: Catalogue, method: Method, spread: float
) -> None:
    entries = rank_devices(catalogue, method=method, samples=FEW, spread=spread).entries
    for entry in entries:
        assert sum(entry.by_rank) + entry.beyond == pytest.approx(1.0)
        assert entry.first == entry.by_rank[0]
        assert entry.first <= entry.top3 <= 1
        assert 1 <= entry.expected_rank <= len(entries)
    for rank in range(len(entries)):
        assert sum(entry.by_rank[rank] for entry in entries) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(catalogues(), money, money)
def test_a_score_range_is_the_same_at_every_budget(
    catalogue: Catalogue, first_budget: float, second_budget: float
) -> None:
    # Fixed scales: what a device scores never depends on the budget or its company.
    first = rank_devices(catalogue, first_budget, samples=FEW).entries
    second = {e.device.slug: e for e in rank_devices(catalogue, second_budget, samples=FEW).entries}
    for entry in first:
        if entry.device.slug in second:
            other = second[entry.device.slug]
            assert (entry.worst, entry.best) == (other.worst, other.best)
            assert entry.contributions == other.contributions


@settings(max_examples=40, deadline=None)
@given(catalogues())
def test_ranking_is_deterministic(catalogue: Catalogue) -> None:
    # The same input gives the same output: reversing the catalogue's order changes nothing.
    reversed_catalogue = catalogue._replace(devices=catalogue.devices[::-1])
    first = rank_devices(catalogue, samples=FEW)
    assert first.entries == rank_devices(reversed_catalogue, samples=FEW).entries
    # The same seed gives the same bytes.
    again = rank_devices(catalogue, samples=FEW)
    assert render_json(first, "rank") == render_json(again, "rank")


# A share estimated from SOME draws moves by about 1/sqrt(SOME) at most; comparing two
# independent estimates, this margin is over four standard errors.
SOME = 2000
NOISE = 0.1


def _replaced(catalogue: Catalogue, slug: str, **fields: Any) -> Catalogue:
    devices = tuple(
        device._replace(**fields) if device.slug == slug else device for device in catalogue.devices
    )
    return catalogue._replace(devices=devices)


def _claims(value: Any) -> tuple[Claim[Any], ...]:
    return (Claim(value, "s1"),)


@settings(max_examples=40, deadline=None)
@given(catalogues(), st.data())
def test_a_device_better_everywhere_with_the_same_unknowns_is_first_no_less_often(
    catalogue: Catalogue, data: st.DataObject
) -> None:
    priced = [device for device in catalogue.devices if device.price_usd]
    if not priced:
        return
    model = data.draw(st.sampled_from(priced))
    price = min(claim.value for claim in model.price_usd or ())
    # The copy costs less (or the same) by every source and is the same everywhere else.
    better = model._replace(
        slug="zz-better", name="Better", price_usd=_claims(price * data.draw(st.floats(0.1, 1)))
    )
    ranking = rank_devices(catalogue._replace(devices=(*catalogue.devices, better)), samples=SOME)
    chance = {entry.device.slug: entry.first for entry in ranking.entries}
    assert chance["zz-better"] >= chance[model.slug] - NOISE


_BEST_AND_WORST = {
    "fda_status": (FdaStatus.CLEARED, FdaStatus.NOT_CLEARED),
    "evidence": (Evidence(EvidenceKind.INDEPENDENT_STUDY), Evidence(EvidenceKind.LIMITED)),
    "app": (AppDependency.NONE, AppDependency.REQUIRED),
    "subscription": (False, True),
}


@settings(max_examples=40, deadline=None)
@given(catalogues(), st.data())
def test_learning_an_unknown_at_best_never_lowers_the_chance_and_at_worst_never_raises_it(
    catalogue: Catalogue, data: st.DataObject
) -> None:
    before = rank_devices(catalogue, samples=SOME)
    unknown = [
        (entry.device.slug, field)
        for entry in before.entries
        for field in _BEST_AND_WORST
        if getattr(entry.device, field) is None
    ]
    if not unknown:
        return
    slug, field = data.draw(st.sampled_from(unknown))
    best, worst = _BEST_AND_WORST[field]
    chance = {e.device.slug: e.first for e in before.entries}[slug]

    def first_with(value: Any) -> float:
        after = rank_devices(_replaced(catalogue, slug, **{field: _claims(value)}), samples=SOME)
        return next(e.first for e in after.entries if e.device.slug == slug)

    assert first_with(best) >= chance - NOISE
    assert first_with(worst) <= chance + NOISE


def _one(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.builds(lambda value: [{"value": value, "source": "s1"}], strategy)


# Every fact known, by one claim each, so nothing is uncertain.
known_fields = st.fixed_dictionaries(
    {
        "price_usd": _one(money),
        "output_ua": _one(st.floats(min_value=1, max_value=3000)),
        "fda_status": _one(st.sampled_from([s.value for s in FdaStatus])),
        "app": _one(st.sampled_from([a.value for a in AppDependency])),
        "intensity_levels": _one(st.integers(min_value=1, max_value=10)),
        "subscription": _one(st.booleans()),
        "evidence": _one(st.builds(lambda kind: {"kind": kind}, st.sampled_from(KINDS))),
        "modes": _one(st.lists(st.sampled_from(["lift", "firm", "glow"]), min_size=1)),
    }
)


@settings(max_examples=40, deadline=None)
@given(st.lists(known_fields, min_size=1, max_size=8))
def test_exact_weights_and_known_values_give_the_weighted_sum_order(
    fields: list[dict[str, Any]],
) -> None:
    devices = [
        {"slug": f"device-{index}", "name": f"Device {index}", "brand": "Acme", **extra}
        for index, extra in enumerate(fields)
    ]
    settled = _validated({"sources": SOURCES, "devices": devices})
    ranking = rank_devices(settled, samples=FEW, spread=0)
    total = sum(c.weight for c in CRITERIA)
    for entry in ranking.entries:
        assert entry.worst == pytest.approx(entry.best)
        # The plain weighted sum, from each criterion's published scale.
        plain = sum(
            100 * c.weight / total * min(1.0, max(0.0, c.absolute(c.raw(entry.device) or 0.0)))
            for c in CRITERIA
        )
        assert entry.worst == pytest.approx(plain)
    top = max(entry.worst for entry in ranking.entries)
    tied = [entry for entry in ranking.entries if entry.worst == pytest.approx(top, abs=1e-9)]
    if len(tied) == 1:
        assert ranking.entries[0] is tied[0] and ranking.entries[0].first == 1.0
    assert sum(entry.first for entry in tied) == pytest.approx(1.0)
    scores = [entry.worst for entry in ranking.entries]
    assert scores == sorted(scores, reverse=True) or len(tied) > 1


def _with_price(catalogue: Catalogue, slug: str, factor: float) -> Catalogue:
    devices = []
    for device in catalogue.devices:
        if device.slug == slug and device.price_usd:
            claims = tuple(claim._replace(value=claim.value * factor) for claim in device.price_usd)
            device = device._replace(price_usd=claims)
        devices.append(device)
    return catalogue._replace(devices=tuple(devices))


CHAMPION = {
    "slug": "aaa-champion",
    "name": "Champion",
    "brand": "Acme",
    # Below every generated price (those start at $1), inside the window, best everywhere.
    "price_usd": {"value": 0.5, "source": "s1"},
    "output_ua": {"value": 400, "source": "s1"},
    "fda_status": {"value": "cleared", "source": "s1"},
    "evidence": {"value": {"kind": "independent-study"}, "source": "s1"},
    "intensity_levels": {"value": 10, "source": "s1"},
    "app": {"value": "none", "source": "s1"},
    "subscription": {"value": False, "source": "s1"},
    "modes": {"value": ["lift", "firm", "glow", "tone", "sculpt", "glow up"], "source": "s1"},
}


@settings(max_examples=40, deadline=None)
@given(catalogues(), methods, st.floats(min_value=0, max_value=1))
def test_a_device_best_on_every_criterion_is_always_first(
    catalogue: Catalogue, method: Method, spread: float
) -> None:
    champion = _validated({"sources": SOURCES, "devices": [CHAMPION]}).devices
    with_champion = catalogue._replace(devices=champion + catalogue.devices)
    first = rank_devices(with_champion, method=method, samples=FEW, spread=spread).entries[0]
    assert first.device.slug == "aaa-champion"
    assert first.first == 1.0 and first.expected_rank == 1.0
    assert first.known == len(CRITERIA)


@settings(max_examples=40, deadline=None)
@given(catalogues(), methods)
def test_every_device_pareto_removes_has_a_named_dominator(
    catalogue: Catalogue, method: Method
) -> None:
    full = rank_devices(catalogue, method=method, samples=FEW)
    front = rank_devices(catalogue, method=method, pareto=True, samples=FEW)
    kept = {entry.device.slug for entry in front.entries}
    by_slug = {entry.device.slug: entry for entry in full.entries}
    assert len(kept) + len(front.dominated) == len(full.entries)
    for removed in front.dominated:
        assert removed.by.slug in kept
        assert dominates(
            by_slug[removed.by.slug].contributions, by_slug[removed.device.slug].contributions
        )
    for slug in kept:
        assert not any(
            dominates(other.contributions, by_slug[slug].contributions) for other in full.entries
        )
    within = [pick for pick in front.picks if pick.kind is not PickKind.UPGRADE]
    assert all(pick.device.slug in kept for pick in within), "a dominated device is no pick"


@settings(max_examples=40, deadline=None)
@given(catalogues(), methods, st.sampled_from([c.name for c in CRITERIA if c.name != "price"]))
def test_a_zero_weight_removes_a_criterion_s_influence(
    catalogue: Catalogue, method: Method, name: str
) -> None:
    # Forget every device's facts on the criterion: with weight 0 nothing may change.
    fields = next(c.fields for c in CRITERIA if c.name == name)
    forgotten = catalogue._replace(
        devices=tuple(device._replace(**dict.fromkeys(fields)) for device in catalogue.devices)
    )
    weights = [(name, 0.0)]
    first = rank_devices(catalogue, method=method, weights=weights, samples=FEW)
    second = rank_devices(forgotten, method=method, weights=weights, samples=FEW)
    assert [(e.device.slug, e.first, e.top3, e.worst, e.best) for e in first.entries] == [
        (e.device.slug, e.first, e.top3, e.worst, e.best) for e in second.entries
    ]
