"""Reliability: bad, odd and hostile inputs, generated at test time, against the contract.

What must hold for every input, however broken:

* no traceback and no hang: every CLI run is a subprocess with a timeout, every API call runs
  in a thread with a deadline;
* either a digest of the usable sources (exit 0), or exit code 1 with one line on stderr when
  nothing is usable; the API raises nothing but `NothingToSummarize` (or `UsageError` for a bad
  request);
* nothing lost silently: in a folder, every file met (hidden names aside) is a source or a
  skipped item with a reason (a feed or a JSON file may yield several), and in CLI runs every
  skipped item is named on stderr;
* nothing mangled: every digest sentence stands verbatim (white space normalised) in a source,
  and for text whose true characters the test knows, in that text.

Each case is checked twice: through the API, beside a good article in a folder (so a digest is
always due and the case's own fate can be read off `sources` and `skipped`), and through the
CLI alone (exit 0 with a digest, or exit 1 with one line). The CLI runs of the case table are
made once, in parallel, to keep the default suite fast.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from helpers import REPO, serving

from summarize import Digest, NothingToSummarize, SummarizeError, summarize
from summarize.sources import load

CLI_TIMEOUT = 60.0  # seconds for any one CLI run of an ordinary case
API_TIMEOUT = 60.0  # seconds for any one API call
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")

# --- articles and texts ----------------------------------------------------------------------------

SEA_WALL = [
    "The harbour council approved a new sea wall on Monday after a long debate in the town hall.",
    "Engineers said the wall would protect about four hundred homes from winter storms.",
    "Work is due to begin in the spring and should be finished within two years, the council said.",
    "Fishermen on the north quay asked for a wider gap in the wall so that their boats can pass at low tide.",
]
LIBRARY = [
    "The county library in Marsh End reopened on Saturday after a fire closed it for eight months.",
    "Volunteers carried more than twelve thousand books back onto the new shelves over three weekends.",
    "The head librarian said the reading room would now stay open until nine in the evening.",
]
GOOD_ARTICLE = "Sea wall approved after long debate\n\n" + "\n\n".join(SEA_WALL) + "\n"
OTHER_ARTICLE = "Library reopens after fire\n\n" + "\n\n".join(LIBRARY) + "\n"

RUSSIAN = (
    "Портовый совет в понедельник одобрил строительство новой морской стены после долгих споров. "
    "Инженеры заявили, что стена защитит около четырёхсот домов от зимних штормов. "
    "Работы начнутся весной и завершатся в течение двух лет."
)
RUSSIAN_SENTENCES = [s + "." for s in RUSSIAN.rstrip(".").split(". ")]
ARABIC = (
    "وافق مجلس الميناء يوم الاثنين على بناء جدار بحري جديد بعد نقاش طويل. "
    "وقال المهندسون إن الجدار سيحمي نحو أربعمائة منزل من عواصف الشتاء. "
    "ومن المقرر أن يبدأ العمل في الربيع وأن ينتهي خلال عامين."
)
ARABIC_SENTENCES = [s + "." for s in ARABIC.rstrip(".").split(". ")]
CHINESE = (
    "港口委员会周一在长时间辩论后批准了一项新的海堤计划。"
    "工程师表示，这道海堤将保护大约四百户家庭免受冬季风暴的侵袭。"
    "工程预计于春季开工，并在两年内完工。"
)
ACCENTED = (
    "The café on the harbour front reopened on Monday after the storm damaged its façade.\n\n"
    "Its owner, Zoë Müller, said the crème brûlée would be back on the menu next week.\n"
)
CP1252_TEXT = (
    "The mayor said \u201cthe bridge will open in May\u201d \u2014 and residents cheered at the meeting.\n\n"
    "It\u2019s the council\u2019s biggest project in a decade, officials said on Tuesday.\n"
)
JUNK_ONLY = (
    "Share this article\nShare on Facebook\nTweet\nEmail\nAdvertisement\nSubscribe\nRead more\n"
    "Copyright 2025 Harbour Gazette. All rights reserved.\n\u00a9 2025 Harbour Gazette\n"
    "Tags: harbour, sea wall, council\nRelated stories\nBack to top\n"
)


def rss(items: list[str], channel_title: str = "<title>Harbour Radio</title>") -> str:
    return (
        f'<?xml version="1.0"?>\n<rss version="2.0"><channel>{channel_title}\n'
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )


def item(n: int, text: str, title: str | None = None) -> str:
    title = title if title is not None else f"<title>Story {n}</title>"
    return f"<item>{title}<link>https://radio.example/{n}</link><description>{text}</description></item>"


def png_bytes(rnd: random.Random) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rnd.randbytes(4000)


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", GOOD_ARTICLE * 20)
        archive.writestr("notes.txt", OTHER_ARTICLE * 20)
    return buf.getvalue()


# --- the case table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input: a file name, its bytes, and what the contract says may become of it.

    `expect`: "used" (must be read, not mangled), "skipped" (must be skipped with a reason) or
    "either". `truth`: the text the file really holds, when known; every sentence read from the
    file must stand in it. `records`: how many sources plus skipped items the file yields (a feed
    or a JSON file may yield several). `not_reason`: a reason the file must not be skipped for.
    """

    name: str
    make: object  # () -> bytes
    expect: str = "either"
    truth: str | None = None
    records: int = 1
    reason: str = ""  # a regular expression the skip reason must match, when skipped
    not_reason: str = ""
    brief: bool = True  # one of the cases the brief names (the others were found while testing)
    kwargs: dict = field(default_factory=dict)


