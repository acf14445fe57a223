"""What a cron run costs on the network: addresses fetched one at a time (as before) beside the
concurrent fetch, and a second run through the HTTP cache (conditional requests, 304s).

    .venv/bin/python -m bench.network                 # 24 feeds on 2 host names, 0.2 s a request
    .venv/bin/python -m bench.network --feeds 48 --latency 0.5 --runs 5

A local server (127.0.0.1 only) answers every request after `--latency` seconds, as a distant
site would, with an RSS feed of benchmark-sized entries and an ETag; it counts requests, 304s and
body bytes sent. Times are medians of `--runs` runs of `summarize.sources.load` (the reading
stage: where the network is waited on); the machine is shared, so read the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.hostile import LIBRARY, SEA_WALL, feed


class Site(BaseHTTPRequestHandler):
    """Feed n at /n.xml, each answer after LATENCY seconds; a 304 when the ETag matches."""

    protocol_version = "HTTP/1.1"
    LATENCY = 0.2
    lock = threading.Lock()
    requests = not_modified = body_bytes = 0

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        time.sleep(self.LATENCY)
        n = int(self.path.strip("/").split(".")[0])
        etag = f'"feed-{n}"'
        cls = type(self)
        if self.headers.get("If-None-Match") == etag:
            with cls.lock:
                cls.requests += 1
                cls.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        items = [(f"Item {n}.{k}", f"https://news.example/{n}/{k}", (SEA_WALL, LIBRARY)[k % 2]) for k in range(20)]
        body = feed(items, f"Feed {n}").encode()
        with cls.lock:
            cls.requests += 1
            cls.body_bytes += len(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _counts() -> tuple[int, int, int]:
    return Site.requests, Site.not_modified, Site.body_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=24)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds the server waits before each answer")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    from summarize.sources import load
    from summarize.sources.fetcher import AT_ONCE, PER_HOST

    Site.LATENCY = options.latency
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    hosts = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    urls = [f"{hosts[n % 2]}/{n}.xml" for n in range(options.feeds)]

    def measure(label: str, **kwargs) -> tuple[str, float, tuple[int, int, int], object]:
        times, loaded = [], None
        before = _counts()
        for _ in range(options.runs):
            start = time.perf_counter()
            loaded = load(urls, **kwargs)
            times.append(time.perf_counter() - start)
        after = _counts()
        per_run = tuple((a - b) // options.runs for a, b in zip(after, before, strict=True))
        return label, statistics.median(times), per_run, loaded

    rows = [measure("one at a time, no cache (before)", at_once=1)]
    rows.append(measure(f"concurrent ({AT_ONCE} at once, {PER_HOST} per host), no cache"))
    with tempfile.TemporaryDirectory() as folder:
        load(urls, cache=folder)  # the first run of the day fills the cache
        rows.append(measure("concurrent, second run through the cache", cache=folder))
    server.shutdown()
    base = rows[0][1]
    same = all(r[3] == rows[0][3] for r in rows)
    print(f"{options.feeds} feeds of 20 entries on 2 host names, {options.latency:g} s a request; "
          f"median of {options.runs} runs; the same sources every way: {same}")  # fmt: skip
    print("| fetch | time | vs before | requests | 304s | body bytes sent |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, seconds, (requests, not_modified, sent), _ in rows:
        print(f"| {label} | {seconds:.2f} s | {base / seconds:.1f}x | {requests} | {not_modified} | {sent:,} |")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
