"""Speed benchmark: wall time and peak memory at growing sizes, ours beside sumy's, in one run.

    python -m bench.speed [--sizes 1000,3000,...] [--runs 3] [--sumy-cap 300]

Inputs are built from real news text: the documents under ../shared/bench, cleaned and split
into sentences, pooled across clusters and written as articles of 20 sentences. Past the
number of distinct sentences there are, sentences are drawn with replacement and varied (one
word swapped for another of the corpus, so they are not exact copies); the table says where.

Our rows run the CLI end to end (start-up, reading, cleaning, collapsing, ranking, printing),
median of `--runs`. sumy's rows run sumy as a user would on the same pooled text (its plaintext
parser with an offline tokenizer, 10 sentences), once, in a child process capped in time and
memory; after a cap that algorithm is not run at larger sizes. Also: the ranking step alone,
in process, on identical sentences; `summarize --help` start-up; the seeds digest end to end.
The package is byte-compiled before the runs, as an installed package is.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000)
OURS = ("concepts", "native-lexrank", "centroid")
SUMY = ("lexrank", "textrank", "lsa")
SUMY_CAP = 300  # seconds per sumy run
SUMY_MEMORY = 8 * 1024**3  # bytes of address space for a sumy child process
PER_ARTICLE = 20

SUMY_SCRIPT = """
import sys
from pathlib import Path
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.utils import get_stop_words
from summarize.rank.sumy_adapter import OfflineTokenizer
name, folder = sys.argv[1], Path(sys.argv[2])
text = "\\n\\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
if name == "lexrank":
    from sumy.summarizers.lex_rank import LexRankSummarizer as S
elif name == "textrank":
    from sumy.summarizers.text_rank import TextRankSummarizer as S
else:
    from sumy.summarizers.lsa import LsaSummarizer as S
document = PlaintextParser.from_string(text, OfflineTokenizer()).document
summarizer = S(Stemmer("english"))
summarizer.stop_words = get_stop_words("english")
for sentence in summarizer(document, 10):
    print(sentence)
"""


def corpus() -> list[str]:
    """Distinct sentences of every benchmark document, cleaned and split by the library."""
    from summarize.clean import clean
    from summarize.models import Source
    from summarize.split import split_source

    seen: dict[str, None] = {}
    for path in sorted((SHARED / "bench").glob("*/*/docs/*.txt")):
        source = clean(Source(text=path.read_text(encoding="utf-8", errors="replace"), path=str(path), id=1))
        for sentence in split_source(source):
            seen.setdefault(sentence.text, None)
    return list(seen)


def build_input(sentences: list[str], n: int, folder: Path, seed: int = 7) -> bool:
    """Write `n` sentences as articles under `folder`; True when sentences had to be varied."""
    rng = random.Random(seed)
    vocabulary = sorted({w for s in sentences[:5000] for w in s.split() if w.isalpha() and len(w) > 3})
    if n <= len(sentences):
        chosen = sentences[:n]
        varied = False
    else:
        chosen = list(sentences)
        while len(chosen) < n:
            words = rng.choice(sentences).split()
            k = rng.randrange(len(words))
            words[k] = rng.choice(vocabulary)
            chosen.append(" ".join(words))
        varied = True
    folder.mkdir(parents=True, exist_ok=True)
    for a in range(0, n, PER_ARTICLE):
        (folder / f"article-{a // PER_ARTICLE:06d}.txt").write_text(
            " ".join(chosen[a : a + PER_ARTICLE]) + "\n", encoding="utf-8"
        )
    return varied


# Children are started by this small launcher process, not by the benchmark itself: the kernel
# counts the memory a child had when it was forked in its peak, and a child forked from the
# benchmark (about 116 MB, with the corpus and both rankers loaded) would report at least that.
# Forked from the launcher (about 10 MB), a child's peak is its own.
LAUNCHER = """
import json, os, resource, signal, subprocess, sys, tempfile, time
for line in sys.stdin:
    job = json.loads(line)
    def limit(memory=job["memory"]):
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(job["cmd"], stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit, cwd=job["cwd"])
        status, code = "ok", None
        while code is None:  # reaped with wait4 to read this child's own peak memory
            pid, raw, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(raw)
            elif job["timeout"] is not None and time.perf_counter() - start > job["timeout"]:
                os.kill(child.pid, signal.SIGKILL)  # not Popen.kill, which may reap it first
                status = "time cap"
            else:
                time.sleep(0.01)
        wall = time.perf_counter() - start
        child.returncode = code
        err.seek(0)
        tail = err.read()[-4000:].decode(errors="replace")
    result = {"wall": wall, "peak": usage.ru_maxrss / 1024, "status": status, "code": code, "err": tail}
    print(json.dumps(result), flush=True)
"""
_launcher: subprocess.Popen | None = None


def measure(cmd: list[str], *, timeout: float | None = None, memory: int | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, status) of one child process, started by the launcher."""
    global _launcher
    if _launcher is None:
        _launcher = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
    job = {"cmd": cmd, "timeout": timeout, "memory": memory, "cwd": str(ROOT)}
    _launcher.stdin.write(json.dumps(job) + "\n")
    _launcher.stdin.flush()
    result = json.loads(_launcher.stdout.readline())
    status = result["status"]
    if status == "ok" and result["code"] != 0:
        err = result["err"]
        status = "memory cap" if "MemoryError" in err or "Unable to allocate" in err else f"exit {result['code']}"
    return result["wall"], result["peak"], status


