"""Turn engine results into text: one module per output format, chosen here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, assert_never

from ..vocab import Format

if TYPE_CHECKING:
    from ..engine import Result

__all__ = ["Format", "RenderOptions", "render"]


@dataclass(frozen=True)
class RenderOptions:
    """How the human-facing formats should look where they are shown."""

    width: int = 80
    color: bool = False
    # rank: show each score's arithmetic below the table.
    explain: bool = False
    # JSON: indented for a person at a terminal, one compact line for a pipe.
    pretty: bool = False


def render(result: Result, command: str, output: Format, options: RenderOptions) -> str:
    """The result as text in the chosen format (imports only that format's module)."""
    if output is Format.TABLE:
        from . import table

        return table.render(result, options)
    if output is Format.JSON:
        from . import json

        return json.render(result, command, pretty=options.pretty)
    assert_never(output)
