"""Near-duplicate pairs found by a Dask cluster's workers: the pairs `collapse.near_pairs` finds
in one process, without gathering the sentences' shingles anywhere.

A sentence's stems stay on the worker that read its partition (`distributed._Numbered`). The
partitions are taken in a few shuffle groups (consecutive partitions; `GROUPS_PER_WORKER` per
worker), and what `near_pairs` does on one sorted array is done in rounds of tasks that each
hold one group or one shingle bucket (a shingle's bucket is its hash modulo the number of
groups; each bucket has one owner task):

1. each group hashes the shingles of its distinct texts and sends each to its bucket;
2. each bucket counts, per shingle, the texts holding it and which read it first, keeps the
   holders of every shared shingle, and sends each entry's count back to the text's group;
3. each group takes each text's `ANCHORS` rarest shared shingles (ties: the one read first) and
   returns a histogram of their counts, from which this process decides, as `near_pairs` does,
   how common an anchor may be (`collapse.commonest_anchor`: small data);
4. each group sends its texts' anchors to their buckets, where each anchor's text is paired
   with every other holder of the shingle;
5. each candidate pair goes to its first text's group, which asks the second text's group for
   that text's shingles and decides the pair exactly, by the rule of `near_pairs`.

Only the pairs decided near come back. Shingles are hashed with a hash every worker computes
alike (Python's own string hash differs between processes): each stem by BLAKE2b, each pair of
stems by mixing the two in numpy. The pairs do not depend on the hash (only on which shingles
are equal), so they are the single-process run's, and so is the brief.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

GROUPS_PER_WORKER = 2  # shuffle groups per worker: a few, so each round is few tasks and transfers
CHUNK = 250_000  # candidate pairs decided at a time, to bound memory

_GOLDEN = 0x9E3779B97F4A7C15


def _stem_hashes(words: Sequence[str]) -> list[int]:
    """A 64-bit hash of each stem, the same in every process (BLAKE2b)."""
    from hashlib import blake2b

    return [int.from_bytes(blake2b(w.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
            for w in words]  # fmt: skip


def _mix(first, second):
    """One 64-bit hash of each pair of stem hashes (uint64 arrays), order-sensitive (splitmix64's
    finaliser over a linear combination)."""
    import numpy as np

    with np.errstate(over="ignore"):
        x = first * np.uint64(_GOLDEN) + second
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


@dataclass(frozen=True)
class _Held:
    """A group's distinct texts' shingles, kept on its worker: texts `first`, `first` + 1, ...,
    each with `lengths[k]` shingle hashes, packed in `flat` in reading order."""

    first: int
    lengths: Any  # int64 array
    flat: Any  # int64 array


def _sentence_stems(part: Any) -> list[str]:
    """A partition's sentences' stems (a task, where the partition lies): all the rounds need of
    it, so that only these move to a group's worker, not the partition's sources and sentences."""
    return part.sentence_stems


def _shingles(representatives: Sequence[int], language: str, buckets: int, *parts: list[str]) -> tuple[_Held, list]:
    """Round 1, per group: the shingles of each distinct text whose first sentence is at
    `representatives` (indexes into the group's sentences, one per text, texts numbered from
    `representatives`'s first text on: see `find_pairs`), and each (text, shingle, position)
    sent to the shingle's bucket."""
    import numpy as np

    from .text import stop_words

    first_text, local = representatives[0], representatives[1:]
    stems = [stems for part in parts for stems in part]
    stops = stop_words(language)
    vocabulary: dict[str, int] = {}  # each distinct stem numbered, so it is hashed once
    ids: list[int] = []
    lengths: list[int] = []
    for index in local:
        tokens = stems[index].split()
        ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in tokens])
        lengths.append(len(tokens))
    words = list(vocabulary)
    word_ids = np.array(ids, dtype=np.int64)
    hashes_array = np.array(_stem_hashes(words), dtype=np.uint64)[word_ids]
    stop_array = np.array([w in stops for w in words], dtype=bool)[word_ids]
    owner = np.repeat(np.arange(len(local), dtype=np.int64), lengths)
    # Each consecutive pair of stems in one text, unless both are stop words (as `_shingle_hashes`).
    same_text = owner[1:] == owner[:-1] if len(owner) else np.zeros(0, dtype=bool)
    keep = same_text & ~(stop_array[1:] & stop_array[:-1])
    if len(owner):
        pair_hash = _mix(hashes_array[:-1][keep], hashes_array[1:][keep]).view(np.int64)
        pair_text = owner[:-1][keep]
    else:
        pair_hash, pair_text = np.zeros(0, np.int64), np.zeros(0, np.int64)
    # Each text's distinct shingles in reading order: the first of each (text, hash).
    order = np.lexsort((pair_hash, pair_text))
    t_sorted, h_sorted = pair_text[order], pair_hash[order]
    fresh = np.ones(len(order), dtype=bool)
    fresh[1:] = (t_sorted[1:] != t_sorted[:-1]) | (h_sorted[1:] != h_sorted[:-1])
    firsts = np.sort(order[fresh])  # positions of first occurrences, in reading order
    text, flat = pair_text[firsts], pair_hash[firsts]
    lengths = np.bincount(text, minlength=len(local)).astype(np.int64)
    position = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    held = _Held(first_text, lengths, flat)
    global_text = text + first_text
    bucket = flat.view(np.uint64) % np.uint64(buckets)
    out = []
    for q in range(buckets):
        chosen = bucket == q
        out.append((global_text[chosen], flat[chosen], position[chosen]))
    return held, out


