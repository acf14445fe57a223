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
shipped as two tables in `line_trees.py`. A page's lines are judged together: the features of
its lines as one numpy array, every tree walked for every line at once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

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
    "digit_share",  # share of characters that are digits (in the first SHARE_CHARS)
    "upper_share",  # share of letters in capitals (in the first SHARE_CHARS)
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
SHARE_CHARS = 200  # a line's digit and capital shares are read from its start: enough to tell, and fast

_SHAPES = FEATURES.index("position")  # the features of a line on its own come first

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

    def logits(self, rows: np.ndarray) -> np.ndarray:
        """The log-odds of every row of `rows` (one a line, FEATURES in order): all trees walked
        for all rows at once, a level of the trees a step."""
        import numpy as np

        feature, threshold, left, right, value, roots, depth = self._arrays()
        n = len(rows)
        if not n or not len(roots):
            return np.full(n, self.base)
        rows = np.ascontiguousarray(rows, dtype=float)
        flat = rows.ravel()
        line_start = (np.arange(n) * rows.shape[1])[:, None]
        at = np.broadcast_to(roots, (n, len(roots)))
        for _ in range(depth):
            goes_left = flat.take(line_start + feature.take(at)) <= threshold.take(at)
            at = np.where(goes_left, left.take(at), right.take(at))
        return self.base + value.take(at).sum(axis=1)

    def _arrays(self) -> tuple:
        """The table as flat arrays, every tree's nodes in turn, built once: a child is the flat
        index of its node, and a leaf leads to itself whatever the row, so every row can take the
        same number of steps."""
        found = _ARRAYS.get(id(self))
        if found is None or found[0] is not self:
            import numpy as np

            feature, threshold, left, right, value, roots = [], [], [], [], [], []
            for nodes in self.trees:
                start = len(feature)
                roots.append(start)
                for i, (f, cut, low, high, leaf) in enumerate(nodes):
                    is_leaf = f < 0
                    feature.append(0 if is_leaf else f)
                    threshold.append(np.inf if is_leaf else cut)
                    left.append(start + (i if is_leaf else low))
                    right.append(start + (i if is_leaf else high))
                    value.append(leaf)
            depth = max((_depth(nodes, 0) for nodes in self.trees), default=0)
            index = np.intp
            arrays = (
                np.array(feature, dtype=index),
                np.array(threshold, dtype=float),
                np.array(left, dtype=index),
                np.array(right, dtype=index),
                np.array(value, dtype=float),
                np.array(roots, dtype=index),
                depth,
            )
            found = _ARRAYS[id(self)] = (self, arrays)
        return found[1]


_ARRAYS: dict[int, tuple[Trees, tuple]] = {}


def _depth(nodes: tuple[Node, ...], at: int) -> int:
    """Steps from node `at` down to its deepest leaf."""
    feature, _, left, right, _ = nodes[at]
    return 0 if feature < 0 else 1 + max(_depth(nodes, left), _depth(nodes, right))


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


def _not(keep: Callable[[str], bool]) -> bytes:
    return bytes(c for c in range(128) if not keep(chr(c)))


_NOT_LETTER, _NOT_DIGIT, _NOT_CAPITAL = _not(str.isalpha), _not(str.isdigit), _not(str.isupper)


def _char_counts(text: str) -> tuple[int, int, int]:
    """How many letters, digits and capitals `text` holds: for ASCII text by deleting the rest of
    its bytes (one call each, where a test a character costs a Python call per character)."""
    if text.isascii():
        raw = text.encode("ascii")
        return (
            len(raw.translate(None, _NOT_LETTER)),
            len(raw.translate(None, _NOT_DIGIT)),
            len(raw.translate(None, _NOT_CAPITAL)),
        )
    return sum(map(str.isalpha, text)), sum(map(str.isdigit, text)), sum(map(str.isupper, text))


def _shape(indent: int, line: str, stops: frozenset[str]) -> list[float]:
    """The features of one line on its own, in FEATURES order up to `position` (not included)."""
    words = _WORD.findall(line)
    n = len(words)
    lower_words = " ".join(words).lower().split()
    head = line[:SHARE_CHARS]
    letters, digits, capitals = _char_counts(head)
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
        sum(map(stops.__contains__, lower_words)) / n if n else 0.0,
        digits / len(head) if head else 0.0,
        capitals / letters if letters else 0.0,
        1.0 if "|" in line else 0.0,
        sum(map(_INTERFACE.__contains__, lower_words)) / n if n else 0.0,
    ]


