"""Engine invariants over generated catalogues (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcompare import models
from microcompare.engine import (
    CRITERIA,
    DeviceFilter,
    PickKind,
    budget_price,
    dominates,
    list_devices,
    rank_devices,
    sort_devices,
)
from microcompare.records import Catalogue
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
    return models.catalogue_record(models.Catalogue.model_validate(data))


@settings(max_examples=150, deadline=None)
@given(catalogues(), money, methods)
def test_ranking_partitions_the_catalogue_and_respects_the_budget(
    catalogue: Catalogue, budget: float, method: Method
) -> None:
    ranking = rank_devices(catalogue, budget, method=method)
    ranked = [entry.device.slug for entry in ranking.entries]
    everything = (
        ranked + list(ranking.unpriced) + list(ranking.over_budget) + list(ranking.unscored)
    )
    assert sorted(everything) == sorted(device.slug for device in catalogue.devices)
    for entry in ranking.entries:
        price = budget_price(entry.device)
        assert price is not None and price <= budget
        assert 0 <= entry.score <= 100
    assert [entry.rank for entry in ranking.entries] == list(range(1, len(ranked) + 1))
    keys = [(-entry.score, entry.device.slug) for entry in ranking.entries]
    assert keys == sorted(keys), "best first, ties broken by slug"


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


@settings(max_examples=100, deadline=None)
@given(catalogues())
def test_ranking_is_deterministic(catalogue: Catalogue) -> None:
    # The same input gives the same output: reversing the catalogue's order changes nothing.
    reversed_catalogue = catalogue._replace(devices=catalogue.devices[::-1])
    assert rank_devices(catalogue).entries == rank_devices(reversed_catalogue).entries


def _with_price(catalogue: Catalogue, slug: str, factor: float) -> Catalogue:
    devices = []
    for device in catalogue.devices:
        if device.slug == slug and device.price_usd:
            claims = tuple(claim._replace(value=claim.value * factor) for claim in device.price_usd)
            device = device._replace(price_usd=claims)
        devices.append(device)
    return catalogue._replace(devices=tuple(devices))


@settings(max_examples=200, deadline=None)
@given(catalogues(), st.data(), st.floats(min_value=0.05, max_value=0.99))
def test_a_cheaper_device_never_ranks_lower(
    catalogue: Catalogue, data: st.DataObject, factor: float
) -> None:
    before = rank_devices(catalogue)
    if not before.entries:
        return
    entry = data.draw(st.sampled_from(before.entries))
    after = rank_devices(_with_price(catalogue, entry.device.slug, factor))
    moved = next(e for e in after.entries if e.device.slug == entry.device.slug)
    assert moved.rank <= entry.rank


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
    "modes": {"value": ["lift", "firm", "glow", "tone", "sculpt"], "source": "s1"},
}


@settings(max_examples=150, deadline=None)
@given(catalogues(), methods)
def test_a_device_best_on_every_criterion_ranks_first(catalogue: Catalogue, method: Method) -> None:
    champion = _validated({"sources": SOURCES, "devices": [CHAMPION]}).devices
    with_champion = catalogue._replace(devices=champion + catalogue.devices)
    ranking = rank_devices(with_champion, method=method)
    first = ranking.entries[0]
    assert first.device.slug == "aaa-champion"
    assert first.score == 100.0
    assert first.scored_on == len(CRITERIA)


@settings(max_examples=150, deadline=None)
@given(catalogues(), methods)
def test_every_device_pareto_removes_has_a_named_dominator(
    catalogue: Catalogue, method: Method
) -> None:
    full = rank_devices(catalogue, method=method)
    front = rank_devices(catalogue, method=method, pareto=True)
    kept = {entry.device.slug for entry in front.entries}
    by_slug = {entry.device.slug: entry for entry in full.entries}
    assert len(kept) + len(front.dominated) == len(full.entries)
    for removed in front.dominated:
        assert removed.by.slug in kept
        assert dominates(by_slug[removed.by.slug], by_slug[removed.device.slug])
    for slug in kept:
        assert not any(dominates(other, by_slug[slug]) for other in full.entries)
    within = [pick for pick in front.picks if pick.kind is not PickKind.UPGRADE]
    assert all(pick.device.slug in kept for pick in within), "a dominated device is no pick"


@settings(max_examples=150, deadline=None)
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
    first = rank_devices(catalogue, method=method, weights=weights)
    second = rank_devices(forgotten, method=method, weights=weights)
    assert [(e.device.slug, e.score) for e in first.entries] == [
        (e.device.slug, e.score) for e in second.entries
    ]
