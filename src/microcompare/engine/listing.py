"""Choose, sort and describe devices and sources: what `list`, `show`, `sources` and
`criteria` return."""

import math
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ..errors import BadValue
from ..records import AppDependency, Catalogue, Claim, ClaimBasis, CurrentType, Device, Source
from ..trust import basis, for_the_model
from ..vocab import SortField
from .facts import (
    app_dependency,
    budget_price,
    current_range,
    current_types,
    fda_cleared,
    fda_cleared_as_model,
    needs_subscription,
)
from .results import CriteriaListing, DeviceDetail, DeviceListing, Notice, SourceListing
from .safety import screen, with_screening_sources


class DeviceFilter(NamedTuple):
    """What `list` narrows the catalogue to; None means no narrowing on that field."""

    brand: str | None = None
    current_type: CurrentType | None = None
    max_price_usd: float | None = None
    fda_cleared: bool = False
    no_app: bool = False
    no_subscription: bool = False
    # At least this many of the KEY_FACTS known.
    min_known: int | None = None


EVERY_DEVICE = DeviceFilter()

# What `list` counts as known or not for each device: the facts a shopper decides on first,
# the same whatever the ranking weighs. A fact given only for the brand or an earlier
# model counts as known here; it is marked where it is shown.
KEY_FACTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("price", ("price_usd",)),
    ("output current", ("output_ua",)),
    ("current type", ("current_type",)),
    ("probes", ("probes",)),
    ("app use", ("app",)),
    ("FDA status", ("fda_status",)),
    ("intensity control", ("intensity_levels", "adjustable_intensity")),
    ("clinical evidence", ("evidence",)),
)


class Known(NamedTuple):
    """How many of the KEY_FACTS a device has, and which it lacks."""

    known: int
    total: int
    missing: tuple[str, ...]

    @property
    def text(self) -> str:
        """e.g. "6/8 known"."""
        return f"{self.known}/{self.total} known"


def known_facts(device: Device) -> Known:
    """How many of the KEY_FACTS any source gives for the device."""
    missing = tuple(
        label for label, fields in KEY_FACTS if not any(getattr(device, f) for f in fields)
    )
    return Known(known=len(KEY_FACTS) - len(missing), total=len(KEY_FACTS), missing=missing)


def check_min_known(value: int) -> int:
    """`--min-known` from the command line: 0 to the number of KEY_FACTS."""
    if not 0 <= value <= len(KEY_FACTS):
        facts = ", ".join(label for label, _ in KEY_FACTS)
        raise BadValue(
            "min_known",
            lambda name: (
                f"{name} must be a whole number from 0 to {len(KEY_FACTS)} (the key "
                f"facts {facts}), e.g. 5 (got {value})"
            ),
        )
    return value


def check_amount(value: float, value_of: str, typed: str | None = None) -> float:
    """A money amount: finite and above zero. `typed`: the text it was read from, if any."""
    if not math.isfinite(value) or value <= 0:
        got = repr(typed) if typed is not None else f"{value:g}"
        raise BadValue(
            value_of,
            lambda name: f"{name} must be a number of US dollars above 0, e.g. 250 (got {got})",
        )
    return value


def check_count(value: int, value_of: str, most: int) -> int:
    """A whole number from 1 to `most`."""
    if not 1 <= value <= most:
        raise BadValue(
            value_of,
            lambda name: f"{name} must be a whole number from 1 to {most}, e.g. 12 (got {value})",
        )
    return value


def list_devices(
    catalogue: Catalogue,
    selection: DeviceFilter = EVERY_DEVICE,
    sort: SortField = SortField.NAME,
    *,
    descending: bool = False,
    conditions: Sequence[str] = (),
    limit: int | None = None,
    fields: Sequence[str] = (),
) -> DeviceListing:
    """The devices that pass the filter, sorted, with a warning for each unknown that hid one.

    A user's conditions mark the devices they apply to; nothing is hidden for them. `limit`
    keeps the first so many (the rest are counted); `fields` chooses the columns shown.
    """
    if limit is not None:
        check_count(limit, "limit", 1_000_000)
    if selection.min_known is not None:
        check_min_known(selection.min_known)
    kept: list[Device] = []
    unknown: dict[str, list[str]] = {}
    too_little: list[str] = []
    for device in catalogue.devices:
        verdict = _passes(device, selection)
        if verdict is True and selection.min_known is not None:
            if known_facts(device).known < selection.min_known:
                too_little.append(device.slug)
                continue
        if verdict is True:
            kept.append(device)
        elif verdict is not False:
            unknown.setdefault(verdict, []).append(device.slug)
    warnings = tuple(
        Notice(
            kind="unknown-hidden",
            message=f"{len(slugs)} device{'s' if len(slugs) != 1 else ''} left out because "
            f"the {what} is unknown: {', '.join(sorted(slugs))}",
            devices=tuple(sorted(slugs)),
        )
        for what, slugs in unknown.items()
    )
    if too_little:
        warnings += (
            Notice(
                kind="too-little-known",
                message=f"{len(too_little)} device{'s' if len(too_little) != 1 else ''} left "
                f"out with fewer than {selection.min_known} of the {len(KEY_FACTS)} key facts "
                f"known: {', '.join(sorted(too_little))}",
                devices=tuple(sorted(too_little)),
            ),
        )
    ordered = sort_devices(kept, sort, descending=descending)
    more = 0
    if limit is not None and len(ordered) > limit:
        ordered, more = ordered[:limit], len(ordered) - limit
    screening = screen(catalogue, conditions, ordered) if conditions else None
    return DeviceListing(
        devices=ordered,
        sources=with_screening_sources(catalogue, cited_sources(catalogue, ordered), screening),
        warnings=(screening.notices(ordered) if screening else ()) + warnings,
        flagged=screening.flagged() if screening else {},
        fields=tuple(fields),
        more=more,
    )


