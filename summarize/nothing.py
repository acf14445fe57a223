"""The brief written when nothing was usable: why, and what was skipped, in the brief's own form,
so a reader of the file (a mailer, a browser, a program) learns it as it would learn a brief."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Skipped
from .shown import visible


def _line(item: Skipped) -> str:
    return f"skipped {visible(item.path)}: {visible(item.reason)}"


def nothing(reason: str, fmt: str, skipped: Sequence[Skipped] = ()) -> str:
    """The brief of nothing in format `fmt`: `reason` (one line) and a line per skipped input."""
    reason = visible(reason)
    if fmt == "json":
        import json

        from .shown import json_safe

        listed = [{"path": s.path, "reason": s.reason} for s in skipped]
        data = {"sentences": [], "sources": [], "skipped": listed, "stories": [], "message": reason}
        return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    if fmt == "markdown":
        from .render import _md_escape

        lines = [f"**{_md_escape(reason)}**"]
        if skipped:
            lines += ["", *(f"- {_md_escape(_line(s))}" for s in skipped)]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        from html import escape

        from .page import page

        items = "".join(f"\n<li>{escape(_line(s))}</li>" for s in skipped)
        listed = f'\n<ul class="skipped">{items}\n</ul>' if skipped else ""
        body = f"<header><h1>Nothing to summarise</h1><p>{escape(reason)}</p></header>{listed}"
        return page(lang="en", title="Nothing to summarise", body=body)
    return "".join(f"{line}\n" for line in [reason, *map(_line, skipped)])
