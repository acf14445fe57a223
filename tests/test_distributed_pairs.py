"""The near-duplicate search in shuffle rounds (summarize.distributed_pairs) finds exactly the
pairs of the single-process search (collapse.near_pairs). Here the rounds run in this process
through a stand-in for a Dask client, so every case is fast; tests/test_distributed.py runs
them on a real cluster."""

from __future__ import annotations

import pytest
from helpers import SAMPLES, Done, InProcessClient, retold

import summarize.collapse as collapse
from summarize.distributed import _Numbered, _stems
from summarize.distributed_pairs import find_pairs
from summarize.models import Sentence
from summarize.text import split_sentences


def _sentences() -> list[Sentence]:
    """Articles of many near-copies: the samples' sentences retold by 12 outlets, in 12 sources."""
    text = " ".join(p.read_text() for p in sorted(SAMPLES.glob("0[1-5]*.txt")))
    pool = [s for s in split_sentences(text) if len(s.split()) >= 6]
    assert len(pool) > 40
    out = []
    for source, article in enumerate(retold(pool, 12), 1):
        out.extend(Sentence(text=t, source_id=source, paragraph=0, index=k) for k, t in enumerate(article))
    return out


def _both(sentences: list[Sentence], workers: int, partitions: int) -> tuple[list, list]:
    """The pairs of the distinct texts by the single-process search and by the rounds."""
    per_sentence, _ = _stems(sentences, "english")
    seen: dict[str, int] = {}
    for i, s in enumerate(sentences):
        seen.setdefault(collapse._key(s.text), i)
    representatives = sorted(seen.values())
    stops = collapse.stop_words("english")
    local = collapse.near_pairs(collapse._shingle_hashes(per_sentence[i].split(), stops) for i in representatives)
    size = -(-len(sentences) // partitions)
    parts = [
        Done(_Numbered([], sentences[k : k + size], (), (), [], per_sentence[k : k + size], []))
        for k in range(0, len(sentences), size)
    ]
    sizes = [len(p.value.sentences) for p in parts]
    return local, find_pairs(InProcessClient(workers), parts, sizes, representatives, "english")


@pytest.mark.parametrize(("workers", "partitions"), [(1, 1), (1, 5), (2, 7), (3, 12), (8, 12)])
def test_the_rounds_find_the_single_process_pairs(workers, partitions):
    local, found = _both(_sentences(), workers, partitions)
    assert len(local) > 100  # the retellings make plenty of near-copies
    assert found == local


def test_the_same_pairs_when_anchors_are_capped(monkeypatch):
    """Past CANDIDATES candidate pairs the commoner anchors are left out: decided centrally from
    the groups' histograms, so the same ones as in one process."""
    sentences = _sentences()
    uncapped, _ = _both(sentences, 2, 6)
    monkeypatch.setattr(collapse, "CANDIDATES", 300)
    local, found = _both(sentences, 2, 6)
    assert len(local) < len(uncapped)  # the cap is in force
    assert found == local


def test_partitions_with_no_new_text_and_texts_without_shingles():
    """A partition whose sentences all copy earlier ones starts no text; one-word sentences have
    no shingle; two texts or fewer are no work at all."""
    sentences = _sentences()
    copies = [Sentence(text=s.text, source_id=99, paragraph=0, index=k) for k, s in enumerate(sentences[:30])]
    short = [Sentence(text=w, source_id=100, paragraph=0, index=k) for k, w in enumerate(("Yes.", "No.", "Maybe."))]
    local, found = _both(sentences + copies + short, 3, 20)
    assert found == local
    assert find_pairs(InProcessClient(2), [], [], [0], "english") == []


def test_commonest_anchor_from_a_histogram(monkeypatch):
    """The cap: COMMON while the anchors' counts sum to at most CANDIDATES; else one below the
    count at which their sorted running sum passes it (at least 2)."""
    import numpy as np

    monkeypatch.setattr(collapse, "CANDIDATES", 100)
    assert collapse.commonest_anchor(collapse.anchor_histogram(np.array([2] * 50))) == collapse.COMMON
    counts = np.array([2] * 30 + [5] * 10 + [40] * 3)  # running sum: 60, then 110 at the 10th 5
    assert collapse.commonest_anchor(collapse.anchor_histogram(counts)) == 4
    assert collapse.commonest_anchor(collapse.anchor_histogram(np.array([3] * 40))) == 2
    assert collapse.commonest_anchor(collapse.anchor_histogram(np.array([], dtype=np.int64))) == collapse.COMMON
