"""Story grouping on a Dask cluster's workers: the stories `stories.group_stems` finds in one
process, with each task holding only what its part of the work needs.

Each partition's used sources' content stems stay on the worker that read it
(`distributed._Numbered`). Past `stories.FEW` sources, in rounds of tasks:

1. each partition counts its sources' stems (`_terms`) and sends only its distinct stems and how
   many of its sources hold each;
2. one task numbers the stems in order of first appearance over the partitions in order (the
   numbering `Rows.from_tokens` gives the whole input) and works out each stem's idf and whether
   it is kept (`_vocabulary`); each partition gets back the numbers, idf and flags of its own
   stems;
3. each partition makes its sources' TF-IDF rows (`_rows`): a row depends on that row alone, so
   they are the rows of the whole input's matrix;
4. each source's signature, its `neighbours.SIGNATURE` heaviest words, is chosen by one sort of
   every stored weight, as in one process: ties between equal weights fall in that sort's
   order, which only the whole array decides, so one task (`_choice`) takes each partition's
   weights (one number a stored value: no columns, no rows) and sends each partition the
   places it keeps; the partition makes its signature rows (`_signature`);
5. how many signatures hold each word, summed from each partition's counts (`_use`), says which
   words are too common for the product (`_common`: a short list); the signatures' entries of
   those words, gathered in order (`_common_entries`), give the ring candidates (`_ring`);
6. the blocks of rows (`neighbours.BLOCK`) are taken in spans of consecutive blocks, each span
   task holding its own rows and signature rows only (`_hold`, from the partitions it covers).
   A span asks every span for the signature entries of the words its rows hold (`_columns`):
   with them, the signature of every source it can match, it finds its blocks' candidate pairs
   (`_span_pairs`, `neighbours.pairs_of_block`). It then asks every span for the rows its pairs
   name (`_named`); the pairs' exact cosines are computed per pair of spans, from the two spans'
   rows alone (`_cosines`);
7. one task merges the spans' links (a pair found by two spans counts once, with the same
   cosine) and keeps each source's strongest (`neighbours.strongest_of`; `_links`);
8. one task finds the communities over the links (`_labels`); each partition sends the rows of
   its sources that share a community with another (`_members`), and one task tests whether
   each community holds together and which to join, on the sums of their members' rows
   (`_grouped`): a source alone in its community needs no row there.

So a span task holds its blocks' rows (`SPAN_BLOCKS` blocks at most, once there are enough), the
signature entries of the words they hold, and for its cosines two spans' rows: whatever the size
of the input. What stays on one worker follows the input, though smaller than the vectors: the
numbering (one entry a stem), the signature choice (one weight a stored value), the ring
candidates (a few a common word's entry), the links (a few a source) and the rows of the sources
that share a community (on the benchmark input, nearly all).

Each step does what the single-process run does, on the same values in the same order, so the
stories are the same. Up to `stories.FEW` sources the grouping is one task over all the stems,
as before (`_whole`); up to `sparse.DENSE_LIMIT` sources (2,000), one task over all the
rows (`_small`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SPANS_PER_WORKER = 2  # span tasks per worker at least
SPAN_BLOCKS = 2  # blocks of rows a span holds at most, so that its memory does not follow the input


def _stems_of(part: Any) -> list[str]:
    """A partition's used sources' content stems, space-separated (a task, where it lies)."""
    return part.source_stems


def _whole(*parts: list[str]) -> list[list[int]]:
    """`stories.group_stems` of every partition's stems (each a `_stems_of`), in order (a task)."""
    from .stories import group_stems

    return group_stems([stems.split() for part in parts for stems in part])


def _terms(part: Any) -> tuple[Any, tuple[list[str], Any]]:
    """Round 1, per partition: its sources' stem counts (kept where they lie) and, for the
    numbering, its distinct stems in order of first appearance with how many sources hold each."""
    from .sparse import Rows

    counts, vocabulary = Rows.from_tokens([stems.split() for stems in part.source_stems])
    return counts, (list(vocabulary), counts.column_counts())


def _vocabulary(n: int, *parts: tuple[list[str], Any]) -> tuple[int, list[tuple[Any, Any, Any]]]:
    """Round 2, one task: the width of the whole matrix and, per partition, the global number,
    idf and kept flag of each of its stems (in its own order)."""
    from itertools import chain

    import numpy as np

    from .stories import _calendar_stems, idf_and_kept

    vocabulary = {w: i for i, w in enumerate(dict.fromkeys(chain.from_iterable(words for words, _ in parts)))}
    ids = [np.fromiter((vocabulary[w] for w in words), dtype=np.int64, count=len(words)) for words, _ in parts]
    df = np.zeros(len(vocabulary), dtype=np.int64)
    for own, (_, counts) in zip(ids, parts, strict=True):
        df[own] += counts  # a partition's stems are distinct
    idf, kept = idf_and_kept(df, n, vocabulary, _calendar_stems())
    return len(vocabulary), [(own, idf[own], kept[own]) for own in ids]


