"""summarize.sources: files, folders, stdin and in-memory sources behind one load()."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers import SAMPLES, miscredited

from summarize import NothingToSummarize, Source, UsageError, summarize
from summarize.sources import load
from summarize.sources.text import Unusable, decode_bytes

SENTENCE = "The harbour council voted on Monday to build a new ferry terminal on the east quay."
ARTICLE = (
    "Harbour council backs a new ferry terminal\n\n"
    f"{SENTENCE}\n\n"
    "The terminal will cost about $40 million and should open in 2027, the council said.\n\n"
    "Local traders welcomed the plan, saying it would bring more visitors to the town.\n"
)
ACCENTED = "Café owners in the old town said on Monday that trade had been slow this year."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def stdin_of(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


# --- folders -------------------------------------------------------------------------------------


def test_folder_is_walked_recursively(tmp_path):
    write(tmp_path / "top.txt", ARTICLE)
    write(tmp_path / "a" / "one.txt", ARTICLE)
    write(tmp_path / "a" / "deep" / "deeper" / "two.md", ARTICLE)
    loaded = load([tmp_path])
    names = {Path(s.path).name for s in loaded.sources}
    assert names == {"top.txt", "one.txt", "two.md"}
    assert loaded.skipped == ()


def test_folder_files_come_in_sorted_path_order(tmp_path):
    for rel in ["b/sub/two.txt", "b/three.txt", "a/one.txt", "c.txt", "a/z.txt"]:
        write(tmp_path / rel, ARTICLE)
    paths = [Path(s.path).relative_to(tmp_path).as_posix() for s in load([tmp_path]).sources]
    assert paths == sorted(paths, key=lambda p: p.split("/"))
    assert paths == ["a/one.txt", "a/z.txt", "b/sub/two.txt", "b/three.txt", "c.txt"]


def test_folder_order_is_the_same_every_time(tmp_path):
    for rel in ["b/2.txt", "a/1.txt", "10.txt", "9.txt"]:
        write(tmp_path / rel, ARTICLE)
    first = [s.path for s in load([tmp_path]).sources]
    assert first == [s.path for s in load([tmp_path]).sources]
    assert len(first) == 4


def test_hidden_files_and_folders_are_ignored(tmp_path):
    write(tmp_path / "visible.txt", ARTICLE)
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / ".git" / "notes.txt", ARTICLE)
    write(tmp_path / "sub" / ".cache" / "x.md", ARTICLE)
    loaded = load([tmp_path])
    assert [Path(s.path).name for s in loaded.sources] == ["visible.txt"]
    assert loaded.skipped == ()  # ignored, not reported


def test_supported_suffixes_are_read(tmp_path):
    for name in ["a.txt", "b.md", "c.markdown", "d.text", "e"]:
        write(tmp_path / name, ARTICLE)
    assert sorted(Path(s.path).name for s in load([tmp_path]).sources) == ["a.txt", "b.md", "c.markdown", "d.text", "e"]


def test_unsupported_types_are_skipped_with_a_reason(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "report.pdf", b"%PDF-1.4 fake")
    write(tmp_path / "photo.JPG", b"\xff\xd8\xff\xe0")
    loaded = load([tmp_path])
    assert [Path(s.path).name for s in loaded.sources] == ["good.txt"]
    reasons = {Path(k.path).name: k.reason for k in loaded.skipped}
    assert set(reasons) == {"report.pdf", "photo.JPG"}
    assert ".pdf" in reasons["report.pdf"] and "unsupported" in reasons["report.pdf"]
    assert ".jpg" in reasons["photo.JPG"].lower()


def test_unsupported_file_named_directly_is_skipped_not_an_error(tmp_path):
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.4 fake")
    loaded = load([pdf])
    assert loaded.sources == ()
    assert [(k.path, "unsupported" in k.reason) for k in loaded.skipped] == [(str(pdf), True)]


def test_binary_file_is_skipped_as_not_text(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "blob.txt", bytes(range(256)) * 8)
    loaded = load([tmp_path])
    assert [Path(s.path).name for s in loaded.sources] == ["good.txt"]
    assert len(loaded.skipped) == 1
    assert loaded.skipped[0].path.endswith("blob.txt")
    assert "not text" in loaded.skipped[0].reason


def test_missing_path_raises_usage_error(tmp_path):
    with pytest.raises(UsageError) as err:
        load([tmp_path / "nope.txt"])
    assert "nope.txt" in str(err.value)
    assert err.value.exit_code == 2


def test_missing_path_through_summarize_raises_usage_error(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    with pytest.raises(UsageError):
        summarize([tmp_path / "good.txt", tmp_path / "missing"])


# --- encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_byte_order_marked_and_utf16_files_decode(tmp_path, encoding):
    # utf-16-le/-be carry no byte-order mark: they are recognised by their NUL bytes.
    path = write(tmp_path / "a.txt", ACCENTED.encode(encoding))
    (source,) = load([path]).sources
    assert source.text == ACCENTED


def test_utf16_with_bom_decodes(tmp_path):
    path = write(tmp_path / "a.txt", b"\xff\xfe" + ACCENTED.encode("utf-16-le"))
    (source,) = load([path]).sources
    assert source.text == ACCENTED


def test_latin1_file_decodes(tmp_path):
    path = write(tmp_path / "a.txt", ACCENTED.encode("latin-1"))
    (source,) = load([path]).sources
    assert source.text == ACCENTED


def test_cp1252_punctuation_decodes(tmp_path):
    text = "The mayor\u2019s plan \u2013 approved on Monday \u2013 costs \u20ac5 million."
    path = write(tmp_path / "a.txt", text.encode("cp1252"))
    (source,) = load([path]).sources
    assert source.text == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_bom_never_leaks_into_the_text(tmp_path, encoding):
    path = write(tmp_path / "a.txt", ARTICLE.encode(encoding))
    (source,) = load([path]).sources
    assert "\ufeff" not in source.text
    assert source.text.startswith("Harbour council")
    digest = summarize([path])
    assert all("\ufeff" not in s.text for s in digest.sentences)
    assert "\ufeff" not in digest.sources[0].title
    assert digest.sources[0].title == "Harbour council backs a new ferry terminal"


def test_decode_bytes_rejects_binary():
    with pytest.raises(Unusable):
        decode_bytes(b"\x00\x01\x02\x03\x04\x05" * 100)


# --- stdin ---------------------------------------------------------------------------------------


def test_stdin_is_read_through_the_stdin_parameter():
    loaded = load(["-"], stdin=stdin_of(ARTICLE.encode("utf-8")))
    (source,) = loaded.sources
    assert source.path == "-"
    assert source.text == ARTICLE


def test_stdin_bom_is_stripped():
    (source,) = load(["-"], stdin=stdin_of(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))).sources
    assert not source.text.startswith("\ufeff")
    assert source.text == ARTICLE


def test_stdin_utf16_is_decoded():
    (source,) = load(["-"], stdin=stdin_of(ARTICLE.encode("utf-16"))).sources
    assert source.text == ARTICLE


def test_stdin_through_summarize():
    digest = summarize("-", stdin=stdin_of(ARTICLE.encode("utf-8")), length=2)
    assert [s.path for s in digest.sources] == ["-"]
    assert digest.sources[0].title == "Harbour council backs a new ferry terminal"
    assert len(digest.sentences) == 2
    assert all(s.sources == (1,) for s in digest.sentences)
    assert all(s.text in ARTICLE for s in digest.sentences)


def test_stdin_alongside_files(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE.replace("Monday", "Tuesday"))
    digest = summarize([path, "-"], stdin=stdin_of(ARTICLE.encode("utf-8")))
    assert [s.path for s in digest.sources] == [str(path), "-"]


def test_binary_stdin_is_skipped():
    loaded = load(["-"], stdin=stdin_of(bytes(range(256)) * 8))
    assert loaded.sources == ()
    assert [k.path for k in loaded.skipped] == ["-"]
    assert "not text" in loaded.skipped[0].reason


# --- empty and unusable inputs ------------------------------------------------------------------


def test_empty_file_is_skipped_as_no_usable_text(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "junk.txt", "Share this article\nCopyright 2025 Example. All rights reserved.\n")
    digest = summarize([tmp_path])
    assert [Path(s.path).name for s in digest.sources] == ["good.txt"]
    reasons = {Path(k.path).name: k.reason for k in digest.skipped}
    assert set(reasons) == {"empty.txt", "junk.txt"}
    assert all("no usable text" in r for r in reasons.values())


def test_only_empty_files_is_nothing_to_summarize(tmp_path):
    write(tmp_path / "empty.txt", "")
    with pytest.raises(NothingToSummarize) as err:
        summarize([tmp_path])
    assert err.value.exit_code == 1


# --- in-memory sources -----------------------------------------------------------------------


def test_source_objects_pass_through_load_unchanged():
    source = Source.from_text(
        ARTICLE, title="Given", publisher="Gazette", date="2025-06-04", url="https://example.org/a"
    )
    loaded = load([source])
    assert loaded.sources == (source,)
    assert loaded.skipped == ()


def test_source_label_prefers_title_then_path_then_id():
    assert Source(text="x", title="T", path="p.txt", id=3).label == "T"
    assert Source(text="x", path="p.txt", id=3).label == "p.txt"
    assert Source(text="x", id=3).label == "source 3"


# --- encodings: detection beyond UTF-8 -----------------------------------------------------------

DETECTED = [
    (
        "Мэр города заявил в понедельник, что новый паром начнёт работу весной следующего года. "
        "Жители набережной давно ждали этого решения.",
        "cp1251",
    ),
    (
        "Мэр города заявил в понедельник, что новый паром начнёт работу весной следующего года. "
        "Жители набережной давно ждали этого решения.",
        "koi8-r",
    ),
    (
        "Ο δήμαρχος δήλωσε τη Δευτέρα ότι το νέο πλοίο θα αρχίσει να λειτουργεί την άνοιξη. "
        "Οι κάτοικοι του λιμανιού περίμεναν χρόνια.",
        "cp1253",
    ),
    (
        "市長は月曜日、新しいフェリーターミナルが来年春に開業すると発表した。港の住民は長年この決定を待っていた。",
        "shift_jis",
    ),
    ("市长星期一表示，新的渡轮码头将于明年春天开放。港口居民多年来一直在等待这个决定。", "gb18030"),
]


@pytest.mark.parametrize(("text", "encoding"), DETECTED, ids=[e for _, e in DETECTED])
def test_non_utf8_encodings_are_detected(tmp_path, text, encoding):
    path = write(tmp_path / "a.txt", text.encode(encoding))
    (source,) = load([path]).sources
    assert source.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Die Bürgermeisterin sagte am Montag, dass die Fähre über den Fluß größer werden müsse.",
        "« Le maire a déclaré lundi que le projet coûterait 5 millions d’euros », a-t-il ajouté.",
        "The mayor\u2019s \u201cbold\u201d plan \u2013 approved on Monday \u2013 costs \u20ac5 million\u2026 and more.",
    ],
)
def test_western_text_stays_cp1252(tmp_path, text):
    # Detectors guess worst on short Western text (cp852, cp1250...): CP1252 wins when it reads cleanly.
    (source,) = load([write(tmp_path / "a.txt", text.encode("cp1252"))]).sources
    assert source.text == text


def test_declared_charset_is_used_only_when_the_bytes_are_not_utf8():
    russian = DETECTED[0][0]
    assert decode_bytes(russian.encode("koi8-r"), "koi8-r") == russian
    assert decode_bytes("Café".encode(), "iso-8859-1") == "Café"  # valid UTF-8 wins over a wrong label
    assert decode_bytes("Café au lait.".encode("cp1252"), "utf-8") == "Café au lait."  # a wrong label is ignored
    assert decode_bytes("Café au lait.".encode("cp1252"), "no-such-charset") == "Café au lait."
    assert decode_bytes(b"\xef\xbb\xbfBOM first", "cp1251") == "BOM first"  # a byte-order mark beats a label
    assert decode_bytes("Café au lait.".encode("cp1252"), "utf-16") == "Café au lait."  # no NULs: not UTF-16


def test_utf16_without_bom_in_a_json_file(tmp_path):
    path = write(tmp_path / "a.json", '[{"title": "Café", "text": "Plain words."}]'.encode("utf-16-le"))
    (source,) = load([path]).sources
    assert (source.title, source.text) == ("Café", "Plain words.")


def test_heavy_readers_are_not_imported_with_the_package():
    import subprocess
    import sys

    heavy = ["trafilatura", "feedparser", "charset_normalizer", "lxml"]
    code = f"import sys, summarize, summarize.sources; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- every input kind, one suffix table --------------------------------------------------------


STORY_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Lantern bridge opens | Wrenmouth Gazette</title>
<meta property="og:title" content="Lantern Bridge opens to walkers and cyclists">
<meta property="og:site_name" content="Wrenmouth Gazette">
<meta property="article:published_time" content="2025-09-12T07:00:00Z">
<link rel="canonical" href="https://gazette.example/lantern-bridge">
</head><body>
<nav><a href="/">Home</a> | <a href="/sport">Sport</a> | <a href="/weather">Weather</a></nav>
<div class="advert">Win a weekend break in the hills with Cobble Tours!</div>
<article><h1>Lantern Bridge opens to walkers and cyclists</h1>
<p>The Lantern Bridge across the Wren estuary opened to walkers and cyclists on Thursday,
two years after building work began.</p>
<p>The 400-metre bridge cost 38 million pounds and links the old harbour with the new rail station on the far bank.</p>
<p>Engineer Tamsin Achebe said the deck had been designed to flex slightly
in the strong winds that sweep up the estuary.</p>
<p>About 3,000 people crossed in the first hour, many carrying paper lanterns in honour of the bridge's name.</p>
</article>
<aside class="related"><h3>Related</h3><a href="/x">Harbour fish market to close for repairs next month</a></aside>
<div id="comments"><p>Pell Ortiz: Why did it take two whole years to build a footbridge, honestly?</p></div>
</body></html>
"""

