"""The command line as a user meets it, through CliRunner: output, JSON, errors, exit codes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microcompare.cli import app
from microcompare.records import Catalogue
from microcompare.vocab import Format

ANSI = re.compile(r"\x1b\[")


def run(runner: CliRunner, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_list_shows_every_device_in_80_columns_without_ansi(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    result = run(runner, "list")
    assert result.stdout.startswith(f"{len(catalogue.devices)} devices\n")
    assert not ANSI.search(result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    # A table: each device's slug starts a row, its name and how much is known below it.
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["Device", "Price", "µA", "Type", "Probes", "App", "FDA"]
    start = next(i for i, line in enumerate(lines) if line.startswith("nuface-trinity-plus "))
    assert lines[start].split() == [
        "nuface-trinity-plus",
        "$325",
        "335",
        "micro",
        "2",
        "optional",
        "cleared",
    ]
    assert lines[start + 1].split()[:2] == ["NuFACE", "Trinity+"]
    assert lines[start + 2] == "8/8 known"
    for device in catalogue.devices:
        assert any(line.startswith(f"{device.slug} ") for line in lines), device.slug


def test_list_shows_unknown_as_unknown_never_zero(runner: CliRunner) -> None:
    lines = run(runner, "list").stdout.splitlines()
    row = next(line for line in lines if line.startswith("nuface-trinity-pro "))
    assert row.split()[1:] == ["unknown"] * 6


def test_a_narrow_list_stacks_each_device_and_labels_every_value(
    runner: CliRunner, catalogue: Catalogue
) -> None:
    # At 60 columns the table's columns do not fit, so each device is a block: slug, name
    # and how much is known, then its values, every one labelled.
    result = runner.invoke(app, ["list"], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    start = lines.index("nuface-trinity-pro  NuFACE Trinity Pro  0/8 known")
    assert lines[start + 1 : start + 3] == [
        "  Price unknown · µA unknown · Type unknown · Probes unknown",
        "  App unknown · FDA unknown",
    ]
    for device in catalogue.devices:
        assert any(line.startswith(f"{device.slug}  ") for line in lines), device.slug


def test_list_json_envelope(runner: CliRunner) -> None:
    body = json.loads(run(runner, "list", "--format", "json").stdout)
    assert list(body)[:3] == ["schema_version", "command", "items"]
    assert body["schema_version"] == 1 and body["command"] == "list"
    trinity = next(item for item in body["items"] if item["slug"] == "nuface-trinity-plus")
    assert trinity["output_ua"] == [
        {"value": 335.0, "source": "glowstice-2026", "note": None, "about": "model", "as_of": None}
    ]
    pro = next(item for item in body["items"] if item["slug"] == "nuface-trinity-pro")
    assert pro["price_usd"] is None and pro["output_ua"] is None
    assert body["warnings"] == []


def test_json_is_identical_across_runs(runner: CliRunner) -> None:
    first = run(runner, "rank", "--budget", "400", "-f", "json").stdout
    second = run(runner, "rank", "--budget", "400", "-f", "json").stdout
    assert first == second


def test_list_filters_and_sort(runner: CliRunner) -> None:
    body = json.loads(
        run(runner, "list", "--max-price", "300", "--sort", "price", "-f", "json").stdout
    )
    assert [item["slug"] for item in body["items"]] == [
        "rejuvenique",
        "strivectin-facial-toner",
        "nuface-mini-plus",
        "ziip-halo",
        "myolift-qt-plus",
        "foreo-bear-2",
        "nuface-mini-original",
    ]
    assert body["warnings"][0]["kind"] == "unknown-hidden"
    nano = json.loads(run(runner, "list", "--type", "nanocurrent", "-f", "json").stdout)
    assert [item["slug"] for item in nano["items"]] == ["ziip-halo"]


def test_show_cites_every_value(runner: CliRunner) -> None:
    result = run(runner, "show", "nuface-trinity-plus")
    out = result.stdout
    assert out.startswith("NuFACE Trinity+  (nuface-trinity-plus)")
    assert re.search(r"Output \(µA\)\s+335\s+glowstice-2026", out)
    assert re.search(r"Price \(USD\)\s+\$325 \(as of 2026\)\s+glowstice-2026", out)
    # A field two sources give shows both, each with its own source.
    assert re.search(
        r"^Current type\s+microcurrent\s+glowstice-2026\n\s+microcurrent\s+web-innolitics-k201782$",
        out,
        re.M,
    )
    assert re.search(r"^Unknown \(no source gives it\): .*Frequency \(Hz\)", out, re.M | re.S)
    # The sources are named once, by id; --sources gives each in full, its URL whole.
    assert re.search(r"^Sources: .*web-innolitics-k201782", out, re.M | re.S)
    full = run(runner, "show", "nuface-trinity", "--sources").stdout
    assert "[web-innolitics-k201782] K201782 - NuFACE Trinity Plus" in full
    assert "\n    https://510k.innolitics.com/search/K201782\n" in full


def test_show_json_is_the_catalogue_record(runner: CliRunner) -> None:
    body = json.loads(run(runner, "show", "Foreo-Bear-2", "-f", "json").stdout)
    bear = body["items"][0]
    assert bear["extra_modalities"][0]["value"][0]["rate_per_min"] == 8000
    assert [source["id"] for source in body["sources"]] == [
        "glowstice-2026",
        "web-faqswiss-foreo-warranty",
    ]


def test_compare_table_marks_better_values_and_lists_sources(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    # No built-in device has two prices that disagree, so this file gives the Trinity+ two.
    path = write_catalogue(
        "devices:\n"
        "  - slug: nuface-trinity-plus\n    name: NuFACE Trinity+\n    brand: NuFACE\n"
        "    price_usd:\n"
        "      - {value: 325, source: glowstice-2026}\n"
        "      - {value: 350, source: facial-guide-2025}\n"
    )
    out = run(runner, "compare", "nuface-trinity", "ziip-halo", "--catalog", str(path)).stdout
    # The file's own warning comes first; then, as the alias is also close to the 2018
    # Trinity's name, a note says which is meant.
    warning, out = out.split("its other facts are kept\n", 1)
    assert warning.startswith("warning:")
    assert out.startswith("note: 'nuface-trinity' is an alias of NuFACE Trinity+")
    assert "\nNot for anyone with a pacemaker or other implanted heart device" in out
    assert "\nNuFACE Trinity+ vs ZIIP HALO\n" in out
    assert re.search(
        r"Price \(USD\) \*\s+\$325–350 \(as of 2026\) \(2\s+\$250 \(as of 2026\) ✓\n\s+sources\)\n",
        out,
    )
    assert re.search(r"Current type \*\s+microcurrent \(2 sources\)\s+nanocurrent", out)
    assert re.search(r"^Sources: .*facial-guide-2025", out, re.M | re.S)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_compare_json_rows(runner: CliRunner) -> None:
    body = json.loads(run(runner, "compare", "nuface-trinity", "ziip-halo", "-f", "json").stdout)
    assert body["devices"] == ["nuface-trinity-plus", "ziip-halo"]
    rows = {row["field"]: row for row in body["items"]}
    assert rows["price_usd"]["better"] == ["ziip-halo"]
    assert rows["output_ua"]["values"]["ziip-halo"] is None
    assert rows["output_ua"]["values"]["nuface-trinity-plus"][0]["value"] == 335


def test_rank_budget_250(runner: CliRunner) -> None:
    out = run(runner, "rank", "--budget", "250").stdout
    reminder, rest = out.split("\nPicks\n", 1)
    assert reminder.startswith("Not for anyone with a pacemaker")
    # How settled the answer is comes before the picks, in a shopper's words.
    verdict = " ".join(reminder.split("\n")[2:])
    assert verdict.split(":")[0] in {"Settled", "Likely", "Open", "Too close to call"}
    assert rest.startswith("Top pick")
    assert "devices have no known price and are not ranked" in out
    body = json.loads(run(runner, "rank", "--budget", "250", "-f", "json").stdout)
    slugs = [item["slug"] for item in body["items"]]
    assert {"nuface-mini-plus", "ziip-halo"} <= set(slugs)
    assert "foreo-bear-2" not in slugs and "foreo-bear-2" in body["unranked"]["over_budget"]
    assert f"\n{len(slugs)} devices within $250, most often first at the top\n" in out
    first = body["items"][0]
    assert set(first) >= {"rank", "slug", "first_probability", "score", "coverage", "reason"}
    assert first["coverage"]["text"] == f"{first['coverage']['known']} of 8 criteria known"


def test_sources_lists_the_registry(runner: CliRunner) -> None:
    body = json.loads(run(runner, "sources", "-f", "json").stdout)
    glowstice = next(item for item in body["items"] if item["id"] == "glowstice-2026")
    assert "nuface-trinity-plus" in glowstice["cited_by"]
    assert "[glowstice-2026]" not in run(runner, "sources").stdout  # ids stand in their own column


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["compare", "nuface-trinty", "ziip-halo"],
            2,
            "error: unknown device 'nuface-trinty' — did you mean 'nuface-trinity'?",
        ),
        (
            ["rank", "--budget", "abc"],
            2,
            "error: invalid value for '--budget': must be a number of US dollars above 0, "
            "e.g. 250 (got 'abc') (see 'microcompare rank --help')",
        ),
        (
            ["rank", "--budget", "-5"],
            2,
            "error: invalid value for '--budget': must be a number of US dollars above 0, "
            "e.g. 250 (got '-5') (see 'microcompare rank --help')",
        ),
        (
            ["compare", "ziip-halo"],
            2,
            "error: compare needs at least two devices, e.g. 'microcompare compare "
            "nuface-trinity ziip-halo'",
        ),
        (["compare"], 2, "error: compare needs at least two devices"),
        (["show", "no-such-device"], 2, "error: unknown device 'no-such-device'; run"),
        (["list", "--format", "xml"], 2, "error: invalid value for '--format' / '-f': 'xml'"),
        (["list", "--no-builtin"], 2, "error: --no-builtin needs at least one --catalog FILE"),
        (["lst"], 2, "error: no such command 'lst'. Did you mean 'list'?"),
    ],
)
def test_bad_usage_gets_one_line_and_exit_2(
    runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    result = run(runner, *args, code=code)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "Traceback" not in result.output


def test_missing_catalogue_file(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "list", "--catalog", str(tmp_path / "nope.yaml"), code=1)
    expected = "no such file; give the path of a catalogue YAML file"
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: {expected}\n"


def test_user_catalogue_adds_and_replaces_devices(
    runner: CliRunner, write_catalogue, catalogue: Catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n"
        "  - slug: ziip-halo\n    name: ZIIP HALO (my notes)\n    brand: ZIIP\n"
        "    price_usd: {value: 199, source: glowstice-2026}\n"
        "  - slug: my-wand\n    name: My Wand\n    brand: Acme\n"
    )
    body = json.loads(run(runner, "list", "--catalog", str(path), "-f", "json").stdout)
    slugs = [item["slug"] for item in body["items"]]
    assert "my-wand" in slugs and len(slugs) == len(catalogue.devices) + 1
    halo = next(item for item in body["items"] if item["slug"] == "ziip-halo")
    assert halo["price_usd"][0]["value"] == 199
    assert body["warnings"] == [
        {
            "kind": "catalogue",
            "message": f"{path}: device 'ziip-halo': price_usd from this file over built-in "
            "catalogue; its other facts are kept",
            "condition": None,
            "severity": None,
            "sources": [],
            "devices": [],
        }
    ]


def test_no_builtin_reports_a_citation_it_cannot_resolve(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - slug: w\n    name: W\n    brand: B\n"
        "    price_usd: {value: 10, source: nowhere-2026}\n"
    )
    result = run(runner, "list", "--no-builtin", "--catalog", str(path), code=1)
    assert result.stderr == (
        f"error: {path}:5:36: devices[0].price_usd[0].source (w): source 'nowhere-2026' is not "
        "defined in this file or the built-in catalogue; add it to 'sources'\n"
    )


def test_no_builtin_keeps_the_builtin_sources_and_safety_facts(
    runner: CliRunner, write_catalogue
) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "devices:\n  - slug: w\n    name: W\n    brand: B\n"
        "    price_usd: {value: 10, source: glowstice-2026}\n"
    )
    listed = json.loads(
        run(runner, "list", "--no-builtin", "--catalog", str(path), "-f", "json").stdout
    )
    assert [item["slug"] for item in listed["items"]] == ["w"]
    ranked = run(runner, "rank", "--no-builtin", "--catalog", str(path), "--condition", "pacemaker")
    assert "Nothing is recommended" in ranked.stdout


def test_version_and_help(runner: CliRunner) -> None:
    assert run(runner, "--version").stdout.startswith("microcompare ")
    for command in ("list", "show", "compare", "rank", "sources"):
        assert "Example: microcompare" in run(runner, command, "--help").stdout


def test_force_color_colours_and_no_color_wins(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI.search(run(runner, "list").stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(run(runner, "list").stdout)


def test_help_path_imports_neither_pydantic_nor_rich_nor_yaml_nor_numpy() -> None:
    # --help is run in shell loops and completion; it must not pay for the heavy imports.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from microcompare.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'pydantic', 'rich', 'yaml', 'numpy'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_list_of_the_builtin_catalogue_imports_neither_pydantic_nor_yaml_nor_numpy() -> None:
    # The common run, the built-in catalogue alone, reads the validated data shipped in the
    # package as plain records: from the very first run, neither library is needed; nor
    # numpy, which only ranking uses.
    import subprocess
    import sys

    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'pydantic', 'yaml', 'numpy'}), file=sys.stderr))\n"
        "from microcompare import main\n"
        "sys.argv = ['microcompare', 'list']\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "[]"
    assert "nuface-trinity-plus" in run.stdout and "335" in run.stdout


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "microcompare", "show", "ziip-halo", "-f", "json"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"][0]["slug"] == "ziip-halo"


def test_real_process_exit_codes_and_no_traceback() -> None:
    import subprocess
    import sys

    for args, code in ((["rank", "--budget", "abc"], 2), (["show", "x", "--catalog", "/"], 1)):
        done = subprocess.run(
            [sys.executable, "-m", "microcompare", *args], capture_output=True, text=True
        )
        assert done.returncode == code, done.stderr
        assert done.stdout == "" and len(done.stderr.splitlines()) == 1
        assert "Traceback" not in done.stderr


def test_json_is_one_compact_line_when_piped_and_indented_on_a_terminal() -> None:
    from microcompare.catalog import load_catalogue
    from microcompare.engine.listing import list_sources
    from microcompare.render import RenderOptions, render

    result = list_sources(load_catalogue().catalogue)
    compact = render(result, "sources", Format.JSON, RenderOptions(pretty=False))
    pretty = render(result, "sources", Format.JSON, RenderOptions(pretty=True))
    assert compact.count("\n") == 1 and compact.startswith('{"schema_version":1,')
    assert pretty.startswith('{\n  "schema_version": 1,')
    assert json.loads(compact) == json.loads(pretty)


WAND = (
    "devices:\n"
    "  - slug: my-wand\n    name: My Wand\n    brand: Me\n"
    "    price_usd: {value: 99, source: glowstice-2026}\n"
)


def test_microcompare_catalog_layers_files_over_the_builtin_one(
    runner: CliRunner, write_catalogue, monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue
) -> None:  # type: ignore[no-untyped-def]
    first = write_catalogue(WAND, name="one.yaml")
    second = write_catalogue(
        "devices:\n  - slug: ziip-halo\n    name: ZIIP HALO\n    brand: ZIIP\n"
        "    price_usd: {value: 199, source: glowstice-2026}\n",
        name="two.yaml",
    )
    monkeypatch.setenv("MICROCOMPARE_CATALOG", os.pathsep.join([str(first), str(second)]))
    body = json.loads(run(runner, "list", "-f", "json").stdout)
    slugs = {item["slug"] for item in body["items"]}
    assert "my-wand" in slugs and len(slugs) == len(catalogue.devices) + 1
    assert body["warnings"][0]["message"] == (
        f"{second} (from MICROCOMPARE_CATALOG): device 'ziip-halo': price_usd from this file "
        "over built-in catalogue; its other facts are kept"
    )
    only = json.loads(
        run(runner, "list", "--no-builtin", "--catalog", str(second), "-f", "json").stdout
    )
    assert [item["slug"] for item in only["items"]] == ["ziip-halo"]


def test_the_config_directory_file_is_layered_too(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "microcompare").mkdir()
    (tmp_path / "microcompare" / "catalog.yaml").write_text(WAND, encoding="utf-8")
    shown = run(runner, "show", "my-wand", "-f", "json").stdout
    assert json.loads(shown)["items"][0]["price_usd"][0]["value"] == 99


def test_a_missing_microcompare_catalog_file_is_named(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROCOMPARE_CATALOG", str(tmp_path / "gone.yaml"))
    result = run(runner, "list", code=1)
    assert result.stderr == (
        f"error: {tmp_path / 'gone.yaml'} (from MICROCOMPARE_CATALOG): no such file; "
        "give the path of a catalogue YAML file\n"
    )


def test_later_layers_win_config_then_environment_then_catalog(
    runner: CliRunner, write_catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def wand(price: int) -> str:
        return WAND.replace("value: 99", f"value: {price}")

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "microcompare").mkdir()
    (tmp_path / "microcompare" / "catalog.yaml").write_text(wand(1), encoding="utf-8")
    monkeypatch.setenv("MICROCOMPARE_CATALOG", str(write_catalogue(wand(2), name="env.yaml")))
    flag = write_catalogue(wand(3), name="flag.yaml")

    def price(*extra: str) -> float:
        body = json.loads(run(runner, "show", "my-wand", "-f", "json", *extra).stdout)
        return float(body["items"][0]["price_usd"][0]["value"])

    assert price() == 2
    assert price("--catalog", str(flag)) == 3


def test_one_file_may_not_use_a_slug_twice(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(WAND + WAND.removeprefix("devices:\n"))
    result = run(runner, "list", "--catalog", str(path), code=1)
    assert result.stderr == (
        f"error: {path}:6:11: devices[1].slug (my-wand): slug 'my-wand' is also used by "
        "devices[0]; each must be unique\n"
    )


def test_redefining_a_builtin_source_is_refused(runner: CliRunner, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        "sources:\n  - {id: celliara-2026, title: Something else, url: 'https://example.org'}\n"
        "devices: []\n"
    )
    result = run(runner, "safety", "--catalog", str(path), code=1)
    assert result.stderr == (
        f"error: {path}:2:10: sources[0].id: source 'celliara-2026' is defined by the built-in "
        "catalogue, and a file may not redefine it; give your source a new id and cite that\n"
    )


def test_force_keeps_the_mode_of_the_file_it_replaces(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "private.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    run(runner, "safety", "-f", "json", "--output", str(target), "--force")
    assert target.stat().st_mode & 0o777 == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["command"] == "safety"


def test_a_line_naming_its_command_builds_that_command_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from microcompare.cli import main
    from microcompare.startup import app_for

    every = [command.name for command in app.registered_commands]
    assert [
        command.name
        for command in app_for(app, ["rank", "--budget", "400"], "microcompare").registered_commands
    ] == ["rank"]
    # The top-level help, a mistyped name and completion need every command.
    assert app_for(app, ["--help"], "microcompare") is app
    assert app_for(app, ["rnak"], "microcompare") is app
    assert app_for(app, [], "microcompare") is app
    monkeypatch.setenv("_MICROCOMPARE_COMPLETE", "complete_bash")
    assert app_for(app, ["rank"], "microcompare") is app
    monkeypatch.delenv("_MICROCOMPARE_COMPLETE")

    # Run for real, twice in one process: the shared app is never narrowed.
    monkeypatch.setenv("COLUMNS", "80")
    for argv in (["show", "nuface-trinity-plus", "-f", "json"], ["list", "-f", "json"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
    listed = json.loads(capsys.readouterr().out.splitlines()[-1])
    trinity = next(item for item in listed["items"] if item["slug"] == "nuface-trinity-plus")
    assert [claim["value"] for claim in trinity["output_ua"]] == [335]
    assert [command.name for command in app.registered_commands] == every
    assert len(every) == 11

    with pytest.raises(SystemExit) as done:
        main(["rnak"])
    assert done.value.code == 2
    assert "no such command 'rnak'. Did you mean 'rank'?" in capsys.readouterr().err
