"""The models reject what is not a fact: wrong types, impossible numbers, dangling citations."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from microcompare.models import CurrentSpan, Device, validate_catalogue

SOURCE = {"id": "glowstice-2026", "title": "A comparison", "seed_file": "000.txt"}


def device(**fields: Any) -> dict[str, Any]:
    return {"slug": "test-device", "name": "Test", "brand": "Acme", **fields}


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("price_usd", "lots", "valid number"),
        ("price_usd", -5, "greater than 0"),
        ("price_usd", 1e41, "less than or equal to 100000"),
        ("price_usd", float("nan"), "finite number"),
        ("price_usd", float("inf"), "finite number"),
        ("output_ua", "335", "valid number"),
        ("fda_status", "approved-ish", "'cleared' or 'not-cleared'"),
        ("app", "sometimes", "'none', 'optional' or 'required'"),
        ("fda_510k", "K12", "pattern"),
        ("intensity_levels", 0, "greater than or equal to 1"),
        ("subscription", "yes", "valid boolean"),
    ],
)
def test_bad_values_are_rejected(field: str, value: Any, expected: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Device.model_validate(device(**{field: {"value": value, "source": "glowstice-2026"}}))
    assert expected in str(raised.value)


@pytest.mark.parametrize("slug", ["Has Spaces", "UPPER", "punct!", "", "-leading", "a--b"])
def test_bad_slugs_are_rejected(slug: str) -> None:
    with pytest.raises(ValidationError):
        Device.model_validate({"slug": slug, "name": "n", "brand": "b"})


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Device.model_validate(device(colour="pink"))


def test_one_claim_may_be_written_as_a_mapping_or_a_list() -> None:
    single = Device.model_validate(device(price_usd={"value": 99, "source": "s"}))
    listed = Device.model_validate(device(price_usd=[{"value": 99, "source": "s"}]))
    assert single == listed
    assert single.price_usd is not None and single.price_usd[0].value == 99.0


def test_an_empty_claim_list_is_not_unknown_it_is_an_error() -> None:
    with pytest.raises(ValidationError, match="at least 1 item"):
        Device.model_validate(device(price_usd=[]))


def test_current_ranges_must_be_ordered() -> None:
    assert CurrentSpan(low=80, high=400).high == 400
    with pytest.raises(ValidationError, match="must not exceed"):
        CurrentSpan(low=400, high=80)


def test_models_are_frozen() -> None:
    model = Device.model_validate(device())
    with pytest.raises(ValidationError):
        model.name = "Other"  # type: ignore[misc]


def test_catalogue_rejects_citations_to_undefined_sources() -> None:
    with pytest.raises(ValueError, match="cites source 'nowhere'"):
        validate_catalogue(
            {"sources": [SOURCE], "devices": [device(price_usd={"value": 1, "source": "nowhere"})]}
        )


def test_catalogue_rejects_duplicate_slugs_and_clashing_aliases() -> None:
    with pytest.raises(ValueError, match="used by two devices"):
        validate_catalogue({"sources": [SOURCE], "devices": [device(), device()]})
    other = {"slug": "other", "name": "Other", "brand": "b", "aliases": ["Test-Device"]}
    with pytest.raises(ValueError, match="names both"):
        validate_catalogue({"sources": [SOURCE], "devices": [device(), other]})


def test_sources_need_a_place_a_reader_can_find() -> None:
    with pytest.raises(ValidationError, match="url or a seed_file"):
        validate_catalogue({"sources": [{"id": "x", "title": "X"}], "devices": []})


def test_records_carry_every_value_pydantic_validated() -> None:
    # The built-in catalogue through both paths: what pydantic read, and the records the
    # engine and the JSON output are given, must say the same.
    from microcompare import models
    from microcompare.catalog_files import read_catalogue_file
    from microcompare.render.json import device_json, record_json
    from microcompare.shipped import builtin_catalogue_path

    catalogue = read_catalogue_file(builtin_catalogue_path())
    plain = models.catalogue_record(catalogue)
    # Every device in the shipped file, counted straight from its YAML.
    shipped = yaml.safe_load(builtin_catalogue_path().read_text("utf-8"))
    assert len(plain.devices) == len(shipped["devices"])
    for model, record in zip(catalogue.devices, plain.devices, strict=True):
        assert device_json(record) == model.model_dump(mode="json")
    for model_source, source in zip(catalogue.sources, plain.sources, strict=True):
        assert record_json(source) == model_source.model_dump(mode="json")
    trinity = next(d for d in plain.devices if d.slug == "nuface-trinity-plus")
    assert [claim.value for claim in trinity.output_ua or ()] == [335]
    assert type(trinity).__module__ == "microcompare.records"
