"""What a concept's weight is made of: for every word bigram and content word of a story's
candidates, how many sources carry it, how early, in how many sentences, whether a title or the
question holds it (see FEATURES and WORD_FEATURES).

Everything is counted in numpy over one array of tokens, so a story of tens of thousands of
candidates costs a tokenising pass and a few sorts, not a dictionary update per word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text import content_stems, stem, stems, stop_words, words

if TYPE_CHECKING:
    import numpy as np

    from . import Candidates

FEATURES = (
    "bias",
    "log_sources",  # log(1 + sources carrying it)
    "log_votes",  # log(1 + position-decayed votes)
    "earliest",  # 1 / (1 + index of its earliest sentence in any source)
    "log_sentences",  # log(1 + sentences carrying it)
    "has_stop",  # one of its two words is a stop word
    "in_first",  # it is in the first sentence of some source
    "in_title",  # it is in a source's title
    "word_freq",  # log of the rarer word's share of the input's tokens
    "query",  # how many of its words are topic words of the query (0-2)
)

WORD_FEATURES = (
    "bias",
    "log_sources",  # log(1 + sources carrying the word)
    "log_votes",  # log(1 + position-decayed votes)
    "earliest",  # 1 / (1 + index of its earliest sentence in any source)
    "log_sentences",  # log(1 + sentences carrying it)
    "in_first",  # it is in the first sentence of some source
    "in_title",  # it is in a source's title
    "word_freq",  # log of its share of the input's content tokens
    "query",  # it is a topic word of the query
)


@dataclass(frozen=True)
class Table:
    """The bigrams (stemmed, not two stop words) and content words (stemmed, not stop words,
    with a letter) of a story's candidates, each in sorted order, and what they are made of."""

    grams: list[tuple[str, str]]
    gram_sources: np.ndarray  # how many sources carry each bigram
    gram_votes: np.ndarray  # the sum of those sources' votes (see `table`)
    gram_features: np.ndarray  # one row per bigram, columns FEATURES
    item_grams: list[np.ndarray]  # each candidate's bigram ids, rising
    words: list[str]
    word_features: np.ndarray  # one row per word, columns WORD_FEATURES
    item_words: list[np.ndarray]  # each candidate's word ids, rising
    n_sources: int


@dataclass(frozen=True)
class _Counts:
    """Per unit (bigram or word): sources, summed votes, sentences, earliest sentence index."""

    sources: np.ndarray
    votes: np.ndarray
    sentences: np.ndarray
    earliest: np.ndarray

    def columns(self) -> list[np.ndarray]:
        """The features both kinds of unit share: bias, log_sources, log_votes, earliest,
        log_sentences."""
        import numpy as np

        return [
            np.ones(len(self.sources)),
            np.log1p(self.sources),
            np.log1p(self.votes),
            1.0 / (1.0 + self.earliest),
            np.log1p(self.sentences),
        ]


