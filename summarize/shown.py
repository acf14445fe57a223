"""What a brief may show of text that came from strangers.

Feeds, pages, records and file names are written by anyone, and briefs are read in terminals,
browsers and mail clients. So: no control or bidirectional-override characters reach a brief
(they forge lines or reorder what a reader sees), titles carry no markup, and only http(s) or
relative addresses become links (never `javascript:` or `data:`).
"""

from __future__ import annotations

import re

# Characters that break a line, hide text or reorder it on screen: C0 and C1 controls, DEL,
# the bidirectional marks, embeddings, overrides and isolates, line and paragraph separators,
# invisible operators, a stray byte-order mark, interlinear annotation marks; the zero-width space
# and the tag characters (invisible, they make two names look alike or hide text in one).
_UNSAFE = (
    "\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
UNSAFE = re.compile(f"[{_UNSAFE}]")
NOT_AS_IS = re.compile(f"[<{_UNSAFE}]")  # what `plain` or `visible` would change in one line: markup, or unsafe
_BEYOND_ASCII = _UNSAFE[_UNSAFE.index("\x7f") :]
UNSAFE_IN_TEXT = f"\x00-\x08\x0b\x0c\x0e-\x1f{_BEYOND_ASCII}"  # in running text: all but tab and line breaks
# In running text, the ones that end a line (as str.splitlines() reads them) become a line break;
# tabs, carriage returns and line feeds stay; the rest go.
_UNSAFE_TEXT = re.compile(f"[{UNSAFE_IN_TEXT}]")
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(f"[\x00-\x08\x0e-\x1f{_BEYOND_ASCII}]")
_BEYOND_ASCII_CONTROLS = re.compile(f"[{_BEYOND_ASCII}]")  # JSON escapes the others itself
_TAG = re.compile(r"<(?:script|style)\b.*?(?:</(?:script|style)\s*>|$)|<[A-Za-z/!?][^<>]*(?:>|$)", re.I | re.S)


def without_controls(text: str) -> str:
    """Running text (an article) with no unsafe characters: line-ending ones become line breaks,
    the rest are removed. Tabs and line breaks stay."""
    if not _UNSAFE_TEXT.search(text):
        return text
    return _INVISIBLE.sub("", _BREAKS.sub("\n", text))


def visible(text: str) -> str:
    """One line of a brief (a path, a title, a sentence) with every unsafe character written out
    as an escape (`\\n`, `\\u202e`), so a file name can't forge lines or hide its end."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: repr(m.group())[1:-1] if m.group() < "\x80" else _escape(m.group()), text)


def _escape(char: str) -> str:
    """`\\u202e`, or `\\U000e0041` past the first plane."""
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


LONGEST_TITLE = 300  # characters: a title, publisher or author longer than any real one is cut


def plain(text: str) -> str:
    """A title, publisher or author as plain text on one line: markup removed (`<b>`, `<img>`,
    `<script>...</script>`), unsafe characters escaped, white space collapsed, and cut after
    `LONGEST_TITLE` characters (at a space where there is one) with an ellipsis."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = " ".join(visible(text).split())
    if len(text) <= LONGEST_TITLE:
        return text
    cut = text[:LONGEST_TITLE]
    return (cut.rsplit(" ", 1)[0] if " " in cut[LONGEST_TITLE // 2 :] else cut) + "..."


def address(url: str) -> str:
    """A web address as a brief shows it: spaces, quotes, angle brackets, backticks and unsafe
    characters percent-encoded (as a browser would send them), so it carries no markup."""
    return "".join(f"%{ord(c):02X}" if c in " \"<>'`" or UNSAFE.match(c) else c for c in url.strip())


def link(url: str) -> str:
    """`url` when it may be a link in a brief: an http(s) address with a host, or a relative
    address (no scheme); empty otherwise (`javascript:`, `data:`, `file:`, `//host`...)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url or UNSAFE.search(url) or any(c.isspace() for c in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme:
        return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""
    head = re.split(r"[/?#]", url, maxsplit=1)[0]
    return "" if url.startswith(("/", "\\")) or ":" in head else url


def json_safe(dumped: str) -> str:
    """JSON text (as json.dumps writes it, ASCII controls already escaped) with every other unsafe
    character inside its strings written as a `\\uXXXX` escape: the same data for a program,
    nothing a terminal or browser would act on."""
    return _BEYOND_ASCII_CONTROLS.sub(lambda m: _json_escape(ord(m.group())), dumped)


def _json_escape(code: int) -> str:
    """A `\\uXXXX` escape; past the first plane, its UTF-16 surrogate pair (as JSON writes one)."""
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
