"""Saved web pages (.html, .htm): the article text with trafilatura, without navigation, ads,
comments or related links, and the page's title, site name, author and date where it has them.

`fragment_text` turns a piece of HTML (a feed entry's content, say) into plain paragraphs with
the standard library alone.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..models import Skipped, Source
from .text import Unusable, decode_bytes

NO_ARTICLE = "no article text found in the page"

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Only metadata and markup dates: a year in a copyright line is not a publication date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# trafilatura's leaning: on cleaning-dev, favouring recall keeps more of the article and less junk than
# its default or favouring precision (`python -m bench.cleaning --html-choices`; BENCHMARKS.md)
EXTRACTION = {"favor_recall": True}
# libxml2's HTML parser compares each attribute of a tag with all before it: one tag of 40,000
# attributes (370 KB) takes 32.5 s cpu to parse. No real tag has hundreds, so past this many a tag
# keeps its name and loses its attributes (they hold no article text).
MAX_ATTRIBUTES = 200
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:.-]*)(\s[^<>]{{{4 * MAX_ATTRIBUTES},}})>")  # room for that many
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE = re.compile(r"[^\s=/]+(?:\s*=\s*\S*)?")  # a name, and its value if it has one


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii") if match else None


def without_attribute_floods(page: str) -> str:
    """`page` with every tag of more than MAX_ATTRIBUTES attributes cut to its bare name."""

    def bare(match: re.Match) -> str:
        attributes = _ATTRIBUTE.findall(_QUOTED.sub('""', match.group(2)))
        return f"<{match.group(1)}>" if len(attributes) > MAX_ATTRIBUTES else match.group()

    return _LONG_TAG.sub(bare, page)


def paragraphs(text: str) -> str:
    """Text with one block per line turned into paragraphs separated by blank lines."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def read(raw: bytes, shown: str, *, url: str = "", charset: str | None = None) -> list[Source | Skipped]:
    """One page: one source with the article's text and metadata, or skipped with the reason."""
    try:
        page = decode_bytes(raw, charset or declared_charset(raw))
    except Unusable as err:
        return [Skipped(shown, str(err))]
    if not page.strip():
        return [Skipped(shown, NO_ARTICLE)]

    import trafilatura  # heavy: loaded only when a page is read

    try:
        document = trafilatura.bare_extraction(
            without_attribute_floods(page),
            url=url or None,
            include_comments=False,
            deduplicate=False,  # no process-wide memory of earlier pages: each page stands alone
            with_metadata=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            date_extraction_params=dict(_DATE_PARAMS),
            **EXTRACTION,
        )
    except Exception as err:  # a third-party parser on untrusted input: any failure skips the page
        return [Skipped(shown, f"the page could not be parsed ({type(err).__name__}: {err})")]
    text = paragraphs(document.text or "") if document is not None else ""
    if not text:
        return [Skipped(shown, NO_ARTICLE)]
    return [
        Source(
            text=text,
            title=_one_line(document.title),
            path=shown,
            publisher=_one_line(document.sitename),
            date=document.date or "",
            url=url or document.url or "",
            author=_one_line(document.author),
            extracted=True,
        )
    ]


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


_BREAK, _BLOCK = "\x00", "\x01"  # markers: a line break (<br>), a block boundary


class _TextOf(HTMLParser):
    """Text of an HTML fragment: blocks become paragraphs, scripts and styles are dropped."""

    BLOCKS = frozenset(
        "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
        "main nav ol p pre section table tbody td th thead tr ul".split()
    )
    HIDDEN = frozenset("script style noscript template svg iframe object head title".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        else:
            self.handle_startendtag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self.parts.append(_BREAK)
        elif tag in self.BLOCKS:
            self.parts.append(_BLOCK)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append(_BLOCK)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data.replace(_BREAK, " ").replace(_BLOCK, " "))


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment: blocks as paragraphs separated by blank lines, a <br> as a
    line break, other whitespace as in a browser."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    blocks = []
    for block in "".join(parser.parts).split(_BLOCK):
        lines = [" ".join(line.split()) for line in block.split(_BREAK)]
        if any(lines):
            blocks.append("\n".join(line for line in lines if line))
    return "\n\n".join(blocks)
