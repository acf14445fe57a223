"""summarize.sources.feed: RSS and Atom feed files, one source per entry (feedparser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.sources import load
from summarize.sources.feed import is_feed, root_element

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Dale Radio News</title>
  <link>https://daleradio.example/</link>
  <description>News from the dales</description>
  <item>
    <title>Cable car runs again in Kettleby</title>
    <link>https://daleradio.example/news/cable-car</link>
    <pubDate>Sat, 17 May 2025 22:45:00 -0500</pubDate>
    <description>&lt;p&gt;A short teaser.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>The Kettleby cable car reopened on Saturday after a six-month overhaul.</p>
<script>trackReader()</script><p>Engineers replaced the haul rope &amp; fitted new brakes to all twelve cabins.</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>Valley road to close for resurfacing</title>
    <link>https://daleradio.example/news/road</link>
    <pubDate>Fri, 16 May 2025 09:00:00 GMT</pubDate>
    <description>The valley road will close for two weeks in June while the county resurfaces it.</description>
  </item>
  <item>
    <title>Headline with nothing under it</title>
    <link>https://daleradio.example/news/empty</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern Dales Wire</title>
  <id>urn:example:wire</id>
  <updated>2025-05-18T10:00:00Z</updated>
  <entry>
    <title>Kettleby cable car reopens</title>
    <link rel="alternate" type="text/html" href="https://wire.example/cable-car"/>
    <link rel="self" href="https://wire.example/api/cable-car.xml"/>
    <id>urn:example:1</id>
    <published>2025-05-17T23:30:00-05:00</published>
    <updated>2025-05-18T09:00:00Z</updated>
    <author><name>Isla Marr</name></author>
    <summary>Teaser only.</summary>
    <content type="html">&lt;p&gt;Queues reached the foot of the valley road by mid-morning.&lt;/p&gt;
      &lt;p&gt;The first cabin was full of schoolchildren.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain words</title>
    <link href="https://wire.example/plain"/>
    <id>urn:example:2</id>
    <updated>2025-05-16T08:00:00Z</updated>
    <content type="text">Ticket prices rise by 50p, so an adult return costs &lt; 9 pounds.</content>
  </entry>
</feed>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_rss_entries_become_sources_with_their_metadata(tmp_path):
    path = write(tmp_path / "dale.rss", RSS)
    loaded = load([path])
    first, second = loaded.sources
    assert first.path == f"{path}#1" and second.path == f"{path}#2"
    assert first.title == "Cable car runs again in Kettleby"
    assert first.url == "https://daleradio.example/news/cable-car"
    assert first.publisher == second.publisher == "Dale Radio News"
    assert first.date == "2025-05-17"  # the date as written, not shifted to UTC (2025-05-18)
    assert second.date == "2025-05-16"
    assert second.text == "The valley road will close for two weeks in June while the county resurfaces it."


def test_rss_content_is_preferred_to_the_summary_and_html_is_stripped(tmp_path):
    (first, _) = load([write(tmp_path / "dale.rss", RSS)]).sources
    assert first.text == (
        "The Kettleby cable car reopened on Saturday after a six-month overhaul.\n\n"
        "Engineers replaced the haul rope & fitted new brakes to all twelve cabins."
    )
    assert "teaser" not in first.text and "trackReader" not in first.text and "<" not in first.text


def test_an_entry_without_text_is_skipped_and_the_others_are_used(tmp_path):
    path = write(tmp_path / "dale.rss", RSS)
    loaded = load([path])
    assert len(loaded.sources) == 2
    assert [(k.path, k.reason) for k in loaded.skipped] == [(f"{path}#3", "the feed entry has no text")]


def test_atom_entries(tmp_path):
    path = write(tmp_path / "wire.atom", ATOM)
    first, second = load([path]).sources
    assert first.path == f"{path}#1"
    assert first.title == "Kettleby cable car reopens"
    assert first.url == "https://wire.example/cable-car"  # the alternate link, not the self link
    assert first.publisher == "Northern Dales Wire"
    assert first.author == "Isla Marr"
    assert first.date == "2025-05-17"  # published, as written
    assert first.text == (
        "Queues reached the foot of the valley road by mid-morning.\n\nThe first cabin was full of schoolchildren."
    )
    assert second.date == "2025-05-16"  # no published date: updated
    assert second.text == "Ticket prices rise by 50p, so an adult return costs < 9 pounds."  # plain text kept


def test_xml_file_is_read_when_its_root_is_a_feed(tmp_path):
    write(tmp_path / "a.xml", RSS)
    write(tmp_path / "b.xml", ATOM)
    write(tmp_path / "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    write(tmp_path / "broken.xml", "this is not XML at all")
    loaded = load([tmp_path])
    assert [Path(s.path).name for s in loaded.sources] == ["a.xml#1", "a.xml#2", "b.xml#1", "b.xml#2"]
    reasons = {Path(k.path).name: k.reason for k in loaded.skipped}
    assert reasons["sitemap.xml"] == "not an RSS or Atom feed (root element <urlset>)"
    assert reasons["broken.xml"] == "not an RSS or Atom feed (not well-formed XML)"
    assert reasons["a.xml#3"] == "the feed entry has no text"


def test_rss_1_0_rdf_feed_is_read(tmp_path):
    rdf = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Old Style Bulletin</title><link>https://old.example/</link>
    <description>x</description></channel>
  <item rdf:about="https://old.example/1"><title>Cable car</title><link>https://old.example/1</link>
    <description>The cable car reopened on Saturday.</description><dc:date>2025-05-17</dc:date></item>
</rdf:RDF>"""
    (source,) = load([write(tmp_path / "old.xml", rdf)]).sources
    assert (source.title, source.publisher, source.date, source.url) == (
        "Cable car",
        "Old Style Bulletin",
        "2025-05-17",
        "https://old.example/1",
    )
    assert source.text == "The cable car reopened on Saturday."


