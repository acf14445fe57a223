"""The HTTP cache: conditional requests against a local server that counts what it is asked and
answers 304 when nothing changed; the brief of the second run is the first's."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler

import pytest
from conftest import run_module
from helpers import CABLE_CAR_PARAGRAPHS, serving

from bench.hostile import LIBRARY, SEA_WALL, feed
from summarize import summarize
from summarize.sources.cache import MAX_VALIDATOR, HttpCache, Stored, default_folder, unusable
from summarize.sources.url import fetch

FEED = feed(
    [
        ("Sea wall approved", "https://ok.example/wall", SEA_WALL),
        ("Library reopens", "https://ok.example/library", LIBRARY),
    ]
).encode()
PAGE = ("\n\n".join(CABLE_CAR_PARAGRAPHS) + "\n").encode()
MODIFIED = "Tue, 01 Dec 2026 06:00:00 GMT"


class Counting(BaseHTTPRequestHandler):
    """Answers by route, remembering every request's path and conditional headers."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, str]] = []  # (path, If-None-Match, If-Modified-Since)
    lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def answer(self, code: int, body: bytes = b"", ctype: str = "", headers: dict | None = None) -> None:
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        etag, since = self.headers.get("If-None-Match", ""), self.headers.get("If-Modified-Since", "")
        with self.lock:
            self.seen.append((self.path, etag, since))
        if self.path == "/feed.xml":  # an ETag
            if etag == '"v1"':
                return self.answer(304, headers={"ETag": '"v1"'})
            return self.answer(200, FEED, "application/rss+xml", {"ETag": '"v1"'})
        if self.path == "/page.txt":  # a Last-Modified date
            if since == MODIFIED:
                return self.answer(304)
            return self.answer(200, PAGE, "text/plain; charset=utf-8", {"Last-Modified": MODIFIED})
        if self.path == "/no-store":
            return self.answer(200, PAGE, "text/plain", {"ETag": '"n"', "Cache-Control": "private, no-store"})
        if self.path == "/long-etag":
            return self.answer(200, PAGE, "text/plain", {"ETag": '"' + "x" * MAX_VALIDATOR + '"'})
        if self.path == "/plain":  # no validator: nothing to ask about next time
            return self.answer(200, PAGE, "text/plain")
        if self.path == "/liar":  # a 304 to a request that asked nothing
            return self.answer(304)
        self.answer(404)


@pytest.fixture
def site():
    Counting.seen = []
    with serving(Counting) as address:
        yield address


def test_a_second_run_costs_a_304_per_address_and_gives_the_same_brief(site, tmp_path):
    args = (f"{site}/feed.xml", f"{site}/page.txt", "--cache", str(tmp_path / "cache"))
    first = run_module(*args)
    assert first.returncode == 0, first.stderr
    assert sorted(p for p, etag, since in Counting.seen) == ["/feed.xml", "/page.txt"]
    assert all(not etag and not since for _, etag, since in Counting.seen)
    Counting.seen = []
    second = run_module(*args)
    assert second.returncode == 0, second.stderr
    assert sorted(Counting.seen) == [("/feed.xml", '"v1"', ""), ("/page.txt", "", MODIFIED)]
    assert second.stdout == first.stdout and "Sea wall approved" in second.stdout


def test_the_api_uses_a_cache_only_when_given_one(site, tmp_path):
    summarize([f"{site}/feed.xml"])
    summarize([f"{site}/feed.xml"])
    assert [etag for _, etag, _ in Counting.seen] == ["", ""]
    first = summarize([f"{site}/feed.xml"], cache=tmp_path)
    again = summarize([f"{site}/feed.xml"], cache=tmp_path)
    assert [etag for _, etag, _ in Counting.seen[2:]] == ["", '"v1"']
    assert again.sentences == first.sentences and again.sources == first.sources


def test_no_cache_sends_no_condition_and_makes_no_folder(site, tmp_path):
    for _ in range(2):
        result = run_module(f"{site}/feed.xml", "--cache", str(tmp_path / "c"), "--no-cache")
        assert result.returncode == 0, result.stderr
    assert [etag for _, etag, _ in Counting.seen] == ["", ""]
    assert not (tmp_path / "c").exists()


def test_the_default_folder_is_under_the_users_cache_folder(site, tmp_path):
    env_home = tmp_path / "xdg"
    result = run_module_env({"XDG_CACHE_HOME": str(env_home)}, f"{site}/feed.xml")
    assert result.returncode == 0, result.stderr
    assert (env_home / "summarize").is_dir() and any((env_home / "summarize").iterdir())


