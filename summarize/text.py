"""Offline text primitives: sentence splitting, word tokens, stems and stop words.

Everything here works without downloaded data. Sentence splitting is rule based (a
Punkt-style abbreviation list plus shape rules), stemming uses the Snowball English
stemmer, and stop words come from the list sumy ships as package data.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from functools import cache, lru_cache

# Tokens that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen gens col lt sgt capt cmdr adm gov govs sen sens rep reps rev hon
    pres supt insp det cpl pvt maj brig
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    inc corp co ltd llc plc bros dept univ assn est
    vs etc al approx no nos n° nº vol p pp fig cf ca
    u.s u.k u.n e.u u.s.a d.c a.m p.m i.e e.g n.y l.a s.d n.j n.c s.c
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb
    nev okla ore pa penn tenn tex va vt wash wis wyo
    """.split()
)
# Of those, the ones written before a name or a number ("Mr. Smith", "p. 55", "No. 5"): they never
# end a sentence. The others ("Co.", "U.S.", "Calif.", an initial) end one when what follows
# plainly starts one (see SENTENCE_STARTERS).
BEFORE_NAMES = frozenset("mr mrs ms dr prof st mt ft rev hon no nos n° nº vol p pp fig cf vs approx i.e e.g".split())
# Titles written before a name ("Sen. Bob Dole") that also end names ("Hun Sen."): besides a
# sentence starter, they end a sentence when what follows repeats the name.
TITLES = frozenset("sen sens gen gens rep reps gov govs col capt lt sgt maj adm cmdr".split())
# Words that start a sentence and are neither names nor the words a title or an initial stands
# before: pronouns, articles, connectives and auxiliaries (in upper case after an abbreviation,
# they open a new sentence: "Jane and co. They ...", "you and I. Did you ...").
SENTENCE_STARTERS = frozenset(
    "he she it they we i you his her its their our my your this that these those the a an but and or so yet "
    "in on at after before when while if as there here what who why how where which "
    "is are was were did do does has have had will would can could should may might must".split()
)

# Where a sentence may end: a run of terminal marks (matched from its start only, so a line of
# thousands of dots is scanned once, not once per dot), closing quotes or brackets, then a space.
# Marks inside brackets ("[...]", "(...)") are an omission, not an end.
_BOUNDARY = re.compile(r"""(?<![.!?\[(])[.!?]++["'”’)\]]*+(?=\s)""")
# What may start a new sentence is judged by `_starts_sentence`, past this gap of space and opening marks.
_GAP = re.compile(r"""\s+["'“‘`(\[«„¿¡]*""")
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
_INITIAL = re.compile(r"^[A-Z]$")
# An item label at the start of a list written on one line: "1.", "2.)", "3)", "a.", "• 9.", "⁃10.".
_LIST_LABEL = re.compile(r"([•⁃‣◦▪]? ?)(\d{1,3}|[a-z])(\.\)|\.|\)) ")
_LABEL_ONLY = re.compile(r"[•⁃‣◦▪]? ?(?:\d{1,3}|[a-z])(?:\.\)|\.|\))")
_OPENING_ELLIPSIS = " . . . "  # after a full stop: an omission that opens the next sentence


