"""Hostile inputs, round two: no script or forged line in a brief, no file destroyed, no crash,
no hang, nothing lost. Every input is made at test time; network tests use 127.0.0.1 only.

Each test names the case of RELIABILITY.md's round-two table it checks.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import LIBRARY, REPO, SEA_WALL, serving

from bench.hostile import HostileSite, feed
from summarize import Source, summarize
from summarize.shown import UNSAFE

FORMATS = ("text", "markdown", "json", "html")
CLI_TIMEOUT = 60.0


def cli(*args: str, cwd: Path | None = None, timeout: float = CLI_TIMEOUT, stdin: str | None = None):
    """`python -m summarize ARGS` in a fresh interpreter, bounded by a timeout."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=timeout,
        input=stdin,
    )


def one_line_error(result) -> str:
    """The single stderr line of a failed run (and no traceback)."""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message"
    return lines[-1]


# --- security: what a brief shows --------------------------------------------------------------------

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https://ok.example/a) [evil](javascript:alert(1)",
    'https://ok.example/"><script>alert(1)</script>',
]
HOSTILE_TITLES = [
    "<b>Bold</b> claim",
    "<img src=x onerror=alert(1)> picture",
    "<script>alert('x')</script> scripted",
    "[evil](javascript:alert(1)) forged",
    "![img](https://evil.example/p.png) image",
    "Evil\u202etxt.exe title",
    "`code` and **bold** _under_",
]


def _hostile_feed(tmp_path: Path) -> Path:
    items = [(HOSTILE_TITLES[i % len(HOSTILE_TITLES)], u, SEA_WALL) for i, u in enumerate(HOSTILE_LINKS)]
    items += [(t, "https://ok.example/x", LIBRARY) for t in HOSTILE_TITLES]
    path = tmp_path / "hostile.rss"
    path.write_text(feed(items, channel="<b>Radio</b> <script>alert(2)</script>"), encoding="utf-8")
    return path


def _links_markdown(text: str) -> list[str]:
    """Every link target a Markdown reader would follow: inline links and images, autolinks
    (code spans hold none: their text is shown as it stands)."""
    text = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text)
    targets = re.findall(r"(?<!\\)\]\(([^)\s]*)", text)
    targets += re.findall(r"(?<!\\)<([a-zA-Z][\w+.-]*:[^<>\s]*)>", text)
    return targets


def test_only_http_links_in_html_and_markdown(tmp_path):
    """Case: javascript:, data:, vbscript:, file: links and a url that forges a Markdown link."""
    path = _hostile_feed(tmp_path)
    digest = summarize([path], length=20)
    html = digest.render("html")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "http://", "#source-")) for h in hrefs), hrefs
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>" not in html
    markdown = digest.render("markdown")
    for target in _links_markdown(markdown):
        assert target.startswith(("https://", "http://")), target
        assert "javascript" not in target.lower() or "%28" in target, target
    for form in ("text", "markdown"):
        shown = digest.render(form)
        for tag in ("<b>", "<img", "<script", "</script>"):
            assert tag not in shown.lower(), (form, tag)


def test_markdown_escapes_what_it_must(tmp_path):
    """Case: titles with Markdown syntax and raw HTML are shown as text."""
    source = Source.from_text(SEA_WALL, title="<em>x</em> [a](javascript:1) ![i](x) `c` *b* &lt;", url="https://o.ex/")
    markdown = summarize([source]).render("markdown")
    assert "<em>" not in markdown and "\\[a\\]" in markdown and "\\`c\\`" in markdown and "\\&lt;" in markdown


