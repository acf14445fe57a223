"""The html brief: in the brief's language, one title, a plain list of sentences beside the [n]
marks, sources by title, site and date with a short link to where they came from."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from conftest import run_module
from helpers import ARTICLES, SAMPLES

from summarize import Source, summarize
from summarize.html_words import WORDS, words_for
from summarize.language import CODES
from summarize.page import file_href, short_path
from summarize.sources.own import own_output

FRENCH = (
    "Le conseil municipal a voté lundi la construction d'une nouvelle digue sur le port, après les tempêtes "
    "de l'hiver dernier qui ont inondé les quais et plusieurs rues du centre.\n\n"
    "Les travaux doivent commencer au printemps et coûteront environ douze millions d'euros, selon le maire, "
    "qui a promis que les commerces resteraient ouverts pendant toute la durée du chantier.\n"
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


@pytest.fixture(scope="module")
def samples_page():
    return summarize([SAMPLES], today="2026-11-24").to_html()


def test_one_title_and_no_second_brief_heading(samples_page):
    assert samples_page.count("<h1>") == 1
    assert "<h1>Brief for 2026-11-24</h1>" in samples_page
    assert "<title>Brief for 2026-11-24</title>" in samples_page
    assert "<p>10 sources, 2 stories</p>" in samples_page
    assert ">Brief<" not in samples_page


def test_sentences_are_a_plain_list_so_only_the_source_marks_are_numbers(samples_page):
    found = tags(samples_page)
    assert ("ul", {"class": "digest"}) in found
    assert ("ol", {"class": "digest"}) not in found
    assert [t for t, a in found if t == "ol"] == ["ol"]  # the one numbered list: the sources


def test_an_english_brief_is_marked_english(samples_page):
    assert '<html lang="en">' in samples_page


def test_a_french_brief_is_in_french():
    page = summarize(
        [Source.from_text(FRENCH, title="Une digue pour le port")], language="fr", today="2026-11-24"
    ).to_html()
    assert '<html lang="fr">' in page
    assert "<h1>Revue de presse, 2026-11-24</h1>" in page and "<h2>Sources</h2>" in page
    assert "Sources: 1 · Sujets: 1" in page


def test_a_french_brief_through_the_command(tmp_path):
    (tmp_path / "digue.txt").write_text(FRENCH, encoding="utf-8")
    result = run_module(str(tmp_path / "digue.txt"), "-l", "fr", "-f", "html")
    assert result.returncode == 0, result.stderr
    assert '<html lang="fr">' in result.stdout and "Revue de presse" in result.stdout


def test_every_language_of_the_project_has_its_words_and_code():
    assert {w.code: name for name, w in WORDS.items()} == CODES
    assert words_for("hebrew").direction == "rtl" and words_for("klingon").code == "en"
    assert all("{date}" in w.title for w in WORDS.values())


def test_a_right_to_left_brief_says_so():
    digest = summarize([Source.from_text(FRENCH)], language="fr")
    assert 'dir="rtl"' not in digest.to_html()
    digest.settings["language"] = "arabic"
    assert '<html lang="ar" dir="rtl">' in digest.to_html()


def test_sources_are_shown_by_title_site_and_date_with_links(samples_page):
    items = dict(re.findall(r'<li id="source-(\d+)">(.*?)</li>', samples_page))
    assert items["8"] == (
        '<a href="https://radio.example.org/news/tidal-plant-powers-up">Tidal plant powers up on the Calder Estuary</a>'
        ", Wrenley Radio News, 2026-03-03"
    )
    assert "The Valley Chronicle" in items["6"] and "2026-03-05" in items["6"]


def test_file_sources_get_a_short_relative_link_not_an_absolute_path(monkeypatch):
    monkeypatch.chdir(SAMPLES.parent)
    page = summarize([SAMPLES.resolve()], today="2026-11-24").to_html()
    assert str(SAMPLES.resolve()) not in page
    assert '<a href="samples/01-harbor-gazette.txt">samples/01-harbor-gazette.txt</a>' in page


def test_a_file_outside_the_current_folder_is_named_short_with_a_relative_link(tmp_path, monkeypatch):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text((ARTICLES / "01-kestrel-courier.txt").read_text())
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    page = summarize([tmp_path / "news" / "a.txt"]).to_html()
    assert str(tmp_path) not in page
    assert '<small class="where"><a href="../news/a.txt">.../news/a.txt</a></small>' in page


def _file_links(page: str) -> list[str]:
    return [h for h in re.findall(r'href="([^"]*)"', page) if not h.startswith(("#", "http"))]


def test_a_page_written_elsewhere_with_o_links_to_its_files_from_its_own_folder(tmp_path):
    """`summarize samples/ -o /elsewhere/brief.html`: every file link resolves from the page's folder."""
    out = tmp_path / "briefs" / "today"
    out.mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-m", "summarize", "samples/", "-o", str(out / "brief.html")],
        cwd=SAMPLES.parent, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    links = _file_links((out / "brief.html").read_text())
    assert links and all((out / unquote(h.split("#")[0])).resolve().is_file() for h in links), links
    assert all(h.startswith("../") for h in links)


@pytest.mark.parametrize(
    ("path", "short"),
    [("a.txt", "a.txt"), ("notes/a.txt", "notes/a.txt"), ("/x/y/z/a.txt", ".../z/a.txt"), ("/a.txt", "/a.txt")],
)
def test_short_paths(path, short, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert short_path(path) == short


def test_file_links_are_encoded_and_keep_their_entry_mark(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert file_href("my notes/feed.xml#3") == "my%20notes/feed.xml#3"
    assert file_href("a#b.txt") == "a%23b.txt"
    assert file_href(str(tmp_path / "z" / "a.txt"), tmp_path / "out") == "../z/a.txt"
    assert file_href("a:b.txt") == "a%3Ab.txt"  # never a scheme


def test_a_hostile_file_name_gives_no_markup_and_no_strange_link(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = 'x"><script>alert(1)<'
    (tmp_path / f"{name}.txt").write_text((ARTICLES / "01-kestrel-courier.txt").read_text())
    page = summarize([f"{name}.txt"]).to_html()
    assert "<script>" not in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith("#source-") or h == "x%22%3E%3Cscript%3Ealert%281%29%3C.txt" for h in hrefs), hrefs


def test_an_html_brief_in_any_language_is_known_when_met_again():
    page = summarize([Source.from_text(FRENCH)], language="fr").to_html()
    assert own_output(page.encode()) == "a brief"
    from summarize.nothing import nothing

    assert own_output(nothing("nothing to summarise: x", "html").encode()) == "a brief"
    assert own_output(nothing("nothing to summarise: x", "markdown").encode()) == "a brief"


def test_an_address_that_cant_be_a_link_is_shown_as_text_not_as_a_file_link():
    odd = Source.from_text(FRENCH, title="Odd", path="https://bad host.example/a b")
    page = summarize([odd], language="fr").to_html()
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith("#source-") for h in hrefs), hrefs
    assert '<small class="where">https://bad host.example/a b</small>' in page