def _group_of(bounds, texts):
    """The group holding each text: `bounds` are the groups' first texts, in order."""
    import numpy as np

    return np.searchsorted(bounds, texts, side="right") - 1


def _owned(bounds, *entries: tuple) -> tuple[tuple, list]:
    """Round 2, per bucket: the holders of each shingle held by two texts or more (sorted by
    shingle, then text), and each such entry's (text, shingle, count, first reader) sent back to
    the text's group. The first reader is the earliest (text, position) holding the shingle,
    packed in one number, as `near_pairs` ranks ties by the shingle read first."""
    import numpy as np

    text = np.concatenate([e[0] for e in entries])
    shingle = np.concatenate([e[1] for e in entries])
    position = np.concatenate([e[2] for e in entries])
    order = np.argsort(shingle, kind="stable")  # the entries come in order of text: now by shingle, then text
    text, shingle, position = text[order], shingle[order], position[order]
    starts = np.flatnonzero(np.concatenate(([True], shingle[1:] != shingle[:-1]))) if len(shingle) else text[:0]
    counts = np.diff(np.append(starts, len(shingle)))
    df = np.repeat(counts, counts)
    first_reader = np.repeat(text[starts] * (1 << 32) + position[starts], counts)
    shared = df > 1
    holders = (shingle[starts][counts > 1], text[shared], counts[counts > 1])
    group = _group_of(bounds, text[shared])
    back = []
    t, h, d, f = text[shared], shingle[shared], df[shared], first_reader[shared]
    for g in range(len(bounds)):
        chosen = group == g
        back.append((t[chosen], h[chosen], d[chosen], f[chosen]))
    return holders, back


def _anchors(anchors: int, common: int, *entries: tuple) -> tuple[tuple, Any]:
    """Round 3, per group: each text's `anchors` rarest shared shingles (ties: read first), with
    their counts, and the histogram of those counts up to `common` (for the cap on how common an
    anchor may be, decided centrally)."""
    import numpy as np

    text = np.concatenate([e[0] for e in entries])
    shingle = np.concatenate([e[1] for e in entries])
    df = np.concatenate([e[2] for e in entries])
    first_reader = np.concatenate([e[3] for e in entries])
    order = np.lexsort((first_reader, df, text))
    text, shingle, df = text[order], shingle[order], df[order]
    starts = np.concatenate(([True], text[1:] != text[:-1])) if len(text) else np.zeros(0, dtype=bool)
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(text)), 0)) if len(text) else np.zeros(0, np.int64)
    top = (np.arange(len(text)) - run_start) < anchors
    histogram = np.bincount(df[top][df[top] <= common], minlength=common + 1)
    return (text[top], shingle[top], df[top]), histogram


def _anchor_buckets(top: tuple, cap: int, buckets: int) -> list:
    """Round 4, per group: the anchors no more common than `cap`, sent to their shingles' buckets."""
    import numpy as np

    text, shingle, df = top
    keep = df <= cap
    text, shingle = text[keep], shingle[keep]
    bucket = shingle.view(np.uint64) % np.uint64(buckets)
    return [(text[bucket == q], shingle[bucket == q]) for q in range(buckets)]


