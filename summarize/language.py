"""Which language a source is written in, judged by which language's stop words fill it.

A brief is written in one language: its stop words and stemmer drive collapsing, story grouping
and ranking. Sources in another language would be stemmed and filtered wrongly, so the pipeline
skips them with a reason instead of mangling them.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import chain

# Languages a brief can be in: those with a stop-word list (sumy's, or ours for Russian). Words
# of languages without a Snowball stemmer (Hebrew, Slovak, Ukrainian, Polish) are used unstemmed.
LANGUAGES = (
    "english", "arabic", "czech", "french", "german", "greek", "hebrew", "italian",
    "polish", "portuguese", "russian", "slovak", "spanish", "swedish", "ukrainian",
)  # fmt: skip
AUTO = "auto"
SAMPLE_WORDS = 300  # words of each source looked at
MIN_WORDS = 25  # a source shorter than this is too short to judge: it joins the brief as it is
MIN_SHARE = 0.08  # the winning language's stop words must be at least this share of the words



def _stop_list(language: str) -> frozenset[str]:
    from .text import stop_words

    return stop_words(language)


@cache
def _index() -> dict[str, tuple[int, ...]]:
    """Each stop word of any language, with the indexes of the languages whose list holds it."""
    holders: dict[str, list[int]] = {}
    for i, language in enumerate(LANGUAGES):
        for word in _stop_list(language):
            holders.setdefault(word, []).append(i)
    return {word: tuple(ids) for word, ids in holders.items()}


def detect(text: str) -> str | None:
    """The language `text` is written in; "" when it is too short to tell; None when it is long
    enough but no known language's stop words fill it (another language, or not prose).

    Each word counts for every language whose stop list holds it; the language with the most
    hits wins (ties go to the earlier language in `LANGUAGES`), if its hits reach `MIN_SHARE`.
    """
    from .text import words

    tokens = words(text[: SAMPLE_WORDS * 12])[:SAMPLE_WORDS]
    tokens = [t for t in tokens if not t.isdigit()]
    if len(tokens) < MIN_WORDS:
        return ""
    index = _index()
    hits = Counter(chain.from_iterable(filter(None, map(index.get, tokens))))  # counted in C: no Python loop
    if not hits:
        return None
    best = min(hits, key=lambda i: (-hits[i], i))
    return LANGUAGES[best] if hits[best] >= MIN_SHARE * len(tokens) else None


def choose(detected: list[tuple[str | None, int]], wanted: str = AUTO) -> str:
    """The brief's language: `wanted`, or with "auto" the language most words were found in
    (English when none could be judged). `detected` holds (language, length of its text) per source."""
    if wanted != AUTO:
        return wanted
    words_in: Counter[str] = Counter()
    for language, count in detected:
        if language:
            words_in[language] += count
    if not words_in:
        return "english"
    return min(words_in, key=lambda lang: (-words_in[lang], LANGUAGES.index(lang)))


def check(language: str) -> str:
    """`language` in lower case, or a usage error naming the languages a brief can be in."""
    from .errors import UsageError

    name = (language or AUTO).strip().lower()
    if name != AUTO and name not in LANGUAGES:
        raise UsageError(f"unknown language '{language}': choose auto or one of {', '.join(sorted(LANGUAGES))}")
    return name


def unsupported_script(text: str) -> str:
    """Why text in a script written without spaces between words can't be used, if it is one."""
    letters = [c for c in text[:5000] if c.isalpha()]
    unspaced = sum(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\u0e00" <= c <= "\u0e7f"
        for c in letters
    )
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
