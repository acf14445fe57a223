"""Concept coverage (Gillick & Favre 2009): a summary is worth the concepts it covers.

Concepts are word bigrams (Snowball stems, not both stop words); a concept's weight is the
number of sources that carry it, kept when it reaches a share of the sources, so that what
many outlets report dominates. Each sentence also carries a small concept of its own, worth
its LexRank centrality, which breaks ties toward sentences central to the whole input. Each
concept counts once however many chosen sentences carry it, which makes the objective reward
coverage and penalise repetition by itself. Selection
solves the budgeted coverage problem (see `select.cover`); the per-sentence score reported is
the weight of the concepts a sentence carries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..text import content_stems, stem, stop_words, words
from . import Candidates

MIN_SOURCES = 3  # a concept must be carried by at least this many sources...
MIN_SHARE = 0.1  # ...or this share of them, whichever is larger
POSITION_DECAY = 0.3  # a source's vote for a concept is 1 / (1 + decay * sentence index)
CENTRALITY_WEIGHT = 0.1  # per word of a sentence, times its LexRank centrality (max 1)
QUERY_WEIGHT = 1.0  # with a query, a concept sharing a stem with it weighs (1 + this) times more
# Words of instruction in a question ("Discuss ... Include ...") that say nothing of its topic.
QUERY_NOISE = frozenset(
    "discuss describe include identify explain give provide report summarize specify list detail "
    "information concerning regarding involved involving aspects effects kinds types".split()
)


@dataclass(frozen=True)
class Concepts:
    """Concept ids per candidate and one weight per concept id."""

    sets: list[frozenset[int]]
    weights: list[float]

    def worth(self) -> list[float]:
        """Each candidate's worth alone: the weight of the concepts it carries, summed exactly
        (so the order a set yields its ids in, which follows string hashes, never shows)."""
        return [math.fsum(self.weights[c] for c in s) for s in self.sets]


def bigrams(text: str, language: str = "english") -> set[tuple[str, str]]:
    """Stemmed word bigrams of `text`, leaving out pairs of two stop words."""
    stops = stop_words(language)
    toks = words(text)
    return {
        (stem(a, language), stem(b, language))
        for a, b in zip(toks, toks[1:], strict=False)
        if not (a in stops and b in stops)
    }


def query_stems(query: str, language: str = "english") -> frozenset[str]:
    """The stems of a question's topic words."""
    if not query:
        return frozenset()
    noise = {stem(w, language) for w in QUERY_NOISE}
    return frozenset(s for s in content_stems(query, language) if s not in noise)


def extract(candidates: Candidates) -> Concepts:
    """Weighted concepts of the candidates.

    Every source holding a member of a group votes for the group's concepts, with the weight of
    its earliest such sentence (news puts what matters first); a concept's weight is the sum of
    its sources' votes, and it is kept only when enough sources carry it.
    """
    language = candidates.language
    per_item = [bigrams(t, language) for t in candidates.texts]
    occurrences = candidates.occurrences or [
        ((s, p),) for s, p in zip(candidates.sources, candidates.positions, strict=False)
    ]
    votes: dict[tuple[str, str], dict[int, float]] = {}
    for grams, places in zip(per_item, occurrences, strict=False):
        for source_id, index in places:
            vote = 1.0 / (1.0 + POSITION_DECAY * index)
            for g in grams:
                by_source = votes.setdefault(g, {})
                if vote > by_source.get(source_id, 0.0):
                    by_source[source_id] = vote
    n_sources = len({s for places in occurrences for s, _ in places})
    floor = max(min(MIN_SOURCES, n_sources), MIN_SHARE * n_sources)
    focus = query_stems(candidates.query, language)
    ids: dict[tuple[str, str], int] = {}
    weights: list[float] = []
    for g in sorted(votes):
        if len(votes[g]) >= floor:
            ids[g] = len(weights)
            boost = 1.0 + QUERY_WEIGHT if focus and (g[0] in focus or g[1] in focus) else 1.0
            weights.append(boost * sum(votes[g].values()))
    sets = [frozenset(ids[g] for g in grams if g in ids) for grams in per_item]
    return _with_centrality(candidates, _fold_private(sets, weights))


def _fold_private(sets: list[frozenset[int]], weights: list[float]) -> Concepts:
    """Concepts only one candidate carries are covered exactly when it is chosen: their weight
    moves to one concept of that candidate's own. The optimum is the same; the integer program
    has fewer variables and constraints."""
    carriers = [0] * len(weights)
    for s in sets:
        for c in s:
            carriers[c] += 1
    shared = [c for c in range(len(weights)) if carriers[c] > 1]
    renumber = {c: k for k, c in enumerate(shared)}
    out_weights = [weights[c] for c in shared]
    out_sets = []
    for s in sets:
        private = math.fsum(weights[c] for c in s if carriers[c] == 1)
        own = {renumber[c] for c in s if carriers[c] > 1}
        if private > 0:
            own.add(len(out_weights))
            out_weights.append(private)
        out_sets.append(frozenset(own))
    return Concepts(sets=out_sets, weights=out_weights)


def _with_centrality(candidates: Candidates, concepts: Concepts) -> Concepts:
    """Give each sentence a concept of its own worth its LexRank centrality per word: among
    sentences covering the same concepts, the one closest to what the whole input says wins
    (R1 +0.7 and +0.3, R2 +0.1 and +0.2 on DUC 2004 dev and DUC 2006)."""
    from .lexrank import rank as centrality

    scores = centrality(candidates)
    top = max(scores, default=0.0) or 1.0
    weights = list(concepts.weights)
    sets = []
    for text, own, score in zip(candidates.texts, concepts.sets, scores, strict=True):
        sets.append(own | {len(weights)})
        weights.append(CENTRALITY_WEIGHT * (score / top) * len(text.split()))
    return Concepts(sets=sets, weights=weights)


def rank(candidates: Candidates) -> list[float]:
    """Each candidate's worth alone: the weight of the concepts it carries."""
    return extract(candidates).worth()
