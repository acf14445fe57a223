"""Markdown files: the prose without the markup (headings, emphasis, links, lists, quotes, code)."""

from __future__ import annotations

import re

from ..models import Skipped, Source
from .dates import iso_date
from .text import Unusable, decode_bytes

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

_FENCE = re.compile(r"^\s*(```|~~~).*?^\s*\1\s*$", re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # a link target; one level of parentheses inside
_IMAGE = re.compile(r"!\[[^\[\]]*\]" + _TARGET)
_LINK = re.compile(r"\[([^\[\]]+)\]" + _TARGET)
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_LINK_DEFINITION = re.compile(r"^[ \t]*\[[^\[\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_SETEXT_RULE = re.compile(r"^\s*(=+|-+|\*+|_+)\s*$", re.MULTILINE)
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)([^\n]{1,300}?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
# Brackets exclude their own kind and emphasis spans stop at 300 characters, so that a line of
# thousands of unmatched "[" or "*" is scanned in linear time.


def to_plain(text: str) -> str:
    """Markdown source to plain text, line structure kept so cleaning can judge each line."""
    text = _FENCE.sub("", text)
    text = _COMMENT.sub("", text)
    text = _LINK_DEFINITION.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _HEADING.sub(r"\1", text)
    text = _SETEXT_RULE.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub("", text)
    for _ in range(2):  # nested emphasis
        text = _EMPHASIS.sub(r"\2", text)
    return _CODE.sub(r"\1", text)


def read(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """A Markdown input: one source, its prose without the markup; its front matter's `title:`,
    `date:` and `author:` are the source's (a leading `# Title` when the front matter has none)."""
    try:
        text = decode_bytes(raw, charset)
    except Unusable as err:
        return [Skipped(shown, str(err))]
    meta, text = front_matter(text)
    title, body = _leading_title(text)
    return [
        Source(
            text=to_plain(body),
            title=meta.get("title") or title,
            path=shown,
            url=url,
            date=iso_date(meta.get("date", "")),
            author=meta.get("author", ""),
        )
    ]


_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)^\1[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$")
MAX_FRONT_MATTER = 64 * 1024  # a block of metadata, not a document: longer is left as text


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The simple `key: value` fields of a leading YAML (`---`) or TOML (`+++`) block, keys
    lower-cased and values unquoted, and the text after it. Nested or list values are ignored:
    only one-line scalars (title, date, author) are wanted."""
    match = _FRONT_MATTER.match(text[: MAX_FRONT_MATTER + 8])
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(2).splitlines():
        field = _FIELD.match(line)
        if field and field.group(2) and field.group(1).lower() not in fields:
            fields[field.group(1).lower()] = _unquoted(field.group(2))
    return fields, text[match.end() :]


def _unquoted(value: str) -> str:
    """A scalar as YAML or TOML writes it: quotes removed, a trailing comment dropped."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    return value.split(" #", 1)[0].strip()


_LEADING_TITLE = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")


def _leading_title(text: str) -> tuple[str, str]:
    """The article's title when it opens with a top-level heading ("# Title"), and the rest."""
    match = _LEADING_TITLE.match(text)
    if not match:
        return "", text
    return to_plain(match.group(1)).strip(), text[match.end() :]
