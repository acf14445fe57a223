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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

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
        return self.compiled()(row)

    def compiled(self) -> Callable[[Sequence[float]], float]:
        """The trees as one Python function of nested comparisons, built once from the table:
        about five times faster than walking the table for every line."""
        found = _COMPILED.get(id(self))
        if found is None or found[0] is not self:
            lines = ["def logit(r):", f"    t = {self.base!r}"]
            for nodes in self.trees:
                lines += _tree_source(nodes, 0, "    ")
            lines.append("    return t")
            scope: dict = {}
            exec(compile("\n".join(lines), "<line model>", "exec"), scope)
            found = _COMPILED[id(self)] = (self, scope["logit"])
        return found[1]


_COMPILED: dict[int, tuple[Trees, Callable[[Sequence[float]], float]]] = {}


def _tree_source(nodes: tuple[Node, ...], at: int, indent: str) -> list[str]:
    """Source lines adding tree `nodes`' leaf value for row `r` to `t`, from node `at` down."""
    feature, threshold, left, right, value = nodes[at]
    if feature < 0:
        return [f"{indent}t += {value!r}"]
    return [
        f"{indent}if r[{int(feature)}] <= {float(threshold)!r}:",
        *_tree_source(nodes, left, indent + "    "),
        f"{indent}else:",
        *_tree_source(nodes, right, indent + "    "),
    ]


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
    lower_words = _WORD.findall(line.lower()) if n else []
    head = line[:SHARE_CHARS]
    letters = sum(map(str.isalpha, head))
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
        sum(map(str.isdigit, head)) / len(head) if head else 0.0,
        sum(map(str.isupper, head)) / letters if letters else 0.0,
        1.0 if "|" in line else 0.0,
        sum(map(_INTERFACE.__contains__, lower_words)) / n if n else 0.0,
    ]


def _window_means(values: Sequence[float], reach: int) -> list[float]:
    """For each position, the mean of the values up to `reach` places either side, itself left out."""
    sums = [0.0, *accumulate(values)]
    n = len(values)
    out = []
    for i in range(n):
        lo, hi = max(0, i - reach), min(n, i + reach + 1)
        count = hi - lo - 1
        out.append((sums[hi] - sums[lo] - values[i]) / count if count else 0.0)
    return out


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
    near = [
        _window_means(log_words, 2),
        _window_means(long_terminal, 2),
        _window_means(stop_share, 2),
        _window_means(interface, 3),
        _window_means(long_terminal, 6),
        _window_means(log_words, 6),
    ]
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
                *(column[i] for column in near),
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
    near, block, wide = _window_means(p, 1), _window_means(p, 3), _window_means(p, 10)
    return [
        [
            z,
            near[i],
            block[i],
            wide[i],
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
