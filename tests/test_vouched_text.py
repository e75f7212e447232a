"""The built-in catalogue's records, validated when the package was made, are not searched
for characters to escape on every run; anything else still is. Here a user's file gets its
hostile text past validation (as if validation had a gap), by itself and layered over the
built-in devices, and `list` still shows every such character as an escape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare import catalog_files
from microcompare.catalog import load_catalogue
from microcompare.characters import _VOUCHED
from microcompare.cli import app

RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = (
    "devices:\n"
    '  - slug: ziip-halo\n    name: "ZIIP\\e[2J HALO"\n    brand: "Z\\u202eIIP"\n'
    "    price_usd: {value: 199, source: glowstice-2026}\n"
    '  - slug: my-wand\n    name: "My\\e]0;pwned\\a Wand"\n    brand: Acme\n'
)


@pytest.fixture
def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    nothing = re.compile("(?!)")
    monkeypatch.setattr(catalog_files, "UNSAFE_OR_LINE_BREAK", nothing)
    monkeypatch.setattr(catalog_files, "UNSAFE_IN_PROSE", nothing)


@pytest.mark.parametrize("builtin", [True, False])
def test_hostile_text_from_a_user_file_is_escaped_in_the_list(
    runner: CliRunner, write_catalogue, no_validation: None, builtin: bool
) -> None:  # type: ignore[no-untyped-def]
    path: Path = write_catalogue(HOSTILE)
    args = ["list", "--catalog", str(path), *([] if builtin else ["--no-builtin"])]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert RAW.search(result.stdout) is None
    assert "My\\x1b]0;pwned\\x07" in result.stdout
    shown = " ".join(result.stdout.split())
    assert "ZIIP\\x1b[2J HALO" in shown


def test_only_the_builtin_records_are_vouched_for(write_catalogue, no_validation: None) -> None:  # type: ignore[no-untyped-def]
    builtin = load_catalogue().catalogue
    assert all(id(device) in _VOUCHED for device in builtin.devices)
    layered = load_catalogue([write_catalogue(HOSTILE)]).catalogue
    planted = [device for device in layered.devices if device.slug in {"ziip-halo", "my-wand"}]
    assert len(planted) == 2
    assert not any(id(device) in _VOUCHED for device in planted)
