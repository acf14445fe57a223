"""The public API: summarize(inputs, ...) -> Digest."""

from __future__ import annotations

import json

import pytest
from helpers import miscredited, near_duplicate_pairs, norm, sentences_of

import summarize as package
from summarize import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    Digest,
    DigestSentence,
    NothingToSummarize,
    Source,
    SummarizeError,
    UsageError,
    summarize,
)

WIRE = "The Marlow Bridge reopened to traffic on Monday after two years of repairs that cost the county $23 million."
CABLES = "Engineers replaced all 46 steel cables and rebuilt the concrete deck, which had cracked during the floods."

A = Source.from_text(
    "Marlow Bridge reopens after two years of repairs\n\n"
    f"{WIRE}\n\n{CABLES}\n\n"
    "The bridge carries about 18,000 vehicles a day between Kestrel Bay and the port of Hollins.\n\n"
    "Local shop owners said the closure had cost them about a third of their trade.\n",
    publisher="Kestrel Courier",
    date="2025-04-14",
)
B = Source.from_text(
    f"{WIRE}\n\n{CABLES}\n\n"
    "During the closure, drivers faced a detour of almost 40 kilometres through the hill villages.\n\n"
    "Commuter Lena Fischer said her daily drive to work would now take twenty minutes instead of an hour.\n",
    title="Hollins drivers welcome the bridge",
    url="https://example.org/hollins",
)
C = Source.from_text(
    f"{WIRE}\n\n"
    "Cyclists will have a separate lane on the bridge for the first time, protected by a low steel barrier.\n\n"
    "Critics on the county council said the project had run a full year late because of a contract dispute.\n",
    path="valley-post.txt",
)


def test_summarize_in_memory_sources():
    digest = summarize([A, B, C])
    assert isinstance(digest, Digest)
    assert all(isinstance(s, DigestSentence) for s in digest.sentences)
    texts = [s.text for s in digest.sentences]
    assert WIRE in texts
    (wire,) = [s for s in digest.sentences if s.text == WIRE]
    assert wire.sources == (1, 2, 3)
    (cables,) = [s for s in digest.sentences if s.text == CABLES]
    assert cables.sources == (1, 2)


def test_digest_sources_are_numbered_in_input_order_with_their_metadata():
    digest = summarize([A, B, C])
    assert [s.id for s in digest.sources] == [1, 2, 3]
    a, b, c = digest.sources
    assert a.title == "Marlow Bridge reopens after two years of repairs"  # found in the text
    assert (a.publisher, a.date) == ("Kestrel Courier", "2025-04-14")
    assert b.title == "Hollins drivers welcome the bridge"  # given
    assert b.url == "https://example.org/hollins"
    assert c.title == "valley-post"  # no headline: the file name stands in
    assert digest.skipped == ()


def test_digest_sources_hold_the_cleaned_text():
    digest = summarize([A, B, C])
    # The headline became the title and left the text; paragraphs are separated by blank lines.
    assert digest.sources[0].text.startswith(WIRE + "\n\n" + CABLES)
    assert digest.sources[1].text.startswith(WIRE + "\n\n" + CABLES)


def test_digest_fields_and_settings():
    digest = summarize([A, B, C], length=3, algorithm="centroid")
    assert len(digest.sentences) == 3
    assert digest.settings["algorithm"] == "centroid"
    assert digest.settings["length"] == 3
    assert digest.settings["words"] is None
    assert digest.word_count == sum(len(s.text.split()) for s in digest.sentences)
    ids = {s.id for s in digest.sources}
    for sentence in digest.sentences:
        assert sentence.sources and set(sentence.sources) <= ids
        assert isinstance(sentence.score, float)


def test_default_length_is_ten(articles):
    digest = summarize([articles])
    assert len(digest.sentences) == 10
    assert digest.settings["length"] == 10
    assert digest.settings["algorithm"] == DEFAULT_ALGORITHM


def test_default_algorithm_is_used_when_none_is_given(articles):
    assert summarize([articles]).to_json() == summarize([articles], algorithm=DEFAULT_ALGORITHM).to_json()


def test_length_budget(articles):
    for n in (1, 4, 7):
        assert len(summarize([articles], length=n).sentences) == n


@pytest.mark.parametrize("budget", [12, 25, 40, 80])
def test_words_budget_is_never_exceeded(articles, budget):
    digest = summarize([articles], words=budget)
    assert digest.word_count <= budget
    assert digest.sentences  # every fixture sentence fits in 25 words, the shortest in 12
    assert digest.settings["words"] == budget


def test_words_budget_alone_lifts_the_sentence_cap(articles):
    digest = summarize([articles], words=400)
    assert len(digest.sentences) > 10
    assert digest.word_count <= 400


