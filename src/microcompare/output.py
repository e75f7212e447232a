"""Write a command's output to a file: atomically, and never over a file unless told to."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import MicrocompareError, UsageError


class OutputError(MicrocompareError):
    """The output could not be written: a full disk, a name too long (exit 1)."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENAMETOOLONG: "the file name or path is too long",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def shown_path(path: Path, limit: int = 100) -> str:
    """The path as typed, shortened in the middle past `limit` characters, so that an error
    about a 5,000-character path is still one readable line."""
    text = str(path)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def os_error_text(error: OSError) -> str:
    """What went wrong, in words: "the disk is full" rather than "[Errno 28]"."""
    return _REASONS.get(error.errno or 0) or error.strerror or type(error).__name__


def refuse_overwrite(path: Path, *, force: bool) -> None:
    """Fail early, before any work, when `path` exists and --force was not given."""
    try:
        _refuse_overwrite(path, force=force)
    except OSError as error:
        raise OutputError(
            f"--output {shown_path(path)}: cannot write it ({os_error_text(error)})"
        ) from None


def _refuse_overwrite(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise UsageError(f"--output {shown_path(path)}: is a directory; give a file name")
    if not force and path.exists():
        raise UsageError(
            f"--output {shown_path(path)}: the file exists; add --force to replace it, "
            "or choose another name"
        )


def write_atomically(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` through a temporary file in the same directory.

    A reader never sees half a file. Without `force`, an existing file is left alone even if
    it appeared after the early check. Whatever fails, the temporary file is removed.
    """
    try:
        _write_atomically(path, text, force=force)
    except OSError as error:
        raise OutputError(
            f"--output {shown_path(path)}: cannot write it ({os_error_text(error)})"
        ) from None


def _write_atomically(path: Path, text: str, *, force: bool) -> None:
    _refuse_overwrite(path, force=force)
    if force and path.is_symlink():
        # --force replaces what the link points at and keeps the link, as other tools do.
        path = path.resolve()
    if force and path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, a FIFO) is written into, never renamed over.
        _write_in_place(path, text)
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            f"--output {shown_path(path)}: the folder {shown_path(folder)} does not exist"
        )
    try:
        # A short name of its own: a file name near the 255-byte limit still fits.
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=folder, prefix=".microcompare-", delete=False
        )
    except OSError as error:
        raise OutputError(
            f"--output {shown_path(path)}: cannot write in {shown_path(folder)} "
            f"({os_error_text(error)})"
        ) from None
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            # On disk before the rename, so a crash leaves the old file or the new, not neither.
            os.fsync(handle.fileno())
        temporary.chmod(_mode_for(path))
        if force:
            os.replace(temporary, path)
        else:
            _link_without_replacing(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _write_in_place(path: Path, text: str) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise OutputError(
            f"--output {shown_path(path)}: cannot write to it ({os_error_text(error)})"
        ) from None


def _mode_for(path: Path) -> int:
    # A replaced file keeps its mode (it may be private); a new one gets what any new file
    # would. The temporary file itself is always private (0600).
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _link_without_replacing(temporary: Path, path: Path) -> None:
    try:
        # A hard link fails if the name is taken: no window in which a file is replaced.
        os.link(temporary, path)
    except FileExistsError:
        raise UsageError(
            f"--output {shown_path(path)}: the file exists; add --force to replace it, "
            "or choose another name"
        ) from None
    except OSError:
        # Some file systems have no hard links; the early check has to do.
        _refuse_overwrite(path, force=False)
        os.replace(temporary, path)
