"""The built-in catalogue as the package ships it: where its files are, and its validated
data, which `list` and every other command read without PyYAML or pydantic.

Standard library only. Both `catalog` (which reads the data) and `catalog_files` (which
validates `devices.yaml` and writes the data) import this, and it imports neither.
"""

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import get_args, get_origin

from . import records


def builtin_catalogue_path() -> Path:
    """Where the catalogue shipped with the package lives."""
    packaged = Path(__file__).with_name("data") / "devices.yaml"
    if packaged.is_file():
        return packaged
    # Running from a source checkout: the catalogue sits at the top of the repository.
    return Path(__file__).resolve().parents[2] / "data" / "devices.yaml"


def builtin_data_path() -> Path:
    """Where the validated built-in catalogue, as data, ships beside `devices.yaml`."""
    return builtin_catalogue_path().with_name(BUILTIN_DATA_NAME)


BUILTIN_DATA_NAME = "devices.json"
# How the shipped data is remade after `data/devices.yaml` changes (a test says so too).
REGENERATE_COMMAND = "python -m microcompare.catalog_files --write-builtin"


def yaml_fingerprint(data: bytes) -> str:
    """Which `devices.yaml` the shipped data was made from: its length and CRC-32.

    Both files come with the package, so this tells an edited checkout from the data made
    for it, not friend from foe; zlib costs a fraction of a millisecond where hashlib's
    import alone takes three, on every run.
    """
    import zlib

    return f"{len(data)}-{zlib.crc32(data):08x}"


def catalogue_to_data(catalogue: records.Catalogue, *, made_from: str) -> str:
    """The catalogue as JSON text, with the fingerprint of the YAML it was validated from.

    Each record is an object naming its type under "$"; an enumeration's value is
    {"$": its type, "value": …}; a mapping of text is {"$": "dict", "items": {…}}.
    """
    import json

    document = {"made_from": made_from, "catalogue": _as_data(catalogue)}
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1) + "\n"


def _as_data(value: object) -> object:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        defaults = type(value)._field_defaults  # type: ignore[attr-defined]
        data: dict[str, object] = {"$": type(value).__name__}
        for name in value._fields:
            item = getattr(value, name)
            if (
                name not in defaults
                or item != defaults[name]
                or type(item) is not type(defaults[name])
            ):
                data[name] = _as_data(item)
        return data
    if isinstance(value, Enum):
        return {"$": type(value).__name__, "value": value.value}
    if isinstance(value, tuple | list):
        return [_as_data(item) for item in value]
    if isinstance(value, dict):
        return {"$": "dict", "items": {str(key): _as_data(item) for key, item in value.items()}}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"no data form for {type(value).__name__}")


def catalogue_from_data(data: bytes, *, made_from: str) -> records.Catalogue | None:
    """The catalogue `catalogue_to_data` wrote, or None if it was made from other YAML.

    Only the record and enumeration types a catalogue is made of are built, by name, from
    plain values; anything else in the file is a ValueError.
    """
    import json

    document = json.loads(data, object_hook=_from_data)
    if not isinstance(document, dict) or document.get("made_from") != made_from:
        return None
    found = document.get("catalogue")
    if not isinstance(found, records.Catalogue):
        raise ValueError("the built-in data holds no catalogue")
    return found


def _from_data(item: dict[str, object]) -> object:
    if "$" not in item:
        return item
    # The decoder's own dict becomes the fields: a copy of each of its thousand objects cost
    # the built-in catalogue's load about 0.3 ms of its 3.5.
    kind = item.pop("$")
    made = _MADE.get(kind) if isinstance(kind, str) else None
    if made is None:
        made = _maker(kind)
    for key, value in item.items():
        if type(value) is list:
            item[key] = _tuples(value)
    return made(item)


# Each type named in the built-in data: how its fields become the value.
_MADE: dict[str, Callable[[dict[str, object]], object]] = {}


def _maker(kind: object) -> Callable[[dict[str, object]], object]:
    made = _catalogue_types().get(kind) if isinstance(kind, str) else None
    maker: Callable[[dict[str, object]], object]
    if kind == "dict":

        def maker(fields: dict[str, object]) -> object:
            found = fields.get("items")
            if not isinstance(found, dict):
                raise ValueError("the built-in data names an unknown type 'dict'")
            return found

    elif isinstance(made, type) and issubclass(made, Enum):
        enumeration = made

        def maker(fields: dict[str, object]) -> object:
            if set(fields) != {"value"}:
                raise ValueError(f"the built-in data names an unknown type {kind!r}")
            return enumeration(fields["value"])

    elif isinstance(made, type) and issubclass(made, tuple) and hasattr(made, "_fields"):
        record = made

        def maker(fields: dict[str, object]) -> object:
            return record(**fields)

    else:
        raise ValueError(f"the built-in data names an unknown type {kind!r}")
    if isinstance(kind, str):
        _MADE[kind] = maker
    return maker


def _catalogue_types() -> dict[str, type]:
    """Every record and enumeration type a catalogue is made of, by name: the types the
    built-in data may name, found by following the fields of `records.Catalogue`."""
    if _TYPES:
        return _TYPES
    pending: list[object] = [records.Catalogue]
    while pending:
        item = pending.pop()
        if isinstance(item, type) and (issubclass(item, Enum) or hasattr(item, "_fields")):
            if item.__name__ not in _TYPES:
                _TYPES[item.__name__] = item
                pending.extend(getattr(item, "__annotations__", {}).values())
        elif get_origin(item) is not None:
            pending.extend((get_origin(item), *get_args(item)))
    return _TYPES


_TYPES: dict[str, type] = {}


def _tuples(value: object) -> object:
    # JSON has lists; every sequence in a record is a tuple.
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value
