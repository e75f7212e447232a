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
from ..engine import (
    COMPARED_FIELDS,
    KEY_FACTS,
    Chart,
    Comparison,
    CriteriaListing,
    DeviceDetail,
    DeviceListing,
    Plan,
    Ranking,
    Result,
    SafetyListing,
    SourceListing,
    current_range,
    known_facts,
    price_range,
    severity_sources,
    strictest,
)
from ..records import CITED_FIELDS, Claim, ClaimBasis, Device, Source
from ..trust import PRICE_FIELDS, basis, by_id, claim_date, for_the_model, old_dates
from .text import claim_text, claims_text, number, value_text

Row = Sequence[object]


def render(result: Result) -> str:
    """The result as CSV text with CRLF line ends, as RFC 4180 asks."""
    header, rows = _table(result)
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


def _table(result: Result) -> tuple[list[str], list[Row]]:
    if isinstance(result, DeviceListing):
        return _listing(result)
    if isinstance(result, DeviceDetail):
        return _detail(result)
    if isinstance(result, Comparison):
        return _comparison(result)
    if isinstance(result, Ranking):
        return _ranking(result)
    if isinstance(result, CriteriaListing):
        header = ["name", "label", "better", "weight", "relative", "rationale", "sources"]
        return header, [
            [c.name, c.label, c.direction.value, c.weight, c.relative, c.rationale, _ids(c.sources)]
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


_LISTED = ("current_type", "probes", "app", "subscription", "fda_status", "fda_510k")


def _listing(result: DeviceListing) -> tuple[list[str], list[Row]]:
    header = [
        "slug",
        "name",
        "brand",
        "price_usd_min",
        "price_usd_max",
        "output_ua_min",
        "output_ua_max",
        *_LISTED,
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
            device.slug,
            device.name,
            device.brand,
            *_span(price_range(device)),
            *_span(current_range(device)),
            *(_text(name, getattr(device, name)) for name in _LISTED),
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


def _detail(result: DeviceDetail) -> tuple[list[str], list[Row]]:
    device = result.device
    labels = dict(COMPARED_FIELDS)
    dated = by_id(result.sources)
    rows: list[Row] = []
    for name in CITED_FIELDS:
        claims: tuple[Claim[Any], ...] | None = getattr(device, name)
        if not claims:
            rows.append([device.slug, name, labels[name], None, None, None, None, None, None])
        for claim in claims or ():
            when = claim_date(claim, dated)
            rows.append(
                [
                    device.slug,
                    name,
                    labels[name],
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


def _comparison(result: Comparison) -> tuple[list[str], list[Row]]:
    slugs = [device.slug for device in result.devices]
    header = ["field", "label", *slugs, "differs", "better"]
    dated = by_id(result.sources)
    rows: list[Row] = [
        [
            row.field,
            row.label,
            *(_text(row.field, cell, dated) for cell in row.cells),
            row.differs,
            _ids([slugs[index] for index in row.best]),
        ]
        for row in result.rows
    ]
    if result.costs:
        months = result.costs[0].months
        texts = {cost.slug: cost.text for cost in result.costs}
        rows.append(
            [
                f"cost_{months}_months",
                f"Cost over {months} months",
                *(texts.get(slug) for slug in slugs),
                len(set(texts.values())) > 1,
                None,
            ]
        )
    return header, rows


def _ranking(result: Ranking) -> tuple[list[str], list[Row]]:
    header = [
        "rank",
        "slug",
        "name",
        "score",
        "scored_on",
        "criteria_total",
        "price_usd_min",
        "price_usd_max",
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
    ]
    costs = {cost.slug: cost for cost in result.costs}
    dated = by_id(result.sources)
    rows: list[Row] = []
    for entry in result.entries:
        device: Device = entry.device
        cost = costs.get(device.slug)
        rows.append(
            [
                entry.rank,
                device.slug,
                device.name,
                number(entry.score) if entry.score.is_integer() else f"{entry.score:.1f}",
                entry.scored_on,
                entry.criteria_total,
                *_span(price_range(device)),
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
