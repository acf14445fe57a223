"""The README's sample outputs stay true: each block marked `<!-- output of: COMMAND -->` is what
COMMAND prints when run on the project's own `samples/` (the brief's date aside).

To refresh them after a change: run each command from the project folder and paste its output."""

from __future__ import annotations

import difflib
import re
import shlex

import pytest
from conftest import run_module
from helpers import REPO

import summarize

README = (REPO / "README.md").read_text(encoding="utf-8")
SAMPLE = re.compile(r"^<!-- output of: (?P<command>.+?) -->\n```[\w-]*\n(?P<shown>.*?)^```$", re.M | re.S)
SAMPLES = [(m["command"], m["shown"]) for m in SAMPLE.finditer(README)]
DATED = re.compile(r"(Brief for )\d{4}-\d{2}-\d{2}")


def undated(text: str) -> str:
    return DATED.sub(r"\1DATE", text)


def test_the_readme_has_its_samples():
    assert [command for command, _ in SAMPLES] == [
        "summarize samples/",
        "summarize samples/ -n 4 -f markdown",
        "summarize samples/ -n 3 --explain",
    ]


@pytest.mark.parametrize(("command", "shown"), SAMPLES, ids=[command for command, _ in SAMPLES])
def test_a_readme_sample_is_what_the_command_prints(command, shown):
    program, *args = shlex.split(command)
    assert program == "summarize"
    result = run_module(*args, cwd=REPO)
    assert result.returncode == 0, result.stderr
    if undated(result.stdout) != undated(shown):
        diff = "\n".join(difflib.unified_diff(shown.splitlines(), result.stdout.splitlines(), "README", "printed"))
        pytest.fail(f"README sample of `{command}` is out of date:\n{diff}")


def test_the_readme_names_the_version_the_command_prints():
    assert f'"summarize {summarize.__version__}"' in README