def test_sentences_are_whole_sentences_of_the_sources(articles):
    digest = summarize([articles], words=60)
    for sentence in digest.sentences:
        assert any(norm(sentence.text) in norm(src.text) for src in digest.sources)


def test_every_credit_is_earned(articles):
    digest = summarize([articles], length=20)
    assert miscredited(digest) == []


def test_no_two_digest_sentences_repeat_each_other(articles):
    digest = summarize([articles], length=20)
    assert near_duplicate_pairs([s.text for s in digest.sentences]) == []


def test_single_source_not_in_a_list():
    digest = summarize(A, length=2)
    assert len(digest.sources) == 1
    assert all(s.sources == (1,) for s in digest.sentences)


def test_path_objects_and_strings_are_both_accepted(articles):
    assert summarize(articles).to_json() == summarize(str(articles)).to_json()


def test_unknown_algorithm_is_a_usage_error():
    with pytest.raises(UsageError) as err:
        summarize([A], algorithm="magic")
    assert "magic" in str(err.value)
    assert isinstance(err.value, SummarizeError)


@pytest.mark.parametrize("kwargs", [{"length": 0}, {"length": -3}, {"words": 0}, {"words": -1}])
def test_bad_budget_is_a_usage_error(kwargs):
    with pytest.raises(UsageError):
        summarize([A], **kwargs)


def test_nothing_usable_is_nothing_to_summarize():
    with pytest.raises(NothingToSummarize) as err:
        summarize([Source.from_text(""), Source.from_text("Share this article\nAdvertisement\n")])
    assert err.value.exit_code == 1
    assert "\n" not in str(err.value)


def test_no_inputs_is_nothing_to_summarize():
    with pytest.raises(NothingToSummarize):
        summarize([])


def test_unusable_in_memory_source_is_reported_as_skipped():
    empty = Source.from_text("", title="Empty one")
    digest = summarize([A, empty])
    assert [s.title for s in digest.sources] == ["Marlow Bridge reopens after two years of repairs"]
    assert len(digest.skipped) == 1
    assert "no usable text" in digest.skipped[0].reason


def test_same_input_twice_gives_identical_json(articles):
    first = summarize([articles, A, B])
    second = summarize([articles, A, B])
    assert first.to_json() == second.to_json()
    assert first.to_text() == second.to_text()
    json.loads(first.to_json())


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_every_algorithm_through_the_api_is_deterministic_and_honest(name, articles, offline):
    first = summarize([articles], algorithm=name, length=5)
    assert first.to_json() == summarize([articles], algorithm=name, length=5).to_json()
    assert 1 <= len(first.sentences) <= 5
    assert first.settings["algorithm"] == name
    assert miscredited(first) == []


def test_summary_sentences_come_in_reading_order():
    # Reading order: by where a sentence first stands in any source (lead facts first).
    digest = summarize([A, B, C], length=20)
    texts = [s.text for s in digest.sentences]
    assert texts[0] == WIRE
    firsts = [
        min(i for src in digest.sources for i, s in enumerate(sentences_of(src.text)) if s == text) for text in texts
    ]
    assert firsts == sorted(firsts)


def test_public_names_are_exported():
    for name in (
        "summarize",
        "Source",
        "Digest",
        "DigestSentence",
        "Skipped",
        "ALGORITHMS",
        "DEFAULT_ALGORITHM",
        "UsageError",
        "NothingToSummarize",
        "SummarizeError",
    ):
        assert hasattr(package, name)
        assert name in package.__all__


def test_progress_reports_each_stage_and_finishes():
    seen: list[tuple[str, int, int]] = []
    summarize(
        [Source.from_text("The bridge reopened on Monday after two years of repairs. Engineers replaced the cables.")],
        length=1,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    stages = [s for s, _, _ in seen]
    assert stages[0] == "reading" and stages[-1] == "done"
    assert {"cleaning", "collapsing", "ranking"} <= set(stages)
    assert all(0 <= done <= total for _, done, total in seen)


def test_source_ids_are_one_based_in_reading_order_and_unusable_ones_are_skipped():
    sources = [
        Source.from_text("The ferry resumed service on Monday after the storm passed the coast.", title="A"),
        Source.from_text("Share this article", title="Junk only"),
        Source.from_text("Harbour officials said the ferry would run a reduced timetable all week.", title="C"),
    ]
    digest = summarize(sources, length=2)
    assert [(s.id, s.title) for s in digest.sources] == [(1, "A"), (2, "C")]
    assert [k.reason for k in digest.skipped] == ["no usable text after cleaning"]
