"""The standalone web page every html brief is written into: one style, no external assets."""

from __future__ import annotations

import os
from html import escape
from pathlib import PurePath

STYLE = """
body{margin:0;font:17px/1.55 Georgia,'Times New Roman',serif;color:#1d1d1f;background:#fafaf7}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1.1rem 3rem}
header h1{font:700 1.6rem/1.2 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 0 .3rem}
header p{margin:0;color:#6b6b70;font:.9rem system-ui,sans-serif}
section{margin-top:1.6rem}
section h2{font:600 1.15rem/1.3 system-ui,sans-serif;margin:0 0 .6rem;
  border-bottom:1px solid #e2e2dc;padding-bottom:.3rem}
ul.digest{padding-left:1.2rem}ul.digest li{margin:.55rem 0}
.refs{font:.78rem system-ui,sans-serif;white-space:nowrap}.refs a{color:#0b61a4;text-decoration:none}
ol.sources{font:.88rem/1.45 system-ui,sans-serif;color:#3a3a3c;padding-left:1.4rem}
ol.sources li{margin:.3rem 0;word-break:break-word}ol.sources a{color:#0b61a4}
ol.sources .where{color:#6b6b70;font-size:.8rem}
ul.digest .why{font:.78rem/1.4 system-ui,sans-serif;color:#6b6b70}
ul.skipped{font:.88rem/1.45 system-ui,sans-serif;color:#3a3a3c;word-break:break-word}
@media (max-width:30rem){body{font-size:16px}main{padding:1rem .8rem 2rem}}
"""


GENERATOR = '<meta name="generator" content="summarize">'  # how a brief met again as an input is known


def page(*, lang: str, title: str, body: str, direction: str = "ltr") -> str:
    """A whole html document: `title` (plain text, escaped here) in the tab, `body` (html, already
    escaped by the caller) inside `<main>`, the page marked as written in `lang` (and, for Arabic
    or Hebrew, right to left)."""
    rtl = ' dir="rtl"' if direction == "rtl" else ""
    return f"""<!DOCTYPE html>
<html lang="{escape(lang, quote=True)}"{rtl}>
<head>
<meta charset="utf-8">
{GENERATOR}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def short_path(path: str) -> str:
    """A file's path as a page shows it: as given when relative; an absolute one relative to the
    current folder when it lies inside it, else `.../folder/name`: a name to recognise, not a
    wall of absolute paths."""
    if not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:
        relative = ""
    if relative and not relative.startswith(".."):
        return relative
    parts = PurePath(path).parts
    return os.path.join("...", *parts[-2:]) if len(parts) > 3 else path


def file_href(path: str, folder: str | os.PathLike | None = None) -> str:
    """A relative link to the file `path` names (as given: relative to the current folder, or
    absolute) from a page saved in `folder` (the current folder when None), so a brief written
    elsewhere with `-o` still links to its files; percent-encoded, its `#n` entry mark kept.
    Empty when no relative path joins the two (another drive)."""
    from urllib.parse import quote

    file, mark, entry = path.rpartition("#") if "#" in path and path.rpartition("#")[2].isdigit() else (path, "", "")
    try:
        relative = os.path.relpath(os.path.abspath(file), os.path.abspath(folder or os.curdir))
    except ValueError:
        return ""
    # A name that is not UTF-8 (read with surrogate escapes) links by its own bytes.
    return quote(relative.replace(os.sep, "/"), safe="/", errors="surrogateescape") + (f"#{entry}" if mark else "")
