"""Worker processes (`--jobs`): the same brief, byte for byte, as one process; bad values refused.

The pool starts only past `workers.POOL_SOURCES` inputs; these tests lower that bound so that a
few dozen or a few hundred sources go through the workers, and check that they did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import ARTICLES, FIXTURES, REPO, SAMPLES

from summarize import summarize, workers
from summarize.errors import UsageError

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


# Each check runs in a fresh interpreter: workers fork only where no other thread runs, and
# earlier tests of the suite leave theirs (a Dask client's, a local server's) in this one.
RUN = """
import json, os, sys
from summarize import summarize, workers

workers.POOL_SOURCES, workers.CHUNK = 5, 7  # workers for any input of 5 sources or more, 7 a task
started = []
start = workers.Workers.start
def counted(self, work):
    started.append(len(work))
    start(self, work)
workers.Workers.start = counted
def lost(*args):
    os._exit(1)  # a worker killed mid-task (by the kernel, for its memory, say)
job = json.loads(sys.argv[1])
for name in job["lost"]:
    setattr(workers, name, lost)
briefs = []
for run in job["runs"]:
    digest = summarize(run["inputs"], jobs=run["jobs"], **run["options"])
    briefs.append([digest.to_json(), digest.to_text(), [[s.path, s.reason] for s in digest.skipped]])
