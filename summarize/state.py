"""`--state FILE`: what earlier briefs reported, so the next one says only what is new.

The file is small, human-readable JSON: one entry per reported sentence with the day it was
reported, the oldest dropped after `KEEP_DAYS`. A lock file beside it keeps two overlapping runs
from interleaving; the file itself is replaced atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from .errors import CantWrite, UsageError
from .output import write_atomic
from .small_files import read_small

KEEP_DAYS = 30  # how long a reported sentence keeps later briefs from repeating it
VERSION = 1


def read(path: Path) -> list[dict]:
    """The reported sentences in the state file (none when it does not exist yet)."""
    try:
        raw = read_small(path, "state file")
    except FileNotFoundError:
        return []
    try:
        data = json.loads(raw)
        entries = data["reported"]
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("text"), str) for e in entries
        ):
            raise ValueError("entries without text")
    except RecursionError:
        raise UsageError(f"state file {path} is unreadable (nested too deeply): fix or delete it") from None
    except (ValueError, KeyError, TypeError) as err:
        raise UsageError(f"state file {path} is unreadable ({err}): fix or delete it") from None
    return entries


def write(path: Path, entries: Sequence[dict], new: Sequence[str], today: date | None = None) -> None:
    """Add `new` sentences reported today and drop entries older than `KEEP_DAYS`."""
    today = today or date.today()
    oldest = (today - timedelta(days=KEEP_DAYS)).isoformat()
    kept = [e for e in entries if str(e.get("date", today.isoformat())) >= oldest]
    known = {e["text"] for e in kept}
    kept += [{"date": today.isoformat(), "text": t} for t in new if t not in known]
    write_atomic(path, json.dumps({"version": VERSION, "reported": kept}, ensure_ascii=False, indent=1) + "\n")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the state file while a brief reads and updates it."""
    import fcntl

    lock = path.with_name(f".{path.name}.lock")
    try:
        handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as err:
        raise CantWrite(f"can't lock state file {path}: {err.strerror or err} (choose a writable place)") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)
