"""Lay a device's routine out week by week: the maker's protocol, or the general one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..errors import BadValue, DataError
from ..records import Catalogue, Claim, Device, Phase, Protocol
from .listing import check_count
from .result_parts import PlanWeek, RoutinePhase, Session
from .results import Plan
from .safety import nothing_recommended, screen, screening_notices, with_screening_sources

MAX_WEEKS = 104


def check_weeks(weeks: int) -> int:
    """A plan length from the command line: 1 to 104 weeks (two years)."""
    return check_count(weeks, "weeks", MAX_WEEKS)


def session_days(per_week: int) -> frozenset[int]:
    """Which days of a 7-day week hold a session, spread as evenly as the count allows.

    e.g. 5 → days 0, 1, 2, 4, 5; 2 → days 0, 3.
    """
    return frozenset(index * 7 // per_week for index in range(per_week))


def _has_schedule(protocol: Protocol) -> bool:
    return protocol.loading is not None or protocol.maintenance is not None


def _chosen(claims: Sequence[Claim[Protocol]]) -> Claim[Protocol] | None:
    # The first claim that gives a schedule is followed; the others are shown beside it.
    return next((claim for claim in claims if _has_schedule(claim.value)), None)


def plan_routine(
    catalogue: Catalogue,
    device: Device,
    weeks: int,
    start: dt.date,
    *,
    conditions: Sequence[str] = (),
) -> Plan:
    """The sessions of the first `weeks` weeks from `start`, with the phase of each week.

    Where the routine gives a range (2–3 a week), the plan holds the lower number, the least
    the routine asks; the range is shown beside it.
    """
    check_weeks(weeks)
    screening = screen(catalogue, conditions, [device])
    if start > dt.date.max - dt.timedelta(weeks=weeks):
        raise BadValue(
            "start",
            lambda name: (
                f"{name} {start.isoformat()} is too late: {weeks} "
                f"week{'s' if weeks != 1 else ''} from it run past the year 9999"
            ),
        )
    own_claims = device.protocol or ()
    general_claims = (catalogue.general.protocol if catalogue.general else None) or ()
    own = _chosen(own_claims)
    general = own is None
    pool = general_claims if general else own_claims
    chosen = own or _chosen(general_claims)
    if chosen is None:
        raise DataError(
            f"{device.slug} has no known routine and the catalogue gives no general one; "
            "add a general protocol to the catalogue"
        )
    alternatives = tuple(
        claim for claim in pool if claim is not chosen and _has_schedule(claim.value)
    )
    minutes, minutes_source = _minutes(device, chosen)
    protocol = chosen.value
    plan_weeks = tuple(_week(protocol, start, number) for number in range(1, weeks + 1))
    notes: list[str] = []
    if general:
        notes.append(
            "No routine is known for this device, so this is the general routine the "
            f"sources give [{chosen.source}]."
        )
    cited = {chosen.source, *(claim.source for claim in alternatives)}
    if minutes_source:
        cited.add(minutes_source)
    warnings = screening_notices(catalogue, screening, [device])
    refusal = None
    if screening.excludes(device):
        # No calendar of sessions for a device the sources say not to use.
        plan_weeks = ()
        refusal = nothing_recommended(screening.conditions).replace(
            "Nothing is recommended.", "No routine is planned."
        )
    return Plan(
        device=device,
        protocol=protocol,
        general=general,
        source=chosen.source,
        note=chosen.note,
        alternatives=alternatives,
        minutes=minutes,
        minutes_source=minutes_source,
        start=start,
        weeks=plan_weeks,
        sources=with_screening_sources(
            catalogue, [s for s in catalogue.sources if s.id in cited], screening
        ),
        notes=tuple(notes),
        warnings=warnings,
        refusal=refusal,
        consumables=tuple(
            item.name
            for item in (catalogue.general.consumables if catalogue.general else ())
            if any(claim.value for claim in item.required)
        ),
    )


def _minutes(device: Device, chosen: Claim[Protocol]) -> tuple[float | None, str | None]:
    # The device's own session length wins over the general routine's.
    for claim in device.protocol or ():
        if claim.value.minutes_per_session is not None:
            return claim.value.minutes_per_session, claim.source
    if chosen.value.minutes_per_session is not None:
        return chosen.value.minutes_per_session, chosen.source
    return None, None


def _phase_on(protocol: Protocol, day: int) -> tuple[RoutinePhase, Phase] | None:
    loading, maintenance = protocol.loading, protocol.maintenance
    if loading is not None and (loading.days is None or day < loading.days):
        return RoutinePhase.LOADING, loading
    if maintenance is not None:
        return RoutinePhase.MAINTENANCE, maintenance
    return None


def _week(protocol: Protocol, start: dt.date, number: int) -> PlanWeek:
    first = (number - 1) * 7
    sessions: list[Session] = []
    phases: list[RoutinePhase] = []
    asked: list[str] = []
    for offset in range(7):
        found = _phase_on(protocol, first + offset)
        if found is None:
            continue
        name, phase = found
        if name not in phases:
            phases.append(name)
            low, high = phase.sessions_per_week_min, phase.sessions_per_week_max
            asked.append(str(low) if low == high else f"{low}–{high}")
        if offset in session_days(phase.sessions_per_week_min):
            sessions.append(Session(start + dt.timedelta(days=first + offset), name))
    return PlanWeek(
        number=number,
        start=start + dt.timedelta(days=first),
        end=start + dt.timedelta(days=first + 6),
        phases=tuple(phases),
        sessions=tuple(sessions),
        asked=", then ".join(asked),
    )
