"""The built-in catalogue: the devices the sources name, with the figures they give."""

from __future__ import annotations

import math

import pytest

from microcompare.catalog import find_device
from microcompare.engine import budget_price, current_range, price_range
from microcompare.errors import UsageError
from microcompare.records import CITED_FIELDS, AppDependency, Catalogue, CurrentType, FdaStatus

SEED_DEVICES = (
    "nuface-trinity-plus",
    "nuface-mini-plus",
    "nuface-trinity-pro",
    "ziip-halo",
    "foreo-bear-2",
    "myolift-qt-plus",
    "inia-flare",
)


def test_holds_every_device_the_seed_articles_name_and_at_least_ten(catalogue: Catalogue) -> None:
    slugs = {device.slug for device in catalogue.devices}
    assert set(SEED_DEVICES) <= slugs
    assert len(slugs) >= 10


def test_registry_holds_the_five_seed_articles(catalogue: Catalogue) -> None:
    seeds = {source.id: source.seed_file for source in catalogue.sources if source.seed_file}
    assert set(seeds) == {
        "glowstice-2026",
        "celliara-2026",
        "facial-guide-2025",
        "what-is-microcurrent",
        "inia-lift-guide",
    }
    assert seeds["glowstice-2026"] == "000_44f02948cea82f60.txt"


def test_trinity_plus_figures_come_from_their_sources(catalogue: Catalogue) -> None:
    trinity = find_device(catalogue, "nuface-trinity-plus")
    assert trinity.output_ua is not None
    assert [(c.value, c.source) for c in trinity.output_ua] == [(335, "glowstice-2026")]
    # The two articles disagree on price; both claims are kept with their sources.
    assert trinity.price_usd is not None
    assert sorted((c.value, c.source) for c in trinity.price_usd) == [
        (325, "glowstice-2026"),
        (350, "facial-guide-2025"),
    ]
    assert price_range(trinity) == (325, 350)
    assert budget_price(trinity) == 350
    assert trinity.fda_510k is not None and trinity.fda_510k[0].value == "K201782"


def test_halo_is_nanocurrent_with_app_and_subscription(catalogue: Catalogue) -> None:
    halo = find_device(catalogue, "ziip-halo")
    assert halo.current_type is not None
    assert {c.value for c in halo.current_type} == {CurrentType.NANOCURRENT}
    assert halo.app is not None and halo.app[0].value is AppDependency.REQUIRED
    assert halo.subscription is not None and halo.subscription[0].value is True
    # Nanoamps are not microamps: no µA figure is invented for it.
    assert halo.output_ua is None
    assert halo.price_usd is not None and halo.price_usd[0].value == 250


def test_bear_2_has_800_ua_and_sonic_pulsation_at_8000_per_minute(catalogue: Catalogue) -> None:
    bear = find_device(catalogue, "foreo-bear-2")
    assert current_range(bear) == (800, 800)
    assert bear.extra_modalities is not None
    modality = bear.extra_modalities[0].value[0]
    assert modality.rate_per_min == 8000
    assert "sonic" in modality.name.casefold()


def test_a_device_the_sources_only_name_is_all_unknown(catalogue: Catalogue) -> None:
    pro = find_device(catalogue, "nuface-trinity-pro")
    assert all(getattr(pro, name) is None for name in CITED_FIELDS)


def test_no_figure_is_zero_or_not_finite(catalogue: Catalogue) -> None:
    # Unknown is null, never 0: a zero price or current would be a guess dressed as a fact.
    for device in catalogue.devices:
        for claim in device.price_usd or ():
            assert claim.value > 0 and math.isfinite(claim.value), device.slug
        span = current_range(device)
        if span is not None:
            assert span[0] > 0, device.slug


def test_fda_clearances_carry_510k_numbers_where_sources_give_them(catalogue: Catalogue) -> None:
    numbers = {
        device.slug: {claim.value for claim in device.fda_510k or ()}
        for device in catalogue.devices
    }
    assert numbers["nuface-trinity-original"] == {"K181008"}
    assert numbers["therabody-theraface-pro"] >= {"K212238"}
    for device in catalogue.devices:
        if device.fda_510k:
            assert device.fda_status, f"{device.slug} has a 510(k) number but no status"
            assert all(c.value is FdaStatus.CLEARED for c in device.fda_status)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("nuface-trinity", "nuface-trinity-plus"),
        ("NuFACE-Trinity", "nuface-trinity-plus"),
        ("  nuface-trinity-plus ", "nuface-trinity-plus"),
        ("Trinity+", "nuface-trinity-plus"),
        ("ZIIP-HALO", "ziip-halo"),
        ("Foreo Bear 2", "foreo-bear-2"),
        ("nuface-trinity-2018", "nuface-trinity-original"),
    ],
)
def test_slugs_aliases_and_names_match_in_any_case(
    catalogue: Catalogue, typed: str, slug: str
) -> None:
    assert find_device(catalogue, typed).slug == slug


def test_mistyped_slug_suggests_the_nearest(catalogue: Catalogue) -> None:
    with pytest.raises(UsageError) as raised:
        find_device(catalogue, "nuface-trinty")
    assert raised.value.message == (
        "unknown device 'nuface-trinty' — did you mean 'nuface-trinity'?"
    )


def test_unrelated_name_gets_no_suggestion(catalogue: Catalogue) -> None:
    with pytest.raises(UsageError, match="run 'microcompare list' to see every slug"):
        find_device(catalogue, "toaster")
