"""Addresses fetched a few at a time: a bounded thread pool, at most PER_HOST at once on one host
(a politeness to the sites a brief reads), each fetch with the caps and time limit of `url.fetch`.
The standard library's pool is enough: the work is waiting on the network, not computing.

A fetch waits for its turn on the host before its own time limit starts. The caller keeps the
futures in input order, so the brief is the one a fetch of each address in turn would give.
The pool and the cache are made only when the first address is met: reading files starts no thread.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from typing import TYPE_CHECKING

from ..models import Skipped, Source
from .url import DEFAULT_TIMEOUT, fetch

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

AT_ONCE = 8  # fetches in flight at most: the waiting is on the network, so threads are enough
PER_HOST = 2  # of those, on one host at most


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class Fetcher:
    """Fetches addresses in the background: `submit(url)` gives a future of what `fetch` gives.
    Addresses wait in one queue per host, so a long list from one site holds no thread while
    another site's addresses could go. Use as a context manager: leaving it (after an error)
    drops the addresses not started, waits for those running and closes the cache."""

    def __init__(
        self,
        *,
        max_bytes: int,
        timeout: float = DEFAULT_TIMEOUT,
        cache: str | os.PathLike | None = None,
        at_once: int = AT_ONCE,
        per_host: int = PER_HOST,
    ) -> None:
        self.max_bytes, self.timeout, self.at_once, self.per_host = max_bytes, timeout, at_once, per_host
        self._cache_folder = cache
        self._cache = None
        self._pool: ThreadPoolExecutor | None = None
        self._waiting: dict[str, deque[tuple[str, Future]]] = {}  # host -> its addresses not started, in order
        self._busy: dict[str, int] = {}  # host -> its fetches running
        self._running = 0
        self._lock = threading.Lock()

    def submit(self, url: str) -> Future[list[Source | Skipped]]:
        """Queue `url`; its future holds the sources found or the skip."""
        from concurrent.futures import Future, ThreadPoolExecutor  # 25 ms to import: only when an address is met

        if self._pool is None:
            if self._cache_folder is not None:
                from .cache import HttpCache

                self._cache = HttpCache(self._cache_folder)
            self._pool = ThreadPoolExecutor(max_workers=self.at_once, thread_name_prefix="fetch")
        future: Future[list[Source | Skipped]] = Future()
        with self._lock:
            self._waiting.setdefault(_host(url), deque()).append((url, future))
            self._start_ready()
        return future

    def _start_ready(self) -> None:
        """Start waiting fetches while there is room, hosts in the order they were first met
        (called with the lock held)."""
        for host in list(self._waiting):
            queue = self._waiting[host]
            while queue and self._running < self.at_once and self._busy.get(host, 0) < self.per_host:
                url, future = queue.popleft()
                self._busy[host] = self._busy.get(host, 0) + 1
                self._running += 1
                self._pool.submit(self._run, host, url, future)
            if not queue:
                del self._waiting[host]
            if self._running >= self.at_once:
                return

    def _run(self, host: str, url: str, future: Future) -> None:
        try:
            future.set_result(fetch(url, max_bytes=self.max_bytes, timeout=self.timeout, cache=self._cache))
        except BaseException as err:  # handed to the caller, who meets it on .result()
            future.set_exception(err)
        finally:
            with self._lock:
                self._busy[host] -= 1
                self._running -= 1
                self._start_ready()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            for queue in self._waiting.values():
                for _, future in queue:
                    future.cancel()
            self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self._cache is not None:
            self._cache.close()
