"""The microcompare command line: parse arguments, call the engine, print a renderer's text.

Commands import the catalogue, engine and renderers only when they run, so `--help` and
argument errors never pay for pydantic, PyYAML or Rich (`startup` has every such measure).
"""

import datetime as dt
import math
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from .errors import BadValue, ExitCode, MicrocompareError, UsageError
from .render import FORMATS
from .startup import app_for
from .vocab import CurrentType, Format, Method, PlanFormat, SchemaKind, SortField

if TYPE_CHECKING:
    from .engine.results import Ranking, Result
    from .records import Catalogue, Device

PROG = "microcompare"


class _Group(TyperGroup):
    """Turns every error into one line on stderr and its documented exit code.

    This is the only place exceptions become exit codes; commands never catch them.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Past click, which would call a closed pipe exit 1, the code for bad data.
            raise _ReaderGone() from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        argv = kwargs.get("args") if "args" in kwargs else (args[0] if args else None)
        if argv is None:
            argv = sys.argv[1:]
        debug = "--debug" in (argv or ())
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except MicrocompareError as error:
            if debug:
                raise
            _print_error(_said(error))
            for line in error.details:
                _print_error(line)
            code = error.exit_code
        except typer.Abort:
            _print_error("aborted")
            code = ExitCode.INTERRUPTED
        except (BrokenPipeError, _ReaderGone):
            # The reader went away (`| head`): quiet, as a tool killed by SIGPIPE would be.
            _discard_further_output()
            code = ExitCode.BROKEN_PIPE
        except Exception as error:
            if debug:
                raise
            # Some usage errors carry no context; the command named on the line is theirs.
            named = next((word for word in argv or () if not word.startswith("-")), None)
            command = f"{PROG} {named}" if named in self.commands else PROG
            code = _report_unexpected(error, command)
        code = code if isinstance(code, int) else ExitCode.OK
        if not standalone:
            return code
        sys.exit(code)


# The option that carries each value the engine checks, by the engine's name for it: the one
# place an engine error learns which option its value came from.
_OPTION_OF = {
    "budget_usd": "--budget",
    "limit": "--limit",
    "min_known": "--min-known",
    "months": "--months",
    "weeks": "--weeks",
    "start": "--start",
    "samples": "--samples",
    "seed": "--seed",
    "spread": "--weight-spread",
    "weight": "--weight",
    "assumption": "--assume",
    "fields": "--columns",
}


def _said(error: MicrocompareError) -> str:
    if isinstance(error, BadValue):
        return error.says(_OPTION_OF.get(error.value_of, error.value_of))
    return error.message


class _ReaderGone(Exception):
    """Whoever read the output closed the pipe before the end."""


def _report_unexpected(error: Exception, command: str = PROG) -> int:
    # Click's usage errors (unknown option, bad choice, bad value) carry their own code, 2.
    exit_code = getattr(error, "exit_code", None)
    format_message = getattr(error, "format_message", None)
    if isinstance(exit_code, int) and callable(format_message):
        message = " ".join(str(format_message()).split()).replace("Value error, ", "")
        message = message.rstrip(".")
        if exit_code == ExitCode.USAGE:
            context = getattr(error, "ctx", None)
            message += f" (see '{getattr(context, 'command_path', None) or command} --help')"
        _print_error(message[:1].lower() + message[1:])
        return exit_code
    if isinstance(error, ValueError) and "null byte" in str(error):
        # Raised while the arguments are read, for a path no file can have.
        _print_error(f"a file name cannot hold a NUL byte (see '{command} --help')")
        return ExitCode.USAGE
    _print_error(
        f"internal error: {type(error).__name__}: {error}. Please report it; "
        "run again with --debug for the traceback"
    )
    return ExitCode.DATA


def _print_error(message: str) -> None:
    # Plain write, no markup: a bracket in a file name must print as typed; a control
    # character in one (or in anything a file said) is shown, never sent to the terminal.
    _put(sys.stderr, f"error: {_safe_text(message)}\n")


# Where a stream cannot encode our typography (PYTHONIOENCODING=ascii, a Latin-1 terminal),
# these ASCII spellings stand in for it; anything else becomes "?".
_ASCII_SPELLINGS = str.maketrans(
    {
        "µ": "u",
        "–": "-",
        "—": "-",
        "−": "-",
        "×": "x",
        "÷": "/",
        "≤": "<=",
        "≥": ">=",
        "✓": "+",
        "·": ".",
        "…": "...",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "→": "->",
        "⚠": "!",
        "─": "-",
        "━": "-",
        "│": "|",
        "┃": "|",
        "┴": "+",
        "╭": "+",
        "╮": "+",
        "╰": "+",
        "╯": "+",
        "█": "#",
        "▒": "=",
        "▏": "|",
    }
)


def _put(stream: Any, text: str) -> None:
    """Write `text` to a standard stream in whatever encoding it has."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.translate(_ASCII_SPELLINGS).encode(encoding, "replace").decode(encoding)
    except LookupError:
        pass  # an encoding Python does not know is the stream's own problem
    stream.write(text)


