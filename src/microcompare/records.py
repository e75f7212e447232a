"""Every catalogue type, defined once: plain, immutable records and the rules for their values.

The engine and the renderers read these records, which need nothing beyond the standard
library, so a command that reads the built-in catalogue, shipped as validated data (see
`shipped`), never imports pydantic. What a catalogue file may hold is written here too, as
`Annotated` metadata (`Range`, `Size`, `Pattern`, `Reading`) that only `models` acts on:
it builds its pydantic models from these records, and checks what holds between fields.
"""

from enum import Enum
from typing import Annotated, Generic, NamedTuple, TypeAlias, TypeVar

from .fields import CITED_FIELDS as CITED_FIELDS

# Re-exported: the records are where readers look for the catalogue's vocabulary.
from .vocab import AppDependency as AppDependency
from .vocab import ClaimBasis as ClaimBasis
from .vocab import CurrentType as CurrentType
from .vocab import EvidenceKind as EvidenceKind
from .vocab import FdaStatus as FdaStatus
from .vocab import ProbeGeometry as ProbeGeometry
from .vocab import Severity as Severity
from .vocab import SourceKind as SourceKind


class Range(NamedTuple):
    """The bounds a number in a catalogue file must keep to."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None


class Size(NamedTuple):
    """How short and how long a text or a list in a catalogue file may be."""

    min: int | None = None
    max: int | None = None


class Pattern(NamedTuple):
    """A regular expression a text in a catalogue file must match."""

    regex: str


class Reading(Enum):
    """How a value written in a file is read before it is checked."""

    # YAML reads an unquoted 2022-10-27 as a date; it is kept as its text, so that partial
    # dates such as "2026-03" and full ones look the same.
    DATE_AS_TEXT = "date-as-text"
    # A choice between a record and a plain value: a mapping is the record and anything else
    # the value, so a mistake is reported once, against the form the file meant.
    MAPPING_OR_VALUE = "mapping-or-value"


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SOURCE_ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s<>]+$"
FDA_510K_PATTERN = r"^K\d{6}$"

# A file's text, numbers and flags are taken only as they are written: a number is never
# read from text ("335"), and neither infinity nor NaN is a number here.
Slug = Annotated[str, Size(1, 64), Pattern(SLUG_PATTERN)]
SourceId = Annotated[str, Size(1, 80), Pattern(SOURCE_ID_PATTERN)]
Text = Annotated[str, Size(1, 500)]
Url = Annotated[str, Pattern(URL_PATTERN), Size(max=500)]
PartialDate = Annotated[str, Reading.DATE_AS_TEXT, Pattern(r"^\d{4}(-\d{2}(-\d{2})?)?$")]
NonNegative = Annotated[float, Range(ge=0)]
# Far above any device, but low enough that a slip of the keyboard (1e41) is caught.
Price = Annotated[float, Range(gt=0, le=100_000)]
MicroAmps = Annotated[float, Range(ge=0, le=100_000)]
Positive = Annotated[float, Range(gt=0)]
Count = Annotated[int, Range(ge=1, le=10_000)]
# At most one session a day: no source gives more, and a plan lays out days.
PerWeek = Annotated[int, Range(ge=1, le=7)]
Percent = Annotated[int, Range(ge=0, le=100)]

T = TypeVar("T")


class Source(NamedTuple):
    """A document that facts in the catalogue come from."""

    id: SourceId
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    seed_file: Annotated[str, Pattern(r"^[\w.-]+$")] | None = None
    date: PartialDate | None = None
    kind: SourceKind | None = None


class CurrentSpan(NamedTuple):
    """An output current given as a range, e.g. adjustable from 80 to 400 µA."""

    low: MicroAmps
    high: MicroAmps


class PriceSpan(NamedTuple):
    """A price given as a range, e.g. $200 to $500 for a clinic session."""

    low: NonNegative
    high: NonNegative


class Money(NamedTuple):
    """An amount in a currency other than US dollars, kept as the source gives it."""

    amount: Price
    # ISO 4217 code, e.g. GBP, AUD, JPY. A US-dollar price belongs in price_usd.
    currency: Annotated[str, Pattern(r"^[A-Z]{3}$")]


class DeviceConsumable(NamedTuple):
    """Something a device's sessions use up or come with, e.g. a conductive gel primer."""

    name: Text
    # Comes in the box.
    included: bool | None = None
    # The device should not be used without it.
    required: bool | None = None
    price_usd: Price | None = None


