"""Read catalogue files safely, validate them, and layer them into one catalogue.

Every problem in a file becomes one line naming its place (FILE:LINE:COLUMN and the field);
no YAML tag runs code, and no file can make the reader run out of time or memory.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import shipped
from .characters import CONTROLS, SEPARATORS, character_name
from .errors import DataError
from .models import (
    CITED_FIELDS,
    FDA_510K_PATTERN,
    MODELS,
    SLUG_PATTERN,
    SOURCE_ID_PATTERN,
    URL_PATTERN,
    CatalogueFile,
    Device,
    General,
    Model,
    Source,
    catalogue_problems,
    catalogue_record,
)
from .records import LoadedCatalogue
from .startup import collector_paused

# A real catalogue of 10,000 devices is a few megabytes; anything far larger is a mistake.
MAX_CATALOGUE_BYTES = 64 * 1024 * 1024
BUILTIN_NAME = "built-in catalogue"

# What prose fields may not hold: the controls (line breaks are text's own structure there).
UNSAFE_IN_PROSE = re.compile(f"[{CONTROLS}]")
# What every other field may not hold: the controls and every kind of line break.
UNSAFE_OR_LINE_BREAK = re.compile(f"[{CONTROLS}{SEPARATORS}\n]")


def _refuse_duplicate_keys(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    """Build a mapping, refusing duplicate keys (which PyYAML otherwise accepts silently)."""
    if not isinstance(node, yaml.MappingNode):
        mark = node.start_mark
        raise DataError(
            f"{mark.line + 1}:{mark.column + 1}: a !!map tag on a value that is not a mapping; "
            "remove the tag"
        )
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
                f"{mark.line + 1}:{mark.column + 1}: duplicate key {key!r}; "
                "each key may appear once in a mapping"
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


# libyaml refuses nesting past 1,000 levels; the pure-Python composer recurses once per
# level, so it stops well before Python's own recursion limit.
MAX_PURE_PYTHON_DEPTH = 100


class _DepthLimitedComposer(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self._depth >= MAX_PURE_PYTHON_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise DataError(
                f"{mark.line + 1}:{mark.column + 1}: values are nested more than "
                f"{MAX_PURE_PYTHON_DEPTH} levels deep; a catalogue needs only a few levels"
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _guarded(tag: str | None, constructor: Any) -> Any:
    """A constructor that reports a value it cannot read (`!!int abc`, a 5,000-digit
    number) at its place instead of raising Python's own error."""

    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return constructor(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            mark = node.start_mark
            shown = _short(str(node.value)) if isinstance(node, yaml.ScalarNode) else "this"
            kind = (tag or "value").rpartition(":")[2]
            raise DataError(
                f"{mark.line + 1}:{mark.column + 1}: {shown!r} cannot be read as a YAML "
                f"{kind}; write a plain value"
            ) from None

    return construct


def _short(text: str, limit: int = 40) -> str:
    # One line stays one line, whatever the file holds.
    return text if len(text) <= limit else text[: limit - 3] + "..."


_REFUSED_TAGS = {
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:binary",
}


def _make_loader(base: type[yaml.SafeLoader] | None = None) -> type[yaml.SafeLoader]:
    """The safe loader the catalogue is read with: the C one where PyYAML has it (several
    times faster), else the pure-Python one; duplicate keys refused by both."""
    if base is None:
        base = getattr(yaml, "CSafeLoader", None) or _DepthLimitedComposer
    elif base is yaml.SafeLoader:
        base = _DepthLimitedComposer
    loader: type[yaml.SafeLoader] = type("CatalogueLoader", (base,), {})
    # Sets come out in a different order on every run, and the rest have no place in a
    # catalogue: without a constructor, each is refused as a tag that is not allowed.
    loader.yaml_constructors = {
        tag: _guarded(tag, constructor)
        for tag, constructor in base.yaml_constructors.items()
        if tag not in _REFUSED_TAGS
    }
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _refuse_duplicate_keys)
    return loader


_CatalogueLoader = _make_loader()


def read_catalogue_file(path: Path, *, label: str | None = None) -> Model:
    """Parse and validate one catalogue file; every problem becomes a one-line DataError."""
    return _read_parsed(path, label or str(path)).part


