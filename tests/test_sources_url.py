"""summarize.sources.url: http(s) inputs, fetched with urllib from a local server on 127.0.0.1 only."""

from __future__ import annotations

import socket
import time
from http.server import BaseHTTPRequestHandler

import pytest
from helpers import CABLE_CAR_PARAGRAPHS, serving

import summarize
from summarize.sources import load
from summarize.sources.url import MAX_REDIRECTS, fetch, is_url

PARAGRAPHS = CABLE_CAR_PARAGRAPHS[:3]
PAGE = (
    "<html><head><title>Cable car back in service</title>"
    '<meta property="og:site_name" content="Kettleby Gazette"></head><body>'
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Cable car back in service</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></body></html>"
).encode()
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Dale Radio News</title>
<item><title>Cable car runs again</title><link>https://daleradio.example/c</link>
<description>The cable car reopened on Saturday after a six-month overhaul.</description></item>
</channel></rss>"""
SMALL_CAP = 10_000


class Handler(BaseHTTPRequestHandler):
    """The test site: one route per case."""

    seen_agents: list[str] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", length: bool = True) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        try:
            if path == "/article.html":
                self.send(200, PAGE)
            elif path == "/feed.xml":
                self.send(200, FEED, "application/rss+xml")
            elif path == "/generic.xml":
                self.send(200, FEED, "application/xml")
            elif path == "/sitemap.xml":
                self.send(200, b"<urlset><url><loc>x</loc></url></urlset>", "text/xml")
            elif path == "/notes.txt":
                self.send(200, "Café owners said trade was up.".encode("latin-1"), "text/plain; charset=iso-8859-1")
            elif path == "/missing":
                self.send(404, b"<html><body><p>Not here.</p></body></html>")
            elif path == "/broken":
                self.send(500, b"<html><body><p>Oops.</p></body></html>")
            elif path == "/loop":
                self.redirect("/loop")
            elif path.startswith("/hop/"):
                left = int(path.rsplit("/", 1)[1])
                self.redirect(f"/hop/{left - 1}" if left > 1 else "/article.html")
            elif path == "/to-file":
                self.redirect("file:///etc/hostname")
            elif path == "/slow":
                time.sleep(1.5)
                self.send(200, PAGE)
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"drip drip ")
                    self.wfile.flush()
                    time.sleep(0.05)
            elif path == "/big-declared":
                self.send(200, b"word " * (SMALL_CAP // 2), "text/plain")
            elif path == "/big-undeclared":
                self.send(200, b"word " * (SMALL_CAP // 2), "text/plain", length=False)
            elif path == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
            elif path == "/no-type":
                self.send_response(200)
                self.send_header("Content-Length", "5")
                self.end_headers()
                self.wfile.write(b"hello")
            else:
                self.send(404, b"")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as the timeout tests mean it to


@pytest.fixture(scope="module")
def site():
    with serving(Handler) as base:
        yield base


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 go straight to the test server, whatever proxy the environment names."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def only_skip(found) -> str:
    (item,) = found
    assert isinstance(item, summarize.Skipped), item
    return item.reason


def test_is_url():
    assert is_url("http://a.example/x") and is_url("HTTPS://a.example/")
    assert not is_url("ftp://a.example/") and not is_url("notes/http.txt") and not is_url("-")


def test_html_page_is_fetched_and_read(site):
    url = f"{site}/article.html"
    loaded = load([url])
    assert loaded.skipped == ()
    (source,) = loaded.sources
    assert source.path == url and source.url == url
    assert source.title == "Cable car back in service"
    assert source.publisher == "Kettleby Gazette"
    assert source.text.split("\n\n")[-3:] == PARAGRAPHS
    assert "Home" not in source.text


def test_clear_user_agent_is_sent(site):
    Handler.seen_agents.clear()
    fetch(f"{site}/article.html", max_bytes=SMALL_CAP * 10)
    assert Handler.seen_agents == [f"summarize/{summarize.__version__} (+digest tool)"]


def test_feed_entries_from_a_url(site):
    url = f"{site}/feed.xml"
    (source,) = load([url]).sources
    assert (source.path, source.url, source.publisher) == (f"{url}#1", "https://daleradio.example/c", "Dale Radio News")
    (generic,) = load([f"{site}/generic.xml"]).sources  # application/xml: sniffed, and a feed
    assert generic.title == "Cable car runs again"
    assert only_skip(fetch(f"{site}/sitemap.xml", max_bytes=SMALL_CAP)).startswith("not an RSS or Atom feed")


def test_plain_text_uses_the_declared_charset(site):
    (source,) = load([f"{site}/notes.txt"]).sources
    assert source.text == "Café owners said trade was up."
    assert source.url == f"{site}/notes.txt"


@pytest.mark.parametrize(
    ("route", "reason"),
    [("/missing", "HTTP error 404 (Not Found)"), ("/broken", "HTTP error 500 (Internal Server Error)")],
)
def test_http_errors_are_skipped(site, route, reason):
    loaded = load([f"{site}{route}"])
    assert loaded.sources == ()
    assert [(k.path, k.reason) for k in loaded.skipped] == [(f"{site}{route}", reason)]


def test_redirects_are_followed_up_to_the_limit(site):
    (source,) = load([f"{site}/hop/{MAX_REDIRECTS}"]).sources
    assert source.path == f"{site}/hop/{MAX_REDIRECTS}"
    assert source.url == f"{site}/article.html"  # where the page was found
    reason = only_skip(fetch(f"{site}/hop/{MAX_REDIRECTS + 1}", max_bytes=SMALL_CAP))
    assert reason.startswith("too many redirects")


def test_redirect_loop_is_skipped(site):
    assert only_skip(fetch(f"{site}/loop", max_bytes=SMALL_CAP)).startswith("too many redirects")


def test_redirect_to_a_file_is_not_followed(site):
    assert only_skip(fetch(f"{site}/to-file", max_bytes=SMALL_CAP)).startswith("redirect not followed")


def test_slow_answer_times_out(site):
    start = time.monotonic()
    reason = only_skip(fetch(f"{site}/slow", max_bytes=SMALL_CAP, timeout=0.3))
    assert time.monotonic() - start < 1.2
    assert reason == "timed out (no answer within 0.3 s)"


def test_slow_download_times_out_as_a_whole(site):
    start = time.monotonic()
    reason = only_skip(fetch(f"{site}/drip", max_bytes=SMALL_CAP, timeout=0.4))
    assert time.monotonic() - start < 1.5
    assert reason == "timed out (the download took more than 0.4 s)"


@pytest.mark.parametrize("route", ["/big-declared", "/big-undeclared"])
def test_oversize_body_is_skipped(site, route):
    reason = only_skip(fetch(f"{site}{route}", max_bytes=SMALL_CAP))
    assert reason == f"larger than {SMALL_CAP} bytes (raise the size cap to read it)"
    assert load([f"{site}{route}"], max_bytes=SMALL_CAP * 10).sources  # under a higher cap it is read


def test_wrong_content_type_is_skipped(site):
    assert only_skip(fetch(f"{site}/image.png", max_bytes=SMALL_CAP)) == "unsupported content type ('image/png')"
    assert only_skip(fetch(f"{site}/no-type", max_bytes=SMALL_CAP)) == "unsupported content type (none given)"


def test_closed_port_is_skipped_not_raised():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    reason = only_skip(fetch(f"http://127.0.0.1:{port}/x", max_bytes=SMALL_CAP, timeout=2))
    assert reason.startswith("could not fetch") and "refused" in reason.lower()


def test_urls_and_files_together_through_summarize(site, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text(
        "Cable car notes\n\nThe Kettleby cable car reopened on Saturday after a six-month overhaul of its rope.\n",
        encoding="utf-8",
    )
    digest = summarize.summarize([f"{site}/article.html", text, f"{site}/missing"], length=3)
    assert [s.path for s in digest.sources] == [f"{site}/article.html", str(text)]
    assert digest.sources[0].publisher == "Kettleby Gazette"
    assert [k.path for k in digest.skipped] == [f"{site}/missing"]
    assert digest.to_dict()["sources"][0]["path"] == f"{site}/article.html"
