"""Inputs at fsspec URLs: a folder listed like a local one, each file read by its suffix."""

from __future__ import annotations

import pytest
from helpers import SAMPLES

from summarize import UsageError, summarize
from summarize.sources import load
from summarize.sources.stores import is_store_url

fsspec = pytest.importorskip("fsspec", reason="the dask extra is not installed")


@pytest.fixture
def store():
    fs = fsspec.filesystem("memory")
    yield fs
    if fs.exists("/stores-test"):
        fs.rm("/stores-test", recursive=True)


@pytest.mark.parametrize(
    ("name", "is_store"),
    [("s3://bucket/a.txt", True), ("memory://x", True), ("file:///tmp/a", True), ("https://e.org/a", False),
     ("HTTP://e.org", False), ("notes/a.txt", False), ("C:/a.txt", False)],
)  # fmt: skip
def test_which_inputs_are_store_urls(name, is_store):
    assert is_store_url(name) is is_store


def test_a_folder_is_listed_in_sorted_order_hidden_names_left_out(store):
    store.pipe("/stores-test/b/2.md", b"# Two\n\nThe second article says the bridge will reopen in spring.\n")
    store.pipe("/stores-test/a.txt", b"The first article says the council met on Monday about the bridge.\n")
    store.pipe("/stores-test/.cache/x.txt", b"never read")
    store.pipe("/stores-test/c.exe", b"\x00")
    loaded = load(["memory://stores-test"])
    assert [s.path for s in loaded.sources] == ["memory:///stores-test/a.txt", "memory:///stores-test/b/2.md"]
    assert loaded.sources[1].title == "Two"
    skipped = [(s.path, s.reason) for s in loaded.skipped]
    assert skipped == [("memory:///stores-test/c.exe", "unsupported file type '.exe'")]
    assert all(s.modified.endswith("+00:00") for s in loaded.sources)


def test_a_file_over_the_size_cap_is_skipped_with_the_reason(store):
    store.pipe("/stores-test/big.txt", b"word " * 100)
    loaded = load(["memory://stores-test/big.txt"], max_bytes=50)
    assert [s.reason for s in loaded.skipped] == ["larger than 50 bytes (raise the size cap to read it)"]


def test_a_store_url_gives_the_brief_its_files_give(store):
    for path in sorted(SAMPLES.iterdir()):
        store.pipe(f"/stores-test/{path.name}", path.read_bytes())
    from_store = summarize(["memory://stores-test/"], length=5)
    from_files = summarize([SAMPLES], length=5)
    assert [s.text for s in from_store.sentences] == [s.text for s in from_files.sentences]
    assert [s.sources for s in from_store.sentences] == [s.sources for s in from_files.sentences]


def test_an_unknown_scheme_or_a_missing_file_is_a_usage_error(store):
    with pytest.raises(UsageError, match="Protocol not known"):
        load(["nosuchscheme://x/"])
    with pytest.raises(UsageError, match=r"no such file or folder: memory://stores-test/none\.txt"):
        load(["memory://stores-test/none.txt"])
