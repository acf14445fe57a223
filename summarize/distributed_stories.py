"""Story grouping on a Dask cluster's workers: the stories `stories.group_stems` finds in one
process, with the candidate search and the exact cosines spread over the workers.

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
4. one task stacks the rows and sets up the candidate search (`neighbours.candidate_search`:
   each source's heaviest words, one sort; `_setup`);
5. the blocks of rows are cut into spans, a few a worker, and each span task finds its blocks'
   candidate pairs (`neighbours.block_pairs`) and their exact cosines (`_span`): the costly
   part, as products of sparse matrices. It takes the set-up and the rows, those of the
   partitions read on another worker moved, not one stacked matrix sent whole;
6. one task merges the spans' links (a pair found by two spans counts once, with the same
   cosine) and keeps each source's strongest (`neighbours.strongest_of`; `_links`);
7. one task finds the communities and the stories over them (`_grouped`): the links are small
   data beside the vectors.

Each step does what the single-process run does, on the same values in the same order, so the
stories are the same. Up to `stories.FEW` sources the grouping is one task over all the stems,
as before (`_whole`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SPANS_PER_WORKER = 2  # span tasks per worker: a few, so each moves the search's set-up once


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


def _setup(*parts: Any) -> tuple[int, Any]:
    """Round 4, one task: the number of sources and the candidate search's set-up over the
    stacked rows (None when the matrix is small enough for the dense cosines, as in one
    process). The matrix itself is not sent on: each task that needs it stacks the rows."""
    from .neighbours import candidate_search
    from .sparse import fits_dense

    matrix = _stacked(parts)
    return matrix.shape[0], (None if fits_dense(matrix) else candidate_search(matrix))


def _span(setup: tuple[int, Any], k: int, count: int, *parts: Any) -> tuple[Any, Any]:
    """Round 5, the k-th of `count` spans of consecutive blocks of rows: the codes (a * n + b) and
    exact cosines of the links its blocks' candidates give. The blocks are cut here, where they
    are searched, so the span tasks cover them all whatever the client's constants; the rows
    (`parts`) come from the partitions, those made on this worker without moving."""
    import numpy as np

    from .neighbours import block_pairs, blocks, exact_links
    from .sparse import distinct

    n, search = setup
    starts = list(blocks(n))
    starts = starts[len(starts) * k // count : len(starts) * (k + 1) // count]
    if search is None or not starts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    transposed = search.signatures.T.tocsr()
    pairs = distinct(np.concatenate([block_pairs(search, transposed, start) for start in starts]))
    a, b, cosine = exact_links(_stacked(parts), pairs)
    return a * n + b, cosine


def _links(setup: tuple[int, Any], *spans: tuple[Any, Any]) -> tuple[Any, Any, Any] | None:
    """Round 6, one task: the spans' links merged (a pair two spans found counts once, with the
    same cosine) and each source's strongest kept: `neighbours.strongest_links`'s (a, b, cosine);
    None when the matrix is small (`_grouped` then takes `dense_links`)."""
    import numpy as np

    from .neighbours import strongest_of

    n, search = setup
    if search is None:
        return None
    codes = np.concatenate([c for c, _ in spans])
    cosines = np.concatenate([w for _, w in spans])
    order = np.argsort(codes, kind="stable")
    codes, cosines = codes[order], cosines[order]
    fresh = np.ones(len(codes), dtype=bool)
    fresh[1:] = codes[1:] != codes[:-1]
    a, b = np.divmod(codes[fresh], n)
    return strongest_of(a, b, cosines[fresh])


def _grouped(links: tuple[Any, Any, Any] | None, *parts: Any) -> list[list[int]]:
    """Round 7, one task: the communities over the links, and the stories."""
    from .neighbours import dense_links
    from .sparse import gram
    from .stories import by_label, labels_of_links

    matrix = _stacked(parts)
    similarity = None
    if links is None:
        similarity = gram(matrix)
        links = dense_links(similarity)
    return by_label(labels_of_links(matrix, similarity, *links))


def _piece(value: tuple, k: int) -> Any:
    """The k-th part of a task's result (a task, where the result lies)."""
    return value[k]


def links(client: Any, parts: Sequence[Any], n: int) -> tuple[list[Any], Any]:
    """Futures of the TF-IDF rows of each partition (`_rows`), and of the strongest links
    (`_links`; None when the matrix is small enough for dense cosines), of the used sources of
    `parts` (futures of objects holding `source_stems`, as `distributed._Numbered`, in order;
    `n` used sources in all, more than `stories.FEW`), found by `client`'s cluster."""
    from .neighbours import blocks

    terms = [client.submit(_terms, p) for p in parts]
    numbering = client.submit(_vocabulary, n, *[client.submit(_piece, t, 1) for t in terms])
    rows = [client.submit(_rows, t, numbering, k) for k, t in enumerate(terms)]
    setup = client.submit(_setup, *rows)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    count = max(1, min(len(blocks(n)), SPANS_PER_WORKER * workers))
    spans = [client.submit(_span, setup, k, count, *rows) for k in range(count)]
    return rows, client.submit(_links, setup, *spans)


def _array_bytes(value: Any) -> int:
    """Bytes of the arrays a matrix or search set-up holds (what moves when it is sent): Dask's
    own estimate sees a dataclass as a few dozen bytes, so its transfer figures would not hold."""
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


_register_sizes()  # on import: each worker imports this module to run its first task


def group(client: Any, parts: Sequence[Any], n: int) -> Any:
    """A future of `stories.group_stems` over the used sources of `parts` (as in `links`),
    found by `client`'s cluster."""
    from .stories import FEW

    if n <= FEW:
        return client.submit(_whole, *[client.submit(_stems_of, p) for p in parts])
    rows, found = links(client, parts, n)
    return client.submit(_grouped, found, *rows)
