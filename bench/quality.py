"""Quality benchmark: every algorithm on every cluster, scored side by side with published systems.

    python -m bench.quality [BENCH_DIR ...] [--algorithms a,b] [--out DIR]

For each cluster of a benchmark folder (<cluster>/docs, <cluster>/refs, peers/<system>/), the
documents are summarised through the public API at the benchmark's word budget (100 words for
DUC 2004, 250 for DUC 2006), the summaries written to OUT/<bench>/<algorithm>/<cluster>.txt, and
one table printed: our algorithms, sumy's, and every published system, scored in the same run.
Then a readability table (bench.readability) for the default algorithm: its summaries at the
word budget and at `--length 10` (with the cluster's question too where there is one), beside
the human reference summaries.

sumy's algorithms run in a child process per algorithm with a time cap per cluster and a memory
cap; a capped cluster gets no summary and the row says how many were capped. KL-Sum is cubic and
runs on DUC 2004 only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import readability, rouge

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
DEFAULT_BENCHES = [SHARED / "duc2004-dev", SHARED / "duc2006"]
OUT = Path(__file__).resolve().parent / "out"
TIME_CAP = 60  # seconds per cluster for a sumy algorithm
MEMORY_CAP = 4 * 1024**3  # bytes of address space for a sumy child process
SUMY_ONLY_ON_SMALL = {"kl"}  # too slow for pooled DUC 2006 clusters
TRAINED_ON = "duc2006"  # the benchmark the concept weights were fitted on (summarize.rank.concepts)


def budget_words(bench: Path) -> int:
    return 250 if "2006" in bench.name else 100


def clusters(bench: Path) -> list[Path]:
    return sorted(p for p in bench.iterdir() if (p / "docs").is_dir())


def query_of(cluster: Path) -> str | None:
    topic = cluster / "topic.txt"
    return topic.read_text(encoding="utf-8").strip() if topic.exists() else None


def summarise_cluster(cluster: Path, algorithm: str, words: int, use_query: bool = False) -> str:
    """The summary users would get: the public API, default settings, the word budget,
    and the cluster's question as `query` when asked."""
    from summarize import summarize

    query = query_of(cluster) if use_query else None
    digest = summarize([cluster / "docs"], words=words, algorithm=algorithm, query=query)
    return "\n".join(s.text for s in digest.sentences) + "\n"


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def run_capped(bench: Path, algorithm: str, out: Path, cap: int, use_query: bool = False) -> dict:
    """Child-process body: summarise every cluster, each under a time cap. Returns a report."""
    signal.signal(signal.SIGALRM, _alarm)
    words = budget_words(bench)
    out.mkdir(parents=True, exist_ok=True)
    capped, failed, seconds = [], [], 0.0
    for cluster in clusters(bench):
        start = time.perf_counter()
        signal.alarm(cap)
        try:
            text = summarise_cluster(cluster, algorithm, words, use_query)
        except _Timeout:
            capped.append(cluster.name)
            continue
        except MemoryError:
            capped.append(cluster.name)
            continue
        except Exception as err:  # a benchmark row reports failures instead of dying
            failed.append(f"{cluster.name}: {type(err).__name__}: {err}")
            continue
        finally:
            signal.alarm(0)
            seconds += time.perf_counter() - start
        (out / f"{cluster.name}.txt").write_text(text, encoding="utf-8")
    return {"capped": capped, "failed": failed, "seconds": seconds}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_child(bench: Path, algorithm: str, out: Path, cap: int) -> dict:
    """Run one sumy algorithm over a benchmark in a memory-capped child process."""
    cmd = [
        sys.executable,
        "-m",
        "bench.quality",
        "--child",
        algorithm,
        "--out",
        str(out),
        "--cap",
        str(cap),
        str(bench),
    ]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    done = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=_limit_memory, env=env)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"capped": [], "failed": [f"child exited {done.returncode}: {tail}"], "seconds": 0.0}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[tuple[str, tuple | None, str]], words: int, title: str) -> str:
    lines = [title, f"{'system':28s} {'R1':>6s} {'R2':>6s} {'clusters':>8s}  notes   (recall x100, {words} words)"]
    for name, score, note in sorted(rows, key=lambda r: -(r[1][1] if r[1] else -1)):
        if score:
            lines.append(f"{name:28s} {score[0]:6.2f} {score[1]:6.2f} {score[2]:8d}  {note}")
        else:
            lines.append(f"{name:28s} {'-':>6s} {'-':>6s} {0:8d}  {note or 'no summaries'}")
    return "\n".join(lines)


