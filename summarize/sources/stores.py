"""Inputs at fsspec URLs (`s3://bucket/news/`, `gs://...`, `file:///...`, `memory://...`): a folder
is listed, each file read by its suffix as a local file would be.

fsspec is an optional extra (`pip install 'summarize[dask]'`), imported only when such a URL is named.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import PurePosixPath

from ..errors import UsageError
from ..models import Skipped, Source
from . import compressed
from .own import own_output
from .text import Unusable, too_large

INSTALL = "pip install 'summarize[dask]'"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)
_TIME_KEYS = ("mtime", "LastModified", "updated", "last_modified", "created")  # as filesystems name it


def is_store_url(item: str) -> bool:
    """Whether an input names a file or folder by an fsspec URL (any scheme but http and https)."""
    match = _SCHEME.match(item)
    return bool(match) and match.group(1).lower() not in ("http", "https")


def _filesystem(url: str):
    try:
        import fsspec
    except ImportError:
        raise UsageError(f"reading {url} needs fsspec: {INSTALL}") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as err:  # an unknown scheme, or its library not installed
        raise UsageError(f"can't read {url}: {err}") from None
    except OSError as err:  # a filesystem that connects when made (ftp://, sftp://) and can't
        raise UsageError(f"can't read {url}: {err.strerror or err}") from None


def listing(url: str) -> list[str]:
    """The files `url` names: itself, or those under it (recursively, hidden names left out, in
    sorted path order as local folders are walked). A usage error when there is nothing there."""
    fs, root = _filesystem(url)
    try:
        if fs.isdir(root):
            base = root.rstrip("/")
            inside = [p for p in fs.find(root) if not any(part.startswith(".") for part in _parts(p, base))]
            return [fs.unstrip_protocol(p) for p in sorted(inside, key=lambda p: _parts(p, base))]
        if fs.isfile(root):
            return [url]
    except OSError as err:
        raise UsageError(f"can't read {url}: {err}") from None
    raise UsageError(f"no such file or folder: {url} (check the address)")


def _parts(path: str, base: str) -> tuple[str, ...]:
    return tuple(path[len(base) :].strip("/").split("/"))


def read(url: str, max_bytes: int) -> list[Source | Skipped]:
    """The sources of the file at `url`, or why it is skipped (unreadable, over `max_bytes`, a kind
    no reader reads, a brief this tool wrote)."""
    from . import OPML_SUFFIXES, READERS

    name = url.split("://", 1)[1]
    inner = compressed.inner_name(name)
    packed = PurePosixPath(name).suffix.lower() if inner is not None else ""
    suffix = PurePosixPath(inner or name).suffix.lower()  # `feed.xml.gz` is read as a feed
    if suffix in OPML_SUFFIXES:
        return [Skipped(url, "a list of feeds (OPML), read only when named as a local file")]
    reader = READERS.get(suffix)
    if reader is None:
        return [Skipped(url, f"unsupported file type '{suffix}{packed}'")]
    fs, path = _filesystem(url)
    try:
        info = fs.info(path)
        if (info.get("size") or 0) > max_bytes:
            return [Skipped(url, too_large(max_bytes))]
        with fs.open(path, "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except (OSError, ValueError) as err:
        return [Skipped(url, _unreadable(err))]
    if len(raw) > max_bytes:
        return [Skipped(url, too_large(max_bytes))]
    if packed:
        try:
            raw = compressed.decompress(raw, packed, max_bytes)
        except Unusable as err:
            return [Skipped(url, str(err))]
    if (what := own_output(raw)) is not None:
        return [Skipped(url, f"{what} this tool wrote, not read as a source")]
    modified = _modified(info)
    return [replace(s, modified=modified) if isinstance(s, Source) else s for s in reader(raw, url)]


def _unreadable(err: OSError | ValueError) -> str:
    """Why a store's file can't be read: a loop of links and a folder named as what they are."""
    import errno

    code = getattr(err, "errno", None)
    if code == errno.ELOOP:
        return "a loop of symbolic links, not followed"
    if code == errno.EISDIR:
        return "a link to a folder, not followed"
    return f"unreadable ({getattr(err, 'strerror', None) or err})"


def _modified(info: dict) -> str:
    """When the file last changed (ISO 8601, UTC), from whichever time its filesystem gives."""
    for key in _TIME_KEYS:
        value = info.get(key)
        if isinstance(value, int | float):
            value = datetime.fromtimestamp(value, tz=UTC)
        elif isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                continue
        if isinstance(value, datetime):
            value = value if value.tzinfo else value.replace(tzinfo=UTC)
            return value.astimezone(UTC).isoformat(timespec="seconds")
    return ""
