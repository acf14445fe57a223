"""Reading inputs into `Source`s: one reader per input kind behind one `load()`.

A source is one file, one stdin stream, one URL, one JSON record or one feed entry. Inputs met
that can't be used are reported as `Skipped`, never dropped silently (one bad record or entry
alone, the rest of its file used); a path named by the user that does not exist is a usage error.

Each reader takes the input's bytes and the name to show for it and returns what it found:
`read(raw, shown, *, url="", charset=None) -> list[Source | Skipped]`.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import UsageError
from ..models import Skipped, Source, changed
from ..shown import UNSAFE, UNSAFE_IN_TEXT, without_controls
from . import compressed, feed, html, markdown, records, stores, text
from .fetcher import AT_ONCE, Fetcher
from .own import own_output
from .sniff import sniff
from .text import Unusable, decode_bytes, read_bytes, too_large
from .url import DEFAULT_TIMEOUT, Reader, fetch, is_url

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Which reader reads a file, by its suffix (lower-cased). Other suffixes are skipped as unsupported.
READERS: dict[str, Reader] = {
    "": text.read,
    ".txt": text.read,
    ".text": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".rss": feed.read,
    ".atom": feed.read,
    ".xml": feed.read_xml,  # read only when the root element is a feed's
    ".json": records.read_json,
    ".jsonl": records.read_jsonl,
    ".ndjson": records.read_jsonl,
}


@dataclass(frozen=True)
class Loaded:
    """What `load` found: the sources read (ids not yet final) and what was skipped."""

    sources: tuple[Source, ...]
    skipped: tuple[Skipped, ...]


class Walked(NamedTuple):
    """An entry met in a folder: its path, and whether it is plainly a regular file (not a
    link, as the folder's listing says, so no system call is needed to know it)."""

    path: str
    parts: tuple[str, ...]  # the names from the folder walked down to it
    plain_file: bool


def _walk(folder: Path) -> list[Walked]:
    """Entries under `folder` to read or report, recursively, in sorted path order, hidden names
    left out: files, and links to folders (reported, not followed, so a link loop can't trap
    the walk). Iterative, so no depth of nesting overflows the stack. Sorted by the names along
    each path, kept as the walk meets them (no path object is made per file)."""
    found: list[tuple[tuple[str, ...], Walked]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(os.fspath(folder), ())]
    while pending:
        current, parts = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError:
            found.append((parts, Walked(current, parts, False)))  # unreadable folder: reported by the caller
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.name if current == "." else entry.path  # as pathlib writes it: "a.txt", not "./a.txt"
            if entry.is_dir(follow_symlinks=False):
                pending.append((path, (*parts, entry.name)))
            else:
                plain = not entry.is_symlink() and entry.is_file(follow_symlinks=False)
                inner = (*parts, entry.name)
                found.append((inner, Walked(path, inner, plain)))
    found.sort(key=itemgetter(0))
    return [walked for _, walked in found]


def _outside(file: Path, folder: Path) -> bool:
    """Whether `file` is a symbolic link whose target lies outside `folder` (resolved): a link
    out of the named folder is not followed unless asked, so `ln -s /etc/passwd notes/passwd.txt`
    can't put system files into a brief. (The walk follows no linked folder, so only the file
    itself can be a link.)"""
    if not file.is_symlink():
        return False
    try:
        target = file.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop or a dangling link: reported by _not_read
        return False
    return not target.is_relative_to(folder)


LOOP = "a loop of symbolic links, not followed"


def _broken_link(file: Path) -> str:
    """Why a link that leads to nothing is not read: a loop (`a -> b -> a`, `a -> a`) is named as
    one, so the user knows to break it rather than look for a missing file."""
    import errno

    try:
        os.stat(file)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return LOOP
    return "dangling symbolic link"


def _folder_loop(file: Path) -> bool:
    """Whether the link `file` leads to the folder it stands in or one above it (`self -> .`,
    `up -> ../..`): following it would walk the same files forever."""
    try:
        target, home = file.resolve(strict=True), file.parent.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return home.is_relative_to(target)


def _not_read(file: Path) -> str:
    """Why a walked entry that is not a regular file is not read."""
    if file.is_symlink() and not file.exists():
        return _broken_link(file)
    if file.is_symlink() and file.is_dir():
        if _folder_loop(file):
            return f"{LOOP} (a link to its own folder or one above it)"
        return "link to a folder, not followed (name the folder itself to read it)"
    if file.is_dir():
        return "unreadable folder (permission denied?)"
    return "not a regular file"


OPML_SUFFIXES = frozenset({".opml"})

OUTSIDE = "symbolic link to a file outside the folder, not followed (--follow-links follows it)"


def identities(files: Iterable[str | os.PathLike]) -> dict[tuple[int, int], str]:
    """(device, inode) -> what the file is, for this run's own output and state files."""
    found = {}
    for name in files:
        try:
            info = os.stat(name)
        except (OSError, ValueError):
            continue
        found[(info.st_dev, info.st_ino)] = name
    return found


def _suffix(name: str) -> str:
    """A file name's suffix in lower case, as `PurePath.suffix` reads it ("" for ".bashrc" or "a.")."""
    base = name.rstrip("/").rpartition("/")[2]
    dot = base.rfind(".")
    return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def _unreadable(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "unreadable (permission denied)"
    return f"unreadable ({err.strerror or err})"


def _read_path(
    name: str, shown: str, max_bytes: int, own: dict[tuple[int, int], str] | None = None
) -> list[Source | Skipped]:
    """The sources in the file `name`, or why it is skipped. A file a reader takes is opened once
    and looked at through its descriptor (size, identity, time) before it is read: two system
    calls fewer a file than a look, then a read, each by name."""
    inner = compressed.inner_name(name)
    packed = _suffix(name) if inner is not None else ""
    suffix = _suffix(inner or name)  # `feed.xml.gz` is read as a feed
    reader = READERS.get(suffix) if suffix not in OPML_SUFFIXES else None
    if reader is None:  # nothing to read, only the reason to give
        try:
            info = os.stat(name)
        except OSError as err:
            return [Skipped(shown, f"unreadable ({err.strerror or err})")]
        if own and (info.st_dev, info.st_ino) in own:
            return [Skipped(shown, OWN_FILE)]
        if suffix in OPML_SUFFIXES and packed:  # its feeds are fetched only from a list one can read at a glance
            return [Skipped(shown, "a compressed list of feeds (OPML): unpack it and name the .opml file to read it")]
        if suffix in OPML_SUFFIXES:  # met in a folder: its feeds are fetched only when it is named
            return [Skipped(shown, "a list of feeds (OPML), read only when named as an input")]
        return [Skipped(shown, f"unsupported file type '{suffix}{packed}'")]
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK)  # not blocking: a FIFO put in its place can't hang
    except OSError as err:
        return [Skipped(shown, _unreadable(err))]
    try:
        info = os.fstat(descriptor)
        if own and (info.st_dev, info.st_ino) in own:
            return [Skipped(shown, OWN_FILE)]
        if not stat.S_ISREG(info.st_mode):
            return [Skipped(shown, "not a regular file")]
        if info.st_size > max_bytes:
            return [Skipped(shown, too_large(max_bytes))]
        raw = _read_to_end(descriptor, info.st_size)
    except OSError as err:
        return [Skipped(shown, _unreadable(err))]
    finally:
        os.close(descriptor)
    if packed:
        try:
            raw = compressed.decompress(raw, packed, max_bytes)
        except Unusable as err:
            return [Skipped(shown, str(err))]
    modified = datetime.fromtimestamp(info.st_mtime, tz=UTC).isoformat(timespec="seconds")
    if (what := own_output(raw)) is not None:
        return [Skipped(shown, f"{what} this tool wrote, not read as a source")]
    return [changed(s, modified=modified) if isinstance(s, Source) else s for s in reader(raw, shown)]


OWN_FILE = "this brief's own --output or --state file, not read as a source"


def _read_to_end(descriptor: int, size: int) -> bytes:
    """The bytes of an open regular file of `size` bytes: one read, more only if it has grown."""
    first = os.read(descriptor, size + 1)
    if len(first) <= size:
        return first
    chunks = [first]
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _read_stdin(stream: IO | None, max_bytes: int) -> list[Source | Skipped]:
    """Standard input, read by what it holds: a feed, JSON records, an HTML page, or text."""
    stream = stream if stream is not None else sys.stdin
    raw = stream.buffer.read(max_bytes + 1) if hasattr(stream, "buffer") else stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return [Skipped("-", f"larger than the size cap of {max_bytes} bytes (raise the cap to read it)")]
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if isinstance(raw, bytes) and (suffix := compressed.packed(data)):  # `gzip -c a.txt | summarize`
        try:
            data = raw = compressed.decompress(data, suffix, max_bytes)
        except Unusable as err:
            return [Skipped("-", str(err))]
    reader = sniff(data)
    if reader is not None:
        return reader(data, "-")
    try:
        text = raw if isinstance(raw, str) else decode_bytes(raw)
    except Unusable as err:
        return [Skipped("-", str(err))]
    return [Source(text=text, path="-")]


@dataclass(frozen=True)
class Item:
    """One input to read, in the order met: a `file` (`name` is its path, `shown` how it is
    named), a `url` fetched over http(s), a `store` file at an fsspec URL, or `found`: what was
    settled while planning (`Source`s handed over, stdin's, an OPML list's unusable entries,
    a path that is not a regular file)."""

    kind: str
    name: str = ""
    shown: str = ""
    found: tuple[Source | Skipped, ...] = ()


def plan(
    inputs: Iterable[str | os.PathLike | Source],
    *,
    stdin: IO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
) -> list[Item]:
    """What `load` will read, in order, each file or address once; folders walked, OPML lists
    opened for their feeds and stdin read, so that each item can be read on its own (by this
    process or by a cluster's workers) and the results, put back in order, are what `load` gives.

    Raises `UsageError` for a named path that does not exist.
    """
    items: list[Item] = []
    seen: set[str] = set()  # a file or address named twice (or inside a folder also named) is read once

    def first_time(key: str) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    def found(*what: Source | Skipped) -> None:
        items.append(Item("found", found=tuple(what)))

    for item in inputs:
        if isinstance(item, Source):
            found(item)
            continue
        shown = os.fspath(item)
        if shown == "":  # Path("") is the current folder: an unset variable must not read it all
            raise UsageError("an input is empty (''): name a file, folder or address")
        if shown == "-":
            if first_time("-"):
                found(*_read_stdin(stdin, max_bytes))
            continue
        if isinstance(item, str) and is_url(shown):
            if first_time(shown):
                items.append(Item("url", shown, shown))
            continue
        if isinstance(item, str) and stores.is_store_url(shown):
            items.extend(Item("store", url, url) for url in stores.listing(shown) if first_time(url))
            continue
        path = Path(shown)
        if not path.exists():
            if path.is_symlink() or _broken_link(path) == LOOP:  # a loop, on the name or on the way to it
                found(Skipped(shown, _broken_link(path)))
                continue
            raise UsageError(f"no such file or folder: {shown} (check the path)")
        if path.is_dir():
            inside = path.resolve()
            absolute = os.path.abspath(path)
            for name, parts, plain_file in _walk(path):
                if not first_time(os.path.join(absolute, *parts)):  # os.path.abspath(name), as it is built
                    continue
                if plain_file:  # the usual case, known from the listing: no system call
                    items.append(Item("file", name, name))
                    continue
                file = Path(name)
                if not file.is_file():
                    found(Skipped(name, _not_read(file)))
                elif not follow_links and _outside(file, inside):
                    found(Skipped(name, OUTSIDE))
                else:
                    items.append(Item("file", name, name))
        elif not first_time(os.path.abspath(path)):
            continue
        elif path.is_file() and path.suffix.lower() in OPML_SUFFIXES:
            feeds, unusable = _opml(path, shown, max_bytes)
            found(*unusable)
            items.extend(Item("url", address, address) for address in feeds if first_time(address))
        elif path.is_file():
            items.append(Item("file", shown, shown))
        else:
            found(Skipped(shown, "not a regular file"))
    return items


def _opml(path: Path, shown: str, max_bytes: int) -> tuple[list[str], list[Skipped]]:
    """An OPML file named as an input: the feeds it lists (fetched as inputs of their own) and
    what could not be used."""
    from .lists import opml_feeds

    try:
        raw = read_bytes(path, max_bytes)
    except Unusable as err:
        return [], [Skipped(shown, str(err))]
    return opml_feeds(raw, shown)


def read_item(
    item: Item,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    own: dict[tuple[int, int], str] | None = None,
) -> list[Source | Skipped]:
    """The sources one planned item holds and what of it was skipped (texts made safe to show).
    `own` identifies this run's output and state files (see `identities`). `read_items` reads
    many, fetching their addresses concurrently and through the HTTP cache."""
    if item.kind == "file":
        found = _read_path(item.name, item.shown, max_bytes, own)
    elif item.kind == "url":
        found = fetch(item.name, max_bytes=max_bytes, timeout=timeout)
    elif item.kind == "store":
        found = stores.read(item.name, max_bytes)
    else:
        found = list(item.found)
    return [_safe(s) for s in found]


def load(
    inputs: Iterable[str | os.PathLike | Source],
    *,
    stdin: IO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    follow_links: bool = False,
    own: Iterable[str | os.PathLike] = (),
    cache: str | os.PathLike | None = None,
    at_once: int = AT_ONCE,
) -> Loaded:
    """Read every input: paths (files or folders, walked recursively), `-` for stdin, http(s)
    URLs (fetched, at most `max_bytes` within `timeout` seconds), files at fsspec URLs
    (`s3://`, `gs://`, `file://`, `memory://`, ...: folders listed), or `Source`s. An OPML
    file named as an input stands for the feeds it lists (one met in a folder is skipped, so
    reading a folder never fetches from the network). A file or URL named more than once
    (`a.txt a.txt`, `samples samples/`) is read once.

    In a folder, a symbolic link to a file outside it is skipped with the reason unless
    `follow_links`; links to folders are never followed; a file named itself is read wherever
    it points. Files in `own` (this run's --output and --state) and briefs this tool wrote are
    skipped as such, never read back as sources.

    Addresses are fetched concurrently (see `fetcher`: `at_once` at most, fewer per host), their
    sources kept in input order; with `cache` (a folder), through the HTTP cache there.

    Raises `UsageError` for a named path that does not exist, or a cache folder that can't be used.
    """
    items = plan(inputs, stdin=stdin, max_bytes=max_bytes, follow_links=follow_links)
    found = read_items(items, max_bytes=max_bytes, timeout=timeout, own=identities(own), cache=cache, at_once=at_once)
    return gathered(found)


def read_items(
    items: Sequence[Item],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    own: dict[tuple[int, int], str] | None = None,
    cache: str | os.PathLike | None = None,
    at_once: int = AT_ONCE,
) -> list[Source | Skipped]:
    """What planned `items` hold, in their order (texts made safe to show): addresses fetched
    concurrently (see `fetcher`), through the HTTP cache in `cache` when given; the rest read in
    turn meanwhile. `own` identifies this run's output and state files (see `identities`)."""
    found = read_each(items, max_bytes=max_bytes, timeout=timeout, own=own, cache=cache, at_once=at_once)
    return [s for part in found for s in part]


def read_each(
    items: Sequence[Item],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    own: dict[tuple[int, int], str] | None = None,
    cache: str | os.PathLike | None = None,
    at_once: int = AT_ONCE,
) -> list[list[Source | Skipped]]:
    """As `read_items`, item by item: what each of `items` holds, so that they can be put back
    in their places among items read elsewhere (by worker processes, see `summarize.workers`)."""
    with Fetcher(max_bytes=max_bytes, timeout=timeout, cache=cache, at_once=at_once) as fetcher:
        fetching = {i: fetcher.submit(item.name) for i, item in enumerate(items) if item.kind == "url"}
        parts = [
            read_item(item, max_bytes=max_bytes, own=own) if i not in fetching else None for i, item in enumerate(items)
        ]
        return [part if part is not None else [_safe(s) for s in fetching[i].result()] for i, part in enumerate(parts)]


def _safe(found: Source | Skipped) -> Source | Skipped:
    return _safe_text(found) if isinstance(found, Source) else found


def gathered(found: Iterable[Source | Skipped]) -> Loaded:
    """What was read, in order, as sources and skipped inputs."""
    found = list(found)
    sources = tuple(s for s in found if isinstance(s, Source))
    skipped = tuple(s for s in found if isinstance(s, Skipped))
    return Loaded(sources=sources, skipped=skipped)


_SURROGATE = re.compile("[\ud800-\udfff]")
# What makes a field need work: a lone surrogate, or an unsafe character other than the tab and
# line breaks running text keeps (checked first, so the usual clean source costs one search a field).
_DIRTY = re.compile(f"[\ud800-\udfff{UNSAFE_IN_TEXT}]")
_DIRTY_LINE = re.compile(f"[\ud800-\udfff{UNSAFE.pattern[1:-1]}]")  # in a one-line field: any unsafe character
_FIELDS = ("text", "title", "publisher", "author", "date", "url")


def _safe_text(source: Source) -> Source:
    """Lone surrogates (from JSON escapes or character references) can't be written as UTF-8:
    they become U+FFFD, the replacement character, like any other undecodable text. Control and
    bidirectional-override characters are removed (a line-ending one becomes a line break), so
    no sentence or title of a brief can forge a line or reorder what a reader sees."""
    short = (source.title, source.publisher, source.author, source.date, source.url)
    if not _DIRTY.search(source.text) and not _DIRTY_LINE.search("".join(short)):
        return source  # the usual source: two searches, not one or two a field
    dirty = {}
    for name in _FIELDS:
        value = getattr(source, name)
        if name != "text" and UNSAFE.search(value) or _DIRTY.search(value):
            value = without_controls(_SURROGATE.sub("\ufffd", value))
            dirty[name] = value if name == "text" else " ".join(value.split())
    return changed(source, **dirty) if dirty else source