def _usable_streams() -> None:
    # Started with stderr closed (`2>&-`), Python has no sys.stderr at all: messages then go
    # nowhere, and the output still goes where it was asked to.
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")


def _discard_further_output() -> None:
    # Python flushes stdout once more on exit; onto a closed pipe, that would print an error.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing will be flushed to a pipe


app = typer.Typer(
    name=PROG,
    cls=_Group,
    help="Compare at-home microcurrent facial devices from a cited catalogue.\n\n"
    "Every figure carries its source; a value no source gives shows as 'unknown'.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        _put(sys.stdout, f"{PROG} {version(PROG)}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback instead of a one-line error.")
    ] = False,
) -> None:
    """Compare at-home microcurrent facial devices from a cited catalogue."""


def _formats_of(command: str) -> list[Format | PlanFormat]:
    return [output for output, spec in FORMATS.items() if spec.writes(command)]


def _format_help(command: str | None = None) -> str:
    """--format's help, from the format registry: the formats every command writes, then
    those only `command` writes, then the suffixes that choose them."""
    everywhere = [spec for spec in FORMATS.values() if spec.commands is None]
    own = [spec for spec in FORMATS.values() if command and spec.commands and spec.writes(command)]
    if own:
        named = ", ".join(spec.title for spec in everywhere) + ", or "
        named += "; ".join(f"{spec.title} {spec.purpose}".strip() for spec in own)
    else:
        named = "; ".join(f"{spec.title} {spec.purpose}".strip() for spec in everywhere)
    suffixes = ", ".join(spec.suffixes[0] for spec in everywhere + own if spec.suffixes)
    return (
        f"Output format: {named}. Default: a table, or what the --output file's suffix "
        f"names ({suffixes})."
    )


FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", case_sensitive=False, help=_format_help()),
]
CatalogOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        metavar="FILE",
        help="A catalogue YAML file layered over the built-in one, the config-directory "
        "file and $MICROCOMPARE_CATALOG (repeatable).",
    ),
]
NoBuiltinOption = Annotated[
    bool,
    typer.Option(
        "--no-builtin",
        help="Use only the --catalog files' devices: not the built-in ones, the config-directory "
        "file or $MICROCOMPARE_CATALOG.",
    ),
]


def _safe_text(text: str) -> str:
    """Text from a catalogue as the terminal should see it (see `characters`)."""
    from .characters import shown_safely as shown

    return shown(text)


def _catalogue_for_completion(ctx: typer.Context) -> "Catalogue | None":
    """The catalogue the command being typed would use, --catalog files and all."""
    from .catalog import load_catalogue

    # Resilient parsing may leave the values as the strings typed.
    paths = tuple(Path(path) for path in ctx.params.get("catalog") or ())
    builtin = not ctx.params.get("no_builtin") or not paths
    try:
        return load_catalogue(paths, builtin=builtin, user_files=True).catalogue
    except MicrocompareError:
        return None  # a broken catalogue file must not break the shell


