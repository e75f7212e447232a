"""Terminal tables (Rich): colour only on a terminal, plain text when piped, 80 columns."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, assert_never

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..engine import (
    COMPARED_FIELDS,
    Comparison,
    DeviceDetail,
    DeviceListing,
    Notice,
    Ranking,
    Result,
    SourceListing,
    app_dependency,
    current_types,
)
from ..models import CITED_FIELDS, Claim, Device, ProbeGeometry, Source
from . import RenderOptions
from .text import UNKNOWN, claims_text, number, source_text, value_text

# Short words for narrow list columns; `show` gives the full value.
_PROBE_WORDS = {
    ProbeGeometry.TWO_SPHERES: "2 spheres",
    ProbeGeometry.TWO_CONTACTS: "2 contacts",
    ProbeGeometry.SINGLE_FACE: "flat face",
    ProbeGeometry.SEPARATE_PROBES: "2 probes",
    ProbeGeometry.MASK: "mask",
}
_TYPE_WORDS = {
    "microcurrent": "micro",
    "nanocurrent": "nano",
    "micro-and-nano": "micro+nano",
    "hybrid": "hybrid",
}
_FIELD_LABELS = dict(COMPARED_FIELDS)


def render(result: Result, options: RenderOptions) -> str:
    """The result as a Rich table, with notices above it and sources below."""
    parts: list[RenderableType] = [_notices(result.warnings)] if result.warnings else []
    if isinstance(result, DeviceListing):
        parts += _listing(result)
    elif isinstance(result, DeviceDetail):
        parts += _detail(result)
    elif isinstance(result, Comparison):
        parts += _comparison(result)
    elif isinstance(result, Ranking):
        parts += _ranking(result)
    elif isinstance(result, SourceListing):
        parts += _source_listing(result)
    else:
        assert_never(result)
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
    console.print(renderable)
    text = buffer.getvalue()
    if options.color:
        return text
    # Rich pads every line to the full width; piped text is easier to diff without it.
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _notices(notices: Sequence[Notice]) -> RenderableType:
    return Group(*(Text(f"warning: {notice.message}", style="bold yellow") for notice in notices))


def _table(title: str | None = None) -> Table:
    return Table(
        title=title,
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


def _sources_footer(sources: Sequence[Source]) -> RenderableType:
    lines: list[RenderableType] = [Text("Sources:", style="bold")]
    for source in sources:
        line = Text(f"[{source.id}] ", style="cyan")
        line.append(source_text(source), style="")
        line.overflow = "fold"
        lines.append(Padding(line, (0, 0, 0, 2)))
    return Group(*lines)


def _listing(result: DeviceListing) -> list[RenderableType]:
    count = len(result.devices)
    table = _table(f"{count} device{'s' if count != 1 else ''}")
    table.add_column("Device", min_width=_slug_width(result.devices))
    table.add_column("Price", no_wrap=True)
    table.add_column("µA", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Probes")
    table.add_column("App", no_wrap=True)
    table.add_column("FDA", no_wrap=True)
    for device in result.devices:
        types = sorted(current_types(device))
        dependency = app_dependency(device)
        probes = sorted({claim.value for claim in device.probes or ()})
        table.add_row(
            _device_cell(device),
            _cell(claims_text("price_usd", device.price_usd, count=False)),
            _cell(claims_text("output_ua", device.output_ua, count=False)),
            _cell("/".join(_TYPE_WORDS[kind.value] for kind in types) or UNKNOWN),
            _cell("/".join(_PROBE_WORDS[probe] for probe in probes) or UNKNOWN),
            _cell(dependency.value if dependency else UNKNOWN),
            _cell(claims_text("fda_status", device.fda_status, count=False)),
        )
    footer = Text(
        "A range such as $325–350 means sources disagree. 'microcompare show SLUG' "
        f"gives every value with its source ({len(result.sources)} sources cited here).",
        style="dim",
    )
    return [table, footer]


def _detail(result: DeviceDetail) -> list[RenderableType]:
    device = result.device
    heading = Text(device.name, style="bold")
    heading.append(f"  ({device.slug})", style="cyan")
    lines: list[RenderableType] = [heading, Text(f"Brand: {device.brand}")]
    if device.aliases:
        lines.append(Text("Also known as: " + ", ".join(device.aliases)))
    if device.notes:
        lines.append(Text(device.notes, style="italic"))
    table = _table()
    table.add_column("Field", no_wrap=True, style="bold")
    table.add_column("Value", ratio=3)
    table.add_column("Source", ratio=1, min_width=10, overflow="fold")
    for name in CITED_FIELDS:
        claims: tuple[Claim[Any], ...] | None = getattr(device, name)
        label = _FIELD_LABELS[name]
        if not claims:
            table.add_row(label, _cell(UNKNOWN), Text("—", style="dim"))
            continue
        for index, claim in enumerate(claims):
            value = Text(value_text(name, claim.value))
            if claim.note:
                value.append("\n" + claim.note, style="dim")
            table.add_row(label if index == 0 else "", value, Text(claim.source))
    return [*lines, table, _sources_footer(result.sources)]


def _comparison(result: Comparison) -> list[RenderableType]:
    table = _table(" vs ".join(device.name for device in result.devices))
    table.add_column("Field", style="bold", min_width=10, ratio=2)
    for device in result.devices:
        table.add_column(_device_cell(device), ratio=3)
    all_unknown: list[str] = []
    for row in result.rows:
        if all(cell is None for cell in row.cells):
            all_unknown.append(row.label)
            continue
        label = Text(row.label + (" *" if row.differs else ""))
        if row.differs:
            label.stylize("yellow")
        cells: list[Text] = []
        for index, cell in enumerate(row.cells):
            text = _cell(claims_text(row.field, cell))
            if index in row.best:
                text.append(" ✓", style="bold green")
            cells.append(text)
        table.add_row(label, *cells)
    legend = Text("✓ better where the field has a direction   * values differ", style="dim")
    parts: list[RenderableType] = [table, legend]
    if all_unknown:
        parts.append(Text("Unknown for every device: " + ", ".join(all_unknown), style="dim"))
    parts.append(_sources_footer(result.sources))
    return parts


def _ranking(result: Ranking) -> list[RenderableType]:
    count = len(result.entries)
    within = (
        f"within ${number(result.budget_usd)}"
        if result.budget_usd is not None
        else "with a known price"
    )
    title = f"{count} device{'s' if count != 1 else ''} {within}, best first"
    table = _table(title)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Device", ratio=2, min_width=14)
    table.add_column("Price", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Why", ratio=3, min_width=16)
    for entry in result.entries:
        score = Text(f"{entry.score:.1f}", style="bold")
        score.append(f"\n{entry.scored_on}/{entry.criteria_total} crit.", style="dim")
        table.add_row(
            str(entry.rank),
            _device_cell(entry.device),
            _cell(claims_text("price_usd", entry.device.price_usd, count=False)),
            score,
            Text(entry.reason),
        )
    parts: list[RenderableType] = [table]
    if not result.entries:
        parts = [Text(f"No device with a known price is {within}.")]
    weights = ", ".join(f"{c.name} {number(c.weight)}" for c in result.criteria)
    parts.append(
        Text(
            f"Score: 0–100 weighted sum ({weights}). A criterion unknown for a device is "
            "left out and the other weights scaled up; 'n/6 crit.' shows how many counted.",
            style="dim",
        )
    )
    parts += [Text(note, style="dim") for note in result.notes]
    parts.append(_sources_footer(result.sources))
    return parts


def _source_listing(result: SourceListing) -> list[RenderableType]:
    table = _table(f"{len(result.sources)} sources")
    table.add_column("Id", style="bold", overflow="fold", ratio=1)
    table.add_column("Source", ratio=3)
    table.add_column("Devices", justify="right", no_wrap=True)
    for source in result.sources:
        table.add_row(
            source.id, Text(source_text(source)), str(len(result.cited_by.get(source.id, ())))
        )
    return [table]
