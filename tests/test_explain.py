"""`--explain` and `explain=True`: why each sentence made the brief, in every format."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_module
from helpers import SAMPLES

from summarize import Source, UsageError, summarize
from summarize.text import stem, words


@pytest.fixture(scope="module")
def explained():
    return summarize([SAMPLES], today="2026-11-24", explain=True)


def test_every_sentence_says_why_it_is_there(explained):
    assert explained.sentences
    for n, sentence in enumerate(explained.sentences):
        why = sentence.explain
        assert why is not None and why.score == sentence.score
        assert 1 <= why.rank <= why.candidates
        assert n in explained.stories[why.story].sentences
        assert why.sources == len(sentence.sources)
        assert len(why.copies) + 1 >= why.sources and all(copy.text for copy in why.copies)


def test_the_terms_are_the_sentences_own_and_widely_carried(explained):
    for sentence in explained.sentences:
        own = {stem(w) for w in words(sentence.text)}
        terms = sentence.explain.terms
        assert terms and all({stem(w) for w in t.text.split()} <= own for t in terms)
        counts = [t.sources for t in terms]
        assert counts == sorted(counts, reverse=True)
        story_sources = len(explained.stories[sentence.explain.story].sources)
        assert all(1 <= c <= story_sources for c in counts)


def test_what_it_beat_was_left_out_and_scored_no_higher(explained):
    chosen = {s.text for s in explained.sentences}
    beaten = [s.explain for s in explained.sentences if s.explain.beat_score is not None]
    assert beaten
    for why in beaten:
        assert why.beat not in chosen and why.beat_score <= why.score


def test_without_explain_nothing_changes():
    plain = summarize([SAMPLES], today="2026-11-24")
    explained = summarize([SAMPLES], today="2026-11-24", explain=True)
    assert all(s.explain is None for s in plain.sentences)
    assert [s.text for s in plain.sentences] == [s.text for s in explained.sentences]
    assert "explain" not in plain.to_json() and "why:" not in plain.to_text() + plain.to_markdown() + plain.to_html()


def test_explain_must_be_a_bool():
    with pytest.raises(UsageError, match="explain must be True or False"):
        summarize([SAMPLES], explain="yes")


def test_each_form_gives_a_short_line_under_each_sentence():
    for form, marker in (("text", "  why: score "), ("markdown", "  - *why: score "), ("html", 'class="why">why: ')):
        result = run_module("samples/", "-n", "4", "--explain", "-f", form)
        assert result.returncode == 0, result.stderr
        assert result.stdout.count(marker) == 4, (form, result.stdout)
    text = run_module("samples/", "-n", "4", "--explain").stdout.splitlines()
    for line, after in zip(text, text[1:], strict=False):
        if after.startswith("  why: "):
            assert re.search(r"\[[\d,]+\]$", line)  # right under its sentence


def test_json_gets_an_explain_object_per_sentence():
    result = run_module("samples/", "-n", "3", "--explain", "-f", "json")
    data = json.loads(result.stdout)
    for sentence in data["sentences"]:
        why = sentence["explain"]
        assert set(why) == {"score", "rank", "candidates", "story", "terms", "sources", "copies", "beat"}
        assert why["score"] == sentence["score"] and why["sources"] == len(sentence["sources"])
        assert all(set(t) == {"text", "sources"} for t in why["terms"])
        assert why["beat"] is None or set(why["beat"]) == {"text", "score"}


def test_explain_from_the_config_file(tmp_path):
    (tmp_path / "c.toml").write_text("explain = true\n")
    result = run_module("samples/", "-n", "2", "--config", str(tmp_path / "c.toml"))
    assert result.stdout.count("  why: ") == 2


def test_what_an_explanation_quotes_from_a_source_carries_no_markup():
    from summarize import Digest, DigestSentence
    from summarize.models import Copy, Explanation, Term

    evil = "<script>alert(1)</script> [x](javascript:alert(1)) \u202e\x1b[2J"
    why = Explanation(1.0, 1, 2, (Term(evil, 1),), 1, (Copy(1, evil),), 0, beat=evil, beat_score=0.5)
    digest = Digest(
        sentences=(DigestSentence("The council approved the wall.", (1,), 1.0, explain=why),),
        sources=(Source(text="The council approved the wall.", title="T", id=1),),
    )
    page, markdown, text = digest.to_html(), digest.to_markdown(), digest.to_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"(?<!\\)\]\(javascript", markdown) and "\\[x\\]" in markdown  # escaped: no link
    assert all("\u202e" not in form and "\x1b" not in form for form in (page, markdown, text))
    assert json.loads(digest.to_json())["sentences"][0]["explain"]["beat"]["text"].startswith("<script>")
