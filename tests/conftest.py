"""Shared fixtures: the project's own fixture articles, an offline guard and a CLI runner."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from helpers import ARTICLES, REPO


class NetworkUsed(AssertionError):
    """Raised when code under test tries to reach the network or download data."""


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """The command's HTTP cache in a folder of the test run's own (inherited by every child
    process), never the user's."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield


@pytest.fixture
def offline(monkeypatch):
    """Fail loudly if anything opens a network connection or asks nltk to download data."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    try:
        import nltk
    except ImportError:  # pragma: no cover - nltk is a dependency
        pass
    else:
        monkeypatch.setattr(nltk, "download", refuse)
    yield


@pytest.fixture
def articles():
    """The folder of three small articles the tests ship (tests/fixtures/articles)."""
    assert ARTICLES.is_dir(), f"fixture folder missing: {ARTICLES}"
    return ARTICLES


def run_module(*args: str, input: str | None = None, cwd=REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m summarize ARGS` in a fresh interpreter, text in and out (no `input`: stdin is
    /dev/null, so the command never waits on the test runner's own stdin)."""
    env = dict(os.environ)
    env["COLUMNS"] = "80"
    env.pop("PYTHONSTARTUP", None)
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_module
