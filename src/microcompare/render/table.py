"""Terminal tables (Rich): colour only on a terminal, plain text when piped, 80 columns."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, assert_never

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..engine.cost import money_text
from ..engine.facts import app_dependency, current_types
from ..engine.listing import KEY_FACTS, known_facts
from ..engine.results import (
    Chart,
    Comparison,
    CriteriaListing,
    DeviceDetail,
    DeviceListing,
    Notice,
    OwnershipCost,
    Plan,
    Ranking,
    Result,
    SafetyListing,
    SourceListing,
)
from ..engine.safety import contraindication_sources, severity_sources, strictest
from ..fields import FIELD, LIST_FIELDS
from ..records import Claim, Contraindication, Device, Source
from ..trust import BASIS_LEGEND, basis, basis_mark, by_id, for_the_model
from ..vocab import Method
from . import RenderOptions, view
from .text import (
    PROBE_WORDS,
    UNKNOWN,
    claim_text,
    claims_text,
    kind_text,
    method_text,
    number,
    percent,
    protocol_text,
    range_notes,
    range_text,
    score_range_text,
    share_bar,
    source_text,
)

if TYPE_CHECKING:
    from ..engine.result_parts import Bar, RankedDevice


def render(result: Result, command: str, options: RenderOptions) -> str:
    """The result as a Rich table, with notices above it and sources below.

    Safety warnings come first, in a panel, so that no table can push them out of sight.
    """
    parts: list[RenderableType] = _notices(result.warnings)
    if isinstance(result, DeviceListing):
        parts += _listing(result, options.width, plain=not options.color)
    elif isinstance(result, DeviceDetail):
        parts += _detail(result, options.width)
    elif isinstance(result, Comparison):
        parts += _comparison(result, options.width)
    elif isinstance(result, Ranking):
        parts += _ranking(result, options.explain, options.width, plain=not options.color)
    elif isinstance(result, CriteriaListing):
        parts += _criteria_listing(result, options.width)
    elif isinstance(result, SourceListing):
        parts += _source_listing(result, options.color)
    elif isinstance(result, SafetyListing):
        parts += _safety_listing(result, options.width)
    elif isinstance(result, Plan):
        parts += _plan(result, options.width)
    elif isinstance(result, Chart):
        parts += _chart(result, options.width)
    else:
        assert_never(result)
    for part in parts:
        if isinstance(part, SourcesFooter):
            part.full = options.full_sources
            part.links = options.color
    return _to_text(Group(*parts), options)


def _to_text(renderable: RenderableType, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    # Not cropped: an Unbroken line (a URL) may run past the width; everything else fits it.
    console.print(renderable, crop=False)
    text = buffer.getvalue()
    if options.color:
        return text
    # Rich pads every line to the full width; piped text is easier to diff without it.
    return "\n".join(line.rstrip() for line in text.split("\n"))


_SEVERITY_STYLE = {"absolute": "bold red", "avoid": "bold red", "caution": "bold yellow"}
# Shown in a device's cell when one of the user's conditions applies to it.
_FLAG_WORDS = {severity: f"! {words}" for severity, words in view.FLAG_WORDS.items()}


def _notices(notices: Sequence[Notice]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    safety = [notice for notice in notices if notice.kind == "safety"]
    if safety:
        # Imported here: only a run that names the user's conditions draws this panel.
        from rich.panel import Panel

        strict = any(notice.severity != "caution" for notice in safety)
        body = Group(
            *(
                Text(notice.message, style=_SEVERITY_STYLE.get(notice.severity or "", ""))
                for notice in safety
            )
        )
        parts.append(
            Panel(
                body,
                title=view.SAFETY,
                title_align="left",
                border_style="red" if strict else "yellow",
                box=box.ROUNDED,
            )
        )
    for notice in notices:
        if notice.kind == "reminder":
            parts.append(Text(notice.message, style="bold"))
        elif notice.kind != "safety":
            # "note: …", "warning: …", as the CLI's own lines begin.
            said = f"{view.notice_label(notice).lower()}: {notice.message}"
            parts.append(Text(said, style="bold" if notice.kind == "name" else "bold yellow"))
    return parts


def _flag(cell: Text, severity: str | None) -> Text:
    if severity:
        cell.append("\n" + _FLAG_WORDS[severity], style=_SEVERITY_STYLE[severity])
    return cell


def _table(title: str | None = None) -> Table:
    return Table(
        # As Text, never markup: a device named "[bold]X" reads as typed.
        title=Text(title) if title is not None else None,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )


def _cell(text: str, unknown_style: str = "dim") -> Text:
    return Text(text, style=unknown_style if text == UNKNOWN else "")


def _device_cell(device: Device) -> Text:
    # The slug comes first and never wraps: it is what the user types next.
    cell = Text(device.slug, style="bold cyan")
    cell.append("\n" + device.name, style="")
    return cell


def _slug_width(devices: Sequence[Device]) -> int:
    return max((len(device.slug) for device in devices), default=6)


# A URL fit to be a terminal hyperlink: printable ASCII only, so it cannot end the escape
# sequence that carries it or smuggle in one of its own.
_LINKABLE = re.compile(r"https?://[!-~]+")


class Unbroken:
    """One line that is never wrapped or cut, however narrow the terminal: a URL the reader
    copies must stay whole. The terminal may fold it on screen; a copy still gets it all.

    A URL is a hyperlink (OSC 8) where the output has styles, i.e. on a terminal.
    """

    def __init__(self, url: str, *, indent: int = 0, link: bool = False) -> None:
        self.text = Text(" " * indent)
        style = Style(link=url) if link and _LINKABLE.fullmatch(url) else None
        self.text.append(url, style=style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.text.render(console)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.text.cell_len, self.text.cell_len)


class SourcesFooter:
    """The sources below a table: their ids on a line or two, or each in full (--sources).

    `render` sets `full` and `links` from the options, so each command's layout only says
    where the footer goes.
    """

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = tuple(sources)
        self.full = False
        self.links = False

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.sources:
            return
        if not self.full:
            line = Text(f"{view.SOURCES}: ", style="bold")
            line.append(", ".join(source.id for source in self.sources), style="cyan")
            line.append(f" {view.SOURCES_HINT}", style="dim")
            yield line
            return
        yield Text(f"{view.SOURCES}:", style="bold")
        for source in self.sources:
            yield from _full_reference(source, indent=2, links=self.links)


def _full_reference(source: Source, *, indent: int, links: bool) -> list[RenderableType]:
    line = Text(f"[{source.id}] ", style="cyan")
    line.append(source_text(source, url=False), style="")
    parts: list[RenderableType] = [Padding(line, (0, 0, 0, indent))]
    if source.url:
        parts.append(Unbroken(source.url, indent=indent + 2, link=links))
    return parts


def _sources_footer(sources: Sequence[Source]) -> SourcesFooter:
    return SourcesFooter(sources)


def _list_cell(device: Device, field: str, dated: Mapping[str, Source]) -> Text:
    # The value the engine reads, marked where it rests on the brand or an earlier model.
    if field == "current_type":
        types = sorted(current_types(device))
        words = "/".join(view.SHORT_CURRENT_TYPES[kind.value] for kind in types)
        return _cell(words + _mark(device.current_type) if words else UNKNOWN)
    if field == "probes":
        probes = sorted({claim.value for claim in for_the_model(device.probes or ())})
        words = "/".join(PROBE_WORDS[probe] for probe in probes)
        return _cell(words + _mark(device.probes) if words else UNKNOWN)
    if field == "app":
        dependency = app_dependency(device)
        return _cell(dependency.value + _mark(device.app) if dependency else UNKNOWN)
    return _cell(claims_text(field, getattr(device, field), compact=True, sources=dated))


def _list_headers(fields: Sequence[str]) -> list[str]:
    return [FIELD[field].narrow for field in fields]


def _words_width(cell: Text) -> int:
    # The narrowest a wrapped cell can be: its longest word, which is never cut.
    return max((cell_len(word) for word in cell.plain.split()), default=0)


def _lines_width(cell: Text) -> int:
    return max((cell_len(line) for line in cell.plain.split("\n")), default=0)


def fit_columns(
    widest: Sequence[int], narrowest: Sequence[int], width: int
) -> tuple[list[int], int]:
    """Column widths for a table `width` cells wide, one cell between columns.

    Each column gets at least its narrowest (its longest word: nothing is ever cut) and, as
    room allows, up to its widest; the first column always stays. Returns the widths and how
    many columns fit: those past it are left out, and the caller says so.
    """
    shown = len(widest)
    while shown > 1 and sum(narrowest[:shown]) + shown - 1 > width:
        shown -= 1
    widths = list(narrowest[:shown])
    room = width - sum(widths) - (shown - 1)
    # The values first, so they keep to one line; the first column (a name that may wrap)
    # takes what is left.
    for index in [*range(1, shown), 0]:
        extra = min(room, widest[index] - widths[index])
        widths[index] += extra
        room -= extra
    return widths, shown


def level_columns(widest: Sequence[int], narrowest: Sequence[int], width: int) -> list[int]:
    """Column widths for a table `width` cells wide, one cell between columns, as Rich
    shares it: the widest columns give way first, each down to no less than its narrowest
    (its longest word: nothing is ever cut). The caller makes sure the narrowest fit.
    """
    room = width - (len(widest) - 1)

    def at(level: int) -> list[int]:
        return [max(low, min(high, level)) for high, low in zip(widest, narrowest, strict=True)]

    level = max(widest, default=0)
    while level > 0 and sum(at(level)) > room:
        level -= 1
    widths = at(level)
    # What the level leaves over goes to the columns it held back, first come first.
    spare = room - sum(widths)
    for index, (high, current) in enumerate(zip(widest, widths, strict=True)):
        if spare > 0 and current < high and current == level:
            widths[index] += 1
            spare -= 1
    return widths


def rich_columns(
    widest: Sequence[int],
    narrowest: Sequence[int],
    least: Sequence[int],
    wraps: Sequence[bool],
    width: int,
) -> list[int] | None:
    """Column widths for a table `width` cells wide, one cell between columns, as Rich's
    `_table()` shares them when no column has a fixed width: each column as wide as its
    widest line (at least its `least`, a column's min_width), and where they do not fit,
    the widest of the columns that wrap narrowed to the next widest, and so on.

    None where Rich would go further and narrow every column, or a word would be cut: Rich
    lays that table out itself.
    """
    room = width - (len(widest) - 1)
    widths = [max(min(high, room), low) or 1 for high, low in zip(widest, least, strict=True)]
    excess = sum(widths) - room
    if excess > 0:
        while excess > 0 and any(wraps):
            top = max(w for w, wrap in zip(widths, wraps, strict=True) if wrap)
            second = max(
                w if wrap and w != top else 0 for w, wrap in zip(widths, wraps, strict=True)
            )
            if top == second:
                break
            # Rich's ratio_reduce with a ratio of 1 for each column at the top width.
            ratios = [1 if wrap and w == top else 0 for w, wrap in zip(widths, wraps, strict=True)]
            share, left, cut = min(excess, top - second), sum(ratios), excess
            for index, ratio in enumerate(ratios):
                if ratio:
                    step = min(share, round(cut / left))
                    widths[index] -= step
                    cut -= step
                    left -= 1
            excess = sum(widths) - room
        if excess > 0:
            return None
        # Rich measures again at the narrowed widths.
        widths = [
            max(min(high, w), low) if w >= 1 else 0
            for high, low, w in zip(widest, least, widths, strict=True)
        ]
        if sum(widths) > room:
            return None
    if any(w < low for w, low in zip(widths, narrowest, strict=True)):
        return None
    return widths


def _stacked(headers: Sequence[str], rows: Sequence[Sequence[Text]], width: int) -> list[Text]:
    """Each row as a block: its first cell, then "Header value" pairs packed into lines.

    A pair is never split across lines, so no value is cut however narrow the terminal.
    """
    lines: list[Text] = []
    for row in rows:
        # The slug and the name on one line, which may wrap between words; how much is known
        # and any safety flag follow, each whole: "! avoid" split over two lines misreads.
        first = row[0].split("\n")
        head = Text("  ").join(first[:2])
        for mark in first[2:]:
            if head.cell_len + 2 + mark.cell_len > width:
                lines.append(head)
                head = Text("  ")
            else:
                head.append("  ")
            head.append_text(mark)
        lines.append(head)
        line = Text("  ", no_wrap=True, overflow="ignore")
        for header, cell in zip(headers[1:], row[1:], strict=True):
            pair = Text(f"{header} ", style="dim")
            pair.append_text(Text(" ").join(cell.split("\n")))
            if line.cell_len > 2 and line.cell_len + 3 + pair.cell_len > width:
                lines.append(line)
                line = Text("  ", no_wrap=True, overflow="ignore")
            if line.cell_len > 2:
                line.append(" · ", style="dim")
            line.append_text(pair)
        lines.append(line)
    return lines


def _listing(result: DeviceListing, width: int, *, plain: bool = False) -> list[RenderableType]:
    table = _table(view.listing_title(len(result.devices)))
    fields = result.fields or LIST_FIELDS
    dated = by_id(result.sources)
    headers = [view.DEVICE, *_list_headers(fields)]
    rows = [
        (
            _flag(_known(_device_cell(device), device), result.flagged.get(device.slug)),
            *(_list_cell(device, field, dated) for field in fields),
        )
        for device in result.devices
    ]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    widest = [
        max([cell_len(header), *(_lines_width(cell) for cell in cells)])
        for header, cells in zip(headers, columns, strict=True)
    ]
    narrowest = [
        max([cell_len(header), *(_words_width(cell) for cell in cells)])
        for header, cells in zip(headers, columns, strict=True)
    ]
    widths, shown = fit_columns(widest, narrowest, width)
    parts: list[RenderableType]
    if shown < len(headers):
        # Too narrow for every column without cutting a value: one block per device instead.
        parts = [Text(str(table.title or ""), style="bold"), *_stacked(headers, rows, width)]
    else:
        laid_out = _plain_table(str(table.title or ""), headers, rows, widths) if plain else None
        if laid_out is not None:
            parts = [laid_out]
        else:
            for header, column_width in zip(headers, widths, strict=True):
                table.add_column(header, width=column_width)
            for row in rows:
                table.add_row(*row)
            parts = [table]
    if result.more:
        parts.append(Text(view.more_devices(result.more), style="dim"))
    marked = any(_mark(getattr(device, name)) for device in result.devices for name in fields)
    footer = Text(
        "".join(note + " " for note in range_notes(result.devices, fields))
        + (f"{BASIS_LEGEND}. " if marked else "")
        + view.known_note(f"'n/{len(KEY_FACTS)} known'")
        + " "
        + view.show_hint(len(result.sources)),
        style="dim",
    )
    return [*parts, footer]


def _wrapped(text: str, width: int) -> list[str] | None:
    """`text` wrapped to `width` cells as Rich wraps a table cell (between words, never
    folding one), or None when a line would not fit or holds a tab."""
    try:
        # Rich's own word wrap, so the lines match its tables byte for byte. It is private:
        # should a Rich release move it, the list is laid out by Rich's table instead.
        from rich._wrap import divide_line
    except ImportError:
        return None
    if "\t" in text:
        return None
    lines: list[str] = []
    for line in text.split("\n"):
        if cell_len(line) <= width:
            # What fits is never broken.
            lines.append(line.rstrip())
            continue
        offsets = [0, *divide_line(line, width, fold=False), len(line)]
        for start, end in pairwise(offsets):
            if start == end and len(offsets) > 2:
                continue
            piece = line[start:end]
            # Rich drops a line's trailing spaces only as far as its length in characters
            # passes the width, and cuts what then does not fit with "…" (wide characters
            # count two cells but one character): Rich lays out such a cell itself.
            spaces = len(piece) - len(piece.rstrip())
            kept = piece[: len(piece) - min(spaces, max(0, len(piece) - width))]
            if cell_len(kept) > width:
                return None
            lines.append(piece.rstrip())
    return lines


def _plain_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    widths: Sequence[int],
    *,
    right: Sequence[bool] = (),
) -> LaidOut | None:
    """The list table without colour, laid out as Rich's `_table()` lays it out with these
    column widths (a header, a rule, each row's cells wrapped and side by side), but in a
    fraction of the time; None where a cell would not fit its column, and Rich lays it out.
    The columns marked in `right` are justified to the right, as Rich's `justify="right"`.

    Every line ends in spaces that `_to_text` strips, as it strips Rich's padding.
    """
    table_width = sum(widths) + len(widths) - 1
    title_lines = _wrapped(title, table_width)
    if title_lines is None:
        return None
    lines = list(title_lines)
    for index, cells in enumerate([headers, *([cell.plain for cell in row] for row in rows)]):
        wrapped = [_wrapped(cell, width) for cell, width in zip(cells, widths, strict=True)]
        if any(cell_lines is None for cell_lines in wrapped):
            return None
        height = max(len(cell_lines or ()) for cell_lines in wrapped)
        for line_number in range(height):
            parts = []
            for column, (cell_lines, width) in enumerate(zip(wrapped, widths, strict=True)):
                piece = (
                    cell_lines[line_number] if cell_lines and line_number < len(cell_lines) else ""
                )
                padding = " " * (width - cell_len(piece))
                at_right = column < len(right) and right[column] and piece
                parts.append(padding + piece if at_right else piece + padding)
            lines.append(" ".join(parts))
        if index == 0:
            lines.append("─" * table_width)
    return LaidOut(lines)


class LaidOut:
    """Lines already laid out, printed as they are (no wrapping, no styles)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield Segment(line)
            yield Segment.line()


def _known(cell: Text, device: Device) -> Text:
    cell.append("\n" + known_facts(device).text, style="dim")
    return cell


def _mark(claims: Sequence[Claim[Any]] | None) -> str:
    # The value shown rests on claims about the brand or an earlier model: say so in a mark.
    if not claims:
        return ""
    return basis_mark(basis(for_the_model(claims)))


def _detail(result: DeviceDetail, width: int) -> list[RenderableType]:
    device = result.device
    heading = Text(device.name, style="bold")
    heading.append(f"  ({device.slug})", style="cyan")
    severity = result.flagged.get(device.slug)
    if severity:
        heading.append(f"  {_FLAG_WORDS[severity]}", style=_SEVERITY_STYLE[severity])
    lines: list[RenderableType] = [heading, Text(f"{view.BRAND}: {device.brand}")]
    if device.aliases:
        lines.append(Text(f"{view.ALSO_KNOWN_AS}: " + ", ".join(device.aliases)))
    if device.notes:
        lines.append(Text(device.notes, style="italic"))
    dated = by_id(result.sources)
    facts: list[tuple[str, Text, str | None]] = []
    for fact in view.facts(device):
        claim = fact.claim
        if claim is None:
            facts.append((fact.label, _cell(UNKNOWN), None))
            continue
        value = Text(claim_text(fact.field, claim, sources=dated))
        if claim.note:
            value.append("\n" + claim.note, style="dim")
        facts.append((fact.label, value, claim.source))
    label_width = max(cell_len(label) for label, _, _ in facts)
    source_width = max([6, *(len(source) for _, _, source in facts if source)])
    # A source id is never split: where the three columns do not fit, each fact is stacked.
    if label_width + source_width + _MIN_VALUE_WIDTH + 2 > width:
        return [*lines, *_stacked_facts(facts, width), _sources_footer(result.sources)]
    table = _table()
    table.add_column(view.FIELD, no_wrap=True, style="bold", width=label_width)
    table.add_column(view.VALUE, ratio=1)
    table.add_column(view.SOURCE, no_wrap=True, width=source_width)
    for label, value, source in facts:
        if source:
            table.add_row(label, value, Text(source))
    # The unknowns in one line, not a screenful of rows that each say "unknown".
    return [*lines, table, *_unknown_line(facts), _sources_footer(result.sources)]


def _unknown_line(facts: Sequence[tuple[str, Text, str | None]]) -> list[Text]:
    unknown = [label for label, _, source in facts if source is None]
    if not unknown:
        return []
    return [Text(f"{view.UNKNOWN_ANYWHERE}: {', '.join(unknown)}", style="dim")]


# The narrowest a value column may be before `show` stacks each fact instead.
_MIN_VALUE_WIDTH = 20


def _stacked_facts(
    facts: Sequence[tuple[str, Text, str | None]], width: int
) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for label, value, source in facts:
        if source is None:
            continue
        if label:
            parts.append(Text(label, style="bold"))
        line = value.copy()
        whole = f"[{source}]"
        if "\n" not in line.plain and line.cell_len + len(whole) + 3 <= width:
            line.append(" " + whole, style="cyan")
            parts.append(Padding(line, (0, 0, 0, 2)))
        else:
            # On a line of its own, never wrapped, so that the id stays whole.
            parts += [Padding(line, (0, 0, 0, 2)), Unbroken(whole, indent=2)]
    return [*parts, *_unknown_line(facts)]


def _device_groups(field_width: int, narrowest: Sequence[int], width: int) -> list[list[int]]:
    """The devices (by index) in as few side-by-side tables as fit the width, as even as
    the widths allow: four that need two tables go two and two, not three and one."""

    def fits(group: Sequence[int]) -> bool:
        return field_width + sum(narrowest[index] + 1 for index in group) <= width

    count = len(narrowest)
    for tables in range(1, count + 1):
        size = -(-count // tables)
        groups = [list(range(start, min(start + size, count))) for start in range(0, count, size)]
        if all(len(group) == 1 or fits(group) for group in groups):
            return groups
    return [[index] for index in range(count)]


def _comparison(result: Comparison, width: int) -> list[RenderableType]:
    heads = [
        _flag(_device_cell(device), result.flagged.get(device.slug)) for device in result.devices
    ]
    dated = by_id(result.sources)
    compared, all_unknown = view.compared_fields(result)
    rows: list[tuple[Text, list[Text]]] = []
    for row in compared:
        label = Text(row.label)
        if row.differs:
            label.stylize("yellow")
        cells: list[Text] = []
        for cell, better in row.cells:
            text = _cell(claims_text(row.field, cell, sources=dated))
            if better:
                text.append(f" {view.BETTER_MARK}", style="bold green")
            cells.append(text)
        rows.append((label, cells))
    # Each column at least as wide as its longest word, so no slug or value is ever cut;
    # devices that do not fit beside each other go into a further table below.
    field_width = max([10, *(_words_width(label) for label, _ in rows)])
    narrowest = [
        max([_words_width(head), *(_words_width(cells[index]) for _, cells in rows)])
        for index, head in enumerate(heads)
    ]
    field_widest = max([field_width, *(_lines_width(label) for label, _ in rows)])
    widest = [
        max([_lines_width(head), *(_lines_width(cells[index]) for _, cells in rows)])
        for index, head in enumerate(heads)
    ]
    groups = _device_groups(field_width, narrowest, width)
    title = view.comparison_title([device.name for device in result.devices])
    tables: list[RenderableType] = []
    if len(groups) > 1:
        tables.append(Text(title, style="bold"))
    for group in groups:
        table = _table(title if len(groups) == 1 else None)
        if len(groups) > 1:
            tables.append(
                Text(view.device_group(group[0] + 1, group[-1] + 1, len(heads)), style="dim")
            )
        # Explicit widths that sum to no more than the line: Rich, left to share it, lets a
        # column's minimum push the table past the edge.
        widths = level_columns(
            [field_widest, *(widest[index] for index in group)],
            [field_width, *(narrowest[index] for index in group)],
            width,
        )
        table.add_column(view.FIELD, style="bold", width=widths[0])
        for index, column_width in zip(group, widths[1:], strict=True):
            table.add_column(heads[index], width=column_width)
        for label, cells in rows:
            table.add_row(label, *(cells[index] for index in group))
        tables.append(table)
    legend = Text("   ".join(view.COMPARISON_LEGEND), style="dim")
    parts: list[RenderableType] = [*tables, legend]
    if all_unknown:
        parts.append(
            Text(f"{view.UNKNOWN_FOR_EVERY_DEVICE}: " + ", ".join(all_unknown), style="dim")
        )
    parts.append(_ahead(result))
    if result.standing is not None:
        parts.append(Text(result.standing.text))
    if result.costs:
        parts.append(_costs(result.costs, {d.slug: d.name for d in result.devices}, width))
    parts.append(_sources_footer(result.sources))
    return parts


def _costs(costs: Sequence[OwnershipCost], names: dict[str, str], width: int) -> RenderableType:
    title, adds = view.cost_title(costs[0].months)
    table = _table(f"{title}: {adds}")
    headers = view.COST_HEADERS
    rows: list[tuple[Text, Text, Text]] = [
        (Text(row.device, style="cyan"), _cell(row.cost), _cell(row.sessions))
        for row in view.cost_rows(costs, names)
    ]
    columns = list(zip(*rows, strict=True))
    widest = [
        max([cell_len(header), *(_lines_width(cell) for cell in cells)])
        for header, cells in zip(headers, columns, strict=True)
    ]
    # The device's name on one line; the rest may wrap, but only between words.
    narrowest = [
        widest[0],
        *(
            max([_words_width(Text(header)), *(_words_width(cell) for cell in cells)])
            for header, cells in zip(headers[1:], columns[1:], strict=True)
        ),
    ]
    body: RenderableType = table
    if sum(narrowest) + len(narrowest) - 1 > width:
        body = Group(
            *(
                Group(
                    name,
                    Padding(cost_text, (0, 0, 0, 2)),
                    Padding(Text(f"{headers[2]}: ").append_text(sessions), (0, 0, 0, 2)),
                )
                for name, cost_text, sessions in rows
            )
        )
        body = Group(Text(str(table.title or ""), style="bold"), body)
    else:
        widths = level_columns(widest, narrowest, width)
        for header, column_width in zip(headers, widths, strict=True):
            table.add_column(header, width=column_width)
        for row in rows:
            table.add_row(*row)
    notes = [
        f"{note.text} [{', '.join(note.sources)}]." if note.sources else note.text
        for note in view.cost_notes(costs)
    ]
    return Group(body, Text(" ".join(notes), style="dim"))


def _ahead(result: Comparison) -> RenderableType:
    lines: list[RenderableType] = [Text(f"{view.AHEAD}:", style="bold")]
    names = {device.slug: device.name for device in result.devices}
    for item in result.ahead:
        line = Text(f"{names[item.slug]}: ", style="bold")
        line.append(item.text, style="")
        line.append(f" [{', '.join(item.sources)}]", style="dim")
        lines.append(Padding(line, (0, 0, 0, 2)))
    if not result.ahead:
        lines.append(Text(f"  {view.NONE_AHEAD}"))
    return Group(*lines)


def _ranking(
    result: Ranking, explain: bool, width: int, *, plain: bool = False
) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if result.verdict:
        parts.append(Text(result.verdict, style="bold"))
    if result.picks or (result.pick_notes and result.entries):
        parts.append(_picks(result, width))
    title = view.ranking_title(result)
    table = _table(title)
    slug_width = _slug_width([e.device for e in result.entries])
    table.add_column(view.RANK.rank, justify="right", no_wrap=True)
    table.add_column(view.RANK.device, min_width=slug_width)
    table.add_column(view.RANK.first, no_wrap=True)
    table.add_column(view.RANK.score, justify="right", no_wrap=True)
    # Slugs are never cut: where the reasons would have under a third of the line, they
    # follow the table instead of squeezing into a column.
    rank_width = len(str(len(result.entries)))
    beside = width - (rank_width + slug_width + _CHANCE_WIDTH + _SCORE_WIDTH + 4) >= _WHY_WIDTH
    if beside:
        table.add_column(view.RANK.why, ratio=1, min_width=_WHY_WIDTH)
    dated = by_id(result.sources)
    rows: list[tuple[Text, Text, Text, Text]] = []
    for entry in result.entries:
        device = _flag(_device_cell(entry.device), result.flagged.get(entry.device.slug))
        price = claims_text("price_usd", entry.device.price_usd, compact=True, sources=dated)
        device.append("\n" + price)
        chance = Text(share_bar(entry.first), style="green")
        chance.append(f" {percent(entry.first):>4}", style="bold")
        chance.append(f"\n{view.RANK.top3.lower()} {percent(entry.top3):>4}", style="")
        chance.append(f"\n{view.MEAN} #{entry.expected_rank:.1f}", style="dim")
        score = Text(score_range_text(entry.worst, entry.best), style="bold")
        score.append(
            f"\n{entry.known}/{entry.criteria_total} {view.RANK.known.lower()}", style="dim"
        )
        rows.append((Text(str(entry.rank)), device, chance, score))
        table.add_row(*rows[-1], *([Text(entry.reason)] if beside else []))
    # Where even the slug and the fixed columns do not fit, each device is a block instead.
    narrowest = [
        rank_width,
        max([slug_width, *(_words_width(row[1]) for row in rows)]),
        *(max([5, *(_lines_width(row[index]) for row in rows)]) for index in (2, 3)),
    ]
    stacked = sum(narrowest) + len(narrowest) - 1 > width
    if result.entries and stacked:
        parts.append(Text(title, style="bold"))
        blocks = [
            (
                Text(f"{entry.rank} ").append_text(row[1]),
                Text(f"{share_bar(entry.first)} {percent(entry.first):>4}", style="green"),
                Text(percent(entry.top3)),
                Text(f"#{entry.expected_rank:.1f}"),
                Text(score_range_text(entry.worst, entry.best), style="bold"),
                Text(f"{entry.known}/{entry.criteria_total}"),
            )
            for entry, row in zip(result.entries, rows, strict=True)
        ]
        headers = ["", view.RANK.first, view.RANK.top3.lower(), view.MEAN, view.RANK.score]
        parts += _stacked([*headers, view.RANK.known.lower()], blocks, width)
    elif result.entries:
        cells = [
            (*row, Text(entry.reason)) for entry, row in zip(result.entries, rows, strict=True)
        ]
        laid_out = _plain_ranking(table, cells, width) if plain else None
        parts.append(laid_out or table)
        if not beside or stacked:
            parts.append(Text(view.RANK.why, style="bold"))
            for entry in result.entries:
                line = Text(f"{entry.rank} ", style="bold")
                line.append(entry.device.slug, style="bold cyan")
                line.append(f": {entry.reason}")
                parts.append(line)
        if any(_mark(entry.device.price_usd) for entry in result.entries):
            parts.append(Text(f"{view.RANK.price}: {BASIS_LEGEND}.", style="dim"))
    elif result.refusal:
        parts.append(Text(result.refusal, style="bold red"))
    else:
        parts.append(Text(view.nothing_ranked(result)))
    if result.entries:
        parts.append(_deciding(result))
    if result.assumptions:
        parts.append(Text(f"{view.ASSUMED}: " + ", ".join(result.assumptions), style="yellow"))
    if result.costs:
        parts.append(
            _costs(result.costs, {e.device.slug: e.device.slug for e in result.entries}, width)
        )
    if result.dominated:
        parts.append(_dominated(result))
    if result.entries:
        parts.append(Text(f"{method_text(result)} {view.EXPLAIN_HINT}", style="dim"))
    parts += [Text(note, style="dim") for note in result.notes]
    if explain and result.entries:
        parts += _explanation(result, width)
    parts.append(_sources_footer(result.sources))
    return parts


def _plain_ranking(table: Table, rows: Sequence[Sequence[Text]], width: int) -> LaidOut | None:
    """The ranking table without colour, laid out as Rich lays out `table` (its columns and
    title; `rows` are its cells) but in a fraction of the time; None where Rich would cut or
    squeeze a cell, and Rich lays it out."""
    columns = table.columns
    headers = [str(column.header) for column in columns]
    texts = [[header, *(row[index].plain for row in rows)] for index, header in enumerate(headers)]
    # Measured as Rich measures a cell: its longest line and its longest word.
    widest = [
        max(cell_len(line) for text in column for line in text.splitlines()) for column in texts
    ]
    longest_word = [
        max(cell_len(word) for text in column for word in text.split()) for column in texts
    ]
    wraps = [not column.no_wrap for column in columns]
    widths = rich_columns(
        widest,
        # A column that does not wrap must hold its longest line whole.
        [
            word if wrap else line
            for word, line, wrap in zip(longest_word, widest, wraps, strict=True)
        ],
        [column.min_width or 0 for column in columns],
        wraps,
        width,
    )
    if widths is None:
        return None
    return _plain_table(
        str(table.title or ""),
        headers,
        [row[: len(columns)] for row in rows],
        widths,
        right=[column.justify == "right" for column in columns],
    )


# Widths of rank's fixed columns: the chance bar with its figure, and the score range.
_CHANCE_WIDTH = 13
_SCORE_WIDTH = 9
_WHY_WIDTH = 24


def _deciding(result: Ranking) -> RenderableType:
    if not result.deciding:
        lines: list[RenderableType] = [Text(view.NOTHING_SETTLES, style="dim")]
        if result.sensitive:
            lines.append(Text(f"{view.MOVES_MOST} {view.LOOK_UP_NEXT}:", style="bold"))
            lines.append(_bullets(result.sensitive))
        return Group(*lines)
    return Group(
        Text(f"{view.SETTLE} {view.LOOK_UP_NEXT}:", style="bold"),
        _bullets([fact.text for fact in result.deciding]),
    )


def _bullets(items: Sequence[str | Text]) -> RenderableType:
    # A hanging indent, so a wrapped item reads as one item rather than as a new line.
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    # A word longer than the line is folded onto the next, as plain text wraps, never cut.
    grid.add_column(overflow="fold")
    for item in items:
        grid.add_row("-", Text(item) if isinstance(item, str) else item)
    return Padding(grid, (0, 0, 0, 2))


def _picks(result: Ranking, width: int) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    picks: list[RenderableType] = [grid]
    texts: list[tuple[str, Text]] = []
    for pick in result.picks:
        text = Text(pick.device.slug, style="bold cyan")
        text.append(f": {pick.reason}")
        if pick.sources:
            text.append(f" [{', '.join(pick.sources)}]", style="dim")
        texts.append((view.PICK_LABELS[pick.kind], text))
    label_width = max((cell_len(label) for label, _ in texts), default=0)
    if any(label_width + 1 + _words_width(text) > width for _, text in texts):
        # Too narrow to keep every source id whole beside the labels: each pick on its own.
        picks = [Text(f"{label}: ", style="bold").append_text(text) for label, text in texts]
    else:
        for label, text in texts:
            grid.add_row(label, text)
    notes = [Text(note, style="yellow") for note in result.pick_notes]
    return Group(Text(view.PICKS, style="bold"), *picks, *notes, Text(""))


def _dominated(result: Ranking) -> RenderableType:
    lines: list[RenderableType] = [Text(f"{view.REMOVED_BY_PARETO}:", style="bold")]
    for item in result.dominated:
        said = view.dominated_text(item)
        line = Text(item.device.slug, style="cyan")
        line.append(said[len(item.device.slug) :])
        lines.append(Padding(line, (0, 0, 0, 2)))
    return Group(*lines)


def _explanation(result: Ranking, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(""), Text(view.EXPLAIN_TITLE, style="bold")]
    parts.append(Text(view.explain_intro(result.method)))
    if result.mean_leader is not None:
        parts += [Text(""), _stability(result)]
    for entry in result.entries:
        parts.append(Text(""))
        parts.append(_explained_entry(result, entry, width))
    return parts


def _stability(result: Ranking) -> RenderableType:
    total = sum(c.weight for c in result.criteria)
    lines: list[RenderableType] = [
        Text(view.STABILITY_TITLE, style="bold"),
        Text(view.stability_text(str(result.mean_leader), total)),
    ]
    for item in result.stability:
        line = Text(f"{item.criterion} {number(item.weight)}: ", style="bold")
        line.append(f"{number(round(item.low, 2))}–{number(round(item.high, 2))}")
        ends = [
            f"{view.BELOW}: {item.below}" if item.below else "",
            f"{view.ABOVE}: {item.above}" if item.above else "",
        ]
        if any(ends):
            line.append(f" ({'; '.join(end for end in ends if end)})", style="dim")
        lines.append(Padding(line, (0, 0, 0, 2)))
    return Group(*lines)


def _explained_entry(result: Ranking, entry: RankedDevice, width: int) -> RenderableType:
    heading = Text(f"{entry.rank}. ", style="bold")
    heading.append(entry.device.slug, style="bold cyan")
    heading.append(f"  {score_range_text(entry.worst, entry.best)}", style="bold")
    heading.append(f"  ({entry.coverage})", style="dim")
    table = _table()
    table.add_column(view.EXPLAIN.criterion, no_wrap=True)
    table.add_column(view.EXPLAIN.value, ratio=1, min_width=12)
    for header in view.EXPLAIN[2:]:
        table.add_column(header, justify="right", no_wrap=True)
    rows: list[tuple[Text, ...]] = []
    for part in entry.contributions:
        style = "" if part.known else "dim"
        points = (
            f"{part.points_low:.2f}"
            if part.low == part.high
            else f"{part.points_low:.2f}–{part.points_high:.2f}"
        )
        rows.append(
            (
                Text(part.criterion),
                Text(part.description, style=style),
                Text(f"{part.low:.2f}", style=style),
                Text(f"{part.high:.2f}", style=style),
                Text(f"{part.share:.4f}"),
                Text(points, style=style),
            )
        )
        table.add_row(*rows[-1])
    headers = [str(column.header) for column in table.columns]
    narrowest = [
        max(
            [
                cell_len(header),
                *((_words_width if index == 1 else _lines_width)(row[index]) for row in rows),
            ]
        )
        for index, header in enumerate(headers)
    ]
    narrowest[1] = max(narrowest[1], 12)
    lines: list[RenderableType] = [heading]
    if sum(narrowest) + len(narrowest) - 1 > width:
        # Too narrow for the six columns: each criterion as a block, every figure whole.
        blocks = [(Text(f"{row[0].plain}\n").append_text(row[1]), *row[2:]) for row in rows]
        lines += _stacked(["", *view.EXPLAIN[2:]], blocks, width)
    else:
        lines.append(table)
    if result.method is Method.WEIGHTED_SUM:
        low = " + ".join(f"{part.points_low:.2f}" for part in entry.contributions)
        high = " + ".join(f"{part.points_high:.2f}" for part in entry.contributions)
        lines.append(Text(f"{view.WORST}: {low} = {entry.worst:.1f}"))
        lines.append(Text(f"{view.BEST}: {high} = {entry.best:.1f}"))
    if entry.central_weights is not None and entry.confidence is not None:
        weights = ", ".join(f"{name} {w:.2f}" for name, w in entry.central_weights.items())
        said = view.confidence_text(entry.first, weights, entry.confidence)
        lines.append(Text(said, style="dim"))
    return Group(*lines)


def _criteria_listing(result: CriteriaListing, width: int) -> list[RenderableType]:
    table = _table(view.criteria_title(len(result.criteria)))
    table.add_column(view.CRITERIA.criterion, no_wrap=True)
    table.add_column(view.CRITERIA.weight, justify="right", no_wrap=True)
    table.add_column(view.CRITERIA.why, ratio=1)
    rows: list[tuple[Text, str, Text]] = []
    for criterion in result.criteria:
        name = Text(criterion.name, style="bold cyan")
        name.append(f"\n{view.better_text(criterion.direction.value)}", style="dim")
        why = Text(f"{criterion.label}. {criterion.rationale}")
        why.append(f" [{', '.join(criterion.sources)}]", style="dim")
        why.append(f"\n{view.scale_text(criterion.scale)}", style="")
        rows.append((name, number(criterion.weight), why))
        table.add_row(*rows[-1])
    narrowest = [
        max([9, *(_lines_width(name) for name, _, _ in rows)]),
        max([6, *(len(weight) for _, weight, _ in rows)]),
        max([13, *(_words_width(why) for _, _, why in rows)]),
    ]
    criteria: RenderableType = table
    if sum(narrowest) + 2 > width:
        # Too narrow for the reasons beside the names: each criterion as a block.
        blocks: list[RenderableType] = [Text(str(table.title or ""), style="bold")]
        for name, weight, why in rows:
            slug, better = name.plain.split("\n")
            head = Text(slug, style="bold cyan")
            head.append(f"  {view.CRITERIA.weight.lower()} {weight}  {better}", style="dim")
            blocks += [head, Padding(why, (0, 0, 0, 2))]
        criteria = Group(*blocks)
    profiles = _table(f"{view.PROFILES_TITLE} ({view.PROFILES_OPTION})")
    profiles.add_column(view.PROFILE.profile, no_wrap=True, style="bold")
    profiles.add_column(f"{view.PROFILE.weights}, and {view.PROFILE.purpose.lower()}", ratio=1)
    for profile in result.profiles:
        text = Text(view.weights_text(profile.weights))
        text.append("\n" + profile.description, style="dim")
        profiles.add_row(profile.name, text)
    note = Text(view.CRITERIA_NOTE, style="dim")
    return [criteria, profiles, note, _sources_footer(result.sources)]


def _source_listing(result: SourceListing, links: bool) -> list[RenderableType]:
    # A list, not a table: a table cell would cut a long URL in pieces.
    parts: list[RenderableType] = [Text(view.sources_title(len(result.sources)), style="bold")]
    for source in result.sources:
        cited = len(result.cited_by.get(source.id, ()))
        heading = Text(source.id, style="bold cyan")
        heading.append(f"  {kind_text(source)}", style="")
        heading.append(f"  {view.cited_by_text(cited)}", style="dim")
        parts.append(heading)
        parts.append(Padding(Text(source_text(source, kind=False, url=False)), (0, 0, 0, 2)))
        if source.url:
            parts.append(Unbroken(source.url, indent=2, link=links))
    return parts


# The severity column is narrow: what it asks goes on a line of its own.
_SEVERITY_LABELS = {
    severity: words.replace(" (", "\n(") for severity, words in view.SEVERITY_WORDS.items()
}


def _safety_listing(result: SafetyListing, width: int) -> list[RenderableType]:
    count = len(result.contraindications)
    title = view.safety_title(count)
    rows: list[tuple[Text, Text, Text]] = []
    for item in result.contraindications:
        severity = strictest(item)
        name = Text(item.id, style="bold cyan")
        name.append("\n" + item.label, style="")
        if item.names:
            name.append(f"\n{view.ALSO}: " + ", ".join(item.names), style="dim")
        why = Text(item.reason or "")
        why.append(("\n" if item.reason else "") + f"[{_said(item)}]", style="dim")
        if item.applies_to is not None:
            why.append(f"\n{view.ONLY_FOR}: " + ", ".join(item.applies_to), style="")
        label = Text(_SEVERITY_LABELS[severity.value], style=_SEVERITY_STYLE[severity])
        rows.append((name, label, why))
    columns = list(zip(*rows, strict=True)) if rows else [(), (), ()]
    headers = view.SAFETY_HEADERS
    widest = [
        max([cell_len(header), *(_lines_width(cell) for cell in cells)])
        for header, cells in zip(headers, columns, strict=True)
    ]
    # Every word whole, the severity on its two lines: no id or alias is ever cut.
    narrowest = [
        max([cell_len(header), *(_words_width(cell) for cell in cells)])
        for header, cells in zip(headers, columns, strict=True)
    ]
    narrowest[1] = widest[1]
    parts: list[RenderableType]
    if sum(narrowest) + len(narrowest) - 1 > width:
        # Too narrow for three columns: each condition as a block instead.
        parts = [Text(title, style="bold")]
        for item in result.contraindications:
            parts += _stacked_condition(item, width)
    else:
        table = _table(title)
        widths = level_columns(widest, narrowest, width)
        for header, column_width in zip(headers, widths, strict=True):
            table.add_column(header, width=column_width)
        for row in rows:
            table.add_row(*row)
        parts = [table]
    note = Text(f"{view.STRICTEST_APPLIES} {view.SAFETY_SCOPE}", style="dim")
    cited = {s for item in result.contraindications for s in contraindication_sources(item)}
    cited.update(claim.source for advice in result.advice for claim in advice.claims)
    return [
        *parts,
        note,
        *_advice(result),
        _sources_footer([s for s in result.sources if s.id in cited]),
    ]


def _said(item: Contraindication) -> str:
    return "; ".join(
        f"{', '.join(sources)}: {level.value}" for level, sources in severity_sources(item)
    )


def _stacked_condition(item: Contraindication, width: int) -> list[RenderableType]:
    """One condition as a block: its id and severity, then the rest indented below."""
    severity = strictest(item)
    style = _SEVERITY_STYLE[severity]
    words = _SEVERITY_LABELS[severity.value].replace("\n", " ")
    head = Text(item.id, style="bold cyan", no_wrap=True, overflow="ignore")
    parts: list[RenderableType] = []
    if head.cell_len + 2 + len(words) <= width:
        head.append("  " + words, style=style)
        parts.append(head)
    else:
        parts += [head, Padding(Text(words, style=style), (0, 0, 0, 2))]
    parts.append(Padding(Text(item.label), (0, 0, 0, 2)))
    if item.names:
        parts += _packed(Text(f"{view.ALSO}: ", style="dim"), item.names, width, style="dim")
    if item.reason:
        parts.append(Padding(Text(item.reason), (0, 0, 0, 2)))
    for level, sources in severity_sources(item):
        parts += _packed(Text(f"{level.value}: ", style="dim"), sources, width, style="dim")
    if item.applies_to is not None:
        parts += _packed(Text(f"{view.ONLY_FOR}: "), item.applies_to, width)
    return parts


def _packed(
    head: Text, words: Sequence[str], width: int, *, style: str = "", indent: int = 2
) -> list[RenderableType]:
    """`head` and then `words` joined by commas, in lines of at most `width` cells that
    break only between words: an id or alias is never cut. One longer than a line of its
    own is not indented, and runs past the edge only if longer than the whole line."""
    lines: list[Text] = []
    line = Text(" " * indent, no_wrap=True, overflow="ignore")
    line.append_text(head)
    has_head, has_words = head.cell_len > 0, False
    for word in words:
        if line.cell_len + (2 if has_words else 0) + cell_len(word) > width and (
            has_head or has_words
        ):
            if has_words and line.cell_len < width:
                line.append(",", style=style)
            lines.append(line)
            line = Text(" " * indent, no_wrap=True, overflow="ignore")
            has_head = has_words = False
        if not (has_head or has_words) and indent + cell_len(word) > width:
            line = Text("", no_wrap=True, overflow="ignore")
        if has_words:
            line.append(", ", style=style)
        line.append(word, style=style)
        has_words = True
    lines.append(line)
    return list(lines)


def _advice(result: SafetyListing) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for advice in result.advice:
        parts.append(Text(advice.label, style="bold"))
        lines = []
        for claim in advice.claims:
            line = Text(claim_text(advice.field, claim))
            line.append(f" [{claim.source}]", style="dim")
            lines.append(line)
        parts.append(_bullets(lines))
    return parts


def _plan(result: Plan, width: int) -> list[RenderableType]:
    device = result.device
    heading = Text(view.plan_title(device.name), style="bold")
    heading.append(f"  ({device.slug})", style="cyan")
    followed = Text(view.following(result))
    followed.append(protocol_text(result.protocol), style="bold")
    followed.append(f" [{result.source}]", style="dim")
    lines: list[RenderableType] = [heading, followed]
    if result.note:
        lines.append(Text(result.note, style="dim"))
    for claim in result.alternatives:
        other = Text(view.ANOTHER_SOURCE)
        other.append(protocol_text(claim.value))
        other.append(f" [{claim.source}]", style="dim")
        lines.append(other)
    minutes = view.session_length(result)
    if result.minutes is not None:
        minutes += f" [{result.minutes_source}]"
    lines.append(Text(minutes))
    if result.refusal or not result.weeks:
        refusal = Text(result.refusal or view.NO_WEEKS, style="bold red")
        return [*lines, refusal, _sources_footer(result.sources)]
    table = _table(view.plan_weeks_title(result))
    week_, dates_, phase_, routine_, plan_, days_ = view.PLAN_HEADERS
    table.add_column(week_, justify="right", no_wrap=True)
    table.add_column(dates_, no_wrap=True)
    table.add_column(phase_, ratio=1)
    table.add_column(routine_, justify="right", no_wrap=True)
    table.add_column(plan_, justify="right", no_wrap=True)
    table.add_column(days_, ratio=2)
    rows = view.week_rows(result)
    for row in rows:
        table.add_row(*row)
    headers = [str(column.header) for column in table.columns]
    narrowest = [
        max([_words_width(Text(header)), *(_words_width(Text(row[index])) for row in rows)])
        if index in (2, 5)
        else max([cell_len(header), *(cell_len(row[index]) for row in rows)])
        for index, header in enumerate(headers)
    ]
    weeks_part: list[RenderableType] = [table]
    if sum(narrowest) + len(narrowest) - 1 > width:
        # Too narrow for six columns: each week as a heading and a line that may wrap.
        weeks_part = [Text(str(table.title or ""), style="bold")]
        for number_, dates, phase, asked, planned, days in rows:
            weeks_part.append(Text(f"{week_} {number_}  {dates}", style="bold"))
            line = f"{phase}; {routine_.lower()} {asked}; {plan_.lower()} {planned}: {days}"
            weeks_part.append(Padding(Text(line), (0, 0, 0, 2)))
    note = Text(f"{view.PLAN_NOTE} {view.ICS_HINT}", style="dim")
    extra = [Text(text, style="dim") for text in result.notes]
    return [*lines, *weeks_part, note, *extra, _sources_footer(result.sources)]


# The fewest cells a bar may have before each device's label goes on a line above its bar.
_MIN_BAR = 10
# The fewest cells a bar may have beside every device's whole name.
_WIDE_BAR = 50


def _bar_labels(bars: Sequence[Bar], width: int, value_width: int) -> tuple[dict[str, str], int]:
    """Each drawn bar's label, never cut, and the width of their column.

    On a line with room for every whole name beside a long bar, the label is the device's
    name. Otherwise it is the name where no wider than the slug, else the slug (what the
    user types next), so the column is never wider than the longest slug. Where that
    leaves the bars too few cells, the column is 0: each label goes on a line above its bar.
    """
    drawn = [bar for bar in bars if bar.low is not None and bar.high is not None]
    names = max((cell_len(bar.name) for bar in drawn), default=0)
    labels = {
        bar.slug: bar.name
        if names + value_width + 2 + _WIDE_BAR <= width or cell_len(bar.name) <= cell_len(bar.slug)
        else bar.slug
        for bar in drawn
    }
    label_width = max((cell_len(label) for label in labels.values()), default=0)
    if width - label_width - value_width - 2 < _MIN_BAR:
        label_width = 0
    return labels, label_width


def _microamps(low: float, high: float) -> str:
    return f"{range_text(low, high)} µA"


def _chart(result: Chart, width: int) -> list[RenderableType]:
    # The value column is as wide as its longest label, so no label wraps onto a new line.
    labels = [
        len(_microamps(bar.low, bar.high) + basis_mark(bar.about))
        for bar in result.current
        if bar.low is not None and bar.high is not None
    ] + [
        len(money_text(bar.low, bar.high) + basis_mark(bar.about))
        for bar in result.price
        if bar.low is not None and bar.high is not None
    ]
    value_width = max([9, *labels])
    # The bars take what the labels and values leave of the line.
    current_labels = _bar_labels(result.current, width, value_width)
    price_labels = _bar_labels(result.price, width, value_width)
    cells = max(width - max(current_labels[1], 1) - value_width - 2, 1)
    window, threshold = result.window, result.threshold
    highest = max([bar.high or 0 for bar in result.current] + [0.0])
    top = max(threshold.high * 1.1, highest * 1.02)
    current = _bar_chart(
        view.CHART_CURRENT,
        result.current,
        cells,
        top,
        _microamps,
        labels=current_labels,
        background=lambda value: (
            "│"
            if abs(value - threshold.high) < top / cells / 2
            else "·"
            if window.low <= value <= window.high
            else " "
        ),
        ticks=(0.0, window.low, window.high, threshold.high)
        + ((highest,) if highest > threshold.high * 1.1 else ()),
        tick_text=lambda value: f"{value:,.0f}",
    )
    legend = Text(view.CHART_LEGEND, style="dim")
    legend.append(
        f"· {range_text(window.low, window.high)} µA {window.label} "
        f"[{', '.join(window.sources)}]   │ ~{threshold.high:,.0f} µA "
        f"{threshold.label.removesuffix(' (about)')} "
        f"[{', '.join(threshold.sources)}]",
        style="dim",
    )
    notes = [legend]
    notes += [Text(view.other_range_text(mark), style="dim") for mark in result.other_ranges]
    if any(basis_mark(bar.about) for bar in result.current + result.price):
        notes.append(Text(f"{BASIS_LEGEND}.", style="dim"))
    top_price = max([bar.high or 0 for bar in result.price] + [0.0]) or 1.0
    price = _bar_chart(
        view.CHART_PRICE,
        result.price,
        width - max(price_labels[1], 1) - value_width - 2,
        top_price * 1.05,
        lambda low, high: money_text(low, high),
        labels=price_labels,
        background=lambda value: " ",
        ticks=(0.0, top_price),
        tick_text=lambda value: money_text(value, value),
    )
    return [*current, *notes, Text(""), *price, Text(""), _sources_footer(result.sources)]


def _bar_chart(
    title: str,
    bars: Sequence[Bar],
    cells: int,
    top: float,
    shown: Callable[[float, float], str],
    *,
    labels: tuple[Mapping[str, str], int],
    background: Callable[[float], str],
    ticks: Sequence[float],
    tick_text: Callable[[float], str],
) -> list[RenderableType]:
    names, label_width = labels
    indent = max(label_width, 1) + 1
    cells = max(cells, 1)
    step = top / cells
    lines: list[RenderableType] = [Text(title, style="bold")]
    if all(bar.high is None for bar in bars):
        lines.append(Text(view.NO_CHART_VALUES, style="dim"))
        ticks = ()
    for bar in bars:
        if bar.low is None or bar.high is None:
            continue
        line = Text(names[bar.slug], no_wrap=True, overflow="ignore")
        if label_width:
            # Padded in screen cells, so a wide character (美, 🙂) does not push the bar along.
            line.pad_right(label_width - line.cell_len)
        else:
            lines.append(line)
            line = Text(" ", no_wrap=True, overflow="ignore")
        line.append(" ")
        for index in range(cells):
            middle = (index + 0.5) * step
            if middle <= bar.low or (index == 0 and bar.high > 0):
                line.append("█", style="green")
            elif middle <= bar.high:
                line.append("▒", style="green")
            else:
                line.append(background(middle), style="dim")
        line.append(" " + shown(bar.low, bar.high) + basis_mark(bar.about))
        lines.append(line)
    axis = [" "] * (cells + 8)
    marks = [" "] * cells
    for tick in ticks:
        at = min(int(tick / step), cells - 1)
        marks[at] = "┴"
        label = tick_text(tick)
        start = max(0, min(at - len(label) // 2, cells + 8 - len(label)))
        if all(cell == " " for cell in axis[max(start - 1, 0) : start + len(label) + 1]):
            axis[start : start + len(label)] = label
    if ticks:
        lines.append(Text(" " * indent + "".join(marks), style="dim"))
        lines.append(Text(" " * indent + "".join(axis).rstrip(), style="dim"))
    unknown = [bar.slug for bar in bars if bar.high is None]
    if unknown:
        line = Text(f"{view.UNKNOWN_ANYWHERE}: ", style="bold")
        line.append(", ".join(unknown))
        lines.append(line)
    return lines
