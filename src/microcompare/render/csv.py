"""CSV (RFC 4180): a header and one row per item, every row as wide, unknown as an empty cell.

Ranges are two columns (min, max) so that a spreadsheet can sort and sum them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any, assert_never

from .. import trust
from ..engine.facts import price_range
from ..engine.listing import KEY_FACTS, known_facts
from ..engine.results import (
    Chart,
    Comparison,
    CriteriaListing,
    DeviceDetail,
    DeviceListing,
    Notice,
    Plan,
    Ranking,
    Result,
    SafetyListing,
    SourceListing,
)
from ..engine.safety import severity_sources, strictest
from ..fields import CITED_FIELDS, label
from ..records import Claim, ClaimBasis, Device, Source
from ..trust import PRICE_FIELDS, basis, by_id, claim_date, for_the_model, old_dates
from . import RenderOptions, view
from .text import claim_text, claims_text, value_text

Row = Sequence[object]


def render(result: Result, command: str, options: RenderOptions) -> str:
    """The result as CSV text with CRLF line ends, as RFC 4180 asks.

    `options.long`: list and compare give one row per fact instead of one per device.
    """
    header, rows = _table(result, options.long)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        assert len(row) == len(header), "every CSV row is as wide as the header"
        writer.writerow(_plain(cell) for cell in row)
    return buffer.getvalue()


def _plain(cell: object) -> str:
    """Every CSV cell of every command, as text a spreadsheet reads as that text."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        # Never exponent notation and never fewer digits than the data holds.
        return f"{cell:.0f}" if cell.is_integer() else f"{cell:.4f}".rstrip("0")
    if isinstance(cell, int):
        return str(cell)
    return _not_a_formula(str(cell))


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…),
# +cmd|…, @SUM(…)); OWASP's advice is to start such a cell with a single quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def _not_a_formula(text: str) -> str:
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _table(result: Result, long: bool) -> tuple[list[str], list[Row]]:
    if isinstance(result, DeviceListing):
        return _listing(result, long)
    if isinstance(result, DeviceDetail):
        return _detail(result)
    if isinstance(result, Comparison):
        return _comparison(result, long)
    if isinstance(result, Ranking):
        return _ranking(result)
    if isinstance(result, CriteriaListing):
        header = ["name", "label", "better", "weight", "scale", "rationale", "sources"]
        return header, [
            [c.name, c.label, c.direction.value, c.weight, c.scale, c.rationale, _ids(c.sources)]
            for c in result.criteria
        ]
    if isinstance(result, SourceListing):
        header = ["id", "title", "publisher", "date", "url", "seed_file", "cited_by", "kind"]
        return header, [
            [
                s.id,
                s.title,
                s.publisher,
                s.date,
                s.url,
                s.seed_file,
                _ids(result.cited_by[s.id]),
                s.kind.value if s.kind else None,
            ]
            for s in result.sources
        ]
    if isinstance(result, SafetyListing):
        # Conditions first; then the general advice, one row per claim, kind "advice".
        header = ["id", "label", "severity", "names", "reason", "sources_by_severity", "kind"]
        rows: list[Row] = [
            [
                item.id,
                item.label,
                strictest(item).value,
                _ids(item.names),
                item.reason,
                "; ".join(f"{level.value}: {_ids(ids)}" for level, ids in severity_sources(item)),
                "condition",
            ]
            for item in result.contraindications
        ]
        rows += [
            [
                advice.field,
                advice.label,
                None,
                None,
                claim_text(advice.field, claim),
                claim.source,
                "advice",
            ]
            for advice in result.advice
            for claim in advice.claims
        ]
        return header, rows
    if isinstance(result, Plan):
        return _plan(result)
    if isinstance(result, Chart):
        prices = {bar.slug: bar for bar in result.price}
        header = [
            "slug",
            "name",
            "output_ua_min",
            "output_ua_max",
            "output_ua_sources",
            "price_usd_min",
            "price_usd_max",
            "price_usd_sources",
            "not_about_model",
        ]
        return header, [
            [
                bar.slug,
                bar.name,
                bar.low,
                bar.high,
                _ids(bar.sources),
                prices[bar.slug].low,
                prices[bar.slug].high,
                _ids(prices[bar.slug].sources),
                _ids(
                    [
                        field
                        for field, drawn in (("output_ua", bar), ("price_usd", prices[bar.slug]))
                        if drawn.about is not ClaimBasis.MODEL
                    ]
                ),
            ]
            for bar in result.current
        ]
    assert_never(result)