def _complete_slugs(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Device slugs for the shell, each with the device's name."""
    catalogue = _catalogue_for_completion(ctx)
    if catalogue is None:
        return []
    return [
        # The shell prints the name beside the slug: shown as text, never as sequences.
        (device.slug, _safe_text(device.name))
        for device in catalogue.devices
        if device.slug.startswith(incomplete)
    ]


def _complete_conditions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .engine.safety import condition_names

    catalogue = _catalogue_for_completion(ctx)
    if catalogue is None:
        return []
    return [
        (name, _safe_text(item.label))
        for name, item in condition_names(catalogue).items()
        if name.startswith(incomplete)
    ]


def _complete_weights(incomplete: str) -> list[tuple[str, str]]:
    from .engine.criteria import CRITERIA

    return [
        (f"{criterion.name}=", criterion.label)
        for criterion in CRITERIA
        if f"{criterion.name}=".startswith(incomplete)
    ]


def _complete_profiles(incomplete: str) -> list[tuple[str, str]]:
    from .engine.criteria import PROFILES

    return [
        (profile.name, profile.description)
        for profile in PROFILES
        if profile.name.startswith(incomplete)
    ]


def _whole_number(text: str | int) -> int:
    # Typer passes a default through the parser as it is.
    if isinstance(text, int):
        return text
    try:
        return int(text.strip())
    except ValueError:
        raise typer.BadParameter(f"must be a whole number, e.g. 12 (got {text[:40]!r})") from None


# "$1,250.00", "1,000", "US$ 250", "250 USD": what people type for a dollar amount.
def _amount(text: str) -> float:
    from .amounts import parse_money
    from .engine.listing import check_amount

    try:
        value = parse_money(text)
    except ValueError:
        value = math.nan
    try:
        return check_amount(value, "amount", typed=text[:40])
    except BadValue as error:
        # Click names the option itself: "invalid value for '--budget': must be ...".
        raise typer.BadParameter(error.says("").lstrip()) from None


# The table's short words count too: `list` prints "micro", so `--type micro` must work.
_TYPE_WORDS = {"micro": "microcurrent", "nano": "nanocurrent", "micro+nano": "micro-and-nano"}


def _current_type(text: str | CurrentType) -> CurrentType:
    if isinstance(text, CurrentType):
        return text
    typed = text.strip().casefold()
    typed = _TYPE_WORDS.get(typed, typed)
    if typed in set(CurrentType):
        return CurrentType(typed)
    matches = [kind for kind in CurrentType if kind.value.startswith(typed)] if typed else []
    if len(matches) == 1:
        return matches[0]
    choices = ", ".join(kind.value for kind in CurrentType)
    if matches:
        raise typer.BadParameter(
            f"{text!r} could mean {' or '.join(kind.value for kind in matches)}; "
            f"type more of it (one of: {choices})"
        )
    raise typer.BadParameter(f"must be one of {choices} (got {text[:40]!r})")


def _complete_types(incomplete: str) -> list[str]:
    return [kind.value for kind in CurrentType if kind.value.startswith(incomplete)]


ConditionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--condition",
        metavar="NAME",
        autocompletion=_complete_conditions,
        help="A health condition to screen for, e.g. pacemaker or pregnant (repeatable; "
        "'microcompare safety' lists them).",
    ),
]
MonthsOption = Annotated[
    int | None,
    typer.Option(
        parser=_whole_number,
        metavar="N",
        help="Add each device's cost over N months (1–120): price, subscription and gel, "
        "and the clinic sessions that money would buy.",
    ),
]


def _output_path(text: str | Path) -> Path:
    # pathlib drops a trailing slash, so "newdir/" would quietly become a file named newdir.
    if isinstance(text, str) and text != "-" and text.endswith(("/", os.sep)):
        raise typer.BadParameter(
            f"{text[:80]!r} names a folder; give a file name, e.g. {text[:80]}list.json"
        )
    return Path(text)


SourcesOption = Annotated[
    bool,
    typer.Option("--sources", help="Give each source in full below the table, not only its id."),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal. Otherwise a long table goes through $PAGER "
        "(less -FRX when unset; empty or cat for none), and only on a terminal.",
    ),
]
LongOption = Annotated[
    bool,
    typer.Option(
        "--long",
        help="With -f csv: one row per fact (device, field, value, lowest, highest, source) "
        "instead of one row per device.",
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(parser=_whole_number, metavar="N", help="Show only the first N rows."),
]
ColumnsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--columns",
        "--fields",
        metavar="FIELD,...",
        help="Which fields to show, in this order, in every format, e.g. price,app,fda "
        "(field names as in the catalogue; repeatable).",
    ),
]


def _fields(columns: list[str] | None) -> tuple[str, ...]:
    from .engine.fields import parse_fields

    return parse_fields(columns or ())


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        parser=_output_path,
        help="Write to FILE (atomically) instead of stdout.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Let --output replace a file that already exists.")
]


def _load(catalog: list[Path] | None, no_builtin: bool) -> "tuple[Catalogue, tuple[str, ...]]":
    from .catalog import load_catalogue

    loaded = load_catalogue(tuple(catalog or ()), builtin=not no_builtin, user_files=True)
    return loaded.catalogue, loaded.warnings


def _file_or_stdout(destination: Path | None) -> Path | None:
    # "-o -" means standard output, as it does for most tools.
    return None if destination is not None and str(destination) == "-" else destination


def _start(destination: Path | None, force: bool) -> None:
    # Refuse before any work is done, so a mistake costs nothing.
    if destination is not None:
        from .output import refuse_overwrite

        refuse_overwrite(destination, force=force)


