"""The catalogue as the engine and renderers read it: plain, immutable records.

`models` checks a catalogue file with pydantic and says where it is wrong; what passes is
turned into these records, which need nothing beyond the standard library. So a command
that reads the built-in catalogue, shipped as validated data (`catalog.catalogue_from_data`),
never imports pydantic. Each record has exactly the fields of the model of the same name
(a test holds the two together).
"""

from typing import Generic, NamedTuple, TypeAlias, TypeVar

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

T = TypeVar("T")


class Source(NamedTuple):
    """A document that facts in the catalogue come from."""

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    seed_file: str | None = None
    date: str | None = None
    kind: SourceKind | None = None


class CurrentSpan(NamedTuple):
    """An output current given as a range, e.g. adjustable from 80 to 400 µA."""

    low: float
    high: float


class PriceSpan(NamedTuple):
    """A price given as a range, e.g. $200 to $500 for a clinic session."""

    low: float
    high: float


class Money(NamedTuple):
    """An amount in a currency other than US dollars, kept as the source gives it."""

    amount: float
    currency: str


class DeviceConsumable(NamedTuple):
    """Something a device's sessions use up or come with, e.g. a conductive gel primer."""

    name: str
    included: bool | None = None
    required: bool | None = None
    price_usd: float | None = None


class AdverseEvent(NamedTuple):
    """A harm someone says a device caused: an unverified report, with any maker response."""

    event: str
    maker_response: str | None = None


class ClinicCourse(NamedTuple):
    """A course of professional microcurrent facials: how many sessions, how often."""

    sessions_min: int | None = None
    sessions_max: int | None = None
    sessions_per_week_min: int | None = None
    sessions_per_week_max: int | None = None
    weeks: int | None = None
    maintenance_every_weeks: int | None = None
    minutes_per_session: float | None = None


class Modality(NamedTuple):
    """A treatment a device offers besides current, e.g. sonic pulsation."""

    name: str
    rate_per_min: int | None = None


class Phase(NamedTuple):
    """One phase of a usage routine: how often, and for how long (None: no set end)."""

    sessions_per_week_min: int
    sessions_per_week_max: int
    days: int | None = None


class Protocol(NamedTuple):
    """The maker's routine: minutes per session, a loading phase, a maintenance phase."""

    minutes_per_session: float | None = None
    loading: Phase | None = None
    maintenance: Phase | None = None


class Evidence(NamedTuple):
    """The kind of clinical evidence behind a device, with any published results."""

    kind: EvidenceKind
    days: int | None = None
    self_assessed: bool | None = None
    results_pct: dict[str, int] | None = None


class Claim(NamedTuple, Generic[T]):
    """One value as one source states it, with our note on how it was read."""

    value: T
    source: str
    note: str | None = None
    about: ClaimBasis = ClaimBasis.MODEL
    as_of: str | None = None


# Every fact is a tuple of claims (sources may disagree), or None when no source gives it.
Cited: TypeAlias = tuple[Claim[T], ...]
OutputCurrent: TypeAlias = float | CurrentSpan


class Device(NamedTuple):
    """An at-home microcurrent device and every fact the sources give about it."""

    slug: str
    name: str
    brand: str
    aliases: tuple[str, ...] = ()
    price_usd: Cited[float] | None = None
    output_ua: Cited[OutputCurrent] | None = None
    current_type: Cited[CurrentType] | None = None
    probes: Cited[ProbeGeometry] | None = None
    app: Cited[AppDependency] | None = None
    subscription: Cited[bool] | None = None
    subscription_usd_per_month: Cited[float] | None = None
    fda_status: Cited[FdaStatus] | None = None
    fda_510k: Cited[str] | None = None
    intensity_levels: Cited[int] | None = None
    adjustable_intensity: Cited[bool] | None = None
    modes: Cited[tuple[str, ...]] | None = None
    auto_shutoff_s: Cited[int] | None = None
    attachments: Cited[tuple[str, ...]] | None = None
    extra_modalities: Cited[tuple[Modality, ...]] | None = None
    protocol: Cited[Protocol] | None = None
    waveform: Cited[str] | None = None
    frequency_hz: Cited[float] | None = None
    evidence: Cited[Evidence] | None = None
    price_other: Cited[Money] | None = None
    fda_date: Cited[str] | None = None
    otc: Cited[bool] | None = None
    fda_predicate: Cited[str] | None = None
    warranty_months: Cited[int] | None = None
    money_back_days: Cited[int] | None = None
    battery: Cited[str] | None = None
    release_year: Cited[int] | None = None
    consumables: Cited[tuple[DeviceConsumable, ...]] | None = None
    adverse_events: Cited[AdverseEvent] | None = None
    notes: str | None = None

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


class Contraindication(NamedTuple):
    """A condition under which the sources warn against using these devices.

    Each claim is one source's severity; the strictest one applies. `applies_to` None:
    every device.
    """

    id: str
    label: str
    severity: Cited[Severity]
    names: tuple[str, ...] = ()
    reason: str | None = None
    applies_to: tuple[str, ...] | None = None

    def citations(self) -> set[str]:
        """Every source id this contraindication cites."""
        return {claim.source for claim in self.severity}


class Consumable(NamedTuple):
    """Something every session uses up, such as conductive gel."""

    name: str
    required: Cited[bool]
    usd_per_month: Cited[float] | None = None


class General(NamedTuple):
    """Facts about at-home microcurrent as a whole rather than one device."""

    clinic_session_usd: Cited[PriceSpan] | None = None
    protocol: Cited[Protocol] | None = None
    consumables: tuple[Consumable, ...] = ()
    clinic_course: Cited[ClinicCourse] | None = None
    side_effects: Cited[tuple[str, ...]] | None = None
    results_timeline: Cited[tuple[str, ...]] | None = None
    preparation: Cited[tuple[str, ...]] | None = None
    aftercare: Cited[tuple[str, ...]] | None = None
    technique_cautions: Cited[tuple[str, ...]] | None = None


class Catalogue(NamedTuple):
    """The catalogue in use: every citation resolves and every slug is unique."""

    schema_version: int = 1
    sources: tuple[Source, ...] = ()
    devices: tuple[Device, ...] = ()
    contraindications: tuple[Contraindication, ...] = ()
    general: General | None = None

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if the catalogue defines it."""
        for source in self.sources:
            if source.id == source_id:
                return source
        return None
