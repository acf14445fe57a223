"""Each source's strongest links to the others, without comparing all pairs.

Given unit vectors (sources x words), each source keeps links to its `NEIGHBOURS` most similar
sources, by cosine, when at least `LINK_FLOOR`. Candidates are the sources that share one of its
`SIGNATURE` heaviest words (its rarest and most repeated: names, places, the event's own words),
found by a sparse product of those signatures a block of rows at a time, so memory follows the
links kept; a word too common among the signatures for the product gives each source that has it
a few neighbours in a ring instead (see `_ring_candidates`). Each candidate's cosine is then
computed exactly on the whole vectors, so what is decided does not depend on which words found
the candidate. Story grouping (stories.py) builds its graph with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .sparse import Rows, distinct

NEIGHBOURS = 20  # links each source keeps to its most similar sources
CANDIDATES = 40  # candidates each source weighs exactly, of those that share the most of its heaviest words
LINK_FLOOR = 0.02  # weaker links are not kept
SIGNATURE = 30  # candidate links are found through each source's heaviest words, this many
SIGNATURE_SHARE = 0.002  # a word in more signatures than this share of the sources finds no candidates
SIGNATURE_MIN = 100  # (or than this many; the share counts only past 50,000 sources: at 100,000, 0.005
# gave 1,764 stories of the 70 clusters' near-copies in 45 s of CPU, 0.002 gives 1,645 in 37 s)
PRODUCT_WORK = 1000  # and fewer still when the product would weigh more than this many pairs a source
RING = 3  # through a word too common for the product, a source's candidates on either side of it
BLOCK = 2000  # sources whose candidates are found at a time, so that memory follows the links kept
PAIR_CHUNK = 50_000  # candidate pairs scored at a time


def strongest_links(matrix: Rows):
    """Each source's links to its `NEIGHBOURS` most similar sources (at least `LINK_FLOOR`), as
    arrays (source a, source b, cosine) with a < b, each link once, in a fixed order: a link
    stays when it is among the strongest of either of its ends.

    In four steps that a cluster's workers can share (distributed_stories.py): the candidate
    search's set-up (`candidate_search`), the candidates of each block of rows (`block_pairs`),
    the exact cosines of the distinct candidate pairs (`exact_links`), and the strongest of each
    source's links (`strongest_of`). Each block's candidates and each pair's cosine depend only
    on the set-up and the pair, so blocks and pairs can be spread and the results merged."""
    import numpy as np

    search = candidate_search(matrix)
    transposed = search.signatures.T.tocsr()
    codes = [block_pairs(search, transposed, start) for start in blocks(search.n)]
    pairs = distinct(np.concatenate(codes)) if codes else _no_codes()
    del codes, search, transposed  # each step's arrays go before the next step's are made
    links = exact_links(matrix, pairs)
    del pairs
    return strongest_of(*links)


@dataclass(frozen=True)
class Search:
    """What the candidate search of any block of rows needs, with the signatures' transpose
    (made where the blocks are searched, so it need not be sent): each source's signature (its
    `SIGNATURE` heaviest words, those too common for the product left out) and the ring
    candidates (`_ring_candidates`) sorted by row."""

    n: int
    signatures: Any  # scipy CSR
    ring_row: Any
    ring_col: Any
    ring_value: Any


def candidate_search(matrix: Rows) -> Search:
    """The candidate search's set-up over all sources (one sort of every stored value: fast)."""
    import numpy as np

    n = matrix.shape[0]
    signatures = top_per_row(matrix, SIGNATURE).to_scipy()
    column_use = np.bincount(signatures.indices, minlength=matrix.shape[1])
    common = column_use[signatures.indices] > common_limit(column_use, n)
    ring_row, ring_col, ring_value = _ring_candidates(signatures, common)
    signatures.data[common] = 0.0
    signatures.eliminate_zeros()
    return Search(n, signatures, ring_row, ring_col, ring_value)


