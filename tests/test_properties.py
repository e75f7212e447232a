"""Engine invariants over generated catalogues (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcompare.engine import DeviceFilter, budget_price, list_devices, rank_devices, sort_devices
from microcompare.models import Catalogue
from microcompare.vocab import AppDependency, FdaStatus, SortField

SOURCES = [{"id": "s1", "title": "One", "seed_file": "one.txt"}]


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
    }
)


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    fields = draw(st.lists(device_fields, max_size=12))
    devices = [
        {"slug": f"device-{index}", "name": f"Device {index}", "brand": "Acme", **extra}
        for index, extra in enumerate(fields)
    ]
    return Catalogue.model_validate({"sources": SOURCES, "devices": devices})


@settings(max_examples=150, deadline=None)
@given(catalogues(), money)
def test_ranking_partitions_the_catalogue_and_respects_the_budget(
    catalogue: Catalogue, budget: float
) -> None:
    ranking = rank_devices(catalogue, budget)
    ranked = [entry.device.slug for entry in ranking.entries]
    everything = ranked + list(ranking.unpriced) + list(ranking.over_budget)
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
    reversed_catalogue = catalogue.model_copy(update={"devices": catalogue.devices[::-1]})
    assert rank_devices(catalogue).entries == rank_devices(reversed_catalogue).entries
