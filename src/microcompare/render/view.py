"""What each result says, decided once: titles, headers, labels, notes and footnote wording.

Every human-facing format (the terminal table, Markdown and the HTML page made from it, CSV
where it carries words, iCalendar) takes its words from here and only lays them out:
escapes, wraps, styles, links and cites. A sentence written in two renderers drifts apart
("nearness" in one, "closeness" in another); `tests/test_render_wording` fails where a
renderer writes a phrase of its own or words another one also writes. How a single value
reads ("$325–350", "unknown") is `text`'s job; this module says what surrounds the values.
The sentences the engine writes about a result (a pick's reason, the verdict, what would
settle it) are in the result itself, so JSON carries the very words the other formats print.

Cited sentences are `Cited`: the words and the source ids behind them, so each format cites
them its own way ("[a, b]" in a terminal, footnote marks in Markdown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..engine.cost import money_text, sessions_text
from ..engine.listing import KEY_FACTS
from ..engine.results import (
    Comparison,
    Notice,
    OwnershipCost,
    PickKind,
    Plan,
    Ranking,
)
from ..fields import CITED_FIELDS, label
from ..records import Claim, Device
from ..vocab import Method
from .text import UNKNOWN, counted, number, percent, range_text, session_days_text

if TYPE_CHECKING:
    from ..engine.result_parts import Dominated, Mark


class Cited(NamedTuple):
    """A sentence and the sources it rests on."""

    text: str
    sources: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Every result: page titles, notices, safety flags, the device column

# The title of each command's result where a format gives it one (an HTML page's heading).
TITLES = {
    "list": "Devices",
    "show": "Device",
    "compare": "Comparison",
    "rank": "Ranking",
    "criteria": "Ranking criteria",
    "sources": "Sources",
    "safety": "Safety",
    "plan": "Routine",
    "chart": "Output current and price",
}

SAFETY = TITLES["safety"]
SOURCES = TITLES["sources"]
DEVICE = TITLES["show"]
DEVICES = TITLES["list"]


def title(command: str) -> str:
    """A command's title: "Ranking"."""
    return TITLES.get(command, command.title())


def notice_label(notice: Notice) -> str:
    """What a notice is, said before it: "Safety (avoid)", "Safety", "Note", "Warning"."""
    if notice.kind == "safety":
        return f"{SAFETY} ({notice.severity})"
    return {"reminder": SAFETY, "name": "Note"}.get(notice.kind, "Warning")


def for_a_reader(notice: Notice) -> str:
    """A notice as a reader of a page, a spreadsheet or a calendar reads it: with no
    terminal to hand, not told to run a command."""
    return notice.reader_message or notice.message


# Said beside a device one of the user's conditions applies to, by the condition's severity.
FLAG_WORDS = {"absolute": "never use", "avoid": "avoid", "caution": "caution"}
# A severity where a column gives it, with what it asks of the reader.
SEVERITY_WORDS = {
    "absolute": "absolute (never use)",
    "avoid": "avoid",
    "caution": "caution (take care)",
}

FIELD = "Field"
VALUE = "Value"
SOURCE = "Source"
UNKNOWN_ANYWHERE = "Unknown (no source gives it)"


# Below a terminal's table, after the ids of the sources cited in it.
SOURCES_HINT = "(--sources gives each in full; 'microcompare sources' lists them all)."
# Below a Markdown table or an HTML page's, whose sources are numbered footnotes.
FOOTNOTED = "Each figure's sources are footnoted."


# ---------------------------------------------------------------------------------------
# list

# Short words for a narrow column of current types; `show` gives the full value.
SHORT_CURRENT_TYPES = {
    "microcurrent": "micro",
    "nanocurrent": "nano",
    "micro-and-nano": "micro+nano",
    "hybrid": "hybrid",
}


def listing_title(count: int) -> str:
    """e.g. "49 devices"."""
    return counted(count, "device")


KNOWN = "Known"


def more_devices(more: int) -> str:
    """The devices --limit left out."""
    return f"{counted(more, 'more device')} not shown (--limit)."


