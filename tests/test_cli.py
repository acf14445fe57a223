"""The `summarize` command, end to end: exit codes, messages, formats and every algorithm."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_module
from helpers import ARTICLES
from typer.testing import CliRunner

from summarize import ALGORITHMS
from summarize.cli import app

MARKER = re.compile(r" \[\d+(?:,\d+)*\]$")

GOOD = (
    "Harbour council backs a new ferry terminal\n\n"
    "The harbour council voted on Monday to build a new ferry terminal on the east quay.\n\n"
    "The terminal will cost about $40 million and should open in 2027, the council said.\n\n"
    "Local traders welcomed the plan, saying it would bring more visitors to the town.\n"
)


def digest_lines(stdout: str) -> list[str]:
    """The sentence lines of a text digest: before 'Sources:', those ending in source markers
    (the dated header, notices and story headlines carry none)."""
    head, _, _ = stdout.partition("\n\nSources:\n")
    return [line for line in head.splitlines() if re.search(r" \[\d+(?:,\d+)*\]$", line)]


def one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert "Traceback" not in stderr
    assert lines[0].startswith("summarize: ")
    return lines[0]


@pytest.fixture
def runner():
    return CliRunner()


# --- through a fresh interpreter ---------------------------------------------------------------


def test_python_dash_m_summarize_prints_a_digest(cli):
    result = cli(str(ARTICLES))
    assert result.returncode == 0, result.stderr
    lines = digest_lines(result.stdout)
    assert len(lines) == 10
    assert all(MARKER.search(line) for line in lines)
    assert "\nSources:\n[1] " in result.stdout
    assert result.stdout.count("\n[") == 3  # three sources listed
    assert result.stderr == ""


def test_help_lists_every_algorithm(cli):
    result = cli("--help")
    assert result.returncode == 0
    for name in ALGORITHMS:
        assert re.search(rf"(?m)^\s*{re.escape(name)}:", result.stdout), f"{name} missing from --help"
    assert "--algorithm" in result.stdout and "--length" in result.stdout and "--words" in result.stdout


def test_missing_path_exits_2_with_one_line(cli, tmp_path):
    result = cli(str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "nowhere" in one_line_error(result.stderr)
    assert result.stdout == ""


def test_unknown_algorithm_exits_2_with_one_line(cli):
    result = cli(str(ARTICLES), "--algorithm", "magic")
    assert result.returncode == 2
    assert "magic" in one_line_error(result.stderr)


def test_length_zero_exits_2_with_one_line(cli):
    result = cli(str(ARTICLES), "--length", "0")
    assert result.returncode == 2
    assert "length" in one_line_error(result.stderr)


def test_empty_folder_exits_1_with_one_line_and_no_traceback(cli, tmp_path):
    result = cli(str(tmp_path))
    assert result.returncode == 1
    assert "nothing to summarise" in one_line_error(result.stderr)
    assert result.stdout == ""


def test_stdin_through_dash(cli):
    result = cli("-", "--length", "2", input=GOOD)
    assert result.returncode == 0, result.stderr
    assert len(digest_lines(result.stdout)) == 2
    assert "[1] Harbour council backs a new ferry terminal" in result.stdout


def test_json_format_parses(cli):
    result = cli(str(ARTICLES), "--format", "json", "--length", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["sentences"]) == 3
    assert [s["id"] for s in data["sources"]] == [1, 2, 3]
    assert data["skipped"] == []


# --- in process, through typer's runner ------------------------------------------------------------


def test_runner_prints_a_digest(runner):
    result = runner.invoke(app, [str(ARTICLES), "-n", "4"])
    assert result.exit_code == 0, result.output
    assert len(digest_lines(result.stdout)) == 4


def test_skipped_files_are_reported_on_stderr(runner, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, [str(tmp_path)])
    assert result.exit_code == 0
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert any("scan.pdf" in e and "unsupported" in e for e in errors)
    assert any("empty.txt" in e and "no usable text: the input is empty" in e for e in errors)
    assert all(e.startswith("summarize: skipped ") for e in errors)
    assert "scan.pdf" not in result.stdout


def test_quiet_silences_the_skipped_report(runner, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, [str(tmp_path), "--quiet"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert digest_lines(result.stdout)


def test_markdown_format(runner):
    result = runner.invoke(app, [str(ARTICLES), "--format", "markdown", "-n", "3"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert sum(line.startswith("- ") and not line.startswith("- [") for line in lines) == 3
    assert "**Sources**" in lines


def test_words_budget_is_respected(runner):
    result = runner.invoke(app, [str(ARTICLES), "--words", "50", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["sentences"]
    assert sum(len(s["text"].split()) for s in data["sentences"]) <= 50


def test_unknown_format_is_rejected(runner):
    result = runner.invoke(app, [str(ARTICLES), "--format", "pdf"])
    assert result.exit_code == 2


def test_no_path_at_all_is_a_usage_error(runner):
    result = runner.invoke(app, [])
    assert result.exit_code == 2


@pytest.mark.parametrize("option", [["--length", "-1"], ["--words", "0"], ["-n", "zero"]])
def test_bad_budgets_exit_2(runner, option):
    result = runner.invoke(app, [str(ARTICLES), *option])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_runs_offline_through_the_option(runner, offline, tmp_path, name):
    # A small folder (two short articles) keeps the slower algorithms such as kl quick.
    for src in sorted(ARTICLES.glob("*.txt"))[:2]:
        (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, [str(tmp_path), "--algorithm", name, "-n", "3", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 1 <= len(data["sentences"]) <= 3
    assert data["settings"]["algorithm"] == name
    assert all(s["sources"] and set(s["sources"]) <= {1, 2} for s in data["sentences"])


def _no_nan(token: str):
    raise ValueError(f"not strict JSON: {token}")


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_json_is_strict_for_every_algorithm_on_a_tiny_input(runner, offline, name):
    # Two sentences that share no word: the smallest input a ranker's graph can be empty on.
    tiny = (
        "The Marlow Bridge reopened to traffic on Monday after two years of repairs.\n\n"
        "Engineers replaced all 46 steel cables and rebuilt the cracked concrete deck.\n"
    )
    result = runner.invoke(app, ["-", "-a", name, "-f", "json"], input=tiny)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_constant=_no_nan)  # NaN / Infinity are not JSON
    assert len(data["sentences"]) == 2


def test_tiny_input_gives_no_warnings_on_stderr(cli):
    tiny = (
        "The Marlow Bridge reopened to traffic on Monday after two years of repairs.\n\n"
        "Engineers replaced all 46 steel cables and rebuilt the cracked concrete deck.\n"
    )
    result = cli("-", "-a", "lexrank", input=tiny)
    assert result.returncode == 0
    assert result.stderr == ""


def test_output_is_byte_identical_across_runs(runner):
    first = runner.invoke(app, [str(ARTICLES), "-f", "json"])
    second = runner.invoke(app, [str(ARTICLES), "-f", "json"])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


def test_sources_are_listed_with_their_paths(runner):
    result = runner.invoke(app, [str(ARTICLES)])
    listed = result.stdout.partition("\n\nSources:\n")[2].splitlines()
    names = sorted(p.name for p in ARTICLES.glob("*.txt"))
    assert [Path(re.search(r"\(([^()]*)\)$", line).group(1)).name for line in listed] == names


def test_an_unexpected_failure_is_one_line_not_a_traceback(runner, monkeypatch, tmp_path):
    import summarize.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("something gave way")

    monkeypatch.setattr(summarize.pipeline, "summarize", broken)
    monkeypatch.delenv("SUMMARIZE_DEBUG", raising=False)
    (tmp_path / "a.txt").write_text("The bridge reopened on Monday after two years of repairs.\n")
    result = runner.invoke(app, [str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" in lines[0] and "something gave way" in lines[0]
    assert "Traceback" not in result.output


def test_an_empty_folder_says_no_files_were_found(tmp_path):
    result = run_module(str(tmp_path), "--quiet")
    assert result.returncode == 1
    assert one_line_error(result.stderr) == (
        "summarize: nothing to summarise: no files found in the inputs given "
        "(give articles as text, Markdown, HTML, feeds or JSON records)"
    )


def test_a_file_name_with_a_line_break_is_reported_on_one_line(tmp_path):
    (tmp_path / "good.txt").write_text(
        "The harbour council voted on Monday to build a new ferry terminal on the east quay.\n"
    )
    (tmp_path / "odd\nname.bin").write_bytes(bytes(range(256)) * 4)
    result = run_module(str(tmp_path))
    assert result.returncode == 0
    (line,) = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert "odd\\nname.bin" in line


def test_a_null_text_field_is_named_null(tmp_path):
    (tmp_path / "items.json").write_text('[{"title": "A", "text": null, "content": 5}]')
    result = run_module(str(tmp_path / "items.json"))
    assert result.returncode == 1
    assert "NoneType" not in result.stderr


def test_chinese_text_is_skipped_with_a_reason_that_says_why(tmp_path):
    (tmp_path / "zh.txt").write_text("市议会周一批准了新的海堤建设计划。工程将于明年春天开始。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The harbour council approved the plan for a new sea wall on Monday.\n")
    result = run_module(str(tmp_path))
    assert result.returncode == 0
    assert "zh.txt: text in Chinese, Japanese or Thai is not supported" in result.stderr


# --- when nothing can be used: say why ---------------------------------------------------------


def test_one_unusable_input_gives_its_reason_in_the_one_line(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run_module(str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    line = one_line_error(result.stderr)
    assert "the one input met was skipped (" in line and "empty" in line


def test_several_unusable_inputs_are_each_reported_before_the_line_that_says_why(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run_module(str(tmp_path))
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    *reports, last = result.stderr.strip().splitlines()
    assert sorted(r.split(":")[1].strip().split()[-1].rsplit("/", 1)[-1] for r in reports) == ["empty.txt", "image.png"]
    assert all(r.startswith("summarize: skipped ") for r in reports)
    assert last.startswith("summarize: nothing to summarise: none of the 2 inputs met had usable text")
    quiet = run_module(str(tmp_path), "--quiet")
    assert len(quiet.stderr.strip().splitlines()) == 1


def test_all_sources_older_than_since_say_so(tmp_path):
    import os

    path = tmp_path / "old.txt"
    path.write_text(GOOD, encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    result = run_module(str(path), "--since", "2026-01-01")
    assert result.returncode == 1
    assert "all 1 sources met are older than --since" in one_line_error(result.stderr)


def test_the_file_written_when_nothing_is_usable_lists_what_was_skipped(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "brief.json"
    result = run_module(str(tmp_path / "in"), "-f", "json", "-o", str(out), "--quiet")
    assert result.returncode == 1 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sentences"] == [] and "nothing to summarise" in data["message"]
    assert sorted(Path(s["path"]).name for s in data["skipped"]) == ["a.txt", "b.txt"]


def test_a_run_of_words_without_a_full_stop_is_not_quoted(tmp_path):
    run_on = " ".join(["the harbour wall and the storm"] * 60)  # 360 words, no full stop
    (tmp_path / "table.txt").write_text(run_on + "\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = run_module(str(tmp_path), "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert all(len(s["text"].split()) <= 250 for s in data["sentences"])
    (skipped,) = data["skipped"]
    assert skipped["path"].endswith("table.txt") and "over 250 words without a full stop" in skipped["reason"]


# --- inputs named twice, file modes, usage errors, budgets from a config ------------------------


def test_a_file_named_twice_is_read_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    twice = run_module(str(path), str(path), str(tmp_path), f"{tmp_path}/", "-f", "json")
    assert twice.returncode == 0, twice.stderr
    data = json.loads(twice.stdout)
    assert len(data["sources"]) == 1 and all(s["sources"] == [1] for s in data["sentences"])


def test_output_file_keeps_the_mode_of_the_brief_it_replaces(tmp_path):
    import os
    import stat

    out = tmp_path / "brief.txt"
    first = run_module(str(ARTICLES), "-o", str(out))
    assert first.returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # a new file: the usual mode, not 0600
    out.chmod(0o640)
    second = run_module(str(ARTICLES), "-o", str(out))
    assert second.returncode == 0 and stat.S_IMODE(out.stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-w", "abc"], "Invalid value for '--words'"),
        (["--bogus"], "No such option: --bogus"),
        (["-f", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_a_wrong_option_or_value_is_one_line_and_exit_2(args, expected):
    result = run_module(str(ARTICLES), *args)
    assert result.returncode == 2 and result.stdout == ""
    line = one_line_error(result.stderr)
    assert expected in line and line.endswith("(see summarize --help)")


def test_help_still_prints_and_exits_0():
    result = run_module("--help")
    assert result.returncode == 0 and "--language" in result.stdout and result.stderr == ""


def test_a_budget_on_the_command_line_replaces_the_config_files(tmp_path):
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs = ["{ARTICLES}"]\nwords = 20\n', encoding="utf-8")
    result = run_module("--config", str(config), "-n", "3", "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["settings"]["length"] == 3 and data["settings"]["words"] is None
    assert len(data["sentences"]) == 3


def test_the_command_runs_blas_on_one_thread_unless_told_otherwise(monkeypatch, capsys):
    """Small dense products gain nothing from a BLAS thread pool and lose much on a busy machine;
    a user's own setting is kept."""
    import os
    import sys

    from summarize import cli as cli_module

    for variable in cli_module.BLAS_THREADS:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    monkeypatch.setattr(sys, "argv", ["summarize", "--help"])
    with pytest.raises(SystemExit) as ended:
        cli_module.run()
    assert ended.value.code == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "3"
    assert "Usage" in capsys.readouterr().out