print(json.dumps({"briefs": briefs, "started": started}))
"""


def _runs(runs: list[dict], lost: tuple[str, ...] = ()) -> tuple[list, list[int]]:
    """The briefs (json, text, skipped) of `runs` ({inputs, jobs, options}) made in a fresh
    process with a small pool bound, and the sizes of the work lists pools were started on."""
    job = json.dumps({"runs": runs, "lost": list(lost)})
    ran = subprocess.run([sys.executable, "-c", RUN, job], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    return result["briefs"], result["started"]


def _one_and_two(inputs: list[str], lost: tuple[str, ...] = (), **options) -> tuple[list, list, list[int]]:
    """The brief of `inputs` with jobs=1 and with jobs=2, and the pools started."""
    options.setdefault("today", "2026-12-01")
    runs = [{"inputs": inputs, "jobs": jobs, "options": options} for jobs in (1, 2)]
    (one, two), started = _runs(runs, lost)
    return one, two, started


def _mixed_inputs(folder: Path) -> list[str]:
    """Articles, records (one dated long ago, one empty, one in French), a feed-less folder of
    tiny files, an unsupported file, an unreadable one and a file in Finnish: every path a
    source can take through reading, dating, cleaning, language and splitting."""
    records = [
        {"title": f"Record {i}", "text": t, "date": "2026-11-30"}
        for i, t in enumerate(
            [
                "The harbour council approved a new sea wall on Monday after a long debate.",
                "Engineers said the wall would protect about four hundred homes from winter storms.",
                "",
                (FIXTURES / "languages" / "french.txt").read_text(encoding="utf-8"),
            ]
        )
    ]
    records.append({"title": "Old", "text": "An old report of a flood in the valley.", "date": "2001-01-01"})
    (folder / "r.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    tiny = folder / "tiny"
    tiny.mkdir()
    for i in range(12):
        (tiny / f"{i:02d}.txt").write_text(f"Volunteers carried {i + 2} crates of books back to the library.\n")
    (tiny / "picture.png").write_bytes(b"\x89PNG\r\n")
    (tiny / "finnish.txt").write_text((FIXTURES / "languages" / "finnish.txt").read_text(encoding="utf-8"))
    (tiny / "long.txt").write_text("word " * 400 + "\n")
    return [str(SAMPLES), str(ARTICLES), str(folder / "r.jsonl"), str(tiny)]


def test_two_jobs_make_the_brief_of_one(tmp_path):
    one, two, started = _one_and_two(_mixed_inputs(tmp_path))
    assert started, "the workers were not used"
    assert two == one
    reasons = " ".join(reason for _, reason in one[2])
    for expected in ("unsupported file type", "no text", "written in French", "not recognised", "no sentences"):
        assert expected in reasons


def test_two_jobs_on_records_read_here(tmp_path):
    """A few files of many records: read in this process, their sources cleaned by the workers."""
    inputs = _mixed_inputs(tmp_path)
    said = "The ferry ran {} extra crossings on Sunday."
    lines = [json.dumps({"title": f"Note {i}", "text": said.format(i)}) for i in range(40)]
    (tmp_path / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two, started = _one_and_two([inputs[2], str(tmp_path / "more.jsonl")])
    assert two == one
    assert started == [45]  # the sources, not the two files


@pytest.mark.parametrize("options", [{"since": "2026-11-01"}, {"language": "french"}, {"words": 60, "per_story": True}])
def test_two_jobs_with_since_a_language_or_a_budget(tmp_path, options):
    """(A French brief: the workers' tasks stemmed their mostly English sources in English, and
    the French ones' stems are made again.)"""
    one, two, started = _one_and_two(_mixed_inputs(tmp_path), **options)
    assert two == one
    assert started


def test_two_jobs_with_a_state(tmp_path):
    """A state's already-read sources are left out alike (the workers' cleaned texts are looked up)."""
    inputs = _mixed_inputs(tmp_path)
    runs = [
        {"inputs": chosen, "jobs": jobs, "options": {"state": str(tmp_path / f"state{jobs}.bin"), "today": day}}
        for jobs in (1, 2)
        for chosen, day in ((inputs[:2], "2026-12-01"), (inputs, "2026-12-02"))
    ]
    briefs, started = _runs(runs)
    assert briefs[2:] == briefs[:2]
    assert "already read" in briefs[1][0]
    assert started


@pytest.mark.skipif(not BENCH.is_dir(), reason="needs ../shared/bench")
def test_two_jobs_on_benchmark_documents():
    """Real news documents (DUC 2006: 12 clusters, 300 documents) through one process and through workers."""
    clusters = sorted(p for p in (BENCH / "duc2006").iterdir() if (p / "docs").is_dir())[:12]
    assert sum(len(os.listdir(c / "docs")) for c in clusters) >= 250
    one, two, started = _one_and_two([str(c / "docs") for c in clusters])
    assert two == one
    assert started and started[0] >= 250


def test_small_inputs_and_one_job_fork_nothing(monkeypatch):
    """(Below `POOL_SOURCES`: the real bound.)"""

    def refused(self, work):
        raise AssertionError("forked for a small input")

    monkeypatch.setattr(workers.Workers, "start", refused)
    assert summarize([SAMPLES], jobs=2).to_json() == summarize([SAMPLES], jobs=1).to_json()


def test_no_fork_while_another_thread_runs(tmp_path, monkeypatch):
    """A library caller's thread (a Dask client's, a server's) means no fork: one process, the same brief."""
    inputs = _mixed_inputs(tmp_path)
    monkeypatch.setattr(workers, "POOL_SOURCES", 5)
    alone = summarize(inputs, jobs=1).to_json()
    started = []
    monkeypatch.setattr(workers.Workers, "start", lambda self, work: started.append(work))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert summarize(inputs, jobs=2).to_json() == alone
    finally:
        stop.set()
        other.join()
    assert started == []


def test_a_lost_worker_costs_time_not_the_brief(tmp_path):
    one, two, started = _one_and_two(_mixed_inputs(tmp_path), lost=("_prepare",))
    assert two == one
    assert started


def test_a_lost_grouping_worker_costs_time_not_the_brief(tmp_path):
    one, two, started = _one_and_two(_mixed_inputs(tmp_path), lost=("_grouped",))
    assert two == one
    assert started


# Whether the workers still run is read from /proc, not from `Process.is_alive()`: the pool's own
# thread reaps them too, and a reap it has not yet recorded reads as alive from here.
INTERRUPTED = """
import time
from summarize import workers


def running(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # not ended
    except (FileNotFoundError, ProcessLookupError):
        return False


try:
    with workers.Workers(2) as pool:
        pool.start([])
        pids = [process.pid for process in pool._pool._processes.values()]
        pool.submit(time.sleep, 60)
        raise KeyboardInterrupt
except KeyboardInterrupt:
    pass
deadline = time.monotonic() + 10
while any(map(running, pids)) and time.monotonic() < deadline:
    time.sleep(0.05)
print(sum(map(running, pids)), "alive of", len(pids))
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes' state from /proc")
def test_workers_are_ended_at_once_on_an_interrupt():
    began = time.monotonic()
    ran = subprocess.run([sys.executable, "-c", INTERRUPTED], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "0 alive of 2", ran.stderr
    assert time.monotonic() - began < 30  # not the minute the task would have slept


@pytest.mark.parametrize("value", [0, -2, 1.5, "2", True])
def test_the_api_refuses_a_bad_jobs(value):
    with pytest.raises(UsageError, match="jobs must be a whole number of processes, at least 1"):
        summarize([SAMPLES], jobs=value)


def test_default_jobs_is_the_cores_this_process_may_use():
    assert workers.checked_jobs(None) == len(os.sched_getaffinity(0))
    assert workers.checked_jobs(3) == 3


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_the_command_refuses_a_bad_jobs(value):
    ran = _cli(str(SAMPLES), "--jobs", value)
    assert ran.returncode == 2
    assert ran.stdout == ""
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: ") and "--jobs" in lines[0], ran.stderr


@pytest.mark.parametrize("value", ["0", '"two"', "true"])
def test_a_config_refuses_a_bad_jobs(tmp_path, value):
    config = tmp_path / "c.toml"
    config.write_text(f"jobs = {value}\n")
    ran = _cli(str(SAMPLES), "--config", str(config))
    assert ran.returncode == 2
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1 and "jobs" in lines[0], ran.stderr


def test_the_command_with_jobs(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("jobs = 2\n")
    one = _cli(str(SAMPLES), "--jobs", "1", "-f", "json")
    assert one.returncode == 0, one.stderr
    assert _cli(str(SAMPLES), "--jobs", "2", "-f", "json").stdout == one.stdout
    assert _cli(str(SAMPLES), "--config", str(config), "-f", "json").stdout == one.stdout


@pytest.mark.slow
def test_the_command_with_two_jobs_on_thousands_of_files(tmp_path):
    """Past the real bound, through the command: 3,000 tiny files and 3,000 records, text and json."""
    sys.path.insert(0, str(REPO))
    from bench.hostile import _real_sentences

    texts = _real_sentences(3_000)
    (tmp_path / "tiny").mkdir()
    for i, text in enumerate(texts):
        (tmp_path / "tiny" / f"{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
    lines = [json.dumps({"title": f"Story {i}", "text": t}) for i, t in enumerate(texts)]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for inputs in (["tiny"], ["r.jsonl"]):
        for form in ("text", "json"):
            one = _cli(*inputs, "--jobs", "1", "-f", form, cwd=tmp_path)
            assert one.returncode == 0, one.stderr
            assert _cli(*inputs, "--jobs", "2", "-f", form, cwd=tmp_path).stdout == one.stdout
