"""Continuous LexRank (Erkan & Radev 2004) on sparse matrices.

The similarity graph is the TF-IDF cosine between sentences (self-loops removed, weak edges
below `THRESHOLD` dropped so the graph stays sparse); the score is the stationary
distribution of a random walk on it with damping, found by power iteration.
"""

from __future__ import annotations

from . import Candidates
from .vectors import tfidf, tokenize

DAMPING = 0.85
THRESHOLD = 0.1
TOLERANCE = 1e-8
MAX_ITERATIONS = 200


def pagerank(similarity, damping: float = DAMPING):
    """Stationary distribution of a damped random walk on a sparse, symmetric weight matrix."""
    import numpy as np
    from scipy import sparse

    n = similarity.shape[0]
    degree = np.asarray(similarity.sum(axis=1)).ravel()
    dangling = degree == 0
    inverse = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, degree))
    transition = sparse.csr_matrix(sparse.diags(inverse) @ similarity).T.tocsr()
    scores = np.full(n, 1.0 / n)
    for _ in range(MAX_ITERATIONS):
        leaked = scores[dangling].sum()
        updated = damping * (transition @ scores + leaked / n) + (1 - damping) / n
        if np.abs(updated - scores).sum() < TOLERANCE:
            return updated
        scores = updated
    return scores


BLOCK = 2000  # rows of the similarity matrix computed at a time, so weak edges never pile up


def similarity_graph(matrix, threshold: float = THRESHOLD):
    """Cosine similarities above `threshold`, self-loops removed (CSR), built a block of rows
    at a time so that memory follows the edges kept, not every pair sharing a word."""
    from scipy import sparse

    blocks = []
    transposed = matrix.T.tocsc()
    for start in range(0, matrix.shape[0], BLOCK):
        block = (matrix[start : start + BLOCK] @ transposed).tocsr()
        block.data[block.data < threshold] = 0
        block.eliminate_zeros()
        blocks.append(block)
    graph = sparse.vstack(blocks).tocsr() if blocks else sparse.csr_matrix(matrix.shape[:1] * 2)
    graph.setdiag(0)
    graph.eliminate_zeros()
    return graph


def rank(candidates: Candidates) -> list[float]:
    if not len(candidates):
        return []
    matrix, _, _ = tfidf(tokenize(candidates.texts, candidates.language))
    return [float(s) for s in pagerank(similarity_graph(matrix))]
