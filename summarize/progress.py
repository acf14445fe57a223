"""A progress display on stderr for long runs: shown only on a terminal, and only after a second."""

from __future__ import annotations

import sys
import time

DELAY = 1.0  # seconds of work before a display appears
INTERVAL = 0.25  # seconds between redraws at least: a few a second, however often work reports


class TerminalProgress:
    """Callable as `progress(stage, done, total)`; draws a rich progress bar once the run is slow.

    Use as a context manager so the bar is cleared when the work ends.
    """

    def __init__(self, stream=None, delay: float = DELAY, interval: float = INTERVAL) -> None:
        self.stream = stream or sys.stderr
        self.delay = delay
        self.interval = interval
        self.start = time.monotonic()
        self._drawn = 0.0
        self._bar = None
        self._task = None

    @staticmethod
    def wanted(stream=None) -> bool:
        stream = stream or sys.stderr
        return hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self._bar is None:
            if now - self.start < self.delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description:<11}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
                auto_refresh=False,  # drawn here, at most every `interval` seconds
            )
            self._bar.start()
            self._task = self._bar.add_task(stage, total=max(total, 1))
        elif now - self._drawn < self.interval:
            return
        self._drawn = now
        self._bar.update(self._task, description=stage, completed=done, total=max(total, 1))
        self._bar.refresh()

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
