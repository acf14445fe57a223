"""Concept coverage (Gillick & Favre 2009): a summary is worth the concepts it covers.

Concepts are the word bigrams and content words of a story's candidates (Snowball stems). A
concept weighs how likely a person summarising the story is to use it, as learned from human
summaries (see GRAM_MODEL): how many sources carry it, how early, in how many sentences,
whether a title or the question holds it, how rare its words are. Each sentence also carries a
small concept of its own, worth its LexRank centrality, which breaks ties toward sentences
central to the whole input. Each concept counts once however many chosen sentences carry it,
which makes the objective reward coverage and penalise repetition by itself. Selection solves
the budgeted coverage problem (see `select.cover`); the per-sentence score reported is the
weight of the concepts a sentence carries.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..query import query_stems
from ..text import stems, stop_words, words
from . import Candidates

if TYPE_CHECKING:
    import numpy as np

POSITION_DECAY = 0.3  # a source's vote for a concept is 1 / (1 + decay * sentence index)
CENTRALITY_WEIGHT = 0.1  # per word of a sentence, times its LexRank centrality (max 1)


@dataclass(frozen=True)
class Concepts:
    """Concept ids per candidate and one weight per concept id."""

    sets: list[frozenset[int]]
    weights: list[float]

    def worth(self) -> list[float]:
        """Each candidate's worth alone: the weight of the concepts it carries, summed exactly
        (so the order a set yields its ids in, which follows string hashes, never shows)."""
        return [math.fsum(self.weights[c] for c in s) for s in self.sets]


# Learned concept weights (Li, Qian & Liu 2013; Hong & Nenkova 2014), fitted by
# `python -m bench.learn_concepts fit` on all 50 DUC 2006 clusters with their questions:
# logistic regressions of the share of human summaries holding a bigram (GRAM_MODEL, on
# concept_table.FEATURES) or a content word (WORD_MODEL, on concept_table.WORD_FEATURES). A
# bigram weighs n_sources * P(in the summaries), a word WORD_SCALE times that. Trained on DUC
# 2006 and measured on DUC 2004 dev (see BENCHMARKS.md), never on the clusters it is judged on.
GRAM_MODEL = (-4.2605, 0.7250, 0.1104, 1.5845, 0.7340, -0.2703, -0.8653, 0.4941, 0.2306, 0.3203)
WORD_MODEL = (2.1810, 0.2771, 0.1772, 0.7016, 0.0900, -0.3943, 0.4762, 0.7826, 1.3207)
WORD_SCALE = 0.25  # DUC 2004 dev R1 39.65 / 40.05 / 40.22 / 39.81 at 0.2 / 0.25 / 0.3 / 0.4; 0.3 costs DUC 2006 R2
# What a concept the reader has already read (`Candidates.known`) still weighs, as a share of its
# weight: chosen on the DUC 2007 update task (BENCHMARKS.md), one setting for every topic.
NOVELTY = 0.5  # B+C R2 9.91 / 9.93 / 9.70 at 0.4 / 0.5 / 0.6 (0.1: 8.80, 0.9: 9.54)


def _probability(features: np.ndarray, model: tuple[float, ...]) -> np.ndarray:
    """The logistic model's probability for each row of features."""
    import numpy as np

    return 1.0 / (1.0 + np.exp(-(features @ np.asarray(model))))


