"""A sentence that leans on the one before it ("He ...", "But ...") comes with that sentence,
printed right before it, or not at all: in greedy selection, in the integer program, when
stories share a budget, in reading order, and end to end on the samples."""

from __future__ import annotations

from itertools import combinations

from helpers import SAMPLES

from bench import readability
from summarize import summarize
from summarize.ilp import INFINITY, Program
from summarize.models import Group, Sentence
from summarize.order import leaning_after, reading_order
from summarize.select import Budget, choosable, cover, merge_stories, select

NAMED = "The mayor of Harwick, Anna Berg, opened the new river bridge on Monday morning."
LEANING = "She said the bridge had cost 40 million crowns and would carry 9,000 cars a day."
OTHER = "Heavy rain flooded several streets in the northern suburbs of Harwick overnight."


def test_a_leaning_sentence_may_be_chosen_only_when_the_one_it_leans_on_may_be():
    assert choosable([NAMED, LEANING], {1: 0}) == [True, True]
    assert choosable([NAMED, LEANING], {}) == [True, False]
    assert choosable(["Brown.", LEANING], {1: 0}) == [False, False]  # it leans on a scrap


def test_greedy_selection_takes_a_leaning_sentence_only_after_its_own():
    texts = [NAMED, LEANING, OTHER]
    assert select(texts, [0.5, 1.0, 0.1], Budget(sentences=2), after={1: 0}) == [0, 1]
    assert select(texts, [0.5, 1.0, 0.9], Budget(sentences=2)) == [2, 0]  # without the link: never


def test_the_integer_program_takes_a_leaning_sentence_with_its_own_or_not_at_all():
    texts = [NAMED, LEANING, OTHER]
    sets = [frozenset({0}), frozenset({1, 2}), frozenset({3})]
    weights = [1.0, 5.0, 5.0, 2.0]
    # Two seats: the leaning sentence is worth most, so it comes with the one it leans on.
    assert sorted(cover(sets, weights, texts, Budget(sentences=2), after={1: 0})) == [0, 1]
    assert sorted(cover(sets, weights, texts, Budget(sentences=2))) == [0, 2]
    # One seat: a pair does not fit, so the leaning sentence is left out.
    assert cover(sets, weights, texts, Budget(sentences=1), after={1: 0}) == [2]


def test_only_one_leaning_sentence_follows_each():
    second = "He said the old ferry would stop running at the end of the month, after 80 years."
    texts = [NAMED, LEANING, second]
    sets = [frozenset({0}), frozenset({1}), frozenset({2})]
    chosen = cover(sets, [1.0, 5.0, 4.0], texts, Budget(sentences=3), after={1: 0, 2: 0})
    assert sorted(chosen) == [0, 1]


def test_stories_sharing_a_budget_take_a_leaning_sentence_right_after_its_own():
    texts = [NAMED, LEANING, OTHER, "Ferry services across the estuary were cancelled for the rest of the week."]
    # Story 0 ranks the leaning sentence first; it is still taken only after the one it leans on.
    taken = merge_stories([[1, 0], [2, 3]], texts, [5, 3], [True, True], Budget(sentences=3), {1: 0})
    assert taken == [[0, 1], [2]]
    assert merge_stories([[1, 0], [2, 3]], texts, [5, 3], [True, True], Budget(sentences=1), {1: 0}) == [[0], []]


def _group(text: str, source: int, index: int) -> Group:
    sentence = Sentence(text=text, source_id=source, paragraph=0, index=index)
    return Group(representative=sentence, members=(sentence,), credited=(source,))


def test_reading_order_puts_a_leaning_sentence_right_after_its_own():
    groups = [_group(NAMED, 1, 3), _group(OTHER, 2, 0), _group(LEANING, 1, 4), _group(OTHER + " Again.", 2, 3)]
    assert leaning_after(groups) == {2: 0}
    assert reading_order(groups, [1.0, 1.0, 1.0, 1.0]) == [1, 0, 3, 2]  # by position alone
    assert reading_order(groups, [1.0, 1.0, 1.0, 1.0], {2: 0}) == [1, 0, 2, 3]
    assert reading_order(groups, [1.0, 1.0, 1.0, 1.0], {2: 0}, lead=0) == [0, 2, 1, 3]  # it leads with its own


def test_the_program_is_solved_exactly():
    # A knapsack of 5 items, brute-forced: the solver's choice is the best.
    gains, sizes, room = [6.0, 5.0, 4.0, 3.0, 2.0], [5.0, 4.0, 3.0, 2.0, 1.0], 7.0
    program = Program(gains=gains, n_binary=5)
    program.add(list(range(5)), sizes, -INFINITY, room)
    values = program.solve(gap=0.0)
    chosen = {k for k in range(5) if values[k] > 0.5}
    best = max(
        (set(c) for n in range(6) for c in combinations(range(5), n) if sum(sizes[k] for k in c) <= room),
        key=lambda c: sum(gains[k] for k in c),
    )
    assert sum(gains[k] for k in chosen) == sum(gains[k] for k in best)
    infeasible = Program(gains=[1.0], n_binary=1, lower={0})
    infeasible.add([0], [1.0], -INFINITY, 0.0)
    assert infeasible.solve() is None


def test_the_benchmark_does_not_count_a_sentence_read_right_after_its_own():
    source = f"{NAMED} {LEANING} {OTHER}"
    assert not readability.dangles(LEANING, NAMED, [source])
    assert readability.dangles(LEANING, OTHER, [source])
    assert readability.dangles(LEANING)
    got = readability.measure([[NAMED, LEANING], [OTHER, LEANING]], [[source], [source]])
    assert got.dangling == 1


def test_every_leaning_sentence_of_the_samples_brief_comes_right_after_its_own():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.iterdir())]
    for length in (3, 6, 10):
        digest = summarize([SAMPLES], length=length)
        before = None
        for sentence in digest.sentences:
            assert not readability.dangles(sentence.text, before, texts), sentence.text
            before = sentence.text
    leaning = summarize([SAMPLES])
    assert any(readability.dangles(s.text) for s in leaning.sentences)  # the samples do hold such a pair
