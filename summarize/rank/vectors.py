"""Sparse TF-IDF vectors of candidate sentences, shared by the native rankers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..sparse import Rows
from ..text import content_stems


def tokenize(texts: Sequence[str], language: str = "english") -> list[tuple[str, ...]]:
    """Content-word stems of each text."""
    return [content_stems(t, language) for t in texts]


def tfidf(tokens: Sequence[Sequence[str]], *, sublinear: bool = True) -> tuple[Rows, dict[str, int], Any]:
    """Row-normalised TF-IDF matrix (sentences x terms), the vocabulary, and the idf of each term.

    idf = log(1 + n / df), so that a term in every sentence still counts a little; tf is
    1 + log(count) when `sublinear`.
    """
    import numpy as np

    counts, vocab = Rows.from_tokens(tokens)
    idf = np.log1p(len(tokens) / np.maximum(counts.column_counts(), 1))
    tf = 1.0 + np.log(counts.data) if sublinear else counts.data
    return counts.with_data(tf).scale_columns(idf).normalized(), vocab, idf
