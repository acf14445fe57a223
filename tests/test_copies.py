"""Sources that carry the same text are one article: the first used and credited, later ones skipped."""

from __future__ import annotations

import json

from summarize import Source, summarize
from summarize.copies import SAME_TEXT, FirstCopies
from summarize.state import text_key

FERRY = (
    "The harbour council voted on Monday to run the night ferry all winter. "
    "Councillors said the crossing carried more than four hundred people a night in October. "
    "The operator will hire six more crew members before the first of December."
)
MARKET = (
    "The covered market reopened on Saturday after a year of repairs to its iron roof. "
    "Traders said the first morning brought more customers than any day before the closure."
)


def test_the_first_copy_is_kept_and_later_ones_name_it():
    copies = FirstCopies()
    key = text_key(FERRY)
    assert copies.reason(key) is None
    copies.keep(key, "a.txt")
    copies.keep(key, "b.txt")  # the first name stays
    assert copies.reason(key) == f"{SAME_TEXT}a.txt"
    assert copies.reason(text_key(MARKET)) is None


def test_a_rewrapped_copy_is_credited_once(tmp_path):
    (tmp_path / "a.txt").write_text(FERRY + "\n")
    (tmp_path / "b.txt").write_text(FERRY.replace(". ", ".\n\n"))  # the same text, other line breaks
    (tmp_path / "c.txt").write_text(MARKET + "\n")
    digest = summarize([tmp_path], length=5)
    assert [s.path for s in digest.sources] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert [(s.path, s.reason) for s in digest.skipped] == [
        (str(tmp_path / "b.txt"), f"{SAME_TEXT}{tmp_path / 'a.txt'}")
    ]
    assert all(len(s.sources) == 1 for s in digest.sentences)


def test_a_source_that_adds_a_sentence_is_no_copy():
    sources = [
        Source.from_text(FERRY, path="a.txt"),
        Source.from_text(FERRY + " Fares stay as they are.", path="b.txt"),
    ]
    digest = summarize(sources, length=3)
    assert len(digest.sources) == 2 and not digest.skipped
    assert any(s.sources == (1, 2) for s in digest.sentences)  # both outlets credited with what both carried


def test_the_cli_names_the_copy_and_succeeds(tmp_path, cli):
    (tmp_path / "a.txt").write_text(FERRY)
    (tmp_path / "b.txt").write_text(FERRY)
    run = cli(str(tmp_path), "-f", "json")
    assert run.returncode == 0
    assert f"skipped {tmp_path / 'b.txt'}: {SAME_TEXT}{tmp_path / 'a.txt'}" in run.stderr
    assert json.loads(run.stdout)["skipped"] == [
        {"path": str(tmp_path / "b.txt"), "reason": f"{SAME_TEXT}{tmp_path / 'a.txt'}"}
    ]
