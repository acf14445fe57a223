"""Made for cron: --output written atomically, --config, --since, and quiet stdout."""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime

import pytest
from conftest import run_module
from helpers import ARTICLES

from summarize import Source, UsageError, summarize
from summarize.output import write_atomic
from summarize.since import is_recent, parse_since


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    return folder


def test_output_file_gets_the_digest_and_stdout_stays_empty(articles, tmp_path):
    brief = tmp_path / "brief.md"
    result = run_module(str(articles), "--output", str(brief), "--format", "markdown", "--length", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    text = brief.read_text(encoding="utf-8")
    assert text.count("\n- ") - text.count("\n- [") == 3 and "**Sources**" in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brief.md.")]  # no temporary left


def test_output_when_nothing_is_usable_still_writes_a_brief_saying_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    brief = tmp_path / "brief.json"
    result = run_module(str(empty), "--output", str(brief), "--format", "json")
    assert result.returncode == 1
    assert json.loads(brief.read_text())["sentences"] == []
    assert "nothing to summarise" in json.loads(brief.read_text())["message"]


def test_output_into_a_missing_folder_is_one_line_and_exit_3(articles, tmp_path):
    result = run_module(str(articles), "--output", str(tmp_path / "no" / "such" / "brief.txt"))
    assert result.returncode == 3
    assert len(result.stderr.strip().splitlines()) == 1 and "can't write" in result.stderr


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "brief.txt"
    target.write_text("old brief\n")
    write_atomic(target, "new brief\n" * 1000)
    assert target.read_text() == "new brief\n" * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["brief.txt"]


def test_two_runs_writing_one_file_leave_one_complete_brief(articles, tmp_path):
    import subprocess
    import sys

    brief = tmp_path / "brief.json"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "summarize", str(articles), "-o", str(brief), "-f", "json", "-n", str(n)],
            stderr=subprocess.DEVNULL,
        )
        for n in (2, 5)
    ]
    assert [r.wait(timeout=60) for r in runs] == [0, 0]
    assert len(json.loads(brief.read_text())["sentences"]) in (2, 5)  # one whole brief, parseable


def test_config_file_sets_options_and_the_command_line_wins(articles, tmp_path):
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs = ["{articles}"]\nlength = 2\nformat = "json"\nquiet = true\n')
    from_file = run_module("--config", str(config))
    assert from_file.returncode == 0, from_file.stderr
    assert len(json.loads(from_file.stdout)["sentences"]) == 2
    overridden = run_module("--config", str(config), "--length", "4")
    assert len(json.loads(overridden.stdout)["sentences"]) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("length = \n", "not valid TOML"),
        ('colour = "red"\n', "unknown option 'colour'"),
        ('length = "ten"\n', "'length' must be int"),
    ],
)
def test_bad_config_is_a_usage_error(articles, tmp_path, content, message):
    config = tmp_path / "brief.toml"
    config.write_text(content)
    result = run_module(str(articles), "--config", str(config))
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_since_parses_durations_and_dates():
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert parse_since("24h", now) == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2026, 11, 17, 12, 0, tzinfo=UTC)
    assert parse_since("2026-11-21", now) == datetime(2026, 11, 21, tzinfo=UTC)
    with pytest.raises(UsageError, match="not a time"):
        parse_since("yesterday-ish", now)


def test_since_keeps_recent_sources_by_date_or_by_file_time():
    since = datetime(2026, 11, 21, tzinfo=UTC)
    assert is_recent(Source(text="x", date="2026-11-21"), since)
    assert not is_recent(Source(text="x", date="2026-11-20"), since)
    assert is_recent(Source(text="x", modified="2026-11-22T08:00:00+00:00"), since)
    assert not is_recent(Source(text="x", modified="2026-11-20T23:59:59+00:00"), since)
    assert is_recent(Source(text="x"), since)  # nothing says when: kept


def test_since_skips_old_files_and_says_so(articles):
    old = articles / "01-kestrel-courier.txt"
    a_week_ago = time.time() - 7 * 86400
    os.utime(old, (a_week_ago, a_week_ago))
    digest = summarize([articles], length=3, since=parse_since("24h"))
    assert str(old) not in {s.path for s in digest.sources}
    assert (str(old), "older than --since") in {(k.path, k.reason) for k in digest.skipped}
    assert len(digest.sources) == 2


def test_state_reports_only_what_is_new_the_second_time(articles, tmp_path):
    state = tmp_path / "state.json"
    first = run_module(str(articles), "--length", "3", "--state", str(state), "-f", "json")
    assert first.returncode == 0, first.stderr
    n_sources = len(json.loads(first.stdout)["sources"])
    (articles / "new.txt").write_text(
        "Divers found the wreck of a nineteenth-century steamer off the northern cape on Tuesday.\n\n"
        "The steamer sank in a storm in 1871 with forty passengers and a cargo of coal aboard.\n"
    )
    second = run_module(str(articles), "--length", "3", "--state", str(state), "-f", "json")
    data = json.loads(second.stdout)
    assert second.returncode == 0, second.stderr
    assert [s["path"] for s in data["sources"]] == [str(articles / "new.txt")]  # only the new article
    assert data["settings"]["already_read"] == n_sources
    assert all("steamer" in s["text"] for s in data["sentences"])
    (articles / "new2.txt").write_text("A second ferry began sailing to the outer islands on Wednesday morning.\n")
    text = run_module(str(articles), "--length", "2", "--state", str(state)).stdout
    assert text.splitlines()[0].startswith("Brief for ")
    assert text.splitlines()[2] == f"Only what is new: left out {n_sources + 1} articles already read."


def test_state_with_nothing_new_still_writes_a_brief_saying_so(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text("The harbour bridge reopened on Monday after two years of repairs.\n")
    state = tmp_path / "state.json"
    assert run_module(str(folder), "--state", str(state)).returncode == 0
    again = run_module(str(folder), "--state", str(state))
    assert again.returncode == 0
    assert again.stdout.splitlines()[2] == "Nothing new since the last brief: 1 article already read."


def test_a_broken_state_file_is_a_one_line_usage_error(articles, tmp_path):
    state = tmp_path / "state.json"
    state.write_text("{not json")
    result = run_module(str(articles), "--state", str(state))
    assert result.returncode == 2
    assert "state file" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "delete it to start afresh" in result.stderr
