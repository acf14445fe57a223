"""Plain-text files: bytes to text, with encoding detection and a size cap.

`decode_bytes` and `read_bytes` are shared by every reader; `read` is the plain-text reader.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..models import Skipped, Source

TEXT_SUFFIXES = frozenset({"", ".txt", ".text"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Charsets that declare Latin-1 or ASCII mean CP1252 in practice (as browsers read them).
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "iso_8859-1"})


class Unusable(Exception):
    """The input can't be used; the message is the reason shown to the user."""


def _looks_like_utf16(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NULs on every other byte of ASCII text; in another
    alphabet (Cyrillic, Greek, Arabic...), one lane of bytes holding the few values of its block
    (and NULs for spaces and punctuation), the other lane free of NULs."""
    sample = raw[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if _one_alphabet(high, low) and _printable(sample, encoding):
            return encoding
    return None


def _one_alphabet(high: bytes, low: bytes) -> bool:
    """Whether `high` looks like the upper bytes of UTF-16 text in one alphabet and `low` like the lower."""
    from collections import Counter

    if high.count(0) < 0.05 * len(high) or low.count(0) > 0.01 * len(low):
        return False
    top = sum(n for _, n in Counter(high).most_common(3))
    return top >= 0.95 * len(high) and len(set(low)) > 16


def _printable(sample: bytes, encoding: str) -> bool:
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return sum(c.isprintable() or c in "\n\r\t" for c in text) >= 0.98 * len(text)


def _declared(raw: bytes, charset: str | None) -> str | None:
    """`raw` decoded with a declared charset (an HTTP header, an HTML meta tag), if that works."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    name = "cp1252" if name in _AS_CP1252 else name
    if name.replace("-", "").replace("_", "").startswith(("utf16", "utf32")):
        return None  # real UTF-16/32 was recognised by its byte-order mark or NULs; a label alone is wrong
    try:
        codecs.lookup(name)
        return raw.decode(name)
    except (LookupError, UnicodeError):
        return None  # unknown, unusable ("undefined") or wrong declaration: detect instead


def _detect(raw: bytes) -> str:
    """Bytes that are not UTF-8 and carry no byte-order mark: detected with charset-normalizer.

    Text that reads cleanly as CP1252 is taken as CP1252: detectors guess worst on short
    Western text (a curly apostrophe alone can look like a DOS code page to them)."""
    from charset_normalizer import from_bytes

    if from_bytes(raw, cp_isolation=["cp1252"]).best() is not None:
        return raw.decode("cp1252", errors="replace")
    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("cp1252", errors="replace")


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with a stray bad byte or two (a damaged save) decodes as UTF-8, the bad bytes shown
    as U+FFFD, rather than turning every accented letter into two wrong ones."""
    multibyte = sum(1 for b in raw if b >= 0xC2 and b <= 0xF4)
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text if multibyte and bad <= max(2, multibyte // 20) and bad < multibyte else None


def decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """Decode bytes to text: a byte-order mark, else UTF-16 (by its NUL bytes), else UTF-8, else
    a declared `charset` that fits, else the encoding charset-normalizer detects, else CP1252.

    Valid UTF-8 wins over a declaration: pages and servers often mislabel UTF-8, while other
    encodings almost never form valid UTF-8 by chance.

    Raises `Unusable` for binary data. A byte-order mark never stays in the text.
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
            text = _mostly_utf8(raw) or _declared(raw, charset)
            if text is None:
                text = _detect(raw)
    text = text.lstrip("\ufeff").replace("\x00", "")
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise Unusable("not text (binary data)")
    return text


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file of at most `max_bytes` (raises `Unusable` otherwise)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Unusable(too_large(max_bytes))
        return path.read_bytes()
    except PermissionError:
        raise Unusable("unreadable (permission denied)") from None
    except OSError as err:
        raise Unusable(f"unreadable ({err.strerror or err})") from None


def too_large(max_bytes: int) -> str:
    """The reason given for an input over the size cap."""
    if max_bytes >= 1024 * 1024:
        return f"larger than {max_bytes // (1024 * 1024)} MB (raise the size cap to read it)"
    return f"larger than {max_bytes} bytes (raise the size cap to read it)"


def read_text_file(path: Path, max_bytes: int) -> str:
    """Read and decode a text file of at most `max_bytes` (raises `Unusable` otherwise)."""
    return decode_bytes(read_bytes(path, max_bytes))


def read(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """A plain-text input: one source, its text as it stands."""
    try:
        text = decode_bytes(raw, charset)
    except Unusable as err:
        return [Skipped(shown, str(err))]
    return [Source(text=text, path=shown, url=url)]
