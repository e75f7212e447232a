"""Pydantic validation of catalogue files, made from the records: no type is defined here.

`records` defines every catalogue type once, with the rules its values keep to written as
`Annotated` metadata. Each record class gets a pydantic model of the same name and fields,
made here from it and turned back into it by `record_of`. What holds between the fields of
one value (a range's low end below its high end) is checked by the functions under
`_CHECKS`, and what holds across a whole catalogue by `catalogue_problems`, on the records.
No I/O here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import types
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar, Union, get_args
from typing import get_origin as _origin

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
from .records import FDA_510K_PATTERN as FDA_510K_PATTERN
from .records import SLUG_PATTERN as SLUG_PATTERN
from .records import SOURCE_ID_PATTERN as SOURCE_ID_PATTERN
from .records import URL_PATTERN as URL_PATTERN
from .records import Pattern, Range, Reading, Size

# Re-exported: the models are where readers look for the catalogue's vocabulary.
from .vocab import AppDependency as AppDependency
from .vocab import ClaimBasis as ClaimBasis
from .vocab import CurrentType as CurrentType
from .vocab import EvidenceKind as EvidenceKind
from .vocab import FdaStatus as FdaStatus
from .vocab import ProbeGeometry as ProbeGeometry
from .vocab import Severity as Severity
from .vocab import SourceKind as SourceKind


class Model(BaseModel):
    """A catalogue value as pydantic checks it: the model of one record class."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    # The record class the model is made from, and which `record_of` turns it into.
    __record__: ClassVar[type[tuple[Any, ...]]]

    if TYPE_CHECKING:
        # The fields are the record's, added when the model is made, so mypy cannot see them.
        def __getattr__(self, name: str) -> Any: ...


def _locatable(source: Model) -> None:
    if source.url is None and source.seed_file is None:
        raise ValueError("a source needs a url or a seed_file so a reader can find it")


def _ordered(span: Model) -> None:
    if span.low > span.high:
        raise ValueError(f"low ({span.low:g}) must not exceed high ({span.high:g})")


def _not_dollars(money: Model) -> None:
    if money.currency == "USD":
        raise ValueError("a US-dollar price belongs in price_usd, not price_other")


def _sessions_ordered(phase: Model) -> None:
    if phase.sessions_per_week_min > phase.sessions_per_week_max:
        raise ValueError("sessions_per_week_min must not exceed sessions_per_week_max")


# What must hold between the fields of one value, for each record class that has a rule.
_CHECKS: dict[type, Callable[[Model], None]] = {
    records.Source: _locatable,
    records.CurrentSpan: _ordered,
    records.PriceSpan: _ordered,
    records.Money: _not_dollars,
    records.Phase: _sessions_ordered,
}
# Fields a file may leave out though the record needs them: an entry over a device an
# earlier file gives may leave out its name and brand (the loader checks which, where it
# knows the earlier files, and `catalogue_problems` once the files are layered).
_MAY_LEAVE_OUT: dict[type, tuple[str, ...]] = {records.Device: ("name", "brand")}


def _date_to_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _one_or_many(value: Any) -> Any:
    # A single claim may be written as a mapping; several claims as a list of mappings.
    if isinstance(value, dict):
        return [value]
    return value


def _by_shape(value: Any) -> str:
    # Not identifiers, so that error messages can tell them from the file's field names.
    return "as-mapping" if isinstance(value, dict | Model) else "as-value"


# A file's values are taken only as written: a number is never read from text ("335"),
# and neither infinity nor NaN is a number.
_STRICT: dict[Any, Any] = {
    str: StrictStr,
    bool: StrictBool,
    int: StrictInt,
    float: Annotated[StrictFloat, Field(allow_inf_nan=False)],
}
_READINGS: dict[Reading, Any] = {Reading.DATE_AS_TEXT: BeforeValidator(_date_to_text)}
# The model of each record class, made once, the first time a field needs it.
_MODELS: dict[type, type[Model]] = {}


def _rule(metadata: object) -> Any:
    """The pydantic form of one rule a record's field type carries."""
    if isinstance(metadata, Range):
        return Field(
            **{key: value for key, value in metadata._asdict().items() if value is not None}
        )
    if isinstance(metadata, Size):
        return Field(min_length=metadata.min, max_length=metadata.max)
    if isinstance(metadata, Pattern):
        return Field(pattern=metadata.regex)
    if isinstance(metadata, Reading) and metadata in _READINGS:
        return _READINGS[metadata]
    raise TypeError(f"models has no pydantic form for the rule {metadata!r}")


def _checked(annotation: Any) -> Any:
    """The type pydantic checks a value of a record's field type `annotation` as."""
    if isinstance(annotation, TypeVar) or annotation is type(None):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if isinstance(annotation, type) and hasattr(annotation, "_fields"):
        return _model_of(annotation)
    if annotation in _STRICT:
        return _STRICT[annotation]
    origin, arguments = _origin(annotation), get_args(annotation)
    if origin is Annotated:
        base, *rules = arguments
        if Reading.MAPPING_OR_VALUE in rules:
            rules.remove(Reading.MAPPING_OR_VALUE)
            base = _mapping_or_value(base)
        else:
            base = _checked(base)
        return Annotated[(base, *map(_rule, rules))] if rules else base
    if origin is Union or origin is types.UnionType:
        return functools.reduce(operator.or_, map(_checked, arguments))
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        if _origin(arguments[0]) is records.Claim:
            return Cited[_checked(get_args(arguments[0])[0])]  # type: ignore[misc]
        return tuple[_checked(arguments[0]), ...]  # type: ignore[misc]
    if origin is dict:
        return dict[_checked(arguments[0]), _checked(arguments[1])]  # type: ignore[misc]
    if origin is records.Claim:
        return Claim[_checked(arguments[0])]  # type: ignore[index]
    raise TypeError(f"models has no pydantic form for {annotation!r}")


