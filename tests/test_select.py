"""summarize.select: best first, within a sentence or word budget, never repeating itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.select import Budget, eligible, select

TEXTS = [
    "The harbour council voted on Monday to build a new ferry terminal.",  # 12 words
    "Heavy rain flooded several streets in the northern suburbs overnight.",  # 10
    "The county fair will return to the riverside meadow in August.",  # 11
    "Engineers replaced all the steel cables on the old suspension bridge.",  # 11
    "A new bakery has opened on the corner of Mill Lane.",  # 11
    "Volunteers planted three thousand trees along the river path.",  # 9
]
SCORES = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]


def n_words(text: str) -> int:
    return len(text.split())


def test_sentence_budget_takes_the_best_sentences_best_first():
    assert select(TEXTS, SCORES, Budget(sentences=3)) == [0, 1, 2]


def test_scores_decide_not_input_order():
    scores = [0.1, 0.2, 0.9, 0.3, 0.8, 0.4]
    assert select(TEXTS, scores, Budget(sentences=2)) == [2, 4]


def test_sentence_budget_larger_than_the_input_takes_everything():
    assert sorted(select(TEXTS, SCORES, Budget(sentences=50))) == list(range(len(TEXTS)))


def test_word_budget_is_never_exceeded_and_sentences_are_whole():
    for limit in range(1, 70):
        chosen = select(TEXTS, SCORES, Budget(words=limit))
        assert sum(n_words(TEXTS[i]) for i in chosen) <= limit
        assert len(set(chosen)) == len(chosen)
        assert all(0 <= i < len(TEXTS) for i in chosen)


def test_word_budget_fills_with_what_fits():
    # 12 + 10 = 22; the third best (11 words) would pass 30, the sixth (9 words) fits.
    assert select(TEXTS, SCORES, Budget(words=31)) == [0, 1, 5]


def test_a_sentence_alone_over_the_budget_is_not_taken():
    long = (
        "The council said the new terminal, which will cost about forty million dollars, "
        "will open in the spring of next year."
    )
    short = "Heavy rain flooded several streets in the northern suburbs overnight."
    assert select([long, short], [1.0, 0.1], Budget(words=15)) == [1]
    assert select([long], [1.0], Budget(words=15)) == []


def test_both_budgets_apply_together():
    chosen = select(TEXTS, SCORES, Budget(sentences=2, words=100))
    assert chosen == [0, 1]
    chosen = select(TEXTS, SCORES, Budget(sentences=5, words=23))
    assert sum(n_words(TEXTS[i]) for i in chosen) <= 23 and len(chosen) <= 5


def test_redundant_sentences_are_not_both_chosen():
    a = "The harbour council voted on Monday to build a new ferry terminal on the east quay."
    b = "On Monday the harbour council voted to build a new ferry terminal on the east quay."
    c = "Heavy rain flooded several streets in the northern suburbs overnight."
    chosen = select([a, b, c], [1.0, 0.99, 0.1], Budget(sentences=3))
    assert chosen == [0, 2]


def test_redundancy_does_not_block_different_sentences_on_one_topic():
    a = "The harbour council voted on Monday to build a new ferry terminal."
    b = "Fishermen protested outside the town hall against the terminal plan."
    assert select([a, b], [1.0, 0.9], Budget(sentences=2)) == [0, 1]


def test_fragments_and_questions_wait_until_better_sentences_are_used():
    question = "Will the new ferry terminal on the east quay really be finished on time?"
    fragment = "Ferry terminal"
    good = "Heavy rain flooded several streets in the northern suburbs overnight."
    assert select([question, fragment, good], [1.0, 0.9, 0.1], Budget(sentences=1)) == [2]


def test_empty_input_chooses_nothing():
    assert select([], [], Budget(sentences=3)) == []
    assert select([], [], Budget(words=30)) == []


@pytest.mark.parametrize(
    "text, ok",
    [
        ("The harbour council voted on Monday to build a terminal.", True),
        ('"We will rebuild the pier by the spring," she said.', True),
        ("Rebuild it!", False),
        ("Will the council vote to build the new terminal on Monday?", False),
        ("A headline with no closing punctuation at all here", False),
        (" ".join(["word"] * 100) + ".", False),
    ],
)
def test_eligible(text, ok):
    assert eligible(text) is ok


_texts = st.lists(
    st.lists(
        st.sampled_from("harbour council ferry rain flood bridge bakery fair trees river storm vote".split()),
        min_size=1,
        max_size=20,
    ).map(lambda ws: " ".join(ws).capitalize() + "."),
    min_size=0,
    max_size=12,
)


@settings(max_examples=50, deadline=None)
@given(_texts, st.data(), st.integers(min_value=1, max_value=80))
def test_word_budget_property(texts, data, limit):
    scores = data.draw(st.lists(st.floats(0, 1), min_size=len(texts), max_size=len(texts)))
    chosen = select(texts, scores, Budget(words=limit))
    assert sum(n_words(texts[i]) for i in chosen) <= limit
    assert len(set(chosen)) == len(chosen)


def test_shortlist_keeps_the_heaviest_and_the_densest(monkeypatch):
    import summarize.select as select_module

    monkeypatch.setattr(select_module, "MAX_EXACT", 4)
    texts = [" ".join(["word"] * n) + "." for n in (10, 40, 12, 30, 8, 50, 9)]
    weights = [1.0, 5.0, 1.0, 4.0, 3.0, 6.0, 0.5]
    concept_sets = [frozenset({i}) for i in range(len(texts))]
    worth = {i: sum(weights[c] for c in concept_sets[i]) for i in range(len(texts))}
    kept = select_module._shortlist(list(range(len(texts))), worth, texts)
    assert kept == sorted(kept) and len(kept) == 4
    assert {5, 1} <= set(kept)  # the heaviest alone
    assert 4 in kept  # the heaviest per word (3.0 over 9 words)


def test_share_seats_guarantees_one_then_follows_size():
    from summarize.select import share_seats

    assert share_seats([6, 4, 3], 5, [True, True, True]) == [2, 2, 1]
    assert share_seats([6, 4, 3], 2, [True, True, True]) == [1, 1, 0]
    assert share_seats([10, 1, 1], 4, [True, False, False]) == [4, 0, 0]
    assert sum(share_seats([3, 2, 2, 1], 7, [True] * 4)) == 7


def test_share_seats_gives_what_a_story_cannot_use_to_the_others():
    from summarize.select import share_seats

    assert share_seats([1, 1], 3, [True, True], capacity=[1, 5]) == [1, 2]
    assert share_seats([6, 4, 3], 5, [True, True, True], capacity=[1, 1, 9]) == [1, 1, 3]
    assert share_seats([6, 4], 9, [True, True], capacity=[2, 3]) == [2, 3]  # no more than all there is
    assert share_seats([6, 4], 3, [True, True], capacity=[0, 3]) == [0, 3]


def test_merge_stories_shares_a_word_budget():
    from summarize.select import Budget, merge_stories

    texts = ["a b c d e", "f g h i j", "k l m", "n o p q r s t u", "v w"]
    picks = [[0, 1], [3, 2], [4]]
    taken = merge_stories(picks, texts, [5, 3, 1], [True, True, False], Budget(words=12))
    assert taken[0][0] == 0 and taken[1] and sum(len(texts[i].split()) for t in taken for i in t) <= 12
    assert merge_stories(picks, texts, [5, 3, 1], [True, True, True], Budget(sentences=2)) == [[0], [3], []]