def run_module_env(env: dict, *args: str):
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return run_module(*args)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_default_folder_follows_xdg_and_ignores_a_relative_one(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_folder() == tmp_path / "summarize"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/place")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_folder() == tmp_path / ".cache" / "summarize"


def test_the_config_file_names_the_cache_or_turns_it_off(site, tmp_path):
    folder = tmp_path / "from-config"
    (tmp_path / "on.toml").write_text(f'cache = "{folder}"\n')
    (tmp_path / "off.toml").write_text(f'cache = "{tmp_path / "never"}"\nno_cache = true\n')
    assert run_module(f"{site}/feed.xml", "--config", str(tmp_path / "on.toml")).returncode == 0
    assert folder.is_dir()
    assert run_module(f"{site}/feed.xml", "--config", str(tmp_path / "off.toml")).returncode == 0
    assert not (tmp_path / "never").exists()


def test_an_unusable_cache_folder_is_a_warning_and_the_brief_is_made(site, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = run_module(f"{site}/feed.xml", "--cache", str(tmp_path / "file"))
    assert result.returncode == 0 and "Sea wall approved" in result.stdout
    assert "warning: can't use the cache folder" in result.stderr and "it is not a folder" in result.stderr
    assert unusable(tmp_path / "file") == "it is not a folder" and unusable(tmp_path / "new" / "deeper") == ""


def test_an_empty_cache_option_is_a_usage_error(site):
    result = run_module(f"{site}/feed.xml", "--cache", "")
    assert result.returncode == 2 and "--cache is empty" in result.stderr


@pytest.mark.parametrize("route", ["/no-store", "/long-etag", "/plain"])
def test_answers_that_cant_or_may_not_be_kept_are_fetched_whole_again(site, tmp_path, route):
    cache = HttpCache(tmp_path)
    try:
        for _ in range(2):
            (found,) = fetch(site + route, max_bytes=1 << 20, cache=cache)
            assert found.text.startswith("The Kettleby cable car")
    finally:
        cache.close()
    assert [etag for _, etag, _ in Counting.seen] == ["", ""]


def test_a_304_without_a_stored_answer_is_reported_not_read(site, tmp_path):
    cache = HttpCache(tmp_path)
    try:
        (found,) = fetch(f"{site}/liar", max_bytes=1 << 20, cache=cache)
    finally:
        cache.close()
    assert found.reason.startswith("redirect not followed") or "304" in found.reason


def test_a_damaged_entry_is_a_miss(site, tmp_path):
    cache = HttpCache(tmp_path)
    try:
        fetch(f"{site}/feed.xml", max_bytes=1 << 20, cache=cache)
        cache._store.set(f"{site}/feed.xml", b"{not json\n" + FEED)
        assert cache.get(f"{site}/feed.xml") is None
        found = fetch(f"{site}/feed.xml", max_bytes=1 << 20, cache=cache)
    finally:
        cache.close()
    assert [s.title for s in found] == ["Sea wall approved", "Library reopens"]
    assert [etag for _, etag, _ in Counting.seen] == ["", ""]


def test_a_stored_answer_over_todays_size_cap_is_refused(site, tmp_path):
    cache = HttpCache(tmp_path)
    try:
        fetch(f"{site}/feed.xml", max_bytes=1 << 20, cache=cache)
        (found,) = fetch(f"{site}/feed.xml", max_bytes=100, cache=cache)
    finally:
        cache.close()
    assert "size cap" in found.reason


def test_the_cache_stays_within_its_size_limit(tmp_path):
    cache = HttpCache(tmp_path, size_limit=200_000)
    try:
        for n in range(40):
            cache.put(f"https://x.example/{n}", Stored(b"x" * 20_000, "text/plain", None, "https://x.example/", '"e"'))
        assert cache._store.volume() <= 200_000 + 100_000  # diskcache culls on each write, a few at a time
        assert cache.get("https://x.example/39") is not None and cache.get("https://x.example/0") is None
    finally:
        cache.close()


def test_validators_a_server_could_abuse_are_not_kept():
    from summarize.sources.cache import validator

    assert validator('"abc"') == '"abc"'
    assert validator("a\r\nX-Evil: 1") == "" and validator("x" * (MAX_VALIDATOR + 1)) == "" and validator(None) == ""
