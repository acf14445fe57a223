"""RSS and Atom feeds (.rss, .atom, and .xml files whose root element is a feed) with feedparser:
one source per entry, publisher the feed's title.

Entries are numbered from 1 in the source path (`feed.xml#3`). A malformed or truncated feed
gives the entries that parse; an entry without text is skipped with the reason.
"""

from __future__ import annotations

import io
import re
import time

from ..models import Skipped, Source
from .dates import iso_date
from .html import fragment_text

FEED_ROOTS = frozenset({"rss", "feed", "rdf"})  # RSS 0.9x and 2.0, Atom, RSS 1.0 (rdf:RDF)


def root_element(raw: bytes) -> str | None:
    """The local name of an XML document's root element, lower-cased; None when it has none."""
    import xml.etree.ElementTree as ET

    parser = ET.XMLPullParser(events=("start",))
    try:
        parser.feed(raw[:65536])
        for _event, element in parser.read_events():
            return element.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
    except ET.ParseError:
        return None
    return None


def is_feed(raw: bytes) -> bool:
    """Whether the XML in `raw` is an RSS or Atom feed, judged by its root element."""
    return root_element(raw) in FEED_ROOTS


def read_xml(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """An .xml file: read as a feed when it is one, skipped otherwise."""
    root = root_element(raw)
    if root not in FEED_ROOTS:
        what = f"root element <{root}>" if root else "not well-formed XML"
        return [Skipped(shown, f"not an RSS or Atom feed ({what})")]
    return read(raw, shown, url=url, charset=charset)


def _entry_date(entry) -> str:
    for key in ("published", "updated", "created"):
        date = iso_date(entry.get(key) or "")
        if date:
            return date
        parsed = entry.get(f"{key}_parsed")
        if parsed and 1 <= parsed.tm_year <= 9999:  # "0000-00-00" parses to year -1: undated
            return time.strftime("%Y-%m-%d", parsed)
    return ""


def _entry_text(entry) -> str:
    """The entry's fullest content, else its summary, as plain paragraphs."""
    candidates = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if candidates:
        chosen = max(candidates, key=lambda c: len(c.get("value") or ""))
        value, kind = chosen.get("value") or "", chosen.get("type") or ""
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary") or "", detail.get("type") or ""
    if "html" in kind or (not kind and "<" in value):  # plain text may hold a literal "<"
        return fragment_text(value)
    return value.strip()


_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")


def _problem(parsed) -> str:
    """What the XML parser found wrong, in words ("syntax error, line 2")."""
    problem = parsed.get("bozo_exception")
    if hasattr(problem, "getMessage") and hasattr(problem, "getLineNumber"):  # an XML parse error
        return f"{problem.getMessage()}, line {problem.getLineNumber()}"
    return str(problem) or type(problem).__name__


def read(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """Every entry of a feed as a source; the feed skipped as a whole only when nothing parses."""
    import feedparser  # loaded only when a feed is read

    headers = {"content-type": f"application/xml; charset={charset}"} if charset else {}
    if url:
        headers["content-location"] = url
    # Bytes wrapped in a stream: feedparser would take a bare string for a path or a URL to open.
    try:
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except Exception as err:  # the parser itself gave way (e.g. a reference to a lone surrogate)
        return [Skipped(shown, f"malformed feed the parser could not read ({type(err).__name__})")]
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            return [Skipped(shown, f"malformed feed with no readable entries ({_problem(parsed)})")]
        if not parsed.get("version"):
            return [Skipped(shown, "not an RSS or Atom feed")]
        return [Skipped(shown, "the feed has no entries")]
    publisher = " ".join((parsed.get("feed", {}).get("title") or "").split())
    found: list[Source | Skipped] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{shown}#{n}"
        text = _entry_text(entry)
        if not text:
            damaged = f" (malformed feed: {_problem(parsed)})" if parsed.get("bozo") else ""
            found.append(Skipped(where, f"the feed entry has no text{damaged}"))
            continue
        found.append(
            Source(
                text=text,
                title=" ".join((entry.get("title") or "").split()),
                path=where,
                publisher=publisher,
                date=_entry_date(entry),
                url=entry.get("link") or "",
                author=" ".join((entry.get("author") or "").split()),
            )
        )
    if parsed.get("bozo"):
        # The parser stops at the first error: entries after it are lost, and must be said so.
        opened = len(_ENTRY_TAG.findall(raw))
        found.extend(
            Skipped(f"{shown}#{n}", f"malformed feed: entry not readable after a parse error ({_problem(parsed)})")
            for n in range(len(entries) + 1, opened + 1)
        )
    return found
