"""Split cleaned sources into sentences and pool them in one list, ids and positions kept."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Sentence, Source
from .text import split_sentences

MAX_SENTENCE_WORDS = 250  # a longer run without sentence punctuation is a table or a list, not a sentence


def split_source(source: Source) -> list[Sentence]:
    """The sentences of one cleaned source, in reading order (runs of over `MAX_SENTENCE_WORDS`
    words are left out: they are not sentences a digest could quote)."""
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(source.text.split("\n\n")):
        for text in split_sentences(paragraph):
            if len(text.split()) > MAX_SENTENCE_WORDS:
                continue
            sentences.append(Sentence(text=text, source_id=source.id, paragraph=p, index=len(sentences)))
    return sentences


def pool(sources: Iterable[Source]) -> list[Sentence]:
    """Every sentence of every source on one list, sources in id order."""
    return [s for source in sources for s in split_source(source)]
