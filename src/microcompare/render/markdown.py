"""GitHub-flavoured Markdown: a table ready for an article, sources as numbered footnotes.

Warnings come first, as a quotation, so a safety warning travels with the table it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, assert_never

from ..engine.cost import money_text
from ..engine.facts import app_dependency, current_types
from ..engine.listing import known_facts
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
from ..engine.safety import severity_sources, strictest
from ..fields import FIELD, LIST_FIELDS
from ..records import Claim, Device, Source
from ..trust import by_id, qualified, said_of
from . import RenderOptions, view
from .text import (
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
    source_text,
)

if TYPE_CHECKING:
    from ..engine.result_parts import Bar


class Footnotes:
    """Numbers sources in the order a reader first meets them."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self._known = {source.id: source for source in sources}
        self._order: list[str] = []

    def cite(self, ids: Iterable[str]) -> str:
        """Footnote markers for these source ids, e.g. "[^1][^3]"."""
        marks: list[str] = []
        for source_id in dict.fromkeys(ids):
            if source_id not in self._known:
                continue
            if source_id not in self._order:
                self._order.append(source_id)
            marks.append(f"[^{self._order.index(source_id) + 1}]")
        return "".join(marks)

    def claims(self, claims: Sequence[Claim[Any]] | None) -> str:
        """Footnote markers for the sources of some claims."""
        return self.cite(claim.source for claim in claims or ())

    def lines(self) -> list[str]:
        """The footnote definitions, in number order."""
        return [
            f"[^{index}]: {_linked(self._known[source_id])}"
            for index, source_id in enumerate(self._order, start=1)
        ]


def _linked(source: Source, *, kind: bool = True) -> str:
    text = source_text(source, kind=kind)
    if not source.url:
        return _plain(text)
    return "".join(
        _plain(part) if index % 2 == 0 else f"<{source.url}>"
        for index, part in enumerate(re.split(f"({re.escape(source.url)})", text))
    )


_MARKUP = re.compile(r"([\\`*_\[\]<>~&#!])")


def _plain(text: str) -> str:
    """Text that reads as itself in Markdown: a device named "Face *Pro*" stays so, and
    "[x](https://…)" in a user's catalogue is not a link. Line breaks become spaces."""
    return _MARKUP.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _cell(text: str) -> str:
    # A pipe would end the cell; a line break would end the row.
    return " ".join(text.split()).replace("|", "\\|")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def render(result: Result, command: str, options: RenderOptions) -> str:
    """The result as a Markdown document: warnings, a heading, the table, notes, footnotes."""
    notes = Footnotes(result.sources) if hasattr(result, "sources") else Footnotes(())
    # Warnings are read first, so they are cited first: footnotes number from 1 in reading order.
    warnings = _warnings(result.warnings, notes)
    parts = [*warnings, *_body(result, notes)]
    footnotes = notes.lines()
    if footnotes:
        parts += ["", *footnotes]
    return "\n".join(parts) + "\n"


def _warnings(warnings: Sequence[Notice], notes: Footnotes) -> list[str]:
    lines: list[str] = []
    for notice in warnings:
        label = view.notice_label(notice)
        # An article's reader has no terminal: they get the words meant for a reader.
        message = view.for_a_reader(notice)
        lines += [f"> **{label}:** {_plain(message)}{notes.cite(notice.sources)}", ""]
    return lines