@dataclass(frozen=True)
class _ParsedFile:
    """A valid catalogue file with what it was read from, to place later problems in it."""

    where: str
    path: Path
    part: Model
    data: dict[str, Any]
    node: yaml.Node


def _read_parsed(path: Path, where: str, earlier: set[str] | None = None) -> _ParsedFile:
    """A valid file. With `earlier` (the slugs the files before it give), a new device
    must also have a name and a brand."""
    data, node = _load_yaml(_read_text(path, where), where)
    part, problems = _validated(where, data, node)
    problems += _duplicate_problems(where, data, node)
    problems += _character_problems(where, data, node, problems)
    if earlier is not None:
        problems += _unnamed_problems(where, data, node, earlier)
    if problems or part is None:
        raise _one_line(problems, str(path), _problem_count(path, problems))
    return _ParsedFile(where, path, part, data, node)


def _problem_count(path: Path, problems: Sequence[str]) -> int:
    """How many problems `validate` finds in the file, so that the count a command gives and
    the list `validate` prints agree (it also checks citations, which loading does later)."""
    try:
        check_catalogue_file(path)
    except DataError as error:
        return max(len(problems), 1 + len(error.details))
    return len(problems)


def _one_line(problems: Sequence[str], path: str, count: int | None = None) -> DataError:
    # Loading a catalogue for a command says one thing; `validate` is where to see them all.
    more = (count or len(problems)) - 1
    if more <= 0:
        return DataError(problems[0])
    plural = "s" if more > 1 else ""
    return DataError(
        f"{problems[0]} (and {more} more problem{plural}; "
        f"'microcompare validate {path}' lists every one)"
    )


def _read_at_most(path: Path, limit: int) -> bytes:
    # Opened without waiting, so a named pipe no one writes to reads as empty rather than
    # hanging (a shell's <(…) has its writer, and is read in full); read no more than the
    # limit, as the path may be a device with no end.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(limit)
    finally:
        os.close(descriptor)


def _read_text(path: Path, where: str) -> str:
    try:
        if path.is_dir():
            raise DataError(f"{where}: is a directory; give a catalogue YAML file")
        raw = _read_at_most(path, MAX_CATALOGUE_BYTES + 1)
        if len(raw) > MAX_CATALOGUE_BYTES:
            raise DataError(
                f"{where}: the file is over the {MAX_CATALOGUE_BYTES:,}-byte limit "
                "for a catalogue file"
            )
    except FileNotFoundError:
        raise DataError(f"{where}: no such file; give the path of a catalogue YAML file") from None
    except PermissionError:
        raise DataError(f"{where}: permission denied; the file must be readable") from None
    except OSError as error:
        raise DataError(f"{where}: cannot be read ({error.strerror})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError(
            f"{where}:{line}:{column}: byte 0x{raw[error.start]:02x} is not UTF-8; "
            "save the catalogue as UTF-8 text"
        ) from None


def parse_catalogue_text(text: str, *, where: str) -> Model:
    """Validate catalogue YAML text; `where` names it in messages."""
    data, node = _load_yaml(text, where)
    part, problems = _validated(where, data, node)
    problems += _duplicate_problems(where, data, node)
    problems += _character_problems(where, data, node, problems)
    if problems or part is None:
        raise _one_line(problems, where)
    return part