def test_truncated_feed_gives_the_entries_that_parse(tmp_path):
    cut = RSS[: RSS.index("<title>Valley road") + 20]  # ends inside the second item's title
    path = write(tmp_path / "cut.rss", cut)
    loaded = load([path])
    assert [s.title for s in loaded.sources] == ["Cable car runs again in Kettleby"]
    assert loaded.sources[0].text.startswith("The Kettleby cable car reopened")
    assert all(k.path.startswith(str(path)) for k in loaded.skipped)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not a feed, just words", "malformed feed with no readable entries"),
        ("<rss version='2.0'><channel><title>Empty</title></channel></rss>", "the feed has no entries"),
        ("", "not an RSS or Atom feed"),
    ],
)
def test_feed_with_nothing_usable_is_skipped_with_the_reason(tmp_path, content, reason):
    path = write(tmp_path / "x.rss", content)
    loaded = load([path])
    assert loaded.sources == ()
    assert [k.path for k in loaded.skipped] == [str(path)]
    assert loaded.skipped[0].reason.startswith(reason)


def test_feed_in_another_encoding_with_byte_order_mark(tmp_path):
    rss = RSS.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("Dale Radio", "Dale Rádio")
    (first, _) = load([write(tmp_path / "a.rss", rss.encode("utf-16"))]).sources
    assert first.publisher == "Dale Rádio News"
    assert "\ufeff" not in first.text


def test_root_element_sniffing():
    assert root_element(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><!DOCTYPE rss><rss version="2.0">') == "rss"
    assert root_element(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>') == "feed"
    assert root_element(b"<html><body>") == "html"
    assert root_element(b"plain text") is None
    assert root_element(b"") is None
    assert is_feed(RSS.encode()) and is_feed(ATOM.encode())
    assert not is_feed(b"<urlset/>")