def _body(result: Result, notes: Footnotes) -> list[str]:
    if isinstance(result, DeviceListing):
        return _listing(result, notes)
    if isinstance(result, DeviceDetail):
        return _detail(result, notes)
    if isinstance(result, Comparison):
        return _comparison(result, notes)
    if isinstance(result, Ranking):
        return _ranking(result, notes)
    if isinstance(result, CriteriaListing):
        rows = [
            [
                f"`{c.name}`",
                number(c.weight),
                c.direction.value,
                _plain(c.scale),
                f"{c.label}. {c.rationale}{notes.cite(c.sources)}",
            ]
            for c in result.criteria
        ]
        profiles = [
            [f"`{profile.name}`", view.weights_text(profile.weights), profile.description]
            for profile in result.profiles
        ]
        return [
            f"### {view.criteria_title(len(result.criteria))}",
            "",
            *_table(view.CRITERIA, rows),
            "",
            f"### {view.PROFILES_TITLE} (`{view.PROFILES_OPTION}`)",
            "",
            *_table(view.PROFILE, profiles),
        ]
    if isinstance(result, SourceListing):
        rows = [
            [
                f"`{s.id}`",
                _linked(s, kind=False),
                _plain(kind_text(s)),
                str(len(result.cited_by.get(s.id, ()))),
            ]
            for s in result.sources
        ]
        return [
            f"### {view.sources_title(len(result.sources))}",
            "",
            *_table(view.SOURCE_HEADERS, rows),
        ]
    if isinstance(result, SafetyListing):
        return _safety(result, notes)
    if isinstance(result, Plan):
        return _plan(result, notes)
    if isinstance(result, Chart):
        return _chart(result, notes)
    assert_never(result)


def _chart(result: Chart, notes: Footnotes) -> list[str]:
    prices = {bar.slug: bar for bar in result.price}

    def shown(bar: Bar, text: Callable[[float, float], str]) -> str:
        if bar.low is None or bar.high is None:
            return UNKNOWN
        return text(bar.low, bar.high) + said_of(bar.about) + notes.cite(bar.sources)

    references = [
        f"- {mark.label.capitalize()}: {range_text(mark.low, mark.high)} µA"
        f"{notes.cite(mark.sources)}"
        for mark in (result.window, result.threshold, *result.other_ranges)
    ]
    rows = [
        [
            _name_and_slug(bar.name, bar.slug),
            shown(bar, range_text),
            shown(prices[bar.slug], money_text),
        ]
        for bar in result.current
    ]
    return [
        f"### {view.chart_title(len(rows))}",
        "",
        *references,
        "",
        *_table(view.CHART_HEADERS, rows),
    ]


def _name_and_slug(name: str, slug: str) -> str:
    return f"{_plain(name)} (`{slug}`)"


def _name(device: Device) -> str:
    return _name_and_slug(device.name, device.slug)


def _value(
    field: str,
    claims: Sequence[Claim[Any]] | None,
    notes: Footnotes,
    dated: Mapping[str, Source] | None = None,
) -> str:
    if not claims:
        return UNKNOWN
    return _plain(claims_text(field, claims, count=False, sources=dated)) + notes.claims(claims)


def _flagged(name: str, severity: str | None) -> str:
    return f"{name} **⚠ {view.FLAG_WORDS[severity]}**" if severity else name


def _list_value(device: Device, field: str, notes: Footnotes, dated: Mapping[str, Source]) -> str:
    if field == "current_type":
        types = " / ".join(sorted(kind.value for kind in current_types(device)))
        if not types:
            return UNKNOWN
        return qualified(types, device.current_type) + notes.claims(device.current_type)
    if field == "app":
        dependency = app_dependency(device)
        if dependency is None:
            return UNKNOWN
        return qualified(dependency.value, device.app) + notes.claims(device.app)
    return _value(field, getattr(device, field), notes, dated if field == "price_usd" else None)


def _listing(result: DeviceListing, notes: Footnotes) -> list[str]:
    fields = result.fields or LIST_FIELDS
    dated = by_id(result.sources)
    rows = [
        [
            _flagged(_name(device), result.flagged.get(device.slug)),
            *(_list_value(device, field, notes, dated) for field in fields),
            known_facts(device).text,
        ]
        for device in result.devices
    ]
    more = [view.more_devices(result.more)] if result.more else []
    header = [view.DEVICE, *(FIELD[field].column for field in fields), view.KNOWN]
    return [
        f"### {view.listing_title(len(result.devices))}",
        "",
        *_table(header, rows),
        "",
        _plain(
            " ".join(
                [
                    *more,
                    *range_notes(result.devices, fields),
                    view.FOOTNOTED,
                    view.known_note(view.KNOWN),
                ]
            )
        ),
    ]


