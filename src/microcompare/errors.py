"""The project's error types and the exit code each one stands for."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes (README, "Exit codes")."""

    OK = 0
    DATA = 1
    USAGE = 2
    # Interrupted (Ctrl-C), as a shell reports a process SIGINT stopped: 128 + 2.
    INTERRUPTED = 130
    # The reader of stdout went away (`| head`), as for a process SIGPIPE stopped: 128 + 13.
    BROKEN_PIPE = 141


class MicrocompareError(Exception):
    """Base of every error microcompare reports to a user as one line."""

    exit_code: ExitCode = ExitCode.DATA

    def __init__(self, message: str, *, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        # Further lines, one per problem, for commands that report every problem.
        self.details = details


class DataError(MicrocompareError):
    """A catalogue file is missing, unreadable or invalid (exit 1)."""

    exit_code = ExitCode.DATA


class UsageError(MicrocompareError):
    """The command line asks for something that cannot be (exit 2)."""

    exit_code = ExitCode.USAGE


class BadValue(UsageError):
    """A value given to the engine is wrong: says what is wrong with it, not where it came from.

    The engine knows a value by its own name (`budget_usd`, `weeks`); only the command line
    knows which option carried it. So the error keeps the sentence as a function of the name:
    the engine's callers read it with the engine's name, the CLI with the option's
    (`cli._OPTION_OF`), and no engine module spells a command-line option.
    """

    def __init__(self, value_of: str, says: Callable[[str], str]) -> None:
        super().__init__(says(value_of))
        # The engine's name for the value: a parameter of the function that was called.
        self.value_of = value_of
        self.says = says
