"""Compressed inputs: `.gz`, `.bz2` and `.xz` files, read as the text, page, feed or records
they hold (`feed.xml.gz` is a feed, `notes.gz` plain text).

What an archive holds is decompressed a piece at a time and never past the size cap: 10 GB of
zeros packed into a few megabytes (an archive bomb) costs the cap's worth of memory and is
skipped as too large, and a corrupt or truncated archive is skipped with that reason.
"""

from __future__ import annotations

import io

from .text import Unusable

# Suffix -> the name of the compression, as a reason names it.
SUFFIXES = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}
_PIECE = 1 << 20
# How each kind of archive starts, so that one piped in (`gzip -c a.txt | summarize`) or served
# without a telling name is known: its suffix.
MAGIC = {b"\x1f\x8b": ".gz", b"BZh": ".bz2", b"\xfd7zXZ\x00": ".xz"}
# Content types a server gives an archive.
CONTENT_TYPES = frozenset({"application/gzip", "application/x-gzip", "application/x-bzip2", "application/x-xz"})


def packed(raw: bytes) -> str | None:
    """The compression suffix `raw` starts as (`.gz`, `.bz2`, `.xz`), or None."""
    return next((suffix for magic, suffix in MAGIC.items() if raw.startswith(magic)), None)


def inner_name(name: str) -> str | None:
    """`name` without its compression suffix (`feed.xml.gz` -> `feed.xml`), or None when `name`
    is not compressed."""
    base, dot, suffix = name.rpartition(".")
    if not dot or "/" in suffix or f".{suffix.lower()}" not in SUFFIXES:
        return None
    return base


def _opened(raw: bytes, kind: str) -> io.BufferedIOBase:
    if kind == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=io.BytesIO(raw))
    if kind == "bzip2":
        import bz2

        return bz2.BZ2File(io.BytesIO(raw))
    import lzma

    return lzma.LZMAFile(io.BytesIO(raw))


def decompress(raw: bytes, suffix: str, max_bytes: int) -> bytes:
    """What the archive `raw` (compressed as `suffix` says) holds, at most `max_bytes` of it.

    Raises `Unusable` for an archive that is corrupt, truncated or holds more than `max_bytes`."""
    import lzma
    import zlib

    kind = SUFFIXES[suffix.lower()]
    pieces, size = [], 0
    try:
        with _opened(raw, kind) as archive:
            while piece := archive.read(min(_PIECE, max_bytes + 1 - size)):
                pieces.append(piece)
                size += len(piece)
                if size > max_bytes:
                    raise Unusable(_too_large(kind, max_bytes))
    except EOFError:
        raise Unusable(f"a truncated {kind} archive (it ends before its data does)") from None
    except (OSError, zlib.error, lzma.LZMAError, ValueError) as err:
        raise Unusable(f"a corrupt {kind} archive ({err})") from None
    held = b"".join(pieces)
    if (inner := packed(held)) is not None:  # not unpacked again: each level could multiply the bomb
        raise Unusable(f"a {kind} archive that holds another archive ({SUFFIXES[inner]}), not read")
    return held


def _too_large(kind: str, max_bytes: int) -> str:
    from .text import too_large

    return f"a {kind} archive that holds more than the size cap: {too_large(max_bytes)}"