def _emit(
    result: "Result",
    command: str,
    output: Format | PlanFormat,
    *,
    explain: bool = False,
    destination: Path | None = None,
    force: bool = False,
    full_sources: bool = False,
    pager: bool = True,
    long: bool = False,
) -> None:
    from .render import RenderOptions, render

    to_terminal = destination is None and _stdout_is_terminal()
    # NO_COLOR wins over FORCE_COLOR; a file never gets colour codes, nor a terminal that
    # says it has none (TERM=dumb: an editor's shell buffer, a log viewer).
    colour_terminal = to_terminal and os.environ.get("TERM") != "dumb"
    wanted = colour_terminal or bool(os.environ.get("FORCE_COLOR"))
    color = destination is None and wanted and not os.environ.get("NO_COLOR")
    # Honours $COLUMNS, then the terminal; 80 when piped or written to a file.
    width = _terminal_width() if destination is None else 80
    text = render(
        result,
        command,
        output,
        RenderOptions(
            width=width,
            color=color,
            explain=explain,
            pretty=to_terminal,
            full_sources=full_sources,
            long=long,
        ),
    )
    # Whoever reads the pipe or the file, the person at the terminal still sees these, and
    # sees them first; CSV has no place for them at all.
    carried = FORMATS[output].carries_notices
    if not to_terminal or not carried:
        for notice in result.warnings:
            # CSV carries no warning at all, so each goes to stderr; elsewhere the safety ones
            # are repeated there, for the person at the terminal.
            if notice.kind == "safety" or not carried:
                _print_warning(notice.message)
        refusal = getattr(result, "refusal", None)
        if refusal and not carried:
            _print_warning(refusal)
        sys.stderr.flush()
    if to_terminal and pager and _page(text):
        return
    _write(text, destination, force)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _write(text: str, destination: Path | None, force: bool) -> None:
    if destination is not None:
        from .output import write_atomically

        write_atomically(destination, text, force=force)
        _say_written(destination, text)
    else:
        try:
            _put(sys.stdout, text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            # A full disk behind `> file`, /dev/full: say so, not "internal error".
            from .output import OutputError, os_error_text

            raise OutputError(f"cannot write to standard output ({os_error_text(error)})") from None


# Narrower, and a table has no room for its columns; wider, and no screen shows a line
# whole ($COLUMNS=10000000 would make a 70 MB line).
MIN_WIDTH = 40
MAX_WIDTH = 500


def _terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80; kept within 40–500."""
    try:
        columns = shutil.get_terminal_size(fallback=(80, 24)).columns
    except (ValueError, OverflowError):
        columns = 80
    return min(max(columns, MIN_WIDTH), MAX_WIDTH)


def pager_command(environ: "Mapping[str, str]") -> list[str] | None:
    """The pager to run, as gh and git choose it: $PAGER, else `less -FRX` if installed.

    An empty $PAGER or `cat` means no pager. The command is split like a shell would split
    it but never run through one.
    """
    import shlex

    configured = environ.get("PAGER")
    if configured is None:
        less = shutil.which("less", path=environ.get("PATH"))
        return [less, "-FRX"] if less else None
    try:
        words = shlex.split(configured)
    except ValueError:
        return None
    if not words or Path(words[0]).name == "cat":
        return None
    return words


def _page(text: str) -> bool:
    """Show the text through the pager; False when there is none or it cannot start."""
    import subprocess

    command = pager_command(os.environ)
    if command is None:
        return False
    environ = dict(os.environ)
    # As git does: less quits on a short text, keeps colour and leaves the text on screen.
    environ.setdefault("LESS", "FRX")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environ)
    except OSError:
        return False  # not installed, not executable: print as if there were no pager
    assert process.stdin is not None
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        process.stdin.write(text.encode(encoding, errors="replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: nothing is lost
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs
    return True


def _say_written(destination: Path, text: str) -> None:
    # On stderr, so that a script reading stdout sees nothing new; the file is already safe.
    size = len(text.encode("utf-8"))
    lines = text.count("\n")
    try:
        sys.stderr.write(
            f"wrote {destination} ({size:,} byte{'s' if size != 1 else ''}, "
            f"{lines:,} line{'s' if lines != 1 else ''})\n"
        )
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # a closed stderr must not turn a written file into a failure


def _print_warning(message: str) -> None:
    import textwrap

    width = _terminal_width()
    wrapped = textwrap.fill(
        f"warning: {_safe_text(message)}",
        width,
        subsequent_indent="  ",
        break_on_hyphens=False,
        break_long_words=False,
    )
    _put(sys.stderr, wrapped + "\n")


def _refuse_an_input(destination: Path, catalog: Sequence[Path]) -> None:
    """Refuse an --output that is one of the files the command reads, whatever the path
    says (a symlink, a hard link, another spelling): writing it would destroy the input."""
    from .catalog import user_catalogue_files
    from .output import shown_path
    from .shipped import builtin_catalogue_path, builtin_data_path

    try:
        written = destination.stat()
    except OSError:
        return  # nothing there yet, so it cannot be an input
    inputs = [(path, str(path)) for path in catalog]
    inputs += list(user_catalogue_files())
    inputs += [
        (path, f"the built-in {path.name}")
        for path in (builtin_catalogue_path(), builtin_data_path())
    ]
    for path, label in inputs:
        try:
            read = path.stat()
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise UsageError(
                f"--output {shown_path(destination)}: is the catalogue this command reads "
                f"({label}); "
                "write the output to another file"
            )


def _with_load_warnings(result: "Result", warnings: Sequence[str]) -> "Result":
    if not warnings:
        return result
    from .engine.results import Notice

    notices = tuple(Notice(kind="catalogue", message=message) for message in warnings)
    return result._replace(warnings=notices + result.warnings)


def _resolved(catalogue: "Catalogue", queries: Sequence[str]) -> "tuple[list[Device], list[str]]":
    """The devices the names typed mean, and a note for each name close to another device's."""
    from .catalog import resolve_device

    found = [resolve_device(catalogue, query) for query in queries]
    return [item.device for item in found], [item.note for item in found if item.note]


def _with_name_notes(result: "Result", notes: Sequence[str]) -> "Result":
    if not notes:
        return result
    from .engine.results import Notice

    named = tuple(Notice(kind="name", message=message) for message in notes)
    return result._replace(warnings=named + result.warnings)


_SUFFIX_FORMATS = {suffix: output for output, spec in FORMATS.items() for suffix in spec.suffixes}


def _chosen_format(
    output: Format | PlanFormat | None, destination: Path | None, command: str
) -> Format | PlanFormat:
    """--format as given; without it, the format the --output file's suffix names."""
    if output is not None:
        return output
    kinds: type[Format] | type[PlanFormat] = PlanFormat if command == "plan" else Format
    named = _SUFFIX_FORMATS.get(destination.suffix.lower()) if destination else None
    if named is None:
        return kinds.TABLE
    if not FORMATS[named].writes(command):
        raise UsageError(
            f"--output {destination}: {command} cannot write {named}; give --format "
            f"({', '.join(_formats_of(command))}) or another file name"
        )
    return kinds(named)


def _run(
    command: str,
    output: Format | PlanFormat | None,
    make: "Callable[[Catalogue], Result]",
    *,
    catalog: list[Path] | None,
    no_builtin: bool,
    destination: Path | None,
    force: bool,
    explain: bool = False,
    full_sources: bool = False,
    pager: bool = True,
    long: bool = False,
) -> None:
    """What every data command does: check --output, load, compute, render, write."""
    destination = _file_or_stdout(destination)
    chosen = _chosen_format(output, destination, command)
    if long and chosen.value != "csv":
        raise UsageError(f"--long is a CSV layout; add --format csv (got {chosen.value})")
    _start(destination, force)
    if destination is not None:
        _refuse_an_input(destination, catalog or ())
    catalogue, warnings = _load(catalog, no_builtin)
    result = _with_load_warnings(make(catalogue), warnings)
    _emit(
        result,
        command,
        chosen,
        explain=explain,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=pager,
        long=long,
    )


@app.command("list")
def list_command(
    *,
    brand: Annotated[
        str | None, typer.Option(help="Only devices whose brand contains this text.")
    ] = None,
    current_type: Annotated[
        CurrentType | None,
        typer.Option(
            "--type",
            parser=_current_type,
            metavar="TYPE",
            autocompletion=_complete_types,
            help="Only devices of this current type: microcurrent, nanocurrent, micro-and-nano "
            "or hybrid (a start that names one is enough, e.g. nano).",
        ),
    ] = None,
    max_price: Annotated[
        float | None,
        typer.Option(
            parser=_amount,
            metavar="USD",
            help="Only devices whose every price claim is ≤ this, e.g. 300, $300 or 1,000.",
        ),
    ] = None,
    fda_cleared: Annotated[
        bool,
        typer.Option(
            "--fda-cleared",
            help="Only devices a source calls FDA-cleared, as this model: a clearance said "
            "only of the brand or an earlier model is left out and named, like unknown.",
        ),
    ] = False,
    no_app: Annotated[
        bool, typer.Option("--no-app", help="Only devices usable without a phone app.")
    ] = False,
    no_subscription: Annotated[
        bool,
        typer.Option(
            "--no-subscription", help="Only devices a source says need no paid subscription."
        ),
    ] = False,
    min_known: Annotated[
        int | None,
        typer.Option(
            parser=_whole_number,
            metavar="N",
            help="Only devices with at least N of the 8 key facts known (price, output "
            "current, current type, probes, app use, FDA status, intensity control, clinical "
            "evidence); the Known column counts them.",
        ),
    ] = None,
    sort: Annotated[SortField, typer.Option(help="Sort by this field; unknown sorts last.")] = (
        SortField.NAME
    ),
    reverse: Annotated[bool, typer.Option("--reverse", help="Sort in descending order.")] = False,
    limit: LimitOption = None,
    columns: ColumnsOption = None,
    long: LongOption = False,
    condition: ConditionOption = None,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List devices, one row each: price, µA, current type, probes, app, FDA status.

    Example: microcompare list --max-price 300 --sort price
    """
    from .engine.listing import DeviceFilter, list_devices

    selection = DeviceFilter(
        brand=brand,
        current_type=current_type,
        max_price_usd=max_price,
        fda_cleared=fda_cleared,
        no_app=no_app,
        no_subscription=no_subscription,
        min_known=min_known,
    )
    fields = _fields(columns)
    _run(
        "list",
        output,
        lambda catalogue: list_devices(
            catalogue,
            selection,
            sort,
            descending=reverse,
            conditions=condition or (),
            limit=limit,
            fields=fields,
        ),
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        pager=not no_pager,
        long=long,
    )


@app.command("show")
def show_command(
    slug: Annotated[
        str,
        typer.Argument(help="The device's slug, alias or name.", autocompletion=_complete_slugs),
    ],
    *,
    condition: ConditionOption = None,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Show every field of one device with the source of each value.

    Example: microcompare show nuface-trinity --condition pregnant
    """
    from .engine.listing import describe_device

    def make(catalogue: "Catalogue") -> "Result":
        devices, notes = _resolved(catalogue, [slug])
        return _with_name_notes(
            describe_device(catalogue, devices[0], conditions=condition or ()), notes
        )

    _run(
        "show",
        output,
        make,
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
    )


@app.command("compare")
def compare_command(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SLUG...", help="Two or more devices.", autocompletion=_complete_slugs
        ),
    ] = None,
    *,
    months: MonthsOption = None,
    columns: ColumnsOption = None,
    long: LongOption = False,
    condition: ConditionOption = None,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Compare devices side by side, marking differences and the better value.

    Example: microcompare compare nuface-trinity ziip-halo --months 12
    """
    from .engine.compare import compare_devices

    fields = _fields(columns)

    def make(catalogue: "Catalogue") -> "Result":
        devices, notes = _resolved(catalogue, slugs or ())
        compared = compare_devices(
            catalogue, devices, conditions=condition or (), months=months, fields=fields
        )
        return _with_name_notes(compared, notes)

    _run(
        "compare",
        output,
        make,
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
        long=long,
    )


@app.command("rank")
def rank_command(
    *,
    budget: Annotated[
        float | None,
        typer.Option(
            parser=_amount,
            metavar="USD",
            help="Rank devices whose every price claim is ≤ this (e.g. 400, $400 or 1,000); "
            "without it, every priced device.",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            autocompletion=_complete_profiles,
            help="A named set of weights: balanced (default), evidence-first, budget, no-app.",
        ),
    ] = None,
    weight: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=NUMBER",
            autocompletion=_complete_weights,
            help="Set one criterion's weight, e.g. price=2 or app=0 (repeatable).",
        ),
    ] = None,
    method: Annotated[
        Method, typer.Option(case_sensitive=False, help="How criteria become one score.")
    ] = Method.WEIGHTED_SUM,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show each score's arithmetic, criterion by criterion (JSON always has it).",
        ),
    ] = False,
    pareto: Annotated[
        bool,
        typer.Option(
            "--pareto", help="Keep only devices no other device beats on every criterion."
        ),
    ] = False,
    samples: Annotated[
        int,
        typer.Option(metavar="N", help="How many times to rank over plausible weights and values."),
    ] = 10_000,
    seed: Annotated[
        int,
        typer.Option(metavar="N", help="Seed of the draws; the same seed gives the same output."),
    ] = 2001,
    weight_spread: Annotated[
        float,
        typer.Option(
            metavar="FRACTION",
            help="How far each weight may vary: 0.5 draws it from half to one and a half "
            "times the weight given; 0 keeps the weights exact.",
        ),
    ] = 0.5,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            metavar="SLUG.FIELD=VALUE",
            help="Try a fact without editing a file, e.g. nuface-mini-plus.current=400 "
            "(repeatable; shown as assumed).",
        ),
    ] = None,
    months: MonthsOption = None,
    limit: LimitOption = None,
    condition: ConditionOption = None,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Rank devices within a budget by how often each comes first over plausible weights
    and values, with each one's worst and best score, picks, and the facts that would
    settle it.

    Example: microcompare rank --budget 400 --assume nuface-mini-plus.evidence=independent-study
    """
    from .engine.criteria import parse_weight
    from .engine.rank import rank_devices
    from .engine.uncertainty import parse_assumption

    weights = [parse_weight(text) for text in weight or ()]
    if limit is not None:
        from .engine.listing import check_count

        check_count(limit, "limit", 1_000_000)
    assumptions = [parse_assumption(text) for text in assume or ()]
    _run(
        "rank",
        output,
        lambda catalogue: _first_ranked(
            rank_devices(
                catalogue,
                budget,
                profile=profile,
                weights=weights,
                method=method,
                pareto=pareto,
                conditions=condition or (),
                months=months,
                samples=samples,
                seed=seed,
                spread=weight_spread,
                assumptions=assumptions,
            ),
            limit,
        ),
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
        explain=explain,
    )


def _first_ranked(result: "Ranking", limit: int | None) -> "Ranking":
    """A ranking shows only its first `limit` rows; the ranking itself is made over all."""
    if limit is None or len(result.entries) <= limit:
        return result
    more = len(result.entries) - limit
    note = f"{more} more ranked device{'s' if more != 1 else ''} not shown (--limit {limit})."
    return result._replace(entries=result.entries[:limit], notes=(*result.notes, note))


@app.command("criteria")
def criteria_command(
    *,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List what rank weighs: each criterion's weight, direction, reason and sources,
    and the named weight profiles.

    Example: microcompare criteria --format json
    """
    from .engine.listing import list_criteria

    _run(
        "criteria",
        output,
        lambda catalogue: list_criteria(catalogue),
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
    )


@app.command("sources")
def sources_command(
    *,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List the sources every figure is taken from.

    Example: microcompare sources --format json
    """
    from .engine.listing import list_sources

    _run(
        "sources",
        output,
        lambda catalogue: list_sources(catalogue),
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
    )


@app.command("safety")
def safety_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CONDITION]...",
            autocompletion=_complete_conditions,
            help="Show only these conditions, e.g. pacemaker (the same as --condition).",
        ),
    ] = None,
    *,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            "--condition",
            metavar="NAME",
            autocompletion=_complete_conditions,
            help="Show only this condition (repeatable).",
        ),
    ] = None,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """List the conditions the sources warn about, strictest first, each with its sources.

    Example: microcompare safety pregnant
    """
    from .engine.safety import list_safety

    _run(
        "safety",
        output,
        lambda catalogue: list_safety(catalogue, [*(names or ()), *(condition or ())]),
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
    )


