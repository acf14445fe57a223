"""JSON and JSON Lines records (.json, .jsonl): one source per record.

A .json file holds a list of records, an object with the list under a key such as "items",
"articles" or "records", or one record; a .jsonl file holds one record per line. Fields:
title; text, content, body or description; url or link; source, publisher or site; date or
published. Records are numbered from 1 in the source path (`items.json#2`; in a .jsonl file
the line number). A record with a field of the wrong type is skipped with the reason, the
others are used; a .json file that is not valid JSON is skipped whole, a bad .jsonl line alone.
"""

from __future__ import annotations

import json
import re

from ..models import Skipped, Source
from .dates import iso_date
from .html import fragment_text
from .text import Unusable, decode_bytes

LIST_KEYS = ("items", "articles", "records", "entries", "documents", "stories", "posts", "results", "data")
TITLE_KEYS = ("title", "headline")
TEXT_KEYS = ("text", "content", "body", "description", "content_text", "content_html", "summary")
URL_KEYS = ("url", "link")
PUBLISHER_KEYS = ("source", "publisher", "site", "site_name")
DATE_KEYS = ("date", "published", "published_at", "publishedAt", "date_published")

_HTML_BLOCK = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote|article|section)\b[^>]*>", re.IGNORECASE)


class BadRecord(Exception):
    """A record that can't be used; the message is the reason."""


