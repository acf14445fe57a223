"""Put chosen sentences in reading order: lead facts first, as the sources tell them."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Group
from .text import leans_on_previous


def reading_order(groups: Sequence[Group], scores: Sequence[float]) -> list[int]:
    """Indexes of `groups` ordered by where their earliest member stands in its source,
    ties by higher score, then by source id; a sentence that leans on the one before it
    ("But ...", "He ...") comes right after that one when it was chosen too."""

    def key(i: int) -> tuple:
        first = min(groups[i].members, key=lambda m: (m.index, m.source_id))
        return (first.index, -scores[i], first.source_id)

    ordered = sorted(range(len(groups)), key=key)
    holder = {(m.source_id, m.index): i for i in ordered for m in groups[i].members}
    after: dict[int, int] = {}
    for i in ordered:
        if leans_on_previous(groups[i].representative.text):
            before = [holder.get((m.source_id, m.index - 1)) for m in groups[i].members]
            before = [b for b in before if b is not None and b != i]
            if before:
                after[i] = before[0]
    if not after:
        return ordered
    out: list[int] = []

    def place(i: int) -> None:
        out.append(i)
        for j in ordered:
            if after.get(j) == i and j not in out:
                place(j)

    for i in ordered:
        if i not in after and i not in out:
            place(i)
    out.extend(i for i in ordered if i not in out)  # a loop of sentences leaning on each other
    return out