STORY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Estuary Radio</title>
<item><title>Thousands cross new Lantern Bridge</title><link>https://radio.example/bridge</link>
<pubDate>Thu, 11 Sep 2025 18:00:00 +0100</pubDate>
<description>&lt;p&gt;The Lantern Bridge across the Wren estuary opened to walkers and cyclists on Thursday,
two years after building work began.&lt;/p&gt;
&lt;p&gt;The council said cyclists must dismount on the ramps at either end during busy hours.&lt;/p&gt;</description>
</item></channel></rss>
"""

STORY_JSONL = "\n".join(
    [
        '{"title": "Estuary bridge opens after two-year build", "text": "The 400-metre bridge cost 38 million pounds '
        "and links the old harbour with the new rail station on the far bank. Local shops reported their busiest "
        'morning since the summer festival.", "url": "https://wire.example/wren-bridge", "source": "Coastal Wire", '
        '"date": "2025-09-11"}',
        '{"title": "Broken record", "text": 404, "source": "Coastal Wire"}',
    ]
)

STORY_TXT = """Bridge opening draws crowds

About 3,000 people crossed in the first hour, many carrying paper lanterns in honour of the bridge's name.

The mayor said a second crossing further upstream would be considered once traffic on the new bridge had been measured.
"""


def test_mixed_folder_of_every_input_kind_through_summarize(tmp_path):
    folder = tmp_path / "story"
    write(folder / "a-gazette.html", STORY_HTML)
    write(folder / "b-radio.xml", STORY_FEED)
    write(folder / "c-wire.jsonl", STORY_JSONL)
    write(folder / "d-notes.txt", STORY_TXT)
    digest = summarize([folder], length=6)
    listed = digest.to_dict()
    assert [(s["title"], s["publisher"], s["url"], s["date"]) for s in listed["sources"]] == [
        (
            "Lantern Bridge opens to walkers and cyclists",
            "Wrenmouth Gazette",
            "https://gazette.example/lantern-bridge",
            "2025-09-12",
        ),
        ("Thousands cross new Lantern Bridge", "Estuary Radio", "https://radio.example/bridge", "2025-09-11"),
        ("Estuary bridge opens after two-year build", "Coastal Wire", "https://wire.example/wren-bridge", "2025-09-11"),
        ("Bridge opening draws crowds", "", "", ""),
    ]
    assert [s.path for s in digest.sources] == [
        str(folder / "a-gazette.html"),
        f"{folder / 'b-radio.xml'}#1",
        f"{folder / 'c-wire.jsonl'}#1",
        str(folder / "d-notes.txt"),
    ]
    broken = {"path": f"{folder / 'c-wire.jsonl'}#2", "reason": "field 'text' is a number, not text"}
    assert listed["skipped"] == [broken]
    # Junk from the page never reaches the digest, and shared sentences credit every outlet carrying them.
    assert not any(w in s.text for s in digest.sentences for w in ("Cobble Tours", "fish market", "Pell Ortiz"))
    credits = {s.text: s.sources for s in digest.sentences}
    opening = (
        "The Lantern Bridge across the Wren estuary opened to walkers and cyclists on Thursday, "
        "two years after building work began."
    )
    assert credits[opening] == (1, 2)
    cost = (
        "The 400-metre bridge cost 38 million pounds and links the old harbour "
        "with the new rail station on the far bank."
    )
    assert credits[cost] == (1, 3)
    assert miscredited(digest) == []


def test_markdown_links_images_and_emphasis_become_plain_text():
    from summarize.sources.markdown import to_plain

    text = "See [the report](https://example.org/a_(b)) and ![a map](map.png), **now** and [the vote][1].\n\n[1]: https://x"
    assert to_plain(text).strip() == "See the report and , now and the vote."


def test_markdown_with_thousands_of_unmatched_marks_is_read_in_linear_time():
    import time

    from summarize.sources.markdown import to_plain

    for text in ("[" * 200_000, "(" * 200_000, "*a " * 60_000, "[a](" + "(" * 200_000):
        started = time.perf_counter()
        to_plain(text)
        assert time.perf_counter() - started < 10.0  # a fraction of a second; quadratic took minutes


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Городской совет в понедельник одобрил строительство новой дамбы. Работы начнутся весной.\n",
        "وافق مجلس المدينة يوم الاثنين على بناء سد جديد. وستبدأ الأعمال في الربيع.\n",
        "Το δημοτικό συμβούλιο ενέκρινε τη Δευτέρα την κατασκευή νέου φράγματος.\n",
    ],
)
def test_utf16_without_a_byte_order_mark_in_other_alphabets(text, encoding):
    from summarize.sources.text import decode_bytes

    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("sample", "paths"),
    [
        ("07-wrenley-radio.xml", ["-#1", "-#2"]),
        ("08-northern-wire.jsonl", ["-#1", "-#2"]),
        ("06-valley-chronicle.html", ["-"]),
        ("01-harbor-gazette.txt", ["-"]),
    ],
)
def test_stdin_is_read_by_what_it_holds(sample, paths):
    raw = (SAMPLES / sample).read_bytes()
    loaded = load(["-"], stdin=io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    assert [s.path for s in loaded.sources] == paths and not loaded.skipped
    assert all(not s.text.lstrip().startswith(("<", "{", "[")) for s in loaded.sources)


def test_a_json_list_on_stdin_is_read_as_records():
    records = [{"title": "A", "text": "The ferry ran again on Monday."}, {"title": "B", "text": "The bridge shut."}]
    stream = io.TextIOWrapper(io.BytesIO(json.dumps(records).encode()), encoding="utf-8")
    assert [s.title for s in load(["-"], stdin=stream).sources] == ["A", "B"]


def test_a_markdown_article_opening_with_a_heading_takes_it_as_its_title(tmp_path):
    write(tmp_path / "d.md", "# Library plan *approved*\n\nThe town council approved plans for a library on Monday.\n")
    (source,) = load([tmp_path / "d.md"]).sources
    assert source.title == "Library plan approved"
    assert "Library plan" not in source.text and "The town council approved" in source.text
