"""The state: what the reader has read, remembered between briefs (round trip, pruning, locking),
and briefs that then give only what is new (a re-listed feed, a re-filed copy, the header's counts)."""

from __future__ import annotations

import json
from datetime import date
from xml.sax.saxutils import escape

import pytest
from conftest import run_module

from summarize import Source, State, UsageError, summarize
from summarize.rank.concepts import concept_keys
from summarize.state import locked

STORIES = {
    "bridge": "The harbour bridge reopened on Monday after two years of repairs costing 40 million euros. "
    "Engineers replaced every cable and the steel deck of the old crossing.",
    "school": "The city council approved a new primary school for the eastern district on Tuesday. "
    "Building work on the school starts in March and should end next year.",
    "storm": "A winter storm cut power to thousands of homes along the coast overnight. "
    "Crews restored electricity to most streets by the afternoon.",
    "market": "The central market will open on Sundays from next month, its managers said. "
    "Stall holders voted for the change after a year of debate.",
    "museum": "The national museum received a collection of medieval maps from a private donor. "
    "The maps go on show in the west wing in the spring.",
}


def test_a_state_round_trips_through_its_file(tmp_path):
    state = State()
    state.remember([("a.txt", "First text."), ("", "Second text.")], [1, 2, 3, 3], date(2026, 11, 1))
    path = tmp_path / "state"
    state.save(path, date(2026, 11, 2))
    again = State.load(path)
    assert (again.sources, again.concepts) == (2, 3)
    assert again.read_on("First   text.") == date(2026, 11, 1)  # whitespace does not make a text new
    assert again.read_on("Third text.") is None
    assert again.read_count([1, 3, 4]).tolist() == [1, 2, 0]
    assert again.seen_at("a.txt") and not again.seen_at("b.txt")
    assert State.load(tmp_path / "absent").sources == 0  # no file yet: nothing read


def test_pruning_forgets_what_was_read_more_than_keep_days_ago(tmp_path):
    state = State(keep_days=30)
    state.remember([("old.txt", "Old text.")], [1, 2], date(2026, 10, 1))
    state.remember([("new.txt", "New text.")], [2, 5], date(2026, 11, 20))
    state.save(tmp_path / "state", date(2026, 11, 24))
    kept = State.load(tmp_path / "state")
    assert kept.read_on("Old text.") is None and kept.read_on("New text.") == date(2026, 11, 20)
    assert kept.read_count([1, 2, 5]).tolist() == [0, 2, 1]  # 2 was read again within the month
    short = State(keep_days=3)
    short.remember([("new.txt", "New text.")], [5], date(2026, 11, 20))
    short.prune(date(2026, 11, 24))
    assert short.sources == 0 and short.concepts == 0


def test_the_least_read_concepts_go_first_beyond_the_cap():
    state = State(max_concepts=2)
    state.remember([], [7, 8, 8, 9], date(2026, 11, 1))
    state.remember([], [9], date(2026, 11, 2))
    state.prune(date(2026, 11, 2))
    assert state.read_count([7, 8, 9]).tolist() == [0, 2, 2]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"SUMMARIZE-STATE 2\nPK\x03\x04 cut short", b"\x00\x01\x02", b'{"reported": [1]}', b"\xff\xfe"],
)
def test_a_corrupt_state_is_one_line_that_says_how_to_start_afresh(tmp_path, content):
    path = tmp_path / "state"
    path.write_bytes(content)
    with pytest.raises(UsageError) as raised:
        State.load(path)
    message = str(raised.value)
    assert "state file" in message and "delete it to start afresh" in message and "\n" not in message


def test_a_version_1_state_counts_its_sentences_as_read(tmp_path):
    path = tmp_path / "state.json"
    sentence = "The harbour bridge reopened on Monday after two years of repairs."
    path.write_text(json.dumps({"version": 1, "reported": [{"date": "2026-11-20", "text": sentence}]}))
    state = State.load(path)
    assert state.read_count(sorted(concept_keys(sentence))).min() == 1


def test_the_lock_file_is_gone_after_a_run(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "bridge.txt").write_text(STORIES["bridge"])
    state = tmp_path / "state"
    result = run_module(str(folder), "--state", str(state))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news", "state"]
    with locked(state):
        assert (tmp_path / ".state.lock").exists()
    assert not (tmp_path / ".state.lock").exists()


