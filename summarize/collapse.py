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

from collections.abc import Callable, Iterable, Sequence

from .models import Group, Sentence
from .sparse import distinct, spans
from .text import sentence_stems, stems, stop_words, words

JACCARD = 0.5  # shingle-set similarity at which two sentences are the same sentence
CONTAINMENT = 0.8  # share of the shorter sentence's shingles found in the longer one
COVERAGE = 0.9  # share of the representative's words a member must hold to credit its source


def _key(text: str) -> str:
    """What makes two texts exact copies: the same words in the same order, whatever the spacing,
    punctuation or case (the words space-separated, so they can be read back with `split`)."""
    return " ".join(words(text))


def _shingle_hashes(tokens: list[str], stops: frozenset[str]) -> list[int]:
    """Distinct word bigrams (not both stop words) in reading order, as hashes: compact, and
    equal for equal bigrams."""
    return list(
        dict.fromkeys(hash(p) for p in zip(tokens, tokens[1:], strict=False) if not (p[0] in stops and p[1] in stops))
    )


def well_formedness(text: str) -> int:
    """0 to 3: starts like a sentence, closes like one, quotes balanced."""
    score = int(text[:1].isupper() or text[:1] in "\"'“‘(")
    score += int(text.rstrip("\"'”’)").endswith((".", "!", "?")))
    score += int(text.count('"') % 2 == 0 and text.count("“") == text.count("”"))
    return score


ANCHORS = 4  # each sentence looks for copies of itself through its rarest shingles...
COMMON = 2000  # ...unless even those are this common (a generic sentence has no copies to find)
CANDIDATES = 10_000_000  # candidate pairs at most in one input: rarer anchors only, past that
CHUNK = 250_000  # candidate pairs checked at a time, to bound memory
ROWS = 4_000  # sentences whose candidates are found at a time


def commonest_anchor(histogram) -> int:
    """How common an anchor may be: COMMON, or less when the candidates all anchors would list
    (the sum of their counts) pass CANDIDATES. Thousands of templated sentences ("Lot 1 sold
    for ... to a buyer from ...") share mid-rare shingles by the hundred; a true copy shares
    a sentence's rarest ones, which stay anchors. `histogram[k]`: how many anchors are held by
    k sentences (k up to COMMON), so that a cluster's partitions can add theirs up."""
    import numpy as np

    totals = np.cumsum(np.arange(len(histogram)) * np.asarray(histogram))
    if not len(totals) or int(totals[-1]) <= CANDIDATES:
        return COMMON
    first_over = int(np.searchsorted(totals, CANDIDATES, side="right"))  # the count at which the sum passes
    return max(2, first_over - 1)  # pairs (two holders) are always looked at: a few per sentence


def anchor_histogram(counts):
    """`commonest_anchor`'s histogram of anchors' `counts` (those up to COMMON)."""
    import numpy as np

    return np.bincount(counts[counts <= COMMON], minlength=COMMON + 1)


