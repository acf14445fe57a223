"""Collapse near-duplicate sentences into groups and credit every source that carries them.

Outlets copy wire copy verbatim or with light edits: a word changed, a clause added, one
sentence inside a longer one. Candidates are found through an inverted index of word-bigram
shingles (so the cost follows the number of shared shingles, not all pairs); a pair is a
near-duplicate when its shingle sets are similar (Jaccard) or one is contained in the other.
Groups are formed around leaders, best-formed and most-corroborated first, so that chains of
weak resemblances never merge unrelated sentences.

Attribution is never guessed: a source is credited for a group only when it holds a member
whose words cover the representative's (a shorter part of a sentence is not enough).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .models import Group, Sentence
from .text import stems, stop_words, words

JACCARD = 0.5  # shingle-set similarity at which two sentences are the same sentence
CONTAINMENT = 0.8  # share of the shorter sentence's shingles found in the longer one
COVERAGE = 0.9  # share of the representative's words a member must hold to credit its source

_KEY = re.compile(r"[^\w]+")


def _shingles(tokens: list[str], stops: frozenset[str]) -> frozenset[tuple[str, str]]:
    pairs = zip(tokens, tokens[1:], strict=False)
    return frozenset(p for p in pairs if not (p[0] in stops and p[1] in stops))


def well_formedness(text: str) -> int:
    """0 to 3: starts like a sentence, closes like one, quotes balanced."""
    score = int(text[:1].isupper() or text[:1] in "\"'“‘(")
    score += int(text.rstrip("\"'”’)").endswith((".", "!", "?")))
    score += int(text.count('"') % 2 == 0 and text.count("“") == text.count("”"))
    return score


RARE = 64  # shingles carried by more sentences than this don't nominate candidate pairs


def near_pairs(shingles: Sequence[frozenset]) -> list[tuple[int, int]]:
    """Pairs (i < j) of near-duplicates: shingle Jaccard >= JACCARD, or the shorter one's
    shingles contained in the longer at >= CONTAINMENT.

    Candidates are pairs sharing a rare shingle (a sparse product, so the cost follows the
    shared shingles, not all pairs); their exact overlap is then counted on all shingles.
    """
    import numpy as np
    from scipy import sparse

    ids: dict = {}
    rows, cols = [], []
    for i, sh in enumerate(shingles):
        for g in sh:
            rows.append(i)
            cols.append(ids.setdefault(g, len(ids)))
    if not ids:
        return []
    n = len(shingles)
    data = np.ones(len(rows), dtype=np.float32)
    full = sparse.csr_matrix((data, (rows, cols)), shape=(n, len(ids)))
    df = np.bincount(full.indices, minlength=len(ids))
    rare = full[:, np.flatnonzero(df <= RARE)]
    candidates = sparse.triu(rare @ rare.T, k=1).tocoo()
    if candidates.nnz == 0:
        return []
    a, b = candidates.row, candidates.col
    overlap = np.asarray(full[a].multiply(full[b]).sum(axis=1)).ravel()
    sizes = np.diff(full.indptr)
    size_a, size_b = sizes[a], sizes[b]
    small = np.minimum(size_a, size_b)
    jaccard = overlap / (size_a + size_b - overlap)
    contained = (small >= 3) & (overlap >= CONTAINMENT * small)
    keep = (jaccard >= JACCARD) | contained
    return list(zip(a[keep].tolist(), b[keep].tolist(), strict=False))


def collapse(sentences: Sequence[Sentence], language: str = "english") -> list[Group]:
    """Group near-duplicates; groups come back in the order of their representatives' first appearance."""
    stops = stop_words(language)
    tokens = [stems(words(s.text), language) for s in sentences]
    shingles = [_shingles(t, stops) for t in tokens]
    content = [frozenset(w for w in t if w not in stops) for t in tokens]

    # Exact copies (same words, any spacing or punctuation) are one sentence.
    neighbours: list[set[int]] = [set() for _ in sentences]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        by_key[_KEY.sub(" ", s.text.lower()).strip()].append(i)
    for same in by_key.values():
        for i in same:
            neighbours[i].update(j for j in same if j != i)

    # Near copies, through shared shingles.
    for i, j in near_pairs(shingles):
        neighbours[i].add(j)
        neighbours[j].add(i)

    # Leaders: best-formed, carried word for word by most sources, most corroborated, longest, earliest.
    copies = [0] * len(sentences)
    for same in by_key.values():
        for i in same:
            copies[i] = len({sentences[j].source_id for j in same})
    order = sorted(
        range(len(sentences)),
        key=lambda i: (-well_formedness(sentences[i].text), -copies[i], -len(neighbours[i]), -len(content[i]), i),
    )
    owner = [-1] * len(sentences)
    leaders: list[int] = []
    for i in order:
        if owner[i] != -1:
            continue
        owner[i] = i
        leaders.append(i)
        for j in sorted(neighbours[i]):
            if owner[j] == -1:
                owner[j] = i
    members: dict[int, list[int]] = defaultdict(list)
    for i, lead in enumerate(owner):
        members[lead].append(i)

    groups: list[Group] = []
    for lead in sorted(leaders, key=lambda i: min(members[i])):
        rep_words = content[lead]
        credited = sorted(
            {
                sentences[m].source_id
                for m in members[lead]
                if m == lead or not rep_words or len(rep_words & content[m]) >= COVERAGE * len(rep_words)
            }
        )
        groups.append(
            Group(
                representative=sentences[lead],
                members=tuple(sentences[m] for m in members[lead]),
                credited=tuple(credited),
            )
        )
    return groups
