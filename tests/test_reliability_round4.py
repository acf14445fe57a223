"""Hostile inputs, the attack run after round three: empty option values and inputs, loops of
symbolic links, compressed inputs and archive bombs, absurd process counts and orphaned workers,
file names that run for lines. Every input is made at test time; RELIABILITY.md lists what this
run found.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from helpers import LIBRARY, REPO, SEA_WALL, serving

from summarize import summarize
from summarize.errors import NothingToSummarize, UsageError


def cli(*args: str, cwd: Path, timeout: float = 60.0, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m summarize ARGS` in a fresh interpreter, bounded by a timeout."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        input=stdin if stdin is not None else "",
    )


def one_line_usage_error(result: subprocess.CompletedProcess) -> str:
    """The one stderr line of a usage error (exit 2, nothing on stdout), checked."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: "), result.stderr
    return lines[0]


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder of two short articles on unrelated news."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "wall.txt").write_text(SEA_WALL)
    (folder / "library.txt").write_text(LIBRARY)
    return folder


EMPTY_OPTIONS = [
    ("--length", "--length"),
    ("--format", "--format"),
    ("--state", "--state"),
    ("-o", "--output"),
    ("--config", "--config"),
    ("--since", "--since"),
    ("--query", "--query"),
    ("--algorithm", "--algorithm"),
    ("--language", "--language"),
    ("--dask", "--dask"),
    ("--inputs-from", "--inputs-from"),
    ("--cache", "--cache"),
]


@pytest.mark.parametrize(("option", "named"), EMPTY_OPTIONS, ids=[o for o, _ in EMPTY_OPTIONS])
def test_an_empty_option_value_is_a_usage_error(news: Path, option: str, named: str) -> None:
    line = one_line_usage_error(cli(str(news), option, "", cwd=news.parent))
    assert named in line or named.lstrip("-") in line, line


def test_a_blank_option_value_is_empty_too(news: Path) -> None:
    line = one_line_usage_error(cli(str(news), "--query", "  ", cwd=news.parent))
    assert "--query is empty" in line


def test_an_empty_input_name_is_a_usage_error_not_the_current_folder(news: Path) -> None:
    line = one_line_usage_error(cli("", cwd=news))  # Path("") would be "." and read the whole folder
    assert "input is empty" in line
    with pytest.raises(UsageError, match="input is empty"):
        summarize([""])


@pytest.mark.parametrize("setting", ['since = ""', 'algorithm = " "', 'inputs = [""]', 'output = ""'])
def test_an_empty_value_in_the_config_is_a_usage_error(news: Path, setting: str) -> None:
    config = news.parent / "c.toml"
    config.write_text(setting + "\n")
    line = one_line_usage_error(cli(str(news), "--config", str(config), cwd=news.parent))
    assert "empty" in line and "c.toml" in line


@pytest.mark.parametrize("argument", ["algorithm", "language", "query", "since"])
def test_an_empty_api_argument_is_a_usage_error(news: Path, argument: str) -> None:
    with pytest.raises(UsageError):
        summarize([news], **{argument: ""})


@pytest.fixture
def looped(news: Path) -> Path:
    """The news folder with links that lead round in circles: a -> b -> a, me -> me, a link to its
    own folder, one to the folder above it, and a plain dangling link beside them."""
    (news / "a.txt").symlink_to("b.txt")
    (news / "b.txt").symlink_to("a.txt")
    (news / "me.txt").symlink_to("me.txt")
    (news / "self").symlink_to(".")
    (news / "up").symlink_to("..")
    (news / "gone.txt").symlink_to("nowhere.txt")
    return news


@pytest.mark.parametrize("follow", [False, True], ids=["default", "follow-links"])
def test_loops_of_symbolic_links_in_a_folder_are_named_as_loops(looped: Path, follow: bool) -> None:
    digest = summarize([looped], follow_links=follow)
    reasons = {Path(s.path).name: s.reason for s in digest.skipped}
    for name in ("a.txt", "b.txt", "me.txt", "self", "up"):
        assert "a loop of symbolic links" in reasons[name], (name, reasons)
    assert "own folder" in reasons["self"] and "own folder" in reasons["up"]
    assert reasons["gone.txt"] == "dangling symbolic link"
    assert len(digest.sources) == 2


