"""Typed records of the catalogue: sources, cited claims, devices. No I/O here."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
    model_validator,
)
from typing_extensions import TypeAliasType

from . import records
from .records import CITED_FIELDS as CITED_FIELDS

# Re-exported: the models are where readers look for the catalogue's vocabulary.
from .vocab import AppDependency as AppDependency
from .vocab import ClaimBasis as ClaimBasis
from .vocab import CurrentType as CurrentType
from .vocab import EvidenceKind as EvidenceKind
from .vocab import FdaStatus as FdaStatus
from .vocab import ProbeGeometry as ProbeGeometry
from .vocab import Severity as Severity
from .vocab import SourceKind as SourceKind

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SOURCE_ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s<>]+$"

Slug = Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=SLUG_PATTERN)]
SourceId = Annotated[StrictStr, Field(min_length=1, max_length=80, pattern=SOURCE_ID_PATTERN)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=500)]
# Strict float still takes a YAML integer, but never a string such as "lots".
NonNegative = Annotated[StrictFloat, Field(ge=0, allow_inf_nan=False)]
# Far above any device, but low enough that a slip of the keyboard (1e41) is caught.
Price = Annotated[StrictFloat, Field(gt=0, le=100_000, allow_inf_nan=False)]
MicroAmps = Annotated[StrictFloat, Field(ge=0, le=100_000, allow_inf_nan=False)]
Positive = Annotated[StrictFloat, Field(gt=0, allow_inf_nan=False)]
Count = Annotated[StrictInt, Field(ge=1, le=10_000)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def _date_to_text(value: Any) -> Any:
    # YAML reads an unquoted 2022-10-27 as a date; keep dates as text so that
    # partial dates such as "2026-03" and full ones look the same.
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


PartialDate = Annotated[
    StrictStr,
    BeforeValidator(_date_to_text),
    Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
]


class Source(_Record):
    """A document that facts in the catalogue come from."""

    id: SourceId
    title: Text
    publisher: Text | None = None
    url: Annotated[StrictStr, Field(pattern=URL_PATTERN, max_length=500)] | None = None
    seed_file: Annotated[StrictStr, Field(pattern=r"^[\w.-]+$")] | None = None
    date: PartialDate | None = None
    kind: SourceKind | None = None

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if self.url is None and self.seed_file is None:
            raise ValueError("a source needs a url or a seed_file so a reader can find it")
        return self


class CurrentSpan(_Record):
    """An output current given as a range, e.g. adjustable from 80 to 400 µA."""

    low: MicroAmps
    high: MicroAmps

    @model_validator(mode="after")
    def _ordered(self) -> CurrentSpan:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self


class PriceSpan(_Record):
    """A price given as a range, e.g. $200 to $500 for a clinic session."""

    low: NonNegative
    high: NonNegative

    @model_validator(mode="after")
    def _ordered(self) -> PriceSpan:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self


class Money(_Record):
    """An amount in a currency other than US dollars, kept as the source gives it."""

    amount: Price
    # ISO 4217 code, e.g. GBP, AUD, JPY. A US-dollar price belongs in price_usd.
    currency: Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]

    @model_validator(mode="after")
    def _not_dollars(self) -> Money:
        if self.currency == "USD":
            raise ValueError("a US-dollar price belongs in price_usd, not price_other")
        return self


class DeviceConsumable(_Record):
    """Something a device's sessions use up or come with, e.g. a conductive gel primer."""

    name: Text
    # Comes in the box.
    included: StrictBool | None = None
    # The device should not be used without it.
    required: StrictBool | None = None
    price_usd: Price | None = None


class AdverseEvent(_Record):
    """A harm someone says a device caused: an unverified report, with any maker response."""

    event: Text
    # What the maker said in reply, in our words; its source is the claim's source.
    maker_response: Text | None = None


class ClinicCourse(_Record):
    """A course of professional microcurrent facials: how many sessions, how often."""

    sessions_min: Count | None = None
    sessions_max: Count | None = None
    sessions_per_week_min: Annotated[StrictInt, Field(ge=1, le=7)] | None = None
    sessions_per_week_max: Annotated[StrictInt, Field(ge=1, le=7)] | None = None
    weeks: Count | None = None
    # Maintenance sessions after the course, one every this many weeks.
    maintenance_every_weeks: Count | None = None
    minutes_per_session: Positive | None = None


class Modality(_Record):
    """A treatment a device offers besides current, e.g. sonic pulsation."""

    name: Text
    rate_per_min: Annotated[StrictInt, Field(gt=0, le=10_000_000)] | None = None