class AdverseEvent(NamedTuple):
    """A harm someone says a device caused: an unverified report, with any maker response."""

    event: Text
    # What the maker said in reply, in our words; its source is the claim's source.
    maker_response: Text | None = None


class ClinicCourse(NamedTuple):
    """A course of professional microcurrent facials: how many sessions, how often."""

    sessions_min: Count | None = None
    sessions_max: Count | None = None
    sessions_per_week_min: PerWeek | None = None
    sessions_per_week_max: PerWeek | None = None
    weeks: Count | None = None
    # Maintenance sessions after the course, one every this many weeks.
    maintenance_every_weeks: Count | None = None
    minutes_per_session: Positive | None = None


class Modality(NamedTuple):
    """A treatment a device offers besides current, e.g. sonic pulsation."""

    name: Text
    rate_per_min: Annotated[int, Range(gt=0, le=10_000_000)] | None = None


class Phase(NamedTuple):
    """One phase of a usage routine: how often, and for how long."""

    sessions_per_week_min: PerWeek
    sessions_per_week_max: PerWeek
    # None: the phase goes on with no set end (maintenance).
    days: Annotated[int, Range(ge=1, le=3650)] | None = None


class Protocol(NamedTuple):
    """The maker's routine: minutes per session, a loading phase, a maintenance phase."""

    minutes_per_session: Positive | None = None
    loading: Phase | None = None
    maintenance: Phase | None = None


class Evidence(NamedTuple):
    """The kind of clinical evidence behind a device, with any published results."""

    kind: EvidenceKind
    days: Count | None = None
    self_assessed: bool | None = None
    # Share of subjects reporting each improvement, in percent.
    results_pct: dict[Text, Percent] | None = None


class Claim(NamedTuple, Generic[T]):
    """One value as one source states it."""

    value: T
    source: SourceId
    # Our own words: how the value was read from the source, or a caveat.
    note: Text | None = None
    # A claim about the brand or an earlier model is shown as such, never as this model's.
    about: ClaimBasis = ClaimBasis.MODEL
    # When the value was true, where the source says (a price "as of 2024-02").
    as_of: PartialDate | None = None


# Every fact is a tuple of claims (sources may disagree), or None when no source gives it.
# A file may write one claim as a mapping, and never an empty list (`models`).
Cited: TypeAlias = tuple[Claim[T], ...]
OutputCurrent: TypeAlias = Annotated[MicroAmps | CurrentSpan, Reading.MAPPING_OR_VALUE]
Fda510k = Annotated[str, Pattern(FDA_510K_PATTERN)]
ModeList = Annotated[tuple[Text, ...], Size(1, 100)]
ModalityList = Annotated[tuple[Modality, ...], Size(1, 20)]
PhraseList = Annotated[tuple[Text, ...], Size(1, 50)]


