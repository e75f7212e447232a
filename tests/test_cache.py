"""The cache of the validated built-in catalogue: used only when made from the same bytes by
the same code, never trusted over the file, and never a reason to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from microcompare import catalog
from microcompare.catalog import builtin_catalogue_path, load_catalogue


def cache_files() -> list[Path]:
    from platformdirs import user_cache_path

    folder = user_cache_path("microcompare")
    return sorted(folder.glob("builtin-*.pickle")) if folder.is_dir() else []


def test_the_first_run_caches_and_the_next_reads_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = load_catalogue().catalogue
    assert len(cache_files()) == 1

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached catalogue should have been used")

    monkeypatch.setattr(catalog, "_layered_catalogue", no_parsing)
    second = load_catalogue().catalogue
    assert second == first
    trinity = next(d for d in second.devices if d.slug == "nuface-trinity-plus")
    assert [claim.value for claim in trinity.output_ua or ()] == [335]


def test_an_unreadable_cache_is_rebuilt(tmp_path: Path) -> None:
    load_catalogue()
    [cache] = cache_files()
    cache.write_bytes(b"not a pickle")
    assert len(load_catalogue().catalogue.devices) == 28
    assert cache.read_bytes().startswith(b"\x80")  # written again, as a pickle


def test_an_edited_catalogue_is_never_answered_from_an_old_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    load_catalogue()
    edited = tmp_path / "devices.yaml"
    text = builtin_catalogue_path().read_text(encoding="utf-8")
    edited.write_text(text.replace("value: 335", "value: 336", 1), encoding="utf-8")
    monkeypatch.setattr(catalog, "builtin_catalogue_path", lambda: edited)
    trinity = next(d for d in load_catalogue().catalogue.devices if d.slug == "nuface-trinity-plus")
    assert [claim.value for claim in trinity.output_ua or ()] == [336]
    assert len(cache_files()) == 2


def test_a_cache_that_cannot_be_written_costs_only_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-place")
    assert len(load_catalogue().catalogue.devices) == 28


def test_user_files_bypass_the_cache(write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("devices:\n  - {slug: my-wand, name: My Wand, brand: Acme}\n")
    slugs = {device.slug for device in load_catalogue([path]).catalogue.devices}
    assert "my-wand" in slugs and len(slugs) == 29
    assert "my-wand" not in {d.slug for d in load_catalogue().catalogue.devices}