def _candidates(holders: tuple, bounds, texts: int, *anchors: tuple) -> list:
    """Round 4, per bucket: each anchor's text paired with every other holder of its shingle,
    each pair once (as first text * `texts` + second), sent to the first text's group."""
    import numpy as np

    from .sparse import distinct, spans

    shingles, holder_texts, counts = holders
    starts = np.cumsum(counts) - counts
    text = np.concatenate([a[0] for a in anchors])
    shingle = np.concatenate([a[1] for a in anchors])
    at = np.searchsorted(shingles, shingle)  # every anchor is a shared shingle of this bucket
    size = counts[at]
    a = np.repeat(text, size)
    b = holder_texts[spans(starts[at], size)]
    first, second = np.minimum(a, b), np.maximum(a, b)
    keys = distinct((first * texts + second)[first != second])
    group = _group_of(bounds, keys // texts)
    return [keys[group == g] for g in range(len(bounds))]


def _requests(bounds, texts: int, *keys) -> tuple[Any, list]:
    """Round 5, per group: its candidate pairs (each once), and the second texts it needs the
    shingles of, asked of the groups that hold them."""
    import numpy as np

    from .sparse import distinct

    pairs = distinct(np.concatenate(keys))
    needed = distinct(pairs % texts)
    group = _group_of(bounds, needed)
    return pairs, [needed[group == g] for g in range(len(bounds))]


def _texts_shingles(held: _Held, wanted) -> tuple:
    """The shingles of the texts `wanted` (of this group), packed: (texts, lengths, flat)."""
    import numpy as np

    from .sparse import spans

    local = wanted - held.first
    starts = np.cumsum(held.lengths) - held.lengths
    lengths = held.lengths[local]
    return wanted, lengths, held.flat[spans(starts[local], lengths)]


def _send(held: _Held, *wanted) -> list:
    """Round 5, per group: the shingles each group asked for."""
    return [_texts_shingles(held, w) for w in wanted]


def _decide(held: _Held, pairs, texts: int, jaccard: float, containment: float, *received: tuple):
    """Round 5, per group: its candidate pairs decided exactly, by the rule of `near_pairs`:
    the pair codes of those near."""
    import numpy as np
    from scipy import sparse

    if not len(pairs):
        return np.zeros(0, dtype=np.int64)
    others = np.concatenate([r[0] for r in received])
    other_lengths = np.concatenate([r[1] for r in received])
    other_flat = np.concatenate([r[2] for r in received])
    n_own = len(held.lengths)
    lengths = np.concatenate([held.lengths, other_lengths])
    flat = np.concatenate([held.flat, other_flat])
    rows = np.repeat(np.arange(len(lengths)), lengths)
    _, cols = np.unique(flat, return_inverse=True)
    shape = (len(lengths), int(cols.max(initial=0)) + 1)
    incidence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    incidence.sort_indices()  # products of rows in column order are merges, the fast kind
    pa = pairs // texts - held.first
    pb = n_own + np.searchsorted(others, pairs % texts)
    size_a, size_b = lengths[pa], lengths[pb]
    overlap = np.concatenate(
        [
            np.asarray(incidence[pa[k : k + CHUNK]].multiply(incidence[pb[k : k + CHUNK]]).sum(axis=1)).ravel()
            for k in range(0, len(pa), CHUNK)
        ]
    )
    small = np.minimum(size_a, size_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        similar = overlap / (size_a + size_b - overlap)
    near = (similar >= jaccard) | ((small >= 3) & (overlap >= containment * small))
    return pairs[near]


def find_pairs(
    client: Any, parts: Sequence[Any], sizes: Sequence[int], representatives: Sequence[int], language: str
) -> list[tuple[int, int]]:
    """`collapse.near_pairs` of the distinct texts whose first sentences are `representatives`
    (increasing indexes into the brief's sentences), found by `client`'s cluster from the stems
    its partitions (`parts`, futures of `distributed._Numbered`, holding `sizes` sentences each,
    in order) hold. Pairs (i < j) of text numbers, in order."""
    import numpy as np

    from . import collapse
    from .sparse import distinct

    texts = len(representatives)
    if texts < 2:
        return []
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    count = max(1, min(len(parts), GROUPS_PER_WORKER * workers))
    cuts = np.linspace(0, len(parts), count + 1).round().astype(int)
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    reps = np.asarray(representatives, dtype=np.int64)
    stems = [client.submit(_sentence_stems, part) for part in parts]
    groups, bounds = [], []
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        if lo == hi:
            continue
        start, stop = offsets[lo], offsets[hi]
        first, last = np.searchsorted(reps, [start, stop])
        if first == last:
            continue  # no text starts in these partitions (all their sentences copy earlier ones)
        groups.append((stems[lo:hi], [int(first), *(int(i) for i in reps[first:last] - start)]))
        bounds.append(int(first))
    bounds_array = np.asarray(bounds, dtype=np.int64)
    buckets = len(groups)

    def take(futures, k):  # the k-th part of each result, each where it lies
        return [client.submit(operator.getitem, f, k) for f in futures]

    made = [client.submit(_shingles, reps_of, language, buckets, *part) for part, reps_of in groups]
    held, sent = take(made, 0), take(made, 1)
    owned = [client.submit(_owned, bounds_array, *take(sent, q)) for q in range(buckets)]
    holders, back = take(owned, 0), take(owned, 1)
    ranked = [client.submit(_anchors, collapse.ANCHORS, collapse.COMMON, *take(back, g)) for g in range(len(groups))]
    cap = collapse.commonest_anchor(sum(client.gather(take(ranked, 1))))
    to_buckets = [client.submit(_anchor_buckets, top, cap, buckets) for top in take(ranked, 0)]
    candidates = [
        client.submit(_candidates, holders[q], bounds_array, texts, *take(to_buckets, q)) for q in range(buckets)
    ]
    requested = [client.submit(_requests, bounds_array, texts, *take(candidates, g)) for g in range(len(groups))]
    pairs, asks = take(requested, 0), take(requested, 1)
    answers = [client.submit(_send, held[r], *take(asks, r)) for r in range(len(groups))]
    decided = [
        client.submit(_decide, held[g], pairs[g], texts, collapse.JACCARD, collapse.CONTAINMENT, *take(answers, g))
        for g in range(len(groups))
    ]
    keys = distinct(np.concatenate(client.gather(decided)))
    first, second = np.divmod(keys, texts)
    return list(zip(first.tolist(), second.tolist(), strict=True))