def _kind(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _field(record: dict, keys: tuple[str, ...]) -> tuple[str, object]:
    """The first of `keys` the record fills (not null, not an empty string): (key, value)."""
    for key in keys:
        value = record.get(key)
        if value is not None and value != "":
            return key, value
    return "", None


def _string(record: dict, keys: tuple[str, ...], *, named: bool = False) -> str:
    """The first filled field of `keys` as one line of text; `named` takes an object's "name"."""
    key, value = _field(record, keys)
    if value is None:
        return ""
    if named and isinstance(value, dict) and isinstance(value.get("name"), str):
        value = value["name"]  # {"source": {"id": ..., "name": "Harbour Gazette"}}
    if not isinstance(value, str):
        raise BadRecord(f"field '{key}' is {_kind(value)}, not text")
    return " ".join(value.split())


def _text(record: dict) -> str:
    key, value = _field(record, TEXT_KEYS)
    if value is None:
        raise BadRecord(f"no text (none of the fields {', '.join(repr(k) for k in TEXT_KEYS[:4])})")
    if not isinstance(value, str):
        raise BadRecord(f"field '{key}' is {_kind(value)}, not text")
    if key == "content_html" or _HTML_BLOCK.search(value):
        value = fragment_text(value)
    if not value.strip():
        raise BadRecord(f"field '{key}' has no text")
    return value


def to_source(record: object, where: str, publisher: str = "") -> Source | Skipped:
    """One record as a source, or skipped with the reason."""
    if record is TOO_DEEP:
        return Skipped(where, "invalid JSON: nested too deeply")
    if not isinstance(record, dict):
        return Skipped(where, f"the record is {_kind(record)}, not an object with fields")
    try:
        text = _text(record)
        date = _string(record, DATE_KEYS)
        return Source(
            text=text,
            title=_string(record, TITLE_KEYS),
            path=where,
            publisher=_string(record, PUBLISHER_KEYS, named=True) or publisher,
            date=iso_date(date) or date,
            url=_string(record, URL_KEYS),
            author=_string(record, ("author", "byline")),
        )
    except BadRecord as err:
        return Skipped(where, str(err))


class _TooDeep:
    """A value nested too deeply for the JSON parser, standing in for it."""

    def __repr__(self) -> str:
        return "TOO_DEEP"


TOO_DEEP = _TooDeep()
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def _parts(text: str) -> tuple[str, list[str]] | None:
    """The top-level value of `text` split without parsing it: ("[", element texts) for a list,
    ("{", member texts) for an object; None when it is neither or does not close."""
    depth, start, kind, parts = 0, 0, "", []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth == 1:
                kind, start = token, match.end()
        elif token in "]}":
            depth -= 1
            if depth == 0:
                last = text[start : match.start()]
                return kind, parts + ([last] if last.strip() or parts else [])
        elif token == "," and depth == 1:
            parts.append(text[start : match.start()])
            start = match.end()
    return None


def _value(text: str) -> object:
    """One JSON value, or TOO_DEEP when it is nested too deeply to parse."""
    try:
        return json.loads(text, parse_int=_number)
    except RecursionError:
        return TOO_DEEP


def _shallow(text: str) -> object | None:
    """JSON too deep for the parser somewhere, read a record at a time: a list of records, or an
    object whose members (and whose list of records) are parsed one by one, each value nested
    too deeply becoming TOO_DEEP. None when even that fails (the file is skipped whole)."""
    try:
        split = _parts(text)
        if split is None:
            return None
        kind, parts = split
        if kind == "[":
            return [_value(part) for part in parts]
        members = {}
        for member in parts:
            key_text, _, value_text = member.partition(":")
            key = json.loads(key_text)
            nested = _parts(value_text) if key in LIST_KEYS else None
            if nested is not None and nested[0] == "[":
                members[key] = [_value(part) for part in nested[1]]
            else:
                members[key] = _value(value_text)
        return members
    except (ValueError, TypeError, RecursionError):
        return None


def _decode(raw: bytes, shown: str, charset: str | None) -> str | Skipped:
    try:
        return decode_bytes(raw, charset)
    except Unusable as err:
        return Skipped(shown, str(err))


def _number(digits: str) -> int | float:
    """A JSON integer; one too long for Python's int parser (over 4,300 digits) as a float, so a
    single odd field costs its record, not the whole file."""
    return int(digits) if len(digits) <= 4000 else float(digits)


def _invalid(err: json.JSONDecodeError) -> str:
    return f"invalid JSON: {err.msg} (line {err.lineno}, column {err.colno})"


def read_json(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """A .json file: a list of records, an object holding one under a known key, or one record."""
    text = _decode(raw, shown, charset)
    if isinstance(text, Skipped):
        return [text]
    try:
        data = json.loads(text, parse_int=_number)
    except json.JSONDecodeError as err:
        return [Skipped(shown, _invalid(err))]
    except RecursionError:
        data = _shallow(text)  # one record nested too deeply costs that record only
        if data is None:
            return [Skipped(shown, "invalid JSON: nested too deeply")]
    except ValueError as err:  # e.g. an integer too long to convert
        return [Skipped(shown, f"invalid JSON: {err}")]
    publisher = ""
    if isinstance(data, dict):
        key = next((k for k in LIST_KEYS if k in data), None)
        if key is None:
            return [to_source(data, shown)]  # one record: the file is the record
        if not isinstance(data[key], list):
            return [Skipped(shown, f"field '{key}' is {_kind(data[key])}, not a list of records")]
        try:
            publisher = _string(data, PUBLISHER_KEYS, named=True)
            if not publisher and "jsonfeed" in str(data.get("version", "")):
                publisher = _string(data, ("title",))  # a JSON Feed: its title names the site
        except BadRecord:
            publisher = ""
        data = data[key]
    if not isinstance(data, list):
        return [Skipped(shown, f"no records: the JSON is {_kind(data)}")]
    if not data:
        return [Skipped(shown, "no records in the file")]
    return [to_source(record, f"{shown}#{n}", publisher) for n, record in enumerate(data, start=1)]


def read_jsonl(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """A .jsonl file: one record per line, numbered by line; a line that is not JSON is skipped alone."""
    text = _decode(raw, shown, charset)
    if isinstance(text, Skipped):
        return [text]
    found: list[Source | Skipped] = []
    # Split on newlines only: str.splitlines() would also split at U+2028 inside a JSON string.
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{shown}#{n}"
        try:
            record = json.loads(line, parse_int=_number)
        except json.JSONDecodeError as err:
            found.append(Skipped(where, f"invalid JSON: {err.msg} (column {err.colno})"))
        except RecursionError:
            found.append(Skipped(where, "invalid JSON: nested too deeply"))
        except ValueError as err:  # e.g. an integer too long to convert
            found.append(Skipped(where, f"invalid JSON: {err}"))
        else:
            found.append(to_source(record, where))
    return found or [Skipped(shown, "no records in the file")]
