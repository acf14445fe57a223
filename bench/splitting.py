"""Splitting benchmark: our sentence splitter beside pySBD's, in one run.

    python -m bench.splitting [--runs 5] [--pysbd-paragraphs 400]

Three checks, each printed for both splitters:
- the 48 English golden rules of pySBD's suite (bench.golden_rules): how many are split exactly;
- speed on real news: every paragraph of the benchmark documents under ../shared/bench (ours),
  and the first `--pysbd-paragraphs` of them (pySBD, which is far slower), in sentences a
  second, median of `--runs` runs (the machine is shared, so single timings are noisy: compare
  the ratio);
- the DUC reference summaries, written one sentence a line: each summary's lines joined into one
  paragraph and split again; boundary precision and recall, and the share of summaries split
  exactly into their lines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .golden_rules import GOLDEN_RULES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
BENCHES = ("duc2004-dev", "duc2006")

Splitter = Callable[[str], list[str]]


def ours() -> Splitter:
    from summarize.text import split_sentences

    return split_sentences


def pysbd_splitter() -> Splitter | None:
    """pySBD's English segmenter as its documentation shows it (no cleaning), or None if absent."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]


def rules_passed(split: Splitter) -> int:
    """How many golden rules `split` gets exactly right."""
    return sum(split(text) == expected for text, expected in GOLDEN_RULES)


def news_paragraphs(root: Path = SHARED) -> list[str]:
    """Every non-empty paragraph of the benchmark documents, in a fixed order."""
    out: list[str] = []
    for bench in BENCHES:
        for doc in sorted((root / bench).glob("*/docs/*.txt")):
            text = doc.read_text(encoding="utf-8", errors="replace")
            out.extend(" ".join(p.split()) for p in text.split("\n\n") if p.strip())
    return out


def speed(split: Splitter, paragraphs: Sequence[str], runs: int) -> tuple[float, int]:
    """(sentences a second, median of `runs`; sentences found)."""
    rates, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = sum(len(split(p)) for p in paragraphs)
        rates.append(found / (time.perf_counter() - start))
    return statistics.median(rates), found


def reference_summaries(root: Path = SHARED) -> list[list[str]]:
    """The DUC reference summaries as lists of their lines (one sentence a line)."""
    out = []
    for bench in BENCHES:
        for ref in sorted((root / bench).glob("*/refs/*.txt")):
            lines = [" ".join(x.split()) for x in ref.read_text(encoding="utf-8", errors="replace").splitlines()]
            lines = [x for x in lines if x]
            if lines:
                out.append(lines)
    return out


def _cuts(sentences: Sequence[str]) -> set[int]:
    """Where, in characters of the joined text, each sentence after the first starts."""
    at, cuts = 0, set()
    for s in sentences[:-1]:
        at += len(s) + 1
        cuts.add(at)
    return cuts


def boundaries(split: Splitter, summaries: Sequence[list[str]]) -> tuple[float, float, float]:
    """(boundary precision, boundary recall, share of summaries split exactly), in percent."""
    right = found = wanted = exact = 0
    for lines in summaries:
        got = split(" ".join(lines))
        truth, cuts = _cuts(lines), _cuts(got)
        right += len(truth & cuts)
        found += len(cuts)
        wanted += len(truth)
        exact += got == lines
    return 100 * right / max(found, 1), 100 * right / max(wanted, 1), 100 * exact / max(len(summaries), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="timed runs (the median is printed)")
    ap.add_argument("--pysbd-paragraphs", type=int, default=400, help="paragraphs pySBD is timed on")
    args = ap.parse_args(argv)
    splitters: list[tuple[str, Splitter | None]] = [("ours", ours()), ("pysbd", pysbd_splitter())]
    have_data = all((SHARED / b).is_dir() for b in BENCHES)
    paragraphs = news_paragraphs() if have_data else []
    summaries = reference_summaries() if have_data else []
    where = ", ".join(BENCHES)
    print(f"== splitting: {len(GOLDEN_RULES)} golden rules; news: {len(paragraphs)} paragraphs of {where};")
    print(f"   {len(summaries)} reference summaries, one sentence a line; speed is the median of {args.runs} runs")
    header = ("rules", 7), ("sent/s", 10), ("timed on", 18), ("precision", 9), ("recall", 7), ("exact", 6)
    print(f"{'splitter':10s} " + " ".join(f"{h:>{w}s}" for h, w in header))
    for name, split in splitters:
        if split is None:
            print(f"{name:10s} not installed (pip install -e '.[dev]')")
            continue
        passed = rules_passed(split)
        if not have_data:
            print(f"{name:10s} {passed:4d}/{len(GOLDEN_RULES)}  (../shared/bench absent: no speed or reference rows)")
            continue
        sample = paragraphs if name == "ours" else paragraphs[: args.pysbd_paragraphs]
        rate, found = speed(split, sample, args.runs if name == "ours" else max(1, args.runs // 2))
        p, r, e = boundaries(split, summaries)
        timed = f"{found} sentences"
        print(f"{name:10s} {passed:4d}/{len(GOLDEN_RULES)} {rate:10,.0f} {timed:>18s} {p:9.2f} {r:7.2f} {e:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
