"""summarize.sources.records: JSON and JSON Lines records, one source per record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.sources import load

CABLE = "The Kettleby cable car reopened on Saturday after a six-month safety overhaul."
ROAD = "The valley road will close for two weeks in June while the county resurfaces it."
FARES = "An adult return ticket on the cable car now costs nine pounds, up from eight."


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def dump(path: Path, data) -> Path:
    return write(path, json.dumps(data, ensure_ascii=False))


def test_list_of_records(tmp_path):
    path = dump(
        tmp_path / "items.json",
        [
            {
                "title": "Cable car reopens",
                "text": CABLE,
                "url": "https://a.example/1",
                "source": "Dale Post",
                "date": "2025-05-17",
            },
            {
                "title": "Road closure",
                "content": ROAD,
                "link": "https://a.example/2",
                "publisher": "Dale Post",
                "published": "2025-05-16T07:00:00+01:00",
            },
            {"title": "Fares", "body": FARES, "site": "Valley Online", "date": "Fri, 16 May 2025 23:00:00 -0400"},
        ],
    )
    loaded = load([path])
    assert loaded.skipped == ()
    one, two, three = loaded.sources
    assert [s.path for s in loaded.sources] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert (one.title, one.text, one.url, one.publisher, one.date) == (
        "Cable car reopens",
        CABLE,
        "https://a.example/1",
        "Dale Post",
        "2025-05-17",
    )
    assert (two.text, two.url, two.date) == (ROAD, "https://a.example/2", "2025-05-16")
    assert (three.text, three.publisher, three.date) == (FARES, "Valley Online", "2025-05-16")


@pytest.mark.parametrize("key", ["items", "articles", "records"])
def test_object_holding_the_list_under_a_known_key(tmp_path, key):
    path = dump(
        tmp_path / "feed.json",
        {"source": "Dale Post", key: [{"title": "A", "text": CABLE}, {"title": "B", "description": ROAD}]},
    )
    loaded = load([path])
    assert [(s.path, s.title, s.text, s.publisher) for s in loaded.sources] == [
        (f"{path}#1", "A", CABLE, "Dale Post"),  # the container's publisher applies to its records
        (f"{path}#2", "B", ROAD, "Dale Post"),
    ]


def test_one_record_is_one_source_named_by_the_file(tmp_path):
    path = dump(tmp_path / "story.json", {"title": "Cable car reopens", "text": CABLE, "url": "https://a.example/1"})
    (source,) = load([path]).sources
    assert (source.path, source.title, source.text, source.url) == (
        str(path),
        "Cable car reopens",
        CABLE,
        "https://a.example/1",
    )


def test_newsapi_style_source_object_gives_the_publisher(tmp_path):
    path = dump(
        tmp_path / "news.json",
        {
            "status": "ok",
            "articles": [
                {
                    "source": {"id": None, "name": "Northern Dales Wire"},
                    "title": "Cable car",
                    "description": CABLE,
                    "url": "https://w.example/c",
                    "publishedAt": "2025-05-17T09:00:00Z",
                }
            ],
        },
    )
    (source,) = load([path]).sources
    assert (source.publisher, source.date, source.url) == ("Northern Dales Wire", "2025-05-17", "https://w.example/c")


def test_html_in_a_record_becomes_paragraphs(tmp_path):
    path = dump(tmp_path / "a.json", [{"title": "T", "content": f"<p>{CABLE}</p><p>{ROAD}</p>"}])
    (source,) = load([path]).sources
    assert source.text == f"{CABLE}\n\n{ROAD}"


def test_records_with_wrong_field_types_are_skipped_and_the_others_used(tmp_path):
    path = dump(
        tmp_path / "mixed.json",
        {
            "items": [
                {"title": "Good", "text": CABLE},
                {"title": "Numeric text", "text": 42},
                {"title": "List content", "content": ["a", "b"]},
                {"title": 7, "text": ROAD},
                {"title": "Object url", "text": ROAD, "url": {"href": "x"}},
                "just a string",
                {"title": "No text at all"},
                {"title": "Good too", "body": FARES},
            ]
        },
    )
    loaded = load([path])
    assert [s.title for s in loaded.sources] == ["Good", "Good too"]
    assert [s.path for s in loaded.sources] == [f"{path}#1", f"{path}#8"]
    assert {k.path.rsplit("#", 1)[1]: k.reason for k in loaded.skipped} == {
        "2": "field 'text' is a number, not text",
        "3": "field 'content' is a list, not text",
        "4": "field 'title' is a number, not text",
        "5": "field 'url' is an object, not text",
        "6": "the record is text, not an object with fields",
        "7": "no text (none of the fields 'text', 'content', 'body', 'description')",
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"title": "A", "text": "x"},', "invalid JSON: Expecting value (line 1, column 30)"),
        ("{'single': 'quotes'}", "invalid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
        ("[]", "no records in the file"),
        ("42", "no records: the JSON is a number"),
        ('{"items": "not a list"}', "field 'items' is text, not a list of records"),
    ],
)
def test_json_file_without_usable_records_is_skipped_whole(tmp_path, content, reason):
    path = write(tmp_path / "bad.json", content)
    loaded = load([path])
    assert loaded.sources == ()
    assert [(k.path, k.reason) for k in loaded.skipped] == [(str(path), reason)]


def test_jsonl_one_record_per_line_bad_lines_skipped_alone(tmp_path):
    lines = [
        json.dumps({"title": "Cable car", "text": CABLE, "source": "Dale Post"}),
        "",
        "{not json",
        json.dumps({"title": "Road", "text": ROAD}),
        json.dumps([1, 2]),
        json.dumps({"title": "Fares", "text": 3.5}),
    ]
    path = write(tmp_path / "items.jsonl", "\n".join(lines) + "\n")
    loaded = load([path])
    assert [(s.path, s.title) for s in loaded.sources] == [(f"{path}#1", "Cable car"), (f"{path}#4", "Road")]
    assert loaded.sources[0].publisher == "Dale Post"
    assert [(k.path, k.reason) for k in loaded.skipped] == [
        (f"{path}#3", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        (f"{path}#5", "the record is a list, not an object with fields"),
        (f"{path}#6", "field 'text' is a number, not text"),
    ]


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"title": "T", "text": f"{CABLE}\u2028{ROAD}"}, ensure_ascii=False))
    (source,) = load([path]).sources
    assert source.path == f"{path}#1"
    assert CABLE in source.text and ROAD in source.text


def test_json_with_byte_order_mark_and_utf16(tmp_path):
    data = json.dumps([{"title": "Café reopens", "text": CABLE}], ensure_ascii=False)
    write(tmp_path / "a.json", data.encode("utf-8-sig"))
    write(tmp_path / "b.json", data.encode("utf-16"))
    loaded = load([tmp_path])
    assert loaded.skipped == ()
    assert [s.title for s in loaded.sources] == ["Café reopens", "Café reopens"]


def test_unparseable_dates_are_kept_as_written(tmp_path):
    path = dump(tmp_path / "a.json", [{"text": CABLE, "date": "Saturday 17 May"}])
    (source,) = load([path]).sources
    assert source.date == "Saturday 17 May"
