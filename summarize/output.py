"""Writing a brief to a file so that a reader never sees half of one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)  # read the umask (there is no other way), then put it back
        os.umask(mask)
        return 0o666 & ~mask


NAME_MAX = 255  # bytes in one file name on the file systems in use (ext4, xfs, btrfs, tmpfs, APFS)


def _temporary_prefix(name: str) -> str:
    """`.NAME.` for the temporary file, shortened so that with mkstemp's 8 characters and `.tmp`
    the whole name stays within NAME_MAX bytes (a 250-character brief name must work)."""
    room = NAME_MAX - 2 - 8 - 4
    return "." + os.fsdecode(os.fsencode(name)[:room]) + "."  # a cut character survives as surrogate escapes


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write `text` (or bytes, as they are) to `path` through a temporary file beside it and a rename: readers see the
    old file or the new one, never a mix, even when two runs write at once. The file keeps the
    mode of the one it replaces (a new one gets the usual mode under the umask, e.g. 0644), so
    a mailer or web server that could read the last brief can read this one.

    Nothing that is not a regular file is replaced: a symbolic link is written through (the file
    it points to is replaced, the link stays), and a device, pipe or socket (`/dev/stdout`,
    `/dev/null`) is written in place."""
    try:
        info = os.stat(path)  # through every link
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "it is a folder", str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):  # a device or a pipe (/dev/stdout): in place
        with _opened(path, text) as handle:
            handle.write(text)
        return
    target = Path(os.path.realpath(path))  # the file a link points to is replaced, the link stays
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target.name), suffix=".tmp")
    try:
        os.fchmod(descriptor, _mode_for(target))
        with _opened(descriptor, text) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _opened(file: str | os.PathLike | int, data: str | bytes):
    """`file` (a name or a descriptor) opened for writing `data`: bytes as they are, text as UTF-8."""
    if isinstance(data, bytes):
        return open(file, "wb")
    return open(file, "w", encoding="utf-8", errors="backslashreplace")


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two names are one file, however spelled (`./s.json`, `s.json`, a link to it),
    whether or not it exists yet."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def unwritable(path: str | os.PathLike) -> str | None:
    """Why `path` can't be written, or None when it can: checked before the work (by making and
    removing a temporary file beside it), so no brief is made only to fail at the end."""
    try:
        info = os.stat(path)
    except FileNotFoundError:  # not there yet, or a link to a name not there yet
        info = None
    except OSError as err:  # a name too long, a loop of links, a file where a folder should be
        return err.strerror or str(err)
    if info is not None and stat.S_ISDIR(info.st_mode):
        return "it is a folder"
    if info is not None and not stat.S_ISREG(info.st_mode):  # a device or a pipe: written in place
        return None if os.access(path, os.W_OK) else "permission denied"
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".summarize-probe.", suffix=".tmp")
    except OSError as err:
        return f"the folder {folder} is not writable ({err.strerror or err})"
    os.close(descriptor)
    os.unlink(probe)
    return None


def compressed_name(path: str | os.PathLike) -> str | None:
    """Why a brief can't be written under `path`'s name, or None: a name ending in `.gz`, `.bz2`
    or `.xz` promises an archive, and a brief is written as plain text (a reader that
    decompresses it would fail, one that doesn't would be misled)."""
    from .sources.compressed import SUFFIXES

    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in SUFFIXES:
        return None
    kind = SUFFIXES[suffix]
    return f"a brief is written uncompressed, not as {kind}: drop '{suffix}' (or pipe it through {kind})"
