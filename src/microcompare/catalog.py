"""The catalogue in use, and finding devices in it by slug, alias or name.

The built-in catalogue alone, the common case, is read as plain records from the validated
data shipped in the package (`shipped`), without PyYAML or pydantic; any other mix of files
is read and validated by `catalog_files`, imported only then. Imports go one way: this
module uses `catalog_files`, which never uses this one.
"""

import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from . import records, shipped
from .errors import UsageError
from .records import LoadedCatalogue

ENV_VARIABLE = "MICROCOMPARE_CATALOG"
CONFIG_FILE_NAME = "catalog.yaml"


def user_catalogue_files() -> tuple[tuple[Path, str], ...]:
    """The user's standing catalogues, each with how it was found: the file in the config
    directory, if there is one, then each path in MICROCOMPARE_CATALOG (os.pathsep between)."""
    found: list[tuple[Path, str]] = []
    config = config_directory() / CONFIG_FILE_NAME
    if config.is_file():
        found.append((config, str(config)))
    for text in os.environ.get(ENV_VARIABLE, "").split(os.pathsep):
        if text.strip():
            found.append((Path(text.strip()), f"{text.strip()} (from {ENV_VARIABLE})"))
    return tuple(found)


def config_directory() -> Path:
    """Where the user's standing catalogue lives: platformdirs' user config directory.

    On Linux, with an absolute XDG_CONFIG_HOME or none and an absolute HOME, that is
    XDG_CONFIG_HOME (or HOME/.config) / microcompare, worked out here: importing platformdirs
    takes longer than the rest of `list` reading its catalogue. Anything else asks it.
    """
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    home = os.environ.get("HOME", "")
    if (
        sys.platform == "linux"
        and not hasattr(sys, "getandroidapilevel")
        and "ANDROID_DATA" not in os.environ
        and "ANDROID_ROOT" not in os.environ
    ):
        if xdg and xdg == xdg.strip() and xdg.startswith("/"):
            return Path(xdg) / "microcompare"
        if not xdg and home and home == home.strip() and home.startswith("/"):
            return Path(home) / ".config" / "microcompare"
    from platformdirs import user_config_path

    return user_config_path("microcompare")


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
    extra = user_catalogue_files() if builtin and user_files else ()
    if builtin and not paths and not extra:
        # The common case, the built-in catalogue alone: validated when the package was made.
        return LoadedCatalogue(catalogue=_builtin_alone())
    return _layered_catalogue(paths, builtin=builtin, extra=extra)


def _layered_catalogue(
    paths: Sequence[Path], *, builtin: bool, extra: Sequence[tuple[Path, str]]
) -> LoadedCatalogue:
    # Reading a file is where PyYAML and pydantic come in; the shipped data needs neither.
    from .catalog_files import layered_catalogue

    return layered_catalogue(paths, builtin=builtin, extra=extra)


def _builtin_alone() -> records.Catalogue:
    """The validated built-in catalogue, read from the data file shipped in the package.

    `devices.json` is what validating `devices.yaml` gives, written by
    `shipped.REGENERATE_COMMAND` and checked against it by a test. It is plain JSON turned
    into records by name, so it can hold nothing but values; it names the exact bytes of the
    YAML it was made from, and where they differ (an edited checkout) the YAML is validated
    instead. Nothing outside the installed package is read, so no file a user or anyone
    else can write shapes the built-in catalogue or its safety facts.
    """
    try:
        made_from = shipped.yaml_fingerprint(shipped.builtin_catalogue_path().read_bytes())
        data = shipped.builtin_data_path().read_bytes()
        found = shipped.catalogue_from_data(data, made_from=made_from)
    except (OSError, ValueError):
        found = None
    if found is not None:
        from .characters import vouch_for

        # Validated when the package was made: nothing in these records needs escaping.
        vouch_for((*found.devices, *found.sources))
        return found
    return _layered_catalogue((), builtin=True, extra=()).catalogue


def normalise_name(text: str) -> str:
    """The form slugs and aliases are compared in: compatibility-folded, case-folded, trimmed."""
    import unicodedata  # only commands that look a name up; `list` reads none

    return unicodedata.normalize("NFKC", text).casefold().strip()


