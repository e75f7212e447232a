"""Load catalogue files safely, validate them once, and find devices by slug or alias."""

from __future__ import annotations

import difflib
import gc
import os
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import DataError, UsageError
from .models import (
    CITED_FIELDS,
    Catalogue,
    CatalogueFile,
    Claim,
    Contraindication,
    Device,
    General,
    Source,
)

# A real catalogue of 10,000 devices is a few megabytes; anything far larger is a mistake.
MAX_CATALOGUE_BYTES = 64 * 1024 * 1024
BUILTIN_NAME = "built-in catalogue"


def _refuse_duplicate_keys(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    """Build a mapping, refusing duplicate keys (which PyYAML otherwise accepts silently)."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            continue  # PyYAML itself reports an unhashable key, with its position
        if key in seen:
            mark = key_node.start_mark
            raise DataError(
                f"line {mark.line + 1}, column {mark.column + 1}: duplicate key {key!r}; "
                "each key may appear once in a mapping"
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _make_loader() -> type[yaml.SafeLoader]:
    # The C parser is several times faster; both are the safe loaders.
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: type[yaml.SafeLoader] = type("CatalogueLoader", (base,), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _refuse_duplicate_keys)
    return loader


_CatalogueLoader = _make_loader()


@dataclass(frozen=True)
class LoadedCatalogue:
    """A validated catalogue and what loading it had to say."""

    catalogue: Catalogue
    warnings: tuple[str, ...] = ()


def builtin_catalogue_path() -> Path:
    """Where the catalogue shipped with the package lives."""
    packaged = Path(str(resources.files("microcompare") / "data" / "devices.yaml"))
    if packaged.is_file():
        return packaged
    # Running from a source checkout: the catalogue sits at the top of the repository.
    return Path(__file__).resolve().parents[2] / "data" / "devices.yaml"


def read_catalogue_file(path: Path, *, label: str | None = None) -> CatalogueFile:
    """Parse and validate one catalogue file; every problem becomes a DataError."""
    where = label or str(path)
    return parse_catalogue_text(_read_text(path, where), where=where)


def _read_text(path: Path, where: str) -> str:
    try:
        if path.is_dir():
            raise DataError(f"{where}: is a directory; give a catalogue YAML file")
        size = path.stat().st_size
        if size > MAX_CATALOGUE_BYTES:
            raise DataError(
                f"{where}: {size:,} bytes is over the {MAX_CATALOGUE_BYTES:,}-byte limit "
                "for a catalogue file"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{where}: no such file; give the path of a catalogue YAML file") from None
    except PermissionError:
        raise DataError(f"{where}: permission denied; the file must be readable") from None
    except OSError as error:
        raise DataError(f"{where}: cannot be read ({error.strerror})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(
            f"{where}: byte {error.start} is not UTF-8; save the catalogue as UTF-8 text"
        ) from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Loading builds many objects and frees none, so the cyclic collector's passes find
    # nothing and, run again and again as the heap grows, make a large file's load
    # superlinear. Reference counting still frees everything as usual.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_catalogue_text(text: str, *, where: str) -> CatalogueFile:
    """Validate catalogue YAML text; `where` names it in messages."""
    return _parsed(text, where)[0]


def _parsed(text: str, where: str) -> tuple[CatalogueFile, yaml.Node]:
    # The node tree is kept so that a problem in a value can be reported at its line.
    try:
        with _collector_paused():
            loader = _CatalogueLoader(text)
            try:
                node = loader.get_single_node()
                data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
    except DataError as error:
        raise DataError(f"{where}: {error.message}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DataError(f"{where}: {place}YAML syntax error: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DataError(f"{where}: not valid YAML ({error})") from None
    if data is None or node is None:
        raise DataError(f"{where}: the file is empty; a catalogue needs 'sources' and 'devices'")
    if not isinstance(data, dict):
        raise DataError(
            f"{where}: the top level is a {type(data).__name__}; a catalogue is a mapping "
            "with 'sources' and 'devices' keys"
        )
    try:
        with _collector_paused():
            return CatalogueFile.model_validate(data), node
    except ValidationError as error:
        problems = tuple(_describe_problem(where, data, node, item) for item in error.errors())
        raise DataError(problems[0], details=problems[1:]) from None


def _describe_problem(where: str, data: dict[str, Any], node: yaml.Node, item: Any) -> str:
    loc: tuple[str | int, ...] = item["loc"]
    return _place(where, node, loc, _message(item), _slug_at(data, loc))


def _place(
    where: str, node: yaml.Node, loc: Sequence[str | int], message: str, slug: str | None
) -> str:
    """e.g. "my.yaml:12:17: devices[2].price_usd[0].value (acme-glow): <message>"."""
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    path = path.lstrip(".")
    named = f" ({slug})" if slug else ""
    mark = _node_at(node, loc).start_mark
    place = f"{where}:{mark.line + 1}:{mark.column + 1}"
    if path:
        return f"{place}: {path}{named}: {message}"
    return f"{place}: {message}"


def _node_at(node: yaml.Node, loc: Sequence[str | int]) -> yaml.Node:
    """The deepest YAML node on a validation error's path, for its line and column."""
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = next(
                (value for key, value in node.value if getattr(key, "value", None) == part),
                None,
            )
            # Not a key: a union's branch name, or a field the file leaves out.
            if found is not None:
                node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        # An index into a mapping: one claim written without a list; it is claim 0.
    return node


def _message(item: Any) -> str:
    # Our own validators' messages need no "Value error, " label in front of them.
    return str(item["msg"]).removeprefix("Value error, ")


def _slug_at(data: dict[str, Any], loc: tuple[str | int, ...]) -> str | None:
    # Naming the device makes "devices[12].price_usd" findable without counting.
    if len(loc) >= 2 and loc[0] == "devices" and isinstance(loc[1], int):
        devices = data.get("devices")
        if isinstance(devices, list) and loc[1] < len(devices):
            entry = devices[loc[1]]
            if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
                return str(entry["slug"])
    return None


ENV_VARIABLE = "MICROCOMPARE_CATALOG"
CONFIG_FILE_NAME = "catalog.yaml"


def user_catalogue_files() -> tuple[tuple[Path, str], ...]:
    """The user's standing catalogues, each with how it was found: the file in the config
    directory, if there is one, then each path in MICROCOMPARE_CATALOG (os.pathsep between)."""
    from platformdirs import user_config_path

    found: list[tuple[Path, str]] = []
    config = user_config_path("microcompare") / CONFIG_FILE_NAME
    if config.is_file():
        found.append((config, str(config)))
    for text in os.environ.get(ENV_VARIABLE, "").split(os.pathsep):
        if text.strip():
            found.append((Path(text.strip()), f"{text.strip()} (from {ENV_VARIABLE})"))
    return tuple(found)


def load_catalogue(
    paths: Sequence[Path] = (), *, builtin: bool = True, user_files: bool = False
) -> LoadedCatalogue:
    """The built-in catalogue (unless told not to) with each given file layered over it.

    Layers, later over earlier: built-in, the user's config-directory file and
    MICROCOMPARE_CATALOG (with `user_files`, and only with the built-in devices), then
    `paths`. A device whose slug is already present replaces the earlier entry, and a warning
    says so. Without the built-in devices, the built-in sources, contraindications and
    general facts still apply: a user's own file must not switch off the safety screening.
    """
    if not builtin and not paths:
        raise UsageError("--no-builtin needs at least one --catalog FILE to read devices from")
    shipped = read_catalogue_file(builtin_catalogue_path(), label=BUILTIN_NAME)
    if not builtin:
        shipped = shipped.model_copy(update={"devices": ()})
    files: list[tuple[str, CatalogueFile]] = [(BUILTIN_NAME, shipped)]
    if builtin and user_files:
        files.extend(
            (label, read_catalogue_file(path, label=label))
            for path, label in user_catalogue_files()
        )
    files.extend((str(path), read_catalogue_file(path)) for path in paths)
    return merge_catalogues(files)


def merge_catalogues(files: Iterable[tuple[str, CatalogueFile]]) -> LoadedCatalogue:
    """Layer catalogue files in order, later ones replacing earlier devices and sources.

    Contraindications with the same id are joined, claims and all, so a later file can make
    one stricter but never weaker; general facts a later file gives replace earlier ones.
    """
    sources: dict[str, Source] = {}
    devices: dict[str, Device] = {}
    contraindications: dict[str, Contraindication] = {}
    general = General()
    origin: dict[str, str] = {}
    warnings: list[str] = []
    names: list[str] = []
    source_origin: dict[str, str] = {}
    problems: list[str] = []
    for name, part in files:
        names.append(name)
        for source in part.sources:
            if source.id in sources:
                if source_origin[source.id] == name:
                    problems.append(f"{name}: source id {source.id!r} is defined twice")
                elif sources[source.id] != source:
                    # Every earlier citation of this id now points at the new entry.
                    warnings.append(
                        f"{name}: source {source.id!r} replaces the one from "
                        f"{source_origin[source.id]}, for every fact that cites it"
                    )
            sources[source.id] = source
            source_origin[source.id] = name
        for device in part.devices:
            if device.slug in devices and origin[device.slug] == name:
                problems.append(f"{name}: slug {device.slug!r} is used by two devices")
            elif device.slug in devices:
                warnings.append(
                    f"{name}: device {device.slug!r} replaces the one from {origin[device.slug]}"
                )
            devices[device.slug] = device
            origin[device.slug] = name
        for item in part.contraindications:
            earlier = contraindications.get(item.id)
            contraindications[item.id] = item if earlier is None else _joined(earlier, item)
        if part.general is not None:
            general = _layered(general, part.general)
    if problems:
        raise DataError(problems[0], details=tuple(problems[1:]))
    try:
        catalogue = Catalogue(
            sources=tuple(sources.values()),
            devices=tuple(devices.values()),
            contraindications=tuple(contraindications.values()),
            general=general,
        )
    except ValidationError as error:
        where = " + ".join(names)
        found = tuple(f"{where}: {_message(item)}" for item in error.errors())
        raise DataError(found[0], details=found[1:]) from None
    return LoadedCatalogue(catalogue=catalogue, warnings=tuple(warnings))


def _joined(earlier: Contraindication, later: Contraindication) -> Contraindication:
    claims = earlier.severity + tuple(c for c in later.severity if c not in earlier.severity)
    names = earlier.names + tuple(n for n in later.names if n not in earlier.names)
    applies_to = (
        None
        if earlier.applies_to is None or later.applies_to is None
        else tuple(dict.fromkeys(earlier.applies_to + later.applies_to))
    )
    return later.model_copy(
        update={
            "severity": claims,
            "names": names,
            "applies_to": applies_to,
            "reason": later.reason or earlier.reason,
        }
    )


def _layered(earlier: General, later: General) -> General:
    given = {name: getattr(later, name) for name in later.model_fields_set}
    if "consumables" in given:
        by_name = {item.name: item for item in earlier.consumables}
        by_name.update({item.name: item for item in later.consumables})
        given["consumables"] = tuple(by_name.values())
    return earlier.model_copy(update=given)


def normalise_name(text: str) -> str:
    """The form slugs and aliases are compared in: compatibility-folded, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def find_device(catalogue: Catalogue, query: str) -> Device:
    """The device a user means by `query`: its slug, an alias, or its name, in any case."""
    key = normalise_name(query)
    if not key:
        raise UsageError("a device slug cannot be empty; run 'microcompare list' to see them")
    device = device_index(catalogue).get(key)
    if device is not None:
        return device
    shown = query if len(query) <= 60 else query[:57] + "..."
    suggestion = suggest_name(catalogue, key)
    if suggestion:
        raise UsageError(f"unknown device {shown!r} — did you mean {suggestion!r}?")
    raise UsageError(f"unknown device {shown!r}; run 'microcompare list' to see every slug")


def device_index(catalogue: Catalogue) -> dict[str, Device]:
    """Every name a device answers to (slug, aliases, display name), normalised."""
    index: dict[str, Device] = {}
    for device in catalogue.devices:
        index.setdefault(normalise_name(device.name), device)
    for device in catalogue.devices:
        for alias in device.aliases:
            index[normalise_name(alias)] = device
    for device in catalogue.devices:
        index[device.slug] = device
    return index


def suggest_name(catalogue: Catalogue, key: str) -> str | None:
    """The closest slug or alias to a mistyped name, if any is close."""
    if len(key) > 200:
        return None
    candidates = [device.slug for device in catalogue.devices]
    candidates += [
        normalise_name(alias) for device in catalogue.devices for alias in device.aliases
    ]
    matches = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None


@dataclass(frozen=True)
class FileCheck:
    """What `validate` found in a clean catalogue file."""

    path: str
    devices: int
    sources: int
    contraindications: int


def check_catalogue_file(path: Path) -> FileCheck:
    """Check one file as `--catalog` would use it, reporting every problem at its place.

    Raises a DataError whose lines are "FILE:LINE:COLUMN: field.path: what is wrong".
    A citation may name a source the file defines or one the built-in catalogue defines.
    """
    where = str(path)
    part, node = _parsed(_read_text(path, where), where)
    shipped = read_catalogue_file(builtin_catalogue_path(), label=BUILTIN_NAME)
    sources = {source.id for source in (*shipped.sources, *part.sources)}
    slugs = {device.slug for device in (*shipped.devices, *part.devices)}
    problems: list[str] = []

    def report(loc: Sequence[str | int], message: str) -> None:
        slug = None
        if len(loc) >= 2 and loc[0] == "devices" and isinstance(loc[1], int):
            slug = part.devices[loc[1]].slug
        problems.append(_place(where, node, loc, message, slug))

    def cites(loc: tuple[str | int, ...], claims: Sequence[Claim[Any]] | None) -> None:
        for index, claim in enumerate(claims or ()):
            if claim.source not in sources:
                report(
                    (*loc, index, "source"),
                    f"source {claim.source!r} is not defined in this file or the built-in "
                    "catalogue; add it to 'sources'",
                )

    first: dict[str, int] = {}
    for index, source in enumerate(part.sources):
        if first.setdefault(source.id, index) != index:
            report(("sources", index, "id"), f"source id {source.id!r} is defined twice")
    first = {}
    for index, device in enumerate(part.devices):
        if first.setdefault(device.slug, index) != index:
            report(
                ("devices", index, "slug"),
                f"slug {device.slug!r} is also used by devices[{first[device.slug]}]",
            )
        for name in CITED_FIELDS:
            cites(("devices", index, name), getattr(device, name))
    for index, item in enumerate(part.contraindications):
        cites(("contraindications", index, "severity"), item.severity)
        for position, slug in enumerate(item.applies_to or ()):
            if slug not in slugs:
                report(
                    ("contraindications", index, "applies_to", position),
                    f"{slug!r} is not a device in this file or the built-in catalogue",
                )
    if part.general is not None:
        cites(("general", "clinic_session_usd"), part.general.clinic_session_usd)
        cites(("general", "protocol"), part.general.protocol)
        for index, consumable in enumerate(part.general.consumables):
            cites(("general", "consumables", index, "required"), consumable.required)
            cites(("general", "consumables", index, "usd_per_month"), consumable.usd_per_month)
    if problems:
        raise DataError(problems[0], details=tuple(problems[1:]))
    # Whatever else layering checks (aliases shared with built-in devices, for one).
    merge_catalogues([(BUILTIN_NAME, shipped), (where, part)])
    return FileCheck(
        path=where,
        devices=len(part.devices),
        sources=len(part.sources),
        contraindications=len(part.contraindications),
    )


def check_catalogue_files(paths: Sequence[Path]) -> tuple[FileCheck, ...]:
    """Check every file; one DataError lists the problems of all of them, file by file."""
    found: list[FileCheck] = []
    problems: list[str] = []
    for path in paths:
        try:
            found.append(check_catalogue_file(path))
        except DataError as error:
            problems += [error.message, *error.details]
    if problems:
        raise DataError(problems[0], details=tuple(problems[1:]))
    return tuple(found)