def _cases() -> list[Case]:
    rnd = random.Random(20261124)
    png, blob, archive = png_bytes(rnd), rnd.randbytes(6000), zip_bytes()
    nul_text = GOOD_ARTICLE.replace("council approved", "coun\x00cil approved").replace("\n\n", "\n\x00\n", 1)
    truncated_feed = rss([item(1, SEA_WALL[0] + " " + SEA_WALL[1]), item(2, LIBRARY[0] + " " + LIBRARY[1])])
    truncated_feed = truncated_feed[: truncated_feed.index(LIBRARY[0]) + 30]
    malformed_feed = rss([item(1, SEA_WALL[0]), item(2, SEA_WALL[1], "<title>Broken</titel>"), item(3, LIBRARY[0])])
    wrong_types = [
        {"title": 5, "text": SEA_WALL[0]},
        {"text": 12},
        {"text": ["a", "list"]},
        {"text": SEA_WALL[1], "url": {"href": "x"}},
        {"text": SEA_WALL[2], "date": 2025},
        {"text": None},
        "just a string",
        7,
        None,
        {"text": True},
        {"text": "   "},
        {"title": "The good one", "text": LIBRARY[0] + " " + LIBRARY[1], "source": {"name": "Wire"}},
    ]
    jsonl_lines = [
        json.dumps({"title": "Good line", "text": SEA_WALL[0] + " " + SEA_WALL[1]}),
        '{"title": "unterminated", "text": "The harbour',
        json.dumps({"text": 3.5}),
        json.dumps(["a", "list"]),
        "not json at all",
        json.dumps({"body": {"nested": "object"}}),
    ]
    return [
        # binary data
        Case("photo.png", lambda: png, "skipped", reason="unsupported"),
        Case("photo-as-text.txt", lambda: png, "skipped", reason="binary|not text"),
        Case("archive.zip", lambda: archive, "skipped", reason="unsupported"),
        Case("archive-no-suffix", lambda: archive, "skipped", reason="binary|not text"),
        Case("random-bytes", lambda: blob, "skipped", reason="binary|not text"),
        Case("random-bytes.html", lambda: blob, "skipped"),
        Case("random-bytes.json", lambda: blob, "skipped"),
        # empty and white space only
        Case("empty.txt", lambda: b"", "skipped"),
        Case("empty.md", lambda: b"", "skipped"),
        Case("empty.html", lambda: b"", "skipped"),
        Case("empty.json", lambda: b"", "skipped"),
        Case("empty.jsonl", lambda: b"", "skipped"),
        Case("empty.rss", lambda: b"", "skipped"),
        Case("whitespace.txt", lambda: b"  \n\t\n \r\n\n   \x0c\n", "skipped"),
        # encodings
        Case("nul-bytes.txt", lambda: nul_text.encode(), "used", truth=nul_text.replace("\x00", "")),
        Case(
            "invalid-utf8.txt",
            lambda: ACCENTED.encode() + b"A stray byte \xff sits in this line of the report.\n",
            "used",
            truth=(ACCENTED.encode() + b"A stray byte \xff sits in this line of the report.\n").decode(
                "utf-8", "replace"
            ),
        ),
        Case("utf16-bom.txt", lambda: GOOD_ARTICLE.encode("utf-16"), "used", truth=GOOD_ARTICLE),
        Case("utf16le-no-bom.txt", lambda: GOOD_ARTICLE.encode("utf-16-le"), "used", truth=GOOD_ARTICLE),
        Case("utf16be-no-bom.txt", lambda: GOOD_ARTICLE.encode("utf-16-be"), "used", truth=GOOD_ARTICLE),
        Case("latin1.txt", lambda: ACCENTED.encode("latin-1"), "used", truth=ACCENTED),
        Case("cp1252.txt", lambda: CP1252_TEXT.encode("cp1252"), "used", truth=CP1252_TEXT),
        # markup with nothing in it
        Case("no-body.html", lambda: b"<html><head><title>Nothing here</title></head></html>", "skipped"),
        Case(
            "only-scripts.html",
            lambda: (
                b"<html><head><title>Scripts</title><script>var s = 'The harbour council approved a wall.';</script>"
                b"</head><body><script>document.write('Engineers said the wall would protect four hundred homes "
                b"from winter storms.');</script><style>p { color: red }</style><noscript></noscript></body></html>"
            ),
            "skipped",
        ),
        Case(
            "truncated.html",
            lambda: (
                "<html><head><title>Sea wall</title></head><body><article>"
                + "".join(f"<p>{s}</p>" for s in SEA_WALL)
                + "<p>More text that is cut off in the mid"
            ).encode(),
            "either",
        ),
        # feeds
        Case("truncated.rss", lambda: truncated_feed.encode(), "either", records=2),
        Case("malformed-entry.rss", lambda: malformed_feed.encode(), "either", records=3),
        Case("garbage.rss", lambda: b"this is <<< not > xml & at all", "skipped"),
        Case("not-a-feed.xml", lambda: b"<urlset><url><loc>https://a.example/</loc></url></urlset>", "skipped"),
        Case("truncated.xml", lambda: rss([item(1, SEA_WALL[0])])[:60].encode(), "skipped"),
        Case(
            "no-entries.atom", lambda: b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>', "skipped"
        ),
        # JSON
        Case("truncated.json", lambda: json.dumps([{"title": "A", "text": SEA_WALL[0]}])[:-12].encode(), "skipped"),
        Case("malformed.json", lambda: b'[{"title": "A", "text": "x"},, {"text": }]', "skipped"),
        Case("not-records.json", lambda: b"42", "skipped"),
        Case("null.json", lambda: b"null", "skipped"),
        Case("items-not-a-list.json", lambda: json.dumps({"items": {"text": SEA_WALL[0]}}).encode(), "skipped"),
        Case("nested-deep.json", lambda: b"[" * 100_000 + b"]" * 100_000, "skipped"),
        Case("wrong-types.json", lambda: json.dumps(wrong_types).encode(), "either", records=len(wrong_types)),
        Case("wrong-types.jsonl", lambda: "\n".join(jsonl_lines).encode(), "either", records=len(jsonl_lines)),
        # other languages, other encodings
        Case("russian.txt", lambda: RUSSIAN.encode(), "either", truth=RUSSIAN),
        Case("arabic.txt", lambda: ARABIC.encode(), "either", truth=ARABIC),
        Case("chinese.txt", lambda: CHINESE.encode(), "either", truth=CHINESE),
        Case("russian-cp1251.txt", lambda: RUSSIAN.encode("cp1251"), "either", truth=RUSSIAN),
        Case("russian-koi8r.txt", lambda: RUSSIAN.encode("koi8-r"), "either", truth=RUSSIAN),
        Case("arabic-cp1256.txt", lambda: ARABIC.encode("cp1256"), "either", truth=ARABIC),
        Case("chinese-gb18030.txt", lambda: CHINESE.encode("gb18030"), "either", truth=CHINESE),
        Case("russian-utf16-bom.txt", lambda: RUSSIAN.encode("utf-16"), "either", truth=RUSSIAN),
        Case(
            "russian.html",
            lambda: f"<html><body><article><p>{RUSSIAN}</p></article></body></html>".encode(),
            "either",
            truth=RUSSIAN,
        ),
        Case("arabic.md", lambda: f"# عنوان\n\n{ARABIC}\n".encode(), "either", truth="عنوان\n\n" + ARABIC),
        # junk, one sentence
        Case("junk-only.txt", lambda: JUNK_ONLY.encode(), "skipped"),
        Case("one-sentence.txt", lambda: (SEA_WALL[0] + "\n").encode(), "used", truth=SEA_WALL[0]),
        # ---- found while testing: not in the brief's list, same contract ----
        Case(
            "russian-utf16le-no-bom.txt",
            lambda: RUSSIAN.encode("utf-16-le"),
            "either",
            truth=RUSSIAN,
            not_reason="binary",  # README: UTF-16 is "recognised by its NUL bytes"
            brief=False,
        ),
        Case(
            "russian-invalid-utf8.txt",
            lambda: RUSSIAN.encode() + b" \xff\n",
            "either",
            truth=(RUSSIAN.encode() + b" \xff\n").decode("utf-8", "replace"),
            brief=False,
        ),
        Case(
            "malformed-channel.rss",
            lambda: rss(
                [item(1, SEA_WALL[0] + " " + SEA_WALL[1]), item(2, LIBRARY[0] + " " + LIBRARY[1])],
                channel_title="<title>Harbour Radio</titel>",
            ).encode(),
            "either",
            records=2,
            brief=False,
        ),
        Case(
            "huge-number.json",
            lambda: ('[{"text": ' + "9" * 5000 + '}, {"title": "Fine", "text": "' + " ".join(LIBRARY) + '"}]').encode(),
            "either",
            records=2,
            brief=False,
        ),
        Case(
            "lone-surrogate.json",
            lambda: ('[{"title": "Odd \\ud800 title", "text": "' + " ".join(LIBRARY) + ' \\udfff"}]').encode(),
            "either",
            brief=False,
        ),
        Case(
            "bad-charref.rss",
            lambda: rss([item(1, SEA_WALL[0] + " &#xd800; " + SEA_WALL[1])]).encode(),
            "either",
            brief=False,
        ),
        Case(
            "undefined-charset.html",
            lambda: (
                '<html><head><meta charset="undefined"><title>Caf\xe9</title></head><body><article>'
                + "".join(f"<p>{s}</p>" for s in SEA_WALL)
                + "<p>The caf\xe9 stays open.</p></article></body></html>"
            ).encode("latin-1"),
            "either",
            brief=False,
        ),
    ]


