"""Words for values, shared by the human-facing formats: unknown always reads "unknown"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from .. import trust
from ..engine.facts import modality_text
from ..engine.facts import percent as percent
from ..records import (
    AdverseEvent,
    Claim,
    ClaimBasis,
    ClinicCourse,
    CurrentSpan,
    DeviceConsumable,
    Evidence,
    EvidenceKind,
    Modality,
    Money,
    Phase,
    ProbeGeometry,
    Protocol,
    Source,
)
from ..trust import (
    ADVICE_FIELDS,
    BASIS_WORDS,
    GENERAL_BASIS_WORDS,
    OLD_PRICE_MARK,
    PRICE_FIELDS,
    basis,
    basis_mark,
    date_words,
    for_the_model,
    old_dates,
    source_kind_text,
)

UNKNOWN = "unknown"

# One word for each probe shape, in every format: the same label in a table and a CSV.
PROBE_WORDS = {
    ProbeGeometry.TWO_SPHERES: "2 spheres",
    ProbeGeometry.TWO_CONTACTS: "2 contacts",
    ProbeGeometry.SINGLE_FACE: "flat face",
    ProbeGeometry.SEPARATE_PROBES: "2 probes",
    ProbeGeometry.MASK: "mask",
}

# Fields that hold US dollars, which always read with "$".
_DOLLARS = frozenset({"price_usd", "subscription_usd_per_month"})

_EVIDENCE_KIND = {
    EvidenceKind.INDEPENDENT_STUDY: "independent study",
    EvidenceKind.MAKER_STUDY: "maker's trial",
    EvidenceKind.REGISTERED_TRIAL: "registered trial",
    EvidenceKind.LIMITED: "limited",
}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """e.g. "1 condition", "16 conditions", "1,200 devices"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def number(value: float) -> str:
    """A figure without a needless decimal point, with thousands separators."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) < 0.01:
        return f"{value:.2g}"  # 0.001 µA is not 0
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(field: str, value: Any) -> str:
    """One claimed value in words."""
    if field in _DOLLARS:
        return f"${number(value)}"
    if isinstance(value, CurrentSpan):
        return f"{number(value.low)}–{number(value.high)}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, ProbeGeometry):
        return PROBE_WORDS[value]
    if isinstance(value, Enum):
        return str(value.value).replace("-", " ")
    if isinstance(value, float | int):
        return number(value)
    if isinstance(value, Protocol):
        return protocol_text(value)
    if isinstance(value, Evidence):
        return evidence_text(value)
    if isinstance(value, Money):
        return other_currency_text(value)
    if isinstance(value, AdverseEvent):
        text = f"unverified report: {value.event}"
        if value.maker_response:
            return f"{text}; the maker's response: {value.maker_response}"
        return f"{text}; no maker's response in our sources"
    if isinstance(value, ClinicCourse):
        return clinic_course_text(value)
    if isinstance(value, tuple):
        return ", ".join(_item_text(item) for item in value)
    return str(value)


_CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "AUD": "A$", "JPY": "¥", "CAD": "C$"}


def other_currency_text(money: Money) -> str:
    """e.g. "£350", "A$292", or "350 CHF" for a currency without a familiar sign."""
    sign = _CURRENCY_SIGNS.get(money.currency)
    return f"{sign}{number(money.amount)}" if sign else f"{number(money.amount)} {money.currency}"


def _item_text(item: object) -> str:
    if isinstance(item, Modality):
        return modality_text(item)
    if isinstance(item, DeviceConsumable):
        extras = [
            word
            for word, flag in (("included", item.included), ("required", item.required))
            if flag
        ]
        if item.price_usd is not None:
            extras.append(f"${number(item.price_usd)}")
        return f"{item.name} ({', '.join(extras)})" if extras else item.name
    return str(item)


def range_text(low: float, high: float) -> str:
    """A range of figures, e.g. "80–400", or one figure where the two agree."""
    return number(low) if low == high else f"{number(low)}–{number(high)}"


def _span(low: float | None, high: float | None) -> str | None:
    if low is None or high is None:
        only = high if low is None else low
        return None if only is None else number(only)
    return range_text(low, high)


def clinic_course_text(course: ClinicCourse) -> str:
    """e.g. "12–15 sessions, 1–2×/week over 6 weeks; then one every 12 weeks"."""
    parts: list[str] = []
    sessions = _span(course.sessions_min, course.sessions_max)
    if sessions:
        parts.append(f"{sessions} sessions")
    weekly = _span(course.sessions_per_week_min, course.sessions_per_week_max)
    if weekly:
        parts.append(f"{weekly}×/week")
    if course.weeks:
        parts.append(f"over {course.weeks} weeks")
    if course.minutes_per_session:
        parts.append(f"{number(course.minutes_per_session)} min each")
    text = ", ".join(parts) or UNKNOWN
    if course.maintenance_every_weeks:
        text += f"; then one every {course.maintenance_every_weeks} weeks"
    return text


def _phase_text(phase: Phase) -> str:
    low, high = phase.sessions_per_week_min, phase.sessions_per_week_max
    times = f"{low}×/week" if low == high else f"{low}–{high}×/week"
    return f"{times} for {counted(phase.days, 'day')}" if phase.days else times


def protocol_text(protocol: Protocol) -> str:
    """e.g. "5 min; 5×/week for 60 days, then 2–3×/week"."""
    parts: list[str] = []
    if protocol.minutes_per_session is not None:
        parts.append(f"{number(protocol.minutes_per_session)} min")
    phases = [_phase_text(phase) for phase in (protocol.loading, protocol.maintenance) if phase]
    if phases:
        parts.append(", then ".join(phases))
    return "; ".join(parts) if parts else UNKNOWN


def evidence_text(evidence: Evidence) -> str:
    """e.g. "maker's trial, 60 days, self-assessed: tone 85%, contour 73%"."""
    text = _EVIDENCE_KIND[evidence.kind]
    if evidence.days:
        text += f", {counted(evidence.days, 'day')}"
    if evidence.self_assessed:
        text += ", self-assessed"
    if evidence.results_pct:
        text += ": " + ", ".join(f"{name} {pct}%" for name, pct in evidence.results_pct.items())
    return text


def _merged(field: str, claims: Sequence[Claim[Any]]) -> str:
    # Several claims in one phrase: a range for figures, the distinct values for the rest.
    if field in {"price_usd", "output_ua"}:
        lows: list[float] = []
        highs: list[float] = []
        for claim in claims:
            value = claim.value
            lows.append(value.low if isinstance(value, CurrentSpan) else value)
            highs.append(value.high if isinstance(value, CurrentSpan) else value)
        low, high = min(lows), max(highs)
        text = range_text(low, high)
        return "$" + text if field == "price_usd" else text
    distinct: list[str] = []
    for claim in claims:
        shown = value_text(field, claim.value)
        if shown not in distinct:
            distinct.append(shown)
    return " / ".join(distinct)


# Advice about microcurrent in general (the catalogue's `general` section), not about a model.
GENERAL_ADVICE_FIELDS = frozenset(name for name, _ in ADVICE_FIELDS)


def _qualifiers(
    field: str,
    claims: Sequence[Claim[Any]],
    about: ClaimBasis,
    sources: Mapping[str, Source] | None,
    on: dt.date | None,
) -> list[str]:
    wording = GENERAL_BASIS_WORDS if field in GENERAL_ADVICE_FIELDS else BASIS_WORDS
    words = [] if about is ClaimBasis.MODEL else [wording[about]]
    if field in PRICE_FIELDS and sources is not None:
        words += date_words(claims, sources, on or trust.today())
    return words


def claims_text(
    field: str,
    claims: Sequence[Claim[Any]] | None,
    *,
    count: bool = True,
    compact: bool = False,
    sources: Mapping[str, Source] | None = None,
    on: dt.date | None = None,
) -> str:
    """Every claim for a field in one phrase; disagreement shown as a range or a list.

    Claims about the brand or an earlier model are given apart, with what they are about:
    "$325; $350 (said of the brand, not this model)". With `sources`, a price says when it
    held and whether that is over three years before `on` (today by default). With
    `count`, several sources are noted, e.g. "$325–350 (2 sources)". `compact`, for narrow
    columns, gives only the value the engine reads, a mark (BASIS_MARKS) where it rests on
    the brand or an earlier model, and "(old)" for an old price.
    """
    if not claims:
        return UNKNOWN
    if compact:
        used = for_the_model(claims)
        text = _merged(field, used)
        text += basis_mark(basis(used))
        if (
            field in PRICE_FIELDS
            and sources is not None
            and old_dates(used, sources, on or trust.today())
        ):
            text += OLD_PRICE_MARK
        return text
    parts: list[str] = []
    for about in ClaimBasis:
        group = [claim for claim in claims if claim.about is about]
        if not group:
            continue
        text = _merged(field, group)
        words = _qualifiers(field, group, about, sources, on)
        parts.append(f"{text} ({'; '.join(words)})" if words else text)
    text = "; ".join(parts)
    distinct = len({claim.source for claim in claims})
    if count and distinct > 1:
        text += f" ({distinct} sources)"
    return text


def range_notes(
    devices: Sequence[Any], fields: Sequence[str] = ("price_usd", "output_ua")
) -> list[str]:
    """What the ranges in a listing's price and current columns mean, with an example each.

    A range is either the sources disagreeing ($325–350 from two articles) or one source
    stating a range (80–400 µA, an adjustable output); the two are told apart. Only the
    claims a value is read from count (those about the model, where there are any).
    """
    disagree: str | None = None
    stated: str | None = None
    for device in devices:
        for field in ("price_usd", "output_ua"):
            if field not in fields:
                continue
            claims = for_the_model(getattr(device, field) or ())
            if disagree is None and len({repr(claim.value) for claim in claims}) > 1:
                disagree = _merged(field, claims) + ("" if field == "price_usd" else " µA")
            spans = [
                c
                for c in claims
                if isinstance(c.value, CurrentSpan) and c.value.low != c.value.high
            ]
            if stated is None and spans:
                stated = value_text(field, spans[0].value) + " µA"
    notes = []
    if disagree:
        notes.append(f"A range such as {disagree} means sources disagree.")
    if stated:
        notes.append(
            f"A range such as {stated} is a range one source states (an adjustable output, say)."
        )
    return notes


def claim_text(
    field: str,
    claim: Claim[Any],
    *,
    sources: Mapping[str, Source] | None = None,
    on: dt.date | None = None,
) -> str:
    """One claim's value, with what it is about and, for a price, when it held."""
    words = _qualifiers(field, [claim], claim.about, sources, on)
    text = value_text(field, claim.value)
    return f"{text} ({'; '.join(words)})" if words else text