def extract(candidates: Candidates) -> Concepts:
    """Weighted concepts of the candidates: every bigram and content word, weighted by how
    likely a person summarising the story is to use it (see GRAM_MODEL), plus one concept of
    each candidate's own (see `_own_weights`)."""
    import numpy as np

    from .concept_table import table

    t = table(candidates, POSITION_DECAY, query_stems(candidates.query, candidates.language))
    n = t.n_sources
    gram_weights = n * _probability(t.gram_features, GRAM_MODEL)
    word_weights = WORD_SCALE * n * _probability(t.word_features, WORD_MODEL)
    weights = np.concatenate([gram_weights, word_weights])
    if candidates.known is not None:
        keys = [concept_key(f"{a} {b}") for a, b in t.grams] + [concept_key(w) for w in t.words]
        weights = weights * novelty(candidates.known(np.asarray(keys, dtype=np.uint32)))
    item_concepts = [
        np.concatenate([g, w + len(gram_weights)]) for g, w in zip(t.item_grams, t.item_words, strict=True)
    ]
    return _fold_private(item_concepts, weights, _own_weights(candidates))


def novelty(read: np.ndarray) -> np.ndarray:
    """What a concept the reader has read in `read` sources still weighs, as a share of its
    weight: NOVELTY however often it was read (weighing it less the more often it was read,
    1 / (1 + read) or its square root, lost 0.3-1.0 R2 on the update task: the story's own
    words stay in what people write of its news)."""
    import numpy as np

    return np.where(read > 0, NOVELTY, 1.0)


def concept_key(concept: str) -> int:
    """A stable 32-bit hash of one concept ("stem" or "stem stem"), as a state remembers it: with
    a few million concepts kept, a new one takes an old one's hash about once in a thousand, a
    harmless slip for a weight."""
    return zlib.crc32(concept.encode("utf-8", "surrogatepass"))


def concept_keys(text: str, language: str = "english") -> set[int]:
    """The hashes of the concepts of `text`: its stemmed word bigrams (not two stop words) and
    content words (not stop words, with a letter), as `extract` counts them."""
    stops = stop_words(language)
    toks = words(text)
    stemmed = stems(toks, language)
    keys = {
        concept_key(f"{sa} {sb}")
        for a, b, sa, sb in zip(toks, toks[1:], stemmed, stemmed[1:], strict=False)
        if not (a in stops and b in stops)
    }
    keys.update(
        concept_key(s) for t, s in zip(toks, stemmed, strict=True) if t not in stops and any(c.isalpha() for c in t)
    )
    return keys


def _fold_private(item_concepts: list[np.ndarray], weights: np.ndarray, own: list[float]) -> Concepts:
    """Concepts only one candidate carries are covered exactly when it is chosen: their weight
    joins the candidate's `own` in one concept of its own. The optimum is the same; the integer
    program has fewer variables and constraints."""
    import numpy as np

    every = np.concatenate(item_concepts) if item_concepts else np.zeros(0, dtype=np.int64)
    carriers = np.bincount(every, minlength=len(weights))
    shared = np.flatnonzero(carriers > 1)
    renumber = np.full(len(weights), -1, dtype=np.int64)
    renumber[shared] = np.arange(len(shared))
    out_weights = weights[shared].tolist()
    sets = []
    for concepts, mine in zip(item_concepts, own, strict=True):
        ids = renumber[concepts]
        private = math.fsum(weights[concepts[ids < 0]].tolist()) + mine
        held = ids[ids >= 0].tolist()
        if private > 0:
            held.append(len(out_weights))
            out_weights.append(private)
        sets.append(frozenset(held))
    return Concepts(sets=sets, weights=out_weights)


def _own_weights(candidates: Candidates) -> list[float]:
    """Each sentence's concept of its own, worth its LexRank centrality per word: among
    sentences covering the same concepts, the one closest to what the whole input says wins
    (R1 +0.7 and +0.3, R2 +0.1 and +0.2 on DUC 2004 dev and DUC 2006)."""
    from .lexrank import rank as centrality

    scores = centrality(candidates)
    top = max(scores, default=0.0) or 1.0
    texts = candidates.texts
    return [CENTRALITY_WEIGHT * (score / top) * len(text.split()) for text, score in zip(texts, scores, strict=True)]


def rank(candidates: Candidates) -> list[float]:
    """Each candidate's worth alone: the weight of the concepts it carries."""
    return extract(candidates).worth()
