"""What keeps a run short: the three measures, each with its reason, in one place.

A run lasts about a tenth of a second, most of it importing libraries, and people run
`list` and `--help` in shell loops and completion. `benchmarks/bench.py` measures both
against importing typer, Rich, pydantic and PyYAML (README, "Performance"), and
`tests/test_cli.py` checks which libraries they import. Three measures hold them there:

1. **Imports wait until a command needs them.** `--help` and usage errors import neither
   pydantic, PyYAML nor Rich; `list` of the built-in catalogue imports neither pydantic
   nor PyYAML; no command loads an engine or render module it does not use. So `cli`
   imports the catalogue, engine and renderers inside the commands that use them, `render`
   imports only the chosen format's module, and every engine name is imported from the
   module that defines it (`microcompare.engine` itself exports nothing, so no table of
   names has to be kept in step with the modules).
2. **The cyclic collector is off** (`collector_off`, `collector_paused`). A run builds many
   objects and frees few, so each of the collector's passes rescans an ever larger heap and
   finds nothing: the imports alone ran several passes, and loading a large catalogue grew
   superlinearly (a 10,000-device `rank` went from 4.9 to 2.7 s with the collector off for
   the whole command). Reference counting still frees everything as usual.
3. **Only the command being run is built** (`app_for`). typer turns every registered
   command's options into click's on each run, about 5 ms for eleven commands; a line that
   names its command needs that one alone (1.5 ms).

Standard library only, and nothing imported that a run does not already have: the script
imports this module first, before it switches the collector off.
"""

from __future__ import annotations

import gc
import os

# Not typing's: importing typing, before the collector is off, would cost the run.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    import typer


def collector_off() -> None:
    """Switch the collector off for the rest of a command-line run, before its first import.

    It stays off: the process ends with the run.
    """
    gc.disable()


class _Paused:
    def __enter__(self) -> None:
        self._was_on = gc.isenabled()
        gc.disable()

    def __exit__(self, *error: object) -> None:
        if self._was_on:
            gc.enable()


def collector_paused() -> _Paused:
    """The collector off inside a `with` block and as it was after it: for loading a
    catalogue from a process that goes on (a test, a script, `--write-builtin`)."""
    return _Paused()


def app_for(app: typer.Typer, args: Sequence[str], prog: str) -> typer.Typer:
    """The app with only the command a line starts with, when it starts with one.

    The top-level help, a mistyped name (which is offered the nearest command) and shell
    completion still see every command; the shared app is copied, never narrowed.
    """
    import copy

    named = args[0] if args else None
    commands = [command for command in app.registered_commands if command.name == named]
    if not commands or f"_{prog.upper()}_COMPLETE" in os.environ:
        return app
    single = copy.copy(app)
    single.registered_commands = commands
    return single