CASES = _cases()
CASE_IDS = [c.name for c in CASES]
BRIEF_CASES = [c for c in CASES if c.brief]


# --- helpers -----------------------------------------------------------------------------------------


def norm(text: str) -> str:
    return " ".join(text.split())


def bounded(fn, seconds: float = API_TIMEOUT):
    """Run `fn()` in a thread; fail the test (rather than hang the suite) if it takes longer."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as err:  # handed back to the test
            box["error"] = err

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"hang: the call gave no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def api(inputs, **kwargs) -> Digest | NothingToSummarize:
    """summarize(...) within a deadline: the digest, or the documented NothingToSummarize.

    Any other exception is a contract breach and fails the test with its type and message."""
    try:
        return bounded(lambda: summarize(inputs, **kwargs))
    except NothingToSummarize as err:
        return err
    except SummarizeError as err:
        pytest.fail(f"unexpected {type(err).__name__}: {err}")
    except Exception as err:
        pytest.fail(f"undocumented exception from summarize(): {type(err).__name__}: {err}")


def check_digest(digest: Digest) -> None:
    """What every digest must satisfy: sentences stand in a credited source, skipped items carry
    reasons, and every rendering is valid UTF-8 text."""
    assert digest.sentences, "a digest with no sentences"
    by_id = {s.id: s for s in digest.sources}
    for sentence in digest.sentences:
        assert sentence.text.strip() and "\x00" not in sentence.text
        assert sentence.sources and set(sentence.sources) <= set(by_id), sentence
        assert any(norm(sentence.text) in norm(by_id[i].text) for i in sentence.sources), sentence.text[:200]
    for skipped in digest.skipped:
        assert skipped.path and skipped.reason.strip(), skipped
    for fmt in ("text", "markdown", "json"):
        rendered = digest.render(fmt)
        rendered.encode("utf-8")  # a lone surrogate here would crash any UTF-8 stdout or file
    json.loads(digest.to_json())


def files_met(folder: Path) -> list[str]:
    """Every non-hidden entry under `folder` that is not a real folder (files, links of any kind,
    pipes), as the walk names them: what the user would call "the files in the folder".
    Iterative, so depth is no limit here."""
    met: list[str] = []
    stack = [str(folder)]
    while stack:
        root = stack.pop()
        with os.scandir(root) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(os.path.join(root, entry.name))
                else:
                    met.append(os.path.join(root, entry.name))
    return sorted(met)


def items_of(digest_or_loaded, path: str) -> list:
    every = list(digest_or_loaded.sources) + list(digest_or_loaded.skipped)
    return [x for x in every if x.path == path or x.path.startswith(path + "#")]


def check_accounting(folder: Path, digest, records: dict[str, int] | None = None) -> None:
    """Nothing lost silently: files met == sources + skipped, file by file."""
    records = records or {}
    met = files_met(folder)
    known = set(met)
    every = list(digest.sources) + list(digest.skipped)
    by_file: dict[str, list] = {}
    for x in every:  # an item names its file, or its file and a record number ("feed.xml#3")
        key = x.path if x.path in known else x.path.rsplit("#", 1)[0]
        by_file.setdefault(key, []).append(x)
    lost = [p for p in met if p not in by_file]
    assert not lost, f"files met but neither used nor skipped: {lost}"
    for path in met:
        want = records.get(os.path.basename(path), 1)
        assert len(by_file[path]) == want, f"{path}: expected {want} sources+skipped, got {by_file[path]}"
    expected_total = sum(records.get(os.path.basename(p), 1) for p in met)
    assert len(every) == expected_total, (len(met), every)
    strays = sorted(set(by_file) - known)
    assert not strays, f"items that name no file met: {strays}"


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env.update({"COLUMNS": "80", "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"})
    env.pop("PYTHONSTARTUP", None)
    env.pop("SUMMARIZE_DEBUG", None)
    env.update(extra)
    return env


@dataclass
class Run:
    args: tuple[str, ...]
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float


def run_cli(*args: str, timeout: float = CLI_TIMEOUT, stdin: bytes | None = None, env: dict | None = None) -> Run:
    """`python -m summarize ARGS` in a fresh interpreter, killed at `timeout` (returncode None)."""
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "summarize", *args],
            input=stdin,
            capture_output=True,
            cwd=REPO,
            env=env or cli_env(),
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as err:
        out = (err.stdout or b"").decode("utf-8", "replace")
        return Run(args, None, out, (err.stderr or b"").decode("utf-8", "replace"), time.monotonic() - start)
    return Run(
        args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )


def run_many(runs: list[tuple], workers: int | None = None) -> list[Run]:
    """Several CLI runs at once (each `(args, kwargs)`), one per core."""
    with ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(lambda r: run_cli(*r[0], **r[1]), runs))


# The case table's CLI runs: the command's own entry point (`summarize.cli.app`, what `python -m
# summarize` runs) called once per case inside one interpreter per core, so that the imports are
# paid once, not sixty times. stdout and stderr are byte pipes with the interpreter's own encoding
# and error handlers, as in a real run; an exception escaping the command is a traceback, as it
# would be on a terminal. Each case has its own deadline: one that overruns is a hang, and its
# interpreter is killed and replaced for the cases after it.
DRIVER = r"""
import io, json, sys, traceback
from summarize.cli import app

for line in sys.stdin:
    name, args = json.loads(line)
    out = io.BytesIO()
    err = io.BytesIO()
    pipes = (
        io.TextIOWrapper(out, encoding=sys.__stdout__.encoding, errors=sys.__stdout__.errors),
        io.TextIOWrapper(err, encoding=sys.__stderr__.encoding, errors=sys.__stderr__.errors),
    )
    sys.stdout, sys.stderr = pipes
    crash = ""
    try:
        app(args, prog_name="summarize")
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        code, crash = 1, traceback.format_exc()
    for pipe in pipes:
        try:
            pipe.flush()
        except Exception:
            crash = crash or traceback.format_exc()
        pipe.detach()  # keep the bytes: a wrapper closes its buffer when collected
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    print(json.dumps({"name": name, "code": code, "out": out.getvalue().decode("utf-8", "replace"),
                      "err": err.getvalue().decode("utf-8", "replace") + crash}), flush=True)
