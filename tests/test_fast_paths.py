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
