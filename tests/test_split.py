"""Splitting a cleaned source into the sentences the pipeline pools."""

from __future__ import annotations

import pytest

from summarize.models import Source
from summarize.split import split_source, without_heading


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        (
            "BATTING AGAINST THE TIGERS Ana Ruiz: Slow curves get her out more often than not.",
            "Ana Ruiz: Slow curves get her out more often than not.",
        ),
        (
            "CHANGE YOUR LOCKS Ms. Okafor changes the locks whenever a tenant moves out.",
            "Ms. Okafor changes the locks whenever a tenant moves out.",
        ),
        (
            "SUNDAY'S STARTERS Lee Park: The best slider in the league this year.",
            "Lee Park: The best slider in the league this year.",
        ),
    ],
)
def test_a_heading_run_into_a_sentence_is_cut_off(text, sentence):
    assert without_heading(text) == sentence


@pytest.mark.parametrize(
    "text",
    [
        "NASA said on Monday that the launch would go ahead.",  # one word in capitals: a name
        "I AM Sam is a film the critics liked.",  # "I" opens no heading
        "U.S. NAVY Commander John Smith said so on Monday.",
        "THE END Came at last.",  # too little after it to be a sentence
        "The US and UK agreed on a plan.",
    ],
)
def test_capitals_that_are_no_heading_stay(text):
    assert without_heading(text) == text


def test_the_pooled_sentence_stands_in_the_source_without_its_heading():
    text = "The game began late. BATTING AGAINST THE TIGERS Ana Ruiz: Slow curves get her out more often than not."
    sentences = [s.text for s in split_source(Source(id=1, path="a.txt", text=text))]
    assert sentences == ["The game began late.", "Ana Ruiz: Slow curves get her out more often than not."]
    assert all(s in text for s in sentences)