def _load_yaml(text: str, where: str) -> tuple[dict[str, Any], yaml.Node]:
    """The mapping a catalogue file holds, and its node tree for placing problems."""
    try:
        with collector_paused():
            loader = _CatalogueLoader(text)
            try:
                node = loader.get_single_node()
                # Only an alias can make a small file stand for a huge one ("billion
                # laughs"), and an alias needs a '*', so most files skip this walk.
                if node is not None and "*" in text:
                    _check_aliases(node, text)
                data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
    except DataError as error:
        raise DataError(f"{where}:{error.message}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        raise DataError(f"{place}: {_yaml_problem(error, text)}") from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        # The C reader gives the character's code, the Python one the character.
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise DataError(
            f"{where}:{line}:{column}: character U+{code:04X} is not allowed in YAML; "
            "remove it or save the file as plain text"
        ) from None
    except yaml.YAMLError as error:
        raise DataError(f"{where}: not valid YAML ({' '.join(str(error).split())})") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        # Only a constructor PyYAML did not guard can get here; each of ours names a place.
        raise DataError(f"{where}: a value cannot be read as YAML says ({error})") from None
    except RecursionError:
        # A last guard: the C parser stops at 1,000 levels and ours at 100.
        raise DataError(
            f"{where}: values are nested too deeply to be a catalogue; "
            "a catalogue needs only a few levels"
        ) from None
    if data is None or node is None:
        raise DataError(
            f"{where}: the file is empty; write at least one of 'devices', 'sources', "
            "'contraindications' or 'general'"
        )
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else "single value"
        raise DataError(
            f"{where}:1:1: the top level is a {kind}; a catalogue is a mapping "
            "with 'sources' and 'devices' keys"
        )
    return data, node


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = error.problem or ""
    if isinstance(error, yaml.constructor.ConstructorError) and "unhashable key" in problem:
        return "a key must be plain text, not a list or a mapping"
    if isinstance(error, yaml.constructor.ConstructorError) and "constructor" in problem:
        # The safe loader never runs a tag's code; it refuses every tag it does not know.
        tag = problem.rpartition("tag ")[2]
        if "2002:merge" in tag:
            return "merge keys (<<) are not allowed in a catalogue; write the keys out"
        return (
            f"the YAML tag {tag} is not allowed; a catalogue holds plain values only, "
            "so remove the tag"
        )
    if isinstance(error, yaml.constructor.ConstructorError):
        return f"YAML error: {problem}"
    if "found another document" in problem:
        return "a catalogue is one YAML document; remove the '---' that starts a second one"
    mark = error.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return "YAML syntax error: a tab cannot indent YAML; indent with spaces"
    return f"YAML syntax error: {problem}"


# A file may use anchors and aliases to repeat a value, but may not stand for many more
# values than it holds: validating what the aliases expand to must stay as cheap as reading.
MAX_EXPANSION = 10
MIN_EXPANDED_LIMIT = 100_000


def _check_aliases(root: yaml.Node, text: str) -> None:
    """Refuse a value that contains itself, and aliases that multiply the file's size.

    One walk of the node graph, each collection sized once (an alias shares its anchor's
    node), so the cost follows what the file holds, not what it expands to.
    """
    sizes: dict[int, int] = {}
    held = 0
    on_path: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack[-1]
        key = id(node)
        if key in sizes or isinstance(node, yaml.ScalarNode):
            stack.pop()
            continue
        children: list[yaml.Node] = (
            node.value
            if isinstance(node, yaml.SequenceNode)
            else [part for pair in node.value for part in pair]
        )
        if key not in on_path:
            on_path.add(key)
            pending = [
                child
                for child in children
                if not isinstance(child, yaml.ScalarNode) and id(child) not in sizes
            ]
            if any(id(child) in on_path for child in pending):
                raise DataError(
                    f"{_first_alias(text, within=node)}: a value contains itself through an "
                    "alias; write it out instead"
                )
            if pending:
                stack.extend(pending)
                continue
        total = 1
        for child in children:
            total += sizes.get(id(child), 1)
        held += 1 + sum(isinstance(child, yaml.ScalarNode) for child in children)
        sizes[key] = total
        on_path.discard(key)
        stack.pop()
    expanded = sizes.get(id(root), 1)
    if expanded > max(MAX_EXPANSION * held, MIN_EXPANDED_LIMIT):
        raise DataError(
            f"{_first_alias(text)}: aliases make this file stand for {expanded:,} values "
            f"though it holds {held:,}; repeat values by writing them out, not by "
            "aliases of aliases"
        )


def _first_alias(text: str, within: yaml.Node | None = None) -> str:
    """Where the first alias is, or the first inside the value `within`."""
    start = within.start_mark.index if within is not None else 0
    end = within.end_mark.index if within is not None else len(text)
    for event in yaml.parse(text, Loader=_CatalogueLoader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None and start <= mark.index <= end:
            return f"{mark.line + 1}:{mark.column + 1}"
    return "1:1"


def _validated(where: str, data: dict[str, Any], node: yaml.Node) -> tuple[Model | None, list[str]]:
    try:
        with collector_paused():
            return CatalogueFile.model_validate(data), []
    except ValidationError as error:
        return None, _describe_problems(where, data, node, error.errors())


def _describe_problems(
    where: str, data: dict[str, Any], node: yaml.Node, items: Sequence[Any]
) -> list[str]:
    problems: list[str] = []
    # A list too short only because its bad items were dropped is said by those items.
    inner = [item["loc"] for item in items if item["type"] != "too_short"]
    for item in items:
        loc: tuple[str | int, ...] = item["loc"]
        if item["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in inner
        ):
            continue
        problem = _place(where, node, loc, _message(item), _slug_at(data, loc))
        # The branches of a union can each report the same place the same way.
        if problem not in problems:
            problems.append(problem)
    return problems


def _place(
    where: str, node: yaml.Node, loc: Sequence[str | int], message: str, slug: str | None
) -> str:
    """e.g. "my.yaml:12:17: devices[2].price_usd[0].value (acme-glow): <message>"."""
    found, shown = _node_at(node, loc)
    # A key that is not a plain name ("\n", "a b") is shown quoted, so the line stays one.
    path = "".join(
        f"[{part}]"
        if isinstance(part, int)
        else f".{part}"
        if part.isidentifier()
        else f"[{_short(part)!r}]"
        for part in shown
    )
    path = path.lstrip(".")
    named = f" ({slug})" if slug else ""
    mark = found.start_mark
    place = f"{where}:{mark.line + 1}:{mark.column + 1}"
    if path:
        return f"{place}: {path}{named}: {message}"
    return f"{place}: {message}"


def _node_at(node: yaml.Node, loc: Sequence[str | int]) -> tuple[yaml.Node, list[str | int]]:
    """The deepest YAML node on a validation error's path, for its line and column, and
    the path as the file spells it (without pydantic's names for a union's branches)."""
    shown: list[str | int] = []
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = next(
                (value for key, value in node.value if getattr(key, "value", None) == part),
                None,
            )
            if found is not None:
                node = found
                shown.append(part)
            elif _is_field_name(part):
                # A field the file leaves out.
                shown.append(part)
            # Otherwise a union's branch name, which the file never spells.
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            shown.append(part)
            if part >= len(node.value):
                break
            node = node.value[part]
        elif isinstance(part, int):
            # An index into a mapping: one claim written without a list; it is claim 0.
            shown.append(part)
        elif _is_field_name(part):
            shown.append(part)
    return node, shown


def _is_field_name(part: str) -> bool:
    return part.isidentifier() and part.islower()


_FRIENDLY_PATTERNS = {
    SLUG_PATTERN: "must be lowercase letters and digits joined by single hyphens, e.g. acme-glow",
    SOURCE_ID_PATTERN: "must be lowercase letters and digits joined by single "
    "hyphens, dots or underscores, e.g. my-notes-2026",
    URL_PATTERN: "must be a web address starting with http:// or https://, with no spaces",
    FDA_510K_PATTERN: "must be a 510(k) number: K and six digits, e.g. K123456",
}


def _message(item: Any) -> str:
    kind = item.get("type")
    context = item.get("ctx") or {}
    if kind == "string_pattern_mismatch" and context.get("pattern") in _FRIENDLY_PATTERNS:
        return f"{_short(str(item['input']))!r} {_FRIENDLY_PATTERNS[context['pattern']]}"
    if kind == "extra_forbidden":
        field = item["loc"][-1]
        names = [name for name in _field_names() if name != field]
        close = difflib.get_close_matches(str(field), names, n=1, cutoff=0.7)
        hint = f"; did you mean {close[0]!r}?" if close else "; remove it or check its spelling"
        return f"{_short(str(field))!r} is not a field here{hint}"
    if kind == "missing":
        return "is required here"
    if kind == "too_short" and isinstance(context.get("min_length"), int):
        least = context["min_length"]
        return f"should be a list of at least {least} item{'s' if least != 1 else ''}"
    if kind == "tuple_type" and item["loc"] and item["loc"][-1] in CITED_FIELDS:
        return "should be one claim ({value: …, source: …}) or a list of claims"
    message = str(item["msg"]).removeprefix("Value error, ")
    # "instance of Device" and "tuple" are Python's words, not the file's.
    message = re.sub(r" or instance of \w+", "", message)
    message = message.replace("a valid dictionary", "a mapping (key: value lines)")
    return message.replace("a valid tuple", "a list")


def _field_names() -> list[str]:
    return sorted({name for model in MODELS for name in model.model_fields})


def _slug_at(data: dict[str, Any], loc: Sequence[str | int]) -> str | None:
    # Naming the device makes "devices[12].price_usd" findable without counting.
    if len(loc) >= 2 and loc[0] == "devices" and isinstance(loc[1], int):
        devices = data.get("devices")
        if isinstance(devices, list) and loc[1] < len(devices):
            entry = devices[loc[1]]
            if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
                return _short(str(entry["slug"]))
    return None


def _entries(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    # Read before (or despite) validation, so nothing about the shape can be assumed.
    entries = data.get(key)
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def _strings(data: dict[str, Any], key: str, field: str) -> set[str]:
    return {entry[field] for _, entry in _entries(data, key) if isinstance(entry.get(field), str)}


# Prose in our own words may run over lines (a YAML block scalar); no name, title, URL or
# label may.
_PROSE_FIELDS = frozenset({"notes", "note", "reason"})


def _character_problems(
    where: str, data: dict[str, Any], node: yaml.Node, reported: Sequence[str] = ()
) -> list[str]:
    """Every string, key or value, holding a control or bidirectional character, at its
    place; a place already `reported` (a key that is no field at all) is not named twice."""
    problems: list[str] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    stack.append(((*loc, key), key))
                stack.append(((*loc, str(key)), item))
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in enumerate(value))
        elif isinstance(value, str):
            prose = bool(loc) and loc[-1] in _PROSE_FIELDS and value is not loc[-1]
            found = (UNSAFE_IN_PROSE if prose else UNSAFE_OR_LINE_BREAK).search(value)
            if found is None:
                continue
            place = _place(where, node, loc, "", _slug_at(data, loc))
            if not any(problem.startswith(place) for problem in reported):
                problems.append(
                    f"{place}character {character_name(found.group())} is not allowed in "
                    "catalogue text; remove it"
                )
    problems.sort(key=lambda problem: _position(where, problem))
    return problems


def _duplicate_problems(where: str, data: dict[str, Any], node: yaml.Node) -> list[str]:
    """A slug or source id used twice in one file, at the second use."""
    problems: list[str] = []
    for key, field, noun in (("sources", "id", "source id"), ("devices", "slug", "slug")):
        first: dict[str, int] = {}
        for index, entry in _entries(data, key):
            value = entry.get(field)
            if not isinstance(value, str):
                continue
            earlier = first.setdefault(value, index)
            if earlier != index:
                loc = (key, index, field)
                problems.append(
                    _place(
                        where,
                        node,
                        loc,
                        f"{noun} {value!r} is also used by {key}[{earlier}]; each must be unique",
                        _slug_at(data, loc),
                    )
                )
    return problems


def _reference_problems(
    where: str, data: dict[str, Any], node: yaml.Node, sources: set[str], slugs: set[str]
) -> list[str]:
    """Citations of undefined sources and contraindications of unknown devices, each at
    its place. `sources` and `slugs` are what the catalogue in use defines."""
    problems: list[str] = []

    def cites(loc: tuple[str | int, ...], claims: Any) -> None:
        for index, claim in enumerate(claims if isinstance(claims, list) else [claims]):
            source = claim.get("source") if isinstance(claim, dict) else None
            if isinstance(source, str) and source not in sources:
                at = (*loc, index, "source")
                problems.append(
                    _place(
                        where,
                        node,
                        at,
                        f"source {source!r} is not defined in this file or the built-in "
                        "catalogue; add it to 'sources'",
                        _slug_at(data, at),
                    )
                )

    for index, device in _entries(data, "devices"):
        for name in CITED_FIELDS:
            if name in device:
                cites(("devices", index, name), device[name])
    for index, item in _entries(data, "contraindications"):
        cites(("contraindications", index, "severity"), item.get("severity"))
        applies_to = item.get("applies_to")
        for position, slug in enumerate(applies_to if isinstance(applies_to, list) else []):
            if isinstance(slug, str) and slug not in slugs:
                problems.append(
                    _place(
                        where,
                        node,
                        ("contraindications", index, "applies_to", position),
                        f"{slug!r} is not a device in this file or the built-in catalogue",
                        None,
                    )
                )
    general = data.get("general")
    if isinstance(general, dict):
        for name in ("clinic_session_usd", "protocol"):
            if name in general:
                cites(("general", name), general[name])
        for index, consumable in _entries(general, "consumables"):
            for name in ("required", "usd_per_month"):
                if name in consumable:
                    cites(("general", "consumables", index, name), consumable[name])
    return problems


def _redefinition_problems(
    where: str, data: dict[str, Any], node: yaml.Node, builtin: dict[str, Model]
) -> list[str]:
    """A source the built-in catalogue defines, given again with other details, at its id.

    A built-in source stands behind built-in facts, safety severities among them; a file
    that could change its title or address could make them cite what it likes.
    """
    problems: list[str] = []
    for index, entry in _entries(data, "sources"):
        found = entry.get("id")
        if not isinstance(found, str) or found not in builtin:
            continue
        try:
            with collector_paused():
                same = Source.model_validate(entry) == builtin[found]
        except ValidationError:
            same = False  # its own problems are reported where they are
        if not same:
            loc = ("sources", index, "id")
            problems.append(_place(where, node, loc, _redefined(found), None))
    return problems


def _redefined(source_id: str) -> str:
    return (
        f"source {source_id!r} is defined by the built-in catalogue, and a file may not "
        "redefine it; give your source a new id and cite that"
    )


def _unnamed_problems(
    where: str, data: dict[str, Any], node: yaml.Node, earlier: set[str]
) -> list[str]:
    """A new device without a name or a brand, at its place. An entry over a slug in
    `earlier` (the slugs the files before this one give) may leave both out."""
    problems: list[str] = []
    for index, entry in _entries(data, "devices"):
        slug = entry.get("slug")
        if not isinstance(slug, str) or slug in earlier:
            continue
        for field in ("name", "brand"):
            if field not in entry:
                loc = ("devices", index, field)
                problems.append(_place(where, node, loc, "is required here", _slug_at(data, loc)))
    return problems


def layered_catalogue(
    paths: Sequence[Path], *, builtin: bool, extra: Sequence[tuple[Path, str]]
) -> LoadedCatalogue:
    first = _read_parsed(shipped.builtin_catalogue_path(), BUILTIN_NAME, set())
    if not builtin:
        devices = first.part.model_copy(update={"devices": ()})
        first = _ParsedFile(
            BUILTIN_NAME, first.path, devices, {**first.data, "devices": []}, first.node
        )
    files = [first]
    earlier = {device.slug for device in first.part.devices}
    builtin_sources = {source.id: source for source in first.part.sources}
    for path, label in [*extra, *((path, str(path)) for path in paths)]:
        file = _read_parsed(path, label, earlier)
        redefined = _redefinition_problems(file.where, file.data, file.node, builtin_sources)
        if redefined:
            raise _one_line(redefined, str(path))
        files.append(file)
        earlier.update(device.slug for device in file.part.devices)
    try:
        return merge_catalogues((file.where, file.part) for file in files)
    except DataError:
        # Find the citation that broke it in the file that wrote it, to name its line.
        sources = {source.id for file in files for source in file.part.sources}
        slugs = {device.slug for file in files for device in file.part.devices}
        for file in files:
            problems = _reference_problems(file.where, file.data, file.node, sources, slugs)
            if problems:
                raise _one_line(problems, str(file.path)) from None
        raise


def merge_catalogues(files: Iterable[tuple[str, Model]]) -> LoadedCatalogue:
    """Layer catalogue files in order over the first, the built-in catalogue: a later file's
    device with an earlier slug replaces only the facts it gives (each cited to the later
    file's sources), and a later source with an earlier id replaces it, unless the built-in
    catalogue defines it: that one no file may redefine.

    Contraindications with the same id are joined, claims and all, so a later file can make
    one stricter but never weaker, and one the built-in catalogue defines keeps its label and
    reason. The general safety advice (side effects, technique cautions, preparation,
    aftercare, when results show) a later file gives is added to the earlier advice; its
    other general facts replace earlier ones.
    """
    sources: dict[str, Model] = {}
    devices: dict[str, Model] = {}
    contraindications: dict[str, Model] = {}
    general = General()
    origin: dict[str, str] = {}
    warnings: list[str] = []
    names: list[str] = []
    source_origin: dict[str, str] = {}
    # What the first layer, the built-in catalogue, defines: a later file may not change
    # the sources behind its facts, nor the words of its conditions.
    builtin_sources: set[str] = set()
    builtin_conditions: set[str] = set()
    for layer, (name, part) in enumerate(files):
        names.append(name)
        if layer == 0:
            builtin_sources = {source.id for source in part.sources}
            builtin_conditions = {item.id for item in part.contraindications}
        for source in part.sources:
            if source.id in builtin_sources and layer > 0 and sources[source.id] != source:
                raise DataError(f"{name}: {_redefined(source.id)}")
            if source.id in sources and sources[source.id] != source:
                # Every earlier citation of this id now points at the new entry.
                warnings.append(
                    f"{name}: source {source.id!r} replaces the one from "
                    f"{source_origin[source.id]}, for every fact that cites it"
                )
            sources[source.id] = source
            source_origin[source.id] = name
        for device in part.devices:
            before = devices.get(device.slug)
            if before is None:
                devices[device.slug] = device
                origin[device.slug] = name
                continue
            devices[device.slug], given = _overlaid(before, device)
            changed = ", ".join(given) or "no fact"
            warnings.append(
                f"{name}: device {device.slug!r}: {changed} from this file over "
                f"{origin[device.slug]}; its other facts are kept"
            )
            origin[device.slug] = f"{origin[device.slug]} and {name}"
        for item in part.contraindications:
            earlier = contraindications.get(item.id)
            if earlier is None:
                contraindications[item.id] = item
                continue
            builtin = item.id in builtin_conditions
            contraindications[item.id] = _joined(earlier, item, keep_words=builtin)
            reworded = item.label != earlier.label or item.reason not in (None, earlier.reason)
            if builtin and reworded:
                warnings.append(
                    f"{name}: condition {item.id!r} keeps the built-in catalogue's label and "
                    "reason; a file may add severity claims, names and devices to it, "
                    "never change its words"
                )
        if part.general is not None:
            general = _layered(general, part.general)
    layered = {
        "sources": tuple(sources.values()),
        "devices": tuple(devices.values()),
        "contraindications": tuple(contraindications.values()),
        "general": general,
    }
    catalogue = catalogue_record(CatalogueFile.model_validate(layered))
    problems = catalogue_problems(catalogue)
    if problems:
        raise DataError(f"{' + '.join(names)}: {'; '.join(problems)}")
    return LoadedCatalogue(catalogue=catalogue, warnings=tuple(warnings))


def _overlaid(earlier: Model, later: Model) -> tuple[Model, tuple[str, ...]]:
    """A device a later file gives again: each fact it gives replaces that fact, claims and
    all; every fact it leaves out is kept. Name and brand (required) replace the earlier
    ones, aliases are added. Returns the device and the facts the later file gave."""
    given = [field for field in later.model_fields_set if field not in {"slug", "aliases"}]
    update: dict[str, Any] = {field: getattr(later, field) for field in given}
    update["aliases"] = tuple(dict.fromkeys(earlier.aliases + later.aliases))
    facts = tuple(
        field for field in Device.model_fields if field in given and field in CITED_FIELDS
    )
    return earlier.model_copy(update=update), facts


def _joined(earlier: Model, later: Model, *, keep_words: bool = False) -> Model:
    """A condition a later file gives again, made only stricter: its severity claims and
    names added, and the devices it applies to widened (to every device where either says
    so). With `keep_words` (a built-in condition) the label and reason stay the earlier
    ones, so a file cannot reword a built-in warning; otherwise the later words are used."""
    claims = earlier.severity + tuple(c for c in later.severity if c not in earlier.severity)
    names = earlier.names + tuple(n for n in later.names if n not in earlier.names)
    applies_to = (
        None
        if earlier.applies_to is None or later.applies_to is None
        else tuple(dict.fromkeys(earlier.applies_to + later.applies_to))
    )
    words = (
        {"label": earlier.label, "reason": earlier.reason}
        if keep_words
        else {"label": later.label, "reason": later.reason or earlier.reason}
    )
    return earlier.model_copy(
        update={"severity": claims, "names": names, "applies_to": applies_to, **words}
    )


# General safety advice: a later file's claims are added to the earlier ones, never put in
# their place, so no file can remove a side effect or a caution the built-in catalogue gives.
_ADDED_ADVICE = (
    "side_effects",
    "technique_cautions",
    "preparation",
    "aftercare",
    "results_timeline",
)


def _layered(earlier: Model, later: Model) -> Model:
    given = {name: getattr(later, name) for name in later.model_fields_set}
    for name in _ADDED_ADVICE:
        before = getattr(earlier, name)
        if name in given and before:
            given[name] = before + tuple(c for c in given[name] or () if c not in before)
    if "consumables" in given:
        by_name = {item.name: item for item in earlier.consumables}
        by_name.update({item.name: item for item in later.consumables})
        given["consumables"] = tuple(by_name.values())
    return earlier.model_copy(update=given)


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
    A citation may name a source the file defines or one the built-in catalogue defines;
    citations are checked even where other fields are wrong, so one run finds everything.
    """
    where = str(path)
    data, node = _load_yaml(_read_text(path, where), where)
    part, problems = _validated(where, data, node)
    problems += _duplicate_problems(where, data, node)
    problems += _character_problems(where, data, node, problems)
    builtin_part = read_catalogue_file(shipped.builtin_catalogue_path(), label=BUILTIN_NAME)
    sources = {source.id for source in builtin_part.sources}
    sources.update(_strings(data, "sources", "id"))
    slugs = {device.slug for device in builtin_part.devices}
    slugs.update(_strings(data, "devices", "slug"))
    problems += _reference_problems(where, data, node, sources, slugs)
    problems += _unnamed_problems(
        where, data, node, {device.slug for device in builtin_part.devices}
    )
    builtin_sources = {source.id: source for source in builtin_part.sources}
    problems += _redefinition_problems(where, data, node, builtin_sources)
    if problems or part is None:
        problems.sort(key=lambda problem: _position(where, problem))
        raise DataError(problems[0], details=tuple(problems[1:]))
    # Whatever else layering checks (aliases shared with built-in devices, for one), said
    # of this file, as every other problem `validate` reports is.
    try:
        merge_catalogues([(BUILTIN_NAME, builtin_part), (where, part)])
    except DataError as error:
        layered = f"{BUILTIN_NAME} + {where}: "
        lines = (error.message, *error.details)
        found = [f"{where}: {line.removeprefix(layered)}" for line in lines]
        raise DataError(found[0], details=tuple(found[1:])) from None
    return FileCheck(
        path=where,
        devices=len(part.devices),
        sources=len(part.sources),
        contraindications=len(part.contraindications),
    )


def _position(where: str, problem: str) -> tuple[int, int]:
    # Problems are found check by check; a reader wants them in the order of the file.
    found = re.match(rf"{re.escape(where)}:(\d+):(\d+):", problem)
    return (int(found[1]), int(found[2])) if found else (0, 0)


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


def write_builtin_data() -> Path:
    """Validate the built-in `devices.yaml` and write what it gives to `devices.json`
    beside it, the data `list` and every other command read the built-in catalogue from."""
    source = shipped.builtin_catalogue_path()
    made_from = shipped.yaml_fingerprint(source.read_bytes())
    validated = layered_catalogue((), builtin=True, extra=()).catalogue
    target = shipped.builtin_data_path()
    target.write_text(shipped.catalogue_to_data(validated, made_from=made_from), encoding="utf-8")
    return target


def _main(argv: Sequence[str]) -> int:
    if list(argv) != ["--write-builtin"]:
        print(f"usage: {shipped.REGENERATE_COMMAND}", file=sys.stderr)
        return 2
    try:
        written = write_builtin_data()
    except DataError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
