"""What the tool is run in and writes to may be hostile or broken: closed or narrow streams,
a huge $COLUMNS, a full disk, long names, an --output that is an input, a closed pipe."""

from __future__ import annotations

import errno
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare import catalog, output, shipped
from microcompare.cli import app
from microcompare.records import Catalogue


def microcompare(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("capture_output", True)
    env = {**os.environ, "COLUMNS": "80", **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "microcompare", *args],
        text=True,
        timeout=60,
        env=env,
        **kwargs,
    )


def _close_stderr() -> None:
    os.close(2)


def test_output_does_not_need_stderr(tmp_path: Path) -> None:
    # `list -f json 2>&-`
    run = microcompare(
        "list",
        "-f",
        "json",
        stderr=None,
        stdout=subprocess.PIPE,
        capture_output=False,
        preexec_fn=_close_stderr,
    )
    assert run.returncode == 0
    assert '"slug":"nuface-trinity-plus"' in run.stdout
    # `-o FILE --force 2>&-`, with a safety warning that would have gone to stderr.
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    run = microcompare(
        "rank",
        "-o",
        str(target),
        "--force",
        "--condition",
        "tmj",
        capture_output=False,
        stderr=None,
        preexec_fn=_close_stderr,
    )
    assert run.returncode == 0
    assert target.read_text(encoding="utf-8").startswith("rank,slug")


@pytest.mark.parametrize("columns", ["10000000", "99999999999999999999"])
def test_a_huge_columns_is_clamped(runner: CliRunner, columns: str) -> None:
    for args in (["list"], ["compare", "ziip-halo", "foreo-bear-2"], ["chart"]):
        result = runner.invoke(app, args, env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= 500


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [["list"], ["compare", "nuface-trinity", "ziip-halo"], ["chart"]])
def test_a_narrow_encoding_gets_ascii_spellings(encoding: str, args: list[str]) -> None:
    # Read back in the encoding asked for: Latin-1 output may hold a £ (the HALO's UK price).
    run = microcompare(*args, env={"PYTHONIOENCODING": encoding}, encoding=encoding)
    assert run.returncode == 0, run.stderr
    run.stdout.encode(encoding)
    if args[0] == "list":
        assert "uA" in run.stdout.splitlines()[1].split()
        assert "-----" in run.stdout  # the table's rule
        assert "0-400" in run.stdout  # a range's dash
        # Too narrow for the table, each device is a block, its values labelled and set
        # apart by a dot that is ASCII too.
        narrow = microcompare(
            *args, env={"PYTHONIOENCODING": encoding, "COLUMNS": "60"}, encoding=encoding
        )
        assert narrow.returncode == 0, narrow.stderr
        narrow.stdout.encode(encoding)
        assert narrow.stdout.splitlines()[2].split()[:5] == [
            "Price",
            "unknown",
            ".",
            "uA",
            "unknown",
        ]
        assert "uA 0-400" in narrow.stdout
    if args[0] == "compare":
        assert "$250 (as of 2026) +" in run.stdout  # the better value's tick


def test_a_closed_pipe_is_quiet_and_not_the_bad_data_code() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # `| head` that has already gone
    try:
        run = microcompare(
            "list", "-f", "csv", stdout=writer, stderr=subprocess.PIPE, capture_output=False
        )
    finally:
        os.close(writer)
    assert run.returncode == 141
    assert run.stderr == ""