def kind_text(source: Source) -> str:
    """What kind of source it is, in words; unknown where the catalogue does not say."""
    return source_kind_text(source.kind) or UNKNOWN


def source_text(source: Source, *, kind: bool = True, url: bool = True) -> str:
    """e.g. "Title — Publisher, 2026 (maker). https://…" for a footnote; the kind is left out
    where a column gives it, and without `url` the URL is left for the caller to print whole
    on a line of its own."""
    text = source.title
    if source.publisher:
        text += f" — {source.publisher}"
    if source.date:
        text += f", {source.date}"
    said = source_kind_text(source.kind) if kind else None
    if said:
        text += f" ({said})"
    where = source.url if url else None
    if not source.url and source.seed_file:
        where = f"seed article {source.seed_file}"
    if where:
        text += f". {where}"
    elif not url and source.url:
        text += "."
    return text


def session_days_text(days: Sequence[dt.date]) -> str:
    """e.g. "Tue 29 Dec, Wed 30, Thu 31, Sat 02 Jan": the month named where it changes."""
    words: list[str] = []
    month = None
    for day in days:
        words.append(f"{day:%a %d}" + (f" {day:%b}" if day.month != month else ""))
        month = day.month
    return ", ".join(words)


# ---------------------------------------------------------------------------------------
# Rankings: chances and score ranges

