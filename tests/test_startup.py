"""The start-up measures of `microcompare.startup`: the collector pause and what a run imports."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from microcompare.startup import collector_paused


def test_a_run_has_the_collector_off_from_before_its_first_heavy_import() -> None:
    # Every pass the collector starts is noted with whether typer was imported yet: a run
    # that switched it off late would show passes during or after typer's import.
    code = (
        "import atexit, gc, sys\n"
        "passes = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and passes.append("
        "'typer' in sys.modules))\n"
        "atexit.register(lambda: print(gc.isenabled(), any(passes), file=sys.stderr))\n"
        "from microcompare import main\n"
        "sys.argv = ['microcompare', 'list', '-f', 'json']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "False False"
    assert '"slug":"nuface-trinity-plus"' in done.stdout


@pytest.mark.parametrize("was_on", [True, False])
def test_a_pause_turns_the_collector_off_and_restores_it(was_on: bool) -> None:
    # Loading a catalogue from a process that goes on (tests, scripts) pauses it only there.
    gc.enable() if was_on else gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is was_on
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a load that fails")
        assert gc.isenabled() is was_on
    finally:
        gc.enable()


def test_the_engine_package_exports_nothing_so_importing_it_loads_no_module() -> None:
    # Each name comes from the module that defines it; a table of names in the package
    # would have to be kept in step with the modules, and importing one loads them.
    code = (
        "import sys, microcompare.engine as engine\n"
        "print(sorted(name for name in vars(engine) if not name.startswith('_')),"
        " sorted(m for m in sys.modules if m.startswith('microcompare.engine.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"


def test_list_loads_only_the_engine_modules_it_uses() -> None:
    # The criteria are built as `criteria` loads and `result_parts` defines fourteen types;
    # `list` uses neither, and each would cost it about a millisecond of start-up.
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m.removeprefix('microcompare.engine.')"
        " for m in sys.modules if m.startswith('microcompare.engine.')), file=sys.stderr))\n"
        "from microcompare import main\n"
        "sys.argv = ['microcompare', 'list']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.strip().splitlines()[-1]
    assert loaded == "['cost', 'facts', 'fields', 'listing', 'results', 'safety']"
    assert "nuface-trinity-plus" in done.stdout