def common_limit(column_use, n: int) -> int:
    """The most signatures a word may be in and still find candidates through the product.

    A word in u signatures makes u * u entries of the product, so the limit is the lower of the
    share rule above and the highest use at which the product stays within `PRODUCT_WORK`
    entries a source: without that bound the share rule lets the work per source grow with the
    sources (500,000 records of seven words drawn from 6,000 made 4,000 entries a source, and
    the product 100 s), while the words past it still find candidates through the ring."""
    import numpy as np

    limit = max(SIGNATURE_MIN, int(SIGNATURE_SHARE * n))
    uses = np.sort(column_use[(column_use > 0) & (column_use <= limit)]).astype(np.int64)
    within = np.cumsum(uses * uses) <= PRODUCT_WORK * n  # with every word of lower or equal use
    last_of_its_use = np.append(uses[1:] != uses[:-1], True)
    fits = uses[within & last_of_its_use]
    return int(fits[-1]) if len(fits) else 0


def blocks(n: int) -> range:
    """The first row of each block of `BLOCK` rows whose candidates are found at a time."""
    return range(0, n, BLOCK)


def block_pairs(search: Search, transposed, start: int):
    """The candidate pairs of the block of rows from `start` (a multiple of `BLOCK`): each row's
    `CANDIDATES` strongest, as codes min(a, b) * n + max(a, b) (repeats possible). `transposed`:
    `search.signatures.T.tocsr()`."""
    ring = (search.ring_row, search.ring_col, search.ring_value)
    return pairs_of_block(search.signatures[start : start + BLOCK], transposed, start, search.n, ring)


def pairs_of_block(signatures, transposed, start: int, n: int, ring):
    """`block_pairs` from the block's own signature rows (scipy CSR), the rows of `transposed`
    (words x sources) of the words they hold, and the ring candidates (row, column, value, sorted
    by row) of at least the block's rows: what a cluster's task needs of the search for one block
    (distributed_stories.py)."""
    import numpy as np

    ring_row, ring_col, ring_value = ring
    block = signatures @ transposed
    block.setdiag(0.0, k=start)  # a source is no candidate of its own
    block.data[block.data < LINK_FLOOR / 2] = 0.0  # sharing only a trace of words: no candidate
    block.eliminate_zeros()
    row = np.repeat(np.arange(start, start + block.shape[0], dtype=np.int64), np.diff(block.indptr))
    own = slice(*np.searchsorted(ring_row, [start, start + BLOCK]))
    row = np.concatenate([row, ring_row[own]])
    col = np.concatenate([block.indices.astype(np.int64), ring_col[own]])
    value = np.concatenate([block.data, ring_value[own]])
    row, col, value = _above_a_level(row, value, CANDIDATES, col)
    keep = _strongest_per_row(row, value, CANDIDATES)
    a, b = row[keep], col[keep]
    return np.minimum(a, b) * n + np.maximum(a, b)


def exact_links(matrix, pairs):
    """The candidate pairs (distinct codes, sorted) whose exact cosine reaches `LINK_FLOOR`: as
    arrays (a, b, cosine), in the order of `pairs`. Each cosine depends on its pair alone."""
    import numpy as np

    a, b = np.divmod(pairs, matrix.shape[0])
    cosine = pair_dots(matrix, a, b)
    strong = cosine >= LINK_FLOOR
    return a[strong], b[strong], cosine[strong]


def strongest_of(a, b, cosine):
    """Of the links (a, b, cosine), those among the `NEIGHBOURS` strongest of either of their
    ends, in their order."""
    import numpy as np

    ends = np.concatenate([a, b])
    both = np.concatenate([cosine, cosine])
    kept = _strongest_per_row(ends, both, NEIGHBOURS)
    chosen = np.zeros(len(a), dtype=bool)
    chosen[kept % len(a) if len(a) else kept] = True
    return a[chosen], b[chosen], cosine[chosen]


def _no_codes():
    import numpy as np

    return np.zeros(0, dtype=np.int64)


def dense_links(similarity):
    """`strongest_links` from the whole (dense) cosine matrix of a small input: every source's
    `NEIGHBOURS` strongest links at least `LINK_FLOOR`, exactly, with numpy alone."""
    import numpy as np

    n = len(similarity)
    others = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(others, -1.0)
    keep = min(NEIGHBOURS, n - 1)
    order = np.argsort(-others, axis=1, kind="stable")[:, :keep]
    rows = np.repeat(np.arange(n), keep)
    cols = order.ravel()
    strong = others[rows, cols] >= LINK_FLOOR
    pairs = distinct(np.minimum(rows[strong], cols[strong]) * n + np.maximum(rows[strong], cols[strong]))
    a, b = np.divmod(pairs, n)
    return a, b, others[a, b]