def _rows(terms: tuple[Any, Any], numbering: tuple[int, list], k: int) -> Any:
    """Round 3, per partition (the k-th): its sources' TF-IDF rows of the whole matrix."""
    import numpy as np

    from .sparse import Rows
    from .stories import weighed

    counts = terms[0]
    width, parts = numbering
    ids, idf, kept = parts[k]
    columns = ids[counts.indices]
    order = np.lexsort((columns, counts.row_ids()))  # within a row, in increasing global column
    local = counts.indices[order]
    numbered = Rows(counts.indptr, columns[order], counts.data[order], (counts.shape[0], width))
    return weighed(numbered, idf[local], kept[local])


def _stacked(parts: Sequence[Any]) -> Any:
    """Rows of several matrices of one width, one under the other."""
    import numpy as np

    from .sparse import Rows

    lengths = np.concatenate([np.diff(p.indptr) for p in parts])
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    width = parts[0].shape[1]
    return Rows(indptr, np.concatenate([p.indices for p in parts]), np.concatenate([p.data for p in parts]),
                (len(lengths), width))  # fmt: skip


def _weights(rows: Any) -> tuple[Any, Any]:
    """Round 4, per partition: its rows' lengths and stored weights, all the signature choice
    needs of them."""
    import numpy as np

    return np.diff(rows.indptr), rows.data


def _choice(*parts: tuple[Any, Any]) -> list[Any]:
    """Round 4, one task: per partition, the places of its stored weights that are among its
    row's `SIGNATURE` heaviest, chosen as `neighbours.top_per_row` chooses them over the whole
    matrix (one sort of every weight, so ties fall as in one process)."""
    import numpy as np

    from .neighbours import SIGNATURE, _strongest_per_row

    lengths = np.concatenate([length for length, _ in parts])
    data = np.concatenate([values for _, values in parts])
    rows = np.repeat(np.arange(len(lengths)), lengths)  # `Rows.row_ids` of the stacked rows
    del lengths
    kept = np.zeros(len(data), dtype=bool)
    kept[_strongest_per_row(rows, data, SIGNATURE)] = True
    cuts = np.cumsum([0] + [len(values) for _, values in parts])
    return [kept[lo:hi] for lo, hi in zip(cuts[:-1], cuts[1:], strict=True)]


def _signature(rows: Any, choice: list[Any], k: int) -> Any:
    """Round 4, per partition (the k-th): its sources' signature rows (their chosen weights)."""
    return rows.where(choice[k])


def _use(signature: Any) -> tuple[Any, Any]:
    """Round 5, per partition: the distinct words of its signatures and how many hold each."""
    import numpy as np

    from .sparse import distinct

    words = distinct(signature.indices)
    return words, np.diff(np.searchsorted(np.sort(signature.indices), np.append(words, np.iinfo(np.int64).max)))


def _common(n: int, *uses: tuple[Any, Any]) -> Any:
    """Round 5, one task: the words in more signatures than `neighbours.common_limit` (sorted),
    from each partition's counts."""
    import numpy as np

    from .neighbours import common_limit

    words = np.concatenate([w for w, _ in uses])
    counts = np.concatenate([c for _, c in uses])
    order = np.argsort(words, kind="stable")
    words, counts = words[order], counts[order]
    if not len(words):
        return words
    fresh = np.flatnonzero(np.concatenate(([True], words[1:] != words[:-1])))
    totals = np.add.reduceat(counts, fresh)
    return words[fresh][totals > common_limit(totals, n)]


def _is_common(signature: Any, common: Any) -> Any:
    """One flag per stored value of `signature`: whether its word is in `common` (sorted)."""
    import numpy as np

    at = np.minimum(np.searchsorted(common, signature.indices), max(len(common) - 1, 0))
    return common[at] == signature.indices if len(common) else np.zeros(len(signature.indices), dtype=bool)


def _common_entries(signature: Any, common: Any, offset: int) -> tuple[Any, Any, Any]:
    """Round 5, per partition: its signatures' entries of the common words, as (row, word,
    weight), rows numbered in the whole input (the partition's first is `offset`)."""
    import numpy as np

    flags = _is_common(signature, common)
    rows = offset + np.repeat(np.arange(signature.shape[0], dtype=np.int64), np.diff(signature.indptr))
    return rows[flags], signature.indices[flags].astype(np.int64), signature.data[flags]


