"""Properties of whole digests over generated inputs (hypothesis).

Sources are drawn from a small vocabulary of sentences about one invented story; some are shared
verbatim between sources, some come in near-duplicate variants (a word changed, a clause added),
and some sources carry web junk. Whatever the draw, a digest must quote its sources, credit only
sources that carry what it says, keep its budget, repeat nothing and be byte-for-byte repeatable.
"""

from __future__ import annotations

import pytest
from helpers import carries, near_duplicate_pairs, norm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import ALGORITHMS, NothingToSummarize, Source, summarize

BASE = [
    "The Marlow Bridge reopened to traffic on Monday after two years of repairs.",
    "Engineers replaced all 46 steel cables and rebuilt the cracked concrete deck.",
    "The repairs cost the county about $23 million, well above the first estimate.",
    "County executive Dana Whitfield cut a ribbon at the eastern end of the span.",
    "Local shop owners said the closure had cost them a third of their trade.",
    "Drivers faced a detour of almost 40 kilometres through the hill villages.",
    "Cyclists will have a separate lane protected by a low steel barrier.",
    "The old toll booths at the western end have been removed for good.",
    "Critics on the council blamed a dispute with the original contractor for delays.",
    "Inspectors will examine the new cables every six months for three years.",
    "About 18,000 vehicles a day crossed the bridge before it was closed.",
    "A brass band from the primary school played as the first cars crossed.",
]
VARIANTS = [
    # one word changed
    "The Marlow Bridge reopened to traffic on Tuesday after two years of repairs.",
    "Engineers replaced all 46 steel cables and rebuilt the damaged concrete deck.",
    # a clause added
    "Local shop owners said the closure had cost them a third of their trade, and some had closed for good.",
    "Cyclists will have a separate lane protected by a low steel barrier, a first for any bridge in the county.",
]
VOCAB = BASE + VARIANTS
TITLES = ["Marlow Bridge reopens after two years", "Kestrel Bay gets its bridge back at last", ""]
JUNK = [
    "Share this article",
    "Advertisement",
    "Copyright 2025 Valley Post. All rights reserved.",
    "Tags: bridge, roads",
]


@st.composite
def article(draw) -> str:
    picks = draw(st.lists(st.integers(0, len(VOCAB) - 1), min_size=1, max_size=8, unique=True))
    sentences = [VOCAB[i] for i in picks]
    paragraphs: list[str] = []
    for sentence in sentences:
        if paragraphs and draw(st.booleans()):
            paragraphs[-1] += " " + sentence
        else:
            paragraphs.append(sentence)
    title = draw(st.sampled_from(TITLES))
    junk = draw(st.lists(st.sampled_from(JUNK), max_size=2, unique=True))
    parts = ([title] if title else []) + paragraphs + junk
    return "\n\n".join(parts) + "\n"


sources_strategy = st.lists(article(), min_size=1, max_size=5)
budget_strategy = st.one_of(
    st.builds(lambda n: {"length": n}, st.integers(1, 8)),
    st.builds(lambda w: {"words": w}, st.integers(5, 150)),
)


def check_digest(texts: list[str], budget: dict, algorithm: str | None) -> None:
    make = lambda: summarize([Source.from_text(t) for t in texts], algorithm=algorithm, **budget)  # noqa: E731
    shortest = min(len(s.split()) for s in VOCAB if any(s in t for t in texts))
    if "words" in budget and budget["words"] < shortest:
        # No sentence fits: a usable input but nothing to say within the budget is an error (exit 1).
        with pytest.raises(NothingToSummarize, match="no sentence fits"):
            make()
        return
    digest = make()
    said = [s.text for s in digest.sentences]

    # Every sentence stands verbatim (white space normalised) in some source.
    for sentence in said:
        assert any(norm(sentence) in norm(t) for t in texts), sentence
        assert sentence in VOCAB, sentence  # whole sentences, never junk or fragments

    # Every credited source carries the sentence, or a near-duplicate covering its words.
    by_id = {s.id: s for s in digest.sources}
    for sentence in digest.sentences:
        assert sentence.sources, sentence.text
        for sid in sentence.sources:
            assert carries(by_id[sid].text, sentence.text), (sentence.text, sid, by_id[sid].text)

    # Sources that carry a sentence word for word are all credited for it.
    for sentence in digest.sentences:
        verbatim = {s.id for s in digest.sources if sentence.text in s.text}
        assert verbatim <= set(sentence.sources), (sentence.text, verbatim, sentence.sources)

    # The budget holds.
    if "words" in budget:
        assert digest.word_count <= budget["words"]
    else:
        assert len(said) <= budget["length"]

    # Nothing said twice.
    assert near_duplicate_pairs(said) == []

    # Same input, same bytes.
    assert make().to_json() == digest.to_json()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources_strategy, budget_strategy)
def test_digest_properties_default_algorithm(texts, budget):
    check_digest(texts, budget, None)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources_strategy, budget_strategy, st.sampled_from(sorted(ALGORITHMS)))
def test_digest_properties_any_algorithm(texts, budget, algorithm):
    check_digest(texts, budget, algorithm)


@settings(max_examples=30, deadline=None)
@given(sources_strategy)
def test_length_budget_is_filled_when_there_is_enough_to_say(texts):
    digest = summarize([Source.from_text(t) for t in texts], length=3)
    distinct_base = {s for t in texts for s in BASE if s in t}
    if len(distinct_base) >= 6:
        assert len(digest.sentences) == 3
    assert 1 <= len(digest.sentences) <= 3


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article(), min_size=1, max_size=8), budget_strategy, st.sampled_from(sorted(ALGORITHMS)))
def test_digest_properties_many_examples(texts, budget, algorithm):
    check_digest(texts, budget, algorithm)
