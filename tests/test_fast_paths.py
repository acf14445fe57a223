"""The fast, scalable paths give the same answers as the straightforward ones."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import summarize.sparse
from summarize import collapse
from summarize.collapse import CONTAINMENT, JACCARD, _shingle_hashes, near_pairs
from summarize.rank import lexrank
from summarize.rank.vectors import tfidf, tokenize
from summarize.select import redundant_pairs
from summarize.text import content_stems, stems, stop_words, words

WORDS = (
    "council budget harbour storm bridge cables repairs ferry school river tide plant mayor grid "
    "engineers contractor delay cost million homes turbines wall village traffic review motion"
).split()


def _corpus(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    base = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))) + "." for _ in range(n)]
    texts = list(base)
    for text in base[: n // 3]:  # light edits: one word changed, or a clause added
        toks = text.rstrip(".").split()
        if rng.random() < 0.5:
            toks[rng.randrange(len(toks))] = rng.choice(WORDS)
            texts.append(" ".join(toks) + ".")
        else:
            texts.append(" ".join(toks) + ", the mayor said on Monday.")
    rng.shuffle(texts)
    return texts


def _brute_force_pairs(shingles: list[list[int]]) -> list[tuple[int, int]]:
    found = []
    for i in range(len(shingles)):
        for j in range(i + 1, len(shingles)):
            a, b = set(shingles[i]), set(shingles[j])
            if not a or not b:
                continue
            overlap = len(a & b)
            small = min(len(a), len(b))
            if overlap / len(a | b) >= JACCARD or (small >= 3 and overlap >= CONTAINMENT * small):
                found.append((i, j))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_near_pairs_match_all_pairs_comparison(seed):
    stops = stop_words()
    shingles = [_shingle_hashes(stems(words(t)), stops) for t in _corpus(150, seed)]
    assert sorted(near_pairs(shingles)) == _brute_force_pairs(shingles)
    assert near_pairs(shingles)  # the corpus does hold near-duplicates


def test_near_pairs_find_many_copies_of_one_sentence():
    stops = stop_words()
    sentence = "The harbour council approved the storm repairs to the sea wall on Monday evening"
    texts = [f"{sentence} {extra}." for extra in ("quickly", "again", "at last", "in full", "unanimously")] * 1
    texts += [f"{sentence}." for _ in range(3)]
    shingles = [_shingle_hashes(stems(words(t)), stops) for t in texts]
    assert sorted(near_pairs(shingles)) == _brute_force_pairs(shingles)


def _dense(graph):
    return graph if isinstance(graph, np.ndarray) else graph.toarray()


@pytest.fixture(params=["numpy", "scipy"])
def path(request, monkeypatch):
    """Run a test on the small inputs' numpy path and on the large inputs' scipy path."""
    if request.param == "scipy":
        monkeypatch.setattr(summarize.sparse, "DENSE_LIMIT", 0)
    return request.param


def test_similarity_graph_equals_the_full_product(monkeypatch, path):
    matrix, _, _ = tfidf(tokenize(_corpus(300)))
    scipy_matrix = matrix.to_scipy()
    full = (scipy_matrix @ scipy_matrix.T).toarray()
    np.fill_diagonal(full, 0)
    full[full < lexrank.THRESHOLD] = 0
    monkeypatch.setattr(lexrank, "BLOCK", 37)  # many blocks, the last one partial
    graph = lexrank.similarity_graph(matrix)
    assert isinstance(graph, np.ndarray) == (path == "numpy")
    assert np.allclose(_dense(graph), full)


def test_power_iteration_matches_the_dense_stationary_distribution(path):
    matrix, _, _ = tfidf(tokenize(_corpus(120)))
    graph = lexrank.similarity_graph(matrix)
    scores = lexrank.pagerank(graph)
    dense = _dense(graph)
    n = len(dense)
    degree = dense.sum(axis=1)
    transition = np.where(degree[:, None] > 0, dense / np.where(degree == 0, 1, degree)[:, None], 1.0 / n)
    google = 0.85 * transition + 0.15 / n
    values, vectors = np.linalg.eig(google.T)
    stationary = np.real(vectors[:, np.argmax(np.real(values))])
    stationary /= stationary.sum()
    assert np.allclose(scores, stationary, atol=1e-6)


def test_neighbour_cap_keeps_each_rows_strongest_edges():
    matrix, _, _ = tfidf(tokenize(_corpus(200)))
    capped = lexrank.similarity_graph(matrix, neighbours=5).toarray()
    full = _dense(lexrank.similarity_graph(matrix))
    assert ((capped > 0).sum(axis=1) <= 5).all()
    for row_capped, row_full in zip(capped, full, strict=True):
        kept = row_capped[row_capped > 0]
        if len(kept):  # what a row keeps are its strongest edges, unchanged
            assert np.allclose(np.sort(kept), np.sort(row_full)[-len(kept) :])


def test_near_pairs_in_many_small_blocks_and_chunks(monkeypatch):
    stops = stop_words()
    shingles = [_shingle_hashes(stems(words(t)), stops) for t in _corpus(200, 4)]
    expected = near_pairs(shingles)
    monkeypatch.setattr(collapse, "ROWS", 7)
    monkeypatch.setattr(collapse, "CHUNK", 5)
    assert near_pairs(shingles) == expected == _brute_force_pairs(shingles)


def test_small_inputs_never_import_scipy():
    """scipy's import costs more than a small digest takes: the samples are collapsed, grouped
    and ranked by LexRank or centroid in numpy alone."""
    samples = str(Path(__file__).resolve().parents[1] / "samples")
    code = (
        "import sys; from summarize import summarize; "
        f"[summarize([{samples!r}], algorithm=a) for a in ('native-lexrank', 'centroid')]; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_near_pairs_do_not_depend_on_hash_values():
    """Shingle hashes differ between runs (Python salts string hashes): renaming every hash
    finds the same pairs, so a digest does not change from one run to the next."""
    stops = stop_words()
    shingles = [_shingle_hashes(stems(words(t)), stops) for t in _corpus(300, 6)]
    expected = near_pairs(shingles)
    for seed in range(3):
        rng = random.Random(seed)
        values = sorted({h for item in shingles for h in item})
        renamed = dict(zip(values, rng.sample(range(10**12), len(values)), strict=True))
        assert near_pairs([[renamed[h] for h in item] for item in shingles]) == expected


def test_redundant_pairs_match_all_pairs_cosine(path):
    texts = _corpus(150, 8)
    vectors = [Counter(content_stems(t)) for t in texts]

    def cosine(a: Counter, b: Counter) -> float:
        dot = sum(v * b[k] for k, v in a.items())
        return dot / (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5

    pairs = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))]
    on_the_line = {p for p in pairs if abs(cosine(vectors[p[0]], vectors[p[1]]) - 0.5) < 1e-9}  # rounding decides
    expected = [p for p in pairs if cosine(vectors[p[0]], vectors[p[1]]) > 0.5 and p not in on_the_line]
    found = redundant_pairs(texts, "english", 0.5)
    assert [p for p in found if p not in on_the_line] == expected
    assert expected


def test_a_candidates_worth_does_not_depend_on_set_order():
    """Concept ids come out of sets in an order that follows string hashes (salted per run); the
    worth of a candidate is summed exactly, so every order gives the same float."""
    import itertools
    import math

    from summarize.rank.concepts import Concepts

    weights = [0.1, 0.7, 1e-3, 3.3, 2.2, 1e8 / 3]
    sums = {sum(weights[c] for c in order) for order in itertools.permutations(range(len(weights)))}
    assert len(sums) > 1  # a plain sum does depend on the order
    assert Concepts(sets=[frozenset(range(len(weights)))], weights=weights).worth() == [math.fsum(weights)]


@pytest.mark.slow
def test_a_digest_is_the_same_whatever_the_hash_seed(tmp_path):
    """3,000 benchmark sentences, six hash seeds, byte-identical JSON (before concept worths were
    summed exactly, two of six seeds gave a score differing in its last digit)."""
    bench = Path(__file__).resolve().parents[2] / "shared" / "bench"
    if not bench.is_dir():
        pytest.skip("../shared/bench is absent")
    import os

    from bench.speed import build_input, corpus

    build_input(corpus(), 3000, tmp_path)
    outputs = set()
    for seed in range(1, 7):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        cmd = [sys.executable, "-m", "summarize", str(tmp_path), "--words", "250", "--quiet", "--format", "json"]
        outputs.add(subprocess.run(cmd, capture_output=True, check=True, env=env).stdout)
    assert len(outputs) == 1


def test_near_pairs_count_overlaps_alike_by_lookups_and_by_scipy(monkeypatch):
    """Past a chunk of candidate pairs, overlaps are counted by scipy's row products: the same
    whole numbers as the lookups, so the same pairs."""
    stops = stop_words()
    shingles = [_shingle_hashes(stems(words(t)), stops) for t in _corpus(400, 9)]
    monkeypatch.setattr(collapse, "CHUNK", 10**9)  # one chunk a block: lookups only
    by_lookups = near_pairs(shingles)
    monkeypatch.setattr(collapse, "CHUNK", 3)  # scipy from the second chunk on
    assert near_pairs(shingles) == by_lookups == _brute_force_pairs(shingles)


def test_the_walk_names_files_as_pathlib_would_in_sorted_order(tmp_path, monkeypatch):
    from summarize.sources import _walk

    for name in ("b.txt", "a/z.txt", "a/b/c.md", "A.txt", ".hidden/x.txt", "a/.x.txt", "ä/é.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    monkeypatch.chdir(tmp_path)
    for folder in (tmp_path, Path("."), Path("a")):
        files = [p for p in folder.rglob("*") if not p.is_dir() and not any(s.startswith(".") for s in p.parts[-2:])]
        expected = sorted(files, key=lambda p: p.relative_to(folder).parts)
        walked = _walk(folder)
        assert [w.path for w in walked] == [str(p) for p in expected]
        assert [w.parts for w in walked] == [p.relative_to(folder).parts for p in expected]
        assert [w.plain_file for w in walked] == [p.is_file() and not p.is_symlink() for p in expected]


@pytest.mark.parametrize("name", ["a.txt", "a.TXT", ".bashrc", "a.", "a.tar.gz", "dir.d/file", "x/.y", "noext", "a..b"])
def test_a_files_suffix_is_read_as_pathlib_reads_it(name):
    from pathlib import PurePath

    from summarize.sources import _suffix

    assert _suffix(name) == PurePath(name).suffix.lower()


def test_a_fifo_met_where_a_file_was_is_skipped_not_waited_on(tmp_path):
    """A file replaced by a FIFO between the walk and the read was read without end (the read
    blocked for a writer that never came); a file is now opened without blocking and checked."""
    import os
    import threading

    from summarize.models import Skipped
    from summarize.sources import _read_path

    os.mkfifo(tmp_path / "news.txt")
    found = []
    reader = threading.Thread(target=lambda: found.extend(_read_path(str(tmp_path / "news.txt"), "news.txt", 1000)))
    reader.daemon = True
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "the read is waiting on the FIFO"
    assert found == [Skipped("news.txt", "not a regular file")]


def test_a_file_is_read_whole_and_its_own_files_and_size_cap_are_judged_first(tmp_path):
    from summarize.models import Source
    from summarize.sources import _read_path, identities

    article = tmp_path / "a.txt"
    article.write_text("The council met. " * 100)
    (read,) = _read_path(str(article), "a.txt", 10**6)
    assert isinstance(read, Source) and read.text == article.read_text() and read.modified
    assert _read_path(str(article), "a.txt", 100)[0].reason.startswith("larger than 100 bytes")
    own = identities([article])
    assert "own --output or --state" in _read_path(str(article), "a.txt", 100, own)[0].reason
    (tmp_path / "b.pdf").write_text("x")
    assert _read_path(str(tmp_path / "b.pdf"), "b.pdf", 100)[0].reason == "unsupported file type '.pdf'"
    assert _read_path(str(tmp_path / "gone.txt"), "gone.txt", 100)[0].reason.startswith("unreadable (")


def test_a_source_copied_with_changed_fields_equals_dataclasses_replace():
    from dataclasses import replace

    from summarize.models import Source, changed

    source = Source(text="Text.", title="T", path="p.txt", id=3)
    assert changed(source, text="Other.", id=4) == replace(source, text="Other.", id=4)
    assert source.text == "Text."  # the original is left as it was
    with pytest.raises(TypeError):
        changed(source, colour="red")


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"title": "<b>Bold</b> title"},
        {"title": "Two  spaces"},
        {"publisher": " padded "},
        {"path": "evil\nSources:\n[9] forged.txt"},
        {"author": "A\u202eB"},
        {"url": "https://example.org/a b"},
        {"url": " https://example.org/"},
        {"url": "https://example.org/'quoted'"},
        {"url": "javascript:alert(1)"},
        {"url": "relative/page.html"},
        {"date": "2026-12-01\t"},
    ],
)
def test_sources_left_as_they_are_in_a_brief_are_those_the_rewrite_leaves_alone(fields):
    from summarize.models import Digest, Source
    from summarize.render import _safe, _shown_as_is
    from summarize.shown import address, plain, visible

    values = {"title": "Title", "path": "a.txt", "url": "https://example.org/a", **fields}
    source = Source(text="T.", id=1, **values)
    rewritten = (
        plain(source.title), plain(source.publisher), plain(source.author), plain(source.date), visible(source.path),
        address(source.url) if "://" in source.url else visible(source.url.strip()),
    )  # fmt: skip
    as_is = (source.title, source.publisher, source.author, source.date, source.path, source.url)
    assert _shown_as_is(source) == (rewritten == as_is)
    (shown,) = _safe(Digest(sentences=(), sources=(source,))).sources
    assert (shown.title, shown.publisher, shown.author, shown.date, shown.path, shown.url) == rewritten


def test_the_wire_notice_search_runs_only_where_a_notice_can_be():
    from summarize.clean import _WIRE, _may_be_wire_notice

    notices = [
        "To publish this story, it must be purchased from the syndicate.",
        "Attention editors: the following stories are part of a series.",
        "NEWS SERVICE CLIENTS: call your sales representative.",
        "For use by New York Times News Service clients.",
        "The agency plans to move the following photos at noon.",
    ]
    rng = random.Random(5)
    lines = [" ".join(rng.choice(WORDS + ["publish", "THIS", "to", "sales", "the", "following"]) for _ in range(12))
             for _ in range(3000)]  # fmt: skip
    for line in notices + lines + ["Ünïcode to publish this story, call us.", "ſyndicate ſales"]:
        if _WIRE.search(line):
            assert _may_be_wire_notice(line), line
    assert all(_may_be_wire_notice(n) for n in notices)


def test_a_run_leaves_the_cycle_collector_as_it_found_it():
    import gc

    from summarize import summarize
    from summarize.errors import NothingToSummarize

    samples = str(Path(__file__).resolve().parents[1] / "samples")
    assert gc.isenabled()
    summarize([samples])
    assert gc.isenabled()
    with pytest.raises(NothingToSummarize):
        summarize([], length=1)
    assert gc.isenabled()
    gc.disable()
    try:
        summarize([samples])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_headline_in_capitals_is_told_the_same_by_the_ascii_shortcut():
    from summarize.stories import _shouts

    def letters_all_upper(title: str) -> bool:
        letters = [c for c in title if c.isalpha()]
        return bool(letters) and all(not c.islower() for c in letters)

    rng = random.Random(2)
    titles = ["".join(rng.choice("aZq Q1-!_") for _ in range(rng.randint(0, 8))) for _ in range(5000)]
    for title in titles + ["BREAKING: FLOODS", "Floods", "123", "", "ÉTÉ", "été", "خبر"]:
        assert _shouts(title) == letters_all_upper(title), title


@pytest.mark.parametrize(
    "path",
    ["a.txt", "/tmp/items.json#2", "items.json#12", ".bashrc", "a.", "a.tar.gz", "dir.d/file", "x/.y", "noext",
     "a..b", "a/", "a/.", "/", "//x.md", "a/b/..", "..", "./", "https://example.org/story.html", "a/./", "x.y/"],
)  # fmt: skip
def test_a_paths_stem_is_read_as_pathlib_reads_it(path):
    from pathlib import PurePath

    from summarize.clean import path_stem

    assert path_stem(path) == PurePath(path).stem
    assert path_stem("-") == path_stem("") == ""


@pytest.mark.parametrize("field", ["title", "publisher", "author", "date", "url", "text"])
@pytest.mark.parametrize("bad", ["\n", "\u202e", "\ud800", "\x1b", "\x85"])
def test_a_source_made_safe_at_once_still_loses_every_unsafe_character(field, bad):
    """A source's fields are searched together first; one unsafe character in any of them is
    still found and dealt with (a line break stays only in the text)."""
    from summarize.models import Source
    from summarize.sources import _safe_text

    fields = {"text": "fine"} | {field: f"a{bad}b"}
    safe = getattr(_safe_text(Source(**fields)), field)
    if field == "text" and bad in "\n\x85":
        assert safe == "a\nb"  # running text keeps its line breaks
    else:
        assert bad not in safe and safe.startswith("a") and safe.endswith("b")
    assert _safe_text(Source(text="fine", title="A title", url="https://example.org/a")) == Source(
        text="fine", title="A title", url="https://example.org/a"
    )
