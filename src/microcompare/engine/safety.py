"""Screen devices against a user's conditions, as the sources' contraindications direct."""

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..errors import UsageError
from ..records import Catalogue, Contraindication, Device, Source
from ..trust import ADVICE_FIELDS
from ..vocab import SEVERITY_ORDER, Severity
from .results import Advice, Notice, SafetyListing

_SEVERITY_WORDS = {
    Severity.ABSOLUTE: "a hard stop (an absolute contraindication); do not use these devices",
    Severity.AVOID: "the sources say to avoid these devices",
    Severity.CAUTION: "use with care; the sources advise extra care or a doctor's advice first",
}
# Removing a device from a ranking is for the severities that say not to use it at all.
EXCLUDING = frozenset({Severity.ABSOLUTE, Severity.AVOID})
REMINDER_CONDITION = "pacemaker"


def strictest(item: Contraindication) -> Severity:
    """The severity that applies: the strictest any source gives."""
    return min((claim.value for claim in item.severity), key=SEVERITY_ORDER.__getitem__)


def severity_sources(item: Contraindication) -> tuple[tuple[Severity, tuple[str, ...]], ...]:
    """Each severity the sources give, strictest first, with the sources that give it."""
    grouped: dict[Severity, list[str]] = {}
    for claim in item.severity:
        sources = grouped.setdefault(claim.value, [])
        if claim.source not in sources:
            sources.append(claim.source)
    return tuple(
        (severity, tuple(grouped[severity]))
        for severity in sorted(grouped, key=SEVERITY_ORDER.__getitem__)
    )


def contraindication_sources(item: Contraindication) -> tuple[str, ...]:
    """Every source behind a contraindication, those giving the strictest severity first."""
    return tuple(source for _, sources in severity_sources(item) for source in sources)


def applies(item: Contraindication, device: Device) -> bool:
    """Whether a contraindication covers a device."""
    return item.applies_to is None or device.slug in item.applies_to


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def condition_names(catalogue: Catalogue) -> dict[str, Contraindication]:
    """Every name `--condition` accepts (each id and its other names), with its condition."""
    return {alias: item for item in catalogue.contraindications for alias in (item.id, *item.names)}


def find_condition(catalogue: Catalogue, name: str) -> Contraindication:
    """The contraindication a user names by its id or one of its other names, in any case."""
    key = _key(name)
    known = ", ".join(item.id for item in catalogue.contraindications)
    if not key:
        raise UsageError(f"a condition cannot be empty; known conditions: {known}")
    index = {_key(alias): item for alias, item in condition_names(catalogue).items()}
    if key in index:
        return index[key]
    shown = name if len(name) <= 40 else name[:37] + "..."
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.75) if len(key) < 80 else []
    hint = f" — did you mean {index[close[0]].id!r}?" if close else ""
    raise UsageError(f"unknown condition {shown!r}{hint}; known conditions: {known}")


def find_conditions(catalogue: Catalogue, names: Iterable[str]) -> tuple[Contraindication, ...]:
    """Each named condition once, in the order given; "tmj,pregnant" names two."""
    found: dict[str, Contraindication] = {}
    for text in names:
        parts = text.split(",") if "," in text else [text]
        for name in parts:
            item = find_condition(catalogue, name)
            found.setdefault(item.id, item)
    return tuple(found.values())


class Screening(NamedTuple):
    """What a user's conditions mean for a set of devices."""

    conditions: tuple[Contraindication, ...]
    # Slug: the conditions that apply to that device.
    flags: dict[str, tuple[Contraindication, ...]]

    def severity(self, device: Device) -> Severity | None:
        """The strictest severity among the conditions that apply to a device."""
        severities = [strictest(item) for item in self.flags.get(device.slug, ())]
        return min(severities, key=SEVERITY_ORDER.__getitem__) if severities else None

    def excludes(self, device: Device) -> bool:
        """Whether a condition says not to use this device at all."""
        return self.severity(device) in EXCLUDING

    def flagged(self) -> dict[str, str]:
        """Slug: the strictest severity that applies to it, for the devices with any."""
        return {
            slug: min((strictest(item) for item in items), key=SEVERITY_ORDER.__getitem__).value
            for slug, items in self.flags.items()
        }

    def notices(self, devices: Sequence[Device]) -> tuple[Notice, ...]:
        """One warning per condition, naming the devices it covers, strictest first."""
        shown = {device.slug for device in devices}
        notices: list[Notice] = []
        ordered = sorted(self.conditions, key=lambda item: SEVERITY_ORDER[strictest(item)])
        for item in ordered:
            covered = tuple(
                slug for slug, items in self.flags.items() if item in items and slug in shown
            )
            notices.append(condition_notice(item, covered, every=len(covered) == len(shown)))
        return tuple(notices)


