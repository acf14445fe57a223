"""Which lines of a saved page are its article: a small learned model of line and block features.

A page saved as plain text is a column of lines: menus (runs of short lines), teasers, forms,
comment threads, footers, and somewhere the article. Each line is described by its own shape
(length, closing punctuation, indentation, bullets, capitals, function words, digits), by its
place (how much of the page's prose came before it, whether a footer or comments heading came
before it, whether it stands in the page's run of lines richest in prose) and by its neighbours
(the same shapes averaged over the lines around it). Boosted trees over these features give each
line a first probability of being article; a second stage adds those probabilities smoothed over
the neighbouring lines, so a block is judged as a
block (a lone prose line in a menu, or a short line inside the article, follows its block).

The coefficients are fitted on the cleaning-dev pages by `bench/learn_cleaning.py` (scikit-
learn's gradient-boosted trees; 5-fold cross-validation by site in `bench/cleaning.py`) and
shipped as two tables in `line_trees.py`. Inference is plain Python: no numpy import.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

# Words of interface and reader interaction: share, reply, log in, comments, subscribe...
_INTERFACE = frozenset(
    "share shares shared email e-mail print reply replies comment comments login log sign subscribe follow "
    "tweet twitter facebook google like likes recommend flag report permalink menu home search newsletter "
    "register password username cookies cookie privacy terms advertise advertisement ad ads click here "
    "more related popular trending read view views watch video photos gallery next previous prev top "
    "score points ago posted rss feed contact copyright rights reserved".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$""")
_BULLETS = "•□☆★▪◦·*‣○●■-–—>»"
_HEADING_END = re.compile(
    r"^(?:\W*\d*\s*)?(?:(?:top|most|best|latest|reader'?s?'?|user|your|all|\d+|show|view|post|leave|add|read|"
    r"join)\s+)*(?:comments?|responses?|replies|reactions?|discussion|conversation|related(?:\s+\w+){0,3}"
    r"|more\s+(?:news|stories|from\b.*)|recommended(?:\s+\w+)?|you\s+may\s+also\s+like|most\s+(?:popular|read|viewed)"
    r"|trending(?:\s+\w+)?|about\s+the\s+author|share\s+this(?:\s+\w+)?)\b.{0,40}$",
    re.IGNORECASE,
)

FEATURES = (
    "log_words",  # log(1 + words)
    "terminal",  # ends like a sentence
    "long_terminal",  # ends like a sentence and has 8 words or more
    "indented",  # starts with spaces in the saved page (menus and comment threads are indented)
    "log_indent",
    "bullet",  # starts with a list mark
    "bracket",  # holds a form control or an image name: "[Search]", "[photo]"
    "title_case",  # most long words capitalised
    "stop_share",  # share of words that are function words
    "digit_share",  # share of characters that are digits
    "upper_share",  # share of letters in capitals
    "bar",  # holds a "|"
    "interface_share",  # share of words that are interface words (share, reply, log in...)
    "position",  # where the line stands in the page, 0 to 1
    "prose_before",  # share of the page's prose words that came before the line
    "end_heading_before",  # a comments/related/footer heading came before, once a third of the prose was told
    "is_end_heading",
    "repeats",  # the line's text stands more than once in the page
    "body_indent",  # indented as the lines holding most of the page's prose
    "near_words",  # mean log_words of the 2 lines either side
    "near_terminal",  # mean long_terminal of the 2 lines either side
    "near_stop",  # mean stop_share of the 2 lines either side
    "near_interface",  # mean interface_share of the 3 lines either side
    "wide_terminal",  # mean long_terminal of the 6 lines either side
    "wide_words",  # mean log_words of the 6 lines either side
    "in_main_block",  # within the page's run of lines richest in prose (see _main_block)
    "from_main_block",  # how far outside that run, in lines, over the page's lines
)
SMOOTHED = (
    "first",  # the first model's log-odds
    "near_p",  # mean first probability of the line either side
    "block_p",  # mean of the 3 lines either side
    "wide_p",  # mean of the 10 lines either side
    "max_before",  # highest first probability of the 3 lines before
    "max_after",  # of the 3 lines after
)


Node = tuple[int, float, int, int, float]  # feature (-1: a leaf), threshold, left child, right child, leaf value


@dataclass(frozen=True)
class Trees:
    """Boosted regression trees giving a log-odds: `base` plus, for each tree, the value of the
    leaf the row falls in (a row goes left when its feature is at most the threshold)."""

    base: float
    trees: tuple[tuple[Node, ...], ...]

    def logit(self, row: Sequence[float]) -> float:
        total = self.base
        for nodes in self.trees:
            node = nodes[0]
            while node[0] >= 0:
                node = nodes[node[2]] if row[node[0]] <= node[1] else nodes[node[3]]
            total += node[4]
        return total


@dataclass(frozen=True)
class Model:
    """The two stages, each boosted trees, and the probability over which a line is kept."""

    first: Trees  # on FEATURES
    second: Trees  # on FEATURES + SMOOTHED
    threshold: float


@cache
def _stop_words() -> frozenset[str]:
    from .text import stop_words

    return stop_words("english")