def _ring(*entries: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    """Round 5, one task: the ring candidates (`neighbours.ring_of`) of every partition's common
    entries, in order."""
    import numpy as np

    from .neighbours import ring_of

    return ring_of(*(np.concatenate([e[k] for e in entries]) for k in range(3)))


def _ring_part(ring: tuple[Any, Any, Any], lo: int, hi: int) -> tuple[Any, Any, Any]:
    """The ring candidates of rows lo to hi - 1 (a task: only these move to a span)."""
    import numpy as np

    row, col, value = ring
    part = slice(*np.searchsorted(row, [lo, hi]))
    return row[part], col[part], value[part]


@dataclass(frozen=True)
class _Span:
    """What a span task holds: its rows lo to hi - 1, their TF-IDF rows and their signature rows
    with the common words left out (each a `Rows` of the whole matrix's width)."""

    lo: int
    hi: int
    rows: Any
    signature: Any


def _hold(lo: int, hi: int, offsets: list[int], common: Any, *parts: Any) -> _Span:
    """Round 6, per span: rows lo to hi - 1 cut from the partitions that cover them (`parts`:
    their TF-IDF rows, then their signature rows; each partition's first row at `offsets`)."""
    import numpy as np

    half = len(parts) // 2
    rows, signatures = [], []
    for offset, matrix, signature in zip(offsets, parts[:half], parts[half:], strict=True):
        own = np.arange(max(lo, offset), min(hi, offset + matrix.shape[0])) - offset
        rows.append(matrix.take(own))
        part = signature.take(own)
        signatures.append(part.where(~_is_common(part, common)))
    return _Span(lo, hi, _stacked(rows), _stacked(signatures))


def _words(span: _Span) -> Any:
    """The distinct words of a span's signature rows (sorted): the columns it can match."""
    from .sparse import distinct

    return distinct(span.signature.indices)


def _columns(span: _Span, words: Any) -> tuple[Any, Any, Any]:
    """Round 6, per pair of spans: `span`'s signature entries of `words` (another span's), as
    (word, row, weight), rows numbered in the whole input, in the order `span` holds them."""
    import numpy as np

    signature = span.signature
    at = np.minimum(np.searchsorted(words, signature.indices), max(len(words) - 1, 0))
    asked = (words[at] == signature.indices) if len(words) else np.zeros(len(signature.indices), dtype=bool)
    rows = span.lo + np.repeat(np.arange(signature.shape[0], dtype=np.int64), np.diff(signature.indptr))
    return signature.indices[asked], rows[asked], signature.data[asked]


def _span_pairs(span: _Span, ring: tuple[Any, Any, Any], n: int, *columns: tuple[Any, Any, Any]) -> Any:
    """Round 6, per span: the distinct candidate pairs (codes a * n + b) of its blocks, each as
    `neighbours.block_pairs` finds it, from the signature columns of its words (`columns`: every
    span's, in order) in place of the whole signatures' transpose."""
    import numpy as np
    from scipy import sparse

    from .neighbours import BLOCK, pairs_of_block
    from .sparse import distinct

    width = span.rows.shape[1]
    words = np.concatenate([c[0] for c in columns]).astype(np.int64)
    rows = np.concatenate([c[1] for c in columns])
    weights = np.concatenate([c[2] for c in columns])
    by_word = np.argsort(words, kind="stable")  # each word's sources in increasing order, as `.T.tocsr()`
    indptr = np.concatenate(([0], np.cumsum(np.bincount(words, minlength=width))))
    transposed = sparse.csr_matrix((weights[by_word], rows[by_word], indptr), shape=(width, n))
    own = span.signature.to_scipy()
    found = [
        pairs_of_block(own[start - span.lo : start - span.lo + BLOCK], transposed, start, n, ring)
        for start in range(span.lo, span.hi, BLOCK)
    ]
    return distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _named(span: _Span, pairs: Any, n: int) -> tuple[Any, Any]:
    """Round 6, per pair of spans: which of `span`'s rows the pairs (another span's) name, and
    those rows."""
    import numpy as np

    from .sparse import distinct

    ends = np.concatenate(np.divmod(pairs, n))
    ids = distinct(ends[(ends >= span.lo) & (ends < span.hi)])
    return ids, span.rows.take(ids - span.lo)


def _cosines(span: _Span, pairs: Any, named: tuple[Any, Any], lo: int, hi: int, n: int) -> tuple[Any, Any]:
    """Round 6, per pair of spans: of `span`'s pairs, those whose other end lies in rows lo to
    hi - 1 (another span's, or its own), with their exact cosines where they reach
    `neighbours.LINK_FLOOR`, as `neighbours.exact_links` gives them: computed from `span`'s
    rows and the other span's rows the pairs name (`named`), so a task holds two spans' rows
    at most. Each pair of a span falls to one such task."""
    import numpy as np

    from .neighbours import LINK_FLOOR, pair_dots

    a, b = np.divmod(pairs, n)
    a_here = (a >= span.lo) & (a < span.hi)
    other = np.where(a_here, b, a)
    chosen = (other >= lo) & (other < hi)
    if not chosen.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    a, b, a_here, other = a[chosen], b[chosen], a_here[chosen], other[chosen]
    ids, rows = named
    here = np.where(a_here, a, b) - span.lo  # the end in `span`, among its rows
    there = span.rows.shape[0] + np.searchsorted(ids, other)  # the other, after them
    matrix = _stacked([span.rows, rows])
    cosine = pair_dots(matrix, np.where(a_here, here, there), np.where(a_here, there, here))
    strong = cosine >= LINK_FLOOR
    return pairs[chosen][strong], cosine[strong]


def _links(n: int, *spans: tuple[Any, Any]) -> tuple[Any, Any, Any]:
    """Round 7, one task: the spans' links merged (a pair two spans found counts once, with the
    same cosine) and each source's strongest kept: `neighbours.strongest_links`'s (a, b, cosine)."""
    import numpy as np

    from .neighbours import strongest_of

    codes = np.concatenate([c for c, _ in spans])
    cosines = np.concatenate([w for _, w in spans])
    order = np.argsort(codes, kind="stable")
    codes, cosines = codes[order], cosines[order]
    fresh = np.ones(len(codes), dtype=bool)
    fresh[1:] = codes[1:] != codes[:-1]
    a, b = np.divmod(codes[fresh], n)
    return strongest_of(a, b, cosines[fresh])


def _labels(n: int, links: tuple[Any, Any, Any]) -> Any:
    """Round 8, one task: the community of each source (`stories._communities`) over the links."""
    import numpy as np

    from .stories import _communities

    return np.asarray(_communities(n, *links), dtype=np.int64)


def _members(rows: Any, labels: Any, offset: int) -> tuple[Any, Any]:
    """Round 8, per partition: which of its sources share their community with another source
    (numbered in the whole input), and their rows."""
    import numpy as np

    sizes = np.bincount(labels)
    own = np.flatnonzero(sizes[labels[offset : offset + rows.shape[0]]] >= 2)
    return offset + own, rows.take(own)


def _grouped(labels: Any, links: tuple[Any, Any, Any], width: int, *members: tuple[Any, Any]) -> list:
    """Round 8, one task: the stories (`stories.labels_of_links` past its communities) from the
    rows of the sources that share a community. A community's tests read only its members'
    rows (the sums of their vectors), so the rows of sources alone in theirs are left empty."""
    import numpy as np

    from .sparse import Rows
    from .stories import _held_together, _joined, by_label

    n = len(labels)
    ids = np.concatenate([i for i, _ in members])
    rows = [r for _, r in members]
    lengths = np.zeros(n, dtype=np.int64)
    lengths[ids] = np.concatenate([np.diff(r.indptr) for r in rows])
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    matrix = Rows(indptr, np.concatenate([r.indices for r in rows]), np.concatenate([r.data for r in rows]),
                  (n, width))  # fmt: skip
    a, b, _ = links
    return by_label(_joined(matrix, None, _held_together(matrix, None, labels), a, b))


def _small(*parts: Any) -> list[list[int]]:
    """On an input of at most `sparse.DENSE_LIMIT` sources, one task: the stories from all the
    rows, as one process finds them (dense cosines when cheap, else the candidate search)."""
    from .neighbours import dense_links, strongest_links
    from .sparse import fits_dense, gram
    from .stories import by_label, labels_of_links

    matrix = _stacked(parts)
    similarity = gram(matrix) if fits_dense(matrix) else None
    links = strongest_links(matrix) if similarity is None else dense_links(similarity)
    return by_label(labels_of_links(matrix, similarity, *links))


def _piece(value: tuple, k: int) -> Any:
    """The k-th part of a task's result (a task, where the result lies)."""
    return value[k]


def _rounds(client: Any, parts: Sequence[Any], sizes: Sequence[int]) -> tuple[Any, list[Any]]:
    """Futures of the numbering and of each partition's TF-IDF rows (rounds 1 to 3)."""
    n = sum(sizes)
    terms = [client.submit(_terms, p) for p in parts]
    numbering = client.submit(_vocabulary, n, *[client.submit(_piece, t, 1) for t in terms])
    return numbering, [client.submit(_rows, t, numbering, k) for k, t in enumerate(terms)]


def links(client: Any, parts: Sequence[Any], sizes: Sequence[int]) -> tuple[list[Any], Any]:
    """Futures of the TF-IDF rows of each partition (`_rows`) and of the strongest links
    (`_links`) of the used sources of `parts` (futures of objects holding `source_stems`, as
    `distributed._Numbered`, in order; `sizes[k]` used sources in the k-th, more than
    `stories.FEW` in all, more than `sparse.DENSE_LIMIT`), found by `client`'s cluster."""
    _, rows = _rounds(client, parts, sizes)
    return rows, _sparse_links(client, rows, sizes)[1]


def _sparse_links(client: Any, rows: list[Any], sizes: Sequence[int]) -> tuple[Any, Any]:
    """Futures of the numbering's common words and of the strongest links (rounds 4 to 7)."""
    from itertools import accumulate

    from .neighbours import blocks

    n = sum(sizes)
    offsets = [0, *accumulate(sizes)][:-1]
    choice = client.submit(_choice, *[client.submit(_weights, r) for r in rows])
    signatures = [client.submit(_signature, r, choice, k) for k, r in enumerate(rows)]
    common = client.submit(_common, n, *[client.submit(_use, s) for s in signatures])
    entries = [client.submit(_common_entries, s, common, o) for s, o in zip(signatures, offsets, strict=True)]
    ring = client.submit(_ring, *entries)
    starts = list(blocks(n))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    count = min(len(starts), max(SPANS_PER_WORKER * workers, -(-len(starts) // SPAN_BLOCKS)))
    cuts = [starts[len(starts) * k // count] for k in range(count)] + [n]
    spans = []
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        cover = [k for k, (o, m) in enumerate(zip(offsets, sizes, strict=True)) if m and o < hi and o + m > lo]
        held = [rows[k] for k in cover] + [signatures[k] for k in cover]
        spans.append(client.submit(_hold, lo, hi, [offsets[k] for k in cover], common, *held))
    found = []
    for span, lo, hi in zip(spans, cuts[:-1], cuts[1:], strict=True):
        words = client.submit(_words, span)
        columns = [client.submit(_columns, other, words) for other in spans]
        pairs = client.submit(_span_pairs, span, client.submit(_ring_part, ring, lo, hi), n, *columns)
        for other, other_lo, other_hi in zip(spans, cuts[:-1], cuts[1:], strict=True):
            named = client.submit(_named, other, pairs, n)
            found.append(client.submit(_cosines, span, pairs, named, other_lo, other_hi, n))
    return common, client.submit(_links, n, *found)


def _array_bytes(value: Any) -> int:
    """Bytes of the arrays a matrix or a span holds (what moves when it is sent): Dask's own
    estimate sees a dataclass as a few dozen bytes, so its transfer figures would not hold."""
    from dask.sizeof import sizeof

    return sum(sizeof(v) for v in vars(value).values())


def _register_sizes() -> None:
    try:
        from dask.sizeof import sizeof
    except ImportError:  # no Dask: `distributed.open_client` says what to install
        return
    from .neighbours import Search
    from .sparse import Rows

    sizeof.register(Rows)(_array_bytes)
    sizeof.register(Search)(_array_bytes)  # its scipy matrices Dask sizes itself
    sizeof.register(_Span)(_array_bytes)


_register_sizes()  # on import: each worker imports this module to run its first task


def group(client: Any, parts: Sequence[Any], sizes: Sequence[int]) -> Any:
    """A future of `stories.group_stems` over the used sources of `parts` (as in `links`: the
    k-th holds `sizes[k]`), found by `client`'s cluster."""
    from itertools import accumulate

    from . import sparse
    from .stories import FEW

    n = sum(sizes)
    if n <= FEW:
        return client.submit(_whole, *[client.submit(_stems_of, p) for p in parts])
    numbering, rows = _rounds(client, parts, sizes)
    if n <= sparse.DENSE_LIMIT:  # read here, not at import: a test may lower it
        return client.submit(_small, *rows)
    _, found = _sparse_links(client, rows, sizes)
    labels = client.submit(_labels, n, found)
    offsets = [0, *accumulate(sizes)][:-1]
    members = [client.submit(_members, r, labels, o) for r, o in zip(rows, offsets, strict=True)]
    width = client.submit(_piece, numbering, 0)
    return client.submit(_grouped, labels, found, width, *members)
