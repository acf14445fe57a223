"""How well each sentence answers a question: the question's topic words it holds, the rarer
in the story the more they count.

A short question ("How many users does WeChat have?") names one or two things; the word the
whole story shares ("WeChat") says little, the rarer one ("users") says which sentences answer.
The brief leads with the best answer. A question of one sentence asks one thing: its best
answer is also always chosen. A longer statement of a topic (several sentences: "Discuss ...
Include ...") names many things at once; its words weigh in the ranking, and no one sentence is
forced in for it (forcing the sentence richest in its words cost DUC 2006, whose topics are such
statements, ROUGE-1 0.21 and ROUGE-2 0.31).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .text import content_stems, split_sentences, stem

# Words of instruction in a question ("Discuss ... Include ...") that say nothing of its topic.
QUERY_NOISE = frozenset(
    "discuss describe include identify explain give provide report summarize specify list detail "
    "information concerning regarding involved involving aspects effects kinds types".split()
)


def query_stems(query: str, language: str = "english") -> frozenset[str]:
    """The stems of a question's topic words."""
    if not query:
        return frozenset()
    noise = {stem(w, language) for w in QUERY_NOISE}
    return frozenset(s for s in content_stems(query, language) if s not in noise)


def asks_one_thing(query: str) -> bool:
    """Whether the question is one sentence (its answer is then always chosen)."""
    return len([s for p in query.split("\n\n") for s in split_sentences(p)]) == 1


def relevance(texts: Sequence[str], query: str, language: str = "english") -> list[float]:
    """For each text, the summed rarity (log(n / texts holding it) + 1) of the question's topic
    stems it holds; 0.0 for every text when there is no question."""
    wanted = query_stems(query, language)
    if not wanted:
        return [0.0] * len(texts)
    held = [wanted.intersection(content_stems(t, language)) for t in texts]
    counts = Counter(s for h in held for s in h)
    n = len(texts)
    return [math.fsum(math.log(n / counts[s]) + 1.0 for s in h) for h in held]


def best_answer(texts: Sequence[str], query: str, eligible: Sequence[bool], language: str = "english") -> int | None:
    """The index of the eligible text that answers the question best (most relevant, then the
    shortest, then the first), or None when no eligible text holds any of its topic words."""
    scores = relevance(texts, query, language)
    found = [i for i in range(len(texts)) if eligible[i] and scores[i] > 0]
    if not found:
        return None
    return min(found, key=lambda i: (-scores[i], len(texts[i].split()), i))