def _ring_candidates(signatures, common):
    """Candidates through the words too common in the signatures for a product (`common`: one
    flag per stored value): each source that has such a word is a candidate of the `RING`
    sources on either side of it, in order of the word's weight in them. Sources that share
    all their words, as hundreds of copies of one wire story do, still find each other, at a
    cost that follows the sources, not their pairs. Returns (row, column, weight product),
    both ways round, sorted by row."""
    import numpy as np

    rows = np.repeat(np.arange(signatures.shape[0], dtype=np.int64), np.diff(signatures.indptr))[common]
    return ring_of(rows, signatures.indices[common].astype(np.int64), signatures.data[common])


def ring_of(rows, words, weights):
    """`_ring_candidates` from the signatures' entries of the common words, (row, word, weight)
    in the order the signatures hold them (by row, then column): a cluster gathers only these
    (distributed_stories.py)."""
    import numpy as np

    order = np.argsort(words * 2.0 + (1.0 - np.clip(weights, 0.0, 1.0)))  # by word, heaviest first
    rows, words, weights = rows[order], words[order], weights[order]
    firsts, seconds, values = [], [], []
    for step in range(1, RING + 1):
        same = words[:-step] == words[step:]
        a, b = rows[:-step][same], rows[step:][same]
        value = weights[:-step][same] * weights[step:][same]
        firsts += [a, b]
        seconds += [b, a]
        values += [value, value]
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    row, col, value = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(values)
    by_row = np.argsort(row, kind="stable")
    return row[by_row], col[by_row], value[by_row]


CANDIDATE_LEVELS = (0.4, 0.2, 0.1, 0.05)  # see `_above_a_level`


def _above_a_level(row, value, keep: int, col):
    """The entries of each row at or above the highest of `CANDIDATE_LEVELS` that still leaves
    it `keep` of them (all of them when none does): a source that shares words with thousands
    (a wire story told by hundreds) keeps only its closest for the sort that picks the best."""
    import numpy as np

    if not len(row):
        return row, col, value
    floor = np.zeros(int(row.max()) + 1)
    for level in sorted(CANDIDATE_LEVELS):
        enough = np.bincount(row[value >= level], minlength=len(floor)) >= keep
        floor[enough] = level
    kept = value >= floor[row]
    return row[kept], col[kept], value[kept]


def _strongest_per_row(row, value, keep: int):
    """Indexes of the `keep` largest values (each in [0, 1]) of each row, in increasing order;
    ties fall in the sort's fixed order, so the same input keeps the same entries."""
    import numpy as np

    if not len(row):
        return np.zeros(0, dtype=np.int64)
    # One sort on a key that orders by row, then by value downwards (values lie in [0, 1]), in
    # place of two stable sorts; the sort is deterministic, so equal input gives equal order.
    key = row * 2.0
    key += 1.0 - np.clip(value, 0.0, 1.0)
    order = np.argsort(key)
    del key  # the arrays here are as long as the input (tens of millions of links): few at a time
    sorted_rows = row[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_rows[1:] != sorted_rows[:-1])))
    del sorted_rows
    # Each entry's place in its row: its position less that of its row's first entry.
    rank = np.arange(len(order))
    rank -= np.repeat(starts, np.diff(np.append(starts, len(order))))
    return np.sort(order[rank < keep])


def top_per_row(matrix: Rows, keep: int) -> Rows:
    """Each row with only its `keep` largest values."""
    import numpy as np

    mask = np.zeros(len(matrix.data), dtype=bool)
    mask[_strongest_per_row(matrix.row_ids(), matrix.data, keep)] = True
    return matrix.where(mask)


def pair_dots(matrix, a, b):
    """The dot product of rows a[k] and b[k] of `matrix` (`Rows`, or scipy CSR) for every k, a
    chunk of pairs at a time."""
    import numpy as np

    csr = matrix.to_scipy() if isinstance(matrix, Rows) else matrix
    out = np.empty(len(a))
    for start in range(0, len(a), PAIR_CHUNK):
        end = start + PAIR_CHUNK
        out[start:end] = np.asarray(csr[a[start:end]].multiply(csr[b[start:end]]).sum(axis=1)).ravel()
    return out