def known_note(named: str) -> str:
    """What the known count means, `named` as the format shows it ("Known", "'n/8 known'")."""
    facts = ", ".join(name for name, _ in KEY_FACTS)
    return f"{named} counts the {len(KEY_FACTS)} key facts a source gives: {facts}."


def show_hint(sources: int) -> str:
    """Where to find each value's source, below a terminal's list."""
    return (
        "'microcompare show SLUG' gives every value with its source "
        f"({counted(sources, 'source')} cited here)."
    )


# ---------------------------------------------------------------------------------------
# show


class Fact(NamedTuple):
    """One row of `show`: a field's label (on its first claim only), and the claim, or
    None where no source gives the field."""

    field: str
    label: str
    claim: Claim[Any] | None


def facts(device: Device) -> Iterator[Fact]:
    """Every cited field of the device, in the order `show` gives them, one row a claim."""
    for name in CITED_FIELDS:
        claims: tuple[Claim[Any], ...] | None = getattr(device, name)
        if not claims:
            yield Fact(name, label(name), None)
        for index, claim in enumerate(claims or ()):
            yield Fact(name, label(name) if index == 0 else "", claim)


BRAND = "Brand"
ALSO_KNOWN_AS = "Also known as"


# ---------------------------------------------------------------------------------------
# compare


def comparison_title(names: Sequence[str]) -> str:
    """e.g. "NuFACE Trinity+ vs ZIIP HALO"."""
    return " vs ".join(names)


BETTER_MARK = "✓"
DIFFERS_MARK = "*"
COMPARISON_LEGEND = (
    f"{BETTER_MARK} better where the field has a direction",
    f"{DIFFERS_MARK} values differ",
)
UNKNOWN_FOR_EVERY_DEVICE = "Unknown for every device"


class ComparedField(NamedTuple):
    """One row of compare: its label, with DIFFERS_MARK where the values differ, and each
    device's claims, `better` where BETTER_MARK goes beside them."""

    field: str
    label: str
    differs: bool
    cells: tuple[tuple[tuple[Claim[Any], ...] | None, bool], ...]


def compared_fields(comparison: Comparison) -> tuple[list[ComparedField], list[str]]:
    """compare's rows, and the labels of the fields no source gives for any device (said
    in one line under the table rather than as rows that each read "unknown")."""
    rows: list[ComparedField] = []
    unknown: list[str] = []
    for row in comparison.rows:
        if all(cell is None for cell in row.cells):
            unknown.append(row.label)
            continue
        label = row.label + (f" {DIFFERS_MARK}" if row.differs else "")
        cells = tuple((cell, index in row.best) for index, cell in enumerate(row.cells))
        rows.append(ComparedField(row.field, label, row.differs, cells))
    return rows, unknown


def device_group(first: int, last: int, total: int) -> str:
    """Which devices one of several side-by-side tables holds, counted from 1."""
    if first == last:
        return f"{DEVICE} {first} of {total}:"
    return f"{DEVICES} {first}–{last} of {total} (too many to fit side by side at this width):"


AHEAD = "Where each is ahead (ranking criteria)"
NONE_AHEAD = "none: no criterion is known for two of them and different"


# ---------------------------------------------------------------------------------------
# Cost of ownership (compare and rank --months)

COST_HEADERS = (DEVICE, "Cost", "Clinic sessions it equals")


def cost_title(months: int) -> tuple[str, str]:
    """The title and what the cost adds up."""
    return (
        f"Cost over {counted(months, 'month')}",
        "price + subscription + consumables",
    )


class CostRow(NamedTuple):
    """One device's cost of ownership in COST_HEADERS' columns; `sources` back its cost (the
    clinic's are cited in the notes)."""

    device: str
    cost: str
    sessions: str
    sources: tuple[str, ...]


def cost_rows(costs: Sequence[OwnershipCost], names: Mapping[str, str]) -> list[CostRow]:
    """Each cost as a row, the device by the name `names` gives it (else its slug)."""
    return [
        CostRow(
            names.get(cost.slug, cost.slug),
            cost.text,
            sessions_text(cost.clinic_sessions, exact=cost.complete)
            if cost.clinic_sessions
            else UNKNOWN,
            tuple(source for part in cost.parts for source in part.sources),
        )
        for cost in costs
    ]


