"""`--state FILE` (or `State` in Python): what the reader has already read, so a brief says only what is new.

A state remembers every source a brief was made from (a hash of its address or path and a hash
of its cleaned text, with the day it was read) and, in compact form, what those sources said:
the hashed concepts (word bigrams and content words, as the ranking counts them) with the day
each was last read. A source read before and unchanged is skipped as "already read on DAY";
the concepts the reader has weigh little in the ranking. Entries older than `keep_days` are
dropped when the state is saved.

The file is one binary record (a signature line, then numpy arrays, uncompressed so it loads
in a few milliseconds): 30 days of 5,000 articles a day stay within tens of megabytes. It is
replaced atomically, and a lock held while a brief uses it keeps two overlapping runs apart;
the lock file is removed when the run ends. Version-1 files (the sentences earlier briefs
printed, as JSON) are read too: their sentences become concepts already read.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CantWrite, UsageError
from .output import write_atomic

if TYPE_CHECKING:
    import numpy as np

KEEP_DAYS = 30  # how long what was read keeps later briefs from repeating it
# Concepts kept at most (8 bytes each): news vocabulary grows without end (the benchmark corpora's
# distinct concepts grow as articles^0.71, about 9 million for 150,000 articles), so past this the
# concepts read in the fewest sources, the oldest first, are forgotten: 30 days of 5,000 articles
# a day then stay under 30 MB (bench/state_scale.py).
MAX_CONCEPTS = 3_000_000
VERSION = 2
SIGNATURE = b"SUMMARIZE-STATE 2\n"  # the first line of a state file (sources/own.py knows it)
MAX_BYTES = 256 * 1024 * 1024  # a state file larger than this is not one of ours
EPOCH = date(2000, 1, 1)  # days are stored as 16-bit counts from here (until 2179)
_ARRAYS = ("where", "text", "read_on", "concepts", "concept_day", "concept_count")


def text_key(text: str) -> int:
    """A 64-bit hash of a source's text, whitespace-insensitive (a re-wrapped copy is the same text)."""
    return int.from_bytes(blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"), digest_size=8).digest())


def where_key(where: str) -> int:
    """A 64-bit hash of a source's address or path."""
    return int.from_bytes(blake2b(where.strip().encode("utf-8", "surrogatepass"), digest_size=8).digest())


def _day(when: date) -> int:
    return (when - EPOCH).days


def _date(day: int) -> date:
    return EPOCH + timedelta(days=int(day))


class State:
    """What a reader has read: the sources (address and text hashes, the day read) and their
    concepts (hashes, the day last read). Load one with `State.load(path)`, pass it to
    `summarize(..., state=...)`, which updates it, and `save` it."""

    def __init__(self, keep_days: int = KEEP_DAYS, max_concepts: int = MAX_CONCEPTS) -> None:
        import numpy as np

        if not isinstance(keep_days, int) or isinstance(keep_days, bool) or keep_days < 1:
            raise UsageError(f"keep_days must be a whole number of days, at least 1 (got {keep_days!r})")
        self.keep_days = keep_days
        self.max_concepts = max_concepts
        self._where = np.zeros(0, dtype=np.uint64)
        self._text = np.zeros(0, dtype=np.uint64)
        self._read_on = np.zeros(0, dtype=np.uint16)
        self._concepts = np.zeros(0, dtype=np.uint32)  # sorted, distinct
        self._concept_day = np.zeros(0, dtype=np.uint16)
        self._concept_count = np.zeros(0, dtype=np.uint16)  # in how many sources read (at most 65,535)
        self._by_text: dict[int, int] | None = None  # text hash -> day read, built on first look-up

    def __repr__(self) -> str:
        return f"State(sources={len(self._text):,}, concepts={len(self._concepts):,}, keep_days={self.keep_days})"

    @property
    def sources(self) -> int:
        """How many sources the state remembers."""
        return len(self._text)

    @property
    def concepts(self) -> int:
        """How many distinct concepts the state remembers."""
        return len(self._concepts)

    # -- looking up --------------------------------------------------------------------------

    def read_on(self, text: str) -> date | None:
        """The day a source with this text was read (the latest), or None if it never was."""
        return self.read_on_key(text_key(text))

    def read_on_key(self, key: int) -> date | None:
        """`read_on` for a text's `text_key` (a cluster's workers hash the texts they clean)."""
        if self._by_text is None:
            self._by_text = dict(zip(self._text.tolist(), self._read_on.tolist(), strict=True))
        day = self._by_text.get(key)
        return None if day is None else _date(day)

    def seen_at(self, where: str) -> bool:
        """Whether a source at this address or path was read before (whatever its text was)."""
        import numpy as np

        return bool(where) and bool(np.any(self._where == np.uint64(where_key(where))))

    def read_count(self, keys: Iterable[int]) -> np.ndarray:
        """For each concept hash, in how many sources the reader has read it (0: never)."""
        import numpy as np

        keys = np.fromiter(keys, dtype=np.uint32) if not isinstance(keys, np.ndarray) else keys.astype(np.uint32)
        if not len(self._concepts) or not len(keys):
            return np.zeros(len(keys), dtype=np.int64)
        at = np.minimum(np.searchsorted(self._concepts, keys), len(self._concepts) - 1)
        return np.where(self._concepts[at] == keys, self._concept_count[at].astype(np.int64), 0)

    # -- remembering -------------------------------------------------------------------------

    def remember(self, sources: Iterable[tuple[str, str]], concepts: Iterable[int], today: date) -> None:
        """Add `sources` read today (their address or path, and cleaned text) and the hashes of
        the `concepts` they hold, once per source holding one; a source or concept read again is
        dated today."""
        import numpy as np

        day = _day(today)
        pairs = [(where_key(w) if w else 0, text_key(t)) for w, t in sources]
        if pairs:
            where = np.asarray([p[0] for p in pairs], dtype=np.uint64)
            text = np.asarray([p[1] for p in pairs], dtype=np.uint64)
            # A source read again replaces its old entry.
            keep = ~np.isin(self._text, text)
            self._where = np.concatenate([self._where[keep], where])
            self._text = np.concatenate([self._text[keep], text])
            self._read_on = np.concatenate([self._read_on[keep], np.full(len(text), day, dtype=np.uint16)])
            self._by_text = None
        new, counts = np.unique(np.fromiter(concepts, dtype=np.uint32), return_counts=True)
        if len(new):
            merged = np.concatenate([self._concepts, new])
            counts = np.concatenate([self._concept_count, counts]).astype(np.int64)
            at = np.searchsorted(self._concepts, new)
            old = np.zeros(len(new), dtype=bool)
            inside = at < len(self._concepts)
            old[inside] = self._concepts[at[inside]] == new[inside]
            keep = np.ones(len(merged), dtype=bool)
            keep[len(self._concepts) :][old] = False  # a concept read again joins its old entry
            total = counts.copy()
            np.add.at(total, at[old], counts[len(self._concepts) :][old])
            days = np.concatenate([self._concept_day, np.full(len(new), day, dtype=np.uint16)])
            days[at[old]] = day
            merged, days, total = merged[keep], days[keep], total[keep]
            order = np.argsort(merged, kind="stable")
            self._concepts, self._concept_day = merged[order], days[order]
            self._concept_count = np.minimum(total[order], np.iinfo(np.uint16).max).astype(np.uint16)

    def prune(self, today: date) -> None:
        """Forget what was read more than `keep_days` before `today`, and the least-read concepts
        beyond `max_concepts`."""
        import numpy as np

        oldest = _day(today) - self.keep_days

        recent = self._read_on.astype(np.int32) >= oldest
        self._where, self._text, self._read_on = self._where[recent], self._text[recent], self._read_on[recent]
        fresh = self._concept_day.astype(np.int32) >= oldest
        self._concepts, self._concept_day = self._concepts[fresh], self._concept_day[fresh]
        self._concept_count = self._concept_count[fresh]
        if len(self._concepts) > self.max_concepts:
            rank = np.lexsort((-self._concept_day.astype(np.int32), -self._concept_count.astype(np.int32)))
            keep = np.sort(rank[: self.max_concepts])  # the most read, then the latest, in key order
            self._concepts, self._concept_day = self._concepts[keep], self._concept_day[keep]
            self._concept_count = self._concept_count[keep]
        self._by_text = None

    # -- the file ----------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike, keep_days: int = KEEP_DAYS, max_concepts: int = MAX_CONCEPTS) -> State:
        """The state saved in `path` (an empty one when the file does not exist yet); a one-line
        `UsageError` saying how to start afresh when the file is not a state."""
        state = cls(keep_days, max_concepts)
        path = Path(path)
        raw = _read(path)
        if raw is None:
            return state
        try:
            if raw.lstrip().startswith(b"{"):
                _load_version_1(state, raw)
            else:
                _load_arrays(state, raw)
        except RecursionError:
            raise _unreadable(path, "nested too deeply") from None
        except KeyError as err:  # a field the state must have is missing
            raise _unreadable(path, f"not a summarize state file: it has no {err} field") from None
        except (ValueError, TypeError, OSError, EOFError, UnicodeDecodeError) as err:
            raise _unreadable(path, str(err) or type(err).__name__) from None
        except Exception as err:  # numpy and zipfile raise their own kinds for a damaged file
            raise _unreadable(path, f"{type(err).__name__}: {err}") from None
        return state

    def save(self, path: str | os.PathLike, today: date | None = None) -> None:
        """Prune what is older than `keep_days` and write the state to `path` atomically."""
        import numpy as np

        self.prune(today or date.today())
        buffer = io.BytesIO()
        buffer.write(SIGNATURE)
        np.savez(
            buffer,
            version=np.asarray([VERSION]),
            where=self._where,
            text=self._text,
            read_on=self._read_on,
            concepts=self._concepts,
            concept_day=self._concept_day,
            concept_count=self._concept_count,
        )
        write_atomic(path, buffer.getvalue())


def _read(path: Path) -> bytes | None:
    """The bytes of the state file (None when it does not exist); one line for what is not a
    regular file or is far too big to be a state."""
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None
    except OSError as err:
        raise UsageError(f"can't read state file {path}: {err.strerror or err}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
            raise UsageError(f"state file {path} is {kind}: name a regular file")
        if info.st_size > MAX_BYTES:
            raise _unreadable(path, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise UsageError(f"can't read state file {path}: {err.strerror or err}") from None
    finally:
        os.close(descriptor)


def _unreadable(path: Path, why: str) -> UsageError:
    why = " ".join(why.split())[:120]
    return UsageError(
        f"state file {path} is unreadable ({why}): delete it to start afresh (nothing will count as read)"
    )


def _load_arrays(state: State, raw: bytes) -> None:
    import numpy as np

    if not raw.startswith(SIGNATURE):
        raise ValueError("not a summarize state file")
    with np.load(io.BytesIO(raw[len(SIGNATURE) :]), allow_pickle=False) as data:
        if int(data["version"][0]) != VERSION:
            raise ValueError(f"version {int(data['version'][0])} is not {VERSION}")
        arrays = {name: data[name] for name in _ARRAYS}
    kinds = {
        "where": np.uint64,
        "text": np.uint64,
        "read_on": np.uint16,
        "concepts": np.uint32,
        "concept_day": np.uint16,
        "concept_count": np.uint16,
    }
    for name, kind in kinds.items():
        if arrays[name].dtype != kind or arrays[name].ndim != 1:
            raise ValueError(f"{name} is not a list of {np.dtype(kind).name}")
    if not len(arrays["where"]) == len(arrays["text"]) == len(arrays["read_on"]):
        raise ValueError("source lists of different lengths")
    if not len(arrays["concepts"]) == len(arrays["concept_day"]) == len(arrays["concept_count"]):
        raise ValueError("concept lists of different lengths")
    if len(arrays["concepts"]) > 1 and not bool(np.all(arrays["concepts"][1:] > arrays["concepts"][:-1])):
        raise ValueError("concepts out of order")
    state._where, state._text, state._read_on = arrays["where"], arrays["text"], arrays["read_on"]
    state._concepts, state._concept_day = arrays["concepts"], arrays["concept_day"]
    state._concept_count = arrays["concept_count"]


def _load_version_1(state: State, raw: bytes) -> None:
    """A version-1 file: the sentences earlier briefs printed, each with its day; they become
    concepts read on that day."""
    from .rank.concepts import concept_keys

    entries = json.loads(raw.decode("utf-8"))["reported"]
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("text"), str) for e in entries
    ):
        raise ValueError("entries without text")
    by_day: dict[date, list[int]] = {}
    for entry in entries:
        try:
            when = date.fromisoformat(str(entry.get("date", "")))
        except ValueError:
            when = date.today()
        by_day.setdefault(when, []).extend(concept_keys(entry["text"]))  # one sentence, one source
    for when in sorted(by_day):
        state.remember([], by_day[when], when)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the state file while a brief reads and updates it, and
    remove the lock file afterwards. A run that waited on a lock file another run has since
    removed locks the new one instead (checked by inode), so two runs never both hold it."""
    import fcntl

    lock = path.with_name(f".{path.name}.lock")
    while True:
        try:
            handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as err:
            raise CantWrite(f"can't lock state file {path}: {err.strerror or err} (choose a writable place)") from None
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            current = os.stat(lock)
        except FileNotFoundError:
            current = None
        held = os.fstat(handle)
        if current is not None and (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(handle)  # removed or replaced while we waited: lock the file now there
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)