def _ids(ids: Sequence[str]) -> str:
    return " ".join(ids)


def _span(span: tuple[float, float] | None) -> list[float | None]:
    return [span[0], span[1]] if span else [None, None]


def _text(
    field: str, claims: tuple[Claim[Any], ...] | None, dated: Mapping[str, Source] | None = None
) -> str | None:
    return claims_text(field, claims, count=False, sources=dated) if claims else None


def _resting_on(device: Device) -> str:
    # "fda_status:brand price_usd:predecessor": the fields whose value, as the engine reads
    # it, rests on claims about the brand or an earlier model rather than the model.
    found: list[str] = []
    for name in CITED_FIELDS:
        claims: tuple[Claim[Any], ...] | None = getattr(device, name)
        if claims:
            about = basis(for_the_model(claims))
            if about is not ClaimBasis.MODEL:
                found.append(f"{name}:{about.value}")
    return " ".join(found)


def _price_dates(device: Device, dated: Mapping[str, Source]) -> list[object]:
    # The as-of dates of the prices the engine reads, and whether any is old.
    claims = for_the_model(device.price_usd or ())
    dates = sorted({found for claim in claims if (found := claim_date(claim, dated))})
    return [" ".join(dates) or None, old_dates(claims, dated, trust.today()) if dates else None]


# What `list` writes when no --columns are given: more than its table, which is narrow.
_LISTED = (
    "price_usd",
    "output_ua",
    "current_type",
    "probes",
    "app",
    "subscription",
    "fda_status",
    "fda_510k",
)
# Fields whose values are numbers: each gets a lowest and a highest column, so that a
# spreadsheet can sort on it, rather than a "325–350" it would read as text.
_NUMERIC = frozenset(
    {
        "price_usd",
        "output_ua",
        "subscription_usd_per_month",
        "intensity_levels",
        "auto_shutoff_s",
        "frequency_hz",
        "warranty_months",
        "money_back_days",
        "release_year",
    }
)


def _numeric_span(claims: tuple[Claim[Any], ...] | None) -> tuple[float, float] | None:
    lows: list[float] = []
    highs: list[float] = []
    for claim in claims or ():
        low = getattr(claim.value, "low", claim.value)
        high = getattr(claim.value, "high", claim.value)
        if isinstance(low, int | float) and isinstance(high, int | float):
            lows.append(low)
            highs.append(high)
    return (min(lows), max(highs)) if lows else None


def _field_header(field: str) -> list[str]:
    if field in _NUMERIC:
        return [f"{field}_min", f"{field}_max", f"{field}_sources"]
    return [field, f"{field}_sources"]


def _field_cells(
    field: str, claims: tuple[Claim[Any], ...] | None, dated: Mapping[str, Source]
) -> list[object]:
    # Each value's own sources beside it, so a reader can tell which source backs which.
    if field in _NUMERIC:
        # The figures the engine reads (not_about_model says when they rest on the brand).
        used = for_the_model(claims or ())
        sources = _ids(list(dict.fromkeys(claim.source for claim in used))) or None
        return [*_span(_numeric_span(used)), sources]
    sources = _ids(list(dict.fromkeys(claim.source for claim in claims or ()))) or None
    return [_text(field, claims, dated), sources]


def _device_cells(
    device: Device, fields: Sequence[str], dated: Mapping[str, Source]
) -> list[object]:
    """A device's slug, name and brand, then each field's value and source cells: the start
    of a row of `list` and of `compare` alike."""
    cells: list[object] = [device.slug, device.name, device.brand]
    for field in fields:
        cells += _field_cells(field, getattr(device, field), dated)
    return cells