def _said_only_of_others(claims: Sequence[Claim[Any]] | None) -> bool:
    """Whether the only claims are about the brand or an earlier model: a filter cannot tell
    from them whether this model matches, as with a clearance said only of the brand."""
    return bool(claims) and basis(for_the_model(claims or ())) is not ClaimBasis.MODEL


def _passes(device: Device, selection: DeviceFilter) -> bool | str:
    # True: kept. False: known not to match. A string: could not tell, because that is unknown.
    if selection.brand is not None and selection.brand.casefold() not in device.brand.casefold():
        return False
    if selection.current_type is not None:
        if _said_only_of_others(device.current_type):
            return "current type of the model itself"
        types = current_types(device)
        if not types:
            return "current type"
        if selection.current_type not in types:
            return False
    if selection.max_price_usd is not None:
        price = budget_price(device)
        if price is None:
            return "price"
        if price > selection.max_price_usd:
            return False
    if selection.fda_cleared:
        if fda_cleared(device) is True and fda_cleared_as_model(device) is None:
            # Said of the brand or an earlier model only: not this model's clearance.
            return "FDA status of the model itself"
        cleared = fda_cleared(device)
        if cleared is None:
            return "FDA status"
        if not cleared:
            return False
    if selection.no_app:
        if _said_only_of_others(device.app):
            return "app dependency of the model itself"
        dependency = app_dependency(device)
        if dependency is None:
            return "app dependency"
        if dependency is AppDependency.REQUIRED:
            return False
    if selection.no_subscription:
        if _said_only_of_others(device.subscription):
            return "subscription need of the model itself"
        needed = needs_subscription(device)
        if needed is None:
            return "subscription need"
        if needed:
            return False
    return True


def _sort_key(device: Device, sort: SortField) -> float | str | None:
    if sort is SortField.NAME:
        return device.name.casefold()
    if sort is SortField.SLUG:
        return device.slug
    if sort is SortField.BRAND:
        return device.brand.casefold()
    if sort is SortField.PRICE:
        return budget_price(device)
    span = current_range(device)
    return None if span is None else span[1]


def sort_devices(
    devices: Iterable[Device], sort: SortField, *, descending: bool = False
) -> tuple[Device, ...]:
    """Devices ordered by a field; unknown values always go last, whatever the direction."""
    known: list[tuple[Any, Device]] = []
    unknown: list[Device] = []
    for device in devices:
        key = _sort_key(device, sort)
        if key is None:
            unknown.append(device)
        else:
            known.append((key, device))
    # Sort by slug first so that equal keys keep a stable, meaningful order.
    known.sort(key=lambda pair: pair[1].slug)
    known.sort(key=lambda pair: pair[0], reverse=descending)
    unknown.sort(key=lambda device: device.slug)
    return tuple(device for _, device in known) + tuple(unknown)


def cited_sources(catalogue: Catalogue, devices: Iterable[Device]) -> tuple[Source, ...]:
    """The catalogue's sources that these devices cite, in registry order."""
    cited: set[str] = set()
    for device in devices:
        cited |= device.citations()
    return tuple(source for source in catalogue.sources if source.id in cited)


def describe_device(
    catalogue: Catalogue, device: Device, *, conditions: Sequence[str] = ()
) -> DeviceDetail:
    """One device with the sources it cites, and a warning for each condition given."""
    screening = screen(catalogue, conditions, [device]) if conditions else None
    return DeviceDetail(
        device=device,
        sources=with_screening_sources(catalogue, cited_sources(catalogue, [device]), screening),
        warnings=screening.notices([device]) if screening else (),
        flagged=screening.flagged() if screening else {},
    )


def list_sources(catalogue: Catalogue) -> SourceListing:
    """The source registry, each with the devices that cite it."""
    cited_by: dict[str, list[str]] = {source.id: [] for source in catalogue.sources}
    for device in catalogue.devices:
        for source_id in sorted(device.citations()):
            cited_by.setdefault(source_id, []).append(device.slug)
    return SourceListing(
        sources=catalogue.sources,
        cited_by={key: tuple(value) for key, value in cited_by.items()},
    )


def list_criteria(catalogue: Catalogue) -> CriteriaListing:
    """The ranking criteria with their default weights, and the weight profiles."""
    # Imported here: the criteria are built as their module loads, and `list` needs none.
    from .criteria import CRITERIA, PROFILES

    cited = {source for criterion in CRITERIA for source in criterion.sources}
    return CriteriaListing(
        criteria=CRITERIA,
        profiles=PROFILES,
        sources=tuple(source for source in catalogue.sources if source.id in cited),
    )
