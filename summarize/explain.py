"""`--explain`: why each sentence made the brief, from what the ranking and selection saw.

For a chosen sentence of a story: its score and its place among the story's candidates by
score, the terms that carried it (its words and two-word phrases that the most of the story's
sources carry: the signal every ranking here rewards, and the main weight of a concept), how
many sources carry it and the near-copies it stands for, and what it beat for its seat (the
best candidate of the story left out that scored no higher). Nothing here changes a choice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .models import Copy, Explanation, Group, Term
from .text import stems, stop_words, words

TERMS = 4  # terms shown per sentence


def _terms(text: str, language: str) -> list[tuple[str, str]]:
    """(stem key, surface form) of a sentence's content words and of each pair of neighbouring ones."""
    stop = stop_words(language)
    shown = [w for w in words(text) if w not in stop and any(c.isalpha() for c in w)]
    keys = stems(shown, language)
    single = list(zip(keys, shown, strict=True))
    pairs = [(f"{a} {b}", f"{x} {y}") for (a, x), (b, y) in zip(single, single[1:], strict=False)]
    return pairs + single


def explain_story(
    groups: Sequence[Group], scores: Sequence[float], picked: Sequence[int], story: int, language: str
) -> dict[int, Explanation]:
    """The explanation of each picked candidate (by its index into `groups`) of story `story`."""
    carriers: dict[str, set[int]] = defaultdict(set)  # term -> the story's sources that carry it
    for group in groups:
        for member in group.members:  # each copy counts for its own words only (a light edit may lack some)
            for key, _ in _terms(member.text, language):
                carriers[key].add(member.source_id)
    chosen = set(picked)
    by_score = sorted(range(len(groups)), key=lambda i: (-scores[i], i))
    place = {i: n + 1 for n, i in enumerate(by_score)}
    left_out = [i for i in by_score if i not in chosen]
    out = {}
    for i in picked:
        group = groups[i]
        seen: dict[str, tuple[int, int, str]] = {}
        for order, (key, surface) in enumerate(_terms(group.representative.text, language)):
            seen.setdefault(key, (len(carriers[key]), -order, surface))
        # Most sources first; between equals, a phrase before a word (phrases come first in the list).
        top = sorted(seen.values(), key=lambda t: (-t[0], -t[1]))
        terms, taken = [], set()
        for count, _, surface in top:
            if len(terms) == TERMS:
                break
            if set(surface.split()) & {w for t in taken for w in t.split()}:  # no word shown twice
                continue
            taken.add(surface)
            terms.append(Term(surface, count))
        beaten = next((j for j in left_out if scores[j] <= scores[i]), None)
        rep = group.representative
        copies = tuple(Copy(m.source_id, m.text) for m in group.members if m != rep)
        out[i] = Explanation(
            score=scores[i],
            rank=place[i],
            candidates=len(groups),
            terms=tuple(terms),
            sources=group.support,
            copies=copies,
            story=story,
            beat=groups[beaten].representative.text if beaten is not None else "",
            beat_score=scores[beaten] if beaten is not None else None,
        )
    return out
