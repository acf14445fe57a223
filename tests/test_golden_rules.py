"""The splitter on the English golden rules of a public sentence-boundary suite (bench.golden_rules)."""

from __future__ import annotations

import pytest

from bench.golden_rules import GOLDEN_RULES
from summarize.text import split_sentences

# "6 P.M. Mr. Smith" ends a sentence where "5 a.m. Mr. Smith" does not: only the sense tells them
# apart (pySBD fails it too).
NOT_PASSED = {17}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(*case, id=str(n), marks=[pytest.mark.xfail(strict=True)] if n in NOT_PASSED else [])
        for n, case in enumerate(GOLDEN_RULES)
    ],
)
def test_golden_rule(text, expected):
    assert split_sentences(text) == expected


def test_at_least_44_of_the_48_rules_pass():
    passed = sum(split_sentences(text) == expected for text, expected in GOLDEN_RULES)
    assert len(GOLDEN_RULES) == 48
    assert passed >= 44


@pytest.mark.parametrize(
    "text",
    [
        "Sens. Bob Kerrey, D-Neb., and John Kerry, D-Mass., voted against it.",
        "``Mr. Clinton will not resign,'' the aide said.",
        "Reps. Tom DeLay and Dick Armey met the president.",
    ],
)
def test_plural_titles_and_quoted_titles_do_not_split(text):
    assert split_sentences(text) == [text]


def test_a_company_abbreviation_before_a_pronoun_ends_the_sentence():
    assert split_sentences("Shares fell at Acme Inc. They rose again later.") == [
        "Shares fell at Acme Inc.",
        "They rose again later.",
    ]


def test_a_number_in_a_sentence_that_starts_with_one_is_no_list():
    text = "3 people were hurt in the blast on Monday. 2 of them are in hospital."
    assert split_sentences(text) == ["3 people were hurt in the blast on Monday.", "2 of them are in hospital."]


def test_the_splitting_benchmark_scores_boundaries_against_lines():
    from bench.splitting import boundaries, ours, rules_passed

    summaries = [["The river rose overnight.", "Roads were closed."], ["Sen. Bob Dole spoke on Monday."]]
    assert boundaries(ours(), summaries) == (100.0, 100.0, 100.0)
    joined = boundaries(lambda text: [text], summaries)  # a splitter that never splits
    assert joined == (0.0, 0.0, 50.0)
    assert rules_passed(ours()) == 47