class Phase(_Record):
    """One phase of a usage routine: how often, and for how long."""

    # At most one session a day: no source gives more, and a plan lays out days.
    sessions_per_week_min: Annotated[StrictInt, Field(ge=1, le=7)]
    sessions_per_week_max: Annotated[StrictInt, Field(ge=1, le=7)]
    # None: the phase goes on with no set end (maintenance).
    days: Annotated[StrictInt, Field(ge=1, le=3650)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.sessions_per_week_min > self.sessions_per_week_max:
            raise ValueError("sessions_per_week_min must not exceed sessions_per_week_max")
        return self


class Protocol(_Record):
    """The maker's routine: minutes per session, a loading phase, a maintenance phase."""

    minutes_per_session: Positive | None = None
    loading: Phase | None = None
    maintenance: Phase | None = None


class Evidence(_Record):
    """The kind of clinical evidence behind a device, with any published results."""

    kind: EvidenceKind
    days: Count | None = None
    self_assessed: StrictBool | None = None
    # Share of subjects reporting each improvement, in percent.
    results_pct: dict[Text, Annotated[StrictInt, Field(ge=0, le=100)]] | None = None


T = TypeVar("T")


class Claim(_Record, Generic[T]):
    """One value as one source states it."""

    value: T
    source: SourceId
    # Our own words: how the value was read from the source, or a caveat.
    note: Text | None = None
    # A claim about the brand or an earlier model is shown as such, never as this model's.
    about: ClaimBasis = ClaimBasis.MODEL
    # When the value was true, where the source says (a price "as of 2024-02").
    as_of: PartialDate | None = None


def _one_or_many(value: Any) -> Any:
    # A single claim may be written as a mapping; several claims as a list of mappings.
    if isinstance(value, dict):
        return [value]
    return value


# Every fact is a tuple of claims (sources may disagree), or None when no source gives it.
Cited = TypeAliasType(
    "Cited",
    Annotated[tuple[Claim[T], ...], BeforeValidator(_one_or_many), Field(min_length=1)],
    type_params=(T,),
)

FDA_510K_PATTERN = r"^K\d{6}$"
Fda510k = Annotated[StrictStr, Field(pattern=FDA_510K_PATTERN)]


def _number_or_range(value: Any) -> str:
    # Not identifiers, so that error messages can tell them from the file's field names.
    return "as-range" if isinstance(value, dict | CurrentSpan) else "as-number"


# A mapping is a range and anything else a number, so a mistake is reported once, against
# the form the file meant rather than against both.
OutputCurrent = Annotated[
    Annotated[MicroAmps, Tag("as-number")] | Annotated[CurrentSpan, Tag("as-range")],
    Discriminator(_number_or_range),
]
ModeList = Annotated[tuple[Text, ...], Field(min_length=1, max_length=100)]
ModalityList = Annotated[tuple[Modality, ...], Field(min_length=1, max_length=20)]
PhraseList = Annotated[tuple[Text, ...], Field(min_length=1, max_length=50)]


class Device(_Record):
    """An at-home microcurrent device and every fact the sources give about it."""

    slug: Slug
    # Required for a new device; an entry over a slug an earlier file gives may leave them
    # out (the loader checks which, where it knows the earlier files).
    name: Text | None = None
    brand: Text | None = None
    aliases: tuple[Annotated[StrictStr, Field(min_length=1, max_length=64)], ...] = ()
    price_usd: Cited[Price] | None = None
    output_ua: Cited[OutputCurrent] | None = None
    current_type: Cited[CurrentType] | None = None
    probes: Cited[ProbeGeometry] | None = None
    app: Cited[AppDependency] | None = None
    subscription: Cited[StrictBool] | None = None
    subscription_usd_per_month: Cited[NonNegative] | None = None
    fda_status: Cited[FdaStatus] | None = None
    fda_510k: Cited[Fda510k] | None = None
    intensity_levels: Cited[Count] | None = None
    adjustable_intensity: Cited[StrictBool] | None = None
    modes: Cited[ModeList] | None = None
    auto_shutoff_s: Cited[Annotated[StrictInt, Field(ge=1, le=86_400)]] | None = None
    attachments: Cited[ModeList] | None = None
    extra_modalities: Cited[ModalityList] | None = None
    protocol: Cited[Protocol] | None = None
    waveform: Cited[Text] | None = None
    frequency_hz: Cited[Positive] | None = None
    evidence: Cited[Evidence] | None = None
    # Prices in other currencies: never converted, never counted against a US-dollar budget.
    price_other: Cited[Money] | None = None
    # The FDA 510(k) decision date, and whether the clearance is over the counter (true) or
    # prescription only (false).
    fda_date: Cited[PartialDate] | None = None
    otc: Cited[StrictBool] | None = None
    # The device a 510(k) names as its predicate: a K number and/or a name.
    fda_predicate: Cited[Text] | None = None
    warranty_months: Cited[Count] | None = None
    money_back_days: Cited[Count] | None = None
    battery: Cited[Text] | None = None
    release_year: Cited[Annotated[StrictInt, Field(ge=1970, le=2100)]] | None = None
    consumables: Cited[Annotated[tuple[DeviceConsumable, ...], Field(min_length=1)]] | None = None
    # Unverified reports of harm (a user's post, a news story), each with its source.
    adverse_events: Cited[AdverseEvent] | None = None
    # Our own words; each fact it mentions is cited in its field.
    notes: Annotated[StrictStr, Field(max_length=2000)] | None = None

    def citations(self) -> set[str]:
        """Every source id this device cites."""
        cited: set[str] = set()
        for name in CITED_FIELDS:
            claims: tuple[Claim[Any], ...] | None = getattr(self, name)
            if claims:
                cited.update(claim.source for claim in claims)
        return cited


Name = Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=SLUG_PATTERN)]


