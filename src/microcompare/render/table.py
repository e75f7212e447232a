"""Terminal tables (Rich): colour only on a terminal, plain text when piped, 80 columns."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, assert_never

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..engine import (
    KEY_FACTS,
    Bar,
    Chart,
    Comparison,
    CriteriaListing,
    DeviceDetail,
    DeviceListing,
    Direction,
    Notice,
    OwnershipCost,
    PickKind,
    Plan,
    RankedDevice,
    Ranking,
    Result,
    SafetyListing,
    SourceListing,
    app_dependency,
    contraindication_sources,
    current_types,
    known_facts,
    money_text,
    sessions_text,
    severity_sources,
    strictest,
)
from ..records import CITED_FIELDS, Claim, ClaimBasis, Device, ProbeGeometry, Source
from ..trust import BASIS_LEGEND, BASIS_MARKS, basis, by_id, for_the_model
from ..vocab import Method
from . import RenderOptions
from .text import (
    UNKNOWN,
    claim_text,
    claims_text,
    kind_text,
    number,
    protocol_text,
    session_days_text,
    source_text,
)

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


def render(result: Result, options: RenderOptions) -> str:
    """The result as a Rich table, with notices above it and sources below.

    Safety warnings come first, in a panel, so that no table can push them out of sight.
    """
    parts: list[RenderableType] = _notices(result.warnings)
    if isinstance(result, DeviceListing):
        parts += _listing(result)
    elif isinstance(result, DeviceDetail):
        parts += _detail(result)
    elif isinstance(result, Comparison):
        parts += _comparison(result)
    elif isinstance(result, Ranking):
        parts += _ranking(result, options.explain)
    elif isinstance(result, CriteriaListing):
        parts += _criteria_listing(result)
    elif isinstance(result, SourceListing):
        parts += _source_listing(result)
    elif isinstance(result, SafetyListing):
        parts += _safety_listing(result)
    elif isinstance(result, Plan):
        parts += _plan(result)
    elif isinstance(result, Chart):
        parts += _chart(result, options.width)
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


_SEVERITY_STYLE = {"absolute": "bold red", "avoid": "bold red", "caution": "bold yellow"}
# Shown in a device's cell when one of the user's conditions applies to it.
_FLAG_WORDS = {"absolute": "! never use", "avoid": "! avoid", "caution": "! caution"}


def _notices(notices: Sequence[Notice]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    safety = [notice for notice in notices if notice.kind == "safety"]
    if safety:
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
                title="Safety",
                title_align="left",
                border_style="red" if strict else "yellow",
                box=box.ROUNDED,
            )
        )
    for notice in notices:
        if notice.kind == "reminder":
            parts.append(Text(notice.message, style="bold"))
        elif notice.kind == "name":
            parts.append(Text(f"note: {notice.message}", style="bold"))
        elif notice.kind != "safety":
            parts.append(Text(f"warning: {notice.message}", style="bold yellow"))
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


def _fitted(header: str, rows: Sequence[Sequence[Text]], index: int) -> int:
    # The width Rich would measure for a column that never wraps, given up front: measuring
    # every cell is most of the time a table takes to print.
    return max([cell_len(header), *(row[index].cell_len for row in rows)])


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
    rows = []
    dated = by_id(result.sources)
    for device in result.devices:
        types = sorted(current_types(device))
        dependency = app_dependency(device)
        probes = sorted({claim.value for claim in for_the_model(device.probes or ())})
        rows.append(
            (
                _flag(_known(_device_cell(device), device), result.flagged.get(device.slug)),
                _cell(claims_text("price_usd", device.price_usd, compact=True, sources=dated)),
                _cell(claims_text("output_ua", device.output_ua, compact=True)),
                _cell(
                    "/".join(_TYPE_WORDS[kind.value] for kind in types) + _mark(device.current_type)
                    or UNKNOWN
                ),
                _cell(
                    "/".join(_PROBE_WORDS[probe] for probe in probes) + _mark(device.probes)
                    or UNKNOWN
                ),
                _cell(dependency.value + _mark(device.app) if dependency else UNKNOWN),
                _cell(claims_text("fda_status", device.fda_status, compact=True)),
            )
        )
    table.add_column("Device", min_width=_slug_width(result.devices))
    for index, header in enumerate(("Price", "µA", "Type"), 1):
        table.add_column(header, no_wrap=True, width=_fitted(header, rows, index))
    table.add_column("Probes")
    for index, header in enumerate(("App", "FDA"), 5):
        table.add_column(header, no_wrap=True, width=_fitted(header, rows, index))
    for row in rows:
        table.add_row(*row)
    spans: list[Sequence[Claim[Any]]] = [
        claims
        for device in result.devices
        for claims in (device.price_usd, device.output_ua)
        if claims
    ]
    ranged = any(
        len({repr(claim.value) for claim in for_the_model(claims)}) > 1 for claims in spans
    )
    marked = any(_mark(getattr(device, name)) for device in result.devices for name in _LISTED)
    footer = Text(
        ("A range such as $325–350 means sources disagree. " if ranged else "")
        + (f"{BASIS_LEGEND}. " if marked else "")
        + f"'n/{len(KEY_FACTS)} known' counts the key facts a source gives (list --help "
        "names them). 'microcompare show SLUG' gives every value with its source "
        f"({len(result.sources)} sources cited here).",
        style="dim",
    )
    return [table, footer]


def _known(cell: Text, device: Device) -> Text:
    cell.append("\n" + known_facts(device).text, style="dim")
    return cell


_LISTED = ("price_usd", "output_ua", "current_type", "probes", "app", "fda_status")


def _mark(claims: Sequence[Claim[Any]] | None) -> str:
    # The value shown rests on claims about the brand or an earlier model: say so in a mark.
    if not claims:
        return ""
    about = basis(for_the_model(claims))
    return "" if about is ClaimBasis.MODEL else BASIS_MARKS[about]


def _detail(result: DeviceDetail) -> list[RenderableType]:
    device = result.device
    heading = Text(device.name, style="bold")
    heading.append(f"  ({device.slug})", style="cyan")
    severity = result.flagged.get(device.slug)
    if severity:
        heading.append(f"  {_FLAG_WORDS[severity]}", style=_SEVERITY_STYLE[severity])
    lines: list[RenderableType] = [heading, Text(f"Brand: {device.brand}")]
    if device.aliases:
        lines.append(Text("Also known as: " + ", ".join(device.aliases)))
    if device.notes:
        lines.append(Text(device.notes, style="italic"))
    # The labels live with comparing, which `list` never needs to import.
    from ..engine import COMPARED_FIELDS

    labels = dict(COMPARED_FIELDS)
    dated = by_id(result.sources)
    table = _table()
    table.add_column("Field", no_wrap=True, style="bold")
    table.add_column("Value", ratio=3)
    table.add_column("Source", ratio=1, min_width=10, overflow="fold")
    for name in CITED_FIELDS:
        claims: tuple[Claim[Any], ...] | None = getattr(device, name)
        label = labels[name]
        if not claims:
            table.add_row(label, _cell(UNKNOWN), Text("—", style="dim"))
            continue
        for index, claim in enumerate(claims):
            value = Text(claim_text(name, claim, sources=dated))
            if claim.note:
                value.append("\n" + claim.note, style="dim")
            table.add_row(label if index == 0 else "", value, Text(claim.source))
    return [*lines, table, _sources_footer(result.sources)]


def _comparison(result: Comparison) -> list[RenderableType]:
    table = _table(" vs ".join(device.name for device in result.devices))
    table.add_column("Field", style="bold", min_width=10, ratio=2)
    for device in result.devices:
        table.add_column(_flag(_device_cell(device), result.flagged.get(device.slug)), ratio=3)
    all_unknown: list[str] = []
    dated = by_id(result.sources)
    for row in result.rows:
        if all(cell is None for cell in row.cells):
            all_unknown.append(row.label)
            continue
        label = Text(row.label + (" *" if row.differs else ""))
        if row.differs:
            label.stylize("yellow")
        cells: list[Text] = []
        for index, cell in enumerate(row.cells):
            text = _cell(claims_text(row.field, cell, sources=dated))
            if index in row.best:
                text.append(" ✓", style="bold green")
            cells.append(text)
        table.add_row(label, *cells)
    legend = Text("✓ better where the field has a direction   * values differ", style="dim")
    parts: list[RenderableType] = [table, legend]
    if all_unknown:
        parts.append(Text("Unknown for every device: " + ", ".join(all_unknown), style="dim"))
    parts.append(_ahead(result))
    if result.costs:
        parts.append(_costs(result.costs, {d.slug: d.name for d in result.devices}))
    parts.append(_sources_footer(result.sources))
    return parts


def _costs(costs: Sequence[OwnershipCost], names: dict[str, str]) -> RenderableType:
    months = costs[0].months
    table = _table(
        f"Cost over {months} month{'s' if months != 1 else ''}: price + subscription + gel"
    )
    table.add_column("Device", no_wrap=True)
    table.add_column("Cost", ratio=2)
    table.add_column("Clinic sessions it equals", ratio=1)
    for cost in costs:
        sessions = UNKNOWN
        if cost.clinic_sessions:
            sessions = sessions_text(cost.clinic_sessions, exact=cost.complete)
        table.add_row(
            Text(names.get(cost.slug, cost.slug), style="cyan"), _cell(cost.text), _cell(sessions)
        )
    notes: list[str] = [
        "≥ is a lower bound: a cost whose amount no source gives is named, never counted as "
        "free; 'any subscription': no source says whether one is needed."
    ]
    if not any(cost.grows_with_months for cost in costs):
        notes.append(
            "No running cost has a known amount, so the total is the same for any number of months."
        )
    seen: set[str] = set()
    for part in (part for cost in costs for part in cost.parts if part.kind == "consumable"):
        if part.label not in seen:
            seen.add(part.label)
            notes.append(f"Every session needs {part.label} [{', '.join(part.sources)}].")
    clinic = costs[0]
    if clinic.clinic_usd:
        notes.append(
            f"A professional microcurrent facial costs {money_text(*clinic.clinic_usd)} a "
            f"session [{', '.join(clinic.clinic_sources)}]."
        )
    if clinic.clinic_course_text:
        notes.append(
            f"{clinic.clinic_course_text[:1].upper()}{clinic.clinic_course_text[1:]} "
            f"[{', '.join(clinic.clinic_course_sources)}]."
        )
    return Group(table, Text(" ".join(notes), style="dim"))


_PICK_LABELS = {
    PickKind.TOP: "Top pick",
    PickKind.BUDGET: "Budget pick",
    PickKind.UPGRADE: "Upgrade pick",
}


def _ahead(result: Comparison) -> RenderableType:
    lines: list[RenderableType] = [Text("Where each is ahead (ranking criteria):", style="bold")]
    names = {device.slug: device.name for device in result.devices}
    for item in result.ahead:
        line = Text(f"{names[item.slug]}: ", style="bold")
        line.append(item.text, style="")
        line.append(f" [{', '.join(item.sources)}]", style="dim")
        lines.append(Padding(line, (0, 0, 0, 2)))
    if not result.ahead:
        lines.append(Text("  none: no criterion is known for two of them and different"))
    return Group(*lines)


def _ranking(result: Ranking, explain: bool) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if result.picks or (result.pick_notes and result.entries):
        parts.append(_picks(result))
    count = len(result.entries)
    within = (
        f"within ${number(result.budget_usd)}"
        if result.budget_usd is not None
        else "with a known price"
    )
    front = " on the Pareto front" if result.pareto else ""
    title = f"{count} device{'s' if count != 1 else ''} {within}{front}, best first"
    table = _table(title)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Device", ratio=2, min_width=14)
    table.add_column("Price", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Why", ratio=3, min_width=16)
    dated = by_id(result.sources)
    for entry in result.entries:
        score = Text(f"{entry.score:.1f}", style="bold")
        score.append(f"\n{entry.scored_on}/{entry.criteria_total} crit.", style="dim")
        table.add_row(
            str(entry.rank),
            _flag(_device_cell(entry.device), result.flagged.get(entry.device.slug)),
            _cell(claims_text("price_usd", entry.device.price_usd, compact=True, sources=dated)),
            score,
            Text(entry.reason),
        )
    if result.entries:
        parts.append(table)
        if any(_mark(entry.device.price_usd) for entry in result.entries):
            parts.append(Text(f"Price: {BASIS_LEGEND}.", style="dim"))
    elif result.refusal:
        parts.append(Text(result.refusal, style="bold red"))
    else:
        parts.append(Text(f"No device with a known price is {within}."))
    if result.costs:
        parts.append(_costs(result.costs, {e.device.slug: e.device.slug for e in result.entries}))
    if result.dominated:
        parts.append(_dominated(result))
    if not result.refusal:
        parts.append(Text(_method_line(result), style="dim"))
    parts += [Text(note, style="dim") for note in result.notes]
    if explain and result.entries:
        parts += _explanation(result)
    parts.append(_sources_footer(result.sources))
    return parts


def _picks(result: Ranking) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for pick in result.picks:
        text = Text(pick.device.slug, style="bold cyan")
        text.append(f" {pick.score:.1f}", style="bold")
        text.append(f": {pick.reason}")
        if pick.sources:
            text.append(f" [{', '.join(pick.sources)}]", style="dim")
        grid.add_row(_PICK_LABELS[pick.kind], text)
    notes = [Text(note, style="yellow") for note in result.pick_notes]
    return Group(Text("Picks", style="bold"), grid, *notes, Text(""))


def _dominated(result: Ranking) -> RenderableType:
    lines: list[RenderableType] = [Text("Removed by --pareto:", style="bold")]
    for item in result.dominated:
        line = Text(item.device.slug, style="cyan")
        line.append(
            f": {item.by.slug} is as good or better on all {len(item.criteria)} "
            f"criteria known for it ({', '.join(item.criteria)})"
        )
        lines.append(Padding(line, (0, 0, 0, 2)))
    return Group(*lines)


def _method_line(result: Ranking) -> str:
    weights = ", ".join(f"{c.name} {number(c.weight)}" for c in result.criteria)
    profile = f"profile {result.profile}"
    if result.overrides:
        profile += " with " + ", ".join(f"{n}={number(w)}" for n, w in result.overrides)
    total = len(result.criteria)
    method = (
        "TOPSIS (nearness to the best and distance from the worst ranked device)"
        if result.method is Method.TOPSIS
        else "weighted sum"
    )
    return (
        f"Score: 0–100 by {method}; {profile}: {weights}. A criterion unknown for a "
        f"device is left out and its other weights scaled up; 'n/{total} crit.' shows how "
        "many counted. --explain shows the arithmetic."
    )


def _explanation(result: Ranking) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(""), Text("How each score is made", style="bold")]
    intro = (
        "Each criterion is normalised to 0–1 (1 best); an unknown one (—) is left out. "
        "Share = weight ÷ the sum of the weights known for that device. "
    )
    if result.method is Method.TOPSIS:
        intro += (
            "To best = share × (best − normalised), to worst = share × (normalised − worst), "
            "over the ranked devices. D+ = √Σ(to best)², D− = √Σ(to worst)², "
            "score = 100 × D− ÷ (D+ + D−)."
        )
    else:
        intro += "Points = 100 × share × normalised; the score is the sum of the points."
    parts.append(Text(intro))
    for name, (low, high) in result.bounds.items():
        criterion = next(c for c in result.criteria if c.name == name)
        best, worst = (low, high) if criterion.direction is Direction.LOWER else (high, low)
        shown = (lambda v: f"${number(v)}") if name == "price" else number
        parts.append(
            Text(
                f"{criterion.label} is scaled over the ranked devices: {shown(best)} is 1, "
                f"{shown(worst)} is 0, in a straight line between.",
                style="dim",
            )
        )
    if result.extremes:
        pairs = ", ".join(
            f"{name} {best:.4f}/{worst:.4f}" for name, (best, worst) in result.extremes.items()
        )
        parts.append(Text(f"Best/worst normalised values: {pairs}.", style="dim"))
    for entry in result.entries:
        parts.append(Text(""))
        parts.append(_explained_entry(result, entry))
    return parts


def _explained_entry(result: Ranking, entry: RankedDevice) -> RenderableType:
    heading = Text(f"{entry.rank}. ", style="bold")
    heading.append(entry.device.slug, style="bold cyan")
    heading.append(f"  {entry.score:.1f}", style="bold")
    heading.append(f"  ({entry.coverage})", style="dim")
    topsis = result.method is Method.TOPSIS
    table = _table()
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Value", ratio=1, min_width=12)
    table.add_column("Norm.", justify="right", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Share", justify="right", no_wrap=True)
    if topsis:
        table.add_column("To best", justify="right", no_wrap=True)
        table.add_column("To worst", justify="right", no_wrap=True)
    else:
        table.add_column("Points", justify="right", no_wrap=True)
    for part in entry.contributions:
        if part.normalised is None:
            blanks = [Text("—", style="dim")] * (3 if topsis else 2)
            table.add_row(
                part.criterion,
                Text(part.description, style="dim"),
                Text("—", style="dim"),
                Text(number(part.weight), style="dim"),
                *blanks,
            )
            continue
        numbers = [f"{part.normalised:.4f}", number(part.weight), f"{part.share or 0:.4f}"]
        if topsis:
            numbers += [f"{part.gap_to_best or 0:.4f}", f"{part.gap_to_worst or 0:.4f}"]
        else:
            numbers.append(f"{part.points or 0:.2f}")
        table.add_row(part.criterion, Text(part.description), *(Text(n) for n in numbers))
    if topsis:
        plus, minus = entry.distance_to_best or 0.0, entry.distance_to_worst or 0.0
        total = Text(
            f"D+ = {plus:.4f}, D− = {minus:.4f}; "
            f"100 × {minus:.4f} ÷ ({plus:.4f} + {minus:.4f}) = {entry.score:.1f}"
        )
    else:
        points = " + ".join(
            f"{part.points:.2f}" for part in entry.contributions if part.points is not None
        )
        total = Text(f"{points} = {entry.score:.1f}")
    return Group(heading, table, total)


def _criteria_listing(result: CriteriaListing) -> list[RenderableType]:
    table = _table(f"{len(result.criteria)} criteria, default weights")
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Why it counts", ratio=1)
    for criterion in result.criteria:
        name = Text(criterion.name, style="bold cyan")
        better = criterion.direction.value
        name.append(f"\n{better} is better", style="dim")
        why = Text(f"{criterion.label}. {criterion.rationale}")
        why.append(f" [{', '.join(criterion.sources)}]", style="dim")
        table.add_row(name, number(criterion.weight), why)
    profiles = _table("Profiles (rank --profile NAME)")
    profiles.add_column("Profile", no_wrap=True, style="bold")
    profiles.add_column("Weights and purpose", ratio=1)
    for profile in result.profiles:
        text = Text(", ".join(f"{n} {number(w)}" for n, w in profile.weights.items()))
        text.append("\n" + profile.description, style="dim")
        profiles.add_row(profile.name, text)
    note = Text(
        "Change one weight with rank --weight NAME=NUMBER (repeatable; 0 leaves a criterion "
        "out). A criterion unknown for a device is left out of its score, never counted as 0.",
        style="dim",
    )
    return [table, profiles, note, _sources_footer(result.sources)]


def _source_listing(result: SourceListing) -> list[RenderableType]:
    table = _table(f"{len(result.sources)} sources")
    table.add_column("Id", style="bold", overflow="fold", ratio=1)
    table.add_column("Source", ratio=3)
    table.add_column("Kind", ratio=1)
    table.add_column("Devices", justify="right", no_wrap=True)
    for source in result.sources:
        table.add_row(
            source.id,
            Text(source_text(source, kind=False)),
            _cell(kind_text(source), unknown_style="dim"),
            str(len(result.cited_by.get(source.id, ()))),
        )
    return [table]


_SEVERITY_LABELS = {
    "absolute": "absolute\n(never use)",
    "avoid": "avoid",
    "caution": "caution\n(take care)",
}


def _safety_listing(result: SafetyListing) -> list[RenderableType]:
    count = len(result.contraindications)
    table = _table(f"{count} conditions the sources warn about, strictest first")
    table.add_column("Condition", ratio=2, min_width=14)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Why, and who says so", ratio=3)
    for item in result.contraindications:
        severity = strictest(item)
        name = Text(item.id, style="bold cyan")
        name.append("\n" + item.label, style="")
        if item.names:
            name.append("\nalso: " + ", ".join(item.names), style="dim")
        why = Text(item.reason or "")
        said = "; ".join(
            f"{', '.join(sources)}: {level.value}" for level, sources in severity_sources(item)
        )
        why.append(("\n" if item.reason else "") + f"[{said}]", style="dim")
        if item.applies_to is not None:
            why.append("\nOnly for: " + ", ".join(item.applies_to), style="")
        table.add_row(
            name, Text(_SEVERITY_LABELS[severity.value], style=_SEVERITY_STYLE[severity]), why
        )
    note = Text(
        "Where sources differ, the strictest severity applies and every source is shown. "
        "The sources speak of microcurrent as a whole, so each condition covers every device "
        "(a catalogue can narrow one with applies_to). Screen with --condition NAME on list, "
        "show, compare, rank and plan.",
        style="dim",
    )
    cited = {s for item in result.contraindications for s in contraindication_sources(item)}
    cited.update(claim.source for advice in result.advice for claim in advice.claims)
    return [
        table,
        note,
        *_advice(result),
        _sources_footer([s for s in result.sources if s.id in cited]),
    ]


def _advice(result: SafetyListing) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for advice in result.advice:
        parts.append(Text(advice.label, style="bold"))
        for claim in advice.claims:
            line = Text("- " + claim_text(advice.field, claim))
            line.append(f" [{claim.source}]", style="dim")
            parts.append(Padding(line, (0, 0, 0, 2)))
    return parts


def _plan(result: Plan) -> list[RenderableType]:
    device = result.device
    heading = Text(f"Routine for {device.name}", style="bold")
    heading.append(f"  ({device.slug})", style="cyan")
    kind = (
        "the general routine (no routine is known for this device)"
        if result.general
        else "this device's routine"
    )
    followed = Text(f"Following {kind}: ")
    followed.append(protocol_text(result.protocol), style="bold")
    followed.append(f" [{result.source}]", style="dim")
    lines: list[RenderableType] = [heading, followed]
    if result.note:
        lines.append(Text(result.note, style="dim"))
    for claim in result.alternatives:
        other = Text("Another source gives: ")
        other.append(protocol_text(claim.value))
        other.append(f" [{claim.source}]", style="dim")
        lines.append(other)
    minutes = (
        f"{number(result.minutes)} minutes a session [{result.minutes_source}]"
        if result.minutes is not None
        else "Session length: unknown (no source gives one for this device)"
    )
    lines.append(Text(minutes))
    if result.refusal or not result.weeks:
        refusal = Text(result.refusal or "No weeks to plan.", style="bold red")
        return [*lines, refusal, _sources_footer(result.sources)]
    first = result.weeks[0]
    weeks = len(result.weeks)
    table = _table(
        f"{weeks} week{'s' if weeks != 1 else ''} from {first.start:%a %d %b %Y}: "
        f"{result.session_count} sessions"
    )
    table.add_column("Week", justify="right", no_wrap=True)
    table.add_column("Dates", no_wrap=True)
    table.add_column("Phase", ratio=1)
    table.add_column("Routine", justify="right", no_wrap=True)
    table.add_column("Plan", justify="right", no_wrap=True)
    table.add_column("Session days", ratio=2)
    for week in result.weeks:
        table.add_row(
            str(week.number),
            f"{week.start:%d %b}–{week.end:%d %b}",
            ", then ".join(phase.value for phase in week.phases) or UNKNOWN,
            week.asked or "—",
            str(len(week.sessions)),
            session_days_text([session.day for session in week.sessions]) or "—",
        )
    note = Text(
        "Routine: sessions a week the routine asks for; Plan: sessions planned. Where the "
        "routine gives a range (2–3), the plan holds the lower number, the least it asks. "
        "--format ics writes these sessions as calendar events.",
        style="dim",
    )
    extra = [Text(text, style="dim") for text in result.notes]
    return [*lines, table, note, *extra, _sources_footer(result.sources)]


_NAME_WIDTH = 22


def _microamps(low: float, high: float) -> str:
    return f"{number(low)} µA" if low == high else f"{number(low)}–{number(high)} µA"


def _chart(result: Chart, width: int) -> list[RenderableType]:
    # The value column is as wide as its longest label, so no label wraps onto a new line.
    labels = [
        len(_microamps(bar.low, bar.high))
        for bar in result.current
        if bar.low is not None and bar.high is not None
    ] + [
        len(money_text(bar.low, bar.high))
        for bar in result.price
        if bar.low is not None and bar.high is not None
    ]
    value_width = min(max([9, *labels]), 24)
    cells = max(width - _NAME_WIDTH - value_width - 2, 10)
    window, threshold = result.window, result.threshold
    highest = max([bar.high or 0 for bar in result.current] + [0.0])
    top = max(threshold.high * 1.1, highest * 1.02)
    current = _bar_chart(
        "Output current (µA), every source's claim",
        result.current,
        cells,
        top,
        _microamps,
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
    legend = Text("█ current   ▒ a range (adjustable, or sources differ)   ", style="dim")
    legend.append(
        f"· {number(window.low)}–{number(window.high)} µA {window.label} "
        f"[{', '.join(window.sources)}]   │ ~{threshold.high:,.0f} µA "
        f"{threshold.label.removesuffix(' (about)')} "
        f"[{', '.join(threshold.sources)}]",
        style="dim",
    )
    notes = [legend]
    notes += [
        Text(
            f"{', '.join(mark.sources)} gives {number(mark.low)}–{number(mark.high)} µA as the "
            f"{mark.label}.",
            style="dim",
        )
        for mark in result.other_ranges
    ]
    top_price = max([bar.high or 0 for bar in result.price] + [0.0]) or 1.0
    price = _bar_chart(
        "Price (US$), every source's claim",
        result.price,
        cells,
        top_price * 1.05,
        lambda low, high: money_text(low, high),
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
    background: Callable[[float], str],
    ticks: Sequence[float],
    tick_text: Callable[[float], str],
) -> list[RenderableType]:
    step = top / cells
    lines: list[RenderableType] = [Text(title, style="bold")]
    if all(bar.high is None for bar in bars):
        lines.append(Text("No source gives this for any device here.", style="dim"))
        ticks = ()
    for bar in bars:
        if bar.low is None or bar.high is None:
            continue
        line = Text(bar.name)
        # Measured in screen cells, so a wide character (美, 🙂) does not push the bar along.
        line.truncate(_NAME_WIDTH, overflow="ellipsis", pad=True)
        line.append(" ")
        for index in range(cells):
            middle = (index + 0.5) * step
            if middle <= bar.low or (index == 0 and bar.high > 0):
                line.append("█", style="green")
            elif middle <= bar.high:
                line.append("▒", style="green")
            else:
                line.append(background(middle), style="dim")
        line.append(" " + shown(bar.low, bar.high))
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
        lines.append(Text(" " * (_NAME_WIDTH + 1) + "".join(marks), style="dim"))
        lines.append(Text(" " * (_NAME_WIDTH + 1) + "".join(axis).rstrip(), style="dim"))
    unknown = [bar.slug for bar in bars if bar.high is None]
    if unknown:
        line = Text(f"{UNKNOWN.capitalize()} (no source gives it): ", style="bold")
        line.append(", ".join(unknown))
        lines.append(line)
    return lines
