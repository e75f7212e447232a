"""The built-in catalogue ships as validated data inside the package; nothing outside it
(no cache, no planted file) can run code or change the built-in catalogue's facts."""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from microcompare import catalog, shipped
from microcompare.catalog import load_catalogue
from microcompare.shipped import builtin_catalogue_path


def validated_builtin() -> tuple[str, object]:
    made_from = shipped.yaml_fingerprint(builtin_catalogue_path().read_bytes())
    return made_from, catalog._layered_catalogue((), builtin=True, extra=()).catalogue


def test_the_shipped_data_is_what_validating_devices_yaml_gives() -> None:
    made_from, validated = validated_builtin()
    expected = shipped.catalogue_to_data(validated, made_from=made_from)  # type: ignore[arg-type]
    data = shipped.builtin_data_path().read_text(encoding="utf-8")
    assert data == expected, (
        f"data/devices.json is stale: data/devices.yaml changed since it was written. "
        f"Run `{shipped.REGENERATE_COMMAND}` and commit data/devices.json."
    )


def test_the_shipped_data_reads_back_as_the_same_records() -> None:
    made_from, validated = validated_builtin()
    found = shipped.catalogue_from_data(
        shipped.builtin_data_path().read_bytes(), made_from=made_from
    )
    assert found == validated
    # Types survive as well as values: 335 µA stays an int claim, enums stay enums.
    assert repr(found) == repr(validated)


def test_a_stale_data_file_is_never_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A checkout whose devices.yaml was edited after devices.json was written.
    edited = tmp_path / "devices.yaml"
    text = builtin_catalogue_path().read_text(encoding="utf-8")
    edited.write_text(text.replace("value: 335", "value: 336", 1), encoding="utf-8")
    (tmp_path / "devices.json").write_bytes(shipped.builtin_data_path().read_bytes())
    monkeypatch.setattr(shipped, "builtin_catalogue_path", lambda: edited)
    trinity = next(d for d in load_catalogue().catalogue.devices if d.slug == "nuface-trinity-plus")
    assert [claim.value for claim in trinity.output_ua or ()] == [336]


def test_data_naming_a_type_outside_the_records_is_refused() -> None:
    made_from, _ = validated_builtin()
    # A record type that is no part of a catalogue (a rule for its values) is refused too.
    for planted in (
        b'{"$": "Popen", "args": "id"}',
        b'{"$": "__class__", "value": 1}',
        b'{"$": "Range", "ge": 1}',
        b'{"$": "Reading", "value": "date-as-text"}',
    ):
        document = b'{"made_from": "%s", "catalogue": %s}' % (made_from.encode(), planted)
        with pytest.raises(ValueError, match="unknown type"):
            shipped.catalogue_from_data(document, made_from=made_from)


def _old_cache_file(cache_home: Path) -> tuple[Path, bytes]:
    """Where microcompare 0.1.0 kept its pickle of the built-in catalogue, made from the
    same bytes its key was: the planted files below sit exactly where it would read."""
    import importlib.util
    import zlib

    # The package the command will run, which is the one whose bytes made the key.
    found = subprocess.run(
        [sys.executable, "-c", "import microcompare.catalog as c; print(c.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    here = Path(found.stdout.strip()).parent
    parts = [builtin_catalogue_path().read_bytes()]
    names = ("catalog.py", "catalog_files.py", "models.py", "records.py", "vocab.py")
    parts += [(here / name).read_bytes() for name in names]
    spec = importlib.util.find_spec("pydantic")
    assert spec is not None and spec.origin is not None
    parts.append(Path(spec.origin).with_name("version.py").read_bytes())
    parts.append(sys.version.encode())
    key = b"\0".join(parts)
    return cache_home / "microcompare" / f"builtin-{zlib.crc32(key):08x}.pickle", key


class _RunsCode:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def _limited_memory() -> None:
    # A reader that follows a link to /dev/zero fails fast here instead of eating the machine.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("planted", ["runs-code", "drops-safety", "fifo", "dev-zero", "garbage"])
def test_nothing_planted_in_the_cache_directory_is_read(tmp_path: Path, planted: str) -> None:
    cache_home = tmp_path / "cache"
    where, key = _old_cache_file(cache_home)
    where.parent.mkdir(parents=True)
    marker = tmp_path / "ran"
    if planted == "runs-code":
        where.write_bytes(pickle.dumps((key, _RunsCode(marker))))
    elif planted == "drops-safety":
        _, validated = validated_builtin()
        forged = validated._replace(contraindications=())  # type: ignore[attr-defined]
        where.write_bytes(pickle.dumps((key, forged)))
    elif planted == "fifo":
        os.mkfifo(where)
    elif planted == "dev-zero":
        where.symlink_to("/dev/zero")
    else:
        where.write_bytes(b"\x80\x05not a pickle")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "COLUMNS": "80"}
    run = subprocess.run(
        [sys.executable, "-m", "microcompare", "rank", "--condition", "pacemaker"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=_limited_memory,
    )
    assert run.returncode == 0, run.stderr
    assert "Nothing is recommended" in run.stdout
    assert not marker.exists()
    # And nothing is written there either: no cache, no temporary files left on a full disk.
    assert sorted(p.name for p in where.parent.iterdir()) == [where.name]


def test_list_writes_nothing_to_the_cache_directory(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-m", "microcompare", "list"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
    assert list(tmp_path.iterdir()) == []
