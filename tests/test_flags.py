"""The flags people reach for without thinking: -h, --version, completion, -f md, the format
from -o's suffix, piped stdin, and sumy's spellings of the algorithm names."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import run_module
from helpers import ARTICLES
from typer.testing import CliRunner

import summarize
from summarize.cli import app
from summarize.formats import format_name, from_suffix
from summarize.rank import ALGORITHMS, get

GOOD = (
    "Harbour council backs a new ferry terminal\n\n"
    "The harbour council voted on Monday to build a new ferry terminal on the east quay.\n\n"
    "The terminal will cost about $40 million and should open in 2027, the council said.\n"
)


def test_dash_h_is_help():
    short, long = run_module("-h"), run_module("--help")
    assert short.returncode == 0 and short.stdout == long.stdout and "--version" in short.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_package_version(flag):
    result = run_module(flag)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"summarize {summarize.__version__}\n"


def test_version_wins_over_missing_inputs_and_other_options():
    result = CliRunner().invoke(app, ["-n", "3", "--version"])
    assert result.exit_code == 0 and result.stdout.startswith("summarize ")


def test_typer_shell_completion_is_offered():
    help_text = run_module("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    # typer's own switch: with it set, --show-completion takes the shell by name instead of
    # detecting the one it runs under (a test runner's process tree need not have one).
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [sys.executable, "-m", "summarize", "--show-completion", "bash"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.returncode == 0 and "complete" in shown.stdout and "summarize" in shown.stdout


@pytest.mark.parametrize(
    ("given", "expected"), [("md", "markdown"), ("MD", "markdown"), ("htm", "html"), ("txt", "text")]
)
def test_short_format_names(given, expected):
    assert format_name(given) == expected


def test_dash_f_md_is_markdown():
    runner = CliRunner()
    short = runner.invoke(app, [str(ARTICLES), "-n", "2", "-f", "md"])
    long = runner.invoke(app, [str(ARTICLES), "-n", "2", "-f", "markdown"])
    assert short.exit_code == 0 and short.stdout == long.stdout and "**Sources**" in short.stdout


def test_digest_render_takes_short_names():
    digest = summarize.summarize([ARTICLES], length=2)
    assert digest.render("md") == digest.to_markdown()


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("b.md", "markdown"),
        ("b.markdown", "markdown"),
        ("b.HTML", "html"),
        ("b.htm", "html"),
        ("b.json", "json"),
        ("b.txt", "text"),
        ("b.out", None),
        ("brief", None),
    ],
)
def test_the_suffix_names_the_format(name, form):
    assert from_suffix(name) == form


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("b.html", "<!DOCTYPE html>"),
        ("b.json", "{"),
        ("b.md", "**Brief"),
        ("b.txt", "Brief for"),
        ("b.out", "Brief for"),
    ],
)
def test_the_format_is_taken_from_the_output_suffix(tmp_path, name, start):
    result = CliRunner().invoke(app, [str(ARTICLES), "-n", "2", "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_an_explicit_format_beats_the_suffix(tmp_path):
    result = CliRunner().invoke(app, [str(ARTICLES), "-n", "2", "-f", "text", "-o", str(tmp_path / "b.html")])
    assert result.exit_code == 0 and (tmp_path / "b.html").read_text().startswith("Brief for")


def test_the_config_files_output_suffix_names_the_format_too(tmp_path):
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs = ["{ARTICLES}"]\nlength = 2\noutput = "{tmp_path / "b.json"}"\n')
    assert CliRunner().invoke(app, ["--config", str(config)]).exit_code == 0
    assert json.loads((tmp_path / "b.json").read_text())["sentences"]


def test_a_bad_format_in_the_config_file_is_a_usage_error(tmp_path):
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs = ["{ARTICLES}"]\nformat = "pdf"\n')
    result = run_module("--config", str(config))
    assert result.returncode == 2 and "unknown format 'pdf'" in result.stderr


def test_piped_stdin_is_read_when_no_input_is_named():
    result = run_module("-n", "1", input=GOOD)
    assert result.returncode == 0, result.stderr
    assert "[1] Harbour council backs a new ferry terminal" in result.stdout


def test_stdin_from_a_file_is_read_too(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    with open(tmp_path / "a.txt") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "summarize", "-n", "1"], stdin=handle, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0 and "Harbour council" in result.stdout


def test_no_input_and_no_pipe_is_still_a_usage_error():
    result = run_module()  # stdin is /dev/null: not a pipe
    assert result.returncode == 2 and "no input given" in result.stderr


def test_an_empty_pipe_and_no_input_is_a_usage_error_not_nothing_usable():
    """A cron job whose stdin is an empty pipe and that names no input made a mistake: exit 2."""
    result = run_module(input="")
    assert result.returncode == 2 and "no input given" in result.stderr


def test_named_inputs_leave_a_pipe_unread():
    result = run_module(str(ARTICLES), "-n", "1", "-f", "json", input=GOOD)
    assert [s["title"] for s in json.loads(result.stdout)["sources"]] != ["Harbour council backs a new ferry terminal"]


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("lex-rank", "lexrank"),
        ("text-rank", "textrank"),
        ("sum-basic", "sumbasic"),
        ("kl-sum", "kl"),
        ("LexRank", "lexrank"),
        ("Text_Rank", "textrank"),
        ("LSA", "lsa"),
    ],
)
def test_sumys_names_are_aliases(alias, name):
    assert get(alias).name == name


def test_every_algorithm_name_still_names_itself():
    assert all(get(name).name == name for name in ALGORITHMS)


def test_an_alias_on_the_command_line_reports_the_real_name():
    result = CliRunner().invoke(app, [str(ARTICLES), "-n", "1", "-a", "lex-rank", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["settings"]["algorithm"] == "lexrank"