class Resolved(NamedTuple):
    """The device a name means, and a note where the name is close to another device's."""

    device: records.Device
    note: str | None = None


def loose_name(text: str) -> str:
    """A name with spaces, hyphens and underscores alike: "NuFACE Trinity" ~ "nuface-trinity"."""
    return re.sub(r"[\s_-]+", "-", normalise_name(text))


def _label(device: records.Device) -> str:
    return f"{device.name} ({device.slug})"


class _Names(NamedTuple):
    """Each way a name can find devices, each list in catalogue order."""

    slugs: dict[str, records.Device]
    named: dict[str, list[records.Device]]
    aliased: dict[str, list[records.Device]]
    loose: dict[str, list[records.Device]]


# The names of the catalogue last asked about: `compare` with 10,000 names looks each one
# up in the same catalogue, which is indexed once rather than scanned once per name.
_indexed: tuple[records.Catalogue, _Names] | None = None


def _names_of(catalogue: records.Catalogue) -> _Names:
    global _indexed
    if _indexed is not None and _indexed[0] is catalogue:
        return _indexed[1]
    names = _Names({}, {}, {}, {})
    for device in catalogue.devices:
        names.slugs.setdefault(device.slug, device)
        names.named.setdefault(normalise_name(device.name), []).append(device)
        for alias in dict.fromkeys(normalise_name(alias) for alias in device.aliases):
            names.aliased.setdefault(alias, []).append(device)
        for loose in dict.fromkeys(
            loose_name(name) for name in (device.slug, device.name, *device.aliases)
        ):
            names.loose.setdefault(loose, []).append(device)
    _indexed = (catalogue, names)
    return names


def resolve_device(catalogue: records.Catalogue, query: str) -> Resolved:
    """The device a user means by `query`, in any case.

    An exact slug wins, then an exact display name, then an exact alias; only then are
    spaces, hyphens and underscores taken as alike. Two devices with that same name, or a
    loose match to two devices, are refused with both named. Where the name found is
    loosely another device's name or alias too (the alias "nuface-trinity" of the
    Trinity+ and the name "NuFACE Trinity" of the 2018 model), the answer comes with a
    note naming the other, so no one compares two models thinking them one.
    """
    key = normalise_name(query)
    if not key:
        raise UsageError("a device slug cannot be empty; run 'microcompare list' to see them")
    shown = query if len(query) <= 60 else query[:57] + "..."
    names = _names_of(catalogue)
    if key in names.slugs:
        return Resolved(names.slugs[key])
    similar = names.loose.get(loose_name(query), [])
    named = names.named.get(key, [])
    aliased = names.aliased.get(key, [])
    for found, how in ((named, "the name of"), (aliased, "an alias of"), (similar, "taken as")):
        if len(found) > 1:
            raise UsageError(
                f"{shown!r} could mean {' or '.join(_label(d) for d in found)}; "
                "give the slug of the one you mean"
            )
        if found:
            device = found[0]
            others = [other for other in similar if other is not device]
            if not others:
                return Resolved(device)
            return Resolved(
                device,
                f"{shown!r} is {how} {_label(device)}; "
                f"{' and '.join(_label(other) for other in others)} "
                f"{'is a different model' if len(others) == 1 else 'are different models'} "
                "with a similar name",
            )
    suggestion = suggest_name(catalogue, key)
    if suggestion:
        raise UsageError(f"unknown device {shown!r} — did you mean {suggestion!r}?")
    raise UsageError(f"unknown device {shown!r}; run 'microcompare list' to see every slug")


def find_device(catalogue: records.Catalogue, query: str) -> records.Device:
    """The device a user means by `query` (see `resolve_device`), without its note."""
    return resolve_device(catalogue, query).device


def suggest_name(catalogue: records.Catalogue, key: str) -> str | None:
    """The closest slug or alias to a mistyped name, if any is close."""
    if len(key) > 200:
        return None
    candidates = [device.slug for device in catalogue.devices]
    candidates += [
        normalise_name(alias) for device in catalogue.devices for alias in device.aliases
    ]
    matches = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None
