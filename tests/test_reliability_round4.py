"""Hostile inputs, the attack run after round three: empty option values and inputs, loops of
symbolic links, compressed inputs and archive bombs, absurd process counts and orphaned workers,
file names that run for lines. Every input is made at test time; RELIABILITY.md lists what this
run found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LIBRARY, REPO, SEA_WALL

from summarize import summarize
from summarize.errors import UsageError


def cli(*args: str, cwd: Path, timeout: float = 60.0, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m summarize ARGS` in a fresh interpreter, bounded by a timeout."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        input=stdin if stdin is not None else "",
    )


def one_line_usage_error(result: subprocess.CompletedProcess) -> str:
    """The one stderr line of a usage error (exit 2, nothing on stdout), checked."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: "), result.stderr
    return lines[0]


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder of two short articles on unrelated news."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "wall.txt").write_text(SEA_WALL)
    (folder / "library.txt").write_text(LIBRARY)
    return folder


EMPTY_OPTIONS = [
    ("--length", "--length"),
    ("--format", "--format"),
    ("--state", "--state"),
    ("-o", "--output"),
    ("--config", "--config"),
    ("--since", "--since"),
    ("--query", "--query"),
    ("--algorithm", "--algorithm"),
    ("--language", "--language"),
    ("--dask", "--dask"),
    ("--inputs-from", "--inputs-from"),
    ("--cache", "--cache"),
]


@pytest.mark.parametrize(("option", "named"), EMPTY_OPTIONS, ids=[o for o, _ in EMPTY_OPTIONS])
def test_an_empty_option_value_is_a_usage_error(news: Path, option: str, named: str) -> None:
    line = one_line_usage_error(cli(str(news), option, "", cwd=news.parent))
    assert named in line or named.lstrip("-") in line, line


def test_a_blank_option_value_is_empty_too(news: Path) -> None:
    line = one_line_usage_error(cli(str(news), "--query", "  ", cwd=news.parent))
    assert "--query is empty" in line


def test_an_empty_input_name_is_a_usage_error_not_the_current_folder(news: Path) -> None:
    line = one_line_usage_error(cli("", cwd=news))  # Path("") would be "." and read the whole folder
    assert "input is empty" in line
    with pytest.raises(UsageError, match="input is empty"):
        summarize([""])


@pytest.mark.parametrize("setting", ['since = ""', 'algorithm = " "', 'inputs = [""]', 'output = ""'])
def test_an_empty_value_in_the_config_is_a_usage_error(news: Path, setting: str) -> None:
    config = news.parent / "c.toml"
    config.write_text(setting + "\n")
    line = one_line_usage_error(cli(str(news), "--config", str(config), cwd=news.parent))
    assert "empty" in line and "c.toml" in line


@pytest.mark.parametrize("argument", ["algorithm", "language", "query", "since"])
def test_an_empty_api_argument_is_a_usage_error(news: Path, argument: str) -> None:
    with pytest.raises(UsageError):
        summarize([news], **{argument: ""})


@pytest.fixture
def looped(news: Path) -> Path:
    """The news folder with links that lead round in circles: a -> b -> a, me -> me, a link to its
    own folder, one to the folder above it, and a plain dangling link beside them."""
    (news / "a.txt").symlink_to("b.txt")
    (news / "b.txt").symlink_to("a.txt")
    (news / "me.txt").symlink_to("me.txt")
    (news / "self").symlink_to(".")
    (news / "up").symlink_to("..")
    (news / "gone.txt").symlink_to("nowhere.txt")
    return news


@pytest.mark.parametrize("follow", [False, True], ids=["default", "follow-links"])
def test_loops_of_symbolic_links_in_a_folder_are_named_as_loops(looped: Path, follow: bool) -> None:
    digest = summarize([looped], follow_links=follow)
    reasons = {Path(s.path).name: s.reason for s in digest.skipped}
    for name in ("a.txt", "b.txt", "me.txt", "self", "up"):
        assert "a loop of symbolic links" in reasons[name], (name, reasons)
    assert "own folder" in reasons["self"] and "own folder" in reasons["up"]
    assert reasons["gone.txt"] == "dangling symbolic link"
    assert len(digest.sources) == 2


def test_a_loop_named_as_an_input_is_skipped_as_a_loop(looped: Path) -> None:
    result = cli(str(looped / "a.txt"), str(looped / "wall.txt"), "-n", "1", cwd=looped.parent, timeout=30)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "a.txt: a loop of symbolic links, not followed" in result.stderr
    alone = cli(str(looped / "me.txt"), cwd=looped.parent, timeout=30)
    assert alone.returncode == 1 and "a loop of symbolic links" in alone.stderr
