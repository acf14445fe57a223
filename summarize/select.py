"""Choose the digest's sentences: best scores first, within the budget, without repeating.

The budget is a number of sentences or a number of words (whole sentences only, counted by
`len(text.split())`; a sentence that alone exceeds what is left is passed over). A candidate
too similar to one already chosen is skipped, so no two digest sentences say the same thing.
Only whole sentences are chosen (see `whole_sentence`): no fragment, question or very long
run-on. A sentence that opens by leaning on the one before it ("But ...", "He ...") is chosen
only together with that sentence, which the brief then prints right before it (`after` maps it
to that sentence; see `order.reading_order`); the others only when not one whole sentence could
be chosen, so a brief is never empty. Under a
sentence budget alone, the sentences may hold as many words in all as that many of the input's
own sentences do on average (see `words_for`): the choice is then for facts per word, not for the
longest sentences.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .text import content_stems

# Cosine between content-word vectors above which two sentences repeat each other. Exact coverage
# already avoids repeating concepts, so it can afford to be stricter about restating (measured on
# DUC 2004 dev: greedy rankers lose at 0.4, coverage gains).
REDUNDANCY = 0.5
COVER_REDUNDANCY = 0.4
MIN_WORDS = 6
MAX_WORDS = 80
# Opening words that lean on the sentence before: a pronoun whose person or thing was named
# there, or a connective that answers it. Such a sentence, quoted without its predecessor,
# reads as a non sequitur.
LEANING_OPENERS = frozenset(
    """he she it they him them his her hers its their theirs this these those
    but and or nor so yet also however meanwhile moreover furthermore nevertheless nonetheless
    instead thus therefore hence besides otherwise still then likewise similarly consequently
    indeed such others""".split()
)
_OPENING_MARKS = "\"'“‘`([-—–"


@dataclass(frozen=True)
class Budget:
    """At most `sentences` sentences and at most `words` words (either may be None)."""

    sentences: int | None = None
    words: int | None = None


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def redundant_pairs(texts: Sequence[str], language: str, threshold: float) -> list[tuple[int, int]]:
    """Index pairs (a < b) whose content-word cosine exceeds `threshold` (all pairs at once:
    meant for the few hundred candidates coverage solves over)."""
    import numpy as np

    from .sparse import Rows, gram

    counts, vocab = Rows.from_tokens(content_stems(t, language) for t in texts)
    if not vocab:
        return []
    rows, cols = np.nonzero(np.triu(gram(counts.normalized()), k=1) > threshold)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))  # in (a, b) order


def leans_on_previous(text: str) -> bool:
    """Whether a sentence opens with a word that needs the sentence before it ("But ...",
    "He was arrested ...", "His deputy ...")."""
    first = text.lstrip(_OPENING_MARKS).split(maxsplit=1)
    return bool(first) and first[0].rstrip(",;:").lower() in LEANING_OPENERS


def whole_sentence(text: str) -> bool:
    """A sentence a reader would keep: 6 to 80 words, closing with a full stop or an
    exclamation mark."""
    n = len(text.split())
    closing = text.rstrip("\"'”’) ")
    return MIN_WORDS <= n <= MAX_WORDS and closing.endswith((".", "!"))


def eligible(text: str) -> bool:
    """A sentence that can stand in a digest on its own: whole, and not leaning on the sentence
    before it."""
    return whole_sentence(text) and not leans_on_previous(text)


def choosable(texts: Sequence[str], after: Mapping[int, int]) -> list[bool]:
    """Which texts may be chosen: those that stand alone, and the whole sentences that lean on
    the one before when that one (`after[i]`, the text holding it) may be chosen too."""
    memo: dict[int, bool] = {}

    def ok(i: int, seen: frozenset[int] = frozenset()) -> bool:
        if i not in memo:
            if eligible(texts[i]):
                memo[i] = True
            else:
                before = after.get(i)
                memo[i] = (
                    before is not None and before not in seen and whole_sentence(texts[i]) and ok(before, seen | {i})
                )
        return memo[i]

    return [ok(i) for i in range(len(texts))]


def words_for(budget: Budget, texts: Sequence[str]) -> Budget:
    """The budget to choose with: under a sentence budget alone, also at most as many words as
    that many sentences of `texts` that stand alone hold on average (a reader's ten sentences
    are ten sentences of the usual length, not the ten longest); any other budget as it is."""
    if budget.words is not None or budget.sentences is None:
        return budget
    lengths = [len(t.split()) for t in texts if eligible(t)]
    if not lengths:
        return budget
    return Budget(sentences=budget.sentences, words=max(1, round(budget.sentences * sum(lengths) / len(lengths))))


def select(
    texts: Sequence[str],
    scores: Sequence[float],
    budget: Budget,
    *,
    language: str = "english",
    redundancy: float = REDUNDANCY,
    chosen: Sequence[int] = (),
    after: Mapping[int, int] | None = None,
) -> list[int]:
    """Indexes of the chosen texts, best first, after any `chosen` already. A text that leans on
    the one before (`after[i]`) is taken only once that one is chosen, and only one such text
    follows each."""
    after = after or {}
    taken = set(chosen)
    order = sorted((i for i in range(len(texts)) if i not in taken), key=lambda i: (-scores[i], i))
    ok = choosable(texts, after)
    alone = [i for i in order if ok[i]]
    fallback = not chosen and not any(_fits(texts[i], budget) for i in alone)
    if not fallback:
        order = alone  # the others only when no whole sentence could be chosen
    chosen = list(chosen)
    followed = {after[i] for i in chosen if i in after and not eligible(texts[i])}
    vectors: list[Counter] = [Counter(content_stems(texts[i], language)) for i in chosen]
    words_left = None if budget.words is None else budget.words - sum(len(texts[i].split()) for i in chosen)
    waiting: dict[int, list[int]] = {}  # leaning texts met before the one they lean on, by that one
    queue, k = list(order), 0
    while k < len(queue):
        i = queue[k]
        k += 1
        if budget.sentences is not None and len(chosen) >= budget.sentences:
            break
        if words_left is not None and words_left <= 0:
            break
        n = len(texts[i].split())
        if n == 0 or (words_left is not None and n > words_left):
            continue
        leaning = not fallback and not eligible(texts[i])
        if leaning and after[i] not in chosen:
            waiting.setdefault(after[i], []).append(i)
            continue
        if leaning and after[i] in followed:
            continue
        vector = Counter(content_stems(texts[i], language))
        if any(_cosine(vector, v) > redundancy for v in vectors):
            continue
        chosen.append(i)
        vectors.append(vector)
        if leaning:
            followed.add(after[i])
        if words_left is not None:
            words_left -= n
        queue[k:k] = waiting.pop(i, [])  # what leans on it, worth more, is tried next
    return chosen


def _fits(text: str, budget: Budget) -> bool:
    return budget.words is None or len(text.split()) <= budget.words


MAX_EXACT = 100  # candidates the integer program sees at most (BENCHMARKS.md: ROUGE as good as 200, 2x faster)


def _shortlist(items: list[int], worth: dict[int, float], texts: Sequence[str]) -> list[int]:
    """The most promising items when there are too many for an exact solve: the heaviest alone
    and the heaviest per word, half each, in input order."""
    if len(items) <= MAX_EXACT:
        return items
    by_worth = sorted(items, key=lambda i: (-worth[i], i))
    by_density = sorted(items, key=lambda i: (-worth[i] / len(texts[i].split()), i))
    keep: set[int] = set()
    for a, b in zip(by_worth, by_density, strict=True):
        keep.update((a, b))
        if len(keep) >= MAX_EXACT:
            break
    return sorted(keep)


def cover(
    concept_sets: Sequence[frozenset[int]],
    weights: Sequence[float],
    texts: Sequence[str],
    budget: Budget,
    *,
    language: str = "english",
    redundancy: float = COVER_REDUNDANCY,
    time_limit: float = 10.0,
    required: Sequence[int] = (),
    after: Mapping[int, int] | None = None,
) -> list[int]:
    """Choose texts maximising the total weight of distinct concepts covered, within the budget.

    Solved exactly as an integer program (Gillick & Favre 2009) with HiGHS (see `ilp`):
    maximise sum(w_c * c) subject to sum(len_s * s) <= words (or sum(s) <= sentences) and
    c <= sum of the chosen sentences that hold c, and no two sentences that repeat each other
    (cosine above `redundancy`). Only whole sentences take part; one that leans on the sentence
    before it (`after[i]`) only together with that one (s_i <= s_after[i], and at most one
    follows each). A budget of one sentence is simply the heaviest that stands alone and fits.
    The `required` texts (a question's answer) are chosen whatever their worth.
    Returns indexes, heaviest first.
    """
    after = after or {}
    ok = choosable(texts, after)
    items = [i for i, t in enumerate(texts) if ok[i] and concept_sets[i]]
    if budget.words is not None:
        items = [i for i in items if len(texts[i].split()) <= budget.words]
    must = [i for i in required if i in set(items)]
    # Summed exactly: the order a set yields its ids in follows string hashes and must not show.
    worth = {i: math.fsum(weights[c] for c in concept_sets[i]) for i in items}
    alone = [i for i in items if eligible(texts[i])]
    if budget.sentences == 1 and must:
        return must[:1]
    if budget.sentences == 1 and alone:
        # One seat: the best is the heaviest single sentence (longest on ties, as below), found
        # directly; the integer program's relaxation splits that seat and branches for long.
        return [max(alone, key=lambda i: (worth[i], len(texts[i].split()), -i))]
    from .ilp import INFINITY, Program

    items = _with_predecessors(set(_shortlist(items, worth, texts)) | set(must), after, texts)
    worth.update({i: math.fsum(weights[c] for c in concept_sets[i]) for i in items if i not in worth})
    used = sorted({c for i in items for c in concept_sets[i]})
    if not items or not used:
        return []
    column = {c: len(items) + k for k, c in enumerate(used)}  # variables: sentences first, then concepts
    lengths = [len(texts[i].split()) for i in items]
    # Only sentences need be whole numbers: with s whole, the best c is min(1, sum of s holding
    # it), whole too. Branching on sentences alone solves the same problem faster.
    program = Program(
        gains=[1e-6 * n for n in lengths] + [weights[c] for c in used],  # fill the budget on ties
        n_binary=len(items),
        lower={k for k, i in enumerate(items) if i in set(must)},
    )
    holders: dict[int, list[int]] = {}
    for k, i in enumerate(items):
        for c in concept_sets[i]:
            holders.setdefault(c, []).append(k)
    for c in used:  # c - sum(s holding c) <= 0
        program.add([column[c], *holders[c]], [1.0] + [-1.0] * len(holders[c]), -INFINITY, 0.0)
    everyone = list(range(len(items)))
    if budget.words is not None:
        program.add(everyone, lengths, -INFINITY, budget.words)
    if budget.sentences is not None:
        program.add(everyone, [1.0] * len(items), -INFINITY, budget.sentences)
    # s_a + s_b <= 1 for two sentences that say the same thing
    pairs = redundant_pairs([texts[i] for i in items], language, redundancy)
    program.add_many((((a, b), (1.0, 1.0)) for a, b in pairs), -INFINITY, 1.0)
    _leaning_rows(program, items, after, texts)
    values = program.solve(time_limit=time_limit)
    if values is None:
        return []
    chosen = [i for k, i in enumerate(items) if values[k] > 0.5]
    return sorted(chosen, key=lambda i: (-worth[i], i))


def _with_predecessors(items: set[int], after: Mapping[int, int], texts: Sequence[str]) -> list[int]:
    """`items` and, for each that leans on the sentence before it, that sentence (and its own,
    in turn), in input order: a leaning sentence on the shortlist brings what it needs."""
    out = set(items)
    todo = [i for i in items if not eligible(texts[i])]
    while todo:
        before = after[todo.pop()]
        if before not in out:
            out.add(before)
            if not eligible(texts[before]):
                todo.append(before)
    return sorted(out)


def _leaning_rows(program, items: Sequence[int], after: Mapping[int, int], texts: Sequence[str]) -> None:
    """The integer program's rows for leaning sentences: each chosen only with the sentence it
    leans on (s_i - s_before <= 0), and at most one of those that lean on the same sentence
    (read right after it, only one can be)."""
    from .ilp import INFINITY

    column = {i: k for k, i in enumerate(items)}
    followers: dict[int, list[int]] = {}
    for i in items:
        if not eligible(texts[i]):
            program.add([column[i], column[after[i]]], [1.0, -1.0], -INFINITY, 0.0)
            followers.setdefault(column[after[i]], []).append(column[i])
    for group in followers.values():
        if len(group) > 1:
            program.add(group, [1.0] * len(group), -INFINITY, 1.0)


def share_seats(
    sizes: Sequence[int], seats: int, guaranteed: Sequence[bool], capacity: Sequence[int] | None = None
) -> list[int]:
    """How many of `seats` sentences each story gets: one for every `guaranteed` story while they
    last (in the order given, biggest first), then one at a time to the story with the largest
    size / (2 * seats held + 1) (the Sainte-Lague rule: seats in proportion to size, so a small
    story gets one only once the big ones have several). A story never gets more seats than its
    `capacity` (how many sentences it has): what it can't use goes to the others."""
    room = list(capacity) if capacity is not None else [seats] * len(sizes)
    held = [0] * len(sizes)
    for k, sure in enumerate(guaranteed):
        if sure and seats > 0 and room[k] > 0:
            held[k] = 1
            seats -= 1
    for _ in range(seats):
        open_ = [k for k in range(len(sizes)) if held[k] < room[k]]
        if not open_:
            break
        k = max(open_, key=lambda k: (sizes[k] / (2 * held[k] + 1), -k))
        held[k] += 1
    return held


def merge_stories(
    picks: Sequence[Sequence[int]],
    texts: Sequence[str],
    sizes: Sequence[int],
    guaranteed: Sequence[bool],
    budget: Budget,
    follows: Mapping[int, int] | None = None,
) -> list[list[int]]:
    """Each story's chosen items when the stories share one budget.

    `picks[k]` are story k's candidates, best first (indexes into `texts`). First every
    `guaranteed` story gets its best candidate that fits, in order; then, by the rule of
    `share_seats`, the next candidate goes to the story with the largest size / (2 * taken + 1)
    among those that still have one fitting the budget. A candidate in `follows` (one that leans
    on the sentence before it) is taken right after the one it leans on, and only with it.
    """
    follows = follows or {}
    taken: list[list[int]] = [[] for _ in picks]
    queues = [_chained(p, follows) for p in picks]
    state = {"sentences": 0, "words": 0}

    def take(k: int) -> bool:
        for n, i in enumerate(queues[k]):
            words = len(texts[i].split())
            if i in follows and follows[i] not in taken[k]:
                continue
            if budget.words is None or state["words"] + words <= budget.words:
                taken[k].append(i)
                del queues[k][: n + 1]
                state["sentences"] += 1
                state["words"] += words
                return True
        queues[k].clear()
        return False

    def full() -> bool:
        return budget.sentences is not None and state["sentences"] >= budget.sentences

    for k, sure in enumerate(guaranteed):
        if sure and not full():
            take(k)
    while not full():
        open_stories = [k for k in range(len(picks)) if queues[k]]
        if not open_stories:
            break
        k = max(open_stories, key=lambda k: (sizes[k] / (2 * len(taken[k]) + 1), -k))
        take(k)
    return taken


def _chained(picks: Sequence[int], follows: Mapping[int, int]) -> list[int]:
    """`picks` in their order, but each one in `follows` moved right after the one it leans on
    (when that one is among them)."""
    chosen = set(picks)
    after: dict[int, list[int]] = {}
    for i in picks:
        if follows.get(i) in chosen:
            after.setdefault(follows[i], []).append(i)
    out: list[int] = []

    def place(i: int) -> None:
        out.append(i)
        for j in after.get(i, ()):
            place(j)

    for i in picks:
        if follows.get(i) not in chosen:
            place(i)
    return out
