"""Centroid ranking (after MEAD, Radev et al. 2004): closeness to what the whole pool is about.

Score = cosine between a sentence's TF-IDF vector and the pool centroid, times a mild bonus for
corroboration (how many sources carry the sentence) and for standing early in its source.
"""

from __future__ import annotations

from . import Candidates
from .vectors import tfidf, tokenize

SUPPORT_WEIGHT = 0.15  # relative bonus per extra source carrying the sentence (log scale)
POSITION_WEIGHT = 0.15  # relative bonus for the lead of an article, decaying with position


def rank(candidates: Candidates) -> list[float]:
    import numpy as np

    if not len(candidates):
        return []
    matrix, _, _ = tfidf(tokenize(candidates.texts, candidates.language))
    support = np.asarray(candidates.support, dtype=np.float64)
    centroid = matrix.transpose_dot(support)
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return [0.0] * len(candidates)
    closeness = matrix.dot(centroid / norm)
    position = 1.0 / (1.0 + np.asarray(candidates.positions, dtype=np.float64))
    scores = closeness * (1 + SUPPORT_WEIGHT * np.log(support)) * (1 + POSITION_WEIGHT * position)
    return [float(s) for s in scores]
