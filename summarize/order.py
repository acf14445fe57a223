"""Put chosen sentences in reading order: lead facts first, as the sources tell them, and a
sentence that leans on the one before it right after that one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .models import Group
from .select import leans_on_previous


def leaning_after(groups: Sequence[Group]) -> dict[int, int]:
    """For each group whose sentence leans on the one before it ("He ...", "But ..."), the
    group holding that sentence in the same source, when there is one among `groups`."""
    at = {(m.source_id, m.index): k for k, g in enumerate(groups) for m in g.members}
    out = {}
    for k, g in enumerate(groups):
        r = g.representative
        before = at.get((r.source_id, r.index - 1))
        if before is not None and before != k and leans_on_previous(r.text):
            out[k] = before
    return out


def reading_order(
    groups: Sequence[Group], scores: Sequence[float], follows: Mapping[int, int] | None = None, lead: int | None = None
) -> list[int]:
    """Indexes of `groups` ordered by where their earliest member stands in its source,
    ties by higher score, then by source id; `lead` (and what follows it) first when given.
    A group in `follows` (which maps it to the group it leans on) comes right after that one."""
    follows = follows or {}

    def key(i: int) -> tuple:
        first = min(groups[i].members, key=lambda m: (m.index, m.source_id))
        return (i != lead, first.index, -scores[i], first.source_id)

    after: dict[int, list[int]] = {}
    for i, before in follows.items():
        after.setdefault(before, []).append(i)
    out: list[int] = []

    def place(i: int) -> None:
        out.append(i)
        for j in sorted(after.get(i, ()), key=key):
            place(j)

    for i in sorted((i for i in range(len(groups)) if i not in follows), key=key):
        place(i)
    placed = set(out)
    return out + sorted((i for i in range(len(groups)) if i not in placed), key=key)  # none, unless follows loops
