"""How big and how fast a month of heavy reading is: a state of DAYS days of ARTICLES articles a day.

    python -m bench.state_scale [--days 30] [--articles 5000] [--runs 5]

Each article gets CONCEPTS distinct concept hashes, half from a shared Zipf-distributed news
vocabulary (the story words many articles repeat) and half its own (names, numbers, rare pairs):
more distinct concepts than the benchmark corpora grow, so the cap on concepts is reached as it
would be in use. Each day is remembered and saved as a brief would; then the medians of
`State.load` and `State.save` over RUNS runs, and the file's size, are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CONCEPTS = 600  # distinct concepts of one article (the benchmark articles have 590-660)


def build(days: int, articles: int, seed: int = 0):
    import numpy as np

    from summarize import State

    rng = np.random.default_rng(seed)
    state = State()
    first = date(2026, 11, 1)
    for day in range(days):
        shared = (rng.zipf(1.3, size=articles * CONCEPTS // 2) % 4_000_000_000).astype(np.uint32)
        own = rng.integers(0, 2**32, size=articles * CONCEPTS // 2, dtype=np.uint32)
        sources = [(f"https://news.example/{day}/{k}", f"article {day} {k}") for k in range(articles)]
        state.remember(sources, np.concatenate([shared, own]), first + timedelta(days=day))
        state.prune(first + timedelta(days=day))
    return state, first + timedelta(days=days - 1)


def main(argv: list[str] | None = None) -> int:
    from summarize import State

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--articles", type=int, default=5000, help="articles a day")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    state, today = build(args.days, args.articles)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state"
        saves, loads = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            state.save(path, today)
            saves.append(time.perf_counter() - start)
            start = time.perf_counter()
            loaded = State.load(path)
            loads.append(time.perf_counter() - start)
        size = path.stat().st_size
    load, save = statistics.median(loads), statistics.median(saves)
    print(f"state of {args.days} days x {args.articles:,} articles: {loaded!r} (built in {built:.0f} s)")
    print(
        f"file {size / 1e6:.1f} MB (goal <= 30 MB); load {load:.3f} s + save {save:.3f} s = {load + save:.3f} s "
        f"(goal <= 0.3 s; medians of {args.runs})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
