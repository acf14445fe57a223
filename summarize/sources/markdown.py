"""Markdown files: the prose without the markup (headings, emphasis, links, lists, quotes, code)."""

from __future__ import annotations

import re

from ..models import Skipped, Source
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
    """A Markdown input: one source, its prose without the markup."""
    try:
        text = decode_bytes(raw, charset)
    except Unusable as err:
        return [Skipped(shown, str(err))]
    title, body = _leading_title(text)
    return [Source(text=to_plain(body), title=title, path=shown, url=url)]


_LEADING_TITLE = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")


def _leading_title(text: str) -> tuple[str, str]:
    """The article's title when it opens with a top-level heading ("# Title"), and the rest."""
    match = _LEADING_TITLE.match(text)
    if not match:
        return "", text
    return to_plain(match.group(1)).strip(), text[match.end() :]