def _listing(result: DeviceListing, long: bool) -> tuple[list[str], list[Row]]:
    fields = result.fields or _LISTED
    if long:
        return _facts(
            [(device, fields) for device in result.devices], result.flagged, by_id(result.sources)
        )
    header = [
        "slug",
        "name",
        "brand",
        *(column for field in fields for column in _field_header(field)),
        "safety",
        "sources",
        "known",
        "known_of",
        "price_as_of",
        "price_old",
        "not_about_model",
    ]
    dated = by_id(result.sources)
    rows: list[Row] = [
        [
            *_device_cells(device, fields, dated),
            result.flagged.get(device.slug),
            _ids(sorted(device.citations())),
            known_facts(device).known,
            len(KEY_FACTS),
            *_price_dates(device, dated),
            _resting_on(device),
        ]
        for device in result.devices
    ]
    return header, rows


def _facts(
    chosen: Sequence[tuple[Device, Sequence[str]]],
    flagged: Mapping[str, str],
    dated: Mapping[str, Source],
) -> tuple[list[str], list[Row]]:
    """One row per fact (each claim of each field of each device): the long layout."""
    header = [
        "slug",
        "name",
        "field",
        "label",
        "value",
        "value_min",
        "value_max",
        "source",
        "about",
        "as_of",
        "old",
        "note",
        "safety",
    ]
    rows: list[Row] = []
    for device, fields in chosen:
        for field in fields:
            claims: tuple[Claim[Any], ...] | None = getattr(device, field)
            safety = flagged.get(device.slug)
            if not claims:
                rows.append([device.slug, device.name, field, label(field), *[None] * 8, safety])
            for claim in claims or ():
                span = _numeric_span((claim,)) if field in _NUMERIC else None
                # As in `show`: the claim's own date, else its source's.
                when = claim_date(claim, dated)
                old = trust.is_old(when, trust.today()) if when and field in PRICE_FIELDS else None
                rows.append(
                    [
                        device.slug,
                        device.name,
                        field,
                        label(field),
                        value_text(field, claim.value),
                        *_span(span),
                        claim.source,
                        # A brand's or an earlier model's claim must not read as this model's.
                        claim.about.value,
                        when,
                        old,
                        claim.note,
                        safety,
                    ]
                )
    return header, rows


def _detail(result: DeviceDetail) -> tuple[list[str], list[Row]]:
    device = result.device
    dated = by_id(result.sources)
    rows: list[Row] = []
    for fact in view.facts(device):
        name, claim = fact.field, fact.claim
        # Every row is read on its own in a spreadsheet: each names its field in full.
        if claim is None:
            rows.append([device.slug, name, label(name), None, None, None, None, None, None])
        else:
            when = claim_date(claim, dated)
            rows.append(
                [
                    device.slug,
                    name,
                    label(name),
                    value_text(name, claim.value),
                    claim.source,
                    claim.note,
                    claim.about.value,
                    when,
                    trust.is_old(when, trust.today()) if when and name in PRICE_FIELDS else None,
                ]
            )
    header = ["slug", "field", "label", "value", "source", "note", "about", "as_of", "old"]
    return header, rows


def _comparison(result: Comparison, long: bool) -> tuple[list[str], list[Row]]:
    """One row per device, each compared field in its own columns with its sources.

    Like the table, it carries the pacemaker reminder, in a column of its own, so that the
    warning travels with a comparison pasted into any spreadsheet.
    """
    fields = [row.field for row in result.rows]
    if long:
        return _facts(
            [(device, fields) for device in result.devices], result.flagged, by_id(result.sources)
        )
    reminder = _reminder(result.warnings)
    costs = {cost.slug: cost for cost in result.costs}
    dated = by_id(result.sources)
    header = [
        "slug",
        "name",
        "brand",
        *(column for field in fields for column in _field_header(field)),
        "better_on",
        "safety",
        "safety_note",
        "price_as_of",
        "price_old",
        "not_about_model",
    ]
    if result.costs:
        header += ["cost_months", "cost_usd_min", "cost_usd_max", "cost_is_lower_bound"]
    rows: list[Row] = []
    for index, device in enumerate(result.devices):
        row: list[object] = [
            *_device_cells(device, fields, dated),
            _ids([line.field for line in result.rows if index in line.best]),
            result.flagged.get(device.slug),
            reminder,
            *_price_dates(device, dated),
            _resting_on(device),
        ]
        if result.costs:
            cost = costs.get(device.slug)
            row += [
                cost.months if cost else None,
                cost.low_usd if cost else None,
                cost.high_usd if cost else None,
                (not cost.complete) if cost else None,
            ]
        rows.append(row)
    return header, rows


