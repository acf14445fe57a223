"""summarize.sources.html: saved web pages to article text and metadata (trafilatura)."""

from __future__ import annotations

from pathlib import Path

from helpers import CABLE_CAR_PARAGRAPHS

from summarize import summarize
from summarize.sources import load
from summarize.sources.html import NO_ARTICLE, fragment_text

PARAGRAPHS = CABLE_CAR_PARAGRAPHS


def page(
    paragraphs: list[str] = PARAGRAPHS,
    *,
    head: str = "",
    charset: str = "utf-8",
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="{charset}">
<title>Cable car back in service | Kettleby Gazette</title>
<meta property="og:title" content="Kettleby cable car back in service after overhaul">
<meta property="og:site_name" content="Kettleby Gazette">
<meta name="author" content="Mora Finch">
<meta property="article:published_time" content="2025-05-17T08:15:00+01:00">
<link rel="canonical" href="https://gazette.example/news/cable-car-reopens">
{head}
<script>window.trackingId = "ZX-SCRIPT-TEXT-SHOULD-NOT-APPEAR";</script>
<style>.menu {{ color: red }}</style>
</head><body>
<header><nav class="menu"><ul>
<li><a href="/">Home</a></li><li><a href="/news">Regional News</a></li><li><a href="/weather">Weather Desk</a></li>
</ul></nav></header>
<div class="advert ad-slot" id="ad-top">Spring sale on garden sheds: half price this weekend only at Pennyworth's!</div>
<main><article>
<h1>Kettleby cable car back in service after overhaul</h1>
<p class="byline">By Mora Finch</p>
{body}
</article></main>
<aside class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/a">Ferry timetable changes announced for the summer season</a></li>
<li><a href="/b">Valley bakery wins national pie award for the third time</a></li>
</ul></aside>
<section id="comments" class="comments-area"><h3>3 comments</h3>
<div class="comment"><p>Rowan Tilly: I waited two hours in the queue and it was worth every minute.</p></div>
<div class="comment"><p>Garth Ebb: Another waste of county money on a ride for tourists, if you ask me.</p></div>
</section>
<footer><p>Copyright 2025 Kettleby Gazette. All rights reserved.</p></footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_article_text_without_navigation_ads_comments_or_related_links(tmp_path):
    path = write(tmp_path / "cable-car.html", page())
    loaded = load([path])
    assert loaded.skipped == ()
    (source,) = loaded.sources
    for paragraph in PARAGRAPHS:
        assert paragraph in source.text
    for junk in [
        "Weather Desk",
        "garden sheds",
        "Ferry timetable",
        "pie award",
        "Rowan Tilly",
        "waste of county",
        "ZX-SCRIPT",
        "color: red",
        "All rights reserved",
    ]:
        assert junk not in source.text, junk


def test_paragraphs_are_separated_by_blank_lines(tmp_path):
    (source,) = load([write(tmp_path / "a.html", page())]).sources
    blocks = source.text.split("\n\n")
    assert [b for b in blocks if b in PARAGRAPHS] == PARAGRAPHS
    assert all("\n" not in b for b in blocks)


def test_metadata_lands_in_the_source_fields(tmp_path):
    path = write(tmp_path / "a.html", page())
    (source,) = load([path]).sources
    assert source.path == str(path)
    assert source.title == "Kettleby cable car back in service after overhaul"
    assert source.publisher == "Kettleby Gazette"
    assert source.author == "Mora Finch"
    assert source.date == "2025-05-17"
    assert source.url == "https://gazette.example/news/cable-car-reopens"


def test_page_without_metadata_still_gives_its_text(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    (source,) = load([write(tmp_path / "bare.htm", f"<html><body><div>{body}</div></body></html>")]).sources
    assert source.text.split("\n\n") == PARAGRAPHS
    assert (source.publisher, source.author, source.date, source.url) == ("", "", "", "")


def test_the_same_page_read_many_times_gives_the_same_text_every_time(tmp_path):
    # No process-wide de-duplication: a page, or a paragraph, seen before is not dropped.
    paths = [write(tmp_path / f"copy{i}.html", page()) for i in range(5)]
    texts = [s.text for s in load(paths).sources]
    assert len(texts) == 5
    assert len(set(texts)) == 1
    assert all(PARAGRAPHS[0] in t for t in texts)


def test_pages_without_article_text_are_skipped_with_the_reason(tmp_path):
    write(tmp_path / "good.html", page())
    write(tmp_path / "scripts.html", "<html><head><script>var a = 1;</script></head><body><script>go()</script>")
    write(tmp_path / "nobody.html", "<html><head><title>Nothing here</title></head></html>")
    write(tmp_path / "empty.html", "")
    loaded = load([tmp_path])
    assert [Path(s.path).name for s in loaded.sources] == ["good.html"]
    reasons = {Path(k.path).name: k.reason for k in loaded.skipped}
    assert reasons == {"empty.html": NO_ARTICLE, "nobody.html": NO_ARTICLE, "scripts.html": NO_ARTICLE}


def test_binary_html_file_is_skipped_as_not_text(tmp_path):
    loaded = load([write(tmp_path / "x.html", bytes(range(256)) * 8)])
    assert loaded.sources == ()
    assert "not text" in loaded.skipped[0].reason


def test_declared_cp1252_page_decodes(tmp_path):
    text = "The fare is €4 – the operator’s “family” ticket is cheaper, said the café owner."
    html = page([*PARAGRAPHS[:3], text], charset="windows-1252").encode("cp1252")
    (source,) = load([write(tmp_path / "a.html", html)]).sources
    assert text in source.text


def test_utf16_page_with_byte_order_mark_decodes(tmp_path):
    html = page(charset="utf-16").encode("utf-16")
    (source,) = load([write(tmp_path / "a.html", html)]).sources
    assert PARAGRAPHS[1] in source.text
    assert "\ufeff" not in source.text and "\ufeff" not in source.title


def test_page_through_summarize_keeps_its_metadata(tmp_path):
    digest = summarize([write(tmp_path / "a.html", page())], length=2)
    (source,) = digest.sources
    assert (source.title, source.publisher, source.date) == (
        "Kettleby cable car back in service after overhaul",
        "Kettleby Gazette",
        "2025-05-17",
    )
    assert len(digest.sentences) == 2
    assert all(any(s.text in p for p in PARAGRAPHS) for s in digest.sentences)
    shown = digest.to_dict()["sources"][0]
    assert shown["path"] == str(tmp_path / "a.html")  # the path as given; the page's own address apart
    assert shown["url"] == "https://gazette.example/news/cable-car-reopens"
    assert shown["publisher"] == "Kettleby Gazette"


# --- fragments ---------------------------------------------------------------------------------


def test_fragment_text_makes_paragraphs_and_drops_scripts():
    fragment = (
        "<p>First   paragraph\n spans two source lines.</p><script>steal()</script>"
        "<p>Second &amp; last<br>with a break.</p><style>p{}</style>Loose tail<div><div>Nested block</div></div>"
    )
    assert fragment_text(fragment) == (
        "First paragraph spans two source lines.\n\nSecond & last\nwith a break.\n\nLoose tail\n\nNested block"
    )


def test_fragment_text_of_plain_text_is_the_text():
    assert fragment_text("  No markup at all.  ") == "No markup at all."
    assert fragment_text("") == ""
