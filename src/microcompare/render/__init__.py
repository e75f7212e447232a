"""Turn engine results into text: one module per output format, chosen here."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..vocab import Format, PlanFormat

if TYPE_CHECKING:
    from ..engine.results import Result

__all__ = ["Format", "RenderOptions", "render"]


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


def render(
    result: Result, command: str, output: Format | PlanFormat, options: RenderOptions
) -> str:
    """The result as text in the chosen format (imports only that format's module).

    Whatever the format, no text from a catalogue can drive the terminal it is shown on:
    JSON escapes control characters as JSON does, and every other format gets the result
    with each such character written as a visible escape.
    """
    if output.value != "json":
        from ..characters import with_text_shown_safely

        result = with_text_shown_safely(result)
    if output.value == "table":
        from . import table

        return table.render(result, options)
    if output.value == "json":
        from . import json

        return json.render(result, command, pretty=options.pretty)
    if output.value == "csv":
        from . import csv

        return csv.render(result, long=options.long)
    if output.value == "markdown":
        from . import markdown

        return markdown.render(result)
    if output.value == "html":
        from . import html

        return html.render(result, command)
    if output is PlanFormat.ICS:
        from ..engine.results import Plan
        from . import ics

        if not isinstance(result, Plan):
            raise TypeError("only a plan can be written as iCalendar")
        return ics.render(result)
    raise AssertionError(f"no renderer for {output!r}")
