"""What a reader gets: whole sentences only, none leaning on a sentence left out, of a usual
length under a sentence budget; a short question leads with its answer; the readability
measures of the benchmark."""

from __future__ import annotations

import pytest

from bench import readability
from summarize.query import asks_one_thing, best_answer, relevance
from summarize.select import Budget, eligible, leans_on_previous, select, words_for

GOOD = "Heavy rain flooded several streets in the northern suburbs overnight."


@pytest.mark.parametrize("scrap", ["Brown.", "``Mr.", "Now!", "MORE", "Of course!", "``Go ahead.''"])
def test_a_scrap_never_fills_what_is_left_of_a_word_budget(scrap):
    # GOOD takes 10 of the 12 words; only the scrap would fit in the rest.
    assert select([GOOD, scrap], [0.5, 1.0], Budget(words=12)) == [0]


@pytest.mark.parametrize(
    "text",
    [
        "But industry observers say the plan will not survive the winter.",
        "And starting April 30, the ferry will leave every hour from the quay.",
        "He was arrested Oct. 16 at his home in the northern suburbs.",
        "His deputy is a police officer who joined the force in 1990.",
        '"They will not build it," said the mayor on Monday evening.',
        "However, the council voted against the plan by six votes to four.",
        "Others announce their own plans for the quay later this month.",
    ],
)
def test_a_sentence_that_leans_on_the_one_before_is_not_chosen(text):
    assert leans_on_previous(text) and not eligible(text)
    assert select([text, GOOD], [1.0, 0.1], Budget(sentences=1)) == [1]


@pytest.mark.parametrize(
    "text",
    [
        "The council voted against the plan by six votes to four.",
        "Heavy rain flooded the streets, but the bridge stayed open.",
        "Hector Ruiz, the mayor, said the ferry would run again in May.",
        "Theirs is the oldest bakery in town, said the owner on Monday.",
    ],
)
def test_a_sentence_that_opens_on_its_own_subject_stands_alone(text):
    assert not leans_on_previous(text.replace("Theirs", "Ours"))
    assert eligible(text) is (not text.startswith("Theirs"))


def test_only_scraps_still_give_a_brief():
    assert select(["Now!", "MORE"], [0.2, 0.9], Budget(sentences=1)) == [1]


def test_a_sentence_budget_holds_the_words_of_that_many_usual_sentences():
    texts = [" ".join(["word"] * n) + "." for n in (10, 20, 30)] + ["Brown."]
    assert words_for(Budget(sentences=4), texts) == Budget(sentences=4, words=80)
    assert words_for(Budget(words=50), texts) == Budget(words=50)
    assert words_for(Budget(sentences=2, words=50), texts) == Budget(sentences=2, words=50)


def test_rare_question_words_count_more_than_the_words_every_sentence_shares():
    texts = [
        "The ferry company said the ferry would run again in May.",
        "The ferry company has more than 800 passengers a day.",
        "The ferry company said its boats were old.",
    ]
    scores = relevance(texts, "How many passengers does the ferry company carry?")
    assert scores[1] > scores[0] == scores[2] > 0
    assert best_answer(texts, "How many passengers does the ferry company carry?", [True] * 3) == 1
    assert best_answer(texts, "What about the weather?", [True] * 3) is None
    assert relevance(texts, "") == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("sentence", "fragment", "prefix", "dangles"),
    [
        ("The council voted on Monday to close the bridge.", False, False, False),
        ("Brown.", True, False, False),
        ("A headline with no closing punctuation at all", True, False, False),
        ("PARIS _ The French government said on Monday it would act.", False, True, False),
        ("CARACAS, Venezuela (AP) -- Voters lined up before dawn on Sunday.", False, True, False),
        ("But the council voted on Monday to keep the bridge open.", False, False, True),
        ('"They will not build it," the mayor said on Monday.', False, False, True),
    ],
)
def test_the_benchmark_measures(sentence, fragment, prefix, dangles):
    assert readability.is_fragment(sentence) is fragment
    assert readability.has_prefix(sentence) is prefix
    assert readability.dangles(sentence) is dangles


def test_the_benchmark_summary_of_digests():
    got = readability.measure([["The council voted on Monday to close the bridge.", "Brown."], ["But no."]])
    assert (got.sentences, got.max_words, got.fragments, got.dangling) == (3, 9, 2, 1)
    assert got.mean_words == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("query", "one"),
    [
        ("How many users does WeChat have?", True),
        ("ferry passengers", True),
        ("Discuss the ferry service. Include its costs and its passengers.", False),
        ("Ferry service\n\nDescribe the ferry service. Who uses it?", False),
    ],
)
def test_a_question_of_one_sentence_asks_one_thing(query, one):
    assert asks_one_thing(query) is one
