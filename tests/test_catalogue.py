"""The built-in catalogue: the devices the sources name, with the figures they give."""

from __future__ import annotations

import math

import pytest

from microcompare.catalog import find_device
from microcompare.engine.facts import budget_price, current_range, price_range
from microcompare.errors import UsageError
from microcompare.records import (
    CITED_FIELDS,
    AppDependency,
    Catalogue,
    ClaimBasis,
    CurrentSpan,
    CurrentType,
    EvidenceKind,
    FdaStatus,
    ProbeGeometry,
    SourceKind,
)

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
    assert trinity.price_usd is not None
    assert [(c.value, c.source, c.as_of) for c in trinity.price_usd] == [
        (325, "glowstice-2026", "2026")
    ]
    assert price_range(trinity) == (325, 325)
    assert budget_price(trinity) == 325
    assert trinity.fda_510k is not None and trinity.fda_510k[0].value == "K201782"
    assert trinity.fda_date is not None and trinity.fda_date[0].value == "2021-01-22"


def test_the_article_pricing_nuface_in_general_is_a_brand_claim_on_the_trinity(
    catalogue: Catalogue,
) -> None:
    # facial-guide-2025 prices "NuFACE" at about $350 and names only the Trinity: the claim
    # belongs to neither model as a fact, so it is kept on the Trinity, marked as the brand's.
    trinity = find_device(catalogue, "nuface-trinity-original")
    assert trinity.price_usd is not None
    assert sorted((c.value, c.source, c.about) for c in trinity.price_usd) == [
        (325, "web-byrdie-nuface-review", ClaimBasis.MODEL),
        (325, "web-byrdie-strivectin-facial-toner", ClaimBasis.MODEL),
        (350, "facial-guide-2025", ClaimBasis.BRAND),
    ]
    # The Australian price stays in its currency, with its date.
    assert trinity.price_other is not None
    other = trinity.price_other[0]
    assert (other.value.amount, other.value.currency, other.as_of) == (292, "AUD", "2018-09-12")


def test_mini_plus_fda_facts_come_from_its_own_510k(catalogue: Catalogue) -> None:
    mini = find_device(catalogue, "nuface-mini-plus")
    assert mini.fda_status is not None
    assert [(c.source, c.about) for c in mini.fda_status] == [
        ("web-innolitics-k201680", ClaimBasis.MODEL),
        ("web-nuface-help-fda", ClaimBasis.BRAND),
    ]
    assert mini.fda_510k is not None and mini.fda_510k[0].value == "K201680"
    assert mini.auto_shutoff_s is not None and mini.auto_shutoff_s[0].value == 20 * 60
    assert mini.app is not None and mini.app[0].value is AppDependency.OPTIONAL
    # The record's two spheres and the article's single face disagree: both are kept.
    assert mini.probes is not None
    assert [(c.value, c.source) for c in mini.probes] == [
        (ProbeGeometry.TWO_SPHERES, "web-innolitics-k201680"),
        (ProbeGeometry.SINGLE_FACE, "glowstice-2026"),
    ]


def test_the_trinity_lines_featured_in_studies_is_not_an_independent_study(
    catalogue: Catalogue,
) -> None:
    trinity = find_device(catalogue, "nuface-trinity-plus")
    assert trinity.evidence is not None
    kinds = [(c.value.kind, c.about) for c in trinity.evidence]
    assert (EvidenceKind.INDEPENDENT_STUDY, ClaimBasis.MODEL) not in kinds
    assert (EvidenceKind.LIMITED, ClaimBasis.BRAND) in kinds


def test_every_source_has_a_kind_and_every_page_one_source(catalogue: Catalogue) -> None:
    assert all(source.kind is not None for source in catalogue.sources)
    urls = [source.url for source in catalogue.sources if source.url]
    assert len(urls) == len(set(urls))
    by_id = {source.id: source for source in catalogue.sources}
    assert by_id["glowstice-2026"].url == (
        "https://glowstice.com/blog/best-microcurrent-devices-ranked-2026"
    )
    assert by_id["glowstice-2026"].kind is SourceKind.MACHINE_WRITTEN
    assert by_id["web-innolitics-k201680"].kind is SourceKind.REGULATOR
    assert by_id["web-webdenise-theraface-pro"].kind is SourceKind.REPRINT


def test_a_510k_no_source_ties_to_a_model_is_a_claim_about_the_line(catalogue: Catalogue) -> None:
    # K212238 is named "TheraFace microcurrent"; no source says it is the TheraFace PRO.
    pro = find_device(catalogue, "therabody-theraface-pro")
    for name in ("fda_status", "fda_510k", "fda_date", "otc", "fda_predicate", "waveform"):
        claims = getattr(pro, name)
        assert claims, name
        assert all(c.about is ClaimBasis.BRAND for c in claims), name


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


def test_a_device_the_sources_only_name_has_no_specification(catalogue: Catalogue) -> None:
    # The Trinity PRO is named by an article and listed on the maker's warranty page: it has a
    # money-back period of its own and the brand's warranty, and nothing else is known.
    pro = find_device(catalogue, "nuface-trinity-pro")
    known = {name for name in CITED_FIELDS if getattr(pro, name) is not None}
    assert known == {"money_back_days", "warranty_months"}
    assert pro.warranty_months is not None
    assert all(c.about is ClaimBasis.BRAND for c in pro.warranty_months)


def test_no_figure_is_zero_or_not_finite(catalogue: Catalogue) -> None:
    # Unknown is null, never 0: a zero price or current would be a guess dressed as a fact.
    for device in catalogue.devices:
        for claim in device.price_usd or ():
            assert claim.value > 0 and math.isfinite(claim.value), device.slug
        # A stated range may start at 0: several 510(k) summaries say the user adjusts the
        # output from 0 (the first NuFace's K072260: 0 to 400 µA). A single value may not.
        for claim in device.output_ua or ():
            if isinstance(claim.value, CurrentSpan):
                low, high = claim.value
                assert 0 <= low <= high and high > 0 and math.isfinite(high), device.slug
            else:
                assert claim.value > 0 and math.isfinite(claim.value), device.slug


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
