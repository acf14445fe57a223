"""Reading the tool's own small files (--config, --state) safely: regular files only, size capped.

A FIFO would block the read forever and a device such as /dev/zero would never end, so neither
is read: the file is opened without blocking, checked, and read up to a cap.
"""

from __future__ import annotations

import os
import stat

from .errors import UsageError

MAX_SMALL_FILE = 16 * 1024 * 1024  # far more than any config or 30 days of state needs


def read_small(path: str | os.PathLike, what: str, cap: int = MAX_SMALL_FILE) -> str:
    """The UTF-8 text of the regular file `path` of at most `cap` bytes; a one-line `UsageError`
    (naming `what`, e.g. "config file") for anything else. `FileNotFoundError` passes through."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except OSError as err:
        raise UsageError(f"can't read {what} {path}: {err.strerror or err}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
            raise UsageError(f"{what} {path} is {kind}: name a regular file")
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(descriptor, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > cap:
            size = f"{cap // (1024 * 1024)} MB" if cap >= 1024 * 1024 else f"{cap // 1024} KB"
            raise UsageError(f"{what} {path} is larger than {size}: is it the right file?")
    except OSError as err:
        raise UsageError(f"can't read {what} {path}: {err.strerror or err}") from None
    finally:
        os.close(descriptor)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as err:
        raise UsageError(f"{what} {path} is not UTF-8 text ({err.reason} at byte {err.start})") from None
