"""The catalogue in use, and finding devices in it by slug, alias or name.

The built-in catalogue alone, the common case, is read from the user's cache as plain
records, without PyYAML or pydantic; any other mix of files is read and validated by
`catalog_files`.
"""

import difflib
import gc
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from . import records
from .errors import UsageError


class LoadedCatalogue(NamedTuple):
    """A validated catalogue and what loading it had to say."""

    catalogue: records.Catalogue
    warnings: tuple[str, ...] = ()


def builtin_catalogue_path() -> Path:
    """Where the catalogue shipped with the package lives."""
    packaged = Path(__file__).with_name("data") / "devices.yaml"
    if packaged.is_file():
        return packaged
    # Running from a source checkout: the catalogue sits at the top of the repository.
    return Path(__file__).resolve().parents[2] / "data" / "devices.yaml"


@contextmanager
def collector_paused() -> Iterator[None]:
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
    extra = user_catalogue_files() if builtin and user_files else ()
    if builtin and not paths and not extra:
        # The common case, the built-in catalogue alone: validated once, then read back.
        return LoadedCatalogue(catalogue=_builtin_alone())
    return _layered_catalogue(paths, builtin=builtin, extra=extra)


def _layered_catalogue(
    paths: Sequence[Path], *, builtin: bool, extra: Sequence[tuple[Path, str]]
) -> LoadedCatalogue:
    # Reading a file is where PyYAML and pydantic come in; the cached catalogue needs neither.
    from .catalog_files import layered_catalogue

    return layered_catalogue(paths, builtin=builtin, extra=extra)


def _builtin_alone() -> records.Catalogue:
    """The validated built-in catalogue, from the user's cache when it was made from these
    very bytes by this very code, else validated now and cached for the next run.

    The cache holds, beside the catalogue, the exact bytes it was made from: the catalogue
    file, the code that read and validated it, and the pydantic and Python versions. It is
    used only when those equal today's bytes, so an edited file or an upgrade never meets an
    old cache; a cache that cannot be read is ignored and rebuilt. Only this user writes
    it, in their own cache directory.
    """
    made_from = _cache_key()
    cache = _cache_path(made_from)
    if cache is not None:
        try:
            key, found = pickle.loads(cache.read_bytes())
            if key == made_from and isinstance(found, records.Catalogue):
                return found
        except Exception:
            pass  # whatever makes a cache unreadable, it is only a cache miss
    catalogue = _layered_catalogue((), builtin=True, extra=()).catalogue
    if cache is not None:
        _store(cache, pickle.dumps((made_from, catalogue), protocol=pickle.HIGHEST_PROTOCOL))
    return catalogue


# The code that reads, validates and layers the catalogue shapes what is cached, too.
_CODE_FILES = ("catalog.py", "catalog_files.py", "models.py", "records.py", "vocab.py")


def _cache_key() -> bytes | None:
    import importlib.util

    here = Path(__file__).parent
    # pydantic's version, read from its file rather than by importing it.
    pydantic = importlib.util.find_spec("pydantic")
    try:
        parts = [builtin_catalogue_path().read_bytes()]
        parts += [(here / name).read_bytes() for name in _CODE_FILES]
        if pydantic is not None and pydantic.origin is not None:
            parts.append(Path(pydantic.origin).with_name("version.py").read_bytes())
    except OSError:
        return None  # installed without its sources: no key, so no cache
    parts.append(sys.version.encode())
    return b"\0".join(parts)


def _cache_path(key: bytes | None) -> Path | None:
    import zlib

    from platformdirs import user_cache_path

    if key is None:
        return None
    # The name only tells versions apart; the key inside the file decides.
    return user_cache_path("microcompare") / f"builtin-{zlib.crc32(key):08x}.pickle"


def _store(path: Path, data: bytes) -> None:
    # Written to a temporary name and renamed, so a reader never sees half a file; a cache
    # that cannot be written (a read-only home) costs only the speed it would have brought.
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
    except OSError:
        return
    try:
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def normalise_name(text: str) -> str:
    """The form slugs and aliases are compared in: compatibility-folded, case-folded, trimmed."""
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
    for device in catalogue.devices:
        if device.slug == key:
            return Resolved(device)
    loose = loose_name(query)
    similar = [
        device
        for device in catalogue.devices
        if loose in {loose_name(name) for name in (device.slug, device.name, *device.aliases)}
    ]
    named = [device for device in catalogue.devices if normalise_name(device.name) == key]
    aliased = [
        device
        for device in catalogue.devices
        if key in {normalise_name(alias) for alias in device.aliases}
    ]
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


def device_index(catalogue: records.Catalogue) -> dict[str, records.Device]:
    """Every name a device answers to (slug, aliases, display name), normalised."""
    index: dict[str, records.Device] = {}
    for device in catalogue.devices:
        index.setdefault(normalise_name(device.name), device)
    for device in catalogue.devices:
        for alias in device.aliases:
            index[normalise_name(alias)] = device
    for device in catalogue.devices:
        index[device.slug] = device
    return index


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
