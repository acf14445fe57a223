"""Sparse TF-IDF vectors of candidate sentences, shared by the native rankers."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import content_stems


def tokenize(texts: Sequence[str], language: str = "english") -> list[list[str]]:
    """Content-word stems of each text."""
    return [content_stems(t, language) for t in texts]


def tfidf(tokens: Sequence[Sequence[str]], *, sublinear: bool = True):
    """Row-normalised TF-IDF matrix (sentences x terms, scipy CSR) and the vocabulary.

    idf = log(1 + n / df), so that a term in every sentence still counts a little; tf is
    1 + log(count) when `sublinear`.
    """
    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, toks in enumerate(tokens):
        counts: dict[int, int] = {}
        for t in toks:
            j = vocab.setdefault(t, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            rows.append(i)
            cols.append(j)
            vals.append(c)
    n = len(tokens)
    tf = sparse.csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(n, max(len(vocab), 1)))
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    idf = np.log1p(n / np.maximum(df, 1))
    if sublinear:
        tf.data = 1.0 + np.log(tf.data)
    weighted = tf @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted), vocab, idf