def cost_notes(costs: Sequence[OwnershipCost]) -> list[Cited]:
    """What a cost of ownership means and what it is set beside, cited."""
    notes = [
        Cited(
            "≥ is a lower bound: a cost whose amount no source gives is named, never counted "
            "as free; 'any subscription': no source says whether one is needed."
        )
    ]
    if not any(cost.grows_with_months for cost in costs):
        notes.append(
            Cited(
                "No running cost has a known amount, so the total is the same for any number "
                "of months."
            )
        )
    seen: set[str] = set()
    for part in (part for cost in costs for part in cost.parts if part.kind == "consumable"):
        if part.label not in seen:
            seen.add(part.label)
            notes.append(Cited(f"Every session needs {part.label}", tuple(part.sources)))
    clinic = costs[0]
    if clinic.clinic_usd:
        notes.append(
            Cited(
                f"A professional microcurrent facial costs {money_text(*clinic.clinic_usd)} "
                "a session",
                tuple(clinic.clinic_sources),
            )
        )
    course = clinic.clinic_course_text
    if course:
        notes.append(
            Cited(f"{course[:1].upper()}{course[1:]}", tuple(clinic.clinic_course_sources))
        )
    return notes


# ---------------------------------------------------------------------------------------
# rank

PICK_LABELS = {
    PickKind.TOP: "Top pick",
    PickKind.BUDGET: "Budget pick",
    PickKind.UPGRADE: "Upgrade pick",
}
PICKS = "Picks"


def within(ranking: Ranking) -> str:
    """What was ranked: "within $400", "with a known price"."""
    if ranking.budget_usd is not None:
        return f"within ${number(ranking.budget_usd)}"
    return "with a known price"


def ranking_title(ranking: Ranking) -> str:
    """e.g. "12 devices within $400, most often first at the top"."""
    front = " on the Pareto front" if ranking.pareto else ""
    devices = counted(len(ranking.entries), "device")
    return f"{devices} {within(ranking)}{front}, most often first at the top"


def nothing_ranked(ranking: Ranking) -> str:
    """Said where no device is left to rank and the engine gives no reason of its own."""
    return f"No device with a known price is {within(ranking)}."


def nothing_to_rank(ranking: Ranking) -> str:
    """The heading where no device is ranked: "Nothing to rank within $20"."""
    return f"Nothing to rank {within(ranking)}"


REMOVED_BY_PARETO = "Removed by --pareto"


def dominated_text(item: Dominated) -> str:
    """Why --pareto removed a device."""
    return (
        f"{item.device.slug}: {item.by.slug} is better even at its worst on "
        f"{', '.join(item.criteria)}, and no worse on the rest"
    )


class RankHeaders(NamedTuple):
    """The headers of rank's columns."""

    rank: str = "#"
    device: str = DEVICE
    price: str = "Price"
    first: str = "First"
    top3: str = "Top 3"
    mean: str = "Mean rank"
    score: str = "Score"
    known: str = KNOWN
    why: str = "Why"


RANK = RankHeaders()
# Short words in a narrow terminal: the mean rank, and the stability of a weight's range.
MEAN = "mean"
BELOW = "below"
ABOVE = "above"
# A weighted sum's worst and best score, added up.
WORST = "worst"
BEST = "best"
LOOK_UP_NEXT = "(look these up next)"
SETTLE = "What would settle it"
NOTHING_SETTLES = "No single fact still unknown changes the top pick on its own."
MOVES_MOST = "Its chance moves most with"
ASSUMED = "Assumed, not from a source"


EXPLAIN_HINT = "--explain shows the arithmetic."
SCALES_HINT = "`microcompare criteria` gives every scale."

# --explain: how each score is made, in the terminal.
EXPLAIN_TITLE = "How each score range is made"


def explain_intro(method: Method) -> str:
    """What the explained figures are and how a score is made of them."""
    intro = (
        "Each criterion is on its fixed 0–1 scale (1 best; `microcompare criteria` gives the "
        "scales). Low and High are the worst and best value the facts allow: an unknown one "
        "spans the whole scale. Share = weight ÷ the sum of all the weights. "
    )
    if method is Method.TOPSIS:
        return intro + (
            "TOPSIS: D+ = √Σ(share × (1 − value))², D− = √Σ(share × value)², "
            "score = 100 × D− ÷ (D+ + D−), at every value's low and at its high."
        )
    return intro + "Points = 100 × share × value; the score is the sum of the points."


