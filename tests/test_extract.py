"""`summarize.sentences(inputs)` and `summarize --extract`: each source's cleaned text, as a brief pools it."""

from __future__ import annotations

import json

import pytest
from conftest import run_module
from helpers import REPO

from summarize import Extraction, NothingToSummarize, Source, UsageError, sentences, summarize

SAMPLES = REPO / "samples"
FIRST = "Port Wrenley's long-awaited tidal power plant began sending electricity to homes on Tuesday"


def test_sentences_are_the_pool_of_a_brief_source_by_source_in_order():
    extraction = sentences([SAMPLES])
    assert isinstance(extraction, Extraction)
    assert [e.source.id for e in extraction] == list(range(1, len(extraction) + 1))
    first = extraction.sources[0]
    assert first.source.path.endswith("01-harbor-gazette.txt")
    assert first.sentences[0].startswith(FIRST)
    pooled = {t for e in extraction for t in e.sentences}
    digest = summarize([SAMPLES], length=5)
    assert {s.text for s in digest.sentences} <= pooled  # a brief quotes only what is pooled
    assert len(extraction.sources) == len(digest.sources)


def test_sentences_of_in_memory_text_and_what_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("The harbour reopened on Monday after a week of storms.\n", encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    extraction = sentences([tmp_path, Source.from_text("A second source says the harbour is open again.")])
    assert [e.sentences for e in extraction] == [
        ("The harbour reopened on Monday after a week of storms.",),
        ("A second source says the harbour is open again.",),
    ]
    assert [s.path for s in extraction.skipped] == [str(tmp_path / "b.bin")]


def test_sentences_of_nothing_usable_and_bad_arguments():
    with pytest.raises(NothingToSummarize):
        sentences([Source.from_text("")])
    with pytest.raises(UsageError):
        sentences([SAMPLES], max_bytes="big")


def test_extract_prints_each_sources_sentences_one_a_line():
    result = run_module("--extract", "samples/01-harbor-gazette.txt", "samples/02-coastline-wire.txt")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        "== samples/01-harbor-gazette.txt",
        "== samples/02-coastline-wire.txt",
    ]
    expected = sentences([SAMPLES / "01-harbor-gazette.txt"]).sources[0].sentences
    assert blocks[0].splitlines()[1:] == list(expected)


def test_extract_as_json_and_to_a_file(tmp_path):
    out = tmp_path / "pool.json"
    result = run_module("--extract", "samples/", "-f", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows[0]["path"] == "samples/01-harbor-gazette.txt" and rows[0]["sentences"][0].startswith(FIRST)
    assert {"path", "title", "url", "sentences"} == set(rows[0])


def test_extract_of_nothing_usable_is_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_module("--extract", str(empty))
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "empty" in result.stderr


def test_extract_cannot_inject_lines(tmp_path):
    page = tmp_path / "a\nb.txt"
    page.write_text("The harbour reopened on Monday after a week of storms.\n", encoding="utf-8")
    result = run_module("--extract", str(page))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"== {tmp_path}/a\\nb.txt"
