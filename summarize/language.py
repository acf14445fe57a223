"""Which language a source is written in, judged by which language's stop words fill it.

A brief is written in one language: its stop words and stemmer drive collapsing, story grouping
and ranking. Sources in another language would be stemmed and filtered wrongly, so the pipeline
skips them with a reason instead of mangling them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import chain
from typing import NamedTuple

from .errors import UsageError
from .text import stop_words, words

AUTO = "auto"
# Languages a brief can be in: those with a stop-word list (sumy's, or ours for Russian). Words
# of languages without a Snowball stemmer (Hebrew, Slovak, Ukrainian) are used unstemmed.
CODES = {  # ISO 639-1 code -> name; a brief can be in any of these (English first)
    "en": "english", "ar": "arabic", "cs": "czech", "fr": "french", "de": "german", "el": "greek",
    "he": "hebrew", "it": "italian", "pl": "polish", "pt": "portuguese", "ru": "russian",
    "sk": "slovak", "es": "spanish", "sv": "swedish", "uk": "ukrainian",
}  # fmt: skip
LANGUAGES = tuple(CODES.values())  # in this order: ties in detection go to the earlier one
SAMPLE_WORDS = 300  # words of each source looked at
MIN_WORDS = 25  # a source shorter than this is too short to judge: it joins the brief as it is
MIN_SHARE = 0.08  # the winning language's stop words must be at least this share of the words


@cache
def _index() -> dict[str, tuple[int, ...]]:
    """Each stop word of any language, with the indexes of the languages whose list holds it."""
    holders: dict[str, list[int]] = {}
    for i, language in enumerate(LANGUAGES):
        for word in stop_words(language):
            holders.setdefault(word, []).append(i)
    return {word: tuple(ids) for word, ids in holders.items()}


class Reading(NamedTuple):
    """What the stop words say of a text: its language ("" when there is nothing to judge by: too
    short, or not one stop word of any language, like a list of names; None when some language's
    stop words are there but none fills it), and the language whose stop words hit most ("" if none)."""

    language: str | None
    likeliest: str


def read(text: str) -> Reading:
    """Each word counts for every language whose stop list holds it; the language with the most
    hits is the likeliest (ties go to the earlier language in `LANGUAGES`), and is the language
    if its hits reach `MIN_SHARE` of the words. Russian and Ukrainian share many function words:
    the letters only one of them uses settle which it is."""
    sample = text[: SAMPLE_WORDS * 12]
    tokens = [t for t in words(sample)[:SAMPLE_WORDS] if not t.isdigit()]
    index = _index()
    hits = Counter(chain.from_iterable(filter(None, map(index.get, tokens))))  # counted in C: no Python loop
    if hits:
        _settle_cyrillic(hits, sample)
    best = min(hits, key=lambda i: (-hits[i], i)) if hits else None
    likeliest = LANGUAGES[best] if best is not None else ""
    if len(tokens) < MIN_WORDS or (not hits and not unsupported_script(text)):
        return Reading("", likeliest)  # too short, or no function word of any language: nothing to judge by
    if best is None or hits[best] < MIN_SHARE * len(tokens):
        return Reading(None, likeliest)
    return Reading(likeliest, likeliest)


def detect(text: str) -> str | None:
    """The language `text` is written in; "" when there is nothing to judge by (too short, or
    not one stop word of any language); None when no known language's stop words fill it."""
    return read(text).language


_RUSSIAN, _UKRAINIAN = LANGUAGES.index("russian"), LANGUAGES.index("ukrainian")


def _settle_cyrillic(hits: Counter[int], sample: str) -> None:
    if not (hits[_RUSSIAN] or hits[_UKRAINIAN]):
        return
    only_ukrainian = sum(sample.count(c) for c in "іїєґІЇЄҐ")
    only_russian = sum(sample.count(c) for c in "ыэъёЫЭЪЁ")
    if only_ukrainian > only_russian:
        hits[_UKRAINIAN] = max(hits[_UKRAINIAN], hits.pop(_RUSSIAN, 0))
    elif only_russian > only_ukrainian:
        hits[_RUSSIAN] = max(hits[_RUSSIAN], hits.pop(_UKRAINIAN, 0))


def choose(readings: Sequence[tuple[Reading, int]], wanted: str = AUTO) -> str:
    """The brief's language: `wanted`, or with "auto" the language most words were judged to be
    in (if none was judged: the likeliest language of most words; English when nothing hints).
    `readings` holds (reading, number of words) per source."""
    if wanted != AUTO:
        return wanted
    for pick in (lambda r: r.language, lambda r: r.likeliest):
        words_in: Counter[str] = Counter()
        for reading, count in readings:
            if pick(reading):
                words_in[pick(reading)] += count
        if words_in:
            return min(words_in, key=lambda lang: (-words_in[lang], LANGUAGES.index(lang)))
    return "english"


def belongs(reading: Reading, brief: str) -> bool:
    """Whether a source read so goes into a brief in `brief`: it is in that language, too short
    to judge, or unjudged but likeliest in it (English headlines and tables have few stop words)."""
    if reading.language is None:
        return reading.likeliest == brief
    return reading.language in ("", brief)


def check(language: str) -> str:
    """`language` as a name in lower case (a two-letter code such as "fr" is accepted), or a
    usage error naming the languages a brief can be in."""
    name = (language or AUTO).strip().lower()
    name = CODES.get(name, name)
    if name != AUTO and name not in LANGUAGES:
        raise UsageError(f"unknown language '{language}': choose auto or one of {', '.join(sorted(LANGUAGES))}")
    return name


def unsupported_script(text: str) -> str:
    """Why text in a script written without spaces between words can't be used, if it is one."""
    letters = [c for c in text[:5000] if c.isalpha()]
    unspaced = sum("\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\u0e00" <= c <= "\u0e7f" for c in letters)
    if letters and unspaced >= 0.3 * len(letters):
        return "text in Chinese, Japanese or Thai is not supported (words are not separated by spaces)"
    return ""


def why_skipped(found: str | None, brief: str, text: str) -> str:
    """The reason a source in language `found` (None: not recognised) is left out of a brief in `brief`."""
    if found:
        return (
            f"written in {found.title()}, and this brief is in {brief.title()} "
            f"(--language {found} makes a brief of the {found.title()} sources)"
        )
    return unsupported_script(text) or (
        f"language not recognised: a brief can be in {', '.join(lang.title() for lang in sorted(LANGUAGES))}"
    )
