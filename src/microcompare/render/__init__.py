"""Turn engine results into text: one module per output format, each found in `FORMATS`.

Every format module has one entry point, `render(result, command, options) -> str` (the
`Renderer` protocol). `FORMATS` says, for each format, which module that is, which --output
suffixes choose it and which commands it can write; the command line takes its suffix table,
its --format help and its errors from here. A format's module is imported only when that
format is written, so `list` and `--help` pay for no other format's libraries.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol

from ..vocab import Format, PlanFormat

if TYPE_CHECKING:
    from ..engine.results import Result

__all__ = ["FORMATS", "Format", "OutputFormat", "RenderOptions", "Renderer", "render"]


class RenderOptions(NamedTuple):
    """How the human-facing formats should look where they are shown."""

    width: int = 80
    color: bool = False
    # rank: show each score's arithmetic below the table.
    explain: bool = False
    # JSON: indented for a person at a terminal, one compact line for a pipe.
    pretty: bool = False
    # Tables: each source in full below the table (--sources), not only its id.
    full_sources: bool = False
    # CSV of list and compare: one row per fact rather than one per device.
    long: bool = False


class Renderer(Protocol):
    """A format module's `render`: a command's result, and how to lay it out, as text."""

    def __call__(self, result: Result, command: str, options: RenderOptions, /) -> str: ...


class OutputFormat(NamedTuple):
    """What the command line and `render` need to know about one output format."""

    # The module in this package whose `render` writes the format.
    module: str
    # --output suffixes that choose the format when --format is not given; --help names the
    # first.
    suffixes: tuple[str, ...]
    # How --format's help names it, and what it is for ("JSON", "for scripts").
    title: str
    purpose: str = ""
    # The commands it can write; None: every command that writes a result.
    commands: frozenset[str] | None = None
    # Writes any character a terminal would act on as an escape of its own (JSON's \uXXXX),
    # so it gets the catalogue's text exactly as it is; every other format gets the text with
    # such characters already shown as visible escapes.
    escapes_text: bool = False
    # Has a place for the result's warnings; where not (CSV), the command line prints each
    # to stderr instead.
    carries_notices: bool = True

    def writes(self, command: str) -> bool:
        """Whether this format can write what `command` gives."""
        return self.commands is None or command in self.commands


# Keyed by the enum members; Format's and PlanFormat's members are the same strings, so
# either finds its entry.
FORMATS: Mapping[Format | PlanFormat, OutputFormat] = {
    PlanFormat.TABLE: OutputFormat("table", (), "a table"),
    PlanFormat.JSON: OutputFormat("json", (".json",), "JSON", "for scripts", escapes_text=True),
    PlanFormat.CSV: OutputFormat(
        "csv", (".csv",), "CSV", "for spreadsheets", carries_notices=False
    ),
    PlanFormat.MARKDOWN: OutputFormat("markdown", (".md", ".markdown"), "Markdown", "for articles"),
    PlanFormat.HTML: OutputFormat("html", (".html", ".htm"), "HTML", "for one self-contained page"),
    PlanFormat.ICS: OutputFormat(
        "ics",
        (".ics",),
        "an iCalendar file (ics)",
        "of the sessions",
        commands=frozenset({"plan"}),
    ),
}


def renderer(output: Format | PlanFormat) -> Renderer:
    """The `render` of the output format's module, imported now."""
    found: Renderer = import_module(f"{__name__}.{FORMATS[output].module}").render
    return found


def render(
    result: Result, command: str, output: Format | PlanFormat, options: RenderOptions
) -> str:
    """The result as text in the chosen format (imports only that format's module).

    Whatever the format, no text from a catalogue can drive the terminal it is shown on:
    JSON escapes control characters as JSON does, and every other format gets the result
    with each such character written as a visible escape.
    """
    if not FORMATS[output].escapes_text:
        from ..characters import with_text_shown_safely

        result = with_text_shown_safely(result)
    return renderer(output)(result, command, options)
