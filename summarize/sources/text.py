"""Plain-text and Markdown files: bytes to text, with encoding detection and a size cap."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class Unusable(Exception):
    """The input can't be used; the message is the reason shown to the user."""


def _looks_like_utf16(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NULs on every other byte of ASCII text."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(raw: bytes) -> str:
    """Decode bytes to text: byte-order marks, then UTF-8, UTF-16, then CP1252/Latin-1.

    Raises `Unusable` for binary data.
    """
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None) or _looks_like_utf16(raw)
    if encoding:
        text = raw.decode(encoding, errors="replace")
    else:
        if b"\x00" in raw[:8192] and raw[:8192].count(b"\x00") > 0.01 * len(raw[:8192]):
            raise Unusable("not text (binary data)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff").replace("\x00", "")
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise Unusable("not text (binary data)")
    return text


def read_text_file(path: Path, max_bytes: int) -> str:
    """Read and decode a text file of at most `max_bytes` (raises `Unusable` otherwise)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Unusable(f"larger than {max_bytes // (1024 * 1024)} MB (raise the size cap to read it)")
        raw = path.read_bytes()
    except PermissionError:
        raise Unusable("unreadable (permission denied)") from None
    except OSError as err:
        raise Unusable(f"unreadable ({err.strerror or err})") from None
    return decode_bytes(raw)