"""


def _drive(jobs: list[tuple[str, list[str]]], per_case: float) -> dict[str, Run]:
    """Run `jobs` (name, args) through driver interpreters one after another, replacing a driver
    that overruns a case's deadline (that case is a hang: returncode None)."""
    import queue

    results: dict[str, Run] = {}
    pending = list(jobs)
    while pending:
        proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=cli_env(),
            text=True,
            encoding="utf-8",
        )
        lines: queue.Queue = queue.Queue()

        def pump(stream=proc.stdout, into=lines):
            for line in stream:
                into.put(line)
            into.put(None)  # the driver is gone

        threading.Thread(target=pump, daemon=True).start()
        errors: list[str] = []
        collector = threading.Thread(target=lambda e=errors, p=proc: e.append(p.stderr.read()), daemon=True)
        collector.start()
        proc.stdin.write("".join(json.dumps([name, args]) + "\n" for name, args in pending))
        proc.stdin.close()
        deadline = per_case + 10.0  # the first case also pays for the imports
        while pending:
            name, args = pending[0]
            start = time.monotonic()
            try:
                line = lines.get(timeout=deadline)
            except queue.Empty:
                line = ""
            if line is None:  # the driver itself died: report it as this case's crash
                proc.wait()
                collector.join(5)
                results[name] = Run(tuple(args), 1, "", "Traceback (driver died)\n" + "".join(errors), 0.0)
                pending.pop(0)
                break
            if not line:
                proc.kill()
                proc.wait()
                results[name] = Run(tuple(args), None, "", "", time.monotonic() - start)
                pending.pop(0)
                break
            data = json.loads(line)
            assert data["name"] == name
            results[name] = Run(tuple(args), data["code"], data["out"], data["err"], time.monotonic() - start)
            pending.pop(0)
            deadline = per_case
        else:
            proc.wait(timeout=30)
    return results


def run_in_drivers(args: dict[str, list[str]], per_case: float = CLI_TIMEOUT) -> dict[str, Run]:
    """CLI runs for many cases, spread over one driver interpreter per core."""
    jobs = list(args.items())
    workers = max(2, os.cpu_count() or 2)
    shares = [jobs[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(lambda share: _drive(share, per_case), shares))
    return {name: part[name] for part in parts for name in part}


def check_cli(run: Run) -> None:
    """Exit 0 with a digest, or exit 1 with one line that says why (after a line per skipped input
    when there were several); never a traceback or a hang."""
    assert run.returncode is not None, f"hang: {run.args} still running after {run.seconds:.1f} s"
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr[-2000:]
    assert "internal error" not in run.stderr, run.stderr.strip()
    assert run.returncode in (0, 1), (run.returncode, run.stderr)
    lines = run.stderr.splitlines()
    if run.returncode == 0:
        assert run.stdout.strip(), "exit 0 without a digest"
        assert all(line.startswith("summarize: ") for line in lines), run.stderr
    else:
        # Nothing usable: text and Markdown print nothing; json prints an object that says why,
        # html a page that does.
        if run.stdout.lstrip().startswith("{"):
            assert json.loads(run.stdout)["message"].startswith("nothing to summarise"), run.stdout[:500]
        elif run.stdout:
            assert run.stdout.startswith("<!DOCTYPE html>") and "nothing to summarise" in run.stdout, run.stdout[:500]
        assert lines and lines[-1].startswith("summarize: ") and len(lines[-1]) > 20, run.stderr
        if run.stdout:
            assert json.loads(run.stdout)["message"] in lines[-1], (run.stdout[:500], lines[-1])
        assert all(line.startswith("summarize: skipped ") for line in lines[:-1]), run.stderr


def check_skips_on_stderr(run: Run, skipped: list[dict]) -> None:
    lines = set(run.stderr.splitlines())
    for item in skipped:
        assert item["reason"].strip(), item
        assert f"summarize: skipped {item['path']}: {item['reason']}" in lines, item


def write_case(folder: Path, case: Case) -> Path:
    path = folder / case.name
    path.write_bytes(case.make())
    return path


# --- the case table, through the API ---------------------------------------------------------------


# Cases that still fail: each a known, open bug (strict, so a fix shows up as a pass to remove here).
KNOWN_OPEN = {}


def _known_open(request, name: str) -> None:
    if name in KNOWN_OPEN:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[name]))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_beside_a_good_article_through_the_api(case, tmp_path, request):
    _known_open(request, case.name)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    path = str(write_case(folder, case))

    digest = api([folder], length=10, **case.kwargs)
    assert isinstance(digest, Digest), f"the good article was lost: {digest}"
    check_digest(digest)
    check_accounting(folder, digest, {case.name: case.records})
    assert [s.path for s in digest.sources if s.path.endswith("good.txt")], "good article not used"

    mine = items_of(digest, path)
    used = [x for x in mine if not hasattr(x, "reason")]
    skipped = [x for x in mine if hasattr(x, "reason")]
    if case.expect == "used":
        assert used, f"{case.name} was not used: {skipped}"
    if case.expect == "skipped":
        assert not used and skipped, f"{case.name} should be skipped, got {mine}"
    for item in skipped:
        assert item.reason.strip()
        if case.reason and len(mine) == 1:
            assert re.search(case.reason, item.reason), item.reason
        if case.not_reason:
            assert not re.search(case.not_reason, item.reason), f"{case.name} skipped as {item.reason!r}"
    if case.truth is not None:
        truth = norm(case.truth)
        for source in used:
            for paragraph in source.text.split("\n\n"):
                assert norm(paragraph) in truth, f"mangled: {paragraph[:160]!r}"
        for sentence in digest.sentences:
            if any(s.id in sentence.sources for s in used):
                assert norm(sentence.text) in truth or norm(sentence.text) in norm(GOOD_ARTICLE), sentence.text


# --- the case table, through the CLI (alone: a digest, or exit 1 with one line) --------------------


def make_many_files(folder: Path, count: int = 2000) -> None:
    """`count` one-sentence articles in folders of 250, and 2 bad files per 100 among them."""
    rnd = random.Random(count)
    nouns = "harbour bridge school library market ferry clinic museum tunnel station garden theatre".split()
    verbs = "approved opened closed repaired funded delayed inspected praised expanded visited".split()
    for i in range(count):
        sub = folder / f"batch{i // 250}"
        sub.mkdir(parents=True, exist_ok=True)
        a, b, c = rnd.sample(nouns, 3)
        (sub / f"note{i:05}.txt").write_text(
            f"The {a} council {rnd.choice(verbs)} the {b} plan near the {c} on day {i} of the year.\n"
        )
    for i in range(0, count, 100):
        (folder / f"batch{i // 250}" / f"bad{i}.bin").write_bytes(b"\x00\x01")
        (folder / f"batch{i // 250}" / f"empty{i}.txt").write_bytes(b"")