def test_file_names_cannot_forge_lines(tmp_path):
    """Case: a file named `evil\\nSources:\\n[9] forged.txt` and names with bidi overrides."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "evil\nSources:\n[9] forged.txt").write_text(SEA_WALL, encoding="utf-8")
    (folder / "good\u202etxt.exe.txt").write_text(LIBRARY, encoding="utf-8")
    (folder / "esc\x1b[31mred.txt").write_text(SEA_WALL.replace("Monday", "Tuesday"), encoding="utf-8")
    digest = summarize([folder])
    for form in FORMATS:
        shown = digest.render(form)
        assert not UNSAFE.sub("", shown.replace("\n", "")) != shown.replace("\n", ""), form
        assert "[9] forged.txt" not in shown.splitlines(), form
    text = digest.render("text")
    assert text.splitlines().count("Sources:") == 1
    assert sum(line.startswith("[") for line in text.split("Sources:\n")[1].splitlines()) == len(digest.sources)
    assert json.loads(digest.render("json"))["sources"]  # the JSON stays valid


def test_control_and_bidi_characters_never_reach_a_brief(tmp_path):
    """Case: U+202E and other controls in sentences, titles, publishers and addresses."""
    nasty = "\u202e\u2066\u200f\x1b[2J\x07\u2028\x85\x0c"
    text = SEA_WALL.replace("sea wall", f"sea{nasty}wall").replace("Engineers", f"Engi{nasty}neers")
    path = tmp_path / "items.json"
    records = [
        {"title": f"Sea{nasty} wall", "text": text, "source": f"Gaz{nasty}ette", "url": f"https://x.ex/{nasty}"},
        {"title": "Library", "text": LIBRARY, "author": f"A{nasty}B", "date": "2026-11-20"},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    digest = summarize([path])
    for form in FORMATS:
        shown = digest.render(form)
        assert not UNSAFE.search(shown.replace("\n", "")), (form, [c for c in shown if UNSAFE.match(c) and c != "\n"])
    assert any("four hundred homes" in s.text for s in digest.sentences)


# --- links out of the folder ------------------------------------------------------------------------


def test_links_to_files_outside_the_folder_are_not_followed(tmp_path):
    """Case: `ln -s /etc/passwd links/passwd.txt` (here a secret file outside the folder)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret password of the harbour master is swordfish and nobody knows it. " * 3)
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "article.txt").write_text(SEA_WALL)
    (folder / "inside.txt").symlink_to(folder / "article.txt")
    (folder / "passwd.txt").symlink_to(secret)
    digest = summarize([folder])
    assert not any("swordfish" in s.text for s in digest.sentences)
    skipped = {Path(k.path).name: k.reason for k in digest.skipped}
    assert "outside the folder" in skipped["passwd.txt"] and "--follow-links" in skipped["passwd.txt"]
    assert "inside.txt" not in skipped  # a link inside the folder is read (once: the same file)
    followed = summarize([folder], follow_links=True)
    assert "passwd.txt" not in {Path(k.path).name for k in followed.skipped}
    result = cli(str(folder), "--follow-links", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "passwd.txt" in result.stdout.split('"skipped"')[0]


def test_link_named_on_the_command_line_is_read(tmp_path):
    secret = tmp_path / "elsewhere.txt"
    secret.write_text(SEA_WALL)
    (tmp_path / "named.txt").symlink_to(secret)
    digest = summarize([tmp_path / "named.txt"])
    assert digest.sources


# --- a brief read back -------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMATS)
def test_own_briefs_and_state_are_not_read_back(tmp_path, form):
    """Case: a brief written into its own input folder, and the state file, read back next day."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(SEA_WALL)
    (folder / "b.txt").write_text(LIBRARY)
    suffix = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html"}[form]
    out, state = folder / f"brief{suffix}", folder / "state.json"
    first = cli(str(folder), "-f", form, "-o", str(out), "--state", str(state))
    assert first.returncode == 0, first.stderr
    renamed = folder / f"yesterday{suffix}"
    out.rename(renamed)
    digest = summarize([folder])
    reasons = {Path(k.path).name: k.reason for k in digest.skipped}
    assert "a brief this tool wrote" in reasons[renamed.name]
    assert "a --state file" in reasons["state.json"]
    again = cli(str(folder), "-f", "json", "-o", str(out), "--state", str(state))
    assert again.returncode == 0, again.stderr
    skipped = {Path(k["path"]).name: k["reason"] for k in json.loads(out.read_text())["skipped"]}
    assert "own --output or --state" in skipped["state.json"]


# --- data safety: what a brief writes -----------------------------------------------------------------


def _articles(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(SEA_WALL)
    (folder / "b.txt").write_text(LIBRARY)
    return folder


def test_output_through_a_symlink_keeps_the_link(tmp_path):
    """Case: `-o` onto a symbolic link: the file it points to is written, the link stays."""
    news = _articles(tmp_path / "news")
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    (tmp_path / "brief.txt").symlink_to(real)
    result = cli(str(news), "-o", str(tmp_path / "brief.txt"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "brief.txt").is_symlink() and real.read_text().startswith("Brief for ")
    dangling = tmp_path / "later.txt"
    dangling.symlink_to(tmp_path / "not-yet.txt")
    assert cli(str(news), "-o", str(dangling)).returncode == 0
    assert dangling.is_symlink() and (tmp_path / "not-yet.txt").read_text().startswith("Brief for ")


def test_output_onto_a_device_writes_in_place(tmp_path):
    """Case: `-o /dev/null` (as root this replaced /dev/null with a regular file)."""
    news = _articles(tmp_path / "news")
    before = os.stat("/dev/null")
    result = cli(str(news), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    link = tmp_path / "null-link"
    link.symlink_to("/dev/null")
    assert cli(str(news), "-o", str(link)).returncode == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and link.is_symlink()


def test_output_onto_a_fifo_writes_in_place(tmp_path):
    news = _articles(tmp_path / "news")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    result = cli(str(news), "-o", str(fifo))
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got and got[0].startswith(b"Brief for ")


def test_output_and_state_naming_one_file_is_a_usage_error(tmp_path):
    """Case: `-o s.json --state s.json`, and the same file by another spelling or through a link."""
    news = _articles(tmp_path / "news")
    (tmp_path / "sub").mkdir()
    spellings = [
        ("s.json", "s.json"),
        ("s.json", "./s.json"),
        ("s.json", "sub/../s.json"),
        (str(tmp_path / "s.json"), "s.json"),
    ]
    for output, state in spellings:
        result = cli(str(news), "-o", output, "--state", state, cwd=tmp_path)
        assert result.returncode == 2, (output, state, result.stderr)
        assert "same file" in one_line_error(result)
    (tmp_path / "s.json").write_text("{}")
    (tmp_path / "alias.json").symlink_to(tmp_path / "s.json")
    result = cli(str(news), "-o", "alias.json", "--state", "s.json", cwd=tmp_path)
    assert result.returncode == 2 and "same file" in one_line_error(result)
    assert (tmp_path / "s.json").read_text() == "{}"


def test_a_250_character_output_name_works(tmp_path):
    """Case: the temporary file's name must stay within NAME_MAX (255 bytes)."""
    news = _articles(tmp_path / "news")
    for name in ("b" * 250 + ".txt", "é" * 125 + ".md"):  # 254 and 253 bytes
        result = cli(str(news), "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_text().startswith(("Brief for ", "**Brief for "))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_state_folder_is_found_before_the_work(tmp_path, monkeypatch):
    """Case: the state folder read-only: one line and exit 1 before any brief, not an internal error after."""
    from typer.testing import CliRunner

    from summarize import output as output_module
    from summarize.cli import app

    news = _articles(tmp_path / "news")
    state_folder = tmp_path / "state"
    state_folder.mkdir()
    real_mkstemp = output_module.tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):
        if Path(dir) == state_folder:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(output_module.tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(app, [str(news), "--state", str(state_folder / "s.json")])
    assert result.exit_code == 3, result.output
    assert "Brief for" not in result.output and "internal error" not in result.output
    assert "can't write state file" in result.output and "not writable" in result.output
    if os.geteuid() != 0:  # the real thing, where permissions bind
        monkeypatch.undo()
        state_folder.chmod(0o555)
        try:
            real = cli(str(news), "--state", str(state_folder / "s.json"))
        finally:
            state_folder.chmod(0o755)
        assert real.returncode == 3 and real.stdout == "" and "not writable" in one_line_error(real)


# --- crashes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("since", ["1000000d", "99999999999999999999h", "9" * 400 + "m", "2026-13-45", "-5d"])
def test_since_out_of_range_is_a_usage_error(tmp_path, since):
    """Case: `--since 1000000d` and `--since 99999999999999999999h` (OverflowError)."""
    result = cli(str(_articles(tmp_path / "news")), "--since", since)
    assert result.returncode == 2, result.stderr
    assert "--since" in one_line_error(result)


@pytest.mark.parametrize("when", ["tomorrow!!", "2026-13-45", "0000-00-00", "9999-99-99T99:99", "", "yesterday-iso"])
def test_record_dates_that_are_not_dates_with_since(tmp_path, when):
    """Case: a record dated "tomorrow!!" or "2026-13-45" with --since (ValueError): undated, by file time."""
    from datetime import date, timedelta

    when = (date.today() - timedelta(days=1)).isoformat() if when == "yesterday-iso" else when
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"title": "Sea wall", "text": SEA_WALL, "date": when}) + "\n")
    result = cli(str(path), "--since", "30d", "-f", "json")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr  # undated: the file, just written, is recent


