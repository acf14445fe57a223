"""The hostile cases of RELIABILITY.md, each run through the command: exit code, time, CPU time,
peak memory and what became of it, as a Markdown table.

    .venv/bin/python -m bench.hostile          # the quick cases
    .venv/bin/python -m bench.hostile --big    # also 100,000 records, 100,000 files, 31 MB of text
    .venv/bin/python -m bench.hostile --big --only "100,000 " --runs 3 --stages --jobs 1,2   # the two scale cases

Every input is made in a temporary folder; the network cases use a server on 127.0.0.1 only.
Time is wall time and CPU time the command's user + system seconds (its worker processes
included), medians over `--runs`, read by `/usr/bin/time`; peak memory is the whole process
tree's: the largest sum, sampled every 50 ms, of the proportional set sizes (PSS: a page shared
by n processes counts 1/n in each, so forked workers' shared pages count once) of the command
and every process under it, or `/usr/bin/time`'s maximum resident set of one process where
that is larger. With `--jobs 1,2` the big cases run once per number, `--jobs N` given to the
command (the one-process rows are the anchor). With `--stages`, each big case is also run once
by one `summarize()` call in a fresh process, timed stage by stage through its `progress=` hook:
wall seconds, the calling process's CPU seconds and its worker processes' CPU seconds; with
several `--jobs`, its text and JSON briefs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEA_WALL = (
    "The harbour council approved a new sea wall on Monday after a long debate in the town hall. "
    "Engineers said the wall would protect about four hundred homes from winter storms. "
    "Work is due to begin in the spring and should be finished within two years, the council said."
)
LIBRARY = (
    "The county library in Marsh End reopened on Saturday after a fire closed it for eight months. "
    "Volunteers carried more than twelve thousand books back onto the new shelves over three weekends."
)
TIMEOUT = 300.0


def feed(items: list[tuple[str, str, str]], channel: str = "Radio") -> str:
    """An RSS feed of (title, link, text) items; the title and link are XML-escaped as a feed would."""
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><description>{escape(x)}</description></item>"
        for t, u, x in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(channel)}</title>{body}</channel></rss>'


class HostileSite(BaseHTTPRequestHandler):
    """Hostile answers, one route each (the benchmark's and the suite's server: the suite sets
    smaller sizes and pauses through the class attributes)."""

    protocol_version = "HTTP/1.1"
    ARTICLE = (SEA_WALL + "\n\n" + LIBRARY).encode()
    FEED = feed([("Sea wall", "https://ok.example/1", SEA_WALL)]).encode()
    TRICKLE_BYTES = 200  # headers sent a byte at a time, never finished
    TRICKLE_PAUSE = 1.0  # seconds between those bytes
    BOMB_BYTES = 200 * 1024 * 1024  # what the gzip bomb decodes to
    SHORT_BYTES = 100  # what the body shorter than its Content-Length holds

    def log_message(self, *args) -> None:
        pass

    def answer(self, body: bytes, ctype: str, extra: dict | None = None, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self) -> None:  # noqa: N802
        import zlib

        article, path = self.ARTICLE, self.path
        try:
            if path == "/trickle":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"a" * self.TRICKLE_BYTES:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(self.TRICKLE_PAUSE)
            elif path == "/feed-as-text":
                self.answer(self.FEED, "text/plain; charset=utf-8")
            elif path == "/gzip":
                self.answer(gzip.compress(article), "text/plain; charset=utf-8", {"Content-Encoding": "gzip"})
            elif path == "/deflate":
                self.answer(zlib.compress(article), "text/plain", {"Content-Encoding": "deflate"})
            elif path == "/bomb":
                self.answer(gzip.compress(b" " * self.BOMB_BYTES), "text/plain", {"Content-Encoding": "gzip"})
            elif path == "/brotli":
                self.answer(b"\x1b\x00", "text/plain", {"Content-Encoding": "br"})
            elif path == "/short":
                self.answer(article[: self.SHORT_BYTES], "text/plain", length=len(article))
            elif path == "/a%20b":
                self.answer(article, "text/plain")
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _templated(n: int, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    syllables = "ka lo mi ra te su no va di re po lu ba zen tor vik".split()
    towns = ["".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2000)]
    return [
        f"The buyer from {rng.choice(towns)} paid {rng.randint(100, 99999)} pounds for lot {i} on "
        f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, the auction house in {rng.choice(towns)} said."
        for i in range(n)
    ]


def _lots(n: int, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    syllables = "ka lo mi ra te su no va di re po lu ba zen tor vik".split()
    towns = ["".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2000)]
    return [f"Lot {i} sold for {rng.randint(100, 99999)} pounds to a buyer from {rng.choice(towns)}." for i in range(n)]


def _real_sentences(n: int) -> list[str]:
    """`n` benchmark sentences (resampled and varied past the corpus), as bench.speed makes them."""
    from .speed import corpus

    sentences = corpus()
    rng = random.Random(15)
    vocabulary = sorted({w for s in sentences[:5000] for w in s.split() if w.isalpha() and len(w) > 3})
    chosen = list(sentences[:n])
    while len(chosen) < n:
        words = rng.choice(sentences).split()
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
        chosen.append(" ".join(words))
    return chosen


Case = tuple[str, Callable[[Path, str], list[str]]]  # (name, make(folder, site) -> command arguments)


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _news(folder: Path) -> Path:
    _write(folder / "news" / "a.txt", SEA_WALL)
    _write(folder / "news" / "b.txt", LIBRARY)
    return folder / "news"


def _cases() -> list[Case]:
    hostile_links = ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
                     "https://ok.example/a) [evil](javascript:alert(1)"]  # fmt: skip
    titles = ["<b>Bold</b>", "<img src=x onerror=alert(1)>", "<script>alert('x')</script>"]

    def links(f: Path, form: str) -> list[str]:
        items = [(titles[i % 3], u, SEA_WALL if i % 2 else LIBRARY) for i, u in enumerate(hostile_links)]
        return [str(_write(f / "hostile.rss", feed(items, "<b>Radio</b>"))), "-f", form]

    def named(name: str) -> Callable[[Path, str], list[str]]:
        return lambda f, s: [str(_write(f / "news" / name, SEA_WALL).parent)]

    def deep_toml(f: Path, s: str) -> list[str]:
        return [str(_news(f)), "--config", str(_write(f / "c.toml", "x = " + "[" * 100_000 + "]" * 100_000))]

    def deep_state(f: Path, s: str) -> list[str]:
        return [str(_news(f)), "--state", str(_write(f / "s.json", "[" * 100_000 + "]" * 100_000))]

    def fifo(option: str) -> Callable[[Path, str], list[str]]:
        def make(f: Path, s: str) -> list[str]:
            os.mkfifo(f / "pipe")
            return [str(_news(f)), option, str(f / "pipe")]

        return make

    def deep_record(f: Path, s: str) -> list[str]:
        good = json.dumps({"title": "Sea wall", "text": SEA_WALL})
        return [str(_write(f / "r.json", f'[{good}, {{"text": {"[" * 50_000 + "]" * 50_000}}}]')), "-f", "json"]

    def since_record(date: str) -> Callable[[Path, str], list[str]]:
        record = json.dumps({"title": "Sea wall", "text": SEA_WALL, "date": date})
        return lambda f, s: [str(_write(f / "r.jsonl", record + "\n")), "--since", "7d"]

    def own_brief(f: Path, s: str) -> list[str]:
        news = _news(f)
        subprocess.run([sys.executable, "-m", "summarize", str(news), "-f", "html", "-o", str(news / "old.html"),
                        "--state", str(news / "state.json")], capture_output=True, timeout=TIMEOUT)  # fmt: skip
        return [str(news), "-f", "json"]

    def link_out(f: Path, s: str) -> list[str]:
        news = _news(f)
        (news / "passwd.txt").symlink_to("/etc/passwd")
        return [str(news), "-f", "json"]

    def flood(f: Path, s: str) -> list[str]:
        attributes = " ".join(f"a{i}=x" for i in range(200_000))
        body = f"<article><p {attributes}>{SEA_WALL}</p><p>{LIBRARY}</p></article>"
        return [str(_write(f / "p.html", f"<html><body>{body}</body></html>"))]

    def dotted(f: Path, s: str) -> list[str]:
        return [str(_news(f)), "--config", str(_write(f / "c.toml", "a" + ".a" * 20_000 + " = 1"))]

    def not_utf8(f: Path, s: str) -> list[str]:
        with open(os.fsencode(f) + b"/bad\xc0\xafname.txt", "w") as file:
            file.write("Sea wall\n\n" + SEA_WALL)
        return [str(f), "-f", "html"]

    def data_link(f: Path, s: str) -> list[str]:
        link = "data&#58;text/html,&lt;script&gt;alert(1)&lt;/script&gt;"
        item = f"<item><title>Sea wall</title><link>{link}</link><description>{SEA_WALL}</description></item>"
        return [str(_write(f / "f.rss", f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>'))]

    def page(paragraphs: list[str]) -> Callable[[Path, str], list[str]]:
        html = "<html><head><title>Results</title></head><body><article><h1>Results</h1>"
        html += "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
        return lambda f, s: [str(_write(f / "page.html", html))]

    return [
        ("javascript:/data: links and tags in titles, -f html", lambda f, s: links(f, "html")),
        ("javascript:/data: links and tags in titles, -f markdown", lambda f, s: links(f, "markdown")),
        ("tags in feed titles, -f text", lambda f, s: links(f, "text")),
        ("file named `evil\\nSources:\\n[9] forged.txt`", named("evil\nSources:\n[9] forged.txt")),
        ("U+202E in a file name", named("report\u202etxt.exe.txt")),
        (
            "U+202E and ESC in sentences and titles",
            lambda f, s: [
                str(
                    _write(
                        f / "r.json",
                        json.dumps(
                            [{"title": "Sea\u202e wall\x1b[2J", "text": SEA_WALL.replace("wall", "wa\u202ell")}]
                        ),
                    )
                )
            ],
        ),  # fmt: skip
        ("`ln -s /etc/passwd news/passwd.txt`", link_out),
        ("a brief and a state file in the input folder", own_brief),
        ("`-o /dev/null`", lambda f, s: [str(_news(f)), "-o", "/dev/null"]),
        (
            "`-o` a symbolic link",
            lambda f, s: (os.symlink(f / "real.txt", f / "link.txt"), [str(_news(f)), "-o", str(f / "link.txt")])[1],
        ),  # fmt: skip
        (
            "`-o s.json --state ./s.json`",
            lambda f, s: [str(_news(f)), "-o", str(f / "s.json"), "--state", str(f / "." / "s.json")],
        ),  # fmt: skip
        ("`-o` a 250-character name", lambda f, s: [str(_news(f)), "-o", str(f / ("b" * 246 + ".txt"))]),
        ("`--since 1000000d`", lambda f, s: [str(_news(f)), "--since", "1000000d"]),
        ("`--since 99999999999999999999h`", lambda f, s: [str(_news(f)), "--since", "99999999999999999999h"]),
        ('record dated "tomorrow!!", `--since 7d`', since_record("tomorrow!!")),
        ('record dated "2026-13-45", `--since 7d`', since_record("2026-13-45")),
        ("100,000-deep TOML config", deep_toml),
        ("100,000-deep state file", deep_state),
        ("`--config /dev/zero`", lambda f, s: [str(_news(f)), "--config", "/dev/zero"]),
        ("`--state /dev/zero`", lambda f, s: [str(_news(f)), "--state", "/dev/zero"]),
        ("`--config FIFO`", fifo("--config")),
        ("`--state FIFO`", fifo("--state")),
        ("headers at a byte a second (10 s limit)", lambda f, s: [f"{s}/trickle"]),
        ("RSS served as text/plain", lambda f, s: [f"{s}/feed-as-text", "-f", "json"]),
        ("gzip-encoded response", lambda f, s: [f"{s}/gzip"]),
        ("gzip bomb (200 MB of spaces)", lambda f, s: [f"{s}/bomb"]),
        ("body shorter than its Content-Length", lambda f, s: [f"{s}/short"]),
        ("URL with a space", lambda f, s: [f"{s}/a b"]),
        ("one 50,000-deep record in a .json list", deep_record),
        (
            "never-closed feed `<rss><channel><item><title>t</title>`",
            lambda f, s: [str(_write(f / "f.xml", "<rss><channel><item><title>t</title>"))],
        ),  # fmt: skip
        ("4-million-character base64 run", lambda f, s: [str(_write(f / "b.txt", "QUJD" * 1_000_000 + "."))]),
        ("100 KB of `&a&a...`", lambda f, s: [str(_write(f / "a.txt", "&a" * 50_000 + "."))]),
        (
            "feed date 0000-00-00",
            lambda f, s: [
                str(
                    _write(
                        f / "d.rss",
                        feed([("Sea wall", "https://o.ex/", SEA_WALL)]).replace(
                            "<link>", "<pubDate>0000-00-00</pubDate><link>"
                        ),
                    )
                )
            ],
        ),  # noqa: E501 fmt: skip
        ("1.5 MB page of 25,000 similar paragraphs", lambda f, s: page(_lots(25_000))(f, s)),
        # the attack run after round two
        ("config of one 20,000-part dotted key", dotted),
        ("page with one tag of 200,000 attributes", flood),
        ("file name not UTF-8, -f html", not_utf8),
        ("feed link `data&#58;text/html,<script>`, -f text", data_link),
        (
            "`-o` a loop of symbolic links",
            lambda f, s: (os.symlink("l2", f / "l1"), os.symlink("l1", f / "l2"), [str(_news(f)), "-o", str(f / "l1")])[
                2
            ],
        ),  # fmt: skip
        ("40 MB of `A b. ` on one line", lambda f, s: [str(_write(f / "a.txt", "A b. " * 8_000_000))]),
        *_round_four(),
    ]


def _round_four() -> list[Case]:
    """The attack run after round three: empty values, link loops, archives, process counts, long names."""
    import bz2
    import lzma

    def empty(*args: str) -> Callable[[Path, str], list[str]]:
        return lambda f, s: [str(_news(f)), *args]

    def loops(f: Path, s: str) -> list[str]:
        news = _news(f)
        os.symlink("b.loop.txt", news / "a.loop.txt")
        os.symlink("a.loop.txt", news / "b.loop.txt")
        os.symlink(".", news / "self")
        return [str(news), "-f", "json"]

    def archives(f: Path, s: str) -> list[str]:
        _write(f / "z" / "wall.txt.gz", gzip.compress(SEA_WALL.encode()))
        _write(f / "z" / "library.bz2", bz2.compress(LIBRARY.encode()))
        wall = SEA_WALL.replace("Monday", "Tuesday")  # a retelling, not a copy: a source of its own
        _write(f / "z" / "feed.xml.xz", lzma.compress(feed([("Sea wall", "https://o.ex/", wall)]).encode()))
        return [str(f / "z")]

    def bomb(f: Path, s: str) -> list[str]:
        _write(f / "bomb.txt.gz", gzip.compress(b"\0" * (64 << 20), 9) * 160)  # 10 GB of zeros, 10 MB
        return [str(_news(f)), str(f / "bomb.txt.gz")]

    def truncated(f: Path, s: str) -> list[str]:
        _write(f / "cut.txt.gz", gzip.compress((SEA_WALL * 20).encode())[:-40])
        return [str(_news(f)), str(f / "cut.txt.gz")]

    def many_jobs(f: Path, s: str) -> list[str]:
        for i, t in enumerate(_real_sentences(3_000)):
            _write(f / "many" / f"{i:05d}.txt", t + "\n")
        return [str(f / "many"), "--jobs", "100000"]

    def long_names(f: Path, s: str) -> list[str]:
        deep = f.joinpath(*["n" * 200] * 5)
        _write(deep / ("a" * 240 + ".txt"), SEA_WALL)
        _write(deep / ("b" * 240 + ".txt"), b"\x00\x01binary")
        return ["n" * 200]

    return [
        ("`--since ''`", empty("--since", "")),
        ("`--config ''`", empty("--config", "")),
        ("`--query ''`", empty("--query", "")),
        ("`--algorithm ''`", empty("--algorithm", "")),
        ("an input named `''`", lambda f, s: (_news(f), [""])[1]),
        ("links a -> b -> a and self -> . in a folder, -f json", loops),
        ("a folder of .gz, .bz2 and .xz articles", archives),
        ("10 GB of zeros gzipped to 10 MB", bomb),
        ("a truncated .gz", truncated),
        ("`--jobs 100000` over 3,000 files", many_jobs),
        ("a binary file at a path of 1,249 characters", long_names),
        ("`-o brief.txt.gz`", empty("-o", "brief.txt.gz")),
    ]


def _big_cases() -> list[Case]:
    def records(f: Path, s: str) -> list[str]:
        lines = [json.dumps({"title": f"Story {i}", "text": t}) for i, t in enumerate(_real_sentences(100_000))]
        return [str(_write(f / "r.jsonl", "\n".join(lines) + "\n"))]

    def files(f: Path, s: str) -> list[str]:
        (f / "tiny").mkdir()
        for i, t in enumerate(_real_sentences(100_000)):
            (f / "tiny" / f"{i:06d}.txt").write_text(t + "\n", encoding="utf-8")
        return [str(f / "tiny")]

    def paragraphs(f: Path, s: str) -> list[str]:
        return [str(_write(f / "p.txt", "\n\n".join(_lots(200_000)) + "\n"))]

    def templated(f: Path, s: str) -> list[str]:
        sentences = _templated(330_000)
        text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
        return [str(_write(f / "t.txt", text + "\n"))]

    def short_records(f: Path, s: str) -> list[str]:
        from .speed import corpus

        rng = random.Random(3)
        words = sorted({w for line in corpus()[:5000] for w in line.split() if w.isalpha()})
        texts = [" ".join(rng.choice(words) for _ in range(7)) + "." for _ in range(500_000)]
        return [str(_write(f / "big.json", json.dumps([{"text": t} for t in texts])))]

    return [
        ("100,000 one-line JSONL records (benchmark sentences)", records),
        ("100,000 tiny files (benchmark sentences)", files),
        ("11.6 MB: 200,000 short similar paragraphs", paragraphs),
        ("33 MB: 330,000 templated sentences", templated),
        ("35 MB: a .json list of 500,000 records of seven words from 6,000", short_records),
    ]


def run_case(
    name: str,
    make: Callable[[Path, str], list[str]],
    site: str,
    runs: int = 1,
    stages: bool = False,
    jobs: list[int | None] = [None],  # noqa: B006 (never changed)
) -> list[str]:
    """The case's table rows: one, or one per number of `jobs` (given to the command as --jobs)."""
    import statistics

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        made = make(Path(folder), site)
        for count in jobs:
            args = [*made, "--jobs", str(count)] if count is not None else made
            label = f"{name}, --jobs {count}" if count is not None else name
            command = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "summarize", *args]
            walls, cpus, peaks = [], [], []
            for _ in range(runs):
                try:
                    result, tree_peak = _run_sampled(command, folder)
                except subprocess.TimeoutExpired:
                    rows.append(f"| {label} | - | over {TIMEOUT:g} s | - | - | hang |")
                    break
                *messages, figures = result.stderr.strip().splitlines() or ["", "0 0 0 0"]
                seconds, user, system, kilobytes = figures.split()
                walls.append(float(seconds))
                cpus.append(float(user) + float(system))
                peaks.append(max(int(kilobytes), tree_peak) // 1024)
            else:
                returncode = int(result.returncode)
                crashed = "Traceback" in result.stderr or "internal error" in result.stderr
                said = next((m for m in reversed(messages) if m.startswith("summarize:")), "")
                outcome = "CRASH" if crashed else _outcome(returncode, said, result.stdout)
                wall, cpu = statistics.median(walls), statistics.median(cpus)
                listed = f"{', '.join(f'{w:.1f}' for w in walls)} s; cpu {', '.join(f'{c:.1f}' for c in cpus)} s"
                every = f" ({listed})" if runs > 1 else ""
                split = f"; by stage: {_stage_split(made, folder, count)}" if stages else ""
                figures = f"{returncode} | {wall:.1f} s | {cpu:.1f} s | {max(peaks)} MB"
                rows.append(f"| {label} | {figures} | {outcome}{every}{split} |")
        if stages and len(jobs) > 1:
            rows[-1] = rows[-1].removesuffix(" |") + f"; {_same_briefs(Path(folder), jobs)} |"
    return rows


def _same_briefs(folder: Path, jobs: list[int | None]) -> str:
    """Whether the stage runs' text and JSON briefs are the same, byte for byte, for every number of jobs."""
    names = [str(n) if n is not None else "-" for n in jobs]
    if not all((folder / f"brief-{n}.{form}").exists() for n in names for form in ("txt", "json")):
        return "briefs not compared: a stage run failed"
    for form in ("txt", "json"):
        first = (folder / f"brief-{names[0]}.{form}").read_bytes()
        if any((folder / f"brief-{n}.{form}").read_bytes() != first for n in names[1:]):
            return f"{form} briefs DIFFER across --jobs {', '.join(names)}"
    return f"text and json briefs identical across --jobs {', '.join(names)}"


def _run_sampled(command: list[str], folder: str) -> tuple[subprocess.CompletedProcess, int]:
    """`command` run to its end, and the largest sum of its process tree's PSS seen (kB)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        done.set()
        sampler.join()
    return subprocess.CompletedProcess(command, process.returncode, out, err), peak[0]


def _tree(pid: int) -> list[int]:
    """`pid` and every process under it (Linux's /proc children lists)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as listing:
                    pending.extend(int(child) for child in listing.read().split())
        except OSError:  # gone meanwhile
            continue
    return found


def _tree_pss(pid: int) -> int:
    """The summed proportional set sizes (kB) of `pid` and the processes under it."""
    total = 0
    for process in _tree(pid):
        try:
            with open(f"/proc/{process}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total


STAGE_SCRIPT = """
import os, resource, sys, time
from summarize import summarize


def workers_cpu():
    # CPU seconds of this process's children: those waited for, and those still running (/proc)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = ended.ru_utime + ended.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        try:
            with open(f"/proc/{os.getpid()}/task/{task}/children") as listing:
                children = listing.read().split()
        except OSError:  # a thread ended meanwhile
            continue
        for child in children:
            try:
                with open(f"/proc/{child}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except OSError:
                pass
    return total


marks = []
def mark(stage):
    marks.append((stage, time.perf_counter(), time.process_time(), workers_cpu()))
def progress(stage, done, total):
    if not marks or marks[-1][0] != stage:
        mark(stage)
jobs = int(sys.argv[1]) if sys.argv[1] != "-" else None
mark("setting up")
digest = summarize(sys.argv[2:], progress=progress, jobs=jobs)
mark("rendering")
text = digest.to_text()
mark("end")
with open(f"brief-{sys.argv[1]}.txt", "w", encoding="utf-8") as out:
    out.write(text)
with open(f"brief-{sys.argv[1]}.json", "w", encoding="utf-8") as out:
    out.write(digest.to_json())
def cpu(a, b):
    workers = b[3] - a[3]
    return f"cpu {b[2] - a[2]:.1f}" + (f" + workers {workers:.1f}" if workers >= 0.05 else "")
print("; ".join(f"{a[0]} {b[1] - a[1]:.1f} s ({cpu(a, b)})" for a, b in zip(marks, marks[1:])))
"""


def _stage_split(args: list[str], folder: str, jobs: int | None = None) -> str:
    """One `summarize()` call on `args` in a fresh process, timed stage by stage (see STAGE_SCRIPT)."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", STAGE_SCRIPT, str(jobs) if jobs is not None else "-", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=folder,
        )
    except subprocess.TimeoutExpired:
        return f"failed: over {TIMEOUT:g} s"
    return result.stdout.strip() or "failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]


def _outcome(code: int, said: str, out: str) -> str:
    said = said.removeprefix("summarize: ").replace("|", "\\|")
    if len(said) > 110:
        said = said[:107] + "..."
    if code == 0:
        # The header counts every source used ("Brief for DATE: 96,065 sources, ..."); the source
        # list names only those the brief cites.
        counted = re.search(r"^Brief for [^:]*: ([\d,]+) sources?", out, re.MULTILINE)
        sources = out.count('"id":') if out.lstrip().startswith("{") else (counted.group(1) if counted else 0)
        head = f"digest ({sources} sources)" if sources else "digest"
        return f"{head}; {said}" if said else head
    return said or f"exit {code}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--big", action="store_true", help="also the large cases (minutes)")
    parser.add_argument("--only", default="", help="run only cases whose name holds this text (a|b: either)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each case (medians reported)")
    parser.add_argument("--stages", action="store_true", help="also time the big cases stage by stage")
    parser.add_argument("--jobs", default="", help="the big cases once per number of processes, e.g. 1,2")
    options = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostileSite)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ.pop("http_proxy", None)
    os.environ.pop("HTTP_PROXY", None)
    cache_home = tempfile.TemporaryDirectory()  # the HTTP cache of every case: never the user's
    os.environ["XDG_CACHE_HOME"] = cache_home.name
    print("| case | exit | time | cpu | peak memory | outcome |")
    print("| --- | --- | --- | --- | --- | --- |")
    big = {name for name, _ in _big_cases()}
    cases = _cases() + (_big_cases() if options.big else [])
    jobs = [int(n) for n in options.jobs.split(",") if n.strip()] or [None]
    for name, make in cases:
        if any(part in name for part in options.only.split("|")):
            counts = jobs if name in big else [None]
            for row in run_case(name, make, site, options.runs, options.stages and name in big, counts):
                print(row, flush=True)
    server.shutdown()
    cache_home.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
