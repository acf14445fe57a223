"""summarize.rank.concept_table, summarize.rank.concepts and select.cover: the concepts a story's
candidates carry, what they weigh, and the exact choice of the sentences covering the most."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.rank import Candidates
from summarize.rank import concepts as C
from summarize.rank.concept_table import FEATURES, WORD_FEATURES, bigrams, table
from summarize.rank.concepts import POSITION_DECAY, extract, query_stems
from summarize.select import Budget, cover, eligible
from summarize.text import stem, stop_words, words

TEXTS = [
    "The central bank raised interest rates on Tuesday.",
    "The central bank raised interest rates again, the third rise this year.",
    "Shares fell after the central bank announced the decision.",
    "A new bakery opened on the corner of Mill Lane in 2024.",
]


def candidates(texts=TEXTS, occurrences=None, query="", titles=None) -> Candidates:
    occurrences = occurrences or [((k + 1, k),) for k in range(len(texts))]
    return Candidates(
        texts=texts,
        sources=[places[0][0] for places in occurrences],
        positions=[places[0][1] for places in occurrences],
        support=[len({s for s, _ in places}) for places in occurrences],
        titles=titles or {},
        occurrences=occurrences,
        query=query,
    )


def column(name: str) -> int:
    return FEATURES.index(name)


def gram(a: str, b: str) -> tuple[str, str]:
    return (stem(a), stem(b))


def test_every_bigram_of_each_candidate_and_no_pair_of_stop_words():
    t = table(candidates(), POSITION_DECAY, frozenset())
    assert t.grams == sorted(t.grams)
    for text, ids in zip(TEXTS, t.item_grams, strict=True):
        assert {t.grams[i] for i in ids.tolist()} == bigrams(text)
    assert ("on", "the") not in t.grams and gram("central", "bank") in t.grams


def test_a_bigram_counts_its_sources_their_best_votes_and_its_earliest_sentence():
    # Source 1 holds "central bank" at sentences 0 and 2 (its vote is the earlier one's), source
    # 2 at sentence 4; the second candidate stands in both sources.
    occurrences = [((1, 2),), ((1, 0), (2, 4)), ((3, 1),), ((4, 0),)]
    t = table(candidates(occurrences=occurrences), POSITION_DECAY, frozenset())
    k = t.grams.index(gram("central", "bank"))
    assert t.gram_sources[k] == 3
    votes = 1.0 + 1 / (1 + POSITION_DECAY * 4) + 1 / (1 + POSITION_DECAY)
    assert math.isclose(t.gram_votes[k], votes)
    row = t.gram_features[k]
    assert math.isclose(row[column("log_sources")], math.log1p(3))
    assert math.isclose(row[column("earliest")], 1.0)  # sentence 0 of source 1
    assert row[column("in_first")] == 1.0
    assert math.isclose(row[column("log_sentences")], math.log1p(4))  # 1 + 2 places + 1
    assert t.n_sources == 4


def test_stop_words_titles_and_the_question_are_marked():
    t = table(candidates(titles={1: "Central bank raises rates"}), POSITION_DECAY, query_stems("Discuss the shares."))
    row = t.gram_features[t.grams.index(gram("the", "central"))]
    assert row[column("has_stop")] == 1.0 and row[column("in_title")] == 0.0
    row = t.gram_features[t.grams.index(gram("central", "bank"))]
    assert row[column("has_stop")] == 0.0 and row[column("in_title")] == 1.0 and row[column("query")] == 0.0
    assert t.gram_features[t.grams.index(gram("shares", "fell")), column("query")] == 1.0
    assert t.word_features[t.words.index(stem("shares")), WORD_FEATURES.index("query")] == 1.0


def test_content_words_leave_out_stop_words_and_bare_numbers():
    t = table(candidates(), POSITION_DECAY, frozenset())
    bakery = {t.words[i] for i in t.item_words[3].tolist()}
    assert bakery == {stem(w) for w in ("bakery", "opened", "corner", "mill", "lane")}  # "new" is a stop word


def test_an_empty_story_has_no_concepts():
    t = table(candidates(texts=["", "..."]), POSITION_DECAY, frozenset())
    assert t.grams == [] and t.words == []
    assert [len(ids) for ids in t.item_grams] == [0, 0]


def naive_counts(texts, occurrences):
    """Per bigram: the sources carrying it, their best votes summed, its earliest sentence index."""
    stops = stop_words("english")
    found: dict[tuple[str, str], dict[int, float]] = {}
    earliest: dict[tuple[str, str], int] = {}
    for text, places in zip(texts, occurrences, strict=True):
        toks = words(text)
        grams = {(stem(a), stem(b)) for a, b in zip(toks, toks[1:], strict=False) if not (a in stops and b in stops)}
        for g in grams:
            earliest[g] = min(earliest.get(g, 1 << 30), min(i for _, i in places))
            for source, index in places:
                vote = 1 / (1 + POSITION_DECAY * index)
                found.setdefault(g, {})
                found[g][source] = max(found[g].get(source, 0.0), vote)
    return found, earliest


VOCABULARY = "the bank rates rose fell and of a shares new city council 2024 it".split()
place = st.tuples(st.integers(1, 4), st.integers(0, 6))
story = st.lists(
    st.tuples(st.lists(st.sampled_from(VOCABULARY), max_size=8), st.lists(place, min_size=1, max_size=3)),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(story)
def test_counts_match_a_plain_count(items):
    texts = [" ".join(ws) for ws, _ in items]
    occurrences = [tuple(places) for _, places in items]
    t = table(candidates(texts=texts, occurrences=occurrences), POSITION_DECAY, frozenset())
    found, earliest = naive_counts(texts, occurrences)
    assert t.grams == sorted(found)
    for k, g in enumerate(t.grams):
        assert t.gram_sources[k] == len(found[g])
        assert math.isclose(t.gram_votes[k], sum(found[g].values()))
        assert math.isclose(t.gram_features[k, column("earliest")], 1 / (1 + earliest[g]))


def test_a_bigram_more_sources_carry_weighs_more():
    texts = [
        "Storms closed the harbour road overnight.",
        "Storms closed the harbour road, police said.",
        "Storms closed the harbour road and two schools.",
        "A council meeting was held on the budget.",
    ]
    concepts = extract(candidates(texts=texts, occurrences=[((k + 1, 3),) for k in range(4)]))
    worth = concepts.worth()
    assert worth[0] > worth[3]  # its bigrams are shared by three sources, the council's by none


def test_folding_keeps_each_candidates_worth_and_leaves_one_concept_of_its_own():
    c = candidates()
    concepts = extract(c)
    t = table(c, POSITION_DECAY, frozenset())
    n = t.n_sources
    gram_weights = n * C._probability(t.gram_features, C.GRAM_MODEL)
    word_weights = C.WORD_SCALE * n * C._probability(t.word_features, C.WORD_MODEL)
    own = C._own_weights(c)
    for k in range(len(TEXTS)):
        unfolded = gram_weights[t.item_grams[k]].sum() + word_weights[t.item_words[k]].sum() + own[k]
        assert math.isclose(concepts.worth()[k], unfolded)
    carriers = Counter(i for s in concepts.sets for i in s)
    assert all(sum(carriers[i] == 1 for i in s) <= 1 for s in concepts.sets)
    assert len(concepts.weights) < len(t.grams) + len(t.words)


def test_a_question_raises_the_concepts_it_names():
    plain = extract(candidates()).worth()
    asked = extract(candidates(query="What happened to shares?")).worth()
    assert asked[2] / asked[0] > plain[2] / plain[0]


def brute_force_one(concepts, texts, words_left=None):
    worth = concepts.worth()
    fits = [
        i
        for i, t in enumerate(texts)
        if eligible(t) and concepts.sets[i] and (words_left is None or len(t.split()) <= words_left)
    ]
    return max(worth[i] for i in fits)


def test_one_seat_takes_the_heaviest_sentence_that_fits():
    texts = TEXTS[:3] + ["The central bank raised interest rates on Tuesday, and shares fell after the decision."]
    concepts = extract(candidates(texts=texts))
    worth = concepts.worth()
    (best,) = cover(concepts.sets, concepts.weights, texts, Budget(sentences=1))
    assert worth[best] == brute_force_one(concepts, texts)
    (short,) = cover(concepts.sets, concepts.weights, texts, Budget(sentences=1, words=10))
    assert len(texts[short].split()) <= 10 and worth[short] == brute_force_one(concepts, texts, 10)


def test_cover_holds_the_budget_and_never_repeats_a_sentence():
    concepts = extract(candidates())
    for budget in (Budget(sentences=2), Budget(words=20), Budget(sentences=3, words=25)):
        chosen = cover(concepts.sets, concepts.weights, TEXTS, budget)
        assert len(chosen) == len(set(chosen))
        assert budget.sentences is None or len(chosen) <= budget.sentences
        assert budget.words is None or sum(len(TEXTS[i].split()) for i in chosen) <= budget.words
