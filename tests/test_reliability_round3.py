"""Hostile inputs, the attack run after round two: new cases of the same kinds (script and links
in every field, forged and hidden lines, links out of the folder, writes, crashes and hangs,
nothing lost, same output over hash seeds). Every input is made at test time; each kind is one
parametrised test, through the API where that shows the brief and through the command where the
command is what is checked. RELIABILITY.md lists the failures this run found.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import LIBRARY, REPO, SEA_WALL

from bench.hostile import feed
from summarize import summarize

FORMATS = ("text", "markdown", "json", "html")
# What must never reach a brief (the rule of summarize/shown.py, written out again here): C0 and
# C1 controls but tab and line feed, bidirectional marks, line and paragraph separators, the
# zero-width space, invisible operators, a stray byte-order mark, tag characters.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)


def cli(*args: str, cwd: Path, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """`python -m summarize ARGS` in a fresh interpreter, bounded by a timeout."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2, 3), result.returncode


def safe_target(target: str) -> bool:
    """Whether a link target is one a brief may carry: http(s), an in-page anchor, or a relative path."""
    bare = re.sub(r"[\s\x00-\x1f]", "", target).lower()
    if bare.startswith(("http://", "https://", "#")):
        return True
    return not bare.startswith(("/", "\\")) and ":" not in bare.split("/")[0]


class _Tags(HTMLParser):
    """Every tag, event-handler attribute and link target of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on") or k in ("src", "srcdoc", "formaction")]
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def html_problems(page: str) -> list[str]:
    parsed = _Tags()
    parsed.feed(page)
    wrong = [f"<{t}>" for t in parsed.tags & {"script", "img", "iframe", "svg", "base", "object", "embed", "form"}]
    wrong += [f"attribute {h}" for h in parsed.handlers]
    wrong += [f"href {h!r}" for h in parsed.hrefs if not safe_target(h)]
    return wrong


def markdown_problems(text: str) -> list[str]:
    """Link targets a Markdown reader would follow that are not safe, and raw HTML it would keep."""
    text = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.S)  # code spans hold none
    targets = re.findall(r"(?<!\\)\]\(\s*<?([^)\s>]*)", text)
    targets += re.findall(r"(?<!\\)<([a-zA-Z][\w+.-]*:[^<>\s]*)>", text)
    targets += re.findall(r"^\s*\[[^\]]*\]:\s*(\S+)", text, flags=re.M)
    wrong = [f"link {t!r}" for t in targets if not safe_target(t)]
    wrong += [f"raw html {m!r}" for m in re.findall(r"(?<!\\)<(?:[a-zA-Z][\w-]*[\s/>]|/[a-zA-Z]|!--)", text)]
    return wrong


def problems(digest) -> list[str]:
    """What is wrong in any of the four forms of a digest."""
    wrong = []
    for form in FORMATS:
        shown = digest.render(form)
        hidden = INVISIBLE.search(shown)
        if hidden:
            wrong.append(f"{form}: U+{ord(hidden.group()):04X}")
        if form == "html":
            wrong += html_problems(shown)
        elif form == "markdown":
            wrong += markdown_problems(shown)
        elif form == "json":
            json.loads(shown)
        elif re.search(r"<(script|img|svg|iframe)", shown, re.I):
            wrong.append("text: a tag from a title")
    return wrong


# --- script, links and markup in every field ------------------------------------------------------

LINKS = [
    "javascript&#58;alert(1)",  # an XML character reference: the feed's link reads `javascript:`
    "&#106;avascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java&#x0A;script:alert(1)",
    "java&#x09;script:alert(1)",
    "&#x01;javascript:alert(1)",
    "//evil.example/x",
    "\\\\evil.example\\x",
    "https:evil.example",
    "http://evil.example/&quot; onclick=&quot;alert(1)",
    "https://ok.example/&lt;script&gt;alert(1)&lt;/script&gt;",
    "https://ok.example/)](javascript:alert(1))",
    "https://ok.example/a b](javascript:alert(1))",
    "vBsCrIpT:msgbox(1)",
    "data&#58;text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
    "feed:javascript:alert(1)",
    "https://ok.example/&#x202e;gpj.exe",
    "https://ok.example/x&#x2028;FORGED",
    "/absolute/path",
    "mailto:a@evil.example",
]


def _raw_feed(folder: Path, link: str) -> Path:
    """A feed whose first item's link is `link` as it stands in the XML (entities unescaped by the parser)."""
    from xml.sax.saxutils import escape

    items = f"<item><title>Sea wall</title><link>{link}</link><description>{escape(SEA_WALL)}</description></item>"
    items += f"<item><title>Library</title><link>https://ok.example/l</link><description>{escape(LIBRARY)}</description></item>"
    path = folder / "f.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>{items}</channel></rss>')
    return path


