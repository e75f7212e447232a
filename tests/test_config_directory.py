"""The config directory `list` reads catalog.yaml from is platformdirs' own, whether
worked out without importing it (Linux, the usual environment) or asked of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_config_path

from microcompare.catalog import config_directory


@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        (None, "/home/someone"),
        (None, "/home/someone/"),
        (None, "/"),
        ("", "/home/someone"),
        ("/tmp/config", "/home/someone"),
        ("/tmp/config/", "/home/someone"),
        ("relative/config", "/home/someone"),
        (" /tmp/config", "/home/someone"),
        ("/tmp/config", None),
    ],
)
def test_the_config_directory_is_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None
) -> None:
    for name, value in (("XDG_CONFIG_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert config_directory() == Path(user_config_path("microcompare"))