def test_feed_date_of_year_zero_is_undated(tmp_path):
    """Case: a feed date of `0000-00-00` printed as "-1-11-30"."""
    raw = feed([("Sea wall", "https://ok.example/1", SEA_WALL)])
    raw = raw.replace("</title><link>", "</title><pubDate>0000-00-00</pubDate><link>", 1)
    path = tmp_path / "f.rss"
    path.write_text(raw)
    digest = summarize([path])
    assert digest.sources[0].date == "" and "-1-11-30" not in digest.render("text")


def _deep_toml(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    "content,expect",
    [
        (_deep_toml(100_000), "larger than 64 KB"),
        (_deep_toml(30_000), "nested too deeply"),
        ("inputs = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n", "not valid TOML"),
        ("words = 10\n" + "#" * (2 * 1024 * 1024) + "\n", "larger than"),
        ("a" + ".a" * 20_000 + " = 1\n", "over 1000 dotted key parts"),
    ],
    ids=["deep-array", "deep-array-under-cap", "deep-table", "over-cap", "dotted-key"],
)
def test_hostile_config_files(tmp_path, content, expect):
    """Case: a 100,000-deep TOML config (RecursionError traceback); a 20,000-part dotted key (a
    minute in tomllib)."""
    config = tmp_path / "brief.toml"
    config.write_text(content)
    result = cli(str(_articles(tmp_path / "news")), "--config", str(config))
    assert result.returncode == 2, result.stderr
    assert expect in one_line_error(result) or "not valid TOML" in one_line_error(result)