@pytest.mark.parametrize("link", LINKS)
def test_feed_links_of_every_spelling_are_safe(tmp_path, link):
    """Cases: entity-encoded `javascript&#58;`, mixed-case schemes, control characters inside
    a scheme, protocol-relative `//evil`, quotes and brackets that would close an attribute
    or a Markdown link."""
    digest = summarize([_raw_feed(tmp_path, link)])
    assert len(digest.sources) == 2
    assert problems(digest) == []


TITLES = [
    "[1]: javascript:alert(1)",
    "<https://evil.example/auto>",
    "<!-- comment --> hidden",
    "&lt;script&gt;alert(1)&lt;/script&gt; double-escaped",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe> framed",
    "<a href='javascript:alert(1)'>click</a> linked",
    "<style>body{display:none}</style> styled",
    "![x](javascript:alert(1))",
    "[ok](https://ok.example) [bad]( javascript:alert(1) )",
    "<scr<script>ipt>alert(1)</script>",
    "x<script",
    "# heading | a | b |",
]


@pytest.mark.parametrize("title", TITLES)
def test_markup_in_feed_titles_and_channel_is_shown_as_text(tmp_path, title):
    """Cases: Markdown and HTML metacharacters in item and channel titles (the headlines, the
    story list and the source list), in every format."""
    path = tmp_path / "f.rss"
    items = [(title, "https://ok.example/1", SEA_WALL), (title + " two", "https://ok.example/2", LIBRARY)]
    path.write_text(feed(items, channel=title))
    assert problems(summarize([path])) == []


RECORD_FIELDS = {
    "title": "<script>alert(1)</script>[x](javascript:alert(1))",
    "publisher": "<img src=x onerror=alert(1)>Wire\u2028FORGED",
    "author": {"name": "<b>Ann</b>\u202eevil"},
    "url": "javascript:alert(1)",
    "date": "<script>2026</script>",
    "headline": "<svg onload=alert(1)>",
}


@pytest.mark.parametrize("field", list(RECORD_FIELDS))
def test_markup_in_json_record_fields(tmp_path, field):
    """Case: script, links and line separators in each field a JSON record has."""
    record = {"title": "Sea wall", "text": SEA_WALL, "url": "https://ok.example/1", field: RECORD_FIELDS[field]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps([record, {"title": "Library", "text": LIBRARY, "url": "https://ok.example/2"}]))
    digest = summarize([path])
    assert len(digest.sources) + len(digest.skipped) == 2
    assert problems(digest) == []


PAGE_HEADS = {
    "base javascript": '<base href="javascript:alert(1)//">',
    "base protocol-relative": '<base href="//evil.example/">',
    "canonical javascript": '<link rel="canonical" href="JaVaScRiPt:alert(1)">',
    "og:url data": '<meta property="og:url" content="data:text/html,<script>alert(1)</script>">',
    "og:title markup": '<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;OG">',
    "og:site_name separators": '<meta property="og:site_name" content="Site&#x2028;FORGED&#x85;FORGED">',
    "author markup": '<meta name="author" content="<img src=x onerror=alert(1)>">',
    "title entity script": "<title>&lt;script&gt;alert(1)&lt;/script&gt; Sea</title>",
    "title bidi": "<title>Sea &#x202e;txt.exe</title>",
}


