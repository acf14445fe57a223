"""The standalone web page every html brief is written into: one style, no external assets."""

from __future__ import annotations

from html import escape

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
ol.sources .where{color:#6b6b70}
ul.skipped{font:.88rem/1.45 system-ui,sans-serif;color:#3a3a3c;word-break:break-word}
@media (max-width:30rem){body{font-size:16px}main{padding:1rem .8rem 2rem}}
"""


def page(*, lang: str, title: str, body: str) -> str:
    """A whole html document: `title` (plain text, escaped here) in the tab, `body` (html, already
    escaped by the caller) inside `<main>`, the page marked as written in `lang`."""
    return f"""<!DOCTYPE html>
<html lang="{escape(lang, quote=True)}">
<head>
<meta charset="utf-8">
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