class ExplainHeaders(NamedTuple):
    """The headers of an explained score's columns."""

    criterion: str = "Criterion"
    value: str = VALUE
    low: str = "Low"
    high: str = "High"
    share: str = "Share"
    points: str = "Points"


EXPLAIN = ExplainHeaders()
STABILITY_TITLE = "How far each weight can move"


def stability_text(leader: str, total: float) -> str:
    """What the weight ranges below it mean."""
    return (
        f"With every value at its mean, {leader} scores highest at your weights. Each weight "
        f"can move within this range, the others rescaled so that all still sum to "
        f"{number(total)}, before another device scores highest:"
    )


def confidence_text(first: float, weights: str, confidence: float) -> str:
    """Where a device comes first and how sure it is at its central weights."""
    return (
        f"First in {percent(first)} of draws; their mean weights: {weights}; at those "
        f"weights it is first in {percent(confidence)} (confidence factor)."
    )


# ---------------------------------------------------------------------------------------
# criteria


def criteria_title(count: int) -> str:
    """e.g. "8 ranking criteria, default weights"."""
    return f"{counted(count, 'ranking criterion', 'ranking criteria')}, default weights"


class CriteriaHeaders(NamedTuple):
    """The headers of criteria's columns, where a format gives each its own."""

    criterion: str = "Criterion"
    weight: str = "Weight"
    better: str = "Better"
    scale: str = "Scale (0 worst, 1 best)"
    why: str = "Why it counts"


CRITERIA = CriteriaHeaders()


def better_text(direction: str) -> str:
    """e.g. "lower is better"."""
    return f"{direction} is better"


def scale_text(scale: str) -> str:
    """A criterion's scale where no column names it."""
    return f"Scale: {scale}."


PROFILES_TITLE = "Weight profiles"
PROFILES_OPTION = "rank --profile NAME"


class ProfileHeaders(NamedTuple):
    """The headers of the weight profiles' columns."""

    profile: str = "Profile"
    weights: str = "Weights"
    purpose: str = "For whom"


PROFILE = ProfileHeaders()


def weights_text(weights: Mapping[str, float]) -> str:
    """e.g. "fda 2, evidence 2, price 1.5"."""
    return ", ".join(f"{name} {number(weight)}" for name, weight in weights.items())


CRITERIA_NOTE = (
    "Change one weight with rank --weight NAME=NUMBER (repeatable; 0 leaves a criterion "
    "out). Every scale is fixed, 0 worst to 1 best; a value unknown for a device spans "
    "its whole scale, never 0 and never left out."
)


# ---------------------------------------------------------------------------------------
# sources


def sources_title(count: int) -> str:
    """e.g. "87 sources"."""
    return counted(count, "source")


class SourceHeaders(NamedTuple):
    """The headers of the sources' columns."""

    id: str = "Id"
    source: str = SOURCE
    kind: str = "Kind"
    cited_by: str = "Devices citing it"


SOURCE_HEADERS = SourceHeaders()


def cited_by_text(count: int) -> str:
    """e.g. "cited by 3 devices"."""
    return f"cited by {counted(count, 'device')}"


# ---------------------------------------------------------------------------------------
# safety


def safety_title(count: int) -> str:
    """e.g. "16 conditions the sources warn about, strictest first"."""
    return f"{counted(count, 'condition')} the sources warn about, strictest first"


SAFETY_HEADERS = ("Condition", "Severity", "Why, and who says so")
STRICTEST_APPLIES = (
    "Where sources differ, the strictest severity applies and every source is shown."
)
ONLY_FOR = "Only for"


SAFETY_SCOPE = (
    "The sources speak of microcurrent as a whole, so each condition covers every device "
    "(a catalogue can narrow one with applies_to). Screen with --condition NAME on list, "
    "show, compare, rank and plan."
)
SOURCES_SAY = "Sources say"
ALSO = "also"