def test_hostile_state_files(tmp_path):
    """Case: a 100,000-deep state file (RecursionError); a state of the wrong shape."""
    news = _articles(tmp_path / "news")
    state = tmp_path / "s.json"
    for content in ("[" * 100_000 + "]" * 100_000, '{"reported": 5}', '{"reported": [1]}', "\xff"):
        state.write_bytes(content.encode("utf-8", "surrogateescape") if content != "\xff" else b"\xff\xfe")
        result = cli(str(news), "--state", str(state))
        assert result.returncode == 2, (content[:20], result.stderr)
        assert "state file" in one_line_error(result)


@pytest.mark.parametrize("option", ["--config", "--state"])
@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder"])
def test_config_and_state_must_be_regular_files(tmp_path, option, kind):
    """Case: `--config /dev/zero`, a character-device state (read without bound), `--config FIFO`
    and `--state FIFO` (blocked for ever): refused at once with one line."""
    news = _articles(tmp_path / "news")
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "dir"
        target.mkdir()
    else:
        target = Path(kind)
    started = time.monotonic()
    result = cli(str(news), option, str(target), timeout=20)
    assert time.monotonic() - started < 15
    assert result.returncode in (2, 3), result.stderr  # 3: a folder can't be written
    message = one_line_error(result)
    assert "regular file" in message or "folder" in message, message
    if kind == "/dev/zero":
        assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