def _window_means(values: np.ndarray, reach: int) -> np.ndarray:
    """For each position, the mean of the values up to `reach` places either side, itself left out."""
    import numpy as np

    n = len(values)
    sums = np.concatenate(([0.0], np.cumsum(values)))
    at = np.arange(n)
    lo, hi = np.maximum(0, at - reach), np.minimum(n, at + reach + 1)
    count = hi - lo - 1
    return np.where(count > 0, (sums[hi] - sums[lo] - values) / np.maximum(count, 1), 0.0)


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


def features(lines: Sequence[tuple[int, str]]) -> np.ndarray:
    """FEATURES of each (indent, text) line of a page (blank lines left out by the caller): one
    row a line."""
    import numpy as np

    stops = _stop_words()
    n = len(lines)
    shapes = np.array([_shape(indent, text, stops) for indent, text in lines], dtype=float).reshape(n, _SHAPES)
    log_words, terminal, long_terminal = shapes[:, 0], shapes[:, 1], shapes[:, 2]
    words = np.expm1(log_words)
    prose = np.where(long_terminal > 0, words, 0.0)
    total_prose = float(prose.sum()) or 1.0
    counts = Counter(text for _, text in lines)
    indents = np.array([indent for indent, _ in lines], dtype=np.intp)
    indent_words: Counter[int] = Counter()
    for indent, w in zip(indents.tolist(), prose.tolist(), strict=True):
        indent_words[indent] += w
    body_indent = indent_words.most_common(1)[0][0] if indent_words else 0
    first_line, last_line = _main_block(words.tolist(), (terminal > 0).tolist())
    is_heading = np.array([len(text) <= 80 and bool(_HEADING_END.match(text)) for _, text in lines], dtype=bool)
    before = np.concatenate(([0.0], np.cumsum(prose)[:-1])) if n else np.zeros(0)
    # a heading counts from the line after it, once a third of the prose is told by its end
    opens_end = is_heading & (before + prose >= total_prose / 3)
    heading_seen = np.concatenate(([False], np.cumsum(opens_end)[:-1] > 0)) if n else np.zeros(0, dtype=bool)
    at = np.arange(n)
    columns = [
        at / n if n else at,
        before / total_prose,
        heading_seen,
        is_heading,
        [counts[text] > 1 for _, text in lines],
        indents == body_indent,
        _window_means(log_words, 2),
        _window_means(long_terminal, 2),
        _window_means(shapes[:, 8], 2),  # stop_share
        _window_means(shapes[:, 12], 3),  # interface_share
        _window_means(long_terminal, 6),
        _window_means(log_words, 6),
        (first_line <= at) & (at <= last_line),
        np.maximum(np.maximum(first_line - at, at - last_line), 0) / max(n, 1),
    ]
    return np.column_stack([shapes, *(np.asarray(c, dtype=float).reshape(n) for c in columns)])


def smoothed(first_logits: np.ndarray) -> np.ndarray:
    """SMOOTHED features of each line, from the first model's log-odds: one row a line."""
    import numpy as np

    z = np.asarray(first_logits, dtype=float)
    p = _sigmoid(z)
    n = len(p)
    padded = np.concatenate((np.zeros(3), p, np.zeros(3)))  # probabilities are >= 0: 0 stands for none
    before = np.max([padded[3 - k : 3 - k + n] for k in (1, 2, 3)], axis=0) if n else p
    after = np.max([padded[3 + k : 3 + k + n] for k in (1, 2, 3)], axis=0) if n else p
    return np.column_stack([z, _window_means(p, 1), _window_means(p, 3), _window_means(p, 10), before, after])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.where(z > -500, 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))), 0.0)


def article_probabilities(lines: Sequence[tuple[int, str]], model: Model | None = None) -> list[float]:
    """For each (indent, text) line, the probability that it belongs to the article."""
    import numpy as np

    model = model or active_model()
    rows = features(lines)
    second = np.hstack([rows, smoothed(model.first.logits(rows))])
    return _sigmoid(model.second.logits(second)).tolist()


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
