"""Addresses fetched concurrently: a bounded number at once, fewer per host, the sources in input
order and the brief the one-at-a-time fetch gives; the time limits still hold for each fetch."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from helpers import serving

from bench.hostile import HostileSite
from summarize import summarize
from summarize.sources import load
from summarize.sources.fetcher import AT_ONCE, PER_HOST, Fetcher

PAUSE = 0.3
TOWNS = ["Ashby", "Brindle", "Corwen", "Dunmore", "Elsworth", "Fennick", "Garrow", "Hallam"]


def article(n: int) -> bytes:
    town = TOWNS[n % len(TOWNS)]
    return (
        f"The council of {town} voted on Monday to rebuild bridge number {n} before the winter floods. "
        f"Engineers in {town} said the work on bridge {n} would take about {n + 3} months to finish.\n"
    ).encode()


class Slow(BaseHTTPRequestHandler):
    """Each answer takes PAUSE seconds; counts the requests in flight, for each Host header."""

    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    now: dict[str, int] = {}
    most: dict[str, int] = {}
    most_overall = 0

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        host = self.headers.get("Host", "").split(":")[0]
        cls = type(self)
        with cls.lock:
            cls.now[host] = cls.now.get(host, 0) + 1
            cls.most[host] = max(cls.most.get(host, 0), cls.now[host])
            cls.most_overall = max(cls.most_overall, sum(cls.now.values()))
        try:
            time.sleep(PAUSE)
            body = article(int(self.path.strip("/").split(".")[0]))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with cls.lock:
                cls.now[host] -= 1


@pytest.fixture
def slow_site():
    Slow.now, Slow.most, Slow.most_overall = {}, {}, 0
    with serving(Slow) as address:
        yield address


def addresses(site: str, n: int) -> list[str]:
    """`n` addresses on two host names for one server (127.0.0.1 and localhost), interleaved."""
    port = site.rsplit(":", 1)[1]
    hosts = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    return [f"{hosts[i % 2]}/{i}.txt" for i in range(n)]


def test_at_most_two_at_once_per_host_and_several_at_once_in_all(slow_site):
    urls = addresses(slow_site, 12)
    loaded = load(urls)
    assert [s.path for s in loaded.sources] == urls and not loaded.skipped
    assert max(Slow.most.values()) <= PER_HOST
    assert Slow.most_overall > 1 and Slow.most_overall <= AT_ONCE


def test_the_same_sources_and_brief_as_one_at_a_time(slow_site):
    urls = addresses(slow_site, 8)
    at_once = load(urls)
    one_by_one = load(urls, at_once=1)
    assert one_by_one == at_once
    assert Slow.most_overall > 1  # the first load did overlap
    assert summarize(urls).to_json() == summarize(urls).to_json()


def test_a_long_list_from_one_host_does_not_hold_another_hosts_addresses(slow_site):
    port = slow_site.rsplit(":", 1)[1]
    urls = [f"http://127.0.0.1:{port}/{i}.txt" for i in range(10)] + [f"http://localhost:{port}/10.txt"]
    start = time.monotonic()
    with Fetcher(max_bytes=1 << 20, at_once=4) as fetcher:
        futures = [fetcher.submit(u) for u in urls]
        (late,) = futures[-1].result()
        waited = time.monotonic() - start
        assert all(f.result() for f in futures)
    assert late.path == urls[-1]
    assert waited < 5 * PAUSE  # it started in the first round, beside two of the ten, not after them


class Trickle(HostileSite):
    TRICKLE_BYTES = 60
    TRICKLE_PAUSE = 0.2


def test_each_fetch_keeps_its_own_time_limit_beside_the_others(slow_site):
    with serving(Trickle) as hostile:
        urls = [f"{hostile}/trickle", *addresses(slow_site, 4), f"{hostile}/gzip"]
        start = time.monotonic()
        loaded = load(urls, timeout=1.0)
        took = time.monotonic() - start
    assert [k.path for k in loaded.skipped] == [f"{hostile}/trickle"]
    assert loaded.skipped[0].reason.startswith("timed out")
    assert [s.path for s in loaded.sources] == urls[1:]
    assert took < 5.0


def test_files_alone_start_no_thread(tmp_path):
    (tmp_path / "a.txt").write_text(article(1).decode())
    before = threading.active_count()
    load([tmp_path])
    assert threading.active_count() == before