# --- hangs and truths of the network (127.0.0.1 only) -------------------------------------------------

FEED_BODY = feed([("Sea wall approved", "https://ok.example/1", SEA_WALL)]).encode()
ARTICLE = (SEA_WALL + "\n\n" + LIBRARY).encode()


class Site(HostileSite):
    """The benchmark's hostile server, with sizes and pauses a test can wait for."""

    ARTICLE = ARTICLE
    FEED = FEED_BODY
    TRICKLE_BYTES = 1000
    TRICKLE_PAUSE = 0.1
    BOMB_BYTES = 20 * 1024 * 1024
    SHORT_BYTES = 200


@pytest.fixture(scope="module")
def site():
    with serving(Site) as base:
        yield base


def _fetch(url: str, **kwargs):
    from summarize.sources.url import fetch

    return fetch(url, max_bytes=kwargs.pop("max_bytes", 10 * 1024 * 1024), **kwargs)


def test_headers_at_a_byte_a_second_are_cut_off_at_the_time_limit(site):
    """Case: a server sending its headers a byte at a time held a fetch for 90 s."""
    started = time.monotonic()
    (found,) = _fetch(f"{site}/trickle", timeout=1.0)
    assert time.monotonic() - started < 2.5
    assert "timed out" in found.reason


def test_a_feed_served_as_plain_text_is_read_as_a_feed(site):
    """Case: an RSS feed served as text/plain (was read as text: `<![CDATA[...` in the digest)."""
    found = _fetch(f"{site}/feed-as-text")
    assert [s.path for s in found] == [f"{site}/feed-as-text#1"] and found[0].title == "Sea wall approved"


@pytest.mark.parametrize("route", ["/gzip", "/deflate"])
def test_compressed_bodies_are_decoded(site, route):
    """Case: a gzip-encoded response was skipped as "binary data"."""
    (found,) = _fetch(site + route)
    assert isinstance(found, Source) and "four hundred homes" in found.text


def test_a_gzip_bomb_is_cut_off_at_the_size_cap(site):
    """Case: 20 MB of spaces in 20 KB of gzip, against a 1 MB cap: the cap counts decoded bytes."""
    (found,) = _fetch(f"{site}/bomb", max_bytes=1024 * 1024)
    assert "larger than 1 MB" in found.reason


def test_unknown_encodings_and_short_bodies_are_reported(site):
    """Case: a body shorter than its Content-Length was accepted."""
    (brotli,) = _fetch(f"{site}/brotli")
    assert "content encoding 'br'" in brotli.reason
    (short,) = _fetch(f"{site}/short")
    assert short.reason.startswith("truncated") and str(len(ARTICLE)) in short.reason


def test_an_address_with_a_space_is_sent_quoted(site):
    """Case: a URL with a space was reported as "bad response from the server"."""
    (found,) = _fetch(f"{site}/a b")
    assert isinstance(found, Source) and found.path == f"{site}/a b"
    (bad,) = _fetch(f"{site}/a\nb")
    assert "not a valid web address" in bad.reason


