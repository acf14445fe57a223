"""The brief on a local Dask cluster beside the single-process run, on the same input, in one run.

    python -m bench.dask [--sentences 1000000] [--workers 2] [--runs 1]

The input is bench.speed's: the benchmark sentences (../shared/bench), resampled and varied past
the number there are, written as articles of 20 sentences. Each run is a fresh child process
calling the library as the command does (`summarize(folder)`, then every format rendered); the
Dask run starts its local cluster of `--workers` worker processes first (that start-up is shown
apart). Printed: wall time (median of `--runs`), the time of each stage (from the progress
reports), the client's peak memory and each worker's, whether the rendered briefs are equal byte
for byte, and, from the cluster's task stream, what each kind of task cost and how many bytes
its results are (what crosses the network to the client or another worker).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("text", "markdown", "json", "html")
TASKS = {
    "_prepare": "read, clean, split",
    "_summary": "language counts",
    "_number": "final ids, stems (to client)",
    "_stems_of": "stories: few sources' stems",
    "_whole": "stories: few, in one task",
    "_terms": "stories: stems counted",
    "_piece": "stories: parts moved",
    "_vocabulary": "stories: stems numbered",
    "_rows": "stories: TF-IDF rows",
    "_setup": "stories: rows stacked, search",
    "_span": "stories: candidates, cosines",
    "_weights": "stories: weights to choose",
    "_choice": "stories: signatures chosen",
    "_signature": "stories: signature rows",
    "_use": "stories: word use counted",
    "_common": "stories: common words",
    "_common_entries": "stories: common entries",
    "_ring": "stories: ring candidates",
    "_ring_part": "stories: a span's ring",
    "_hold": "stories: a span's rows",
    "_words": "stories: a span's words",
    "_columns": "stories: signature columns",
    "_span_pairs": "stories: candidate pairs",
    "_named": "stories: rows pairs name",
    "_cosines": "stories: exact cosines",
    "_links": "stories: links merged",
    "_labels": "stories: communities",
    "_members": "stories: shared rows",
    "_grouped": "stories: held, joined",
    "_small": "stories: small, one task",
    "_sentence_stems": "sentences' stems for the pairs",
    "_shingles": "pairs: shingles to buckets",
    "_owned": "pairs: shingle counts",
    "_anchors": "pairs: anchors, histogram",
    "_anchor_buckets": "pairs: anchors to buckets",
    "_candidates": "pairs: candidates",
    "_requests": "pairs: shingles asked",
    "_send": "pairs: shingles sent",
    "_decide": "pairs: decided",
    "getitem": "parts of results moved",
}


class _Handed:
    """A scheduler plugin: per kind of task, the largest sum of its inputs' sizes (what one task
    is handed and holds while it runs, beside what it makes)."""

    name = "bench-handed"

    def __init__(self) -> None:
        self.largest: dict[str, int] = defaultdict(int)

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        if finish != "processing":
            return
        task = self.scheduler.tasks.get(key)  # the scheduler: set in `start`
        if task is not None:
            handed = sum(d.nbytes or 0 for d in task.dependencies)
            name = _task_name(key)
            self.largest[name] = max(self.largest[name], handed)

    async def start(self, scheduler) -> None:
        self.scheduler = scheduler


def _largest_handed(dask_scheduler=None) -> dict[str, int]:
    return dict(dask_scheduler.plugins[_Handed.name].largest)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(folder: str, workers: int) -> dict:
    """One run in this process: the brief of `folder`, locally (`workers` 0) or on a local cluster."""
    from summarize import summarize

    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter()))

    result: dict = {}
    if workers:
        import logging

        from distributed import Client, LocalCluster, get_task_stream

        started = time.perf_counter()
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
        )
        client = Client(cluster)
        from distributed.diagnostics.plugin import SchedulerPlugin

        client.register_plugin(type("Handed", (_Handed, SchedulerPlugin), {})())
        result["cluster_start"] = time.perf_counter() - started
        start = time.perf_counter()
        with get_task_stream(client) as stream:
            digest = summarize([folder], client=client, progress=progress)
            marks.append(("render", time.perf_counter()))
            rendered = [digest.render(f) for f in FORMATS]
        result["wall"] = time.perf_counter() - start
        moved: dict[str, int] = defaultdict(int)
        peers = list(client.scheduler_info()["workers"])
        for sent in client.run(_moved, peers).values():
            for name, nbytes in sent.items():
                moved[name] += nbytes
        result["tasks"] = _tasks(stream.data, moved, client.run_on_scheduler(_largest_handed))
        result["workers_peak_mb"] = sorted(client.run(_peak_mb).values())
        from summarize.sources import plan

        result["plan_bytes"] = len(pickle.dumps(plan([folder]), protocol=5))
        client.close()
        cluster.close()
    else:
        start = time.perf_counter()
        digest = summarize([folder], progress=progress, jobs=1)  # one process: the anchor
        marks.append(("render", time.perf_counter()))
        rendered = [digest.render(f) for f in FORMATS]
        result["wall"] = time.perf_counter() - start
    end = start + result["wall"]
    stages = {}
    for (stage, at), (_, then) in zip(marks, marks[1:] + [("end", end)], strict=True):
        name = "headlines, digest" if stage == "done" else stage
        stages[name] = stages.get(name, 0.0) + (then - at)
    result["stages"] = stages
    result["peak_mb"] = _peak_mb()
    result["sha256"] = {f: hashlib.sha256(r.encode()).hexdigest() for f, r in zip(FORMATS, rendered, strict=True)}
    result["sentences"] = len(digest.sentences)
    result["sources"] = len(digest.sources)
    return result


def _task_name(key) -> str:
    return str(key if isinstance(key, str) else key[0]).split("-")[0]


def _moved(peers: list[str], dask_worker=None) -> dict[str, int]:
    """Bytes of each kind of task's results this worker sent to the other workers (`peers`: their
    addresses), from its transfer log (the task stream's transfer entries carry no sizes; what
    it sent the client is the results' size, counted apart)."""
    sent: dict[str, int] = defaultdict(int)
    for transfer in dask_worker.transfer_outgoing_log:
        if transfer.get("who") not in peers:
            continue
        for key, nbytes in transfer.get("keys", {}).items():
            sent[_task_name(key)] += nbytes
    return dict(sent)


def _tasks(records: list[dict], moved: dict[str, int], handed: dict[str, int]) -> dict:
    """Per kind of task: how many ran, seconds computing (summed over workers), bytes of results,
    bytes of its results moved between workers (`moved`), the largest input one task was handed
    (`handed`)."""
    out: dict = defaultdict(
        lambda: {"count": 0, "compute": 0.0, "result_bytes": 0, "transfer_bytes": 0, "largest_input": 0}
    )
    for record in records:
        row = out[_task_name(record["key"])]
        row["count"] += 1
        row["result_bytes"] += record.get("nbytes") or 0
        for step in record.get("startstops", ()):
            if step["action"] == "compute":
                row["compute"] += step["stop"] - step["start"]
    for name, nbytes in moved.items():
        out[name]["transfer_bytes"] += nbytes
    for name, nbytes in handed.items():
        if name in out:
            out[name]["largest_input"] = nbytes
    return dict(out)


def run_child(folder: Path, workers: int) -> dict:
    cmd = [sys.executable, "-m", "bench.dask", "--child", str(folder), "--workers", str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench.dask: a run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.workers)))
        return 0

    from bench.speed import build_input, corpus

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        varied = build_input(corpus(), args.sentences, folder)
        print(
            f"{args.sentences:,} sentences in {len(list(folder.iterdir())):,} articles"
            f"{' (resampled and varied)' if varied else ''}; {args.runs} run(s) each, medians",
            flush=True,
        )
        local = [run_child(folder, 0) for _ in range(args.runs)]
        dask = [run_child(folder, args.workers) for _ in range(args.runs)]
    report(local, dask, args)
    return 0


