"""Render a digest as text for a terminal, Markdown for mail or chat, or JSON for programs."""

from __future__ import annotations

import json

from .models import Digest, Source

FORMATS = ("text", "markdown", "json")


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


def to_text(digest: Digest) -> str:
    lines = [f"{s.text} {_markers(s.sources)}" for s in digest.sentences]
    lines += ["", "Sources:"]
    lines += [f"[{s.id}] {_source_line(s)}" for s in digest.sources]
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")


def to_markdown(digest: Digest) -> str:
    lines = [f"- {_md_escape(s.text)} {_markers(s.sources)}" for s in digest.sentences]
    lines += ["", "**Sources**", ""]
    for s in digest.sources:
        title = _md_escape(s.title or s.path or f"source {s.id}")
        if s.url:
            entry = f"[{title}]({s.url})"
        elif s.path and s.path != "-" and s.title:
            entry = f"{title} (`{s.path}`)"
        else:
            entry = title
        extra = ", ".join(x for x in (s.publisher, s.date) if x)
        lines.append(f"{s.id}. {entry}" + (f", {_md_escape(extra)}" if extra else ""))
    return "\n".join(lines) + "\n"


def to_dict(digest: Digest) -> dict:
    """The JSON shape; `sentences`, `sources` and `skipped` keep their keys across versions."""
    return {
        "sentences": [{"text": s.text, "sources": list(s.sources), "score": s.score} for s in digest.sentences],
        "sources": [
            {
                "id": s.id,
                "path": s.path,
                "title": s.title,
                "publisher": s.publisher,
                "author": s.author,
                "date": s.date,
                "url": s.url,
            }
            for s in digest.sources
        ],
        "skipped": [{"path": k.path, "reason": k.reason} for k in digest.skipped],
        "settings": digest.settings,
    }


def to_json(digest: Digest) -> str:
    return json.dumps(to_dict(digest), ensure_ascii=False, indent=2) + "\n"


def render(digest: Digest, fmt: str = "text") -> str:
    """The digest in format `fmt` (one of FORMATS)."""
    renderers = {"text": to_text, "markdown": to_markdown, "json": to_json}
    try:
        return renderers[fmt](digest)
    except KeyError:
        from .errors import UsageError

        raise UsageError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}") from None
