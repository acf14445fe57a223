"""Update benchmark (DUC 2007 update task): briefs that say only what is new, scored by PROTOCOL.md.

    python -m bench.update [BENCH_DIR] [--out DIR] [--query] [--novelty X]
    python -m bench.update --cv 0.3,0.4,0.5,0.6,0.7      # NOVELTY chosen by leave-one-topic-out

Each topic's three chronological sets A, B, C are summarised in order through the public API
with one fresh `State` per topic, a day apart (so B is read by someone who read A, C by someone
who read A and B): the rows `ours+state`. The rows `ours alone` summarise each set without any
state. Both are printed, per set A, B, C and for B+C (the 20 update summaries), beside every
official system (`peers/<id>/<topic>-<set>.txt`; 35 and 58 are NIST's baselines) and the
humans row (each human summary scored against the other three), all in the same run with the
same scorer. Summaries are written to OUT/<row>/<topic>-<set>.txt.

`--cv` cross-validates the one setting of the state's ranking, what a concept already read still
weighs (`concepts.NOVELTY`), across topics: for each topic the value with the best B+C R2 on the
other nine is chosen, and that topic's B and C summaries under it are scored; ten topics are few,
so this is the honest figure beside the in-sample one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from . import rouge

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEFAULT_BENCH = SHARED / "duc2007-update"
OUT = Path(__file__).resolve().parent / "out" / "duc2007-update"
WORDS = 100
SETS = ("A", "B", "C")
FIRST_DAY = date(2026, 11, 1)  # set A is read on this day, B the next, C the day after


def topics(bench: Path) -> list[Path]:
    return sorted(p for p in bench.iterdir() if (p / "A" / "docs").is_dir())


def _summary(digest) -> str:
    return "\n".join(s.text for s in digest.sentences) + "\n"


def run_ours(bench: Path, query: bool, novelty: float | None, alone: bool = True) -> dict[str, dict[str, str]]:
    """Our summaries, `{row: {"<topic>-<set>": text}}`, with the state and each set alone."""
    from summarize import State, summarize
    from summarize.rank import concepts

    if novelty is not None:  # a trial of another global setting (BENCHMARKS.md lists those tried)
        concepts.NOVELTY = novelty
    rows: dict[str, dict[str, str]] = {"ours+state": {}, "ours alone": {}}
    for topic in topics(bench):
        question = (topic / "topic.txt").read_text(encoding="utf-8").strip() if query else None
        state = State()
        for k, name in enumerate(SETS):
            docs = [topic / name / "docs"]
            today = FIRST_DAY + timedelta(days=k)
            key = f"{topic.name}-{name}"
            rows["ours+state"][key] = _summary(summarize(docs, words=WORDS, query=question, state=state, today=today))
            if alone:
                rows["ours alone"][key] = _summary(summarize(docs, words=WORDS, query=question, today=today))
    return rows


def peers(bench: Path) -> dict[str, dict[str, str]]:
    folder = bench / "peers"
    if not folder.is_dir():
        return {}
    return {f"peer:{p.name}": rouge.read_dir(p) for p in sorted(folder.iterdir(), key=_peer_order) if p.is_dir()}


def _peer_order(path: Path) -> tuple[int, str]:
    return (int(path.name), "") if path.name.isdigit() else (10**6, path.name)


def _refs(bench: Path, key: str) -> list[str]:
    topic, _, name = key.rpartition("-")
    return [p.read_text(encoding="utf-8") for p in sorted((bench / topic / name / "refs").glob("*.txt"))]


def score(bench: Path, summaries: dict[str, str], keys: list[str], scorer) -> tuple[float, float, int] | None:
    """Mean (R1, R2) recall x100 over the `keys` that have a summary, and how many those are."""
    got = [rouge.score_cluster(summaries[k], _refs(bench, k), WORDS, scorer) for k in keys if k in summaries]
    if not got:
        return None
    return 100 * statistics.mean(g[0] for g in got), 100 * statistics.mean(g[1] for g in got), len(got)


def humans(bench: Path, keys: list[str], scorer) -> tuple[float, float, int]:
    """Each human summary against the other three of its set, averaged per set, then over sets."""
    r1, r2 = [], []
    for key in keys:
        refs = _refs(bench, key)
        got = [rouge.score_cluster(ref, refs[:i] + refs[i + 1 :], WORDS, scorer) for i, ref in enumerate(refs)]
        r1.append(statistics.mean(g[0] for g in got))
        r2.append(statistics.mean(g[1] for g in got))
    return 100 * statistics.mean(r1), 100 * statistics.mean(r2), len(keys)


def table(bench: Path, rows: dict[str, dict[str, str]]) -> str:
    """One table: a column pair (R1, R2) per set A, B, C and B+C, a row per system, by B+C R2."""
    scorer = rouge.scorer()
    names = [t.name for t in topics(bench)]
    parts = {s: [f"{t}-{s}" for t in names] for s in SETS}
    parts["B+C"] = parts["B"] + parts["C"]
    scored: dict[str, dict[str, tuple | None]] = {
        row: {part: score(bench, summaries, keys, scorer) for part, keys in parts.items()}
        for row, summaries in rows.items()
    }
    scored["humans (each vs other 3)"] = {part: humans(bench, keys, scorer) for part, keys in parts.items()}
    head = f"{'system':26s}" + "".join(f" {part + ' R1':>8s} {part + ' R2':>8s}" for part in parts)
    lines = [f"== {bench.name}: {len(names)} topics, {WORDS} words, recall x100 (PROTOCOL.md)", head]

    def key(row: str) -> float:
        got = scored[row]["B+C"]
        return -(got[1] if got else -1.0)

    for row in sorted(scored, key=key):
        cells = ""
        for part in parts:
            got = scored[row][part]
            cells += f" {got[0]:8.2f} {got[1]:8.2f}" if got else f" {'-':>8s} {'-':>8s}"
        lines.append(f"{row:26s}{cells}")
    return "\n".join(lines)


def leave_one_out(per_topic: dict[float, dict[str, float]], default: float) -> dict[str, float]:
    """For each topic, the setting whose mean score over the other topics is best (`per_topic`
    maps a setting to each topic's score under it; on a tie, the setting nearest `default`)."""
    topics_ = sorted(next(iter(per_topic.values())))
    choice = {}
    for topic in topics_:
        rest = [t for t in topics_ if t != topic]
        choice[topic] = max(
            per_topic, key=lambda x: (statistics.mean(per_topic[x][t] for t in rest), -abs(x - default))
        )
    return choice


def cross_validate(bench: Path, settings: list[float], query: bool) -> str:
    """Each setting's B+C in sample, then the leave-one-topic-out row (see the module's doc)."""
    from summarize.rank import concepts

    default = concepts.NOVELTY
    scorer = rouge.scorer()
    names = [t.name for t in topics(bench)]
    scores: dict[float, dict[str, tuple[float, float]]] = {}
    try:
        for x in settings:
            ours = run_ours(bench, query, x, alone=False)["ours+state"]
            scores[x] = {
                key: rouge.score_cluster(ours[key], _refs(bench, key), WORDS, scorer)
                for key in ours
                if not key.endswith("-A")
            }
    finally:
        concepts.NOVELTY = default

    lines = [f"== {bench.name}: NOVELTY by leave-one-topic-out over {settings} (B+C R2 of the other topics)"]
    for x in settings:
        got = list(scores[x].values())
        b = [scores[x][f"{t}-B"][1] for t in names]
        lines.append(
            f"NOVELTY {x:<5g} in sample   B+C R1 {100 * statistics.mean(g[0] for g in got):6.2f}"
            f"  R2 {100 * statistics.mean(g[1] for g in got):6.2f}   B R2 {100 * statistics.mean(b):6.2f}"
        )
    per_topic = {x: {t: statistics.mean(scores[x][f"{t}-{s}"][1] for s in ("B", "C")) for t in names} for x in settings}
    choice = leave_one_out(per_topic, default)
    held = [scores[choice[t]][f"{t}-{s}"] for t in names for s in ("B", "C")]
    held_b = [scores[choice[t]][f"{t}-B"][1] for t in names]
    picks = [choice[t] for t in names]
    chosen = ", ".join(f"{x:g} x{picks.count(x)}" for x in settings if picks.count(x))
    lines.append(
        f"cross-validated      B+C R1 {100 * statistics.mean(g[0] for g in held):6.2f}"
        f"  R2 {100 * statistics.mean(g[1] for g in held):6.2f}   B R2 {100 * statistics.mean(held_b):6.2f}"
        f"   (chosen: {chosen})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", nargs="?", type=Path, default=DEFAULT_BENCH, help="the duc2007-update folder")
    ap.add_argument("--out", type=Path, default=OUT, help="where our summaries are written")
    ap.add_argument("--query", action="store_true", help="give each topic's question as the query")
    ap.add_argument("--novelty", type=float, default=None, help="weight of concepts already read (default: ours)")
    ap.add_argument("--cv", default="", help="NOVELTY values to cross-validate across topics (comma-separated)")
    args = ap.parse_args(argv)
    if not args.bench.is_dir():
        print(f"bench.update: skipped {args.bench}: folder absent (the benchmark data lives in ../shared/bench)")
        return 0
    start = time.perf_counter()
    if args.cv:
        print(cross_validate(args.bench, [float(x) for x in args.cv.split(",")], args.query))
        print(f"({time.perf_counter() - start:.0f} s)")
        return 0
    ours = run_ours(args.bench, args.query, args.novelty)
    for row, summaries in ours.items():
        folder = args.out / row.replace(" ", "-").replace("+", "-")
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in summaries.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    print(table(args.bench, {**ours, **peers(args.bench)}))
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