@dataclass
class Batch:
    runs: dict[str, Run]
    many: Path  # the folder of 2,000 tiny files
    line: Path  # the 5 MB line
    line_text: str


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    """The CLI runs of the case table, the 2,000-file folder and the 5 MB line, made together."""
    root = tmp_path_factory.mktemp("batch")
    many = root / "many"
    make_many_files(many)
    rnd = random.Random(5)
    line_text = " ".join(rnd.choice(["harbour", "wall", "storm", "tide", "quay"]) for _ in range(1_000_000))
    line = root / "line.txt"
    line.write_text(line_text, encoding="utf-8")
    # The ranking algorithm is not what is under test with many files: centroid keeps the run short
    # (the default's exact solver takes ~5 s here; the 20,000-file slow test runs the default).
    jobs = {
        "2000 files": [str(many), "-f", "json", "-n", "5", "-a", "centroid"],
        "5 MB line": [str(line), "-n", "2", "-f", "json"],
    }
    cases = root / "cases"
    cases.mkdir()
    jobs.update({case.name: [str(write_case(cases, case)), "-n", "5"] for case in CASES})
    return Batch(run_in_drivers(jobs), many, line, line_text)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_alone_through_the_cli(case, batch):
    run = batch.runs[case.name]
    check_cli(run)
    if case.expect == "used":
        assert run.returncode == 0, run.stderr
    if case.expect == "skipped" and case.records == 1:
        assert run.returncode == 1, run.stdout[:300]
        assert "the one input met was skipped (" in run.stderr, run.stderr
    if run.returncode == 0 and case.truth is not None:
        body = run.stdout.partition("\n\nSources:\n")[0]
        for line in body.splitlines()[2:]:  # after the dated header and its blank line
            sentence = re.sub(r" \[\d+(?:,\d+)*\]$", "", line)
            assert norm(sentence) in norm(case.truth), f"mangled: {sentence[:160]!r}"


# --- every case at once: one folder, one CLI run ---------------------------------------------------


def test_folder_of_every_bad_input_with_two_good_articles_through_the_cli(tmp_path):
    folder = tmp_path / "zoo"
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "sub" / "deeper" / "other.md").write_text("# " + OTHER_ARTICLE, encoding="utf-8")
    (folder / ".hidden.txt").write_text(GOOD_ARTICLE, encoding="utf-8")  # not met
    records = {}
    for n, case in enumerate(BRIEF_CASES):
        target = folder if n % 2 else folder / "sub"
        write_case(target, case)
        records[case.name] = case.records

    # Two fresh interpreters with different hash seeds: set and dict order must not leak into the output.
    run, again = run_many(
        [((str(folder), "-f", "json", "-n", "8"), {"env": cli_env(PYTHONHASHSEED=seed)}) for seed in ("1", "2")]
    )
    check_cli(run)
    assert run.returncode == 0, run.stderr
    assert (again.returncode, again.stdout, again.stderr) == (run.returncode, run.stdout, run.stderr), "not repeatable"
    digest = json.loads(run.stdout)
    paths = [s["path"] for s in digest["sources"]]
    assert str(folder / "good.txt") in paths and str(folder / "sub" / "deeper" / "other.md") in paths
    check_accounting(folder, _Shape(digest), records)
    check_skips_on_stderr(run, digest["skipped"])
    texts = {s["id"]: s for s in digest["sources"]}
    for sentence in digest["sentences"]:
        assert set(sentence["sources"]) <= set(texts)
    assert not [p for p in paths if "/." in p], "a hidden file was read"


class _Shape:
    """A json digest seen with the attributes `check_accounting` reads."""

    def __init__(self, data: dict):
        class Item:
            def __init__(self, d):
                self.path = d["path"]
                if "reason" in d:
                    self.reason = d["reason"]

        self.sources = [Item(s) for s in data["sources"]]
        self.skipped = [Item(s) for s in data["skipped"]]


def test_folder_of_only_bad_inputs_exits_1_with_each_reason_and_one_line_why(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    single = [c for c in BRIEF_CASES if c.expect == "skipped" and c.records == 1]
    for case in single:
        write_case(folder, case)
    run = run_cli(str(folder))
    check_cli(run)
    assert run.returncode == 1
    assert f"none of the {len(single)} inputs met had usable text" in run.stderr, run.stderr
    assert run.stderr.count("summarize: skipped ") == len(single), run.stderr  # each with its reason
    result = api([folder])
    assert isinstance(result, NothingToSummarize)
    loaded = bounded(lambda: load([folder]))
    assert len(loaded.sources) + len(loaded.skipped) == len(files_met(folder))


# --- size: the cap, one long line, many files -----------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ".rss", ""])
def test_file_over_the_size_cap_is_skipped_and_named(tmp_path, suffix):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "small.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    big = folder / f"big{suffix}"
    big.write_text(OTHER_ARTICLE * 40, encoding="utf-8")
    cap = 2_000
    assert big.stat().st_size > cap > (folder / "small.txt").stat().st_size
    digest = api([folder], max_bytes=cap)
    assert isinstance(digest, Digest)
    check_digest(digest)
    check_accounting(folder, digest)
    (skip,) = items_of(digest, str(big))
    assert "larger than 2000 bytes" in skip.reason
    assert not any(s.text.startswith("The county library") for s in digest.sentences)


def test_file_exactly_at_the_cap_is_read(tmp_path):
    path = tmp_path / "exact.txt"
    path.write_text(GOOD_ARTICLE, encoding="utf-8")
    digest = api([path], max_bytes=path.stat().st_size)
    assert isinstance(digest, Digest) and len(digest.sources) == 1


def test_stdin_over_the_size_cap_is_not_cut_silently():
    """A file over the cap is skipped and named; stdin over the cap must not be silently cut."""

    class Stdin:
        buffer = io.BytesIO((GOOD_ARTICLE + OTHER_ARTICLE * 30).encode())

    cap = 1_000
    digest = api(["-"], stdin=Stdin(), max_bytes=cap)
    if isinstance(digest, NothingToSummarize):
        return  # skipped as too large: fine
    check_digest(digest)
    reported = [k for k in digest.skipped if k.path == "-"]
    assert reported or not digest.sources, (
        f"stdin of {len(Stdin.buffer.getvalue())} bytes read as {len(digest.sources[0].text)} characters under a "
        f"{cap}-byte cap, with nothing said: the rest was dropped silently"
    )


def test_binary_and_empty_stdin_through_the_cli():
    runs = run_many(
        [
            (("-",), {"stdin": b""}),
            (("-",), {"stdin": random.Random(3).randbytes(5000)}),
            (("-", "-n", "2"), {"stdin": GOOD_ARTICLE.encode("utf-16")}),
        ]
    )
    for run in runs[:2]:
        check_cli(run)
        assert run.returncode == 1
    check_cli(runs[2])
    assert runs[2].returncode == 0 and SEA_WALL[0] in runs[2].stdout


def test_two_thousand_tiny_files(batch):
    met = files_met(batch.many)
    assert len(met) == 2040
    run = batch.runs["2000 files"]
    check_cli(run)
    assert run.returncode == 0
    digest = json.loads(run.stdout)
    assert len(digest["sources"]) == 2000 and len(digest["skipped"]) == 40
    check_accounting(batch.many, _Shape(digest))
    check_skips_on_stderr(run, digest["skipped"])


@pytest.mark.slow
def test_twenty_thousand_tiny_files(tmp_path):
    folder = tmp_path / "many"
    rnd = random.Random(20000)
    nouns = (
        "harbour council wall storm river bridge school budget mayor road train station market farmer doctor nurse "
        "police court judge museum garden library factory worker teacher village city island forest mountain lake "
        "ferry airport tunnel tower park stadium hospital clinic bakery theatre orchestra festival"
    ).split()
    verbs = "approved rejected opened closed repaired funded delayed inspected praised criticised visited expanded"
    for i in range(20000):
        sub = folder / f"batch{i // 500:02}"
        sub.mkdir(parents=True, exist_ok=True)
        a, b, c = rnd.sample(nouns, 3)
        (sub / f"n{i:05}.txt").write_text(f"The {a} {rnd.choice(verbs.split())} the {b} near the {c} on day {i}.\n")
    (folder / "batch00" / "bad.png").write_bytes(b"\x89PNG")
    start = time.monotonic()
    done = _measured_cli([str(folder), "-f", "json", "-n", "5"], timeout=900)
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    digest = json.loads(done.stdout)
    assert len(digest["sources"]) == 20000 and len(digest["skipped"]) == 1
    check_accounting(folder, _Shape(digest))
    print(f"20,000 files: {seconds:.1f} s, peak RSS {done.maxrss_kb / 1024:.0f} MB")


# --- peak memory on a real 200 MB file (slow) ------------------------------------------------------


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    maxrss_kb: int


MEASURE = """
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "summarize", *sys.argv[1:]], capture_output=True)
sys.stdout.buffer.write(r.stdout)
sys.stderr.buffer.write(r.stderr)
sys.stderr.write("\\nMEASURED %d %d\\n" % (r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def _measured_cli(args: list[str], timeout: float) -> Measured:
    """A CLI run whose peak resident memory is measured by a wrapper process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, cwd=REPO, env=cli_env(), timeout=timeout
    )
    err = done.stderr.decode("utf-8", "replace")
    match = re.search(r"\nMEASURED (-?\d+) (\d+)\n$", err)
    assert match, err[-2000:]
    return Measured(
        int(match.group(1)), done.stdout.decode("utf-8", "replace"), err[: match.start()], int(match.group(2))
    )


