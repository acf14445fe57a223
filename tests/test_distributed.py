"""Briefs on a Dask cluster: the same bytes as the single-process run, whatever the workers,
partitions and faults; inputs at fsspec URLs; `--dask` on the command line."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest
from conftest import run_module
from helpers import FIXTURES, SAMPLES
from typer.testing import CliRunner

from summarize import summarize
from summarize.cli import app
from summarize.models import Source

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
fsspec = pytest.importorskip("fsspec", reason="the dask extra is not installed")

import summarize.distributed as on_cluster  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
FORMATS = ("text", "json", "markdown")


def rendered(digest) -> tuple[str, ...]:
    return tuple(digest.render(f) for f in FORMATS)


@pytest.fixture(scope="module")
def processes():
    """A local cluster of worker processes, one to start with (tests scale it)."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as cluster, distributed.Client(cluster) as client:
        yield cluster, client


@pytest.fixture(scope="module")
def threads():
    """A cluster of two workers in this process: they share its memory:// filesystem."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0", silence_logs=40
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """samples/ beside inputs that are skipped, each for its own reason: an empty file, an
    unsupported kind, an article in another language, a page of no sentences, a dangling link."""
    folder = tmp_path / "news"
    shutil.copytree(SAMPLES, folder / "samples")
    (folder / "empty.txt").write_text("")
    (folder / "program.exe").write_bytes(b"\x00\x01")
    (folder / "list.txt").write_text(" ".join(["word"] * 400))
    french = FIXTURES / "languages" / "french.txt"
    shutil.copy(french, folder / french.name)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    old = folder / "old-news.txt"
    old.write_text("The harbour council met in 2001 to discuss the ferry timetable for the summer.\n")
    os.utime(old, (1e9, 1e9))  # September 2001: older than SINCE
    return folder


SINCE = "2020-01-01"


def scaled(cluster, client, workers: int) -> None:
    """At least `workers` workers (only ever more: distributed's bookkeeping of a worker retired
    by scaling down can fail when the cluster closes)."""
    if len(client.scheduler_info()["workers"]) < workers:
        cluster.scale(workers)
        client.wait_for_workers(workers, timeout=60)


def test_same_bytes_at_every_worker_count_and_partition_size(processes, messy, monkeypatch):
    cluster, client = processes
    local = summarize([messy], length=6, since=SINCE)
    reasons = {s.reason.split(" ")[0] for s in local.skipped}
    assert len(local.skipped) >= 6 and {"older", "written", "unsupported"} <= reasons, local.skipped
    expected = rendered(local)
    for workers, size in ((1, 50), (2, 1), (3, 3)):
        scaled(cluster, client, workers)
        monkeypatch.setattr(on_cluster, "PARTITION_ITEMS", size)
        assert len(client.scheduler_info()["workers"]) == workers
        assert rendered(summarize([messy], length=6, since=SINCE, client=client)) == expected, (workers, size)


@pytest.mark.skipif(not BENCH.is_dir(), reason="the benchmark data (../shared/bench) is absent")
def test_same_bytes_on_a_few_hundred_benchmark_documents(processes, monkeypatch):
    cluster, client = processes
    scaled(cluster, client, 2)
    docs = sorted(BENCH.glob("duc2004-dev/*/docs/*.txt"))[:200]
    assert len(docs) == 200
    monkeypatch.setattr(on_cluster, "PARTITION_ITEMS", 30)
    options = {"words": 150, "algorithm": "native-lexrank"}
    assert rendered(summarize(docs, client=client, **options)) == rendered(summarize(docs, **options))


def test_a_worker_lost_mid_run_changes_nothing(processes, monkeypatch):
    """One worker is killed once the first partitions are read: what it held is made again."""
    cluster, client = processes
    scaled(cluster, client, 2)
    monkeypatch.setattr(on_cluster, "PARTITION_ITEMS", 1)
    inputs = sorted(SAMPLES.iterdir())
    expected = rendered(summarize(inputs))
    before = set(client.scheduler_info()["workers"])
    killed = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "reading" and done == 2 and not killed:
            nanny = next(iter(cluster.workers.values()))
            os.kill(nanny.process.pid, signal.SIGKILL)
            killed.append(nanny.process.pid)

    assert rendered(summarize(inputs, client=client, progress=progress)) == expected
    assert killed
    client.wait_for_workers(len(before), timeout=60)  # the nanny starts the lost worker again
    assert set(client.scheduler_info()["workers"]) != before, "a worker was lost and replaced"


def test_sources_handed_over_and_memory_urls(threads):
    fs = fsspec.filesystem("memory")
    for path in sorted(SAMPLES.iterdir()):
        fs.pipe(f"/news/{path.name}", path.read_bytes())
    fs.pipe("/news/.hidden.txt", b"never read")
    fs.pipe("/news/image.png", b"\x89PNG")
    handed = Source.from_text((FIXTURES / "articles").glob("*.txt").__next__().read_text(), title="Handed over")
    inputs = ["memory://news/", handed]
    local = summarize(inputs)
    assert all(s.path.startswith("memory:///news/") for s in local.sources if s.path)
    assert [s.path for s in local.skipped] == ["memory:///news/image.png"]
    assert rendered(summarize(inputs, client=threads)) == rendered(local)
    # The same brief as from the files themselves, only the paths differ.
    from_files = summarize([*sorted(SAMPLES.iterdir()), handed])
    assert [s.text for s in local.sentences] == [s.text for s in from_files.sentences]
    fs.rm("/news", recursive=True)


def test_a_memory_url_that_names_nothing_is_a_usage_error():
    from summarize import UsageError

    with pytest.raises(UsageError, match="no such file or folder: memory://nothing-here"):
        summarize(["memory://nothing-here/"])


def test_cli_starts_a_local_cluster():
    local = run_module(str(SAMPLES), "-f", "json", timeout=120)
    ran = run_module(str(SAMPLES), "-f", "json", "--dask", "local:1", timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == local.stdout
    assert ran.stderr.startswith("summarize: Dask dashboard: http://"), ran.stderr
    assert len(ran.stderr.splitlines()) == 1


def test_cli_on_a_scheduler_named_in_the_config_file(processes, tmp_path):
    _, client = processes
    runner = CliRunner()
    local = runner.invoke(app, [str(SAMPLES), "-f", "json"])
    config = tmp_path / "brief.toml"
    config.write_text(f'dask = "{client.scheduler.address}"\n')
    ran = runner.invoke(app, [str(SAMPLES), "-f", "json", "--config", str(config)])
    assert ran.exit_code == 0, ran.output
    assert ran.stdout == local.stdout
    assert "summarize: Dask dashboard: http://" in ran.stderr
    quiet = runner.invoke(app, [str(SAMPLES), "-f", "json", "--dask", client.scheduler.address, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == local.stdout
    assert quiet.stderr == ""


@pytest.mark.parametrize("address", ["local:0", "local:two"])
def test_cli_bad_local_cluster_size(address):
    ran = CliRunner().invoke(app, [str(SAMPLES), "--dask", address])
    assert ran.exit_code == 2
    assert ran.stderr.strip() == f"summarize: --dask {address}: give local:N with N a number of workers, at least 1"


def test_cli_without_dask_says_how_to_install(tmp_path):
    """With the extra missing (its modules made unimportable), one line says what to install."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nsys.modules['distributed'] = None\nsys.modules['fsspec'] = None\n")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    import subprocess

    for args, needed in (
        ([str(SAMPLES), "--dask", "local"], "--dask needs Dask, an optional extra: pip install 'summarize[dask]'"),
        (["s3://bucket/news/"], "reading s3://bucket/news/ needs fsspec: pip install 'summarize[dask]'"),
    ):
        ran = subprocess.run(
            [sys.executable, "-m", "summarize", *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert ran.returncode == 2, ran.stderr
        assert ran.stderr.strip() == f"summarize: {needed}"