_EIGHTHS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 8


def share_bar(share: float, width: int = BAR_WIDTH) -> str:
    """A share as a bar of `width` cells in eighths of a cell, padded to its width."""
    eighths = round(min(1.0, max(0.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (_EIGHTHS[part] if part else "")
    return bar.ljust(width)


def score_range_text(worst: float, best: float) -> str:
    """A 0–100 score range, e.g. "42–93", or one figure where the two agree."""
    low, high = f"{worst:.0f}", f"{best:.0f}"
    return low if low == high else f"{low}–{high}"


def method_text(ranking: Any) -> str:
    """How a ranking was made, in one paragraph: draws, weights, unknowns, margin."""
    weights = ", ".join(f"{c.name} {number(c.weight)}" for c in ranking.criteria)
    profile = f"profile {ranking.profile}"
    if ranking.overrides:
        profile += " with " + ", ".join(f"{n}={number(w)}" for n, w in ranking.overrides)
    if ranking.spread:
        drawn = (
            f"each weight drawn from {number(1 - ranking.spread)} to "
            f"{number(1 + ranking.spread)} times {profile} ({weights})"
        )
    else:
        drawn = f"at the exact weights of {profile} ({weights})"
    method = "TOPSIS" if ranking.method.value == "topsis" else "weighted sum"
    return (
        f"Ranked {ranking.samples:,} times (seed {ranking.seed}) by {method}, {drawn}. "
        "A value not known for the model is drawn over its range: unknown, the whole "
        "scale; said only of the brand or an earlier model, that value half the time. "
        f"Chances are within ±{ranking.margin * 100:.1f} points (95%). Score: worst–best "
        "at the exact weights, 0–100 on fixed scales."
    )
