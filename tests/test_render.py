"""summarize.render: text with [n] markers and a source list, Markdown, and a stable JSON shape."""

from __future__ import annotations

import json

import pytest

from summarize import Digest, DigestSentence, Skipped, Source, UsageError
from summarize.models import Story

DIGEST = Digest(
    sentences=(
        DigestSentence("The Marlow Bridge reopened to traffic on Monday.", (1, 3), 0.91),
        DigestSentence("Cyclists get a separate *protected* lane [for the first time].", (2,), 0.5),
    ),
    sources=(
        Source(text="a", title="Marlow Bridge reopens", path="news/courier.txt", id=1),
        Source(text="b", title="", path="news/daily.txt", id=2),
        Source(
            text="c",
            title="Kestrel Bay gets its crossing back",
            path="",
            publisher="Valley Post",
            date="2025-04-14",
            url="https://example.org/valley",
            id=3,
        ),
    ),
    skipped=(Skipped("news/scan.pdf", "unsupported file type '.pdf'"),),
    settings={"algorithm": "centroid", "length": 10, "words": None, "language": "english"},
)


def test_text_has_markers_and_a_numbered_source_list():
    text = DIGEST.to_text()
    lines = text.splitlines()
    assert lines[0] == "The Marlow Bridge reopened to traffic on Monday. [1,3]"
    assert lines[1] == "Cyclists get a separate *protected* lane [for the first time]. [2]"
    assert lines[2] == ""
    assert lines[3] == "Sources:"
    assert lines[4] == "[1] Marlow Bridge reopens (news/courier.txt)"
    assert lines[5] == "[2] news/daily.txt"
    assert lines[6].startswith("[3] Kestrel Bay gets its crossing back")
    assert "Valley Post" in lines[6] and "2025-04-14" in lines[6] and "https://example.org/valley" in lines[6]
    assert len(lines) == 7
    assert text.endswith("\n")


def test_str_and_render_default_are_the_text_form():
    assert str(DIGEST) == DIGEST.render() == DIGEST.render("text") == DIGEST.to_text()


def test_markdown_lists_sentences_and_sources():
    md = DIGEST.to_markdown()
    lines = md.splitlines()
    assert lines[0] == "- The Marlow Bridge reopened to traffic on Monday. [1,3]"
    # Markdown specials in the sentence are escaped so they show as typed.
    assert lines[1] == "- Cyclists get a separate \\*protected\\* lane \\[for the first time\\]. [2]"
    assert "**Sources**" in lines
    assert "- [1] Marlow Bridge reopens (`news/courier.txt`)" in lines
    assert "- [2] news/daily.txt" in lines
    assert "- [3] [Kestrel Bay gets its crossing back](https://example.org/valley), Valley Post, 2025-04-14" in lines
    assert md == DIGEST.render("markdown")


def test_json_has_the_documented_keys_and_values():
    data = json.loads(DIGEST.to_json())
    assert {"sentences", "sources", "skipped"} <= set(data)
    assert [set(s) >= {"text", "sources", "score"} for s in data["sentences"]] == [True, True]
    assert data["sentences"][0] == {
        "text": "The Marlow Bridge reopened to traffic on Monday.",
        "sources": [1, 3],
        "score": 0.91,
    }
    assert data["sentences"][1]["sources"] == [2]
    assert all(set(s) >= {"id", "path", "title"} for s in data["sources"])
    assert [(s["id"], s["path"], s["title"]) for s in data["sources"]] == [
        (1, "news/courier.txt", "Marlow Bridge reopens"),
        (2, "news/daily.txt", ""),
        (3, "", "Kestrel Bay gets its crossing back"),
    ]
    assert [s["url"] for s in data["sources"]] == ["", "", "https://example.org/valley"]
    assert data["skipped"] == [{"path": "news/scan.pdf", "reason": "unsupported file type '.pdf'"}]
    assert data["settings"]["algorithm"] == "centroid"


def test_json_equals_to_dict_and_keeps_unicode():
    digest = Digest(
        sentences=(DigestSentence("Café owners in Zürich said trade was slow.", (1,), 1.0),),
        sources=(Source(text="x", title="Café", path="a.txt", id=1),),
    )
    raw = digest.to_json()
    assert "Café" in raw and "Zürich" in raw  # not \u-escaped
    assert json.loads(raw) == json.loads(json.dumps(digest.to_dict()))
    assert raw.endswith("\n")


def test_empty_digest_renders_in_every_format():
    empty = Digest(sentences=(), sources=(Source(text="x", title="T", id=1),))
    assert empty.to_text() == "\nSources:\n[1] T\n"
    assert json.loads(empty.to_json())["sentences"] == []
    assert "- [1] T" in empty.to_markdown()


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError) as err:
        DIGEST.render("pdf")
    assert "pdf" in str(err.value) and "html" in str(err.value)


def test_word_count_counts_whitespace_tokens():
    assert DIGEST.word_count == len(DIGEST.sentences[0].text.split()) + len(DIGEST.sentences[1].text.split())


@pytest.mark.parametrize("form", ["text", "markdown", "html", "json"])
def test_a_title_longer_than_any_real_one_is_cut_in_every_format(form):
    from summarize.shown import LONGEST_TITLE

    title = "Harbour " * 2_000
    digest = Digest(
        sentences=(DigestSentence("The Marlow Bridge reopened to traffic on Monday.", (1,), 0.9),),
        sources=(Source(text="a", title=title, publisher="Gazette " * 500, path="feed.xml#1", id=1),),
        skipped=(),
        settings=DIGEST.settings,
    )
    shown = digest.render(form)
    longest = max(len(line) for line in shown.splitlines())
    assert longest < 3 * LONGEST_TITLE + 200, longest  # title and publisher at most, each cut
    assert "Harbour..." in shown and "Gazette..." in shown and "Harbour " * 400 not in shown


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
def test_a_brief_makes_safe_only_the_sources_it_lists_and_shows_the_same(form, monkeypatch):
    """A text, Markdown or html brief lists only the sources its sentences cite: the others (all
    but a few dozen of 500,000 records) are not rewritten for showing, and the brief is the same
    as when every source is."""
    from summarize import render

    hostile = dict(title="<b>Bold</b> \u202etitle", publisher="Site\x1b[2J", url="javascript:alert(1)")
    sources = tuple(Source(text="t", path=f"r.json#{i}\nforged", id=i, **hostile) for i in range(1, 7))
    digest = Digest(
        sentences=(DigestSentence("The bridge reopened on Monday.", (2, 5), 0.9),),
        sources=sources,
        settings={"date": "2026-12-03", "language": "english"},
        stories=(Story("<i>Bridge</i> \u202ereopens", (0,), (2, 5)), Story("<b>Left</b> out\x1b", (), (1, 3))),
    )
    made_safe: list[int] = []
    safe_source, safe = render._safe_source, render._safe
    monkeypatch.setattr(render, "_safe_source", lambda s: made_safe.append(s.id) or safe_source(s))
    shown = digest.render(form)
    assert sorted(made_safe) == [2, 5]
    assert not any(bad in shown for bad in ("\u202e", "<i>", "<b>", "\x1b", "\nforged"))
    assert "more story from 2 sources" in shown
    monkeypatch.setattr(render, "_safe", lambda d, listed_only=False: safe(d))  # every source made safe
    assert digest.render(form) == shown
