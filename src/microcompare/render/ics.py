"""iCalendar (RFC 5545) for a routine: one all-day event per planned session."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from ..engine.results import Plan, Result
from . import RenderOptions, view
from .text import protocol_text

PRODUCT_ID = "-//microcompare//routine//EN"


def render(
    result: Result, command: str, options: RenderOptions, *, stamp: dt.datetime | None = None
) -> str:
    """The plan's sessions as a calendar a calendar app imports.

    `stamp` is when the calendar was made (DTSTAMP); now, unless given.
    """
    if not isinstance(result, Plan):
        raise TypeError("only a plan can be written as iCalendar")
    plan = result
    made = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    device = plan.device
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", view.calendar_name(device.name))
    minutes = f"{plan.minutes:g} min" if plan.minutes is not None else None
    description = (
        f"{view.following(plan)}{protocol_text(plan.protocol)} [{plan.source}]. "
        f"{view.session_length(plan)}"
        + (f" [{plan.minutes_source}]" if plan.minutes_source else "")
        + "."
    )
    if plan.consumables:
        description += f" {view.needs_text(plan.consumables)}"
    for notice in plan.warnings:
        description += f" {view.SAFETY}: {view.for_a_reader(notice)}"
    for week in plan.weeks:
        for session in week.sessions:
            day, phase = session.day, session.phase.value
            event = Event()
            event.add("uid", f"{device.slug}-{day.isoformat()}@microcompare")
            event.add("dtstamp", made)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", view.session_summary(device.name, minutes, phase))
            event.add("description", description)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text
