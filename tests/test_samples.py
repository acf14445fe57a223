"""The samples/ folder the project ships (invented articles on two stories, as text files, a saved
page, a feed and JSON records): `make run`."""

from __future__ import annotations

import pytest
from helpers import SAMPLES, miscredited, near_duplicate_pairs

from summarize import summarize
from summarize.clean import clean
from summarize.sources import load

PLANT = (
    "The 24-megawatt plant, built at a cost of $61 million, was originally due to open in November but was "
    "delayed after an October storm damaged the sea wall protecting its turbine hall."
)
JUNK = [
    "Share this article",
    "Advertisement",
    "Copyright",
    "All rights reserved",
    "Related stories",
    "library",  # the "Related stories" teasers: library hours, ferry timetable, trees
    "ferry",
    "trees",
    "Priya Nandakumar",  # the author bio
    "Facebook | Twitter",
    "By Jane Doe",
    "By Marcus Hale",
    "Photo:",
    "Sponsored",  # the saved page's advert, "Most read" teasers, byline and share links
    "cycle lanes",
    "gales",
    "Tomas Brandt",
    "Share on",
]
TIDAL = [1, 2, 3, 4, 5, 8]  # the five text files and the feed's second entry
RAIL = [6, 7, 9, 10]  # the saved page, the feed's first entry, the two JSON records


@pytest.fixture(scope="module")
def digest():
    assert SAMPLES.is_dir(), "samples/ ships with the project"
    return summarize([SAMPLES])


def test_default_digest_of_the_samples(digest):
    assert len(digest.sentences) == 10
    assert len(digest.sources) == 10
    assert digest.skipped == ()


def test_the_samples_give_two_sections_biggest_first(digest):
    assert [list(story.sources) for story in digest.stories] == [TIDAL, RAIL]
    assert [story.headline for story in digest.stories] == [
        "Tidal plant opens in Port Wrenley after storm delay",
        "Rail staff strike halts most Calder Valley trains",
    ]
    for story in digest.stories:
        assert story.sentences, story.headline
        for i in story.sentences:
            assert set(digest.sentences[i].sources) <= set(story.sources)
    flat = [i for story in digest.stories for i in story.sentences]
    assert flat == list(range(len(digest.sentences)))


def test_the_plant_sentence_is_credited_to_all_five_sources_that_carry_it(digest):
    (plant,) = [s for s in digest.sentences if s.text == PLANT]
    carriers = {s.id for s in digest.sources if PLANT in s.text}
    assert len(carriers) == 5
    assert plant.sources == tuple(sorted(carriers))


def test_digest_contains_no_junk(digest):
    for sentence in digest.sentences:
        assert [j for j in JUNK if j in sentence.text] == [], sentence.text


def test_cleaned_samples_contain_no_junk():
    for source in load([SAMPLES]).sources:
        cleaned = clean(source)
        assert [j for j in JUNK if j in cleaned.text] == [], source.path
        assert cleaned.title and cleaned.title not in cleaned.text


def test_sample_titles_are_the_headlines(digest):
    assert [s.title for s in digest.sources] == [
        "Tidal plant finally powers up in Port Wrenley",
        "Tidal plant opens in Port Wrenley after storm delay",
        "Lights on at last: town cheers tidal plant switch-on",
        "Port Wrenley tidal plant opens, months late and over budget",
        "Port Wrenley tidal array reaches the grid",
        "Rail staff strike halts most Calder Valley trains",
        "Rail strike: one train an hour as talks collapse",
        "Tidal plant powers up on the Calder Estuary",
        "Calder Valley rail strike begins after pay talks fail",
        "Rail union warns of more strike dates",
    ]
    assert [s.publisher for s in digest.sources[5:]] == ["The Valley Chronicle"] + ["Wrenley Radio News"] * 2 + [
        "Northern Wire"
    ] * 2


def test_dateline_is_gone_from_the_wire_story(digest):
    wire = digest.sources[1].text
    assert wire.startswith("A tidal power plant on the Calder Estuary began commercial operation on Tuesday")
    assert "(Coastline Wire)" not in wire


def test_repeated_paragraph_is_kept_once():
    herald = clean(next(s for s in load([SAMPLES]).sources if "northshore" in s.path))
    assert herald.text.count("The storm, named Ilse by forecasters") == 1


def test_broken_line_is_joined():
    post = clean(next(s for s in load([SAMPLES]).sources if "estuary-evening" in s.path))
    assert "would be watching the crab stocks closely." in post.text


def test_samples_digest_is_honest_and_not_repetitive(digest):
    assert miscredited(digest) == []
    assert near_duplicate_pairs([s.text for s in digest.sentences]) == []


def test_samples_digest_is_repeatable(digest):
    assert summarize([SAMPLES]).to_json() == digest.to_json()