def test_a_loop_named_as_an_input_is_skipped_as_a_loop(looped: Path) -> None:
    result = cli(str(looped / "a.txt"), str(looped / "wall.txt"), "-n", "1", cwd=looped.parent, timeout=30)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "a.txt: a loop of symbolic links, not followed" in result.stderr
    alone = cli(str(looped / "me.txt"), cwd=looped.parent, timeout=30)
    assert alone.returncode == 1 and "a loop of symbolic links" in alone.stderr
    (looped / "round").symlink_to("round")
    beyond = summarize([looped / "round" / "x.txt", looped / "wall.txt"])  # a loop on the way to the file
    assert [s.reason for s in beyond.skipped] == ["a loop of symbolic links, not followed"]


RAIL = (
    "Train drivers on the Calder Valley line walked out at midnight in a dispute over pay and rosters. "
    "The strike is due to last two days, and the union said further dates would follow without a deal. "
    "Talks at the regional conciliation service broke down on Wednesday evening after nine hours."
)


def _packed(kind: str, data: bytes) -> bytes:
    import bz2
    import gzip
    import lzma

    return {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[kind](data)


@pytest.mark.parametrize("kind", ["gz", "bz2", "xz"])
def test_compressed_inputs_are_read_as_what_they_hold(tmp_path: Path, kind: str) -> None:
    from bench.hostile import feed

    (tmp_path / f"wall.txt.{kind}").write_bytes(_packed(kind, SEA_WALL.encode()))
    (tmp_path / f"library.{kind}").write_bytes(_packed(kind, LIBRARY.encode()))  # no inner suffix: text
    page = f"<html><head><title>Library reopens</title></head><body><article><p>{LIBRARY}</p></article></body></html>"
    (tmp_path / f"page.html.{kind}").write_bytes(_packed(kind, page.encode()))
    item = [("Rail strike", "https://example.org/rail", RAIL)]
    (tmp_path / f"feed.xml.{kind}").write_bytes(_packed(kind, feed(item).encode()))
    digest = summarize([tmp_path])
    paths = sorted(s.path for s in digest.sources)
    assert all(s.reason.startswith("the same text as ") for s in digest.skipped), digest.skipped
    assert any(p.endswith(f"wall.txt.{kind}") for p in paths) and any(p.endswith(f"library.{kind}") for p in paths)
    assert any(f"feed.xml.{kind}#" in p for p in paths), paths
    assert any(p.endswith(f"page.html.{kind}") for p in paths) or any("same text" in s.reason for s in digest.skipped)
    assert "sea wall" in digest.render("text", None).lower() or "Marsh End" in digest.render("text", None)


def test_an_archive_bomb_is_skipped_within_bounded_memory(tmp_path: Path) -> None:
    import gzip
    import resource

    member = gzip.compress(b"\0" * (64 << 20), 9)  # 64 MB of zeros in about 64 KB
    (tmp_path / "bomb.txt.gz").write_bytes(member * 160)  # 10 GB when decompressed, about 10 MB here
    (tmp_path / "wall.txt").write_text(SEA_WALL)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest = summarize([tmp_path])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    (skipped,) = digest.skipped
    assert skipped.path.endswith("bomb.txt.gz") and "holds more than the size cap" in skipped.reason
    assert grown_mb < 400, grown_mb  # the cap's worth (50 MB) and its join, never the 10 GB
    assert len(digest.sources) == 1


@pytest.mark.parametrize(
    ("name", "damage", "reason"),
    [
        ("cut.txt.gz", lambda b: b[: len(b) // 2], "a truncated gzip archive"),
        ("cut.txt.bz2", lambda b: b[: len(b) // 2], "a truncated bzip2 archive"),
        ("cut.txt.xz", lambda b: b[: len(b) // 2], "a truncated xz archive"),
        ("bad.txt.gz", lambda b: b[:12] + bytes(x ^ 0x5A for x in b[12:40]) + b[40:], "a corrupt gzip archive"),
        ("fake.txt.bz2", lambda b: b"not an archive at all", "a corrupt bzip2 archive"),
        ("fake.txt.xz", lambda b: b"not an archive at all", "a corrupt xz archive"),
        ("double.txt.gz", gzip.compress, "a gzip archive that holds another archive (gzip)"),
    ],
    ids=["cut-gz", "cut-bz2", "cut-xz", "bad-gz", "fake-bz2", "fake-xz", "double-gz"],
)
def test_a_damaged_archive_is_skipped_with_its_reason(tmp_path: Path, name: str, damage, reason: str) -> None:
    kind = name.rsplit(".", 1)[1]
    (tmp_path / name).write_bytes(damage(_packed(kind, ((SEA_WALL + " ") * 40).encode())))
    (tmp_path / "library.txt").write_text(LIBRARY)
    digest = summarize([tmp_path])
    (skipped,) = digest.skipped
    assert skipped.path.endswith(name) and skipped.reason.startswith(reason), skipped


def test_an_output_named_as_an_archive_is_refused(news: Path) -> None:
    line = one_line_usage_error(cli(str(news), "-o", str(news.parent / "brief.txt.gz"), cwd=news.parent))
    assert "uncompressed" in line and "'.gz'" in line
    assert not (news.parent / "brief.txt.gz").exists()


@pytest.mark.parametrize("where", ["option", "config"])
def test_a_huge_process_count_is_cut_to_the_cores_and_said(news: Path, where: str) -> None:
    from summarize.workers import default_jobs

    config = news.parent / "jobs.toml"
    config.write_text("jobs = 100000\n")
    asked = ["-j", "100000"] if where == "option" else ["--config", str(config)]
    result = cli(str(news), *asked, "-n", "1", cwd=news.parent)
    assert result.returncode == 0, result.stderr
    assert f"--jobs 100000 is more than the {default_jobs()} cores this process may use" in result.stderr
    quiet = cli(str(news), *asked, "-n", "1", "-q", cwd=news.parent)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_the_worker_pool_never_holds_more_processes_than_cores() -> None:
    from summarize.workers import Workers, default_jobs

    with Workers(100_000) as workers:
        assert workers.jobs == default_jobs()
        if default_jobs() > 1:
            workers.start([])
            assert len(workers._pool._processes) == default_jobs()


_KEEP_WORKERS = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from summarize.workers import Workers
workers = Workers(2)
workers.jobs = 2  # two workers even on a machine of one core: the test is of their end
workers.start([])
print(" ".join(str(p) for p in workers._pool._processes), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, ended and waiting to be reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_their_parent_is_killed() -> None:
    import signal
    import time

    parent = subprocess.Popen([sys.executable, "-c", _KEEP_WORKERS, str(REPO)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(p) for p in workers), "workers outlived the killed parent"
    finally:
        parent.kill()


@pytest.fixture
def long_named(tmp_path: Path) -> tuple[Path, Path]:
    """A folder five folders of 200 characters deep, and in it a good article, an empty file and a
    binary file, each named with 240 characters: paths of over 1,200 characters."""
    deep = tmp_path.joinpath(*["n" * 200] * 5)
    deep.mkdir(parents=True)
    (deep / ("a" * 240 + ".txt")).write_text(SEA_WALL)
    (deep / ("c" * 240 + ".txt")).write_text("")
    (deep / ("b" * 240 + ".txt")).write_bytes(b"\x00\x01\x02binary")
    return tmp_path, deep


def test_long_names_in_messages_are_one_short_line_each(long_named: tuple[Path, Path]) -> None:
    from summarize.cli import LONGEST_NAME

    top, deep = long_named
    result = cli(".", "-n", "1", cwd=top)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines  # the binary file, the empty one: one line each
    binary = next(line for line in lines if "binary data" in line)
    assert "n" * 50 + "..." in binary and "b" * 50 + ".txt: not text" in binary
    assert len(binary) < LONGEST_NAME + 60
    empty = next(line for line in lines if "c" * 40 in line)
    assert empty.count("...") == 1 and len(empty) < LONGEST_NAME + 60
    # The brief names the source in full, on one line: the reader must find the file.
    (listed,) = [line for line in result.stdout.splitlines() if line.startswith("[1]")]
    assert str((deep / ("a" * 240 + ".txt")).relative_to(top)) in listed


@pytest.mark.parametrize("option", ["input", "--state", "--config", "--output"])
def test_long_names_in_errors_are_shortened(long_named: tuple[Path, Path], option: str) -> None:
    from summarize.cli import LONGEST_NAME

    top, deep = long_named
    missing = str((deep / "gone" / ("z" * 240)).relative_to(top))
    args = [missing] if option == "input" else [".", option, missing]
    result = cli(*args, cwd=top)
    assert result.returncode in (2, 3) and "Traceback" not in result.stderr, result.stderr
    (line,) = result.stderr.splitlines()
    assert "..." in line and "z" * 40 in line and len(line) < 3 * LONGEST_NAME, line


@pytest.mark.parametrize("kind", ["gz", "bz2", "xz"])
def test_an_archive_piped_in_is_read_as_what_it_holds(kind: str) -> None:
    import io

    digest = summarize(["-"], stdin=io.BytesIO(_packed(kind, SEA_WALL.encode())))
    assert [s.path for s in digest.sources] == ["-"] and "sea wall" in digest.render("text", None).lower()
    with pytest.raises(NothingToSummarize, match="truncated"):
        summarize(["-"], stdin=io.BytesIO(_packed(kind, (SEA_WALL * 20).encode())[:-30]))


class _Archives(BaseHTTPRequestHandler):
    """Archives served as web servers serve them: by their type, or as bytes under a .gz name."""

    def do_GET(self) -> None:  # noqa: N802
        from bench.hostile import feed

        rss = feed([("Rail strike", "https://example.org/rail", RAIL)]).encode()
        routes = {
            "/feed.xml.gz": (_packed("gz", rss), "application/octet-stream"),
            "/typed": (_packed("xz", SEA_WALL.encode()), "application/x-xz"),
            "/bomb.txt.gz": (gzip.compress(b"\0" * (64 << 20), 9) * 2, "application/gzip"),
            "/liar": (b"plain words, not an archive", "application/gzip"),
            "/decoded.txt.gz": (LIBRARY.encode(), "application/octet-stream"),  # the server unpacked it
        }
        body, kind = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_archives_fetched_are_read_as_what_they_hold_within_the_cap() -> None:
    with serving(_Archives) as base:
        names = ["/feed.xml.gz", "/typed", "/bomb.txt.gz", "/liar", "/decoded.txt.gz"]
        digest = summarize([base + n for n in names], cache=None, max_bytes=20 << 20)
    paths = {s.path for s in digest.sources}
    reasons = {s.path.removeprefix(base): s.reason for s in digest.skipped}
    assert base + "/feed.xml.gz#1" in paths and base + "/typed" in paths and base + "/decoded.txt.gz" in paths
    assert "holds more than the size cap" in reasons["/bomb.txt.gz"]
    assert "not an archive" in reasons["/liar"]


def test_a_local_dask_cluster_of_100000_workers_is_cut_to_the_cores() -> None:
    from summarize.distributed import _workers
    from summarize.workers import default_jobs

    assert _workers("local:100000") == default_jobs()
    assert _workers("local:1") == 1


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_puts_no_cache_in_the_current_folder(monkeypatch, home: str) -> None:
    from summarize.sources.cache import default_folder

    monkeypatch.setenv("HOME", home)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert default_folder().is_absolute() and default_folder().name == "summarize"


def test_a_compressed_opml_list_is_skipped_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "subs.opml.gz").write_bytes(
        gzip.compress(b'<opml><body><outline xmlUrl="http://127.0.0.1:9/f"/></body></opml>')
    )
    (tmp_path / "wall.txt").write_text(SEA_WALL)
    digest = summarize([tmp_path / "subs.opml.gz", tmp_path / "wall.txt"])
    (skipped,) = digest.skipped
    assert "compressed list of feeds" in skipped.reason and "unpack it" in skipped.reason


def test_loops_in_a_store_folder_are_named_as_loops(looped: Path) -> None:
    pytest.importorskip("fsspec")
    digest = summarize([looped.as_uri()])
    reasons = {s.path.rsplit("/", 1)[1]: s.reason for s in digest.skipped}
    assert reasons["a.txt"] == reasons["me.txt"] == "a loop of symbolic links, not followed", reasons
    assert len(digest.sources) == 2
