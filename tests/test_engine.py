"""The engine on the real catalogue: filters, sort order, budgets, scores, comparisons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from conftest import DISPUTED_PRICE

from microcompare.catalog import find_device, load_catalogue
from microcompare.cli import _OPTION_OF
from microcompare.engine.compare import compare_devices
from microcompare.engine.criteria import CRITERIA, criterion_names, parse_weight, weighted_criteria
from microcompare.engine.fields import parse_fields
from microcompare.engine.listing import DeviceFilter, list_devices, sort_devices
from microcompare.engine.plan import plan_routine
from microcompare.engine.rank import rank_devices
from microcompare.engine.uncertainty import parse_assumption
from microcompare.errors import BadValue, UsageError
from microcompare.records import Catalogue, CurrentType
from microcompare.vocab import SortField


def slugs(devices) -> list[str]:  # type: ignore[no-untyped-def]
    return [device.slug for device in devices]


def test_budget_250_holds_the_mini_plus_and_the_halo_and_not_the_bear_2(
    catalogue: Catalogue,
) -> None:
    ranking = rank_devices(catalogue, 250)
    assert sorted(entry.device.slug for entry in ranking.entries) == [
        "nuface-mini-plus",
        "rejuvenique",
        "strivectin-facial-toner",
        "ziip-halo",
    ]
    assert "foreo-bear-2" in ranking.over_budget


def test_devices_without_a_price_are_counted_not_ranked(catalogue: Catalogue) -> None:
    ranking = rank_devices(catalogue, 250)
    assert "nuface-trinity-pro" in ranking.unpriced
    assert "inia-flare" in ranking.unpriced
    count = len(ranking.unpriced)
    assert ranking.notes[0].startswith(f"{count} devices have no known price and are not ranked")


def test_a_disputed_price_must_fit_the_budget_by_every_source(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    # No built-in device has two prices for the model itself any more, so one is written here.
    path = write_catalogue(DISPUTED_PRICE)
    catalogue = load_catalogue([path]).catalogue
    assert "disputed-wand" in rank_devices(catalogue, 325).over_budget
    assert "disputed-wand" in slugs(e.device for e in rank_devices(catalogue, 350).entries)


def test_a_brand_price_does_not_stand_for_the_models_own(catalogue: Catalogue) -> None:
    # The Trinity (2018) is $325 in two reviews; an article prices the brand at about $350.
    assert "nuface-trinity-original" in slugs(
        e.device for e in rank_devices(catalogue, 325).entries
    )


def test_an_unknown_is_a_range_never_left_out(catalogue: Catalogue) -> None:
    for entry in rank_devices(catalogue, samples=500).entries:
        assert 0 <= entry.worst <= entry.best <= 100
        assert len(entry.contributions) == len(CRITERIA)
        unknown = [part for part in entry.contributions if part.basis == "unknown"]
        assert all(part.high > part.low for part in unknown)
        # What rests only on the brand or an earlier model is a range too, and not known.
        secondhand = [part for part in entry.contributions if part.basis == "secondhand"]
        assert all(part.high > part.low for part in secondhand)
        assert entry.known == len(CRITERIA) - len(unknown) - len(secondhand)


def test_low_coverage_is_said_in_the_reason(catalogue: Catalogue) -> None:
    entries = rank_devices(catalogue, 250, samples=500).entries
    # The Rejuvenique's sources give its price and FDA status and nothing else it is ranked on.
    sparse = next(e for e in entries if e.device.slug == "rejuvenique")
    assert sparse.known * 2 < sparse.criteria_total == len(CRITERIA)
    assert sparse.reason.endswith(f"only {sparse.known} of {len(CRITERIA)} criteria known")
    # A device known on half its criteria or more is not said to be sparsely known.
    mini = next(e for e in entries if e.device.slug == "nuface-mini-plus")
    assert mini.known * 2 >= mini.criteria_total
    assert "criteria known" not in mini.reason


def test_nanocurrent_device_reason_names_its_weak_evidence(catalogue: Catalogue) -> None:
    halo = next(e for e in rank_devices(catalogue, 250).entries if e.device.slug == "ziip-halo")
    assert "thin evidence" in halo.reason


def test_bad_budgets_are_usage_errors(catalogue: Catalogue) -> None:
    for budget in (0, -5, float("nan"), float("inf")):
        with pytest.raises(UsageError, match="budget_usd must be a number of US dollars above 0"):
            rank_devices(catalogue, budget)


def test_filters_hide_unknowns_and_say_so(catalogue: Catalogue) -> None:
    listing = list_devices(catalogue, DeviceFilter(max_price_usd=300))
    assert set(slugs(listing.devices)) == {
        "nuface-mini-plus",
        "ziip-halo",
        "foreo-bear-2",
        "myolift-qt-plus",
        "nuface-mini-original",
        "rejuvenique",
        "strivectin-facial-toner",
    }
    assert listing.warnings[0].kind == "unknown-hidden"
    assert "left out because the price is unknown" in listing.warnings[0].message


def test_filter_by_type_brand_fda_and_app(catalogue: Catalogue) -> None:
    nano = list_devices(catalogue, DeviceFilter(current_type=CurrentType.NANOCURRENT))
    assert slugs(nano.devices) == ["ziip-halo"]
    nuface = list_devices(catalogue, DeviceFilter(brand="nuface"))
    assert all(device.brand == "NuFACE" for device in nuface.devices)
    cleared = list_devices(catalogue, DeviceFilter(fda_cleared=True))
    assert "nuface-trinity-plus" in slugs(cleared.devices)
    assert "ziip-halo" not in slugs(cleared.devices)
    no_app = list_devices(catalogue, DeviceFilter(no_app=True))
    assert "foreo-bear-2" not in slugs(no_app.devices)
    assert "ziip-dot" in slugs(no_app.devices)


def test_unknown_sorts_last_in_both_directions(catalogue: Catalogue) -> None:
    for descending in (False, True):
        ordered = sort_devices(catalogue.devices, SortField.PRICE, descending=descending)
        prices = [device.price_usd is not None for device in ordered]
        assert prices == sorted(prices, reverse=True), "every priced device precedes unknowns"
    cheapest = sort_devices(catalogue.devices, SortField.PRICE)
    assert cheapest[0].slug == "rejuvenique"
    dearest = sort_devices(catalogue.devices, SortField.PRICE, descending=True)
    assert dearest[0].slug == "ziip-original"


def test_compare_marks_differences_and_the_better_value(catalogue: Catalogue) -> None:
    trinity = find_device(catalogue, "nuface-trinity")
    halo = find_device(catalogue, "ziip-halo")
    comparison = compare_devices(catalogue, [trinity, halo])
    rows = {row.field: row for row in comparison.rows}
    assert rows["price_usd"].differs and rows["price_usd"].best == (1,)
    assert rows["app"].best == (0,)
    # Unknown is never marked better, and a row with one known value has no winner.
    assert rows["fda_status"].cells[1] is None and rows["fda_status"].best == ()
    assert rows["frequency_hz"].differs is False
    assert {source.id for source in comparison.sources} >= {
        "glowstice-2026",
        "web-refinery29-ziip-dot",
    }


def test_compare_needs_two_distinct_devices(catalogue: Catalogue) -> None:
    halo = find_device(catalogue, "ziip-halo")
    with pytest.raises(UsageError, match="at least two devices"):
        compare_devices(catalogue, [halo])
    with pytest.raises(UsageError, match="twice"):
        compare_devices(catalogue, [halo, halo])


# Each call gives the engine one bad value; the engine says what is wrong with it and no more.
_BAD_VALUES = {
    "budget": lambda c: rank_devices(c, 0),
    "months": lambda c: rank_devices(c, months=0),
    "samples": lambda c: rank_devices(c, samples=1),
    "seed": lambda c: rank_devices(c, seed=-1),
    "spread": lambda c: rank_devices(c, spread=2.0),
    "limit": lambda c: list_devices(c, limit=0),
    "min_known": lambda c: list_devices(c, DeviceFilter(min_known=99)),
    "weight form": lambda c: parse_weight("price"),
    "weight name": lambda c: parse_weight("colour=1"),
    "weight size": lambda c: parse_weight("price=-1"),
    "weights all 0": lambda c: weighted_criteria(None, [(name, 0) for name in criterion_names()]),
    "assume form": lambda c: parse_assumption("ziip-halo"),
    "assume field": lambda c: parse_assumption("ziip-halo.colour=red"),
    "assume value": lambda c: parse_assumption("ziip-halo.app=sometimes"),
    "assume slug": lambda c: rank_devices(c, assumptions=[parse_assumption("zip-halo.app=none")]),
    "weeks": lambda c: plan_routine(c, c.devices[0], 0, dt.date(2026, 1, 1)),
    "start": lambda c: plan_routine(c, c.devices[0], 104, dt.date(9999, 12, 1)),
    "columns": lambda c: parse_fields(["colour"]),
    "no columns": lambda c: parse_fields([","]),
}


@pytest.mark.parametrize("call", _BAD_VALUES.values(), ids=list(_BAD_VALUES))
def test_engine_errors_name_the_value_not_an_option_and_the_cli_knows_the_option(
    catalogue: Catalogue, call: Callable[[Catalogue], object]
) -> None:
    with pytest.raises(BadValue) as raised:
        call(catalogue)
    assert "--" not in raised.value.message
    assert raised.value.value_of in raised.value.message
    # The CLI names the option the value came from, in the same sentence.
    option = _OPTION_OF[raised.value.value_of]
    assert option in raised.value.says(option)
