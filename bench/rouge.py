"""ROUGE scoring by the benchmark protocol: mean ROUGE-1/2 recall x100 over clusters.

Each cluster's recall is averaged over its reference summaries; system and references are both
cut to the first N whitespace words; `rouge-score` with the Porter stemmer. This reproduces the
reference scorer beside the benchmark data exactly (same package, same cuts, same averaging).
"""

from __future__ import annotations

import statistics
from pathlib import Path


def cut(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def score_cluster(summary: str, refs: list[str], words: int, rouge) -> tuple[float, float]:
    """(R1, R2) recall of one summary against its references, averaged over references."""
    hyp = cut(summary, words)
    got = [rouge.score(cut(ref, words), hyp) for ref in refs]
    return statistics.mean(g["rouge1"].recall for g in got), statistics.mean(g["rouge2"].recall for g in got)


def references(bench: Path, cluster: str) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted((bench / cluster / "refs").glob("*.txt"))]


def score_summaries(bench: Path, summaries: dict[str, str], words: int, rouge=None) -> tuple[float, float, int] | None:
    """Mean (R1, R2) x100 over the clusters that have a summary, and how many those are."""
    rouge = rouge or scorer()
    r1, r2 = [], []
    for cluster in sorted(summaries):
        refs = references(bench, cluster)
        if not refs:
            continue
        a, b = score_cluster(summaries[cluster], refs, words, rouge)
        r1.append(a)
        r2.append(b)
    if not r1:
        return None
    return 100 * statistics.mean(r1), 100 * statistics.mean(r2), len(r1)


def read_dir(folder: Path) -> dict[str, str]:
    """Summaries stored one per cluster as <cluster>.txt."""
    return {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))}
