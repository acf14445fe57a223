"""The html format as a person sees it: rendered by headless Chromium, checked on its DOM."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from helpers import ARTICLES, SAMPLES

from summarize import summarize

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Collect(HTMLParser):
    """Links and external references of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "link", "iframe") and (attrs.get("src") or attrs.get("href")):
            self.external.append(attrs.get("src") or attrs.get("href"))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_html_is_one_standalone_page_with_every_sentence_and_source():
    digest = summarize([ARTICLES], length=4)
    page = digest.to_html()
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in page
    parsed = _Collect()
    parsed.feed(page)
    assert parsed.external == []  # no external assets
    for sentence in digest.sentences:
        assert html.escape(sentence.text) in page
    for source in digest.sources:
        assert f'id="source-{source.id}"' in page
        assert html.escape(source.title) in page
    files = {os.path.relpath(s.path) for s in digest.sources}  # read from files: short relative links
    assert all(link.startswith(("#source-", "http")) or link in files for link in parsed.links), parsed.links


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(tmp_path):
    digest = summarize([SAMPLES, ARTICLES], length=6)  # three stories, so three sections
    page = tmp_path / "digest.html"
    page.write_text(digest.to_html(), encoding="utf-8")
    profile = tmp_path / "profile"
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    rendered = re.findall(r"<li>(.*?) <span class=\"refs\">", dom, re.S)
    assert [html.unescape(r) for r in rendered] == [s.text for s in digest.sentences]
    cited = {i for s in digest.sentences for i in s.sources}
    for source in digest.sources:  # the source list names the sources the brief cites
        assert (f'id="source-{source.id}"' in dom) == (source.id in cited)
        if source.url and source.id in cited:
            assert f'href="{html.escape(source.url, quote=True)}"' in dom
    headings = [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", dom)]
    assert len(digest.stories) == 3
    assert headings == [story.headline for story in digest.stories if story.sentences] + ["Sources"]
    for phone, width in (("phone", 390), ("desktop", 1280)):
        shot = tmp_path / f"{phone}.png"
        subprocess.run(
            [*common, f"--screenshot={shot}", f"--window-size={width},900", page.as_uri()],
            capture_output=True,
            timeout=120,
        )
        assert shot.exists() and shot.stat().st_size > 5000  # a real picture, not a blank stub