def screen(catalogue: Catalogue, names: Iterable[str], devices: Sequence[Device]) -> Screening:
    """Which of the named conditions apply to each device."""
    conditions = find_conditions(catalogue, names)
    flags: dict[str, tuple[Contraindication, ...]] = {}
    for device in devices:
        found = tuple(item for item in conditions if applies(item, device))
        if found:
            flags[device.slug] = found
    return Screening(conditions=tuple(conditions), flags=flags)


def with_screening_sources(
    catalogue: Catalogue, sources: Sequence[Source], screening: Screening | None
) -> tuple[Source, ...]:
    """A result's sources plus those behind the user's conditions, in registry order."""
    cited = {source.id for source in sources}
    for item in screening.conditions if screening else ():
        cited.update(contraindication_sources(item))
    return tuple(source for source in catalogue.sources if source.id in cited)


def condition_notice(item: Contraindication, devices: Sequence[str], *, every: bool) -> Notice:
    """A warning for one condition: what the sources say, why, and who says what."""
    severity = strictest(item)
    scope = "every device here" if every else ", ".join(devices) or "no device here"
    message = f"{item.label} — {_SEVERITY_WORDS[severity]} (applies to {scope})."
    if item.reason:
        message += f" {item.reason}"
    message += " Sources: " + "; ".join(
        f"{', '.join(sources)} ({level.value})" for level, sources in severity_sources(item)
    )
    return Notice(
        kind="safety",
        message=message,
        condition=item.id,
        severity=severity.value,
        sources=contraindication_sources(item),
        devices=tuple(devices),
    )


def screening_notices(
    catalogue: Catalogue, screening: Screening, devices: Sequence[Device]
) -> tuple[Notice, ...]:
    """The warnings for the user's conditions, then the pacemaker reminder unless the user
    named that condition already: what every ranking and routine carries."""
    notices = screening.notices(devices)
    if REMINDER_CONDITION not in {item.id for item in screening.conditions}:
        notices += (pacemaker_reminder(catalogue),)
    return notices


def pacemaker_reminder(catalogue: Catalogue) -> Notice:
    """The one line every ranking carries, cited where the catalogue has the facts."""
    item = next((c for c in catalogue.contraindications if c.id == REMINDER_CONDITION), None)
    sources = contraindication_sources(item) if item else ()
    return Notice(
        kind="reminder",
        message="Not for anyone with a pacemaker or other implanted heart device; "
        "'microcompare safety' lists every condition the sources warn about.",
        condition=REMINDER_CONDITION,
        severity=Severity.ABSOLUTE.value,
        sources=sources,
        reader_message="Not for anyone with a pacemaker or other implanted heart device. "
        "The sources name other conditions too, such as pregnancy and epilepsy: check with "
        "a doctor before using one.",
    )


def nothing_recommended(conditions: Sequence[Contraindication]) -> str:
    """Why a ranking is empty when the user's conditions rule every device out.

    Each statement cites only the sources that make it: those giving the strictest severity.
    """
    stops = [item for item in conditions if strictest(item) in EXCLUDING]
    stops.sort(key=lambda item: SEVERITY_ORDER[strictest(item)])
    parts = []
    for item in stops:
        level, sources = severity_sources(item)[0]
        said = (
            "a hard stop for every device here"
            if level is Severity.ABSOLUTE
            else "the sources say to avoid every device here"
        )
        parts.append(f"{item.label} — {said} [{', '.join(sources)}].")
    return (
        "Nothing is recommended. " + " ".join(parts) + " Talk to your doctor about other options."
    )


def general_advice(catalogue: Catalogue) -> tuple[Advice, ...]:
    """The general safety advice the catalogue gives, each kind with its claims."""
    general = catalogue.general
    if general is None:
        return ()
    return tuple(
        Advice(field=name, label=label, claims=getattr(general, name))
        for name, label in ADVICE_FIELDS
        if getattr(general, name)
    )


def list_safety(catalogue: Catalogue, conditions: Iterable[str] = ()) -> SafetyListing:
    """Every contraindication (or only the named ones), strictest first, with its sources,
    and the general advice: side effects, technique cautions, preparation, aftercare and
    when results show."""
    chosen = find_conditions(catalogue, conditions) if conditions else catalogue.contraindications
    items = sorted(chosen, key=lambda item: SEVERITY_ORDER[strictest(item)])
    advice = general_advice(catalogue)
    cited = {source for item in items for source in contraindication_sources(item)}
    cited.update(claim.source for kind in advice for claim in kind.claims)
    return SafetyListing(
        contraindications=tuple(items),
        sources=tuple(source for source in catalogue.sources if source.id in cited),
        advice=advice,
    )
