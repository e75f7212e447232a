"""Closed vocabularies of the catalogue and the command line, free of heavy imports.

They live apart from the models so that parsing a command line needs neither pydantic nor Rich.
"""

from __future__ import annotations

from enum import StrEnum


class CurrentType(StrEnum):
    """What kind of current a device delivers."""

    MICROCURRENT = "microcurrent"
    NANOCURRENT = "nanocurrent"
    # Switches between the two, e.g. a microcurrent phase followed by a nanocurrent phase.
    MICRO_AND_NANO = "micro-and-nano"
    # Microcurrent combined in one device with another modality (sonic pulsation, LED, ...).
    HYBRID = "hybrid"


class AppDependency(StrEnum):
    """How far a device needs a phone app to be used."""

    # No app exists for the device.
    NONE = "none"
    # Usable without an app, whether or not one exists.
    OPTIONAL = "optional"
    REQUIRED = "required"


class FdaStatus(StrEnum):
    """US FDA status. An absent status (null) means no source states one: unknown."""

    CLEARED = "cleared"
    NOT_CLEARED = "not-cleared"


class ProbeGeometry(StrEnum):
    """The shape of the contacts that touch the skin."""

    TWO_SPHERES = "two-spheres"
    # Two fixed contacts that are not spheres: knobs, pins, wands.
    TWO_CONTACTS = "two-contacts"
    SINGLE_FACE = "single-face"
    SEPARATE_PROBES = "separate-probes"
    MASK = "mask"


class EvidenceKind(StrEnum):
    """How strong the clinical evidence behind a device is, strongest first."""

    INDEPENDENT_STUDY = "independent-study"
    MAKER_STUDY = "maker-study"
    REGISTERED_TRIAL = "registered-trial"
    # The sources say the evidence for this kind of device is thin.
    LIMITED = "limited"


class Severity(StrEnum):
    """How strongly the sources warn against use with a condition, strictest first."""

    # A hard stop: never use.
    ABSOLUTE = "absolute"
    # Do not use; the sources say to avoid.
    AVOID = "avoid"
    # Use only after asking a doctor, or with extra care.
    CAUTION = "caution"


class ClaimBasis(StrEnum):
    """What a claim is about. Only a claim about the model itself is a fact about the model."""

    MODEL = "model"
    # The brand or product line in general ("NuFACE devices are FDA-cleared").
    BRAND = "brand"
    # An earlier model of the same line (the Trinity's figure, cited for the Trinity+).
    PREDECESSOR = "predecessor"


class SourceKind(StrEnum):
    """What kind of document a source is, which says how far to trust it."""

    REGULATOR = "regulator"
    MAKER = "maker"
    EDITORIAL = "editorial"
    RETAILER = "retailer"
    USER_REVIEW = "user-review"
    REPRINT = "reprint"
    MACHINE_WRITTEN = "machine-written"
    SPONSORED = "sponsored"


SEVERITY_ORDER: dict[Severity, int] = {severity: index for index, severity in enumerate(Severity)}


class SortField(StrEnum):
    """Fields `list --sort` accepts."""

    NAME = "name"
    SLUG = "slug"
    BRAND = "brand"
    PRICE = "price"
    CURRENT = "current"


class Format(StrEnum):
    """Output formats every data command accepts."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


class PlanFormat(StrEnum):
    """Output formats of `plan`: the data formats, or an iCalendar file."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    ICS = "ics"


class SchemaKind(StrEnum):
    """The JSON Schemas `schema` prints."""

    CATALOGUE = "catalogue"
    OUTPUT = "output"


class Method(StrEnum):
    """How `rank` turns criteria into one score."""

    WEIGHTED_SUM = "weighted-sum"
    TOPSIS = "topsis"
