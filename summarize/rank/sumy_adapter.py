"""Every sumy summarizer behind the project's ranking call.

sumy's own plaintext parser drops ALL-CAPS lines, merges equal sentences and returns
sentences without scores, and its stock tokenizer needs downloaded NLTK data. So the
document model is built here from the candidates (one paragraph per source, its title as the
heading), with an offline tokenizer, and the ratings are read from sumy's own ranking step:
sumy hands its rated, sorted sentences to the `sentences_count` callable, which keeps them.
"""

from __future__ import annotations

import math
import random
import warnings
from functools import partial
from typing import Any

from ..text import split_sentences, stem, stop_words, words
from . import Candidates

# Words that weaken a sentence for Edmundson's cue method (hedges and hearsay).
STIGMA_WORDS = ("allegedly", "reportedly", "perhaps", "maybe", "hardly", "rumour", "rumor", "unconfirmed", "might")


class OfflineTokenizer:
    """The tokenizer sumy asks for (`to_sentences`, `to_words`), needing no downloaded data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


class _Ratings:
    """A `sentences_count` for sumy that keeps every rated sentence and selects them all."""

    def __init__(self) -> None:
        self.infos: list[Any] = []

    def __call__(self, infos):
        self.infos = list(infos)
        return self.infos


def _document(candidates: Candidates, tokenizer: OfflineTokenizer):
    """A sumy document: one paragraph per source, its title as heading; and the candidate order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    by_source: dict[int, list[int]] = {}
    for i in sorted(range(len(candidates)), key=lambda i: (candidates.sources[i], candidates.positions[i])):
        by_source.setdefault(candidates.sources[i], []).append(i)
    paragraphs, order = [], []
    for source_id, items in by_source.items():
        sentences = []
        title = candidates.titles.get(source_id, "")
        if title:
            sentences.append(Sentence(title, tokenizer, is_heading=True))
        for i in items:
            sentences.append(Sentence(candidates.texts[i], tokenizer))
            order.append(i)
        paragraphs.append(Paragraph(sentences))
    return ObjectDocumentModel(paragraphs), order


def _summarizer(name: str, candidates: Candidates):
    from sumy.nlp.stemmers import Stemmer

    try:
        stemmer = Stemmer(candidates.language)
        stemmer("word")  # some of sumy's stemmers fail only when first used
    except ValueError:  # sumy wants an extra package to stem Greek and Polish: use ours
        stemmer = partial(stem, language=candidates.language)
    stops = stop_words(candidates.language)
    if name == "lexrank":
        from sumy.summarizers.lex_rank import LexRankSummarizer as cls
    elif name == "textrank":
        from sumy.summarizers.text_rank import TextRankSummarizer as cls
    elif name == "lsa":
        cls = _sorted_lsa()
    elif name == "luhn":
        from sumy.summarizers.luhn import LuhnSummarizer as cls
    elif name == "kl":
        from sumy.summarizers.kl import KLSummarizer as cls
    elif name == "sumbasic":
        from sumy.summarizers.sum_basic import SumBasicSummarizer as cls
    elif name == "reduction":
        from sumy.summarizers.reduction import ReductionSummarizer as cls
    elif name == "random":
        from sumy.summarizers.random import RandomSummarizer as cls
    elif name == "edmundson":
        from sumy.summarizers.edmundson import EdmundsonSummarizer

        summarizer = EdmundsonSummarizer(stemmer)
        title_words = {w for t in candidates.titles.values() for w in words(t) if w not in stops}
        summarizer.bonus_words = tuple(sorted({stemmer(w) for w in title_words})) or ("news",)
        summarizer.stigma_words = tuple(sorted({stemmer(w) for w in STIGMA_WORDS}))
        summarizer.null_words = tuple(sorted(stops))
        return summarizer
    else:
        raise ValueError(f"not a sumy algorithm: {name}")
    summarizer = cls(stemmer)
    if hasattr(summarizer, "stop_words"):
        summarizer.stop_words = stops
    return summarizer


def _sorted_lsa():
    """sumy's LSA with its terms numbered in sorted order: sumy numbers them in the iteration
    order of a set, which follows the hash seed, and when sentences repeat the decomposition's
    singular vectors then differ from run to run (3 outputs over 8 seeds)."""
    from sumy.summarizers.lsa import LsaSummarizer

    class SortedLsa(LsaSummarizer):
        def _create_dictionary(self, document):
            normalized = map(self.normalize_word, document.words)
            found = sorted({self.stem_word(w) for w in normalized if w not in self._stop_words})
            return {w: i for i, w in enumerate(found)}

    return SortedLsa


SIGNIFICANT = 10  # digits of a rating kept: sums over sets differ in the last bits with the hash seed


def rank(name: str, candidates: Candidates) -> list[float]:
    """sumy's rating for every candidate (higher is better), in candidate order."""
    import numpy as np

    if not len(candidates):
        return []
    document, order = _document(candidates, OfflineTokenizer())
    summarizer = _summarizer(name, candidates)
    ratings = _Ratings()
    state = random.getstate()
    random.seed(candidates.seed)  # sumy's Random and any tie-breaking draw from the global generator
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # sumy divides by zero on graphs with no edges
            summarizer(document, ratings)
    finally:
        random.setstate(state)
    scores = [0.0] * len(candidates)
    for info in ratings.infos:
        rating = float(info.rating)
        scores[order[info.order]] = float(f"{rating:.{SIGNIFICANT}g}") if math.isfinite(rating) else 0.0
    return scores
