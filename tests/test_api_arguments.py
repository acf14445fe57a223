"""The API takes what Python users pass (datetimes, dates, the command's strings) and answers a
wrong type with a UsageError naming the argument; methods have docstrings; reprs are short."""

from __future__ import annotations

import inspect
import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from summarize import Digest, Source, UsageError, summarize
from summarize.arguments import since_moment, today_date

NEW = Source.from_text(
    "The harbour council voted on Monday to build a new ferry terminal on the east quay.\n\n"
    "The terminal will cost about $40 million and should open in 2027, the council said.\n",
    title="Ferry terminal approved",
    date="2026-11-20",
)
OLD = Source.from_text(
    "The old swing bridge over the canal was closed for good after engineers found cracks in its piers.\n",
    title="Swing bridge closed",
    date="2019-05-02",
)


def titles(digest) -> list[str]:
    return [s.title for s in digest.sources]


def test_since_takes_a_naive_datetime_as_local_time():
    digest = summarize([NEW, OLD], since=datetime(2026, 1, 1))
    assert titles(digest) == ["Ferry terminal approved"]
    assert since_moment(datetime(2026, 1, 1, 12)) == datetime(2026, 1, 1, 12).astimezone()


def test_since_as_now_minus_a_day_works():
    recent = Source.from_text(NEW.text, title="Today", date=datetime.now(UTC).isoformat(timespec="seconds"))
    digest = summarize([recent, OLD], since=datetime.now() - timedelta(days=1))
    assert titles(digest) == ["Today"]


def test_since_takes_an_aware_datetime_as_it_is():
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    assert since_moment(moment) is moment


def test_since_takes_a_date():
    assert titles(summarize([NEW, OLD], since=date(2020, 1, 1))) == ["Ferry terminal approved"]
    assert since_moment(date(2020, 1, 1)) == datetime(2020, 1, 1).astimezone()


@pytest.mark.parametrize("since", ["2026-11-01", "2026-11-01T08:00", "24000h"])
def test_since_takes_the_commands_strings(since):
    assert "Ferry terminal approved" in titles(summarize([NEW, OLD], since=since))


def test_a_since_string_that_is_no_time_is_a_usage_error():
    with pytest.raises(UsageError, match="since"):
        summarize([NEW], since="yesterday-ish")


@pytest.mark.parametrize("today", [date(2026, 1, 2), "2026-01-02", datetime(2026, 1, 2, 23, 59)])
def test_today_takes_a_date_or_an_iso_string(today):
    digest = summarize([NEW], today=today)
    assert digest.settings["date"] == "2026-01-02"
    assert digest.to_text().startswith("Brief for 2026-01-02")
    assert today_date(today) == date(2026, 1, 2)


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("length", "3"),
        ("length", 2.0),
        ("length", True),
        ("words", "100"),
        ("words", [100]),
        ("since", 1_700_000_000),
        ("since", time.time()),
        ("today", "tomorrow"),
        ("today", 20260102),
        ("timeout", "10"),
        ("timeout", 0),
        ("max_bytes", "1000"),
        ("query", 42),
        ("language", 7),
        ("algorithm", 7),
        ("reported", "one sentence"),
        ("reported", [1, 2]),
        ("progress", "verbose"),
        ("stdin", "some text"),
    ],
)
def test_a_wrong_type_is_a_usage_error_naming_the_argument(argument, value):
    with pytest.raises(UsageError) as raised:
        summarize([NEW], **{argument: value})
    assert str(raised.value).startswith(argument), str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("inputs", [5, None, b"a.txt", [NEW, 3]])
def test_inputs_of_the_wrong_type_are_a_usage_error(inputs):
    with pytest.raises(UsageError, match="inputs"):
        summarize(inputs)


def test_a_path_object_and_a_generator_are_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(NEW.text)
    assert summarize(tmp_path / "a.txt").sources
    assert summarize(p for p in [os.fspath(tmp_path / "a.txt")]).sources


def test_numpy_integers_are_counts():
    numpy = pytest.importorskip("numpy")
    assert len(summarize([NEW], length=numpy.int64(1)).sentences) == 1


def test_every_public_method_has_a_docstring():
    for cls in (Digest, Source):
        for name, member in inspect.getmembers(cls):
            if name.startswith("_") and name not in ("__repr__", "__str__"):
                continue
            if callable(member) or isinstance(member, property):
                assert (member.__doc__ or "").strip(), f"{cls.__name__}.{name} has no docstring"
    for name in ("to_text", "to_markdown", "to_json", "to_html", "to_dict", "render"):
        assert getattr(Digest, name).__doc__


def test_a_sources_repr_is_short():
    long = Source.from_text("word " * 100_000, title="A very long article title " * 5, path="a.txt")
    shown = repr(long)
    assert len(shown) < 120 and "500,000 chars" in shown and "word word" not in shown
    assert repr(Source.from_text("x", path="notes/a.txt")) == "Source(id=0, path='notes/a.txt', text=1 chars)"


def test_a_digests_repr_counts_and_printing_sources_stays_short():
    digest = summarize([NEW, OLD])
    assert repr(digest) == "Digest(sentences=3, sources=2, stories=2, skipped=0)"
    assert len(str(digest.sources)) < 200


def test_stdin_takes_a_text_stream():
    import io

    text = NEW.text
    digest = summarize("-", stdin=io.StringIO(text), length=1)
    assert digest.sources[0].path == "-"