def _feed(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>https://news.example/{title}</link>"
        f"<description>{escape(text)}</description></item>"
        for title, text in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{entries}</channel></rss>'


def test_a_re_listed_feed_gives_only_its_new_items(tmp_path):
    """Yesterday's three items listed again with two new ones: the brief is about the two new ones."""
    feed, state = tmp_path / "feed.xml", tmp_path / "state"
    yesterday = [(k, STORIES[k]) for k in ("bridge", "school", "storm")]
    feed.write_text(_feed(yesterday))
    first = summarize([feed], length=3, state=state, today="2026-11-30")
    assert len(first.sources) == 3
    feed.write_text(_feed(yesterday + [(k, STORIES[k]) for k in ("market", "museum")]))
    today = summarize([feed], length=3, state=state, today="2026-12-01")
    assert sorted(s.title for s in today.sources) == ["market", "museum"]
    assert [s.reason for s in today.skipped] == ["already read on 2026-11-30"] * 3
    assert today.settings["already_read"] == 3
    assert all(any(w in s.text for w in ("market", "Stall", "maps")) for s in today.sentences)
    assert today.to_text().splitlines()[2] == "Only what is new: left out 3 articles already read."


def test_a_re_filed_copy_counts_as_read_except_for_what_it_adds():
    state = State()
    old = STORIES["bridge"]
    summarize([Source.from_text(old, path="wire/bridge")], length=3, state=state, today="2026-11-30")
    added = "Traffic returned to the bridge within an hour of the ribbon being cut by the mayor."
    refiled = summarize(
        [Source.from_text(old + " " + added, path="wire/bridge")], length=3, state=state, today="2026-12-01"
    )
    assert [s.text for s in refiled.sentences] == [added]
    assert refiled.settings["left_out"] == 2
    assert refiled.to_text().splitlines()[2] == "Only what is new: left out 2 sentences already reported or read."


def test_the_header_counts_one_sentence_and_one_article_in_the_singular():
    state = State()
    summarize([Source.from_text(STORIES["bridge"], path="a"), Source.from_text(STORIES["storm"], path="b")],
              length=3, state=state, today="2026-11-30")  # fmt: skip
    first, second = STORIES["storm"].split(". ", 1)
    added = "Two schools stayed closed because of fallen trees near their gates."
    digest = summarize(
        [Source.from_text(STORIES["bridge"], path="a"), Source.from_text(first + ". " + added, path="b")],
        length=3,
        state=state,
        today="2026-12-01",
    )
    assert digest.to_text().splitlines()[2] == (
        "Only what is new: left out 1 sentence already reported or read and 1 article already read."
    )


def test_new_content_outranks_what_the_reader_has():
    """Two articles today, one restating yesterday's news in other sentences, one with news: the
    one-sentence brief takes the news."""
    state = State()
    background = "The harbour bridge reopened on Monday after two years of repairs costing 40 million euros."
    summarize([Source.from_text(background, path="day1")], length=1, state=state, today="2026-11-30")
    restated = "After two years of repairs costing 40 million euros, the harbour bridge reopened on Monday."
    news = "A crack was found in the harbour bridge on Wednesday, and the bridge was closed again."
    today = [Source.from_text(restated, path="a"), Source.from_text(news, path="b")]
    assert [s.text for s in summarize(today, length=1, state=state, today="2026-12-01").sentences] == [news]


def test_a_state_path_through_the_api_is_read_updated_and_saved(tmp_path):
    path = tmp_path / "state"
    summarize([Source.from_text(STORIES["bridge"], path="a")], length=1, state=path, today="2026-11-30")
    assert State.load(path).read_on(STORIES["bridge"]) == date(2026, 11, 30)
    assert not (tmp_path / ".state.lock").exists()
    with pytest.raises(UsageError):
        summarize([Source.from_text(STORIES["bridge"])], state=5)


def test_a_brief_with_nothing_new_lists_no_sources_heading(tmp_path):
    """Nothing new: the notice, and no empty source list or story section, in every form."""
    from summarize import State, summarize

    (tmp_path / "a.txt").write_text(
        "The council approved the new bridge over the river on Monday after a long debate. "
        "Work on the bridge will start in the spring and take two years to finish.\n"
    )
    state = State()
    summarize([tmp_path], length=2, state=state)
    digest = summarize([tmp_path], length=2, state=state)
    assert not digest.sentences
    text, markdown, html = digest.to_text(), digest.to_markdown(), digest.to_html()
    assert "Nothing new" in text and "Sources:" not in text
    assert "Nothing new" in markdown and "**Sources**" not in markdown and not markdown.endswith("\n\n")
    assert "Nothing new" in html and "<h2>Sources" not in html and '<ul class="digest">' not in html


def test_a_bad_keep_days_on_the_command_line_is_named_as_typed(tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("The council approved the new bridge over the river on Monday evening.\n")
    result = subprocess.run(
        [sys.executable, "-m", "summarize", str(tmp_path), "--keep-days", "0", "--state", str(tmp_path / "s")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "summarize: --keep-days must be a whole number of days, at least 1 (got 0)"
    )


def test_a_state_path_keeps_the_other_options(tmp_path):
    """`state=` as a path runs the same brief as with a State object: `explain=` is kept."""
    from summarize import summarize

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "The council approved the new bridge over the river on Monday after a long debate. "
        "Work on the bridge will start in the spring and take two years to finish.\n"
    )
    digest = summarize([tmp_path / "in"], length=1, state=tmp_path / "state", explain=True)
    assert digest.sentences and all(s.explain is not None for s in digest.sentences)
