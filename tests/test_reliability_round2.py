"""Hostile inputs, round two: no script or forged line in a brief, no file destroyed, no crash,
no hang, nothing lost. Every input is made at test time; network tests use 127.0.0.1 only.

Each test names the case of RELIABILITY.md's round-two table it checks.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import REPO

from summarize import NothingToSummarize, Source, summarize
from summarize.shown import UNSAFE

SEA_WALL = (
    "The harbour council approved a new sea wall on Monday after a long debate in the town hall. "
    "Engineers said the wall would protect about four hundred homes from winter storms. "
    "Work is due to begin in the spring and should be finished within two years, the council said."
)
LIBRARY = (
    "The county library in Marsh End reopened on Saturday after a fire closed it for eight months. "
    "Volunteers carried more than twelve thousand books back onto the new shelves over three weekends. "
    "The head librarian said the reading room would now stay open until nine in the evening."
)
FORMATS = ("text", "markdown", "json", "html")
CLI_TIMEOUT = 60.0


def cli(*args: str, cwd: Path | None = None, timeout: float = CLI_TIMEOUT, stdin: str | None = None):
    """`python -m summarize ARGS` in a fresh interpreter, bounded by a timeout."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=timeout,
        input=stdin,
    )


def one_line_error(result) -> str:
    """The single stderr line of a failed run (and no traceback)."""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message"
    return lines[-1]


def feed(items: list[tuple[str, str, str]], channel: str = "Harbour Radio") -> str:
    """An RSS feed of (title, link, text) items; the title and link are XML-escaped as a feed would."""
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><description>{escape(x)}</description></item>"
        for t, u, x in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(channel)}</title>{body}</channel></rss>'


# --- security: what a brief shows --------------------------------------------------------------------

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https://ok.example/a) [evil](javascript:alert(1)",
    'https://ok.example/"><script>alert(1)</script>',
]
HOSTILE_TITLES = [
    "<b>Bold</b> claim",
    "<img src=x onerror=alert(1)> picture",
    "<script>alert('x')</script> scripted",
    "[evil](javascript:alert(1)) forged",
    "![img](https://evil.example/p.png) image",
    "Evil\u202etxt.exe title",
    "`code` and **bold** _under_",
]


def _hostile_feed(tmp_path: Path) -> Path:
    items = [(HOSTILE_TITLES[i % len(HOSTILE_TITLES)], u, SEA_WALL) for i, u in enumerate(HOSTILE_LINKS)]
    items += [(t, "https://ok.example/x", LIBRARY) for t in HOSTILE_TITLES]
    path = tmp_path / "hostile.rss"
    path.write_text(feed(items, channel="<b>Radio</b> <script>alert(2)</script>"), encoding="utf-8")
    return path


def _links_markdown(text: str) -> list[str]:
    """Every link target a Markdown reader would follow: inline links and images, autolinks
    (code spans hold none: their text is shown as it stands)."""
    text = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text)
    targets = re.findall(r"(?<!\\)\]\(([^)\s]*)", text)
    targets += re.findall(r"(?<!\\)<([a-zA-Z][\w+.-]*:[^<>\s]*)>", text)
    return targets


def test_only_http_links_in_html_and_markdown(tmp_path):
    """Case: javascript:, data:, vbscript:, file: links and a url that forges a Markdown link."""
    path = _hostile_feed(tmp_path)
    digest = summarize([path], length=20)
    html = digest.render("html")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "http://", "#source-")) for h in hrefs), hrefs
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>" not in html
    markdown = digest.render("markdown")
    for target in _links_markdown(markdown):
        assert target.startswith(("https://", "http://")), target
        assert "javascript" not in target.lower() or "%28" in target, target
    for form in ("text", "markdown"):
        shown = digest.render(form)
        for tag in ("<b>", "<img", "<script", "</script>"):
            assert tag not in shown.lower(), (form, tag)


def test_markdown_escapes_what_it_must(tmp_path):
    """Case: titles with Markdown syntax and raw HTML are shown as text."""
    source = Source.from_text(SEA_WALL, title="<em>x</em> [a](javascript:1) ![i](x) `c` *b* &lt;", url="https://o.ex/")
    markdown = summarize([source]).render("markdown")
    assert "<em>" not in markdown and "\\[a\\]" in markdown and "\\`c\\`" in markdown and "\\&lt;" in markdown