# ---------------------------------------------------------------------------------------
# plan


def plan_title(name: str) -> str:
    """e.g. "Routine for ZIIP HALO"."""
    return f"{TITLES['plan']} for {name}"


def following(plan: Plan) -> str:
    """Which routine the plan follows, before the routine itself."""
    if plan.general:
        return "Following the general routine (no routine is known for this device): "
    return "Following this device's routine: "


ANOTHER_SOURCE = "Another source gives: "


def session_length(plan: Plan) -> str:
    """e.g. "5 minutes a session", before its source."""
    if plan.minutes is None:
        return "Session length: unknown (no source gives one for this device)"
    return f"{number(plan.minutes)} minutes a session"


PLAN_HEADERS = ("Week", "Dates", "Phase", "Routine", "Plan", "Session days")
PLAN_NOTE = (
    "Routine: sessions a week the routine asks for; Plan: sessions planned. Where the "
    "routine gives a range (2–3), the plan holds the lower number, the least it asks."
)
NO_WEEKS = "No weeks to plan."


def plan_weeks_title(plan: Plan) -> str:
    """e.g. "12 weeks from Tue 01 Dec 2026: 36 sessions"."""
    first: dt.date = plan.weeks[0].start
    weeks = len(plan.weeks)
    return (
        f"{weeks} week{'s' if weeks != 1 else ''} from {first:%a %d %b %Y}: "
        f"{counted(plan.session_count, 'session')}"
    )


def week_rows(plan: Plan) -> list[tuple[str, str, str, str, str, str]]:
    """Each week of the plan in PLAN_HEADERS' columns; "—" where a week asks for nothing."""
    return [
        (
            str(week.number),
            f"{week.start:%d %b}–{week.end:%d %b}",
            ", then ".join(phase.value for phase in week.phases) or UNKNOWN,
            week.asked or "—",
            str(len(week.sessions)),
            session_days_text([session.day for session in week.sessions]) or "—",
        )
        for week in plan.weeks
    ]


ICS_HINT = "--format ics writes these sessions as calendar events."


def calendar_name(name: str) -> str:
    """The calendar's name in a calendar app."""
    return f"Microcurrent routine: {name}"


def session_summary(name: str, minutes: str | None, phase: str) -> str:
    """A calendar event's one-line summary: "Microcurrent: ZIIP HALO (5 min, loading phase)"."""
    detail = f"{minutes}, {phase} phase" if minutes else f"{phase} phase"
    return f"Microcurrent: {name} ({detail})"


def needs_text(consumables: Sequence[str]) -> str:
    """e.g. "Needs conductive gel."."""
    return f"Needs {' and '.join(consumables)}."


# ---------------------------------------------------------------------------------------
# chart

CHART_CURRENT = "Output current (µA), every source's claim"
CHART_PRICE = "Price (US$), every source's claim"
CHART_HEADERS = (DEVICE, label("output_ua"), "Price")


def chart_title(count: int) -> str:
    """e.g. "Output current and price of 49 devices"."""
    return f"{TITLES['chart']} of {counted(count, 'device')}"


CHART_LEGEND = "█ current   ▒ a range (adjustable, or sources differ)   "
NO_CHART_VALUES = "No source gives this for any device here."


def other_range_text(mark: Mark) -> str:
    """A further current range a source gives, before the chart's legend."""
    return (
        f"{', '.join(mark.sources)} gives {range_text(mark.low, mark.high)} µA as the {mark.label}."
    )


# ---------------------------------------------------------------------------------------
# An HTML page

ABOUT_PAGE = "Every figure cites its source; a value no source gives reads as unknown."


def made_with(version: str) -> str:
    """The page's byline."""
    return f"Made with microcompare {version}. {ABOUT_PAGE}"


CHANCE_CHART_LABEL = "Chance of coming first, by device"
CHANCE_CHART_CAPTION = (
    "Chance of coming first (dark bar, figure at the right) and of a top-three place (light "
    "bar), over the plausible weights and values."
)


def chances_text(slug: str, first: float, top3: float) -> str:
    """One device's chances, said over its bars."""
    return f"{slug}: first {percent(first)}, top 3 {percent(top3)}"
