"""Split cleaned sources into sentences and pool them in one list, ids and positions kept."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Sentence, Source
from .text import split_sentences


def split_source(source: Source) -> list[Sentence]:
    """The sentences of one cleaned source, in reading order."""
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(source.text.split("\n\n")):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(text=text, source_id=source.id, paragraph=p, index=len(sentences)))
    return sentences


def pool(sources: Iterable[Source]) -> list[Sentence]:
    """Every sentence of every source on one list, sources in id order."""
    return [s for source in sources for s in split_source(source)]