@app.command("chart")
def chart_command(
    *,
    output: FormatOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Chart each device's output current against the 200–800 µA window and the ~1,000 µA
    sensory threshold the sources give, and each device's price. Unknown stays unknown.

    With --format, gives the charted figures as data.

    Example: microcompare chart --format csv -o figures.csv
    """
    from .engine.chart import chart_devices

    _run(
        "chart",
        output,
        chart_devices,
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
    )


@app.command("validate")
def validate_command(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Catalogue YAML files to check.")
    ],
    *,
    output: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="table: one line per problem on stderr; json: one object per problem "
            "(file, line, column, path, slug, message) on stdout, for scripts.",
        ),
    ] = None,
) -> None:
    """Check catalogue files, reporting every problem as FILE:LINE:COLUMN: field: what is wrong.

    Exit 0 when every file is clean, 1 when not. Citations may name built-in sources.

    Example: microcompare validate my-devices.yaml
    """
    from .catalog_files import check_catalogue_files
    from .errors import DataError

    if output not in (None, Format.TABLE, Format.JSON):
        raise UsageError(f"validate writes a table or json, not {output.value}")
    try:
        found = check_catalogue_files(files)
    except DataError as error:
        if output is not Format.JSON:
            raise
        problems = [error.message, *error.details]
        _write(_validation_json(files, problems), None, False)
        raise typer.Exit(ExitCode.DATA) from None
    if output is Format.JSON:
        _write(_validation_json(files, []), None, False)
        return
    for checked in found:
        counts = ", ".join(
            f"{count} {noun}{'' if count == 1 else 's'}"
            for count, noun in (
                (checked.devices, "device"),
                (checked.sources, "source"),
                (checked.contraindications, "contraindication"),
            )
        )
        _put(sys.stdout, f"{checked.path}: valid: {counts}\n")


# After the file name: ":LINE:COLUMN: devices[0].price_usd[0].value (acme): what is wrong",
# where the place, the field path and the slug may each be missing. Compiled (and cached by
# `re`) on first use: only `validate --format json` reads it, and every command starts here.
_PROBLEM = (
    r"(?::(?P<line>\d+):(?P<column>\d+))?: "
    r"(?:(?P<path>[A-Za-z_][\w.\[\]]*)(?: \((?P<slug>[^()]*)\))?: )?(?P<message>.*)"
)


def validation_problem(text: str, files: Sequence[Path]) -> dict[str, Any]:
    """One problem line of `validate` as the object its JSON gives."""
    # The file is one of those given, longest name first (a name may itself hold a colon).
    names = sorted({str(path) for path in files}, key=len, reverse=True)
    file = next((name for name in names if text.startswith(name + ":")), None)
    found = re.fullmatch(_PROBLEM, text[len(file) :], re.S) if file else None
    if file is None or found is None:
        return {
            "file": file,
            "line": None,
            "column": None,
            "path": None,
            "slug": None,
            "message": text,
        }
    return {
        "file": file,
        "line": int(found["line"]) if found["line"] else None,
        "column": int(found["column"]) if found["column"] else None,
        "path": found["path"],
        "slug": found["slug"],
        "message": found["message"],
    }


def _validation_json(files: Sequence[Path], problems: Sequence[str]) -> str:
    import json

    body = {
        "schema_version": 1,
        "command": "validate",
        "items": [validation_problem(problem, files) for problem in problems],
        "files": [str(path) for path in files],
        "valid": not problems,
        "warnings": [],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"


@app.command("schema")
def schema_command(
    which: Annotated[
        SchemaKind,
        typer.Argument(
            metavar="[catalogue|output]",
            help="catalogue (the default): a catalogue file; output: what --format json prints.",
        ),
    ] = SchemaKind.CATALOGUE,
    *,
    destination: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print a JSON Schema: of a catalogue file, for editors and validators, or of the
    JSON every command prints, for scripts.

    The built-in data/devices.yaml names the catalogue schema (catalogue.schema.json) on its
    first line, so editors with a YAML language server check and complete it as you type.

    Example: microcompare schema output --output output.schema.json
    """
    import json

    if which is SchemaKind.OUTPUT:
        from .render.json_schema import output_json_schema

        schema = output_json_schema()
    else:
        from .models import catalogue_json_schema

        schema = catalogue_json_schema()
    destination = _file_or_stdout(destination)
    _start(destination, force)
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    _write(text, destination, force)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"must be a date written YYYY-MM-DD, e.g. 2026-12-01 (got {text[:40]!r})"
        ) from None