def test_malformed_never_closed_feed_is_accounted_for(tmp_path):
    """Case: `<rss><channel><item><title>t</title>` (never closed) is used or listed in skipped."""
    for name in ("f.xml", "f.rss"):
        (tmp_path / name).write_text("<rss><channel><item><title>t</title>")
    (tmp_path / "good.txt").write_text(SEA_WALL)
    digest = summarize([tmp_path])
    met = {s.path.split("#")[0] for s in digest.sources} | {k.path.split("#")[0] for k in digest.skipped}
    assert {str(tmp_path / "f.xml"), str(tmp_path / "f.rss")} <= met
    assert all("malformed" in k.reason for k in digest.skipped)
    alone = cli(str(tmp_path / "f.xml"))
    assert alone.returncode == 1 and "malformed feed" in one_line_error(alone)


# --- nothing lost, nothing wrong ------------------------------------------------------------------------


def test_one_too_deep_record_costs_only_itself(tmp_path):
    """Case: one 50,000-deep record in a `.json` list got the whole file skipped."""
    good = {"title": "Sea wall", "text": SEA_WALL}
    deep = "[" * 50_000 + "]" * 50_000
    (tmp_path / "list.json").write_text("[" + json.dumps(good) + ', {"title": "x", "text": ' + deep + "}]")
    (tmp_path / "object.json").write_text('{"source": "Gazette", "items": [' + deep + ", " + json.dumps(good) + "]}")
    digest = summarize([tmp_path])
    assert sorted(s.path.rsplit("/", 1)[1] for s in digest.sources) == ["list.json#1", "object.json#2"]
    assert {k.path.rsplit("/", 1)[1]: k.reason for k in digest.skipped} == {
        "list.json#2": "invalid JSON: nested too deeply",
        "object.json#1": "invalid JSON: nested too deeply",
    }
    assert [s.publisher for s in digest.sources if "object" in s.path] == ["Gazette"]


@pytest.mark.parametrize(
    "junk",
    ["QUJD" * 1_000_000, "&a" * 50_000, " ".join(["QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJj"] * 100)],
    ids=["base64-4M", "amp-100KB", "base64-lines"],
)
def test_text_without_spaces_is_not_prose(tmp_path, junk):
    """Case: a 4-million-character base64 run, or 100 KB of `&a&a...`, became a digest sentence."""
    (tmp_path / "junk.txt").write_text(junk + ".\n")
    (tmp_path / "mixed.txt").write_text(SEA_WALL + "\n\n" + junk + ".\n")
    started = time.monotonic()
    digest = summarize([tmp_path])
    assert time.monotonic() - started < 20
    assert all(max(len(w) for w in s.text.split()) <= 200 for s in digest.sentences)
    assert [Path(s.path).name for s in digest.sources] == ["mixed.txt"]
    (reason,) = [k.reason for k in digest.skipped]
    assert "not prose" in reason or "without a full stop" in reason or "no usable text" in reason


ALGORITHM_NAMES = ["concepts", "centroid", "native-lexrank", "lexrank", "textrank", "lsa", "luhn", "edmundson",
                   "kl", "sumbasic", "reduction", "random"]  # fmt: skip


@pytest.mark.parametrize(
    "algorithm", [a if a == "lsa" else pytest.param(a, marks=pytest.mark.slow) for a in ALGORITHM_NAMES]
)
def test_same_output_over_hash_seeds_when_sentences_repeat(tmp_path, algorithm):
    """Case: `-a lsa` gave 3 different outputs over 8 hash seeds when sentences repeat."""
    base = SEA_WALL.split(". ")
    folder = tmp_path / "news"
    folder.mkdir()
    for k in range(6):
        (folder / f"{k}.txt").write_text(". ".join(base[(k + i) % 3] for i in range(6)).rstrip(".") + ".")
    (folder / "dup1.txt").write_text(SEA_WALL)
    (folder / "dup2.txt").write_text(SEA_WALL)
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "summarize", str(folder), "-a", algorithm, "-n", "3", "-f", "json"],
            capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT, cwd=REPO,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_progress_redraws_a_few_times_a_second():
    """Case: the progress display wrote 670 KB of escape codes in a 4 s run."""
    import io

    from summarize.progress import TerminalProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    display = TerminalProgress(stream=stream, delay=0.0)
    started = time.monotonic()
    with display:
        n = 0
        while time.monotonic() - started < 1.0:
            display("cleaning", n, 1_000_000)
            n += 1
    assert n > 10_000
    redraws = stream.getvalue().count("\r") + stream.getvalue().count("\x1b[2K")
    assert len(stream.getvalue()) < 20_000 and redraws < 40, (len(stream.getvalue()), redraws)


