"""Sparse rows in plain numpy, and the one product the pipeline needs from them.

Importing scipy.sparse costs about 0.2 s (with numpy 2, scipy's array-API layer imports every
numpy submodule), more than collapsing, grouping and ranking three thousand sentences take
together. So sentence and source vectors are kept as numpy arrays laid out like a CSR matrix;
a product small enough to expand term by term (`fits_dense`) is done here (`gram`), and
anything larger is handed to scipy, which is then worth its import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DENSE_LIMIT = 2000  # rows up to which a product's dense result (and a dense random walk) is cheap
EXPAND_LIMIT = 2_000_000  # products term by term (sum of squared column counts) done in numpy
BATCH = 2_000_000  # products expanded at a time, to bound memory


def spans(starts, lengths):
    """Positions start, start + 1, ..., start + length - 1 of each span, all spans in a row."""
    import numpy as np

    total = int(lengths.sum())
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)


def distinct(values):
    """The distinct values of an integer array, sorted: `numpy.unique` by one sort.

    numpy 2's `unique` finds distinct values by hashing, which grows far faster than a sort on
    many distinct keys (4 million pair codes: 22 s against 0.2 s here), so the pipeline's
    pair and key lists go through this instead."""
    import numpy as np

    ordered = np.sort(np.asarray(values).ravel())
    if len(ordered) < 2:
        return ordered
    fresh = np.empty(len(ordered), dtype=bool)
    fresh[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=fresh[1:])
    return ordered[fresh]


@dataclass(frozen=True)
class Rows:
    """A sparse matrix laid out as CSR: row i holds `indices[indptr[i]:indptr[i + 1]]` (columns)
    with the values at the same places in `data`."""

    indptr: Any  # int64, n + 1
    indices: Any  # int64, one per stored value
    data: Any  # float64
    shape: tuple[int, int]

    @classmethod
    def from_tokens(cls, rows: Iterable[Iterable[str]]) -> tuple[Rows, dict[str, int]]:
        """Counts of each token in each row; columns numbered in order of first appearance, and
        in increasing order within a row. Tokens are numbered by one lookup of them all and
        counted by a sort in numpy (a Counter per row took twice as long)."""
        from itertools import chain
        from operator import itemgetter

        import numpy as np

        rows = [r if isinstance(r, (list, tuple)) else list(r) for r in rows]
        tokens = list(chain.from_iterable(rows))
        vocab: dict[str, int] = {t: i for i, t in enumerate(dict.fromkeys(tokens))}
        # One lookup of every token at C speed: itemgetter of many keys returns a tuple.
        if len(tokens) > 1:
            ids = np.fromiter(itemgetter(*tokens)(vocab), dtype=np.int64, count=len(tokens))
        else:
            ids = np.array([vocab[t] for t in tokens], dtype=np.int64)
        lengths = [len(r) for r in rows]
        n, width = len(lengths), max(len(vocab), 1)
        keys = np.sort(np.repeat(np.arange(n, dtype=np.int64), lengths) * width + ids)
        firsts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else keys
        row, column = np.divmod(keys[firsts], width)
        matrix = cls(
            np.concatenate(([0], np.cumsum(np.bincount(row, minlength=n)))).astype(np.int64),
            column,
            np.diff(np.append(firsts, len(keys))).astype(np.float64),
            (n, width),
        )
        return matrix, vocab

    def row_ids(self):
        """The row of each stored value."""
        import numpy as np

        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def column_counts(self):
        """How many rows hold each column (document frequency)."""
        import numpy as np

        return np.bincount(self.indices, minlength=self.shape[1])

    def with_data(self, data) -> Rows:
        """The same stored places with other values."""
        return Rows(self.indptr, self.indices, data, self.shape)

    def where(self, keep) -> Rows:
        """Only the stored values where `keep` (one flag per stored value) is true."""
        import numpy as np

        held = np.bincount(self.row_ids()[keep], minlength=self.shape[0])
        indptr = np.concatenate(([0], np.cumsum(held)))
        return Rows(indptr, self.indices[keep], self.data[keep], self.shape)

    def scale_columns(self, weights) -> Rows:
        return self.with_data(self.data * weights[self.indices])

    def normalized(self) -> Rows:
        """Each row scaled to unit length (empty rows stay empty)."""
        import numpy as np

        rows = self.row_ids()
        norms = np.sqrt(np.bincount(rows, weights=self.data * self.data, minlength=self.shape[0]))
        norms[norms == 0] = 1.0
        return self.with_data(self.data / norms[rows])

    def dot(self, vector):
        """Matrix times a dense vector (one value per column)."""
        import numpy as np

        return np.bincount(self.row_ids(), weights=self.data * vector[self.indices], minlength=self.shape[0])

    def transpose_dot(self, vector):
        """Transposed matrix times a dense vector (one value per row)."""
        import numpy as np

        weights = self.data * vector[self.row_ids()]
        return np.bincount(self.indices, weights=weights, minlength=self.shape[1])

    def take(self, ids: Sequence[int]) -> Rows:
        """The given rows, in the given order."""
        import numpy as np

        ids = np.asarray(ids, dtype=np.int64)
        lengths = np.diff(self.indptr)[ids]
        at = spans(self.indptr[ids], lengths)
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        return Rows(indptr, self.indices[at], self.data[at], (len(ids), self.shape[1]))

    def to_scipy(self):
        """The same matrix as scipy's CSR."""
        from scipy import sparse

        return sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape)


def fits_dense(matrix: Rows) -> bool:
    """Whether `gram(matrix)` is cheap: few rows, and few products term by term."""
    if matrix.shape[0] > DENSE_LIMIT:
        return False
    counts = matrix.column_counts()
    return int((counts * counts).sum()) <= EXPAND_LIMIT


def gram(matrix: Rows, dtype: str = "float64"):
    """matrix @ matrix.T as a dense array: expanded term by term in numpy when that is cheap
    (`fits_dense`), else scipy's sparse product."""
    if fits_dense(matrix):
        return _expanded_gram(matrix).astype(dtype, copy=False)
    scipy_matrix = matrix.to_scipy()
    return (scipy_matrix @ scipy_matrix.T).astype(dtype).toarray()


def _expanded_gram(matrix: Rows):
    """matrix @ matrix.T in float64: each pair of values in a column adds its product to their
    rows' cell, a batch of whole columns at a time. Exactly symmetric."""
    import numpy as np

    n = matrix.shape[0]
    out = np.zeros(n * n)
    order = np.argsort(matrix.indices, kind="stable")
    columns, rows, values = matrix.indices[order], matrix.row_ids()[order], matrix.data[order]
    if not len(columns):
        return out.reshape(n, n)
    starts = np.flatnonzero(np.concatenate(([True], columns[1:] != columns[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(columns)])))
    cost = np.cumsum(sizes * sizes)
    first = 0
    while first < len(starts):
        last = max(int(np.searchsorted(cost, cost[first] - sizes[first] ** 2 + BATCH, side="right")), first + 1)
        size_of = np.repeat(sizes[first:last], sizes[first:last])  # for each value: its column's size
        start_of = np.repeat(starts[first:last], sizes[first:last])
        left = np.repeat(np.arange(starts[first], starts[first] + len(size_of)), size_of)
        right = spans(start_of, size_of)  # each value meets every value of its column
        out += np.bincount(rows[left] * n + rows[right], weights=values[left] * values[right], minlength=n * n)
        first = last
    return out.reshape(n, n)
