"""The HTTP cache: what each address answered last time, so the next run asks the server "changed
since?" (If-None-Match with the ETag, If-Modified-Since with the Last-Modified date) and an
unchanged feed or page costs a 304 and no body.

Entries live in diskcache (a SQLite index; each value written in one transaction or as a file the
index names only once it is whole; least recently stored entries evicted past the size limit).
The key is the address as requested, never anything the server sent, so no answer can name a
file; an entry holds the validators, the content type, charset and final address, and the body
as it was read (decoded, within the size cap). An entry that does not read back as one is a miss.

Why the HTTP side is written here: CacheControl and requests-cache cache for requests' sessions,
and adopting them would replace the fetcher (`url.py`), whose time limit covers the whole
exchange through a watch on its sockets and whose size cap applies to decoded bytes. What
conditional requests need of it is small (validators out, a 304 in); the storage, where the
hard parts are (atomic writes, eviction, several processes at once), is the library's.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import UsageError

SIZE_LIMIT = 256 * 1024 * 1024  # bytes the cache folder may hold; the oldest entries go first past it
MAX_VALIDATOR = 512  # longer ETag or Last-Modified values are not kept (nothing legitimate is this long)
_VERSION = 1


def default_folder() -> Path:
    """Where the command keeps its cache: `$XDG_CACHE_HOME/summarize`, else `~/.cache/summarize`
    (a relative XDG_CACHE_HOME is ignored, as the XDG specification says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else _home() / ".cache"
    return root / "summarize"


def _home() -> Path:
    """The user's home folder: `$HOME` when it is an absolute path, else the account's own (an
    empty `HOME=`, as some cron and service set-ups leave it, must not put a cache folder in
    whatever folder the command runs in)."""
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return Path(home)
    try:
        import pwd

        return Path(pwd.getpwuid(os.getuid()).pw_dir)
    except (ImportError, KeyError, OSError):
        return Path.home()


@dataclass(frozen=True)
class Stored:
    """What an address answered: the body as read, how to read it, and its validators."""

    body: bytes
    content_type: str  # the Content-Type header as sent
    charset: str | None
    final: str  # the address the answer came from, after redirects
    etag: str = ""
    last_modified: str = ""

    def conditions(self) -> dict[str, str]:
        """The request headers that ask whether this answer is still current."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def validator(value: str | None) -> str:
    """A header value fit to send back: printable ASCII, at most MAX_VALIDATOR characters; else ''
    (so a hostile server can't make the next request malformed or huge)."""
    if not value or len(value) > MAX_VALIDATOR or not all(" " <= c <= "~" for c in value):
        return ""
    return value


class HttpCache:
    """The cache in one folder, shared by the threads of one run."""

    def __init__(self, folder: str | os.PathLike, size_limit: int = SIZE_LIMIT) -> None:
        import sqlite3

        import diskcache

        path = Path(folder).expanduser()
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._store = diskcache.Cache(str(path), size_limit=size_limit, eviction_policy="least-recently-stored")
        except (OSError, sqlite3.Error) as err:
            reason = getattr(err, "strerror", None) or err
            raise UsageError(f"can't use the cache folder {folder}: {reason} (choose another with --cache)") from None

    def get(self, url: str) -> Stored | None:
        """The stored answer for `url`, or None (never stored, evicted, or unreadable)."""
        import sqlite3

        try:
            raw = self._store.get(url)
        except (OSError, sqlite3.Error):
            return None
        if not isinstance(raw, bytes):
            return None
        head, _, body = raw.partition(b"\n")
        try:
            fields = json.loads(head)
            if fields.pop("version") != _VERSION:
                return None
            return Stored(body=body, **fields)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, url: str, answer: Stored) -> None:
        """Keep `answer` for `url` (a failure to write only means no cache next time)."""
        import sqlite3

        fields = {k: v for k, v in asdict(answer).items() if k != "body"}
        head = json.dumps({"version": _VERSION, **fields}, ensure_ascii=True).encode()
        try:
            self._store.set(url, head + b"\n" + answer.body)
        except (OSError, sqlite3.Error):
            pass

    def close(self) -> None:
        self._store.close()


def unusable(folder: str | os.PathLike) -> str:
    """Why `folder` can't hold the cache ('' when it can), found without making it: it is not a
    folder, or it (or the nearest folder above it that exists) is not writable."""
    path = Path(folder).expanduser()
    if path.exists():
        if not path.is_dir():
            return "it is not a folder"
        return "" if os.access(path, os.W_OK | os.X_OK) else "it is not writable"
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent} is not a writable folder"
    return ""