def benchmark(bench: Path, algorithms: list[str], out_root: Path, cap: int, jobs: int) -> str:
    from summarize import ALGORITHMS

    words = budget_words(bench)
    scorer = rouge.scorer()
    rows: list[tuple[str, tuple | None, str]] = []
    out_bench = out_root / bench.name

    def run(name: str) -> tuple[str, dict]:
        algorithm, _, flavour = name.partition("+")
        out = out_bench / name
        if out.exists():
            for old in out.glob("*.txt"):
                old.unlink()
        if ALGORITHMS[algorithm].native:
            start = time.perf_counter()
            report = run_capped(bench, algorithm, out, cap=0, use_query=flavour == "query")
            report["seconds"] = time.perf_counter() - start
            return name, report
        return name, run_child(bench, name, out, cap)

    has_questions = any((c / "topic.txt").exists() for c in clusters(bench))
    wanted = [a for a in algorithms if not (a in SUMY_ONLY_ON_SMALL and words > 100)]
    skipped = [a for a in algorithms if a not in wanted]
    native = [a for a in wanted if ALGORITHMS[a].native]
    if has_questions:  # query-focused rows beside the generic ones
        wanted += [f"{a}+query" for a in native if ALGORITHMS[a].takes_query]
        native = [a for a in wanted if ALGORITHMS[a.partition("+")[0]].native]
    others = [a for a in wanted if not ALGORITHMS[a.partition("+")[0]].native]
    reports = dict(run(a) for a in native)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        reports.update(pool.map(run, others))
    n_clusters = len(clusters(bench))
    for name in wanted:
        report = reports[name]
        notes = [f"{report['seconds'] / n_clusters:.2f} s/cluster"]
        if report["capped"]:
            notes.append(f"{len(report['capped'])} capped (> {cap} s or memory)")
        if report["failed"]:
            notes.append(f"{len(report['failed'])} failed: {report['failed'][0][:60]}")
        if name.partition("+")[0] == "concepts" and bench.name == TRAINED_ON:
            notes.append(f"weights fitted on {TRAINED_ON}: in-sample (cross-validated: bench.learn_concepts)")
        label = name if ALGORITHMS[name.partition("+")[0]].native else f"sumy-{name}"
        rows.append(
            (label, rouge.score_summaries(bench, rouge.read_dir(out_bench / name), words, scorer), "; ".join(notes))
        )
    for name in skipped:
        rows.append((f"sumy-{name}", None, "not run: cubic cost on pooled clusters this size"))
    peers = bench / "peers"
    if peers.is_dir():
        for peer in sorted(p for p in peers.iterdir() if p.is_dir()):
            rows.append((f"peer:{peer.name}", rouge.score_summaries(bench, rouge.read_dir(peer), words, scorer), ""))
    return table(rows, words, f"== {bench.name}: {n_clusters} clusters, summaries in {out_bench}")


def _lines(text: str) -> list[str]:
    return [x for x in text.splitlines() if x.strip()]


def readability_table(bench: Path, out_bench: Path, default: str, length: int = 10) -> str:
    """Readability of the default algorithm's summaries at the word budget (read from
    `out_bench`, when that row ran) and at `length` sentences (made here), and of the
    references."""
    from summarize import summarize

    words = budget_words(bench)
    rows: list[tuple[str, list[list[str]], list[list[str]] | None]] = []
    questions = any(query_of(c) for c in clusters(bench))
    docs = {
        c.name: [p.read_text(encoding="utf-8", errors="replace") for p in sorted((c / "docs").glob("*"))]
        for c in clusters(bench)
    }
    for flavour in ["", "+query"] if questions else [""]:
        stored = out_bench / f"{default}{flavour}"
        if stored.is_dir():
            summaries = rouge.read_dir(stored)
            rows.append(
                (
                    f"{default}{flavour} --words {words}",
                    [_lines(t) for t in summaries.values()],
                    [docs[c] for c in summaries],
                )
            )
        made = []
        for cluster in clusters(bench):
            query = query_of(cluster) if flavour else None
            made.append([s.text for s in summarize([cluster / "docs"], length=length, query=query).sentences])
        rows.append((f"{default}{flavour} --length {length}", made, list(docs.values())))
    refs = [_lines(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(bench.glob("*/refs/*.txt"))]
    rows.append(("human references (one a line)", refs, None))
    lines = [f"-- readability: {bench.name} ({len(clusters(bench))} clusters)", readability.HEADER]
    lines += [readability.measure(digests, sources).row(name) for name, digests, sources in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from summarize import ALGORITHMS
    from summarize.rank import DEFAULT_ALGORITHM

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("benches", nargs="*", type=Path, help="benchmark folders (default: DUC 2004 dev and DUC 2006)")
    ap.add_argument("--algorithms", default=",".join(ALGORITHMS), help="comma-separated algorithm names")
    ap.add_argument("--out", type=Path, default=OUT, help="where summaries are written")
    ap.add_argument("--cap", type=int, default=TIME_CAP, help="seconds per cluster for sumy's algorithms")
    ap.add_argument("--jobs", type=int, default=2, help="sumy algorithms run at once")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_capped(args.benches[0], args.child, args.out, args.cap)))
        return 0
    algorithms = [a.strip() for a in args.algorithms.split(",") if a.strip()]
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown:
        print(f"bench.quality: unknown algorithm(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    benches = args.benches or DEFAULT_BENCHES
    ran = 0
    for bench in benches:
        if not bench.is_dir():
            print(f"bench.quality: skipped {bench}: folder absent (the benchmark data lives in ../shared/bench)")
            continue
        start = time.perf_counter()
        print(benchmark(bench, algorithms, args.out, args.cap, args.jobs))
        if DEFAULT_ALGORITHM in algorithms:
            print(readability_table(bench, args.out / bench.name, DEFAULT_ALGORITHM))
        print(f"({time.perf_counter() - start:.0f} s)\n", flush=True)
        ran += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
