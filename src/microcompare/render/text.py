"""Words for values, shared by the human-facing formats: unknown always reads "unknown"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Any

from ..engine.facts import modality_text
from ..records import Claim, CurrentSpan, Evidence, EvidenceKind, Modality, Phase, Protocol, Source

UNKNOWN = "unknown"

_EVIDENCE_KIND = {
    EvidenceKind.INDEPENDENT_STUDY: "independent study",
    EvidenceKind.MAKER_STUDY: "maker's trial",
    EvidenceKind.REGISTERED_TRIAL: "registered trial",
    EvidenceKind.LIMITED: "limited",
}


def number(value: float) -> str:
    """A figure without a needless decimal point, with thousands separators."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) < 0.01:
        return f"{value:.2g}"  # 0.001 µA is not 0
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(field: str, value: Any) -> str:
    """One claimed value in words."""
    if field == "price_usd":
        return f"${number(value)}"
    if isinstance(value, CurrentSpan):
        return f"{number(value.low)}–{number(value.high)}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value).replace("-", " ")
    if isinstance(value, float | int):
        return number(value)
    if isinstance(value, Protocol):
        return protocol_text(value)
    if isinstance(value, Evidence):
        return evidence_text(value)
    if isinstance(value, tuple):
        return ", ".join(
            modality_text(item) if isinstance(item, Modality) else str(item) for item in value
        )
    return str(value)


def _phase_text(phase: Phase) -> str:
    low, high = phase.sessions_per_week_min, phase.sessions_per_week_max
    times = f"{low}×/week" if low == high else f"{low}–{high}×/week"
    return f"{times} for {phase.days} days" if phase.days else times


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
        text += f", {evidence.days} days"
    if evidence.self_assessed:
        text += ", self-assessed"
    if evidence.results_pct:
        text += ": " + ", ".join(f"{name} {pct}%" for name, pct in evidence.results_pct.items())
    return text


def claims_text(field: str, claims: Sequence[Claim[Any]] | None, *, count: bool = True) -> str:
    """Every claim for a field in one phrase; disagreement shown as a range or a list.

    With `count`, several sources are noted, e.g. "$325–350 (2 sources)".
    """
    if not claims:
        return UNKNOWN
    if field in {"price_usd", "output_ua"}:
        lows: list[float] = []
        highs: list[float] = []
        for claim in claims:
            value = claim.value
            lows.append(value.low if isinstance(value, CurrentSpan) else value)
            highs.append(value.high if isinstance(value, CurrentSpan) else value)
        low, high = min(lows), max(highs)
        text = number(low) if low == high else f"{number(low)}–{number(high)}"
        if field == "price_usd":
            text = "$" + text
    else:
        distinct: list[str] = []
        for claim in claims:
            shown = value_text(field, claim.value)
            if shown not in distinct:
                distinct.append(shown)
        text = " / ".join(distinct)
    sources = len({claim.source for claim in claims})
    if count and sources > 1:
        text += f" ({sources} sources)"
    return text


def source_text(source: Source) -> str:
    """e.g. "Title — Publisher, 2026. https://…" for a footnote."""
    text = source.title
    if source.publisher:
        text += f" — {source.publisher}"
    if source.date:
        text += f", {source.date}"
    where = source.url or (f"seed article {source.seed_file}" if source.seed_file else None)
    if where:
        text += f". {where}"
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


def percent(share: float) -> str:
    """A share of draws as a whole percentage; under 1% and over 99% are said so."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


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
