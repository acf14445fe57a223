"""The tool's own files met as inputs: briefs (any format) and --state files.

A brief written into the folder it summarises would be read back the next day as a source (its
sentences crediting themselves), and a state file would be read as a record. Both are known by
how the tool starts them, and skipped with that reason.
"""

from __future__ import annotations

import re

_SIGNATURES = (
    # text and Markdown briefs: the dated header line
    (re.compile(rb"\A(?:\*\*)?Brief for \d{4}-\d{2}-\d{2}: \d+ sources?, \d+ stor(?:y|ies)(?:\*\*)?\r?\n"), "a brief"),
    # the brief written with --output when nothing was usable (text, Markdown)
    (re.compile(rb"\A(?:\*\*)?nothing to summarise: [^\n]*\n"), "a brief"),
    # HTML briefs (every language, and the page of nothing usable), then those of earlier versions
    (
        re.compile(
            rb'\A<!DOCTYPE html>\n<html [^>\n]*>\n<head>\n<meta charset="utf-8">\n'
            rb'<meta name="generator" content="summarize">'
        ),
        "a brief",
    ),
    (re.compile(rb"\A<!DOCTYPE html>\n<html lang=\"[\w-]+\">\n<head>\n(?:.*\n){2}<title>Brief, "), "a brief"),
    # JSON briefs (also the one written when nothing was usable)
    (re.compile(rb'\A\{\n  "sentences": \['), "a brief"),
    # --state files
    (re.compile(rb'\A\{\s*"version": \d+,\s*"reported": \['), "a --state file"),
    (re.compile(rb"\ASUMMARIZE-STATE \d+\n"), "a --state file"),
)


def own_output(raw: bytes) -> str | None:
    """What the tool's own file `raw` is ("a brief", "a --state file"), or None for any other input."""
    head = raw[:512].removeprefix(b"\xef\xbb\xbf")
    for pattern, what in _SIGNATURES:
        if pattern.match(head):
            return what
    return None
