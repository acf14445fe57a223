"""Split cleaned sources into sentences and pool them in one list, ids and positions kept."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import Sentence, Source
from .text import iter_sentences

MAX_SENTENCE_WORDS = 250  # a longer run without sentence punctuation is a table or a list, not a sentence
MAX_SOURCE_SENTENCES = 20_000  # no article is longer: past this a source is data or a dump, and costs the
# whole brief its time (330,000 templated sentences in one 33 MB file took 74 s); the rest is not read
MAX_WORD_CHARS = 200  # a longer run without a space is data (base64, `&a&a...`, a minified script), not a word
MAX_MEAN_WORD_CHARS = 25  # nor is text whose "words" are this long on average (encoded data in short lines)


# Two or more words in capitals, then a word in sentence case: a heading the page ran into its first
# sentence ("BATTING AGAINST THE TIGERS Ana Ruiz: Slow curves ...", "CHANGE YOUR LOCKS Ms. Okafor ...";
# 5 of 43,828 benchmark sentences and 6 of 7,020 article sentences of saved pages open so, all with
# a heading). Each capital word has two characters or more, so "I" and "A" open no heading.
_HEADING = re.compile(r"(?:[A-Z][A-Z0-9'’&.\-]*[A-Z0-9] +){2,}(?=[A-Z][a-z])")
MIN_WORDS_AFTER_HEADING = 4  # what follows a heading must be a sentence for the heading to be cut off


def without_heading(text: str) -> str:
    """The sentence without a heading in capitals run into its head (the sentence as it is when
    it has none, or when too little follows the heading to be a sentence)."""
    match = _HEADING.match(text[:200])
    if match is None:
        return text
    rest = text[match.end() :]
    return rest if len(rest.split()) >= MIN_WORDS_AFTER_HEADING else text


def is_prose(text: str) -> bool:
    """Whether a sentence reads as words: none over MAX_WORD_CHARS, and not long on average."""
    gaps = text.count(" ") + 1
    if len(text) <= MAX_WORD_CHARS and len(text) <= MAX_MEAN_WORD_CHARS * gaps and text.strip():
        return True  # the usual sentence: short enough that no word can be too long
    tokens = text.split()
    if not tokens:
        return False
    total = sum(len(t) for t in tokens)
    return total <= MAX_MEAN_WORD_CHARS * len(tokens) and max(len(t) for t in tokens) <= MAX_WORD_CHARS


def why_no_sentences(cleaned: str) -> str:
    """Why cleaned text with words in it gave no sentence."""
    if any(len(t) > MAX_WORD_CHARS for t in cleaned.split()):
        return f"no sentences: its text is not prose (runs of over {MAX_WORD_CHARS} characters without a space)"
    return f"no sentences: its text runs on for over {MAX_SENTENCE_WORDS} words without a full stop"


def split_source(source: Source) -> list[Sentence]:
    """The sentences of one cleaned source, in reading order (runs of over `MAX_SENTENCE_WORDS`
    words, and text that is not prose, are left out: they are not sentences a digest could quote;
    past `MAX_SOURCE_SENTENCES` sentences the rest of the source is not read)."""
    return read_sentences(source)[0]


def read_sentences(source: Source) -> tuple[list[Sentence], bool]:
    """As `split_source`, and whether the source was cut short at `MAX_SOURCE_SENTENCES`, so
    that the unread rest can be reported rather than dropped unsaid."""
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(source.text.split("\n\n")):
        for text in iter_sentences(paragraph):  # one at a time: a source past the cap stops here
            text = without_heading(text)
            if len(text.split()) > MAX_SENTENCE_WORDS or not is_prose(text):
                continue
            if len(sentences) >= MAX_SOURCE_SENTENCES:
                return sentences, True
            sentences.append(Sentence(text=text, source_id=source.id, paragraph=p, index=len(sentences)))
    return sentences, False


CUT_SHORT = (
    f"only its first {MAX_SOURCE_SENTENCES:,} sentences were read: no article is longer, the rest is data or a dump"
)


def pool(sources: Iterable[Source]) -> list[Sentence]:
    """Every sentence of every source on one list, sources in id order."""
    return [s for source in sources for s in split_source(source)]