# --- sizes: time and memory bounded ---------------------------------------------------------------------

GIGABYTE = 1024**3


def _lots(n: int) -> list[str]:
    """`n` short paragraphs alike in most of their words ("Lot 7 sold for 431 pounds to a buyer from ...")."""
    import random

    rng = random.Random(8)
    syllables = "ka lo mi ra te su no va di re po lu ba zen tor vik".split()
    towns = ["".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2000)]
    return [f"Lot {i} sold for {rng.randint(100, 99999)} pounds to a buyer from {rng.choice(towns)}." for i in range(n)]


def bounded_run(args: list[str], seconds: float, memory: int = 4 * GIGABYTE):
    """The command under an address-space limit of `memory` (a run past it fails with "out of
    memory") and a timeout; returns the result and the time taken."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    result = subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True, text=True, timeout=seconds * 2, preexec_fn=limit, env=env, cwd=REPO,
    )  # fmt: skip
    return result, time.monotonic() - started


def test_a_page_of_5000_similar_paragraphs_is_quick(tmp_path):
    """Case (small): many short paragraphs sharing most words: the similarity graph is bounded."""
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in _lots(5000)) + "</article></body></html>"
    (tmp_path / "page.html").write_text(page)
    result, took = bounded_run([str(tmp_path / "page.html"), "-a", "native-lexrank"], 60)
    assert result.returncode == 0, result.stderr
    assert took < 30  # 2-5 s; an unbounded graph took minutes and gigabytes (loose for a loaded machine)


def test_a_source_is_read_up_to_its_sentence_cap():
    from summarize.models import Source as Model
    from summarize.split import MAX_SOURCE_SENTENCES, split_source

    text = "\n\n".join(_lots(MAX_SOURCE_SENTENCES + 500))
    sentences = split_source(Model(text=text, id=1))
    assert len(sentences) == MAX_SOURCE_SENTENCES


def test_a_source_cut_short_is_reported_not_dropped_unsaid(tmp_path):
    """The unread rest of an over-long source is listed in `skipped`, and the source is used."""
    import json

    from summarize.models import Source as Model
    from summarize.split import MAX_SOURCE_SENTENCES, read_sentences

    exact = "\n\n".join(_lots(MAX_SOURCE_SENTENCES))
    assert read_sentences(Model(text=exact, id=1))[1] is False  # all of it read: nothing to report
    (tmp_path / "dump.txt").write_text("\n\n".join(_lots(MAX_SOURCE_SENTENCES + 10)) + "\n")
    result, _ = bounded_run([str(tmp_path / "dump.txt"), "-f", "json", "-n", "2"], 120)
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert [s["reason"] for s in brief["skipped"]] == [
        f"only its first {MAX_SOURCE_SENTENCES:,} sentences were read: no article is longer, the rest is data or a dump"
    ]
    assert len(brief["sources"]) == 1 and brief["sentences"]
    assert "dump.txt: only its first" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["page-25k", "paragraphs-200k", "templated-33mb"])
def test_large_hostile_texts_within_a_minute_and_4_gb(tmp_path, kind):
    """Cases: a 1.5 MB page of 25,000 similar paragraphs (was 30 s / 1.3 GB); 200,000 short
    similar paragraphs (11.6 MB); 330,000 templated sentences (33 MB; was 74 s / 1.9 GB)."""
    if kind == "page-25k":
        path = tmp_path / "page.html"
        paragraphs = "".join(f"<p>{p}</p>" for p in _lots(25_000))
        path.write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    elif kind == "paragraphs-200k":
        path = tmp_path / "p.txt"
        path.write_text("\n\n".join(_lots(200_000)) + "\n")
    else:
        path = tmp_path / "t.txt"
        lots = _lots(330_000)
        said = [f"{s} The auction house in Kalomi said so on Monday." for s in lots]
        path.write_text("\n\n".join(" ".join(said[i : i + 3]) for i in range(0, len(said), 3)) + "\n")
    result, took = bounded_run([str(path)], 60)
    assert result.returncode == 0, result.stderr
    assert took < 60


def test_output_or_state_onto_an_input_is_a_usage_error(tmp_path):
    """Relative of `-o X --state X`: `-o a.txt` with a.txt an input, or onto the config file."""
    news = _articles(tmp_path / "news")
    article = news / "a.txt"
    before = article.read_text()
    config = tmp_path / "brief.toml"
    config.write_text("words = 50\n")
    for args in (
        [str(article), "-o", str(article)],
        [str(article), "--state", str(article)],
        [str(news), "--config", str(config), "-o", str(config)],
    ):
        result = cli(*args)
        assert result.returncode == 2 and "also an input" in one_line_error(result), args
    assert article.read_text() == before and config.read_text() == "words = 50\n"


def test_a_tls_handshake_trickled_is_cut_off_at_the_time_limit():
    """Relative of the trickled headers: a server that answers the TLS hello a byte at a time."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            try:
                connection.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record 16 KB long...
                while not stop.is_set():  # ...sent a byte every 0.1 s
                    connection.sendall(b"\x00")
                    time.sleep(0.1)
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    started = time.monotonic()
    try:
        (found,) = _fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/", timeout=1.0)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 2.5
    assert "timed out" in found.reason