def _shape(indent: int, line: str, stops: frozenset[str]) -> list[float]:
    """The features of one line on its own, in FEATURES order up to `position` (not included)."""
    words = _WORD.findall(line)
    n = len(words)
    lower = [w.lower() for w in words]
    letters = [c for c in line if c.isalpha()]
    long_words = [w for w in words if len(w) > 3]
    terminal = 1.0 if _TERMINAL.search(line) else 0.0
    return [
        math.log1p(n),
        terminal,
        terminal if n >= 8 else 0.0,
        1.0 if indent else 0.0,
        math.log1p(indent),
        1.0 if line[:1] in _BULLETS else 0.0,
        1.0 if "[" in line and "]" in line else 0.0,
        1.0 if long_words and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words) else 0.0,
        sum(w in stops for w in lower) / n if n else 0.0,
        sum(c.isdigit() for c in line) / len(line) if line else 0.0,
        sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
        1.0 if "|" in line else 0.0,
        sum(w in _INTERFACE for w in lower) / n if n else 0.0,
    ]


def _mean(values: Sequence[float], i: int, reach: int, skip_self: bool = True) -> float:
    lo, hi = max(0, i - reach), min(len(values), i + reach + 1)
    total = sum(values[lo:hi]) - (values[i] if skip_self else 0.0)
    count = hi - lo - (1 if skip_self else 0)
    return total / count if count else 0.0


def _main_block(words: Sequence[float], prose: Sequence[bool]) -> tuple[int, int]:
    """The run of lines (first, last) with the most prose words net of the rest: a line that ends
    like a sentence counts its words, any other line costs MAIN_BLOCK_COST plus half its words
    (Kadane's maximum-sum run)."""
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, (n, is_prose) in enumerate(zip(words, prose, strict=True)):
        if total <= 0:
            total, start = 0.0, i
        total += n if is_prose else -(MAIN_BLOCK_COST + 0.5 * n)
        if total > best:
            best, best_span = total, (start, i)
    return best_span


MAIN_BLOCK_COST = 2.0  # words a line that is not prose takes off the run it stands in


def features(lines: Sequence[tuple[int, str]]) -> list[list[float]]:
    """FEATURES of each (indent, text) line of a page (blank lines left out by the caller)."""
    stops = _stop_words()
    shapes = [_shape(indent, text, stops) for indent, text in lines]
    n = len(lines)
    prose = [math.expm1(s[0]) if s[2] else 0.0 for s in shapes]
    total_prose = sum(prose) or 1.0
    counts = Counter(text for _, text in lines)
    indent_words: Counter[int] = Counter()
    for (indent, _), words in zip(lines, prose, strict=True):
        indent_words[indent] += words
    body_indent = indent_words.most_common(1)[0][0] if indent_words else 0
    log_words = [s[0] for s in shapes]
    long_terminal = [s[2] for s in shapes]
    stop_share = [s[8] for s in shapes]
    interface = [s[12] for s in shapes]
    first_line, last_line = _main_block([math.expm1(x) for x in log_words], [bool(s[1]) for s in shapes])
    rows = []
    before = 0.0
    heading_seen = False
    for i, ((indent, text), shape) in enumerate(zip(lines, shapes, strict=True)):
        is_heading = len(text) <= 80 and bool(_HEADING_END.match(text))
        rows.append(
            shape
            + [
                i / n,
                before / total_prose,
                1.0 if heading_seen else 0.0,
                1.0 if is_heading else 0.0,
                1.0 if counts[text] > 1 else 0.0,
                1.0 if indent == body_indent else 0.0,
                _mean(log_words, i, 2),
                _mean(long_terminal, i, 2),
                _mean(stop_share, i, 2),
                _mean(interface, i, 3),
                _mean(long_terminal, i, 6),
                _mean(log_words, i, 6),
                1.0 if first_line <= i <= last_line else 0.0,
                max(first_line - i, i - last_line, 0) / n,
            ]
        )
        before += prose[i]
        if is_heading and before >= total_prose / 3:
            heading_seen = True
    return rows


def smoothed(first_logits: Sequence[float]) -> list[list[float]]:
    """SMOOTHED features of each line, from the first model's log-odds."""
    p = [_sigmoid(z) for z in first_logits]
    n = len(p)
    return [
        [
            z,
            _mean(p, i, 1),
            _mean(p, i, 3),
            _mean(p, i, 10),
            max(p[max(0, i - 3) : i], default=0.0),
            max(p[i + 1 : min(n, i + 4)], default=0.0),
        ]
        for i, z in enumerate(first_logits)
    ]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def article_probabilities(lines: Sequence[tuple[int, str]], model: Model | None = None) -> list[float]:
    """For each (indent, text) line, the probability that it belongs to the article."""
    model = model or active_model()
    rows = features(lines)
    first = [model.first.logit(row) for row in rows]
    return [_sigmoid(model.second.logit(row + extra)) for row, extra in zip(rows, smoothed(first), strict=True)]


_active: list[Model] = []


def active_model() -> Model:
    """The model cleaning uses: the shipped one, unless `using_model` says otherwise."""
    return _active[-1] if _active else _shipped()


@contextmanager
def using_model(model: Model) -> Iterator[None]:
    """Clean with `model` inside the block: for cross-validation, where each page must be judged
    by a model fitted without its site."""
    _active.append(model)
    try:
        yield
    finally:
        _active.pop()


@cache
def _shipped() -> Model:
    from .line_trees import MODEL as shipped  # the fitted tables (see bench/learn_cleaning.py)

    return shipped