def _reminder(warnings: Sequence[Notice]) -> str | None:
    """The pacemaker reminder, as a reader of the spreadsheet should read it."""
    return next(
        (view.for_a_reader(notice) for notice in warnings if notice.kind == "reminder"),
        None,
    )


def _ranking(result: Ranking) -> tuple[list[str], list[Row]]:
    # Each criterion gets its own columns (lowest and highest value on its 0–1 scale, and
    # what the value rests on), so a spreadsheet can sort and filter on any of them.
    per_criterion = [
        f"{criterion.name}_{part}"
        for criterion in result.criteria
        for part in ("low", "high", "basis")
    ]
    header = [
        "rank",
        "slug",
        "name",
        "first_probability",
        "top3_probability",
        "expected_rank",
        "score_worst",
        "score_best",
        "known",
        "criteria_total",
        "confidence_factor",
        "price_usd_min",
        "price_usd_max",
        *per_criterion,
        "assumed",
        "reason",
        "reason_sources",
        "safety",
        "cost_months",
        "cost_usd_min",
        "cost_usd_max",
        "cost_is_lower_bound",
        "clinic_sessions_min",
        "clinic_sessions_max",
        "price_as_of",
        "price_old",
        "not_about_model",
        # As in compare's CSV: the warning travels with a ranking pasted anywhere.
        "safety_note",
    ]
    reminder = _reminder(result.warnings)
    costs = {cost.slug: cost for cost in result.costs}
    dated = by_id(result.sources)
    rows: list[Row] = []
    for entry in result.entries:
        device: Device = entry.device
        cost = costs.get(device.slug)
        values: list[str] = []
        for part in entry.contributions:
            values += [f"{part.low:.4f}", f"{part.high:.4f}", part.basis]
        rows.append(
            [
                entry.rank,
                device.slug,
                device.name,
                f"{entry.first:.4f}",
                f"{entry.top3:.4f}",
                f"{entry.expected_rank:.2f}",
                f"{entry.worst:.1f}",
                f"{entry.best:.1f}",
                entry.known,
                entry.criteria_total,
                None if entry.confidence is None else f"{entry.confidence:.4f}",
                *_span(price_range(device)),
                *values,
                _ids(entry.assumed),
                entry.reason,
                _ids(entry.reason_sources),
                result.flagged.get(device.slug),
                cost.months if cost else None,
                cost.low_usd if cost else None,
                cost.high_usd if cost else None,
                (not cost.complete) if cost else None,
                *(_rounded(cost.clinic_sessions) if cost else [None, None]),
                *_price_dates(device, dated),
                _resting_on(device),
                reminder,
            ]
        )
    return header, rows


def _rounded(span: tuple[float, float] | None) -> list[str | None]:
    return [f"{span[0]:.2f}", f"{span[1]:.2f}"] if span else [None, None]


def _plan(result: Plan) -> tuple[list[str], list[Row]]:
    header = ["week", "date", "weekday", "phase", "minutes", "routine_source", "general_routine"]
    rows: list[Row] = [
        [
            week.number,
            session.day.isoformat(),
            f"{session.day:%a}",
            session.phase.value,
            result.minutes,
            result.source,
            result.general,
        ]
        for week in result.weeks
        for session in week.sessions
    ]
    return header, rows