def test_a_name_lookup_that_never_answers_is_cut_off(monkeypatch, site):
    """Relative of the trickled headers: a resolver that hangs is bounded by the time limit too."""
    import socket

    real = socket.getaddrinfo

    def slow(host, *args, **kwargs):
        if host == "127.0.0.1":
            time.sleep(5)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    (found,) = _fetch(f"{site}/gzip", timeout=1.0)
    assert time.monotonic() - started < 2.5 and "timed out" in found.reason
    monkeypatch.setattr(socket, "getaddrinfo", real)
    (again,) = _fetch(f"{site}/gzip", timeout=5.0)
    assert isinstance(again, Source)


def test_output_to_dev_stdout_through_a_pipe(tmp_path):
    """Relative of `-o /dev/null`: /dev/stdout is a link to a pipe that has no name to replace."""
    result = cli(str(_articles(tmp_path / "news")), "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Brief for ")


@pytest.mark.parametrize("form", FORMATS)
def test_the_brief_written_when_nothing_is_usable_carries_no_markup(tmp_path, form):
    """Relative of the scripts in titles: with nothing usable, `-o` writes the skipped names, and
    a file named `<script>...` must not become a script in the HTML form or a link in Markdown;
    read back later, that brief is known as one."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "<script>alert(1)<\u2044script>.txt").write_text("")
    (folder / "[x](javascript:alert(1)).txt").write_text("")
    out = tmp_path / f"brief.{form}"
    result = cli(str(folder), "-f", form, "-o", str(out), "-q")
    assert result.returncode == 1
    written = out.read_text()
    if form == "html":
        assert "<script" not in written.lower() and "&lt;script&gt;" in written
    if form == "markdown":
        assert not re.search(r"(?<!\\)<script", written) and not re.search(r"(?<!\\)\]\(", written)
    (tmp_path / "ok.txt").write_text(SEA_WALL)
    skipped = {k.path: k.reason for k in summarize([tmp_path / "ok.txt", out]).skipped}
    assert "a brief this tool wrote" in skipped[str(out)]