@pytest.mark.parametrize("head", list(PAGE_HEADS))
def test_page_attributes_and_base_href(tmp_path, head):
    """Cases: `<base href>`, canonical and og: addresses, markup in a page's metadata, a link
    with an event handler in the article."""
    path = tmp_path / "p.html"
    path.write_text(
        f"<html><head>{PAGE_HEADS[head]}</head><body><article><h1>Sea wall</h1><p>{SEA_WALL}</p>"
        f"<p><a href='javascript:alert(1)' onclick='alert(1)'>link</a> {LIBRARY}</p></article></body></html>"
    )
    digest = summarize([path])
    assert digest.sources
    assert problems(digest) == []


MARKUP_IN_TEXT = (
    "The council said <script>alert(1)</script> the wall would cost four million pounds in total. "
    "Critics pointed to [the report](javascript:alert(1)) and said the cost would double within years. "
    "Supporters wrote <img src=x onerror=alert(1)> on posters across the harbour town. "
    "[1]: javascript:alert(1)\n\n> a quote line here in the article text, written by the council."
)


@pytest.mark.parametrize("explain", [False, True])
def test_markup_in_sentences_with_and_without_explain(tmp_path, explain):
    """Case: tags, Markdown links and reference definitions in running text, in every format and
    in the --explain lines (terms and the sentences a pick beat)."""
    (tmp_path / "evil.txt").write_text("Sea wall row\n\n" + SEA_WALL + " " + MARKUP_IN_TEXT)
    (tmp_path / "lib.txt").write_text("Library\n\n" + LIBRARY)
    digest = summarize([tmp_path], length=12, explain=explain)
    wrong = problems(digest)
    assert [w for w in wrong if not w.startswith("text:")] == []  # a text brief may quote a sentence's `<script>`


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)<\\script>.txt",
        "[x](javascript:alert(1)).txt",
        'a"onmouseover="alert(1).txt',
        "`tick`.txt",
        "*b* _u_.md",
        "#head.txt",
        "javascript:alert(1).txt",
        "%0aFORGED.txt",
    ],
)
def test_markup_in_file_names(tmp_path, name):
    """Case: a file name that would be a tag, a link, an attribute or a code span, in every
    format (a text brief shows a name as it is: it is plain text)."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / name).write_text("Sea wall approved\n\n" + SEA_WALL)
    digest = summarize([folder])
    assert [w for w in problems(digest) if not w.startswith("text:")] == []


# --- forged and hidden lines ---------------------------------------------------------------------

SEPARATORS = {
    "LF": "\n",
    "CR": "\r",
    "VT": "\x0b",
    "FF": "\x0c",
    "FS": "\x1c",
    "GS": "\x1d",
    "RS": "\x1e",
    "NEL": "\x85",
    "LS": "\u2028",
    "PS": "\u2029",
    "ZWSP": "\u200b",
    "LRM": "\u200e",
    "RLO": "\u202e",
    "RLI": "\u2066",
    "BOM": "\ufeff",
    "ESC": "\x1b[2K\r",
    "TAG": "\U000e0046\U000e004f",
    "BS": "\x08" * 5,
}


def _forged(text: str) -> list[str]:
    """Lines that a name or title started: `FORGED` at a line's start, not a digest sentence."""
    return [
        line
        for line in text.splitlines()
        if re.match(r"^\W{0,4}FORGED", line) and not re.search(r"\[\d+(, ?\d+)*\]\s*$", line)
    ]


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_separators_and_invisible_marks_in_names_and_fields(tmp_path, separator):
    """Cases: every line and paragraph separator, NEL, VT/FF, zero-width, bidi and tag
    characters in file names (used and skipped), feed titles, authors and channel names, record
    publishers and authors: none reaches any format, and none starts a line."""
    sep = SEPARATORS[separator]
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / f"a{sep}FORGED.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    (folder / f"empty{sep}FORGED.txt").write_text("")
    from xml.sax.saxutils import escape

    def x(s: str) -> str:  # XML 1.0 can't hold most C0 controls: a feed carries them as references
        return "".join(f"&#{ord(c)};" if c < " " and c not in "\t\n\r" else c for c in escape(s))

    (folder / "f.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{x("Radio" + sep + "FORGED")}</title>'
        f"<item><title>{x('Library' + sep + 'FORGED')}</title><author>{x('a@b (Ann' + sep + 'FORGED)')}</author>"
        f"<link>https://ok.example/1</link><description>{x(LIBRARY)}</description></item></channel></rss>"
    )
    (folder / "r.jsonl").write_text(
        json.dumps(
            {
                "title": f"Wall{sep}FORGED",
                "publisher": f"P{sep}FORGED",
                "author": f"A{sep}FORGED",
                "text": SEA_WALL.replace("Engineers", "Two engineers"),
                "url": f"https://ok.example/{sep}FORGED",
            }
        )
        + "\n"
    )
    digest = summarize([folder], explain=True)
    assert any("empty" in s.path for s in digest.skipped)
    assert problems(digest) == []
    for form in FORMATS:
        assert _forged(digest.render(form)) == [], form