@pytest.mark.slow
def test_200_megabyte_file_is_skipped_with_memory_bounded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    big = folder / "huge.txt"
    line = (" ".join(SEA_WALL) + "\n").encode()
    with big.open("wb") as handle:
        block = line * (1024 * 1024 // len(line) + 1)
        while handle.tell() < 200 * 1024 * 1024:
            handle.write(block)
    assert big.stat().st_size >= 200 * 1024 * 1024

    done = _measured_cli([str(folder), "-n", "3"], timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"summarize: skipped {big}: larger than 50 MB" in done.stderr
    assert done.maxrss_kb < 400 * 1024, f"peak RSS {done.maxrss_kb / 1024:.0f} MB for a file that is skipped"
    alone = _measured_cli([str(big)], timeout=300)
    assert alone.returncode == 1 and "Traceback" not in alone.stderr
    peaks = f"{done.maxrss_kb / 1024:.0f} MB beside a good article, {alone.maxrss_kb / 1024:.0f} MB alone"
    print(f"200 MB file: peak RSS {peaks}")


def test_single_5mb_line_without_punctuation_finishes_and_quotes_its_source(batch):
    assert batch.line.stat().st_size > 5_000_000
    run = batch.runs["5 MB line"]
    check_cli(run)
    assert run.returncode == 1  # a million words without a full stop are not a sentence to quote
    assert "runs on for over 250 words without a full stop" in run.stderr, run.stderr


# --- folders: depth, links, special files ---------------------------------------------------------


def _nest(root: Path, depth: int) -> Path:
    """`depth` folders one inside the other (made iteratively, short names), the innermost returned."""
    path = root
    path.mkdir()
    for _ in range(depth):
        path = path / "d"
        path.mkdir()
    return path


def test_folder_nested_200_deep(tmp_path):
    root = tmp_path / "deep"
    bottom = _nest(root, 200)
    (bottom / "bottom.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (bottom.parents[99] / "middle.bin").write_bytes(b"\x00" * 50)
    (bottom.parents[49] / "middle.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    digest = api([root])
    assert isinstance(digest, Digest)
    check_digest(digest)
    check_accounting(root, digest)
    assert len(digest.sources) == 2 and len(digest.skipped) == 1
    run = run_cli(str(root), "-n", "3")
    check_cli(run)
    assert run.returncode == 0 and "middle.bin: " in run.stderr


def remove_tree(root: Path) -> None:
    """Delete a folder tree without recursion: pytest's own clean-up of old temporary folders
    (shutil.rmtree, recursive in Python 3.11) would overflow the stack on a 1,200-deep tree."""
    folders = []
    stack = [str(root)]
    while stack:
        current = stack.pop()
        folders.append(current)
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):  # children were found after their parents
        os.rmdir(folder)


def test_folder_nested_1200_deep():
    """Deeper than Python's recursion limit: the walk must not depend on recursion.

    The tree lives outside pytest's temporary folders: pytest removes old ones with a recursive
    rmtree, which a leftover 1,200-deep tree (from an interrupted run) would crash."""
    base = Path(tempfile.mkdtemp(prefix="summarize-deep-"))
    root = base / "deeper"
    try:
        bottom = _nest(root, 1200)
        (bottom / "bottom.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
        (root / "top.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
        digest = api([root])
        assert isinstance(digest, Digest), digest
        check_accounting(root, digest)
        assert len(digest.sources) == 2
    finally:
        remove_tree(base)


def test_symlink_loops(tmp_path):
    folder = tmp_path / "loops"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    os.symlink(folder, folder / "myself")  # a folder link back to its own parent
    os.symlink(folder / "b.txt", folder / "a.txt")  # two file links pointing at each other
    os.symlink(folder / "a.txt", folder / "b.txt")
    digest = api([folder])
    assert isinstance(digest, Digest)
    check_digest(digest)
    assert len(digest.sources) == 1
    for name in ("a.txt", "b.txt"):
        (skip,) = items_of(digest, str(folder / name))
        assert skip.reason.strip()
    check_accounting(folder, digest)  # counts the folder link "myself" as met
    run = run_cli(str(folder / "a.txt"))
    check_cli(run)
    assert run.returncode == 1


def test_symlink_to_a_folder_of_articles_is_not_dropped_silently(tmp_path):
    """A linked folder of articles is either read or named as skipped: never silently ignored."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "library.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    os.symlink(elsewhere, folder / "wire")
    digest = api([folder])
    assert isinstance(digest, Digest)
    mentioned = [x for x in list(digest.sources) + list(digest.skipped) if "wire" in x.path]
    assert mentioned, "the linked folder 'wire' was neither read nor reported as skipped"
    run = run_cli(str(folder), "-n", "3")
    check_cli(run)
    assert "wire" in run.stdout or "wire" in run.stderr, run.stderr


def test_dangling_symlinks(tmp_path):
    folder = tmp_path / "dangling"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    os.symlink(tmp_path / "nowhere.txt", folder / "gone.txt")
    os.symlink(tmp_path / "no-folder", folder / "gone-folder")
    digest = api([folder])
    assert isinstance(digest, Digest)
    check_digest(digest)
    check_accounting(folder, digest)
    (skip,) = items_of(digest, str(folder / "gone.txt"))
    assert "link" in skip.reason
    named_directly = api([folder / "gone.txt"])
    assert isinstance(named_directly, NothingToSummarize)
    run = run_cli(str(folder), "-n", "2")
    check_cli(run)
    assert run.returncode == 0 and f"skipped {folder / 'gone.txt'}: " in run.stderr


def test_named_pipe_is_skipped_not_opened(tmp_path):
    """Opening a FIFO with no writer blocks forever: it must be skipped, not read."""
    folder = tmp_path / "pipes"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    digest = api([folder], length=2)
    assert isinstance(digest, Digest)
    check_accounting(folder, digest)
    assert api([folder / "pipe.txt"]).__class__ is NothingToSummarize
    run = run_cli(str(folder / "pipe.txt"), timeout=20)
    check_cli(run)
    assert run.returncode == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_unreadable_file_is_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text(OTHER_ARTICLE, encoding="utf-8")
    secret.chmod(0)
    try:
        digest = api([folder])
        assert isinstance(digest, Digest)
        check_accounting(folder, digest)
        (skip,) = items_of(digest, str(secret))
        assert "unreadable" in skip.reason or "permission" in skip.reason
        run = run_cli(str(folder), "-n", "2")
        check_cli(run)
        assert f"skipped {secret}: " in run.stderr
    finally:
        secret.chmod(0o644)


def test_folder_with_no_supported_files(tmp_path):
    folder = tmp_path / "nothing"
    (folder / "sub").mkdir(parents=True)
    for name, data in [
        ("photo.jpg", b"\xff\xd8\xff"),
        ("doc.pdf", b"%PDF-1.4"),
        ("sheet.xlsx", zip_bytes()),
        ("sub/clip.mp4", bytes(100)),
        ("sub/data.csv", b"a,b\n1,2\n"),
    ]:
        (folder / name).write_bytes(data)
    (folder / ".hidden.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    result = api([folder])
    assert isinstance(result, NothingToSummarize)
    loaded = bounded(lambda: load([folder]))
    assert not loaded.sources and len(loaded.skipped) == len(files_met(folder)) == 5
    assert all("unsupported" in k.reason for k in loaded.skipped)
    run = run_cli(str(folder))
    check_cli(run)
    assert run.returncode == 1 and "none of the 5 inputs" in run.stderr


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert isinstance(api([tmp_path / "empty"]), NothingToSummarize)
    run = run_cli(str(tmp_path / "empty"))
    check_cli(run)
    assert run.returncode == 1


def test_file_name_that_is_not_utf8(tmp_path):
    """A file name that is not valid UTF-8, on a UTF-8 terminal (stdout errors='strict')."""
    folder = tmp_path / "names"
    folder.mkdir()
    good = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(good, "wb") as handle:
        handle.write(GOOD_ARTICLE.encode())
    with open(os.path.join(os.fsencode(folder), b"photo\xff.png"), "wb") as handle:
        handle.write(b"\x89PNG")
    digest = api([folder])
    assert isinstance(digest, Digest)
    check_accounting(folder, digest)
    for fmt in ("text", "json"):
        run = run_cli(str(folder), "-n", "2", "-f", fmt, env=cli_env(PYTHONIOENCODING="utf-8:strict"))
        check_cli(run)
        assert run.returncode == 0


# --- the sources themselves: all junk, all the same, one sentence, other scripts -------------------


def test_sources_that_are_all_identical(tmp_path):
    folder = tmp_path / "same"
    folder.mkdir()
    for n in range(6):
        (folder / f"copy{n}.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    digest = api([folder], length=10)
    assert isinstance(digest, Digest)
    check_digest(digest)
    check_accounting(folder, digest)
    texts = [s.text for s in digest.sentences]
    assert len(texts) == len(set(texts)) and set(texts) <= set(SEA_WALL)
    assert all(s.sources == (1, 2, 3, 4, 5, 6) for s in digest.sentences)
    run = run_cli(str(folder), "-f", "json")
    check_cli(run)
    assert [s["text"] for s in json.loads(run.stdout)["sentences"]] == texts


def test_sources_that_are_all_junk(tmp_path):
    folder = tmp_path / "junk"
    folder.mkdir()
    for n in range(3):
        (folder / f"junk{n}.txt").write_text(JUNK_ONLY, encoding="utf-8")
    (folder / "junk.md").write_text(
        "- Share\n- Tweet\n- [Subscribe](https://x.example)\n\n\u00a9 2025", encoding="utf-8"
    )
    (folder / "junk.html").write_text(
        "<html><body><nav>Home | News | Sport | Weather</nav><footer>Copyright 2025. All rights reserved."
        "</footer></body></html>",
        encoding="utf-8",
    )
    result = api([folder])
    assert isinstance(result, NothingToSummarize), [s.text for s in result.sentences]
    assert "none of the 5 inputs met had usable text" in str(result)
    run = run_cli(str(folder))
    check_cli(run)
    assert run.returncode == 1
    with_good = tmp_path / "with-good"
    with_good.mkdir()
    (with_good / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (with_good / "junk.txt").write_text(JUNK_ONLY, encoding="utf-8")
    digest = api([with_good])
    assert isinstance(digest, Digest)
    check_accounting(with_good, digest)
    (skip,) = items_of(digest, str(with_good / "junk.txt"))
    assert skip.reason
    assert not any("Share" in s.text or "Copyright" in s.text for s in digest.sentences)


def test_one_sentence_sources(tmp_path):
    folder = tmp_path / "ones"
    folder.mkdir()
    for n, sentence in enumerate(SEA_WALL + LIBRARY):
        (folder / f"one{n}.txt").write_text(sentence + "\n", encoding="utf-8")
    digest = api([folder], length=3)
    assert isinstance(digest, Digest)
    check_digest(digest)
    check_accounting(folder, digest)
    assert len(digest.sentences) == 3 and {s.text for s in digest.sentences} <= set(SEA_WALL + LIBRARY)
    single = api([folder / "one0.txt"], length=5)
    assert isinstance(single, Digest) and [s.text for s in single.sentences] == [SEA_WALL[0]]


@pytest.mark.parametrize(
    ("name", "text", "sentences"),
    [("russian", RUSSIAN, RUSSIAN_SENTENCES), ("arabic", ARABIC, ARABIC_SENTENCES)],
)
def test_non_latin_text_is_split_into_its_sentences(tmp_path, name, text, sentences):
    """A digest line is one sentence of the source: three Russian sentences are not one line, so
    `--length 1` says one of them, and a word budget can be met by whole sentences."""
    path = tmp_path / f"{name}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    digest = api([path], length=1)
    assert isinstance(digest, Digest), digest
    check_digest(digest)
    (line,) = digest.sentences
    assert line.text in sentences, f"not one sentence but {len(line.text.split('. '))}: {line.text[:120]!r}"
    budget = max(len(s.split()) for s in sentences) + 2
    worded = api([path], words=budget)
    assert isinstance(worded, Digest), f"no sentence fits in {budget} words: {worded}"
    assert worded.word_count <= budget


def test_every_language_beside_english_is_summarised_or_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "languages"
    folder.mkdir()
    (folder / "english.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    truths = {"russian.txt": RUSSIAN, "arabic.txt": ARABIC, "chinese.txt": CHINESE}
    for name, text in truths.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    digest = api([folder], length=10)
    assert isinstance(digest, Digest)
    check_digest(digest)
    check_accounting(folder, digest)
    everything = norm(GOOD_ARTICLE + " " + " ".join(truths.values()))
    for sentence in digest.sentences:
        assert norm(sentence.text) in everything, sentence.text
    for name, truth in truths.items():
        (item,) = items_of(digest, str(folder / name))
        if hasattr(item, "reason"):
            assert item.reason.strip()
        else:
            assert norm(item.text) in norm(truth)
    run = run_cli(str(folder), "-f", "json")
    check_cli(run)
    check_skips_on_stderr(run, json.loads(run.stdout)["skipped"])


# --- pathological lines: work that grows faster than the input (hangs in practice) -----------------

# Each is 20-30 KB. The samples are read at more than 1 MB/s, so a few seconds is a generous bound;
# quadratic matching turns each of these into many seconds, and their 200 KB versions into minutes.
PATHOLOGICAL = {
    "all-caps.txt": lambda k: " ".join(["HARBOUR"] * (k * 1000 // 8)),  # an all-caps wire story
    "dot-run.txt": lambda k: "The council approved the plan" + "." * (k * 1000),
    "emphasis.md": lambda k: "*a " * (k * 1000 // 3),
    "brackets.md": lambda k: "[" * (k * 1000),
}
PATHOLOGICAL_KB = {"all-caps.txt": 30, "dot-run.txt": 20, "emphasis.md": 30, "brackets.md": 30}
PATHOLOGICAL_SECONDS = 2.5


def test_pathological_lines_finish_quickly(tmp_path):
    jobs = []
    for name, make in PATHOLOGICAL.items():
        path = tmp_path / name
        path.write_text(make(PATHOLOGICAL_KB[name]), encoding="utf-8")
        jobs.append(((str(path), "-n", "2"), {"timeout": PATHOLOGICAL_SECONDS}))
    runs = run_many(jobs)
    slow = [name for name, run in zip(PATHOLOGICAL, runs, strict=True) if run.returncode is None]
    assert not slow, f"still running after {PATHOLOGICAL_SECONDS:g} s (inputs of 20-30 KB): {slow}"
    for run in runs:
        check_cli(run)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_lines_of_200_kb_finish(tmp_path, name):
    path = tmp_path / name
    path.write_text(PATHOLOGICAL[name](200), encoding="utf-8")
    run = run_cli(str(path), "-n", "2", timeout=30)
    check_cli(run)


# --- URLs, against a local server on 127.0.0.1 only ------------------------------------------------

PAGE = (
    "<html><head><title>Sea wall approved</title></head><body><nav>Home | News</nav><article>"
    + "".join(f"<p>{s}</p>" for s in SEA_WALL)
    + "</article></body></html>"
).encode()
URL_CAP = 5_000


class Site(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        try:
            if self.path == "/ok":
                self._send(200, PAGE)
            elif self.path == "/missing":
                self._send(404, b"<html><body><p>Not found.</p></body></html>")
            elif self.path == "/broken":
                self._send(500, b"<html><body><p>Server error.</p></body></html>")
            elif self.path == "/slow":
                time.sleep(3)
                self._send(200, PAGE)
            elif self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/big":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()  # no length: the cap must hold while reading
                for _ in range(100):
                    self.wfile.write(b"The harbour wall rose another metre today. " * 100)
            elif self.path == "/image":
                self._send(200, png_bytes(random.Random(9)), "image/png")
            elif self.path == "/text-as-png":
                self._send(200, GOOD_ARTICLE.encode(), "image/png")
            elif self.path == "/undefined-charset":
                self._send(200, ACCENTED.encode("latin-1"), "text/plain; charset=undefined")
            else:
                self._send(404, b"")
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def site():
    with serving(Site) as base:
        yield base


@pytest.fixture
def no_proxy(monkeypatch):
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


BAD_ROUTES = {
    "/missing": r"404",
    "/broken": r"500",
    "/slow": r"timed out",
    "/loop": r"redirect",
    "/big": r"larger than 5000 bytes",
    "/image": r"content type",
    "/text-as-png": r"content type",
}


@pytest.mark.parametrize("route", list(BAD_ROUTES))
def test_bad_url_is_skipped_with_its_reason(site, no_proxy, route):
    url = f"{site}{route}"
    start = time.monotonic()
    digest = api(
        [url, Path(REPO / "tests" / "fixtures" / "articles" / "01-kestrel-courier.txt")],
        timeout=0.5,
        max_bytes=URL_CAP,
        length=3,
    )
    assert time.monotonic() - start < 10
    assert isinstance(digest, Digest)
    check_digest(digest)
    (skip,) = [k for k in digest.skipped if k.path == url]
    assert re.search(BAD_ROUTES[route], skip.reason), skip.reason
    assert not [s for s in digest.sources if s.path == url]
    alone = api([url], timeout=0.5, max_bytes=URL_CAP)
    assert isinstance(alone, NothingToSummarize)


def test_slow_url_respects_a_short_timeout(site, no_proxy):
    start = time.monotonic()
    loaded = bounded(lambda: load([f"{site}/slow"], timeout=0.4), seconds=10)
    assert time.monotonic() - start < 2.0
    assert [k.reason for k in loaded.skipped] == ["timed out (no answer within 0.4 s)"]


def test_good_and_bad_urls_together_through_the_api(site, no_proxy):
    urls = [f"{site}/ok"] + [f"{site}{r}" for r in BAD_ROUTES]
    start = time.monotonic()
    digest = api(urls, timeout=0.5, max_bytes=URL_CAP, length=3)
    assert time.monotonic() - start < 15
    assert isinstance(digest, Digest)
    check_digest(digest)
    assert [s.path for s in digest.sources] == [f"{site}/ok"]
    assert sorted(k.path for k in digest.skipped) == sorted(urls[1:])


def test_urls_through_the_cli(site):
    bad = [f"{site}{r}" for r in ("/missing", "/broken", "/loop", "/image", "/text-as-png")]
    mixed, only_bad = run_many([((f"{site}/ok", *bad, "-n", "3"), {}), ((*bad,), {})])
    check_cli(mixed)
    assert mixed.returncode == 0 and SEA_WALL[0] in mixed.stdout
    for url in bad:
        assert re.search(rf"^summarize: skipped {re.escape(url)}: \S", mixed.stderr, re.M), (url, mixed.stderr)
    check_cli(only_bad)
    assert only_bad.returncode == 1 and f"none of the {len(bad)} inputs" in only_bad.stderr


def test_url_with_an_undefined_charset(site, no_proxy):
    url = f"{site}/undefined-charset"
    digest = api([url, Path(REPO / "tests" / "fixtures" / "articles" / "01-kestrel-courier.txt")], length=3)
    assert isinstance(digest, Digest)
    check_digest(digest)
    assert items_of(digest, url), "the address was neither used nor skipped"
