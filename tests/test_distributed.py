"""Briefs on a Dask cluster: the same bytes as the single-process run, whatever the workers,
partitions and faults; inputs at fsspec URLs; `--dask` on the command line."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import run_module
from helpers import FIXTURES, SAMPLES, retold
from typer.testing import CliRunner

from bench.hostile import feed
from summarize import State, summarize
from summarize.cli import app
from summarize.models import Source
from summarize.text import split_sentences

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
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield cluster, client


@pytest.fixture(scope="module")
def threads():
    """A cluster of two workers in this process: they share its memory:// filesystem."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
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


def test_near_copies_are_found_by_the_workers(processes, tmp_path, monkeypatch):
    """The near-duplicate pairs come from the workers' shuffle rounds, not from a search in this
    process, and are the pairs that search finds."""
    import summarize.collapse as collapse
    import summarize.distributed_pairs as pairs

    cluster, client = processes
    scaled(cluster, client, 2)
    text = " ".join(p.read_text() for p in sorted(SAMPLES.glob("0[1-5]*.txt")))
    pool = [s for s in split_sentences(text) if len(s.split()) >= 6]
    for k, article in enumerate(retold(pool, 12)):
        (tmp_path / f"outlet-{k:02}.txt").write_text("\n\n".join(article) + "\n")
    found: dict[str, list] = {"local": [], "cluster": []}
    search, rounds = collapse.near_pairs, pairs.find_pairs
    monkeypatch.setattr(collapse, "near_pairs", lambda s: found["local"].append(search(s)) or found["local"][-1])
    monkeypatch.setattr(pairs, "find_pairs", lambda *a: found["cluster"].append(rounds(*a)) or found["cluster"][-1])
    monkeypatch.setattr(on_cluster, "PARTITION_ITEMS", 3)
    assert rendered(summarize([tmp_path], client=client)) == rendered(summarize([tmp_path]))
    assert len(found["local"]) == 1 and len(found["cluster"]) == 1  # the cluster's run searched nothing here
    assert len(found["local"][0]) > 100 and found["cluster"][0] == found["local"][0]


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


def test_same_bytes_and_state_with_sources_already_read(processes, tmp_path):
    """A state's skipping (sources read before), its leaving out and
    its remembering come out the same on the cluster, whether the state is an object or a file.
    A copy under another name is read before too: sources are known by their text."""
    cluster, client = processes
    scaled(cluster, client, 2)
    samples = sorted(SAMPLES.iterdir())
    first_day = State()
    summarize(samples[:5], state=first_day, today="2026-12-01")
    first_day.save(tmp_path / "day1.state", today=date(2026, 12, 1))
    news = tmp_path / "news"
    news.mkdir()
    for path in samples:
        shutil.copy(path, news / path.name)
    shutil.copy(samples[0], news / "refiled.txt")  # the same text under another name
    day = {"today": "2026-12-02"}
    local_state, cluster_state = State.load(tmp_path / "day1.state"), State.load(tmp_path / "day1.state")
    local = summarize([news], state=local_state, **day)
    assert local.settings["already_read"] == 6 and "refiled.txt" in {Path(s.path).name for s in local.skipped}
    assert rendered(summarize([news], state=cluster_state, client=client, **day)) == rendered(local)
    local_state.save(tmp_path / "local.state", today=date(2026, 12, 2))
    cluster_state.save(tmp_path / "cluster.state", today=date(2026, 12, 2))
    assert (tmp_path / "local.state").read_bytes() == (tmp_path / "cluster.state").read_bytes()
    # Nothing new at all: the empty brief that says so, as the single-process run gives it.
    everything = State.load(tmp_path / "local.state")
    again = summarize([news], state=State.load(tmp_path / "local.state"), **day)
    assert not again.sentences
    assert again.settings["already_read"] == local.settings["already_read"] + len(local.sources)
    assert rendered(summarize([news], state=everything, client=client, **day)) == rendered(again)
    # A state file named by its path: read, updated and saved as without the cluster.
    for name, options in (("by-path-local.state", {}), ("by-path-cluster.state", {"client": client})):
        shutil.copy(tmp_path / "day1.state", tmp_path / name)
        assert rendered(summarize([news], state=tmp_path / name, **day, **options)) == rendered(local)
    assert (tmp_path / "by-path-local.state").read_bytes() == (tmp_path / "by-path-cluster.state").read_bytes()


def test_same_bytes_with_sources_cut_short(threads, monkeypatch):
    """A source past the sentence cap is used and reported as cut short, in its place among the
    skipped (in-process workers, so the lowered cap holds on them too)."""
    import summarize.split as split

    monkeypatch.setattr(split, "MAX_SOURCE_SENTENCES", 4)
    monkeypatch.setattr(on_cluster, "PARTITION_ITEMS", 3)
    inputs = sorted(SAMPLES.iterdir())
    local = summarize(inputs, length=6)
    cut = [s for s in local.skipped if s.reason == split.CUT_SHORT]
    assert len(cut) >= 5 and len(local.sources) == 10  # every source used, however many were cut short
    assert rendered(summarize(inputs, length=6, client=threads)) == rendered(local)