def test_separators_in_skipped_names_on_stderr(tmp_path):
    """Case: the "skipped" lines on stderr name a file with a line separator and a bidi mark."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    for sep in ("\n", "\u2028", "\x85", "\u202e", "\x1b[2K"):
        (folder / f"empty{sep}FORGED.txt").write_text("")
    result = cli(str(folder), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 0
    assert not INVISIBLE.search(result.stderr), result.stderr
    assert _forged(result.stderr) == [] and result.stderr.count("summarize: skipped") == 5


# --- links ---------------------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    (news / "good.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    (tmp_path / "outside.txt").write_text("Library\n\n" + LIBRARY)
    return news


def _chain(news: Path) -> None:
    (news / "sub").mkdir()
    os.symlink("../../outside.txt", news / "sub" / "hop1.txt")
    os.symlink("sub/hop1.txt", news / "hop0.txt")


def _nested(news: Path) -> None:
    (news / "a" / "b" / "c").mkdir(parents=True)
    os.symlink("../../../../outside.txt", news / "a" / "b" / "c" / "deep.txt")


LINK_CASES = {
    "loop": lambda news: (os.symlink("b", news / "a.txt"), os.symlink("a.txt", news / "b")),
    "chain leaving the folder": _chain,
    "nested link out": _nested,
    "absolute link out": lambda news: os.symlink(str(news.parent / "outside.txt"), news / "abs.txt"),
    "link to the parent folder": lambda news: os.symlink("..", news / "up"),
    "link to its own folder": lambda news: os.symlink(".", news / "self"),
    "link to /dev/zero": lambda news: os.symlink("/dev/zero", news / "zero.txt"),
    "link to /proc/self/environ": lambda news: os.symlink("/proc/self/environ", news / "env.txt"),
    "link to a FIFO": lambda news: (os.mkfifo(news / "fifo"), os.symlink("fifo", news / "tofifo.txt")),
}


@pytest.mark.parametrize("follow", [False, True])
@pytest.mark.parametrize("case", list(LINK_CASES))
def test_links_in_a_folder(tmp_path, case, follow):
    """Cases: link loops, chains of links that leave the folder, links out from nested folders,
    links to folders, devices, /proc and FIFOs, with and without --follow-links: every entry met
    is used or skipped with a reason, nothing outside is read unless asked, nothing hangs."""
    news = _tree(tmp_path)
    LINK_CASES[case](news)
    digest = summarize([news], follow_links=follow)
    paths = {s.path for s in digest.sources} | {s.path for s in digest.skipped}
    met = {str(p.relative_to(tmp_path)) for p in news.rglob("*") if p.is_symlink() or p.is_file()}
    assert {Path(p).name for p in paths} >= {Path(m).name for m in met if "/sub/" not in m}, (paths, met)
    read_outside = any("Marsh End" in s.text for s in digest.sources)
    assert read_outside == (follow and case in ("chain leaving the folder", "nested link out", "absolute link out"))
    assert not any("PATH=" in s.text for s in digest.sources)


# --- writes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["./a.txt", "{abs}", "sub/../a.txt", "ln.txt", "hard.txt"])
def test_output_onto_an_input_by_any_spelling_is_refused(tmp_path, spelling):
    """Case: -o naming an input as ./x, an absolute path, through `..`, a symbolic or a hard link."""
    (tmp_path / "a.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    (tmp_path / "sub").mkdir()
    os.symlink("a.txt", tmp_path / "ln.txt")
    os.link(tmp_path / "a.txt", tmp_path / "hard.txt")
    result = cli("a.txt", "-o", spelling.replace("{abs}", str(tmp_path / "a.txt")), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert (tmp_path / "a.txt").read_text().startswith("Sea wall approved")


@pytest.mark.parametrize("name", ["loop", "x" * 300 + ".txt", "file/brief.txt"])
def test_output_that_cannot_be_made_is_found_before_the_work(tmp_path, name):
    """Cases: -o a link loop, a name longer than the file system allows, a path through a file:
    exit 3 at once (the brief was made first, then the write failed)."""
    (tmp_path / "a.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    (tmp_path / "file").write_text("keep")
    os.symlink("loop2", tmp_path / "loop")
    os.symlink("loop", tmp_path / "loop2")
    from summarize.output import unwritable

    assert unwritable(tmp_path / name)
    result = cli("a.txt", "-o", name, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 3 and "can't write output" in result.stderr
    assert (tmp_path / "file").read_text() == "keep"


def test_a_state_missing_a_field_says_so(tmp_path):
    (tmp_path / "a.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    (tmp_path / "s.json").write_text('{"version": 99, "sources": "x"}')
    result = cli("a.txt", "--state", "s.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "has no 'reported' field" in result.stderr
    assert "99" in (tmp_path / "s.json").read_text()


# --- crashes and hangs ---------------------------------------------------------------------------


def test_a_tag_of_200000_attributes_is_quick(tmp_path):
    """Case: one `<p>` of 200,000 attributes (1.6 MB): libxml2 compares each attribute with all
    before it (20,000 took 46 s a parse, 200,000 would take over an hour)."""
    path = tmp_path / "p.html"
    flood = " ".join(f"a{i}=x" for i in range(200_000))
    path.write_text(f"<html><body><article><p {flood}>{SEA_WALL}</p><p>{LIBRARY}</p></article></body></html>")
    start = time.monotonic()
    digest = summarize([path])
    assert time.monotonic() - start < 20
    assert digest.sources and "Marsh End" in digest.sources[0].text


def test_attribute_floods_are_bared_and_real_tags_kept():
    from summarize.sources.html import MAX_ATTRIBUTES, without_attribute_floods

    flood = "<p " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 1)) + ">T</p>"
    assert without_attribute_floods(flood) == "<p>T</p>"
    quoted = "<p " + " ".join(f'a{i}="x y z"' for i in range(MAX_ATTRIBUTES)) + ">T</p>"
    assert without_attribute_floods(quoted) == quoted
    long_value = '<meta content="' + "word " * 5000 + '">'
    assert without_attribute_floods(long_value) == long_value


def test_a_file_name_that_is_not_utf8_links_in_an_html_brief(tmp_path):
    """Case: a name of invalid UTF-8 in -f html (an internal error: its link could not be encoded)."""
    folder = tmp_path / "news"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/bad\xc0\xafname.txt", "w") as file:
        file.write("Sea wall approved\n\n" + SEA_WALL)
    page = summarize([folder]).render("html", folder=str(tmp_path))
    assert 'href="news/bad%C0%AFname.txt"' in page
    assert not INVISIBLE.search(page)


DATES = [
    "0000-00-00",
    "9999-12-31T23:59:59+99:99",
    "-1",
    "2026-02-30",
    "1e308",
    "NaN",
    "99999999999999999999",
    "2026-11-30T25:61:61Z",
    "Mon, 32 Foo 2026 99:99:99 +9999",
    "\u0662\u0660\u0662\u0666-01-01",
    "2026-11-30" + "0" * 10_000,
]


@pytest.mark.parametrize("when", DATES)
def test_odd_dates_with_since(tmp_path, when):
    """Case: feed and record dates that are not dates, out of range or absurdly long, with --since."""
    from xml.sax.saxutils import escape

    (tmp_path / "f.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>R</title><item><title>Sea</title>'
        f"<pubDate>{escape(when)}</pubDate><description>{escape(SEA_WALL)}</description></item></channel></rss>"
    )
    (tmp_path / "r.json").write_text(json.dumps([{"title": "Library", "text": LIBRARY, "date": when}]))
    digest = summarize([tmp_path / "f.rss", tmp_path / "r.json"], since="7d", today="2026-12-02")
    assert len(digest.sources) + len(digest.skipped) == 2


@pytest.mark.parametrize(
    "option",
    [
        ["--since", ""],
        ["--since", "0001-01-01"],
        ["--since", "1" * 5000 + "d"],
        ["-n", "1" + "0" * 30],
        ["-w", "1" + "0" * 30],
        ["--keep-days", "1" + "0" * 30, "--state", "s.json"],
        ["--length", "1.5"],
        ["--since", "2026-02-30"],
    ],
    ids=[
        "since-empty",
        "since-year-1",
        "since-5000-digits",
        "length-1e30",
        "words-1e30",
        "keep-days-1e30",
        "length-float",
        "since-feb-30",
    ],
)
def test_options_at_their_limits(tmp_path, option):
    (tmp_path / "a.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    result = cli("a.txt", *option, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode in (0, 1, 2)


@pytest.mark.parametrize(
    "content",
    [
        'length = "ten"',
        "length = 1e308",
        "format = 3",
        "since = []",
        "follow_links = 1",
        "words = 99999999999999999999999",
        "state = {a = 1}",
        "[section]\nlength = 3",
        "'\\u0000' = 1",
        'format = "evil\\nFORGED"',
        'keep_days = "x"',
        "since = 1979-05-27T07:32:00Z",
    ],
)
def test_config_values_of_the_wrong_type(tmp_path, content):
    """Case: a config whose values have the wrong type, or are tables, dates or huge numbers."""
    (tmp_path / "a.txt").write_text("Sea wall approved\n\n" + SEA_WALL)
    (tmp_path / "c.toml").write_text(content + "\n")
    result = cli("a.txt", "--config", "c.toml", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode in (0, 2)
    assert not INVISIBLE.search(result.stderr) and _forged(result.stderr) == []


def test_key_dots_count_only_keys():
    from summarize.config import _key_dots

    assert _key_dots("inputs = [\"https://a.example/b.rss\", 'c.d']  # x.y\nwords = 1.5e3\n") == 0
    assert _key_dots('a.b."c.d" = 1\n[e.f]\n') == 3
    assert _key_dots('q = """one.\ntwo."""\n') == 0


def test_a_paragraph_past_the_sentence_cap_is_not_split_whole():
    """Case: 40 MB of `A b. ` on one line (8 million sentences): the cap of 20,000 sentences
    stopped the reading only after the whole paragraph was split (over 200 s); now the
    splitter gives one sentence at a time and the reading stops at the cap."""
    from summarize import Source
    from summarize.split import MAX_SOURCE_SENTENCES, read_sentences
    from summarize.text import iter_sentences, split_sentences

    start = time.process_time()
    sentences, cut_short = read_sentences(Source(text="A b. " * 2_000_000, path="a.txt"))
    assert cut_short and len(sentences) == MAX_SOURCE_SENTENCES
    assert time.process_time() - start < 5
    paragraph = "Mr. Smith went to Washington. He said so. 1. A list"
    assert list(iter_sentences(paragraph)) == split_sentences(paragraph)


def test_a_store_that_refuses_the_connection_is_one_line(tmp_path):
    """Case: `ftp://127.0.0.1:9/x` (fsspec's FTP filesystem connects when made: an internal error)."""
    pytest.importorskip("fsspec")
    result = cli("ftp://127.0.0.1:9/x", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2 and "can't read ftp://127.0.0.1:9/x" in result.stderr