def _detail(result: DeviceDetail, notes: Footnotes) -> list[str]:
    device = result.device
    dated = by_id(result.sources)
    rows: list[list[str]] = []
    for fact in view.facts(device):
        claim = fact.claim
        if claim is None:
            rows.append([fact.label, UNKNOWN])
            continue
        text = _plain(claim_text(fact.field, claim, sources=dated)) + notes.cite([claim.source])
        if claim.note:
            text += f" — _{_plain(claim.note)}_"
        rows.append([fact.label, text])
    heading = f"### {_plain(device.name)} (`{device.slug}`), {_plain(device.brand)}"
    lines = [_flagged(heading, result.flagged.get(device.slug)), ""]
    if device.aliases:
        # The names a reader may know it by, as the terminal's `show` gives them.
        lines += [
            f"{view.ALSO_KNOWN_AS}: {', '.join(_plain(alias) for alias in device.aliases)}",
            "",
        ]
    if device.notes:
        # Notes are a file's text like any other: no live link, image or footnote.
        lines += [_plain(device.notes), ""]
    return [*lines, *_table([view.FIELD, view.VALUE], rows)]


def _comparison(result: Comparison, notes: Footnotes) -> list[str]:
    header = [view.FIELD] + [
        _flagged(_name(device), result.flagged.get(device.slug)) for device in result.devices
    ]
    dated = by_id(result.sources)
    compared, all_unknown = view.compared_fields(result)
    rows = [
        [
            row.label,
            *(
                _value(row.field, cell, notes, dated) + (f" {view.BETTER_MARK}" if better else "")
                for cell, better in row.cells
            ),
        ]
        for row in compared
    ]
    lines = [
        "### " + view.comparison_title([_plain(device.name) for device in result.devices]),
        "",
        *_table(header, rows),
        "",
        "; ".join(view.COMPARISON_LEGEND) + ".",
    ]
    if all_unknown:
        lines += ["", f"{view.UNKNOWN_FOR_EVERY_DEVICE}: " + ", ".join(all_unknown) + "."]
    names = {device.slug: _plain(device.name) for device in result.devices}
    lines += ["", f"**{view.AHEAD}:**", ""]
    lines += [
        f"- {names[item.slug]}: {_plain(item.text)}{notes.cite(item.sources)}"
        for item in result.ahead
    ] or [f"- {view.NONE_AHEAD}"]
    if result.costs:
        lines += ["", *_costs(result.costs, names, notes)]
    if result.standing is not None:
        lines += ["", _plain(result.standing.text)]
    return lines


def _costs(costs: Sequence[OwnershipCost], names: dict[str, str], notes: Footnotes) -> list[str]:
    rows = [
        [row.device, row.cost + notes.cite(row.sources), row.sessions]
        for row in view.cost_rows(costs, names)
    ]
    title, adds = view.cost_title(costs[0].months)
    said = " ".join(
        _plain(note.text) + notes.cite(note.sources) + "." if note.sources else _plain(note.text)
        for note in view.cost_notes(costs)
    )
    return [
        f"**{title}** ({adds}):",
        "",
        *_table(view.COST_HEADERS, rows),
        "",
        said,
    ]