def test_a_full_disk_behind_stdout_is_said_in_words() -> None:
    with open("/dev/full", "w") as full:
        run = microcompare("list", stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert run.returncode == 1
    assert run.stderr == "error: cannot write to standard output (the disk is full)\n"


def test_a_full_disk_behind_output_is_said_and_leaves_no_temporary_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    target = tmp_path / "list.json"
    result = runner.invoke(app, ["list", "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: --output {target}: cannot write it (the disk is full)\n"
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(app, ["list", "-o", "/dev/full", "--force"])
    assert result.exit_code == 1, result.output
    assert result.stderr == "error: --output /dev/full: cannot write to it (the disk is full)\n"


def test_names_up_to_255_bytes_are_written_and_longer_ones_said_in_words(
    runner: CliRunner, tmp_path: Path
) -> None:
    longest = tmp_path / ("a" * 250 + ".json")
    result = runner.invoke(app, ["list", "-o", str(longest)])
    assert result.exit_code == 0, result.output
    assert longest.read_text(encoding="utf-8").startswith('{"schema_version"')
    too_long = tmp_path / ("b" * 251 + ".json")
    result = runner.invoke(app, ["list", "-o", str(too_long)])
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(": cannot write it (the file name or path is too long)\n")
    deep = tmp_path.joinpath(*["d"] * 2500, "list.json")
    result = runner.invoke(app, ["list", "-o", str(deep)])
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert line.endswith("(the file name or path is too long)") and len(line) < 200


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed catalogue, so a failing test cannot destroy the real one."""
    folder = tmp_path / "package-data"
    folder.mkdir()
    for path in (shipped.builtin_catalogue_path(), shipped.builtin_data_path()):
        (folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(shipped, "builtin_catalogue_path", lambda: folder / "devices.yaml")
    return folder


@pytest.mark.parametrize(
    "how", ["catalog", "symlink", "hard-link", "env", "config", "yaml", "json"]
)
def test_output_onto_an_input_is_refused(
    runner: CliRunner,
    installed: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("devices:\n  - {slug: my-wand, name: My Wand, brand: Acme}\n", "utf-8")
    args = ["list", "--force", "-f", "json"]
    target = mine
    if how == "catalog":
        args += ["--catalog", str(mine)]
    elif how in ("symlink", "hard-link"):
        target = tmp_path / "out.json"
        if how == "symlink":
            target.symlink_to(mine)
        else:
            os.link(mine, target)
        args += ["--catalog", str(mine)]
    elif how == "env":
        monkeypatch.setenv("MICROCOMPARE_CATALOG", str(mine))
    elif how == "config":
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "microcompare" / "catalog.yaml"
        config.parent.mkdir(parents=True)
        config.write_text(mine.read_text("utf-8"), "utf-8")
        target = config
    else:
        target = installed / f"devices.{how}"
    before = target.read_bytes()
    result = runner.invoke(app, [*args, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: --output {target}: is the catalogue this command ")
    assert result.stderr.endswith("; write the output to another file\n")
    assert target.read_bytes() == before


def test_output_beside_an_input_is_fine(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("devices:\n  - {slug: my-wand, name: My Wand, brand: Acme}\n", "utf-8")
    result = runner.invoke(app, ["list", "--catalog", str(mine), "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 0, result.output


def _in_a_terminal(args: list[str], term: str) -> str:
    """What a command prints to a pseudo-terminal with this TERM."""
    leader, follower = pty.openpty()
    # No pager: it would wait for a key on the pseudo-terminal.
    env = {**os.environ, "TERM": term, "COLUMNS": "80", "PAGER": ""}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "microcompare", *args],
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_dumb_terminal_gets_no_colour() -> None:
    assert "\x1b[" in _in_a_terminal(["list"], "xterm-256color")
    assert "\x1b[" not in _in_a_terminal(["list"], "dumb")


def test_output_to_a_folder_name_with_a_slash_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "-o", f"{tmp_path}/newdir/"])
    assert result.exit_code == 2, result.output
    assert "'newdir/' names a folder" in result.stderr or "names a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_compare_indexes_the_catalogue_once(
    runner: CliRunner, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = catalogue._replace(
        devices=tuple(
            device._replace(slug=f"{device.slug}-{copy}", name=f"{device.name} {copy}")
            for copy in range(20)
            for device in catalogue.devices
        )
    )
    monkeypatch.setattr(
        catalog, "load_catalogue", lambda *args, **kwargs: catalog.LoadedCatalogue(many)
    )
    calls = 0
    normalise = catalog.normalise_name

    def counted(text: str) -> str:
        nonlocal calls
        calls += 1
        return normalise(text)

    monkeypatch.setattr(catalog, "normalise_name", counted)
    names = [device.slug for device in many.devices]
    result = runner.invoke(app, ["compare", *names, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["items"][0]["values"]) == len(names)
    aliases = sum(len(device.aliases) for device in many.devices)
    # One index (each slug, name and alias a few ways) and a few look-ups per name, not a
    # scan of the catalogue per name (which took 64 s for 10,000 names of 10,000 devices).
    assert len(names) <= calls <= 3 * (2 * len(many.devices) + aliases) + 2 * len(names)