class Device(NamedTuple):
    """An at-home microcurrent device and every fact the sources give about it."""

    slug: Slug
    # A file's entry over a slug an earlier file gives may leave out name and brand (`models`).
    name: Text
    brand: Text
    aliases: tuple[Annotated[str, Size(1, 64)], ...] = ()
    price_usd: Cited[Price] | None = None
    output_ua: Cited[OutputCurrent] | None = None
    current_type: Cited[CurrentType] | None = None
    probes: Cited[ProbeGeometry] | None = None
    app: Cited[AppDependency] | None = None
    subscription: Cited[bool] | None = None
    subscription_usd_per_month: Cited[NonNegative] | None = None
    fda_status: Cited[FdaStatus] | None = None
    fda_510k: Cited[Fda510k] | None = None
    intensity_levels: Cited[Count] | None = None
    adjustable_intensity: Cited[bool] | None = None
    modes: Cited[ModeList] | None = None
    auto_shutoff_s: Cited[Annotated[int, Range(ge=1, le=86_400)]] | None = None
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
    otc: Cited[bool] | None = None
    # The device a 510(k) names as its predicate: a K number and/or a name.
    fda_predicate: Cited[Text] | None = None
    warranty_months: Cited[Count] | None = None
    money_back_days: Cited[Count] | None = None
    battery: Cited[Text] | None = None
    release_year: Cited[Annotated[int, Range(ge=1970, le=2100)]] | None = None
    consumables: Cited[Annotated[tuple[DeviceConsumable, ...], Size(min=1)]] | None = None
    # Unverified reports of harm (a user's post, a news story), each with its source.
    adverse_events: Cited[AdverseEvent] | None = None
    # Our own words; each fact it mentions is cited in its field.
    notes: Annotated[str, Size(max=2000)] | None = None

    def citations(self) -> set[str]:
        """Every source id this device cites."""
        cited: set[str] = set()
        for name in CITED_FIELDS:
            claims: Cited[object] | None = getattr(self, name)
            if claims:
                cited.update(claim.source for claim in claims)
        return cited


# Declared in `fields`, with their labels; a Device field missing there (or there and missing
# here) stops the import, so no command can meet a field it has no words for.
_DECLARED = tuple(
    name for name in Device._fields if name not in {"slug", "name", "brand", "aliases", "notes"}
)
if _DECLARED != CITED_FIELDS:
    _ONLY = [f"{name} only in Device" for name in _DECLARED if name not in CITED_FIELDS]
    _ONLY += [f"{name} only in FIELDS" for name in CITED_FIELDS if name not in _DECLARED]
    raise ImportError(
        "records.Device and fields.FIELDS must list the same cited fields in the same order: "
        + ("; ".join(_ONLY) or "the order differs")
    )

ConditionName = Annotated[str, Size(1, 64), Pattern(SLUG_PATTERN)]


class Contraindication(NamedTuple):
    """A condition under which the sources warn against using these devices.

    Each claim is one source's severity; the strictest one applies.
    """

    id: Slug
    label: Text
    severity: Cited[Severity]
    # Other names `--condition` accepts, e.g. "pregnant" for pregnancy.
    names: tuple[ConditionName, ...] = ()
    # Our own words: why the sources warn.
    reason: Text | None = None
    # Slugs of the devices it applies to; None: every device (the sources speak of
    # microcurrent as a whole and exempt none).
    applies_to: tuple[Slug, ...] | None = None

    def citations(self) -> set[str]:
        """Every source id this contraindication cites."""
        return {claim.source for claim in self.severity}


class Consumable(NamedTuple):
    """Something every session uses up, such as conductive gel."""

    name: Text
    required: Cited[bool]
    usd_per_month: Cited[NonNegative] | None = None


class General(NamedTuple):
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


class Catalogue(NamedTuple):
    """One catalogue file as written: sources, devices and safety facts, each valid on its own."""

    # The catalogue in use is one of these too: the built-in catalogue with any other files
    # layered over it, checked so that every citation resolves and every slug is unique.

    schema_version: Annotated[int, Range(ge=1, le=1)] = 1
    sources: tuple[Source, ...] = ()
    # A user's file may add only sources, contraindications or general facts.
    devices: tuple[Device, ...] = ()
    contraindications: tuple[Contraindication, ...] = ()
    general: General | None = None

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if the catalogue defines it."""
        for source in self.sources:
            if source.id == source_id:
                return source
        return None


class LoadedCatalogue(NamedTuple):
    """A validated catalogue and what loading it had to say."""

    catalogue: Catalogue
    warnings: tuple[str, ...] = ()