def _mapping_or_value(union: Any) -> Any:
    # A mapping is the record and anything else the plain value, so a mistake is reported
    # once, against the form the file meant rather than against both.
    record, value = sorted(get_args(union), key=lambda option: not hasattr(option, "_fields"))
    return Annotated[
        Annotated[_checked(value), Tag("as-value")]
        | Annotated[_checked(record), Tag("as-mapping")],
        Discriminator(_by_shape),
    ]


def _model_of(record: type, *, name: str | None = None) -> type[Model]:
    """The model of a record class: its fields with their types as pydantic checks them,
    its docstring, and the rule between its fields where `_CHECKS` has one."""
    if name is None and record in _MODELS:
        return _MODELS[record]
    defaults: Mapping[str, Any] = getattr(record, "_field_defaults", {})
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__, "__doc__": record.__doc__}
    for field, annotation in record.__annotations__.items():
        checked = _checked(annotation)
        if field in _MAY_LEAVE_OUT.get(record, ()):
            checked, namespace[field] = checked | None, None
        elif field in defaults:
            namespace[field] = defaults[field]
        annotations[field] = checked
    namespace["__annotations__"] = annotations
    check = _CHECKS.get(record)
    if check is not None:

        def checked_whole(self: Model) -> Model:
            check(self)
            return self

        namespace["_checked_whole"] = model_validator(mode="after")(checked_whole)
    generic = getattr(record, "__parameters__", ())
    bases: tuple[type, ...] = (Model, Generic[generic]) if generic else (Model,)  # type: ignore[index]
    made: type[Model] = types.new_class(
        name or record.__name__, bases, exec_body=lambda body: body.update(namespace)
    )
    made.__record__ = record
    _MODELS.setdefault(record, made)
    return made


T = TypeVar("T")
Claim = _model_of(records.Claim)
# Every fact is a tuple of claims (sources may disagree), or None when no source gives it.
Cited = TypeAliasType(
    "Cited",
    Annotated[tuple[Claim[T], ...], BeforeValidator(_one_or_many), Field(min_length=1)],  # type: ignore[valid-type]
    type_params=(T,),
)
CatalogueFile = _model_of(records.Catalogue, name="CatalogueFile")
Source = _model_of(records.Source)
CurrentSpan = _model_of(records.CurrentSpan)
PriceSpan = _model_of(records.PriceSpan)
Money = _model_of(records.Money)
Modality = _model_of(records.Modality)
Phase = _model_of(records.Phase)
Protocol = _model_of(records.Protocol)
Evidence = _model_of(records.Evidence)
Device = _model_of(records.Device)
Contraindication = _model_of(records.Contraindication)
Consumable = _model_of(records.Consumable)
General = _model_of(records.General)
# Every model, for the names of the fields a file may write.
MODELS: tuple[type[Model], ...] = tuple(_MODELS.values())


def record_of(value: Any) -> Any:
    """A validated model as its record, and so on all the way down; other values as they are."""
    if isinstance(value, Model):
        record = type(value).__record__
        return record(*(record_of(getattr(value, name)) for name in record._fields))  # type: ignore[attr-defined]
    if type(value) is tuple:
        return tuple(record_of(item) for item in value)
    return value


def catalogue_record(catalogue: Model) -> records.Catalogue:
    """A validated catalogue file as the plain records the engine reads."""
    found: records.Catalogue = record_of(catalogue)
    return found


def validate_catalogue(data: Any) -> records.Catalogue:
    """A catalogue checked as the one in use is: a pydantic ValidationError for a value that
    is wrong where it stands, a ValueError naming every reference that does not hold."""
    catalogue = catalogue_record(CatalogueFile.model_validate(data))
    problems = catalogue_problems(catalogue)
    if problems:
        raise ValueError("; ".join(problems))
    return catalogue


def catalogue_problems(catalogue: records.Catalogue) -> list[str]:
    """What is wrong with a layered catalogue as a whole: a citation that does not resolve,
    a slug or alias used twice, a new device without a name or a brand."""
    problems: list[str] = []
    source_ids: set[str] = set()
    for source in catalogue.sources:
        if source.id in source_ids:
            problems.append(f"source id {source.id!r} is defined twice")
        source_ids.add(source.id)
    slugs: set[str] = set()
    owners: dict[str, str] = {}
    for device in catalogue.devices:
        # Left out only by a file's entry over a device no earlier file gives.
        named: tuple[str | None, ...] = (device.name, device.brand)
        if None in named:
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
    return problems + _safety_problems(catalogue, source_ids, slugs)


def _safety_problems(
    catalogue: records.Catalogue, source_ids: set[str], slugs: set[str]
) -> list[str]:
    problems: list[str] = []
    named: dict[str, str] = {}
    for item in catalogue.contraindications:
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
    if catalogue.general is not None:
        for source_id in sorted(catalogue.general.citations() - source_ids):
            problems.append(
                f"general facts cite source {source_id!r}, "
                "which the catalogue's sources list does not define"
            )
    return problems


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