def near_pairs(shingles: Iterable[Iterable[int]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of near-duplicates: shingle Jaccard >= JACCARD, or the shorter one's
    shingles contained in the longer at >= CONTAINMENT. `shingles` gives each item's distinct
    shingle hashes in reading order (any iterable: they are packed into flat arrays as they
    come, so no per-item list needs to live beyond its turn).

    A near-duplicate of a sentence holds most of its shingles, so it holds at least one of the
    sentence's few rarest ("anchors"). Candidates are the sentences listed under an anchor (so
    the cost follows how often anchors recur, not all pairs); their exact overlap is then
    counted on all shingles, a chunk of pairs at a time.
    """
    from array import array

    import numpy as np

    packed, counts = array("q"), array("q")
    for item in shingles:
        before = len(packed)
        packed.extend(item)
        counts.append(len(packed) - before)
    n = len(counts)
    lengths = np.frombuffer(counts, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    if n < 2 or not lengths.sum():
        return []
    flat = np.frombuffer(packed, dtype=np.int64)
    rows = np.repeat(np.arange(n), lengths)
    # Each distinct shingle numbered 0, 1, ... in sorted order (a sort, not numpy's slower
    # hashing); the same sort lists, under each shingle, the items holding it.
    order = np.argsort(flat, kind="stable")
    starts = np.concatenate(([True], flat[order][1:] != flat[order][:-1]))
    cols = np.empty(len(flat), dtype=np.int64)
    cols[order] = np.cumsum(starts) - 1
    listed_at, holders = np.flatnonzero(starts), rows[order]
    width = len(listed_at)
    df = np.bincount(cols, minlength=width)
    entries = np.sort(rows * width + cols)  # every (item, shingle), for lookups
    first_of = np.concatenate(([0], np.cumsum(lengths)))[:-1]
    # Each row's rarest shingles that some other row holds too: sort by (row, df), keep the first few.
    shared = df[cols] > 1
    r, c = rows[shared], cols[shared]
    first_seen = order[listed_at]  # ties in rarity go to the shingle read first (not to hash order)
    by_rarity = np.lexsort((first_seen[c], df[c], r))
    r, c = r[by_rarity], c[by_rarity]
    per_row = np.bincount(r, minlength=n)
    rank_in_row = np.arange(len(r)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    keep = (rank_in_row < ANCHORS) & (df[c] <= commonest_anchor(anchor_histogram(df[c[rank_in_row < ANCHORS]])))
    anchor_rows, anchor_cols = r[keep], c[keep]
    found = []
    incidence, checked = None, 0  # items x shingles (scipy CSR, made when first used); pairs checked
    block_starts = np.searchsorted(anchor_rows, np.arange(0, n + ROWS, ROWS))
    for lo, hi in zip(block_starts[:-1], block_starts[1:], strict=False):  # never all candidates at once
        if lo == hi:
            continue
        a_rows, a_cols = anchor_rows[lo:hi], anchor_cols[lo:hi]
        size = df[a_cols]
        a = np.repeat(a_rows, size)
        b = holders[spans(listed_at[a_cols], size)]
        first, second = np.minimum(a, b), np.maximum(a, b)
        keys = distinct((first * n + second)[first != second])
        for start in range(0, len(keys), CHUNK):
            pa, pb = np.divmod(keys[start : start + CHUNK], n)
            size_a, size_b = lengths[pa], lengths[pb]
            if checked >= CHUNK:
                # Past a chunk of pairs, the shared shingles are counted by scipy's product of the
                # two items' rows: three times as fast as the search below, and then worth scipy's
                # import (the counts are the same whole numbers either way).
                if incidence is None:
                    incidence = _incidence(rows, cols, n, width)
                overlap = np.asarray(incidence[pa].multiply(incidence[pb]).sum(axis=1)).ravel()
            else:
                # Each of b's shingles looked up among a's: pairs come in order of a, so the lookups
                # walk `entries` forward (far fewer cache misses than in any other order).
                query = np.repeat(pa, size_b) * width + cols[spans(first_of[pb], size_b)]
                at = np.minimum(np.searchsorted(entries, query), len(entries) - 1)
                overlap = np.bincount(
                    np.repeat(np.arange(len(pa)), size_b), weights=entries[at] == query, minlength=len(pa)
                )
            checked += len(pa)
            small = np.minimum(size_a, size_b)
            jaccard = overlap / (size_a + size_b - overlap)
            near = (jaccard >= JACCARD) | ((small >= 3) & (overlap >= CONTAINMENT * small))
            found.append(pa[near] * n + pb[near])
    if not found:
        return []
    keys = distinct(np.concatenate(found))  # a pair seen from both of its rows' blocks counts once
    pa, pb = np.divmod(keys, n)
    return list(zip(pa.tolist(), pb.tolist(), strict=True))


def _incidence(rows, cols, n: int, width: int):
    """Which item holds which shingle, as a scipy CSR matrix of ones (an item's shingles are distinct)."""
    import numpy as np
    from scipy import sparse

    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, width))
    matrix.sort_indices()  # products of rows in column order are merges, the fast kind
    return matrix


