"""Render a digest as text for a terminal, Markdown for mail or chat, or JSON for programs."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from .formats import FORMATS as FORMATS  # re-exported: the names render() takes
from .formats import format_name
from .models import Digest, Explanation, Source, changed
from .shown import LONGEST_TITLE, NOT_AS_IS, address, json_safe, link, plain, visible


def _safe(digest: Digest, listed_only: bool = False) -> Digest:
    """The digest as a brief may show it, whatever the format: titles, publishers, authors and
    headlines as plain text without markup, every field free of control and bidi characters
    (escaped where they stood: a file name keeps its place, never forges a line). With
    `listed_only`, only the sources a brief lists (see `cited`) are made so, the others kept as
    they are: a text brief of 500,000 records lists a few dozen, and it is the only one it shows.
    So with story headlines: only those of stories given a sentence are shown."""
    from .models import DigestSentence, Story

    listed = {i for s in digest.sentences for i in s.sources} if listed_only and digest.sentences else None
    sources = tuple(s if listed is not None and s.id not in listed else _safe_source(s) for s in digest.sources)
    sentences = tuple(
        DigestSentence(text=visible(s.text), sources=s.sources, score=s.score, explain=_safe_why(s.explain))
        for s in digest.sentences
    )
    stories = tuple(  # with `listed_only`, a story given no sentence shows no headline: kept as it is
        Story(plain(t.headline), t.sentences, t.sources) if t.sentences or not listed_only else t
        for t in digest.stories
    )
    skipped = tuple(replace(k, path=visible(k.path), reason=visible(k.reason)) for k in digest.skipped)
    return replace(digest, sentences=sentences, sources=sources, stories=stories, skipped=skipped)


def _safe_source(source: Source) -> Source:
    """A source as a brief may show it: see `_safe`."""
    if _shown_as_is(source):
        return source
    return changed(
        source,
        title=plain(source.title),
        publisher=plain(source.publisher),
        author=plain(source.author),
        date=plain(source.date),
        path=visible(source.path),
        url=address(source.url) if _SCHEME.match(source.url) else visible(source.url.strip()),
    )


_SCHEME = re.compile(r"\s*[A-Za-z][\w+.-]*:")  # an address with a scheme (`https://`, `data:`): encoded as one
_NOT_IN_ADDRESSES = frozenset(" \"<>'`")  # what `address` percent-encodes besides those


def _shown_as_is(source: Source) -> bool:
    """Whether `_safe` would leave every field of `source` as it is (the usual source, checked by
    one search over them all rather than a rewrite of each): no markup or unsafe character, white
    space already single, an address with nothing to encode."""
    fields = (source.title, source.publisher, source.author, source.date)
    url = source.url
    return (
        not NOT_AS_IS.search("".join((*fields, source.path, url)))
        and all(len(f) <= LONGEST_TITLE and " ".join(f.split()) == f for f in fields)
        and url == url.strip()
        and (not _SCHEME.match(url) or _NOT_IN_ADDRESSES.isdisjoint(url))
    )


def _safe_why(why: Explanation | None) -> Explanation | None:
    """An explanation's texts (terms, copies, the sentence it beat) as a brief may show them."""
    if why is None:
        return None
    return replace(
        why,
        terms=tuple(replace(t, text=visible(t.text)) for t in why.terms),
        copies=tuple(replace(c, text=visible(c.text)) for c in why.copies),
        beat=visible(why.beat),
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _clipped(text: str, most: int = 70) -> str:
    return text if len(text) <= most else text[: most - 3].rstrip() + "..."


def why_line(why: Explanation) -> str:
    """The one line `--explain` puts under a sentence, in plain text: its score and place, the
    terms that carried it, how many sources and near-copies, what it beat for its seat."""
    parts = [f"score {why.score:.2f}, {_ordinal(why.rank)} of {why.candidates} in story {why.story + 1}"]
    if why.terms:
        terms = ", ".join(f"{t.text} ({t.sources})" for t in why.terms)
        parts.append(f"carried by: {terms}")
    copies = len(why.copies)
    carried = _plural(why.sources, "source", "sources")
    parts.append(f"in {carried}" + (f", standing for {_plural(copies, 'near-copy', 'near-copies')}" if copies else ""))
    if why.beat_score is not None:
        parts.append(f'beat: "{_clipped(why.beat)}" ({why.beat_score:.2f})')
    return "why: " + "; ".join(parts)


def _markers(ids: tuple[int, ...]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _source_line(source: Source) -> str:
    where = source.url or source.path
    parts = [source.title or where or f"source {source.id}"]
    if source.publisher:
        parts.append(source.publisher)
    if source.date:
        parts.append(source.date)
    line = ", ".join(parts)
    if where and where != parts[0]:
        line += f" ({where})"
    return line


def notice(digest: Digest) -> str:
    """What a brief says it left out because the reader had it already: sentences (reported by
    earlier briefs or holding nothing unread) and articles already read, each counted."""
    left_out = digest.settings.get("left_out", 0)
    articles = digest.settings.get("already_read", 0)
    parts = []
    if left_out:
        parts.append(f"{_plural(left_out, 'sentence', 'sentences')} already reported or read")
    if articles:
        parts.append(_plural(articles, "article", "articles") + " already read")
    if not parts:
        return ""
    said = " and ".join(parts)
    if not digest.sentences:
        return f"Nothing new since the last brief: {said}."
    return f"Only what is new: left out {said}."


def _plural(n: int, word: str, many: str) -> str:
    return f"{n} {word if n == 1 else many}"


def header(digest: Digest) -> str:
    """The brief's dated header line: its date, how many sources and stories it covers (empty
    for a digest that carries no date, e.g. one built by hand)."""
    when = digest.settings.get("date", "")
    if not when:
        return ""
    stories = _plural(len(digest.stories), "story", "stories")
    return f"Brief for {when}: {_plural(len(digest.sources), 'source', 'sources')}, {stories}"


def _sections(digest: Digest) -> list[tuple[str, list]]:
    """(headline, sentences) per story given a sentence; one untitled section for a digest built
    without stories."""
    if not digest.stories:
        return [("", list(digest.sentences))]
    return [
        (story.headline, [digest.sentences[i] for i in story.sentences]) for story in digest.stories if story.sentences
    ]


def _thousands(n: int) -> str:
    return f"{n:,}"


def more_stories(digest: Digest) -> str:
    """The line that ends the story list when stories got no sentence: how many, from how many sources."""
    left = [story for story in digest.stories if not story.sentences]
    if not left:
        return ""
    sources = len({i for story in left for i in story.sources})
    stories = "story" if len(left) == 1 else "stories"
    read = "source" if sources == 1 else "sources"
    return f"and {_thousands(len(left))} more {stories} from {_thousands(sources)} {read}"


def cited(digest: Digest) -> tuple[list[Source], int]:
    """The sources a brief's sentences cite, in id order, and how many more were read."""
    ids = {i for s in digest.sentences for i in s.sources}
    if not digest.sentences:
        return list(digest.sources), 0
    listed = [s for s in digest.sources if s.id in ids]
    return listed, len(digest.sources) - len(listed)


def _more_sources(more: int) -> str:
    return f"and {_thousands(more)} more {'source' if more == 1 else 'sources'} read" if more else ""


def to_text(digest: Digest) -> str:
    digest = _safe(digest, listed_only=True)
    lines = ([header(digest), ""] if header(digest) else []) + ([notice(digest), ""] if notice(digest) else [])
    sections = _sections(digest)
    for n, (title, sentences) in enumerate(sections):
        if len(sections) > 1:
            lines += ([""] if n else []) + [title, "-" * min(len(title), 72)]
        for s in sentences:
            lines.append(f"{s.text} {_markers(s.sources)}")
            lines += [f"  {why_line(s.explain)}"] if s.explain else []
    if more_stories(digest):
        lines += ["", more_stories(digest)]
    while lines and not lines[-1]:
        lines.pop()
    listed, more = cited(digest)
    if listed or more:  # a brief that says nothing is new has no sources to list
        lines += ["", "Sources:"]
    lines += [f"[{s.id}] {_source_line(s)}" for s in listed]
    lines += [_more_sources(more)] if more else []
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>]|&(?=#|[A-Za-z0-9]+;)")


def _md_escape(text: str) -> str:
    """Text that Markdown shows as it stands: every character that could open emphasis, a link,
    an image, raw HTML, an entity or code is backslash-escaped (one line: see `_safe`)."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def _md_code(text: str) -> str:
    """`text` as a Markdown code span, fenced with more backticks than any run inside it."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_target(url: str) -> str:
    """A link target that can't end early: spaces, brackets, quotes and the like percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in " ()<>[]\"'`\\" else c for c in url)


def to_markdown(digest: Digest) -> str:
    digest = _safe(digest, listed_only=True)
    lines = [f"**{_md_escape(header(digest))}**", ""] if header(digest) else []
    lines += [f"*{notice(digest)}*", ""] if notice(digest) else []
    for title, sentences in _sections(digest):
        if title:
            lines += [f"### {_md_escape(title)}", ""]
        for s in sentences:
            lines.append(f"- {_md_escape(s.text)} {_markers(s.sources)}")
            lines += [f"  - *{_md_escape(why_line(s.explain))}*"] if s.explain else []
        lines.append("")
    if more_stories(digest):
        lines += [f"*{more_stories(digest)}*", ""]
    listed, more = cited(digest)
    lines += ["**Sources**", ""] if listed or more else []
    for s in listed:
        title = _md_escape(s.title or s.path or f"source {s.id}")
        target = link(s.url)
        if target:
            entry = f"[{title}]({_md_target(target)})"
        elif s.url:  # an address that may not be a link (javascript:, data:...) is shown as code
            entry = f"{title} ({_md_code(s.url)})"
        elif s.path and s.path != "-" and s.title:
            entry = f"{title} ({_md_code(s.path)})"
        else:
            entry = title
        extra = ", ".join(x for x in (s.publisher, s.date) if x)
        # "[8] ..." as in the sentences' marks: a numbered list would be renumbered 1, 2, 3 ... by
        # Markdown when a source is not cited, and no longer match them.
        lines.append(f"- [{s.id}] {entry}" + (f", {_md_escape(extra)}" if extra else ""))
    if more:
        lines += ["", f"*{_more_sources(more)}*"]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def to_dict(digest: Digest) -> dict:
    """The JSON shape; `sentences`, `sources` and `skipped` keep their keys across versions.
    Paths, addresses and sentences are given as they are (`to_json` escapes what a terminal
    would act on); titles, publishers, authors and headlines are plain text."""
    plain_sources = {s.id: s for s in map(_safe_source, digest.sources)}
    headlines = [plain(t.headline) for t in digest.stories]
    return {
        "sentences": [_sentence_dict(s) for s in digest.sentences],
        "sources": [
            {
                "id": s.id,
                "path": s.path,
                "title": plain_sources[s.id].title,
                "publisher": plain_sources[s.id].publisher,
                "author": plain_sources[s.id].author,
                "date": plain_sources[s.id].date,
                "url": s.url,
            }
            for s in digest.sources
        ],
        "skipped": [{"path": k.path, "reason": k.reason} for k in digest.skipped],
        "stories": [
            {"headline": h, "sentences": list(t.sentences), "sources": list(t.sources)}
            for h, t in zip(headlines, digest.stories, strict=True)
        ],
        "settings": digest.settings,
    }


def _sentence_dict(sentence) -> dict:
    """A sentence's json object; with `--explain`, an `explain` object too."""
    out = {"text": sentence.text, "sources": list(sentence.sources), "score": sentence.score}
    why = sentence.explain
    if why is not None:
        out["explain"] = {
            "score": why.score,
            "rank": why.rank,
            "candidates": why.candidates,
            "story": why.story,
            "terms": [{"text": t.text, "sources": t.sources} for t in why.terms],
            "sources": why.sources,
            "copies": [{"source": c.source, "text": c.text} for c in why.copies],
            "beat": {"text": why.beat, "score": why.beat_score} if why.beat_score is not None else None,
        }
    return out


def to_json(digest: Digest) -> str:
    return json_safe(json.dumps(to_dict(digest), ensure_ascii=False, indent=2)) + "\n"


def to_html(digest: Digest, folder: str | None = None) -> str:
    """One standalone page (no external assets), readable on a phone and a desktop. `folder` is
    where the page will be saved (the current folder when None): file links are relative to it."""
    from datetime import date
    from html import escape

    from .html_words import words_for
    from .page import file_href, page, short_path

    digest = _safe(digest, listed_only=True)
    words = words_for(digest.settings.get("language", ""))

    def refs(ids: tuple[int, ...]) -> str:
        links = ",".join(f'<a href="#source-{i}">{i}</a>' for i in ids)
        return f'<span class="refs">[{links}]</span>'

    def source_item(source: Source) -> str:
        """Title (a link to the article where it has a web address), site, author and date,
        then the file it was read from as a short relative link."""
        path = short_path(source.path) if source.path and "://" not in source.path else source.path
        title = escape(source.title or path or f"source {source.id}")
        target = link(source.url) or (link(source.path) if source.path.startswith(("http://", "https://")) else "")
        entry = f'<a href="{escape(target, quote=True)}">{title}</a>' if target else title
        site = source.publisher or (_host(target) if target else "")
        extra = ", ".join(escape(x) for x in (site, source.author, source.date) if x)
        where = ""
        if source.url and not target:  # an address that may not be a link is shown as text
            where = f' <small class="where">{escape(source.url)}</small>'
        elif not target and source.title and path and path != "-":  # a file: a short link; an address: text
            href, shown = ("" if "://" in path else link(file_href(source.path, folder))), escape(path)
            linked = f'<a href="{escape(href, quote=True)}">{shown}</a>' if href else shown
            where = f' <small class="where">{linked}</small>'
        return f'<li id="source-{source.id}">{entry}{", " + extra if extra else ""}{where}</li>'

    today = digest.settings.get("date") or date.today().isoformat()
    heading = words.heading(today)
    counts = words.counts(len(digest.sources), len(digest.stories)) if digest.settings.get("date") else ""
    sections = []
    for title, sentences in _sections(digest):
        if not sentences:  # nothing new: no empty list
            continue
        items = "\n".join(
            f"<li>{escape(s.text)} {refs(s.sources)}"
            + (f'<br><small class="why">{escape(why_line(s.explain))}</small>' if s.explain else "")
            + "</li>"
            for s in sentences
        )
        story_heading = f"<h2>{escape(title)}</h2>\n" if title else ""
        sections.append(f'<section class="story">\n{story_heading}<ul class="digest">\n{items}\n</ul>\n</section>')
    if more_stories(digest):
        sections.append(f'<p class="more">{escape(more_stories(digest))}</p>')
    stories = "\n".join(sections)
    listed, more = cited(digest)
    sources = "\n".join(source_item(s) for s in listed)
    more_read = f'\n<p class="more">{escape(_more_sources(more))}</p>' if more else ""
    said = f"<p>{escape(notice(digest))}</p>" if notice(digest) else ""
    counted = f"<p>{escape(counts)}</p>" if counts else ""
    listing = (
        f'\n<section>\n<h2>{escape(words.sources)}</h2>\n<ol class="sources">\n{sources}\n</ol>{more_read}\n</section>'
        if listed or more
        else ""  # a brief that says nothing is new has no sources to list
    )
    body = f"""<header><h1>{escape(heading)}</h1>{counted}{said}</header>
{stories}{listing}"""
    return page(lang=words.code, title=heading, body=body, direction=words.direction)


def _host(url: str) -> str:
    """The site an address is on (`radio.example.org`), for a source that names no publisher."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def render(digest: Digest, fmt: str = "text", folder: str | None = None) -> str:
    """The digest in format `fmt` (one of FORMATS, or a short name such as `md`); `folder`: where
    an html page will be saved, for its file links (the current folder when None)."""
    name = format_name(fmt)
    if name == "html":
        return to_html(digest, folder)
    return {"text": to_text, "markdown": to_markdown, "json": to_json}[name](digest)
