"""Put chosen sentences in reading order: lead facts first, as the sources tell them."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Group


def reading_order(groups: Sequence[Group], scores: Sequence[float]) -> list[int]:
    """Indexes of `groups` ordered by where their earliest member stands in its source,
    ties by higher score, then by source id."""

    def key(i: int) -> tuple:
        first = min(groups[i].members, key=lambda m: (m.index, m.source_id))
        return (first.index, -scores[i], first.source_id)

    return sorted(range(len(groups)), key=key)