def ours(folder: Path, algorithm: str, runs: int, cap: int | None = None) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "summarize", str(folder), "--words", "250", "--quiet", "-a", algorithm]
    results = [measure(cmd, timeout=cap) for _ in range(runs)]
    status = next((r[2] for r in results if r[2] != "ok"), "ok")
    return statistics.median(r[0] for r in results), max(r[1] for r in results), status


def sumy(folder: Path, algorithm: str, cap: int) -> tuple[float, float, str]:
    return measure([sys.executable, "-c", SUMY_SCRIPT, algorithm, str(folder)], timeout=cap, memory=SUMY_MEMORY)


def ranking_alone(sentences: list[str], n: int) -> tuple[float, float]:
    """Seconds for our native LexRank and sumy's LexRank to rank the same `n` sentences."""
    from summarize.rank import Candidates, get

    texts = sentences[:n]
    candidates = Candidates(
        texts=texts,
        sources=[1 + i // PER_ARTICLE for i in range(n)],
        positions=[i % PER_ARTICLE for i in range(n)],
        support=[1] * n,
        titles={},
    )
    timings = []
    for name in ("native-lexrank", "lexrank"):
        rank = get(name).load()
        rank(Candidates(texts=texts[:20], sources=[1] * 20, positions=list(range(20)), support=[1] * 20, titles={}))
        start = time.perf_counter()
        rank(candidates)
        timings.append(time.perf_counter() - start)
    return timings[0], timings[1]


def median_command(cmd: list[str], runs: int = 5) -> float:
    return statistics.median(measure(cmd)[0] for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="pooled sentence counts")
    ap.add_argument("--runs", type=int, default=3, help="runs per row of ours (median)")
    ap.add_argument("--sumy-cap", type=int, default=SUMY_CAP, help="seconds per sumy run")
    ap.add_argument("--no-sumy", action="store_true", help="ours only")
    ap.add_argument("--algorithms", default=",".join(OURS), help="our algorithms to run")
    ap.add_argument("--cap", type=int, default=None, help="seconds per run of ours (none by default)")
    args = ap.parse_args(argv)
    if not (SHARED / "bench").is_dir():
        print("bench.speed: skipped: ../shared/bench is absent (the benchmark text lives there)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    # Byte-compiled first, as pip leaves an installed package: an editable install under
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module again at every start.
    compileall.compile_dir(ROOT / "summarize", quiet=1)
    sentences = corpus()
    print(f"corpus: {len(sentences)} distinct sentences from ../shared/bench; {os.cpu_count()} cores", flush=True)

    print("\n== start-up and the founding use case (median of 5 runs)")
    print(
        f"summarize --help                      {median_command([sys.executable, '-m', 'summarize', '--help']):6.2f} s"
    )
    if (SHARED / "seeds").is_dir():
        seeds = [sys.executable, "-m", "summarize", str(SHARED / "seeds"), "--length", "10", "--quiet"]
        print(f"summarize ../shared/seeds --length 10 {median_command(seeds):6.2f} s")

    print("\n== ranking step alone, in process, identical sentences")
    for n in (1_000, 3_000):
        if args.no_sumy:
            break
        native, theirs = ranking_alone(sentences, n)
        print(
            f"{n:>7} sentences: native-lexrank {native:7.3f} s   sumy lexrank {theirs:7.2f} s"
            f"   ratio {theirs / native:7.0f}x"
        )

    print("\n== end to end (ours: CLI, --words 250, median of runs; sumy: as a user would, one run)")
    print(f"{'sentences':>9} {'algorithm':<16} {'wall s':>8} {'peak MB':>8} {'vs sumy-lexrank':>16}  note")
    capped: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="summarize-speed-") as tmp:
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            varied = build_input(sentences, n, folder)
            note = "resampled and varied" if varied else "distinct real sentences"
            rows = []
            for algorithm in args.algorithms.split(","):
                rows.append((algorithm, *ours(folder, algorithm, args.runs, args.cap)))
            reference = None
            for algorithm in () if args.no_sumy else SUMY:
                if algorithm in capped:
                    rows.append((f"sumy-{algorithm}", None, None, "> cap (capped at a smaller size)"))
                    continue
                wall, peak, status = sumy(folder, algorithm, args.sumy_cap)
                if status != "ok":
                    capped.add(algorithm)
                    rows.append((f"sumy-{algorithm}", None, peak, f"> cap ({status} after {wall:.0f} s)"))
                    continue
                rows.append((f"sumy-{algorithm}", wall, peak, status))
                if algorithm == "lexrank":
                    reference = wall
            for name, wall, peak, status in rows:
                ratio = f"{reference / wall:15.0f}x" if reference and wall and not name.startswith("sumy") else ""
                shown = f"{wall:8.2f}" if wall is not None else f"{'-':>8}"
                mem = f"{peak:8.0f}" if peak is not None else f"{'-':>8}"
                extra = note if status == "ok" else status
                print(f"{n:>9} {name:<16} {shown} {mem} {ratio:>16}  {extra}", flush=True)
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
