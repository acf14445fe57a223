"""What input with no name to go by holds (stdin, a server's text/plain), from how it starts."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Skipped, Source
from . import feed, html, records

Reader = Callable[..., list[Source | Skipped]]


def sniff(raw: bytes) -> Reader | None:
    """The reader for input with no name to go by, from how it starts (None: plain text)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")) and any(
        tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")
    ):
        return feed.read
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return html.read
    if head.startswith(b"["):
        return records.read_json
    if head.startswith(b"{"):
        lines = [line.lstrip() for line in raw.splitlines() if line.strip()]
        one_per_line = len(lines) > 1 and all(line.startswith(b"{") for line in lines)
        return records.read_jsonl if one_per_line else records.read_json
    return None