class Contraindication(_Record):
    """A condition under which the sources warn against using these devices.

    Each claim is one source's severity; the strictest one applies.
    """

    id: Slug
    label: Text
    # Other names `--condition` accepts, e.g. "pregnant" for pregnancy.
    names: tuple[Name, ...] = ()
    severity: Cited[Severity]
    # Our own words: why the sources warn.
    reason: Text | None = None
    # Slugs of the devices it applies to; None: every device (the sources speak of
    # microcurrent as a whole and exempt none).
    applies_to: tuple[Slug, ...] | None = None

    def citations(self) -> set[str]:
        """Every source id this contraindication cites."""
        return {claim.source for claim in self.severity}


class Consumable(_Record):
    """Something every session uses up, such as conductive gel."""

    name: Text
    required: Cited[StrictBool]
    usd_per_month: Cited[NonNegative] | None = None


class General(_Record):
    """Facts about at-home microcurrent as a whole rather than one device."""

    # A professional microcurrent facial, per session.
    clinic_session_usd: Cited[PriceSpan] | None = None
    # The routine to follow when a device's maker gives none.
    protocol: Cited[Protocol] | None = None
    consumables: tuple[Consumable, ...] = ()
    # A course of professional sessions, for comparing a device with a clinic.
    clinic_course: Cited[ClinicCourse] | None = None
    # Short phrases, each cited: what the sources say can happen, how soon results show,
    # what to do before and after a session, and how not to use a device.
    side_effects: Cited[PhraseList] | None = None
    results_timeline: Cited[PhraseList] | None = None
    preparation: Cited[PhraseList] | None = None
    aftercare: Cited[PhraseList] | None = None
    technique_cautions: Cited[PhraseList] | None = None

    def citations(self) -> set[str]:
        """Every source id these facts cite."""
        cited: set[str] = set()
        for claims in (
            self.clinic_session_usd,
            self.protocol,
            self.clinic_course,
            self.side_effects,
            self.results_timeline,
            self.preparation,
            self.aftercare,
            self.technique_cautions,
        ):
            cited.update(claim.source for claim in claims or ())
        for consumable in self.consumables:
            cited.update(claim.source for claim in consumable.required)
            cited.update(claim.source for claim in consumable.usd_per_month or ())
        return cited


class CatalogueFile(_Record):
    """One catalogue file as written: sources, devices and safety facts, each valid on its own."""

    schema_version: Annotated[StrictInt, Field(ge=1, le=1)] = 1
    sources: tuple[Source, ...] = ()
    # A user's file may add only sources, contraindications or general facts.
    devices: tuple[Device, ...] = ()
    contraindications: tuple[Contraindication, ...] = ()
    general: General | None = None


