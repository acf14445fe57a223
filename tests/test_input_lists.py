"""Lists of inputs (--inputs-from, OPML files of feeds), addresses judged by their suffix when the
server's content type says nothing, and Markdown front matter. Servers run on 127.0.0.1 only."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest
from conftest import run_module
from helpers import CABLE_CAR_PARAGRAPHS, SAMPLES, serving
from typer.testing import CliRunner

from summarize import UsageError, summarize
from summarize.cli import app
from summarize.sources import load
from summarize.sources.lists import entries, inputs_from, opml_feeds
from summarize.sources.markdown import front_matter

ARTICLE = "\n\n".join(CABLE_CAR_PARAGRAPHS[:3])
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Dale Radio News</title>'
    "<item><title>Cable car runs again</title><link>https://daleradio.example/c</link>"
    f"<description>{CABLE_CAR_PARAGRAPHS[0]}</description></item></channel></rss>"
).encode()
RECORDS = "\n".join(
    json.dumps({"title": f"Cable car {n}", "text": p}) for n, p in enumerate(CABLE_CAR_PARAGRAPHS[:2])
).encode()
MARKDOWN = f"---\ntitle: Cable car reopens\ndate: 2026-11-20\n---\n\n{ARTICLE}\n".encode()
ROUTES = {
    "/feed.xml": (FEED, "application/rss+xml"),
    "/other-feed.xml": (FEED.replace(b"Dale Radio", b"Vale Radio"), "application/rss+xml"),
    "/items.jsonl": (RECORDS, "application/octet-stream"),
    "/items.json": (b"[" + RECORDS.replace(b"\n", b",") + b"]", "text/plain"),
    "/story.md": (MARKDOWN, "text/plain; charset=utf-8"),
    "/feed-bytes.xml": (FEED, "application/octet-stream"),
    "/blob": (RECORDS, "application/octet-stream"),
}


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        Handler.requests.append(self.path)
        body, kind = ROUTES.get(self.path, (b"not here", "text/plain"))
        self.send_response(200 if self.path in ROUTES else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    with serving(Handler) as base:
        yield base


# --- --inputs-from ---------------------------------------------------------------------------------


def test_a_list_names_one_input_a_line_without_comments_or_blanks():
    text = "# saved today\n\nsamples/01-harbor-gazette.txt\n   https://example.org/feed.xml  \n#samples/x\n"
    assert entries(text) == ["samples/01-harbor-gazette.txt", "https://example.org/feed.xml"]


def test_a_list_expands_the_home_folder(monkeypatch):
    monkeypatch.setenv("HOME", "/home/reader")
    assert entries("~/news/a.txt\n") == ["/home/reader/news/a.txt"]


def test_inputs_from_a_file(tmp_path):
    listed = tmp_path / "inputs.txt"
    listed.write_text(
        f"# two of the samples\n{SAMPLES / '01-harbor-gazette.txt'}\n\n{SAMPLES / '06-valley-chronicle.html'}\n"
    )
    result = run_module("--inputs-from", str(listed), "-f", "json", "-n", "2")
    assert result.returncode == 0, result.stderr
    paths = [s["path"] for s in json.loads(result.stdout)["sources"]]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["01-harbor-gazette.txt", "06-valley-chronicle.html"]


def test_inputs_from_stdin_beside_named_inputs():
    listed = f"{SAMPLES / '02-coastline-wire.txt'}\n"
    result = run_module(str(SAMPLES / "01-harbor-gazette.txt"), "--inputs-from", "-", "-f", "json", input=listed)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sources"]) == 2


def test_inputs_from_in_the_config_file(tmp_path):
    listed = tmp_path / "inputs.txt"
    listed.write_text(f"{SAMPLES / '01-harbor-gazette.txt'}\n")
    config = tmp_path / "brief.toml"
    config.write_text(f'inputs_from = "{listed}"\nformat = "json"\n')
    result = CliRunner().invoke(app, ["--config", str(config)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["sources"]) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "input list not found"), ("# nothing\n\n", "names no input"), (b"\xff\xfe", "UTF-8")],
)
def test_a_bad_list_is_a_usage_error_in_one_line(tmp_path, content, message):
    listed = tmp_path / "inputs.txt"
    if isinstance(content, bytes):
        listed.write_bytes(content)
    elif content is not None:
        listed.write_text(content)
    result = run_module("--inputs-from", str(listed))
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_list_from_stdin_cant_name_stdin():
    import io

    with pytest.raises(UsageError, match="stdin is the list"):
        inputs_from("-", io.StringIO("-\n"))


def test_a_listed_path_that_does_not_exist_is_a_usage_error(tmp_path):
    listed = tmp_path / "inputs.txt"
    listed.write_text(f"{tmp_path / 'nowhere.txt'}\n")
    result = run_module("--inputs-from", str(listed))
    assert result.returncode == 2 and "nowhere.txt" in result.stderr


# --- OPML ------------------------------------------------------------------------------------------


def _opml(*addresses: str) -> str:
    outlines = "".join(f'<outline type="rss" text="f{n}" xmlUrl="{a}"/>' for n, a in enumerate(addresses))
    return (
        '<?xml version="1.0"?><opml version="2.0"><head><title>Subscriptions</title></head><body>'
        f'<outline text="News">{outlines}</outline><outline text="a link" url="https://example.org/"/></body></opml>'
    )


def test_opml_lists_its_feeds_in_order_nested_folders_included():
    feeds, skipped = opml_feeds(_opml("https://a.example/f.xml", "https://b.example/rss").encode(), "subs.opml")
    assert feeds == ["https://a.example/f.xml", "https://b.example/rss"] and skipped == []


def test_opml_addresses_that_are_not_web_addresses_are_skipped():
    feeds, skipped = opml_feeds(_opml("file:///etc/passwd", "https://a.example/f").encode(), "subs.opml")
    assert feeds == ["https://a.example/f"]
    assert [s.path for s in skipped] == ["subs.opml#2"] and "not http" in skipped[0].reason


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"<opml><body/></opml>", "lists no feeds"), (b"<rss/>", "not an OPML file"), (b"<opml", "not well-formed")],
)
def test_opml_that_lists_nothing_is_skipped_with_the_reason(raw, reason):
    feeds, skipped = opml_feeds(raw, "subs.opml")
    assert feeds == [] and reason in skipped[0].reason


def test_an_opml_file_is_read_as_its_feeds(site, tmp_path):
    subscriptions = tmp_path / "subs.opml"
    subscriptions.write_text(_opml(f"{site}/feed.xml", f"{site}/other-feed.xml", f"{site}/feed.xml"))
    Handler.requests.clear()
    loaded = load([subscriptions])
    assert [s.publisher for s in loaded.sources] == ["Dale Radio News", "Vale Radio News"]
    assert [s.path for s in loaded.sources] == [f"{site}/feed.xml#1", f"{site}/other-feed.xml#1"]
    assert sorted(Handler.requests) == ["/feed.xml", "/other-feed.xml"]  # fetched once each, in any order


def test_an_opml_file_through_the_command(site, tmp_path):
    subscriptions = tmp_path / "subs.opml"
    subscriptions.write_text(_opml(f"{site}/feed.xml"))
    result = run_module(str(subscriptions), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sources"][0]["publisher"] == "Dale Radio News"


def test_an_opml_file_in_a_folder_fetches_nothing(site, tmp_path):
    (tmp_path / "subs.opml").write_text(_opml(f"{site}/feed.xml"))
    (tmp_path / "a.txt").write_text(ARTICLE)
    Handler.requests.clear()
    loaded = load([tmp_path])
    assert Handler.requests == [] and len(loaded.sources) == 1
    assert "OPML" in loaded.skipped[0].reason


# --- addresses by suffix -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "titles"),
    [
        ("/items.jsonl", ["Cable car 0", "Cable car 1"]),
        ("/items.json", ["Cable car 0", "Cable car 1"]),
        ("/feed-bytes.xml", ["Cable car runs again"]),
        ("/story.md", ["Cable car reopens"]),
    ],
)
def test_a_generic_content_type_defers_to_the_suffix(site, route, titles):
    loaded = load([f"{site}{route}"])
    assert [s.title for s in loaded.sources] == titles, loaded.skipped


def test_a_generic_content_type_without_a_suffix_is_still_unsupported(site):
    (skipped,) = load([f"{site}/blob"]).skipped
    assert skipped.reason == "unsupported content type ('application/octet-stream')"


# --- Markdown front matter ---------------------------------------------------------------------


def test_front_matter_gives_title_and_date(tmp_path):
    (tmp_path / "a.md").write_bytes(MARKDOWN)
    (source,) = summarize([tmp_path / "a.md"]).sources
    assert (source.title, source.date) == ("Cable car reopens", "2026-11-20")
    assert "title:" not in source.text and "---" not in source.text


def test_front_matter_fields_are_unquoted_and_toml_works_too():
    fields, rest = front_matter("+++\ntitle = \"A 'quoted' title\"\ndate = 2026-01-02T10:00:00Z\n+++\nBody.\n")
    assert fields == {"title": "A 'quoted' title", "date": "2026-01-02T10:00:00Z"} and rest == "Body.\n"
    fields, _ = front_matter("---\ntitle: 'It''s here'  \nauthor: Ann # editor\ntags:\n  - a\n---\n")
    assert fields == {"title": "It's here", "author": "Ann"}


def test_front_matter_date_filters_with_since(tmp_path):
    (tmp_path / "a.md").write_bytes(MARKDOWN)
    with pytest.raises(Exception, match="older than --since"):
        summarize([tmp_path / "a.md"], since="2026-12-01")


def test_text_without_front_matter_is_unchanged():
    assert front_matter("--- not front matter\nText.") == ({}, "--- not front matter\nText.")
    assert front_matter("---\ntitle: never closed\n\nText.")[0] == {}


def test_a_heading_is_the_title_when_the_front_matter_has_none(tmp_path):
    (tmp_path / "a.md").write_text(f"---\ndate: 2026-11-20\n---\n# The heading title\n\n{ARTICLE}\n")
    (source,) = summarize([tmp_path / "a.md"]).sources
    assert (source.title, source.date) == ("The heading title", "2026-11-20")
