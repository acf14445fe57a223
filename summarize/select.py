"""Choose the digest's sentences: best scores first, within the budget, without repeating.

The budget is a number of sentences or a number of words (whole sentences only, counted by
`len(text.split())`; a sentence that alone exceeds what is left is passed over). A candidate
too similar to one already chosen is skipped, so no two digest sentences say the same thing.
Fragments, questions and very long run-ons are not eligible while better ones remain.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .text import content_stems

REDUNDANCY = 0.5  # cosine between content-word vectors above which two sentences repeat each other
MIN_WORDS = 6
MAX_WORDS = 80


@dataclass(frozen=True)
class Budget:
    """At most `sentences` sentences and at most `words` words (either may be None)."""

    sentences: int | None = None
    words: int | None = None


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def eligible(text: str) -> bool:
    """A sentence that can stand in a digest on its own."""
    n = len(text.split())
    closing = text.rstrip("\"'”’) ")
    return MIN_WORDS <= n <= MAX_WORDS and closing.endswith((".", "!"))


def select(
    texts: Sequence[str],
    scores: Sequence[float],
    budget: Budget,
    *,
    language: str = "english",
    redundancy: float = REDUNDANCY,
) -> list[int]:
    """Indexes of the chosen texts, best first."""
    order = sorted(range(len(texts)), key=lambda i: (-scores[i], i))
    preferred = [i for i in order if eligible(texts[i])]
    fallback = [i for i in order if not eligible(texts[i])]
    chosen: list[int] = []
    vectors: list[Counter] = []
    words_left = budget.words
    for i in preferred + fallback:
        if budget.sentences is not None and len(chosen) >= budget.sentences:
            break
        if words_left is not None and words_left <= 0:
            break
        n = len(texts[i].split())
        if n == 0 or (words_left is not None and n > words_left):
            continue
        vector = Counter(content_stems(texts[i], language))
        if any(_cosine(vector, v) > redundancy for v in vectors):
            continue
        chosen.append(i)
        vectors.append(vector)
        if words_left is not None:
            words_left -= n
    return chosen