def _token_before(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at `end` (the period excluded)."""
    start = text.rfind(" ", 0, end) + 1
    return text[start:end].lstrip("\"'“‘([`")


def _is_abbreviation(token: str) -> bool:
    word = token.rstrip(".").lower()
    if word in ABBREVIATIONS:
        return True
    if _INITIAL.match(token.rstrip(".")):
        return True  # a single initial: "John F. Kennedy"
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))  # dotted acronyms: "U.S", "a.m"


def _ends_anyway(text: str, end: int, token: str) -> bool:
    """Whether an abbreviation ends its sentence all the same: 'Briggs & Co. It closed', 'Hun
    Sen. He said', 'you and I. Did you' do; 'Sen. Bob Dole', 'Mr. Smith', 'p. 55' do not."""
    word = token.rstrip(".").lower()
    if word in BEFORE_NAMES:
        return False
    after = text[end + 1 : end + 101].split()  # a window, not the whole text: a paragraph may be
    following = after[0].strip("\"'“‘(`") if after else ""  # a megabyte on one line
    if following.lower() in SENTENCE_STARTERS:
        return True
    if word not in TITLES:
        return False
    before = text[max(0, end - len(token) - 100) : end - len(token)].split()
    return bool(before) and following == before[-1]


def _starts_sentence(text: str, at: int) -> bool:
    """Whether white space at `at` leads (past opening quotes and brackets) to what can start a
    sentence: a capital in any alphabet, a digit, or a letter of a script without case
    (Arabic, Hebrew, Chinese...)."""
    gap = _GAP.match(text, at)
    if not gap or gap.end() >= len(text):
        return False
    first = text[gap.end()]
    return first.isupper() or first.isdigit() or (first.isalpha() and not first.islower())


def _spaced_dots(text: str, start: int, at: int) -> int:
    """How many dots, each after a space ('. . .'), end at `at` since `start`."""
    n = 0
    while at - 2 * n - 1 >= start and text[at - 2 * n] == "." and text[at - 2 * n - 1] == " ":
        n += 1
    return n


def _list_items(text: str) -> list[str]:
    """A paragraph that opens a list written on one line ("1. The first 2. The second"), cut
    before each next label in sequence; any other paragraph whole."""
    first = _LIST_LABEL.match(text)
    if not first:
        return [text]
    bullet, label, style = first.groups()
    cuts = [0]
    while True:
        label = str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
        at = text.find(f" {bullet}{label}{style} ", cuts[-1] + 1)
        if at < 0:
            break
        cuts.append(at + 1)
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph (a single line of text) into sentences.

    A boundary is sentence-final punctuation followed by white space and a token that can
    start a sentence, unless the word before the period is a known abbreviation or an initial
    that does not end its sentence (see `_ends_anyway`), the period is the third of a spaced
    ellipsis ('. . .', an omission), or what comes before is only a list label ("1.", "a)").
    A list written on one line is split before each label.
    """
    return list(iter_sentences(paragraph))


def iter_sentences(paragraph: str) -> Iterator[str]:
    """The sentences of `split_sentences`, one at a time, so that a reader that wants only the
    first few of a paragraph of megabytes stops there (the work is in finding the boundaries)."""
    text = " ".join(paragraph.split())
    if text[:1].isdigit() or text[:1] in "•⁃‣◦▪abcdefghijklmnopqrstuvwxyz":
        for item in _list_items(text):
            yield from _split(item)
    else:
        yield from _split(text)


def _split(text: str) -> Iterator[str]:
    last = len(text) - 1
    if text.find(".", 0, last) < 0 and text.find("!", 0, last) < 0 and text.find("?", 0, last) < 0:
        # No mark before the last character, and a boundary needs white space after its mark: one
        # sentence (a one-line record), found without the search for boundaries (two thirds of the cost).
        if tail := text.strip():
            yield tail
        return
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        punct = match.group()
        if not _starts_sentence(text, end):
            if (
                punct == "."
                and text[match.start() - 1 : match.start()] != " "
                and text.startswith(_OPENING_ELLIPSIS, end)
                and _starts_sentence(text, end + 6)
            ):
                yield text[start:end].strip()  # 'compounds. . . . The' ends at 'compounds.'
                start = end
            continue
        if punct.startswith(".") and len(punct.rstrip("\"'”’)]")) == 1:
            if text[match.start() - 1 : match.start()] == " ":
                if _spaced_dots(text, start, match.start()) == 3:
                    continue  # '. . . I did not': an omission inside the sentence
            else:
                token = _token_before(text, match.start())
                if _is_abbreviation(token) and not _ends_anyway(text, match.start(), token):
                    continue
        piece = text[start:end].strip()
        if _LABEL_ONLY.fullmatch(piece):
            continue  # "1." opens a list item: it is no sentence
        if piece:
            yield piece
        start = end
    tail = text[start:].strip()
    if tail:
        yield tail


def words(text: str) -> list[str]:
    """Word tokens in lower case: letters and digits, keeping inner apostrophes and dots."""
    return _WORD.findall(text.lower().replace("’", "'"))


# Function words of Russian (sumy ships no Russian list); written for this project.
_RUSSIAN_STOP_WORDS = """
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для
до его ее её ей ему если есть еще ещё же за здесь и из или им их к как какой когда кто ли либо
мне может мы на над надо наш не него нее неё нет ни них но ну о об однако он она они оно от по
под после при про с со так также такой там те тем то того тоже той только том ты у уже хотя
чего чем что чтобы эта эти это этого этой этот я которые который которая которое которых году
года был будет будут может могут сказал заявил между через перед против около
""".split()


@cache
def stop_words(language: str = "english") -> frozenset[str]:
    """The stop-word list sumy ships for `language` (read as package data, no sumy import cost);
    ours for Russian, for which sumy has none."""
    if language == "russian":
        return frozenset(_RUSSIAN_STOP_WORDS)

    # Found through sumy's package spec, which imports neither sumy nor importlib.resources
    # (that alone took about 9 ms, a sixtieth of a 3,000-sentence digest).
    from importlib.util import find_spec
    from pathlib import Path

    folder = Path(find_spec("sumy").submodule_search_locations[0])
    data = (folder / "data" / "stopwords" / f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in data.splitlines() if w.strip())


@lru_cache(maxsize=8)
def _stemmer(language: str):
    import snowballstemmer

    if language not in snowballstemmer.algorithms():
        return _Unstemmed()  # Hebrew, Slovak, Ukrainian: words are used as they are
    return snowballstemmer.stemmer(language)


class _Unstemmed:
    """A stand-in stemmer for languages Snowball has no algorithm for: every word is its own stem."""

    def stemWord(self, word: str) -> str:  # noqa: N802 (Snowball's method name)
        return word


_stem_cache: dict[str, str] = {}


def stem(word: str, language: str = "english") -> str:
    """The Snowball stem of a lower-case word, cached (the word itself where Snowball has no
    stemmer for the language)."""
    key = word if language == "english" else f"{language}:{word}"
    cached = _stem_cache.get(key)
    if cached is None:
        cached = _stemmer(language).stemWord(word)
        _stem_cache[key] = cached
    return cached


def stems(tokens: list[str], language: str = "english") -> list[str]:
    """Stems of many lower-case words at once (cached; the fast path for whole sentences)."""
    cache = _stem_cache if language == "english" else None
    if cache is None:
        return [stem(w, language) for w in tokens]
    try:
        return list(map(cache.__getitem__, tokens))  # the usual case, every word met before: at C speed
    except KeyError:
        missing = [w for w in set(tokens) if w not in cache]
        cache.update(zip(missing, _stemmer(language).stemWords(missing), strict=True))
        return list(map(cache.__getitem__, tokens))


SENTENCE_CHARS = 1000  # texts up to this long are sentences: their content stems are remembered
REMEMBERED = 1 << 18  # sentences whose content stems are remembered (the oldest forgotten first): enough
# that 100,000 one-line records are tokenised once, not once per stage (6% of their CPU time)
_remembered: OrderedDict[tuple[str, str], tuple[str, ...]] = OrderedDict()


def _content_words(tokens: list[str], language: str) -> list[str]:
    """The words that say what a text is about: not stop words, and not bare numbers."""
    stops = stop_words(language)
    return [w for w in tokens if w not in stops and not w.isdigit()]


def _content_stems(text: str, language: str) -> tuple[str, ...]:
    return tuple(stems(_content_words(words(text), language), language))


def _remember(text: str, language: str, content: tuple[str, ...]) -> None:
    _remembered[(text, language)] = content
    if len(_remembered) > REMEMBERED:
        _remembered.popitem(last=False)


def content_stems(text: str, language: str = "english") -> tuple[str, ...]:
    """Stems of the words of `text` that are not stop words and contain a letter. A sentence's
    are remembered: grouping, ranking and selecting read the same sentences (longer texts are
    read each time)."""
    if len(text) > SENTENCE_CHARS:
        return _content_stems(text, language)
    found = _remembered.get((text, language))
    if found is None:
        found = _content_stems(text, language)
        _remember(text, language, found)
    return found


def sentence_stems(text: str, language: str = "english", tokens: list[str] | None = None) -> list[str]:
    """Stems of every word of a sentence, stop words included (`tokens`: its `words`, when
    already read). Its content stems are remembered on the way: collapsing reads each sentence
    this way first, so grouping and ranking need not tokenise it again."""
    if tokens is None:
        tokens = words(text)
    found = stems(tokens, language)
    if len(text) <= SENTENCE_CHARS and (text, language) not in _remembered:
        stops = stop_words(language)  # the content words' stems, read off the stems of every word
        content = tuple(s for w, s in zip(tokens, found, strict=True) if w not in stops and not w.isdigit())
        _remember(text, language, content)
    return found