def table(candidates: Candidates, position_decay: float, query_focus: frozenset[str]) -> Table:
    """Every bigram and content word of `candidates` with its counts and features.

    A source votes for a unit with the weight of its earliest sentence holding it,
    1 / (1 + position_decay * index); `query_focus` are the question's topic stems.
    """
    import numpy as np

    language = candidates.language
    stops = stop_words(language)
    stem_id: dict[str, int] = {}
    has_letter: dict[str, bool] = {}
    tok_stem: list[int] = []
    tok_stop: list[bool] = []
    tok_letter: list[bool] = []
    lengths: list[int] = []
    for text in candidates.texts:
        toks = words(text)
        lengths.append(len(toks))
        tok_stem.extend([stem_id.setdefault(s, len(stem_id)) for s in stems(toks, language)])
        tok_stop.extend([t in stops for t in toks])
        for t in toks:
            letter = has_letter.get(t)
            if letter is None:
                letter = has_letter[t] = any(ch.isalpha() for ch in t)
            tok_letter.append(letter)
    n_items = len(lengths)
    item = np.repeat(np.arange(n_items), lengths)
    stop = np.asarray(tok_stop, dtype=bool)
    names = sorted(stem_id)  # stems in sorted order: a unit's id follows it
    rank = np.empty(len(names), dtype=np.int64)
    rank[[stem_id[s] for s in names]] = np.arange(len(names))
    tok = rank[np.asarray(tok_stem, dtype=np.int64)] if tok_stem else np.zeros(0, dtype=np.int64)
    n_stems = max(len(names), 1)

    places = _places(candidates, position_decay)
    weight = places.count[item].astype(float)
    counted = np.bincount(tok[~stop], weights=weight[~stop], minlength=n_stems)  # non-stop tokens by stem
    total = counted.sum() or 1.0

    # Bigrams: consecutive tokens of one candidate, not both stop words, coded a * n + b.
    pair = (item[1:] == item[:-1]) & ~(stop[1:] & stop[:-1])
    code = tok[:-1][pair] * n_stems + tok[1:][pair]
    gram_codes, gram_of = np.unique(code, return_inverse=True)
    gram_items, gram_units = _unique_pairs(item[:-1][pair], gram_of, len(gram_codes))
    last = np.full(len(gram_codes), -1, dtype=np.int64)  # a bigram's stop flag is its last token pair's
    np.maximum.at(last, gram_of, np.arange(len(gram_of)))
    has_stop = (stop[1:] | stop[:-1])[pair][last] if len(last) else np.zeros(0, dtype=bool)
    grams = [(names[c // n_stems], names[c % n_stems]) for c in gram_codes.tolist()]
    g = _counts(gram_items, gram_units, len(grams), places)
    first_stem, second_stem = gram_codes // n_stems, gram_codes % n_stems
    fa, fb = counted[first_stem], counted[second_stem]
    rare = np.where(fa > 0, np.where(fb > 0, np.minimum(fa, fb), fa), np.where(fb > 0, fb, 1.0))
    title_grams: set[tuple[str, str]] = set()
    title_words: set[str] = set()
    for title in candidates.titles.values():
        title_grams |= bigrams(title or "", language)
        title_words.update(content_stems(title or "", language))
    in_focus = np.asarray([s in query_focus for s in names] or [False], dtype=float)
    gram_features = np.column_stack(
        [
            *g.columns(),
            has_stop.astype(float),
            (g.earliest == 0).astype(float),
            np.asarray([x in title_grams for x in grams], dtype=float),
            np.log(rare / total),
            in_focus[first_stem] + in_focus[second_stem],
        ]
    )

    # Content words: not stop words, with a letter.
    content = ~stop & np.asarray(tok_letter, dtype=bool)
    word_codes, word_of = np.unique(tok[content], return_inverse=True)
    word_items, word_units = _unique_pairs(item[content], word_of, len(word_codes))
    word_list = [names[c] for c in word_codes.tolist()]
    w = _counts(word_items, word_units, len(word_list), places)
    word_features = np.column_stack(
        [
            *w.columns(),
            (w.earliest == 0).astype(float),
            np.asarray([x in title_words for x in word_list], dtype=float),
            np.log(np.maximum(counted[word_codes], 1.0) / total),
            in_focus[word_codes] if len(word_codes) else np.zeros(0),
        ]
    )
    return Table(
        grams=grams,
        gram_sources=g.sources,
        gram_votes=g.votes,
        gram_features=gram_features,
        item_grams=_split(gram_items, gram_units, n_items),
        words=word_list,
        word_features=word_features,
        item_words=_split(word_items, word_units, n_items),
        n_sources=max(places.n_sources, 1),
    )


def bigrams(text: str, language: str = "english") -> set[tuple[str, str]]:
    """Stemmed word bigrams of `text`, leaving out pairs of two stop words."""
    stops = stop_words(language)
    toks = words(text)
    return {
        (stem(a, language), stem(b, language))
        for a, b in zip(toks, toks[1:], strict=False)
        if not (a in stops and b in stops)
    }


@dataclass(frozen=True)
class _Places:
    """Where the candidates stand. Per candidate: how many places, where its first one is in the
    per-place arrays, its earliest sentence index. Per place: a source number from 0, its vote."""

    count: np.ndarray
    start: np.ndarray
    lead: np.ndarray
    source: np.ndarray
    vote: np.ndarray
    n_sources: int


def _places(candidates: Candidates, position_decay: float) -> _Places:
    import numpy as np

    occurrences = candidates.occurrences or [
        ((s, p),) for s, p in zip(candidates.sources, candidates.positions, strict=False)
    ]
    n_places = np.asarray([len(p) for p in occurrences], dtype=np.int64)
    source = np.asarray([s for p in occurrences for s, _ in p], dtype=np.int64)
    index = np.asarray([i for p in occurrences for _, i in p], dtype=np.int64)
    sources, source = np.unique(source, return_inverse=True)
    starts = np.concatenate([[0], np.cumsum(n_places)[:-1]]) if len(n_places) else n_places
    lead = np.minimum.reduceat(index, starts) if len(index) else np.zeros(0, dtype=np.int64)
    vote = 1.0 / (1.0 + position_decay * index)
    return _Places(n_places, starts, lead, source, vote, len(sources))


def _unique_pairs(items: np.ndarray, units: np.ndarray, n_units: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (candidate, unit) pairs, by candidate then unit."""
    import numpy as np

    from ..sparse import distinct

    key = distinct(items.astype(np.int64) * max(n_units, 1) + units)
    return key // max(n_units, 1), key % max(n_units, 1)


def _counts(items: np.ndarray, units: np.ndarray, n_units: int, places: _Places) -> _Counts:
    """Sources, votes, sentences and earliest index of each unit, from its (candidate, unit) pairs."""
    import numpy as np

    source, vote, n_sources = places.source, places.vote, max(places.n_sources, 1)
    repeat = places.count[items]
    unit_rows = np.repeat(units, repeat)
    offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    place = np.repeat(places.start[items], repeat) + offset
    key = unit_rows * n_sources + source[place]
    order = np.lexsort((-vote[place], key))  # by unit and source, the best vote first
    key_sorted = key[order]
    best = np.ones(len(order), dtype=bool)
    best[1:] = key_sorted[1:] != key_sorted[:-1]
    voter = key_sorted[best] // n_sources
    earliest = np.full(n_units, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(earliest, units, places.lead[items])
    return _Counts(
        sources=np.bincount(voter, minlength=n_units).astype(float),
        votes=np.bincount(voter, weights=vote[place][order][best], minlength=n_units),
        sentences=np.bincount(units, weights=repeat, minlength=n_units),
        earliest=earliest,
    )


def _split(items: np.ndarray, units: np.ndarray, n_items: int) -> list[np.ndarray]:
    """Each candidate's units (pairs sorted by candidate)."""
    import numpy as np

    bounds = np.searchsorted(items, np.arange(n_items + 1))
    return [units[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]