def collapse(
    sentences: Sequence[Sentence],
    language: str = "english",
    stems_of: Sequence[str] | None = None,
    pairs_of: Callable[[list[int]], list[tuple[int, int]] | None] | None = None,
) -> list[Group]:
    """Group near-duplicates; groups come back in the order of their earliest member.

    `stems_of`, when given, holds each sentence's `sentence_stems`, space-separated, already
    computed (by the workers of a cluster, see `summarize.distributed`), so that this process
    need not tokenise them again. `pairs_of`, when given, finds the near pairs elsewhere (on a
    cluster, see `summarize.distributed_pairs`): given the first sentence of each distinct text,
    the `near_pairs` of those texts, or None to find them here."""
    stops = stop_words(language)

    # Exact copies (same words, any spacing or punctuation) are one text from here on.
    by_key: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_key.setdefault(_key(s.text), []).append(i)
    keys: list[str | None] = list(by_key)  # each distinct text's words, read once, until shingled
    texts = list(by_key.values())  # sentence indexes of each distinct text, first one first
    del by_key

    def tokens_of(t: int) -> list[str]:
        if stems_of is not None:
            return stems_of[texts[t][0]].split()
        text = sentences[texts[t][0]].text
        key = keys[t]
        return sentence_stems(text, language, key.split() if key is not None else None)

    # One pass over the distinct texts: the distinct content words of each kept (a tuple, far
    # smaller than a set; read again for the groups' credits, where tokenising every member anew
    # took a quarter of the collapsing), shingles packed as they come.
    content: list[tuple[str, ...]] = [()] * len(texts)

    def read(t: int) -> list[str]:
        """Text t's tokens, its content words kept (and its key let go) on the way."""
        tokens = tokens_of(t)
        keys[t] = None
        content[t] = tuple({w: None for w in tokens if w not in stops})
        return tokens

    def shingles() -> Iterable[list[int]]:
        for t in range(len(texts)):
            yield _shingle_hashes(read(t), stops)

    # Near copies, through shared shingles (only texts that have some are listed).
    found = pairs_of([same[0] for same in texts]) if pairs_of is not None else None
    if found is None:
        found = near_pairs(shingles())
    else:
        for t in range(len(texts)):  # the pairs came from elsewhere: the content words still from here
            read(t)
    neighbours: dict[int, set[int]] = {}
    for i, j in found:
        neighbours.setdefault(i, set()).add(j)
        neighbours.setdefault(j, set()).add(i)

    # Leaders: best-formed, carried word for word by most sources, most corroborated, longest, earliest.
    copies = [len({sentences[i].source_id for i in same}) if len(same) > 1 else 1 for same in texts]
    order = sorted(
        range(len(texts)),
        key=lambda t: (
            -well_formedness(sentences[texts[t][0]].text),
            -copies[t],
            -len(neighbours.get(t, ())),
            -len(content[t]),
            texts[t][0],
        ),
    )
    owner = [-1] * len(texts)
    clusters: dict[int, list[int]] = {}
    for t in order:
        if owner[t] != -1:
            continue
        owner[t] = t
        clusters[t] = [t]
        for u in sorted(neighbours.get(t, ())):
            if owner[u] == -1:
                owner[u] = t
                clusters[t].append(u)
    del order, owner

    groups: list[tuple[int, Group]] = []
    for lead, cluster in clusters.items():
        if len(cluster) == 1 and len(texts[lead]) == 1:
            # A sentence with no copy, near or exact (most of them): its group is itself alone,
            # built without the sorting a group of many needs.
            sentence = sentences[texts[lead][0]]
            groups.append((texts[lead][0], Group(sentence, (sentence,), (sentence.source_id,))))
            continue
        if len(cluster) == 1:
            covering = cluster
        else:
            rep_words = frozenset(content[lead])
            covering = [
                u
                for u in cluster
                if u == lead or not rep_words or len(rep_words.intersection(content[u])) >= COVERAGE * len(rep_words)
            ]
        member_ids = sorted(i for u in cluster for i in texts[u])
        group = Group(
            representative=sentences[texts[lead][0]],
            members=tuple(sentences[i] for i in member_ids),
            credited=tuple(sorted({sentences[i].source_id for u in covering for i in texts[u]})),
        )
        groups.append((member_ids[0], group))
    return [group for _, group in sorted(groups, key=lambda pair: pair[0])]


def repeats(texts: Sequence[str], earlier: Sequence[str], language: str = "english") -> set[int]:
    """Indexes of `texts` that are near-duplicates of some text in `earlier` (by the same rule
    that collapses sentences), so a brief can leave out what an earlier one reported."""
    if not texts or not earlier:
        return set()
    stops = stop_words(language)
    everything = list(texts) + list(earlier)
    shingles = [_shingle_hashes(stems(words(t), language), stops) for t in everything]
    keys = {_key(t) for t in earlier}
    found = {i for i, t in enumerate(texts) if _key(t) in keys}
    n = len(texts)
    for i, j in near_pairs(shingles):
        if i < n <= j:
            found.add(i)
    return found