def _ranking(result: Ranking, notes: Footnotes) -> list[str]:
    lines: list[str] = []
    if result.verdict:
        lines += [f"**{_plain(result.verdict)}**", ""]
    if result.picks:
        lines += [
            f"- **{view.PICK_LABELS[pick.kind]}:** {_plain(pick.device.name)}: "
            f"{_plain(pick.reason)}{notes.cite(pick.sources)}"
            for pick in result.picks
        ]
        lines.append("")
    if result.refusal or not result.entries:
        refusal = result.refusal or view.nothing_ranked(result)
        return [
            *lines,
            f"### {view.nothing_to_rank(result)}",
            "",
            f"**{_plain(refusal)}**",
            *(["", *(f"- {_plain(note)}" for note in result.notes)] if result.notes else []),
        ]
    lines += [f"### {view.ranking_title(result)}", ""]
    dated = by_id(result.sources)
    rows = [
        [
            str(entry.rank),
            _flagged(_name(entry.device), result.flagged.get(entry.device.slug)),
            _value("price_usd", entry.device.price_usd, notes, dated),
            percent(entry.first),
            percent(entry.top3),
            f"{entry.expected_rank:.1f}",
            score_range_text(entry.worst, entry.best),
            f"{entry.known}/{entry.criteria_total}",
            _plain(entry.reason) + notes.cite(entry.reason_sources),
        ]
        for entry in result.entries
    ]
    lines += _table(view.RANK, rows)
    if result.dominated:
        lines += ["", f"**{view.REMOVED_BY_PARETO}:**", ""]
        lines += [f"- {_plain(view.dominated_text(item))}" for item in result.dominated]
    if result.deciding:
        lines += ["", f"**{view.SETTLE}** {view.LOOK_UP_NEXT}:", ""]
        lines += [f"- {_plain(fact.text)}" for fact in result.deciding]
    else:
        lines += ["", view.NOTHING_SETTLES]
        if result.sensitive:
            lines += ["", f"**{view.MOVES_MOST}** {view.LOOK_UP_NEXT}:", ""]
            lines += [f"- {_plain(text)}" for text in result.sensitive]
    if result.assumptions:
        lines += ["", f"{view.ASSUMED}: {_plain(', '.join(result.assumptions))}"]
    lines += ["", f"{_plain(method_text(result))} {view.SCALES_HINT}"]
    lines += ["", *(f"- {_plain(note)}" for note in (*result.pick_notes, *result.notes))]
    if result.costs:
        names = {entry.device.slug: _plain(entry.device.name) for entry in result.entries}
        lines += ["", *_costs(result.costs, names, notes)]
    return lines


def _safety(result: SafetyListing, notes: Footnotes) -> list[str]:
    rows = []
    for item in result.contraindications:
        said = "; ".join(f"{level.value}{notes.cite(ids)}" for level, ids in severity_sources(item))
        why = f"{_plain(item.reason or '')} {view.SOURCES_SAY}: {said}".strip()
        if item.applies_to is not None:
            why += f" {view.ONLY_FOR}: {_plain(', '.join(item.applies_to))}."
        condition = f"{_plain(item.label)} (`{item.id}`)"
        if item.names:
            # The words a reader may search for, as the terminal's table gives them.
            condition += f"; {view.ALSO}: {_plain(', '.join(item.names))}"
        rows.append(
            [
                condition,
                f"**{view.SEVERITY_WORDS[strictest(item).value]}**",
                why,
            ]
        )
    advice: list[str] = []
    for kind in result.advice:
        advice += ["", f"**{_plain(kind.label)}:**", ""]
        advice += [
            f"- {_plain(claim_text(kind.field, claim))}{notes.cite([claim.source])}"
            for claim in kind.claims
        ]
    return [
        f"### {view.safety_title(len(rows))}",
        "",
        *_table(view.SAFETY_HEADERS, rows),
        "",
        view.STRICTEST_APPLIES,
        *advice,
    ]


def _plan(result: Plan, notes: Footnotes) -> list[str]:
    minutes = view.session_length(result)
    if result.minutes is not None:
        minutes += notes.cite([result.minutes_source or ""])
    lines = [
        f"### {view.plan_title(_name(result.device))}",
        "",
        f"{view.following(result)}{protocol_text(result.protocol)}{notes.cite([result.source])}. "
        f"{minutes}.",
    ]
    if result.note:
        lines.append(f"_{_plain(result.note)}_")
    for claim in result.alternatives:
        lines.append(
            f"{view.ANOTHER_SOURCE}{protocol_text(claim.value)}{notes.cite([claim.source])}."
        )
    if result.refusal or not result.weeks:
        return [*lines, "", f"**{_plain(result.refusal or view.NO_WEEKS)}**"]
    return [
        *lines,
        "",
        f"**{view.plan_weeks_title(result)}**",
        "",
        *_table(view.PLAN_HEADERS, view.week_rows(result)),
        "",
        " ".join([view.PLAN_NOTE, *(_plain(note) for note in result.notes)]),
    ]