class _Site(BaseHTTPRequestHandler):
    """Two feeds with ETags and a page with a Last-Modified date; every request noted."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, str]] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        etag, since = self.headers.get("If-None-Match", ""), self.headers.get("If-Modified-Since", "")
        self.seen.append((self.path, etag, since))
        names = sorted(p.name for p in SAMPLES.glob("*.txt"))
        if self.path.startswith("/feed-"):
            half = names[:3] if self.path == "/feed-1.xml" else names[3:]
            tag = f'"{self.path}"'
            if etag == tag:
                return self._answer(304, b"", "", {"ETag": tag})
            entries = [(n, f"https://news.example/{n}", (SAMPLES / n).read_text()) for n in half]
            return self._answer(200, feed(entries).encode(), "application/rss+xml", {"ETag": tag})
        if self.path == "/page.txt":
            modified = "Tue, 01 Dec 2026 06:00:00 GMT"
            if since == modified:
                return self._answer(304, b"", "", {})
            body = (FIXTURES / "languages" / "french.txt").read_bytes()
            return self._answer(200, body, "text/plain; charset=utf-8", {"Last-Modified": modified})
        self._answer(404, b"", "", {})

    def _answer(self, code: int, body: bytes, ctype: str, headers: dict) -> None:
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_same_bytes_from_addresses_fetched_by_workers_through_the_cache(processes, tmp_path, monkeypatch):
    """Addresses among files, fetched concurrently by the workers; a second run through the HTTP
    cache costs a 304 per address and gives the same brief."""
    from helpers import serving

    cluster, client = processes
    scaled(cluster, client, 2)
    monkeypatch.setattr(on_cluster, "PARTITION_ITEMS", 2)
    _Site.seen = []
    with serving(_Site) as site:
        inputs = [f"{site}/feed-1.xml", str(SAMPLES), f"{site}/page.txt", f"{site}/feed-2.xml"]
        local = summarize(inputs, length=6)
        assert any(s.path.startswith(f"{site}/feed-2.xml") for s in local.sources)
        assert any(s.path == f"{site}/page.txt" for s in local.skipped)  # French, among English
        _Site.seen = []
        cache = tmp_path / "cache"
        for _ in range(2):
            assert rendered(summarize(inputs, length=6, client=client, cache=cache)) == rendered(local)
    first, second = _Site.seen[:3], _Site.seen[3:]
    assert sorted(path for path, _, _ in first) == ["/feed-1.xml", "/feed-2.xml", "/page.txt"]
    assert all(not etag and not since for _, etag, since in first)
    assert sorted(second) == [
        ("/feed-1.xml", '"/feed-1.xml"', ""),
        ("/feed-2.xml", '"/feed-2.xml"', ""),
        ("/page.txt", "", "Tue, 01 Dec 2026 06:00:00 GMT"),
    ]


def test_a_cache_folder_a_worker_cant_use_means_fetching_without_it(processes, tmp_path):
    from helpers import serving

    _, client = processes
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with serving(_Site) as site:
        inputs = [f"{site}/feed-1.xml"]
        local = summarize(inputs, length=3)
        assert rendered(summarize(inputs, length=3, client=client, cache=blocked / "cache")) == rendered(local)
    assert blocked.read_text() == "not a folder"


def test_same_bytes_from_saved_pages_the_line_model_cleans(processes, tmp_path):
    """Pages saved whole as text (the line model judges their lines) and an HTML page (its
    extracted text kept as such), with explanations under the sentences."""
    from test_saved_pages import ARTICLE, saved_page

    _, client = processes
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "saved.txt").write_text(saved_page("Comments (12)", "Great article, thanks!"))
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE)
    page = f"<html><body><nav>Home | News</nav><article>{paragraphs}</article></body></html>"
    (folder / "page.html").write_text(page)
    for path in sorted(SAMPLES.iterdir())[:4]:
        shutil.copy(path, folder / path.name)
    local = summarize([folder], length=8, explain=True)
    assert any(s.extracted for s in local.sources)
    assert not any("Log In" in s.text or "Contact us" in s.text for s in local.sentences)
    assert all(s.explain for s in local.sentences)
    assert rendered(summarize([folder], length=8, explain=True, client=client)) == rendered(local)


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


def test_the_workers_stems_are_what_this_process_would_make():
    """Collapsing and grouping take their stems from the workers: the same stems, the same groups,
    the same stories."""
    from summarize import pipeline
    from summarize.collapse import collapse

    used, sentences, _, language, _ = pipeline._read_clean_split(
        [SAMPLES], None, 10_000_000, 10.0, False, [], None, None, "english", None, pipeline._no_progress
    )
    per_sentence, per_source = on_cluster._stems(sentences, language)
    assert dict(zip([s.id for s in used], (s.split() for s in per_source), strict=True)) == {
        i: list(stems) for i, stems in pipeline._source_stems(sentences, language).items()
    }
    assert collapse(sentences, language, per_sentence) == collapse(sentences, language)
    numbered = on_cluster._Numbered(used, sentences, (), (), [], per_sentence, per_source)
    half = len(per_source) // 2
    first = on_cluster._Numbered(used[:half], [], (), (), [], [], per_source[:half])
    second = on_cluster._Numbered(used[half:], [], (), (), [], [], per_source[half:])
    found = pipeline.group_stems([list(stems) for stems in pipeline._source_stems(sentences, language).values()])
    from summarize.distributed_stories import _stems_of as stems
    from summarize.distributed_stories import _whole as grouped

    assert grouped(stems(numbered)) == grouped(stems(first), stems(second)) == found