def test_file_names_cannot_forge_lines(tmp_path):
    """Case: a file named `evil\\nSources:\\n[9] forged.txt` and names with bidi overrides."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "evil\nSources:\n[9] forged.txt").write_text(SEA_WALL, encoding="utf-8")
    (folder / "good\u202etxt.exe.txt").write_text(LIBRARY, encoding="utf-8")
    (folder / "esc\x1b[31mred.txt").write_text(SEA_WALL.replace("Monday", "Tuesday"), encoding="utf-8")
    digest = summarize([folder])
    for form in FORMATS:
        shown = digest.render(form)
        assert not UNSAFE.sub("", shown.replace("\n", "")) != shown.replace("\n", ""), form
        assert "[9] forged.txt" not in shown.splitlines(), form
    text = digest.render("text")
    assert text.splitlines().count("Sources:") == 1
    assert sum(line.startswith("[") for line in text.split("Sources:\n")[1].splitlines()) == len(digest.sources)
    assert json.loads(digest.render("json"))["sources"]  # the JSON stays valid


def test_control_and_bidi_characters_never_reach_a_brief(tmp_path):
    """Case: U+202E and other controls in sentences, titles, publishers and addresses."""
    nasty = "\u202e\u2066\u200f\x1b[2J\x07\u2028\x85\x0c"
    text = SEA_WALL.replace("sea wall", f"sea{nasty}wall").replace("Engineers", f"Engi{nasty}neers")
    path = tmp_path / "items.json"
    records = [
        {"title": f"Sea{nasty} wall", "text": text, "source": f"Gaz{nasty}ette", "url": f"https://x.ex/{nasty}"},
        {"title": "Library", "text": LIBRARY, "author": f"A{nasty}B", "date": "2026-11-20"},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    digest = summarize([path])
    for form in FORMATS:
        shown = digest.render(form)
        assert not UNSAFE.search(shown.replace("\n", "")), (form, [c for c in shown if UNSAFE.match(c) and c != "\n"])
    assert any("four hundred homes" in s.text for s in digest.sentences)


# --- links out of the folder ------------------------------------------------------------------------


def test_links_to_files_outside_the_folder_are_not_followed(tmp_path):
    """Case: `ln -s /etc/passwd links/passwd.txt` (here a secret file outside the folder)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret password of the harbour master is swordfish and nobody knows it. " * 3)
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "article.txt").write_text(SEA_WALL)
    (folder / "inside.txt").symlink_to(folder / "article.txt")
    (folder / "passwd.txt").symlink_to(secret)
    digest = summarize([folder])
    assert not any("swordfish" in s.text for s in digest.sentences)
    skipped = {Path(k.path).name: k.reason for k in digest.skipped}
    assert "outside the folder" in skipped["passwd.txt"] and "--follow-links" in skipped["passwd.txt"]
    assert "inside.txt" not in skipped  # a link inside the folder is read (once: the same file)
    followed = summarize([folder], follow_links=True)
    assert "passwd.txt" not in {Path(k.path).name for k in followed.skipped}
    result = cli(str(folder), "--follow-links", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "passwd.txt" in result.stdout.split('"skipped"')[0]


def test_link_named_on_the_command_line_is_read(tmp_path):
    secret = tmp_path / "elsewhere.txt"
    secret.write_text(SEA_WALL)
    (tmp_path / "named.txt").symlink_to(secret)
    digest = summarize([tmp_path / "named.txt"])
    assert digest.sources


# --- a brief read back -------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMATS)
def test_own_briefs_and_state_are_not_read_back(tmp_path, form):
    """Case: a brief written into its own input folder, and the state file, read back next day."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(SEA_WALL)
    (folder / "b.txt").write_text(LIBRARY)
    suffix = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html"}[form]
    out, state = folder / f"brief{suffix}", folder / "state.json"
    first = cli(str(folder), "-f", form, "-o", str(out), "--state", str(state))
    assert first.returncode == 0, first.stderr
    renamed = folder / f"yesterday{suffix}"
    out.rename(renamed)
    digest = summarize([folder])
    reasons = {Path(k.path).name: k.reason for k in digest.skipped}
    assert "a brief this tool wrote" in reasons[renamed.name]
    assert "a --state file" in reasons["state.json"]
    again = cli(str(folder), "-f", "json", "-o", str(out), "--state", str(state))
    assert again.returncode == 0, again.stderr
    skipped = {Path(k["path"]).name: k["reason"] for k in json.loads(out.read_text())["skipped"]}
    assert "own --output or --state" in skipped["state.json"]