class Catalogue(CatalogueFile):
    """The catalogue in use, checked so that every citation resolves and every slug is unique.

    A user's file may cite the built-in sources, so this check runs after files are layered.
    """

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        problems: list[str] = []
        source_ids: set[str] = set()
        for source in self.sources:
            if source.id in source_ids:
                problems.append(f"source id {source.id!r} is defined twice")
            source_ids.add(source.id)
        slugs: set[str] = set()
        owners: dict[str, str] = {}
        for device in self.devices:
            if device.name is None or device.brand is None:
                problems.append(
                    f"device {device.slug!r} needs a name and a brand; only an entry over a "
                    "device an earlier file gives may leave them out"
                )
            if device.slug in slugs:
                problems.append(f"slug {device.slug!r} is used by two devices")
            slugs.add(device.slug)
            for name in (device.slug, *device.aliases):
                owner = owners.setdefault(name.casefold(), device.slug)
                if owner != device.slug:
                    problems.append(
                        f"{name!r} names both {owner!r} and {device.slug!r}; "
                        "slugs and aliases must be unique"
                    )
            for source_id in sorted(device.citations() - source_ids):
                problems.append(
                    f"device {device.slug!r} cites source {source_id!r}, "
                    "which the catalogue's sources list does not define"
                )
        problems += self._safety_problems(source_ids, slugs)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _safety_problems(self, source_ids: set[str], slugs: set[str]) -> list[str]:
        problems: list[str] = []
        named: dict[str, str] = {}
        for item in self.contraindications:
            for name in (item.id, *item.names):
                owner = named.setdefault(name, item.id)
                if owner != item.id:
                    problems.append(
                        f"condition name {name!r} is used by both {owner!r} and {item.id!r}"
                    )
            for source_id in sorted(item.citations() - source_ids):
                problems.append(
                    f"contraindication {item.id!r} cites source {source_id!r}, "
                    "which the catalogue's sources list does not define"
                )
            for slug in sorted(set(item.applies_to or ()) - slugs):
                problems.append(
                    f"contraindication {item.id!r} applies to {slug!r}, which is not a device "
                    "in the catalogue"
                )
        if self.general is not None:
            for source_id in sorted(self.general.citations() - source_ids):
                problems.append(
                    f"general facts cite source {source_id!r}, "
                    "which the catalogue's sources list does not define"
                )
        return problems

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if the catalogue defines it."""
        for source in self.sources:
            if source.id == source_id:
                return source
        return None


def catalogue_record(catalogue: Catalogue) -> records.Catalogue:
    """The validated catalogue as the plain records the engine reads."""
    found: records.Catalogue = _record(catalogue)
    return found


# Each model class, by its generic origin (Claim for Claim[float]), with its record class.
_RECORD_CLASSES: dict[type[BaseModel], Any] = {}


def _record(value: Any) -> Any:
    if isinstance(value, BaseModel):
        model = type(value)
        record = _RECORD_CLASSES.get(model)
        if record is None:
            origin = model.__pydantic_generic_metadata__["origin"] or model
            record = getattr(records, origin.__name__)
            _RECORD_CLASSES[model] = record
        return record(**{name: _record(getattr(value, name)) for name in record._fields})
    if type(value) is tuple:
        return tuple(_record(item) for item in value)
    return value


def catalogue_json_schema() -> dict[str, Any]:
    """The JSON Schema of a catalogue file, as editors and validators read it.

    Two things pydantic's own schema gets wrong for our files are put right: a fact may be
    one claim (a mapping) as well as a list of claims, and the generated names of the
    generic claim types are replaced by names taken from the fields that use them.
    """
    schema = CatalogueFile.model_json_schema()
    defs: dict[str, Any] = schema["$defs"]
    renames: dict[str, str] = {}
    for owner in ("Device", "General", "Consumable", "Contraindication"):
        for field, spec in defs[owner]["properties"].items():
            options = spec.get("anyOf", [spec])
            for option in options:
                ref = option.get("$ref", "").removeprefix("#/$defs/")
                if ref.startswith("Cited_") and ref not in renames:
                    label = "".join(part.title() for part in field.split("_"))
                    claim = defs[ref]["items"]["$ref"].removeprefix("#/$defs/")
                    renames[ref] = f"Cited{label}"
                    renames.setdefault(claim, f"Claim{label}")
    for old, new in renames.items():
        defs[new] = defs.pop(old)
        defs[new]["title"] = new
    for name, body in defs.items():
        if name.startswith("Cited"):
            claim = {"$ref": body["items"]["$ref"]}
            defs[name] = {
                "title": name,
                "description": "One claim, or a list of claims where sources differ.",
                "anyOf": [claim, {"type": "array", "items": claim, "minItems": 1}],
            }
    text = json.dumps(schema)
    for old, new in renames.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    result: dict[str, Any] = json.loads(text)
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = "microcompare catalogue"
    return result
