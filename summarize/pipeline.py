"""The public entry point: `summarize(inputs, ...) -> Digest`, running every stage in turn.

sources -> clean -> split/pool -> collapse -> rank -> select -> order -> Digest
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import IO

from . import rank as ranking
from .clean import clean
from .collapse import collapse, repeats
from .errors import NothingToSummarize, UsageError
from .models import Digest, DigestSentence, Group, Sentence, Skipped, Source
from .order import reading_order
from .rank import Candidates
from .select import COVER_REDUNDANCY, Budget, cover, select
from .since import is_recent
from .sources import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, load
from .split import split_source

DEFAULT_LENGTH = 10

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _budget(length: int | None, words: int | None) -> Budget:
    if length is not None and length < 1:
        raise UsageError(f"--length must be at least 1 (got {length})")
    if words is not None and words < 1:
        raise UsageError(f"--words must be at least 1 (got {words})")
    if length is None and words is None:
        length = DEFAULT_LENGTH
    return Budget(sentences=length, words=words)


def _seed(texts: Iterable[str]) -> int:
    digest = hashlib.sha256()
    for t in texts:
        digest.update(t.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return int.from_bytes(digest.digest()[:8], "big")


def summarize(
    inputs: str | os.PathLike | Source | Iterable[str | os.PathLike | Source],
    *,
    length: int | None = None,
    words: int | None = None,
    algorithm: str | None = None,
    query: str | None = None,
    language: str = "english",
    stdin: IO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    since: datetime | None = None,
    reported: Sequence[str] = (),
    progress: Progress | None = None,
) -> Digest:
    """Summarise `inputs` (paths, `-` for stdin, or `Source` objects) into one attributed digest.

    `length` is a number of sentences (10 when neither budget is given); `words` a word budget
    (whole sentences, never more than `words` words in all). `algorithm` names the ranking
    (see `summarize.ALGORITHMS`; the project's default when None). `query` focuses the digest on
    a question (algorithms that take one say so in their summary; others rank generically).
    `max_bytes` caps what is read of one input and `timeout` how long a URL may take. With
    `since`, sources dated (or, undated, changed) before that moment are skipped.
    `reported` holds sentences earlier briefs gave: their near-duplicates are left out, so the
    digest says only what is new (`Digest.settings["left_out"]` counts them).
    `progress(stage, done, total)` is called as the work advances, for a progress display.

    Raises `UsageError` for a bad request and `NothingToSummarize` when no input has usable text.
    """
    if isinstance(inputs, (str, os.PathLike, Source)):
        inputs = [inputs]
    budget = _budget(length, words)
    chosen_algorithm = ranking.get(algorithm)
    report = progress or _no_progress

    report("reading", 0, 1)
    loaded = load(inputs, stdin=stdin, max_bytes=max_bytes, timeout=timeout)
    recent, old = [], []
    for source in loaded.sources:
        if since is None or is_recent(source, since):
            recent.append(source)
        else:
            old.append(Skipped(source.path or source.title or "(text)", "older than --since"))
    used, sentences, skipped = _clean_and_split(recent, report)
    skipped = list(loaded.skipped) + old + skipped
    if not used:
        met = len(skipped)
        why = "no inputs given" if not met else f"none of the {met} inputs met had usable text"
        raise NothingToSummarize(
            f"nothing to summarise: {why} (give articles as text, Markdown, HTML, feeds or JSON records)"
        )

    report("collapsing", 0, 1)
    groups = collapse(sentences, language)
    left_out = repeats([g.representative.text for g in groups], reported, language) if reported else set()
    if left_out:
        groups = [g for i, g in enumerate(groups) if i not in left_out]
    report("ranking", 0, 1)
    candidates = _candidates(groups, used, language, query)
    scores, picked = _rank_and_select(chosen_algorithm, candidates, budget) if groups else ([], [])
    report("done", 1, 1)
    nothing_new = bool(left_out) and not groups  # an empty digest that says so, not an error
    if not picked and not nothing_new:
        raise NothingToSummarize(
            f"no sentence fits in {budget.words} words: raise --words (the shortest usable sentence has "
            f"{min(len(t.split()) for t in candidates.texts)})"
            if budget.words is not None
            else "no sentence could be chosen from the inputs"
        )
    chosen = [(groups[i], scores[i]) for i in picked]
    out = [
        DigestSentence(text=chosen[i][0].representative.text, sources=chosen[i][0].credited, score=chosen[i][1])
        for i in reading_order([g for g, _ in chosen], [score for _, score in chosen])
    ]
    settings = {
        "algorithm": chosen_algorithm.name,
        "length": budget.sentences,
        "words": budget.words,
        "language": language,
        "query": candidates.query or None,
        "left_out": len(left_out),
    }
    return Digest(sentences=tuple(out), sources=tuple(used), skipped=tuple(skipped), settings=settings)


def _clean_and_split(sources: Sequence[Source], report: Progress) -> tuple[list[Source], list[Sentence], list[Skipped]]:
    """Clean each source and split it; number the usable ones 1, 2, ... in reading order."""
    used: list[Source] = []
    sentences: list[Sentence] = []
    skipped: list[Skipped] = []
    for n, source in enumerate(sources):
        if n % 100 == 0:
            report("cleaning", n, len(sources))
        cleaned = replace(clean(source), id=len(used) + 1)
        split = split_source(cleaned)
        if not split:
            skipped.append(Skipped(source.path or source.title or "(text)", "no usable text after cleaning"))
            continue
        used.append(cleaned)
        sentences.extend(split)
    return used, sentences, skipped


def _candidates(groups: Sequence[Group], used: Sequence[Source], language: str, query: str | None) -> Candidates:
    """What the rankers see of the collapsed groups."""
    return Candidates(
        texts=[g.representative.text for g in groups],
        sources=[g.representative.source_id for g in groups],
        positions=[g.first_position for g in groups],
        support=[g.support for g in groups],
        occurrences=[tuple(sorted((m.source_id, m.index) for m in g.members)) for g in groups],
        titles={s.id: s.title for s in used},
        language=language,
        seed=_seed(g.representative.text for g in groups),
        query=" ".join((query or "").split()),
    )


def _rank_and_select(
    algorithm: ranking.Algorithm, candidates: Candidates, budget: Budget
) -> tuple[list[float], list[int]]:
    """Scores of every candidate and the indexes chosen: exact coverage for coverage algorithms
    (topped up greedily if it leaves budget), greedy best-first otherwise."""
    language = candidates.language
    if algorithm.coverage:
        concepts = algorithm.load_concepts()(candidates)
        scores = [float(sum(concepts.weights[c] for c in s)) for s in concepts.sets]
        picked = cover(concepts.sets, concepts.weights, candidates.texts, budget, language=language)
        return scores, select(
            candidates.texts, scores, budget, language=language, chosen=picked, redundancy=COVER_REDUNDANCY
        )
    scores = algorithm.load()(candidates)
    return scores, select(candidates.texts, scores, budget, language=language)
