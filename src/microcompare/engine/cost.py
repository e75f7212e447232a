"""What a device costs to own over some months, and how that compares with clinic sessions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..records import Catalogue, Claim, Device
from .facts import price_range
from .listing import check_count
from .results import CostPart, OwnershipCost

MAX_MONTHS = 120


def check_months(months: int) -> int:
    """A number of months from the command line: 1 to 120 (ten years)."""
    return check_count(months, "months", MAX_MONTHS)


def _span(claims: Sequence[Claim[Any]] | None) -> tuple[float, float] | None:
    # Several sources may give different figures: keep the lowest and the highest.
    if not claims:
        return None
    lows = [getattr(claim.value, "low", claim.value) for claim in claims]
    highs = [getattr(claim.value, "high", claim.value) for claim in claims]
    return float(min(lows)), float(max(highs))


def _sources(*groups: Sequence[Claim[Any]] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(claim.source for claims in groups for claim in claims or ()))


def money_text(low: float, high: float) -> str:
    """e.g. "$325", "$325–350", "$49.99": cents only where the figure has them."""

    def amount(value: float) -> str:
        return f"{value:,.0f}" if round(value, 2) == round(value) else f"{value:,.2f}"

    return f"${amount(low)}" if amount(low) == amount(high) else f"${amount(low)}–{amount(high)}"


def cost_parts(catalogue: Catalogue, device: Device, months: int) -> tuple[CostPart, ...]:
    """The price, any subscription and each required consumable over `months`."""
    price = price_range(device)
    parts = [
        CostPart(
            kind="price",
            label="price",
            low_usd=price[0] if price else None,
            high_usd=price[1] if price else None,
            needed=True,
            sources=_sources(device.price_usd),
        )
    ]
    needs = {claim.value for claim in device.subscription or ()}
    monthly = _span(device.subscription_usd_per_month)
    if needs != {False}:
        # Needed by some source, or by none that says either way: never counted as free.
        parts.append(
            CostPart(
                kind="subscription",
                label="subscription",
                low_usd=monthly[0] * months if monthly and True in needs else None,
                high_usd=monthly[1] * months if monthly and True in needs else None,
                needed=True if True in needs else None,
                sources=_sources(device.subscription, device.subscription_usd_per_month),
            )
        )
    for consumable in catalogue.general.consumables if catalogue.general else ():
        if not any(claim.value for claim in consumable.required):
            continue
        per_month = _span(consumable.usd_per_month)
        parts.append(
            CostPart(
                kind="consumable",
                label=consumable.name,
                low_usd=per_month[0] * months if per_month else None,
                high_usd=per_month[1] * months if per_month else None,
                needed=True,
                sources=_sources(consumable.required, consumable.usd_per_month),
            )
        )
    return tuple(parts)


def ownership_cost(catalogue: Catalogue, device: Device, months: int) -> OwnershipCost:
    """Price plus running costs over `months`; a lower bound where an amount is unknown."""
    check_months(months)
    parts = cost_parts(catalogue, device, months)
    price = parts[0]
    missing = [part for part in parts[1:] if part.low_usd is None]
    low = high = None
    if price.low_usd is not None and price.high_usd is not None:
        low = price.low_usd + sum(part.low_usd or 0.0 for part in parts[1:])
        high = price.high_usd + sum(part.high_usd or 0.0 for part in parts[1:])
    complete = low is not None and not missing
    text = _cost_text(low, high, missing)
    clinic = catalogue.general.clinic_session_usd if catalogue.general else None
    clinic_span = _span(clinic)
    sessions: tuple[float, float] | None = None
    clinic_text = None
    if low is not None and high is not None and clinic_span and clinic_span[0] > 0:
        sessions = (low / clinic_span[1], high / clinic_span[0])
        clinic_text = (
            f"as much as {sessions_text(sessions, exact=complete)} clinic sessions "
            f"at {money_text(*clinic_span)} each"
        )
    course = clinic_course(catalogue, clinic_span)
    return OwnershipCost(
        slug=device.slug,
        months=months,
        parts=parts,
        low_usd=low,
        high_usd=high,
        complete=complete,
        grows_with_months=any(part.low_usd is not None for part in parts[1:]),
        text=text,
        clinic_sessions=sessions,
        clinic_text=clinic_text,
        clinic_usd=clinic_span,
        clinic_sources=_sources(clinic),
        clinic_course_text=course[0] if course else None,
        clinic_course_usd=course[1] if course else None,
        clinic_course_sources=(
            _sources(catalogue.general.clinic_course if catalogue.general else None, clinic)
            if course
            else ()
        ),
    )


def clinic_course(
    catalogue: Catalogue, session_usd: tuple[float, float] | None
) -> tuple[str, tuple[float, float]] | None:
    """What a full course of clinic sessions costs, from the general facts: e.g. "a
    12-session course (12 sessions, 1×/week) at $200–500 a session costs $2,400–6,000".

    The fewest sessions any source gives at the lowest price, to the most at the highest;
    None where no source gives the number of sessions or the price of one.
    """
    claims = catalogue.general.clinic_course if catalogue.general else None
    if not claims or session_usd is None:
        return None
    lows = [n for claim in claims if (n := claim.value.sessions_min or claim.value.sessions_max)]
    highs = [n for claim in claims if (n := claim.value.sessions_max or claim.value.sessions_min)]
    if not lows or not highs:
        return None
    fewest, most = min(lows), max(highs)
    count = f"{fewest}" if fewest == most else f"{fewest}–{most}"
    total = (fewest * session_usd[0], most * session_usd[1])
    weekly = sorted(
        {
            n
            for claim in claims
            for n in (claim.value.sessions_per_week_min, claim.value.sessions_per_week_max)
            if n
        }
    )
    often = ""
    if weekly:
        often = f", {weekly[0]}×" if len(weekly) == 1 else f", {weekly[0]}–{weekly[-1]}×"
        often += " a week"
    text = (
        f"a {count}-session course{often} at {money_text(*session_usd)} a session costs "
        f"{money_text(*total)}"
    )
    return text, total


def sessions_text(sessions: tuple[float, float], *, exact: bool) -> str:
    """e.g. "0.7–1.8", or "≥ 0.6–1.7" for a lower bound, whose figures are rounded down so
    that a minimum is never overstated."""
    low, high = sessions
    if exact:
        return f"{_tenths(low, down=False)}–{_tenths(high, down=False)}"
    return f"≥ {_tenths(low, down=True)}–{_tenths(high, down=True)}"


def _tenths(value: float, *, down: bool) -> str:
    # Half rounds up (1.25 → 1.3), as a reader expects, not to even as format() does.
    scaled = value * 10 + 1e-9
    tenths = math.floor(scaled) if down else math.floor(scaled + 0.5)
    return f"{tenths / 10:.1f}"


def _cost_text(low: float | None, high: float | None, missing: Sequence[CostPart]) -> str:
    if low is None or high is None:
        return "unknown (no source gives the price)"
    if not missing:
        return money_text(low, high)
    names = [f"any {part.label}" if part.needed is None else part.label for part in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    prices = "price" if len(names) == 1 else "prices"
    return f"≥ {money_text(low, high)} + {listed} ({prices} unknown)"


def ownership_costs(
    catalogue: Catalogue, devices: Sequence[Device], months: int | None
) -> tuple[OwnershipCost, ...]:
    """Each device's cost over `months`, or nothing when no months were asked for."""
    if months is None:
        return ()
    return tuple(ownership_cost(catalogue, device, months) for device in devices)
