"""Exit codes a cron job can act on (0 brief, 1 nothing usable, 2 usage, 3 can't write), and the
brief of nothing in every format."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser

import pytest
from conftest import run_module
from helpers import ARTICLES
from typer.testing import CliRunner

import summarize.state
from summarize import CantWrite, NothingToSummarize, SummarizeError, UsageError
from summarize.cli import app
from summarize.nothing import nothing


@pytest.fixture
def empty(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("", encoding="utf-8")
    (folder / "b.txt").write_text("  \n", encoding="utf-8")
    return folder


def test_the_codes_are_distinct():
    assert (SummarizeError.exit_code, NothingToSummarize.exit_code, UsageError.exit_code, CantWrite.exit_code) == (
        1,
        1,
        2,
        3,
    )


def test_a_brief_is_0_nothing_is_1_usage_is_2(empty):
    assert run_module(str(ARTICLES), "-n", "1").returncode == 0
    assert run_module(str(empty), "-q").returncode == 1
    assert run_module(str(ARTICLES), "-n", "0").returncode == 2


def test_an_output_in_a_missing_folder_is_3_before_the_work(tmp_path):
    result = run_module(str(ARTICLES), "-o", str(tmp_path / "no" / "b.txt"))
    assert result.returncode == 3 and result.stdout == ""
    assert "can't write output" in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_output_that_is_a_folder_is_3(tmp_path):
    assert run_module(str(ARTICLES), "-o", str(tmp_path)).returncode == 3


def test_a_state_in_a_missing_folder_is_3(tmp_path):
    result = run_module(str(ARTICLES), "--state", str(tmp_path / "no" / "s.json"))
    assert result.returncode == 3 and "can't write state file" in result.stderr


def test_a_failed_write_after_the_work_is_3(tmp_path, monkeypatch):
    import summarize.output

    def full(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(summarize.output, "write_atomic", full)
    result = CliRunner().invoke(app, [str(ARTICLES), "-n", "1", "-o", str(tmp_path / "b.txt")])
    assert result.exit_code == 3 and "No space left on device" in result.output


def test_a_state_that_cant_be_saved_after_the_brief_is_3(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(summarize.state.State, "save", full)
    result = CliRunner().invoke(app, [str(ARTICLES), "-n", "1", "--state", str(tmp_path / "s.json")])
    assert result.exit_code == 3 and "the brief was delivered" in result.output
    assert "Sources:" in result.stdout


def test_a_state_that_cant_be_locked_is_3(tmp_path, monkeypatch):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(summarize.state.os, "open", refuse)
    result = CliRunner().invoke(app, [str(ARTICLES), "-n", "1", "--state", str(tmp_path / "s.json")])
    assert result.exit_code == 3 and "can't lock state file" in result.output


@pytest.mark.parametrize("flag", ["-o", "--state"])
def test_an_empty_file_name_is_a_usage_error(flag):
    result = run_module(str(ARTICLES), "-n", "1", flag, "")
    assert result.returncode == 2 and result.stdout == "" and "is empty" in result.stderr


def test_an_empty_output_in_the_config_is_a_usage_error(tmp_path):
    config = tmp_path / "b.toml"
    config.write_text(f'inputs = ["{ARTICLES}"]\noutput = ""\n')
    assert run_module("--config", str(config)).returncode == 2


def test_nothing_usable_in_json_is_a_json_object_on_stdout(empty):
    result = run_module(str(empty), "-f", "json", "-q")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["sentences"] == [] and "nothing to summarise" in data["message"]
    assert sorted(os.path.basename(s["path"]) for s in data["skipped"]) == ["a.txt", "b.txt"]


def test_nothing_usable_in_html_is_a_page_on_stdout_and_in_the_file(empty, tmp_path):
    printed = run_module(str(empty), "-f", "html", "-q")
    assert printed.returncode == 1 and printed.stdout.startswith("<!DOCTYPE html>")
    assert "nothing to summarise" in printed.stdout and "a.txt" in printed.stdout
    HTMLParser().feed(printed.stdout)
    written = run_module(str(empty), "-o", str(tmp_path / "x.html"), "-q")  # html from the suffix
    assert written.returncode == 1 and written.stdout == ""
    assert (tmp_path / "x.html").read_text() == printed.stdout


def test_nothing_usable_in_text_says_so_on_stderr_only(empty):
    result = run_module(str(empty), "-q")
    assert result.returncode == 1 and result.stdout == "" and "nothing to summarise" in result.stderr


def test_nothing_usable_in_markdown_writes_markdown(empty, tmp_path):
    result = run_module(str(empty), "-o", str(tmp_path / "x.md"), "-q")
    assert result.returncode == 1
    text = (tmp_path / "x.md").read_text()
    assert text.startswith("**nothing to summarise") and "\n- skipped " in text


def test_the_brief_of_nothing_escapes_what_it_names():
    from summarize.models import Skipped

    odd = [Skipped("<b>x\u202e.txt", "a <script>reason")]
    assert "<b>" not in nothing("why", "html", odd) and "\u202e" not in nothing("why", "html", odd)
    assert "\u202e" not in nothing("why", "text", odd) and "\\<b\\>" in nothing("why", "markdown", odd)
    assert json.loads(nothing("why", "json", odd))["skipped"][0]["path"] == "<b>x\u202e.txt"


def test_help_lists_the_exit_codes():
    shown = run_module("-h").stdout
    assert "Exit codes: 0 a brief was written, 1 nothing usable, 2 usage error, 3 the brief or state" in " ".join(
        shown.split()
    )
