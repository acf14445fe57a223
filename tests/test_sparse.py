"""Sparse rows in numpy: the same numbers as scipy's CSR matrices."""

from __future__ import annotations

import random

import numpy as np
import pytest

from summarize import sparse
from summarize.sparse import Rows, fits_dense, gram


def _rows(n: int = 120, seed: int = 5) -> Rows:
    rng = random.Random(seed)
    tokens = [[f"w{rng.randrange(60)}" for _ in range(rng.randrange(0, 14))] for _ in range(n)]
    matrix, _ = Rows.from_tokens(tokens)
    return matrix.scale_columns(np.linspace(0.5, 2.0, matrix.shape[1])).normalized()


def test_counts_follow_first_appearance():
    matrix, vocab = Rows.from_tokens([["b", "a", "b"], [], ["a"]])
    assert vocab == {"b": 0, "a": 1}
    assert matrix.shape == (3, 2)
    assert matrix.to_scipy().toarray().tolist() == [[2, 1], [0, 0], [0, 1]]
    assert matrix.column_counts().tolist() == [1, 2]


def test_counts_equal_a_counter_per_row_and_columns_rise_within_a_row():
    from collections import Counter

    rng = random.Random(11)
    tokens = [[f"w{rng.randrange(30)}" for _ in range(rng.randrange(0, 20))] for _ in range(200)]
    matrix, vocab = Rows.from_tokens(iter(tokens))  # any iterable of rows
    assert list(vocab) == list(dict.fromkeys(t for row in tokens for t in row))
    for i, row in enumerate(tokens):
        columns = matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]
        counts = matrix.data[matrix.indptr[i] : matrix.indptr[i + 1]]
        assert list(columns) == sorted(columns)
        expected = {vocab[t]: c for t, c in Counter(row).items()}
        assert dict(zip(columns.tolist(), counts.tolist(), strict=True)) == expected


def test_an_empty_input_is_one_column_wide():
    matrix, vocab = Rows.from_tokens([[], []])
    assert vocab == {} and matrix.shape == (2, 1)
    assert gram(matrix).tolist() == [[0.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize("batch", [1, 50, 2_000_000])
def test_gram_equals_scipys_product_in_any_batch(monkeypatch, batch):
    monkeypatch.setattr(sparse, "BATCH", batch)  # one column at a time, a few, all at once
    matrix = _rows()
    scipy_matrix = matrix.to_scipy()
    product = gram(matrix)
    assert np.allclose(product, (scipy_matrix @ scipy_matrix.T).toarray())
    assert (product == product.T).all()


def test_row_operations_equal_scipys():
    matrix = _rows()
    scipy_matrix = matrix.to_scipy()
    rng = np.random.default_rng(1)
    columns, rows = rng.random(matrix.shape[1]), rng.random(matrix.shape[0])
    assert np.allclose(matrix.dot(columns), scipy_matrix @ columns)
    assert np.allclose(matrix.transpose_dot(rows), scipy_matrix.T @ rows)
    norms = np.sqrt(np.asarray(scipy_matrix.multiply(scipy_matrix).sum(axis=1)).ravel())
    assert np.allclose(norms[norms > 0], 1.0)
    ids = [7, 3, 119, 0, 3]
    assert np.array_equal(matrix.take(ids).to_scipy().toarray(), scipy_matrix[ids].toarray())
    keep = matrix.data > 0.3
    kept = matrix.where(keep).to_scipy().toarray()
    assert np.array_equal(kept, np.where(scipy_matrix.toarray() > 0.3, scipy_matrix.toarray(), 0.0))


def test_only_small_products_are_done_in_numpy(monkeypatch):
    matrix = _rows()
    assert fits_dense(matrix)
    monkeypatch.setattr(sparse, "DENSE_LIMIT", matrix.shape[0] - 1)
    assert not fits_dense(matrix)
    monkeypatch.setattr(sparse, "DENSE_LIMIT", 10_000)
    monkeypatch.setattr(sparse, "EXPAND_LIMIT", 10)
    assert not fits_dense(matrix)