@app.command("plan")
def plan_command(
    slug: Annotated[
        str,
        typer.Argument(help="The device's slug, alias or name.", autocompletion=_complete_slugs),
    ],
    *,
    weeks: Annotated[
        int,
        typer.Option(parser=_whole_number, metavar="N", help="How many weeks to plan (1–104)."),
    ] = 12,
    start: Annotated[
        dt.date | None,
        typer.Option(
            parser=_date,
            metavar="YYYY-MM-DD",
            help="The first day of the plan; today if not given.",
        ),
    ] = None,
    output: Annotated[
        PlanFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=_format_help("plan"),
        ),
    ] = None,
    condition: ConditionOption = None,
    destination: OutputOption = None,
    force: ForceOption = False,
    full_sources: SourcesOption = False,
    no_pager: NoPagerOption = False,
    catalog: CatalogOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """Lay out a device's routine week by week: its own routine, or the general one.

    Example: microcompare plan nuface-trinity-plus --start 2026-12-01 -f ics -o routine.ics
    """
    from .engine.plan import plan_routine

    def make(catalogue: "Catalogue") -> "Result":
        devices, notes = _resolved(catalogue, [slug])
        routine = plan_routine(
            catalogue, devices[0], weeks, start or dt.date.today(), conditions=condition or ()
        )
        return _with_name_notes(routine, notes)

    _run(
        "plan",
        output,
        make,
        catalog=catalog,
        no_builtin=no_builtin,
        destination=destination,
        force=force,
        full_sources=full_sources,
        pager=not no_pager,
    )


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the `microcompare` script and `python -m microcompare`."""
    _usable_streams()
    args = list(argv) if argv is not None else sys.argv[1:]
    app_for(app, args, PROG)(args=args, prog_name=PROG)
    sys.exit(ExitCode.OK)  # pragma: no cover - app() always exits