def report(local: list[dict], dask: list[dict], args) -> None:
    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    same = all(r["sha256"] == local[0]["sha256"] for r in local + dask)
    wall_local, wall_dask = median(local, "wall"), median(dask, "wall")
    print()
    print(f"{'run':<28} {'wall s':>8} {'client MB':>10} {'workers MB':>16} {'equal bytes':>12}")
    print(f"{'single process':<28} {wall_local:8.2f} {median(local, 'peak_mb'):10.0f} {'-':>16} {'-':>12}")
    workers_mb = "/".join(f"{m:.0f}" for m in dask[0]["workers_peak_mb"])
    print(
        f"{f'dask, local cluster of {args.workers}':<28} {wall_dask:8.2f} {median(dask, 'peak_mb'):10.0f} "
        f"{workers_mb:>16} {'yes' if same else 'NO':>12}"
    )
    print(
        f"dask / single-process wall time: {wall_dask / wall_local:.2f}"
        f" (cluster start-up apart: {statistics.median(r['cluster_start'] for r in dask):.2f} s)"
    )
    print()
    per_million = 1_000_000 / args.sentences
    print(f"stage seconds per million sentences  {'single':>8} {'dask':>8}")
    names = list(dict.fromkeys([*local[0]["stages"], *dask[0]["stages"]]))
    for name in names:
        one = statistics.median(r["stages"].get(name, 0.0) for r in local) * per_million
        two = statistics.median(r["stages"].get(name, 0.0) for r in dask) * per_million
        print(f"  {name:<34} {one:8.2f} {two:8.2f}")
    print()
    print(
        f"tasks (first dask run), per million sentences: plan sent {dask[0]['plan_bytes'] * per_million / 1e6:.1f} MB"
    )
    print(
        f"  {'task':<10} {'what':<24} {'count':>7} {'compute s':>10} {'result MB':>10} {'moved MB':>9}"
        f" {'largest input MB':>17}"
    )
    for name, row in dask[0]["tasks"].items():
        print(
            f"  {name:<10} {TASKS.get(name, ''):<24} {row['count']:7d} {row['compute'] * per_million:10.2f} "
            f"{row['result_bytes'] * per_million / 1e6:10.1f} {row['transfer_bytes'] * per_million / 1e6:9.1f}"
            f" {row.get('largest_input', 0) / 1e6:17.1f}"
        )
    print("  (largest input: the most one task of that kind was handed, as measured, not per million)")
    print()
    print(
        f"digest: {local[0]['sentences']} sentences from {local[0]['sources']:,} sources; "
        f"sha256 (text) {local[0]['sha256']['text'][:16]}"
    )


if __name__ == "__main__":
    sys.exit(main())
