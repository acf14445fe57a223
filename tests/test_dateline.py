"""summarize.dateline: wire datelines and slugs are cut from a paragraph's head, in cleaning."""

from __future__ import annotations

import pytest

from summarize.clean import clean
from summarize.dateline import strip_dateline
from summarize.models import Source


@pytest.mark.parametrize(
    ("paragraph", "sentence"),
    [
        (
            "CARACAS, Venezuela (AP) -- Voters lined up before dawn to choose a new president.",
            "Voters lined up before dawn to choose a new president.",
        ),
        (
            "PARIS _ The French government said on Monday that it would raise the fuel tax.",
            "The French government said on Monday that it would raise the fuel tax.",
        ),
        (
            "BEIDAIHE (Hebei), March 5 (Xinhua) -- China will build more rural roads this year.",
            "China will build more rural roads this year.",
        ),
        (
            "AUTISM-THERAPY (Undated) _ Parents of children with autism pin hopes on a hormone.",
            "Parents of children with autism pin hopes on a hormone.",
        ),
        (
            "PINE RIDGE, S.D. (AP) -- The tribal council voted on Monday to reopen the clinic.",
            "The tribal council voted on Monday to reopen the clinic.",
        ),
        (
            "LAS VEGAS _ Casino workers walked off the job at six hotels on the Strip.",
            "Casino workers walked off the job at six hotels on the Strip.",
        ),
        (
            "WASHINGTON (AP) - The Senate voted on Monday to extend the program for a year.",
            "The Senate voted on Monday to extend the program for a year.",
        ),
        (
            'BERLIN (AP) -- "We will not give in," the chancellor told the parliament on Friday.',
            '"We will not give in," the chancellor told the parliament on Friday.',
        ),
    ],
)
def test_a_dateline_head_is_cut_and_the_sentence_after_it_kept(paragraph, sentence):
    assert strip_dateline(paragraph) == sentence


@pytest.mark.parametrize(
    "paragraph",
    [
        "NATO - the alliance said on Monday it would send more ships to the area.",
        "The U.S. -- and its allies in the region -- said so on Monday.",
        "I - for one - do not agree with the council on this at all.",
        "US officials said on Monday that the talks would resume next week.",
        "ROME -- Italy",  # a heading, not a head before a sentence
        "The council met on Monday and voted to close the bridge for repairs.",
    ],
)
def test_text_that_is_no_dateline_head_is_left_alone(paragraph):
    assert strip_dateline(paragraph) == paragraph


def test_cleaning_cuts_the_dateline_of_every_paragraph():
    text = (
        "Storm closes the harbour\n\n"
        "KESTREL BAY, Maine (AP) -- A storm closed the harbour at Kestrel Bay on Monday night.\n\n"
        "PORTLAND, Maine _ Ferries to the islands were cancelled until Wednesday morning."
    )
    cleaned = clean(Source(id=1, path="storm.txt", title="", text=text))
    assert cleaned.text.split("\n\n") == [
        "A storm closed the harbour at Kestrel Bay on Monday night.",
        "Ferries to the islands were cancelled until Wednesday morning.",
    ]


def test_a_slug_then_a_dateline_are_both_cut():
    from summarize.dateline import strip_datelines

    assert strip_datelines(["CUBA-ELIAN _ MIAMI _ As both sides wait, the mayor flies to Washington."]) == [
        "As both sides wait, the mayor flies to Washington."
    ]
