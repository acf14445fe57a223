"""The public entry point: `summarize(inputs, ...) -> Digest`, running every stage in turn.

sources -> clean -> split/pool -> collapse -> rank -> select -> order -> Digest
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from itertools import accumulate
from typing import IO, Any

from . import arguments
from . import language as languages
from . import rank as ranking
from .clean import clean, path_stem
from .collapse import collapse, repeats
from .errors import NothingToSummarize, UsageError
from .explain import explain_story
from .furniture import without_furniture
from .models import Digest, DigestSentence, Extracted, Extraction, Group, Sentence, Skipped, Source, Story, changed
from .order import leaning_after, reading_order
from .query import asks_one_thing, best_answer
from .rank import Candidates
from .select import (
    COVER_REDUNDANCY,
    REDUNDANCY,
    Budget,
    cover,
    eligible,
    merge_stories,
    select,
    share_seats,
    words_for,
)
from .since import is_recent
from .sources import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    Item,
    gathered,
    identities,
    load,
    plan,
    read_each,
    read_item,
    read_items,
)
from .split import CUT_SHORT, read_sentences, why_no_sentences
from .state import State
from .stories import group_stems, headline
from .text import content_stems
from .workers import Workers, checked_jobs, clean_split

DEFAULT_LENGTH = 10
HEADLINE_SOURCES = 50  # a headline is chosen among the titles of a story's first sources, this many
WORDS_PER_SEAT = 15  # with a word budget, stories that could get a sentence: one per this many words

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


def _collector_paused(function: Callable) -> Callable:
    """`function` run with Python's cycle collector paused, and on again after if it was on.

    A run holds hundreds of thousands of sources, sentences and groups alive, and each of the
    collector's full passes walks them all, while the stages make next to no cyclic garbage:
    over 100,000 one-line records the collector made 14 full passes, 5.8 s in a run of 36 CPU seconds."""

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_collector_paused
def summarize(
    inputs: str | os.PathLike | Source | Iterable[str | os.PathLike | Source],
    *,
    length: int | None = None,
    words: int | None = None,
    algorithm: str | None = None,
    query: str | None = None,
    language: str = "auto",
    stdin: IO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    since: datetime | date | str | None = None,
    reported: Sequence[str] = (),
    state: State | str | os.PathLike | None = None,
    per_story: bool = False,
    today: date | str | None = None,
    progress: Progress | None = None,
    follow_links: bool = False,
    own_files: Sequence[str | os.PathLike] = (),
    cache: str | os.PathLike | None = None,
    explain: bool = False,
    client: Any = None,
    jobs: int | None = None,
) -> Digest:
    """Summarise `inputs` (paths, `-` for stdin, or `Source` objects) into one attributed digest.

    `length` is a number of sentences (10 when neither budget is given); `words` a word budget
    (whole sentences, never more than `words` words in all). `algorithm` names the ranking
    (see `summarize.ALGORITHMS`; the project's default when None). `query` focuses the digest on
    a question (algorithms that take one say so in their summary; others rank generically).
    `max_bytes` caps what is read of one input and `timeout` how long a URL may take. With
    `since`, sources dated (or, undated, changed) before that moment are skipped: a `datetime`
    (naive means local time), a `date` (from its local midnight) or the command's `"24h"`,
    `"7d"`, `"2026-11-21"`.
    `reported` holds sentences earlier briefs gave: their near-duplicates are left out, so the
    digest says only what is new (`Digest.settings["left_out"]` counts them).
    `state` is what the reader has already read: a `State` (updated in memory with this brief's
    sources; save it yourself) or the path of a state file (read, updated and saved, locked
    meanwhile). Sources read before and unchanged are skipped ("already read on DAY", counted in
    `settings["already_read"]`); sentences holding nothing the reader has not read are left out
    (counted in `settings["left_out"]`); what the reader has weighs little in the ranking.
    Sources are grouped into stories; when there are several, the digest has one section per
    story (`Digest.stories`), biggest first. The budget is shared by the whole digest (every
    story of more than one source gets at least its best sentence) or, with `per_story`, applies
    to each section. `language` is the brief's ("auto": the language most of the text is in);
    sources written in another are skipped with the reason. `today` dates the brief: a `date` or
    an ISO string such as `"2026-11-24"` (the current date when None).
    `progress(stage, done, total)` is called as the work advances, for a progress display.
    In a folder, links to files outside it are followed only with `follow_links`; the files in
    `own_files` (the brief's own output and state) are skipped if met, as are earlier briefs.
    Addresses are fetched a few at a time; with `cache` (a folder), through an HTTP cache there,
    so an unchanged feed or page costs a 304 (no cache when None). With `explain`, each sentence
    says why it is there (`DigestSentence.explain`, and a line under it in every format).
    With `client` (a `distributed.Client`), inputs are read, cleaned and split by the tasks of its
    Dask cluster (see `summarize.distributed`); the digest is the same, byte for byte.
    `jobs` is how many processes a large input's reading, cleaning, splitting and story grouping
    may use (see `summarize.workers`; None: as many as this process has cores; 1: this one alone);
    the digest is the same, byte for byte, whatever the number.

    Raises `UsageError` for a bad request and `NothingToSummarize` when no input has usable text.
    """
    if state is not None and not isinstance(state, State):
        from pathlib import Path

        from .state import locked

        path = Path(arguments.path_like("state", state))
        with locked(path):
            remembered = State.load(path)
            digest = summarize(
                inputs, length=length, words=words, algorithm=algorithm, query=query, language=language,
                stdin=stdin, max_bytes=max_bytes, timeout=timeout, since=since, reported=reported,
                state=remembered, per_story=per_story, today=today, progress=progress,
                follow_links=follow_links, own_files=[*own_files, path], cache=cache, explain=explain, client=client,
                jobs=jobs,
            )  # fmt: skip
            remembered.save(path, arguments.today_date(today))
        return digest
    inputs = arguments.inputs_list(inputs)
    budget = _budget(arguments.whole("length", length), arguments.whole("words", words))
    max_bytes = arguments.whole("max_bytes", max_bytes)
    if max_bytes is None or max_bytes < 1:
        raise UsageError(f"max_bytes must be a whole number of bytes, at least 1 (got {max_bytes!r})")
    timeout = arguments.seconds("timeout", timeout)
    since = arguments.since_moment(since)
    today = arguments.today_date(today)
    query = arguments.text_or_none("query", query)
    language = arguments.text_or_none("language", language) or "auto"
    reported = arguments.strings("reported", reported)
    arguments.callable_or_none("progress", progress)
    arguments.stream_or_none("stdin", stdin)
    cache = arguments.path_or_none("cache", cache)
    explain = arguments.flag("explain", explain)
    jobs = checked_jobs(jobs)
    chosen_algorithm = ranking.get(algorithm)
    report = progress or _no_progress

    report("reading", 0, 1)
    with Workers(jobs) as workers:  # forked only for a large input; ended on leaving
        read_on = state.read_on if state is not None else None
        if client is not None:
            from .distributed import read_clean_split

            used, sentences, skipped, language, stemmed = read_clean_split(
                client,
                inputs,
                stdin=stdin,
                max_bytes=max_bytes,
                timeout=timeout,
                follow_links=follow_links,
                own_files=own_files,
                cache=cache,
                since=since,
                wanted_language=languages.check(language),
                read_on_key=state.read_on_key if state is not None else None,
                report=report,
            )
        else:
            used, sentences, skipped, language, stemmed = _read_clean_split(
                inputs, stdin, max_bytes, timeout, follow_links, own_files, cache, since, languages.check(language),
                read_on, report, workers,
            )  # fmt: skip
        already_read = sum(s.reason.startswith(ALREADY_READ) for s in skipped)
        if not used and already_read:  # nothing new at all: an empty brief that says so, not an error
            return Digest(sentences=(), sources=(), skipped=tuple(skipped), settings=_settings(
                chosen_algorithm.name, budget, language, query, 0, already_read, per_story, today))  # fmt: skip
        if not used:
            raise NothingToSummarize(_why_nothing(skipped), skipped)

        report("collapsing", 0, 1)
        groups = (
            collapse(sentences, language, stemmed.sentences, stemmed.near_pairs)
            if stemmed is not None
            else collapse(sentences, language)
        )
        groups = without_furniture(groups)  # what several unrelated pages of one site end with
        left_out = repeats([g.representative.text for g in groups], reported, language) if reported else set()
        if state is not None:
            left_out |= _read_before(groups, used, state, language)
        if left_out:
            groups = [g for i, g in enumerate(groups) if i not in left_out]
        report("grouping", 0, 1)
        stems = stemmed.sources if stemmed is not None else _source_stems(sentences, language)
        # (A title that is its file's name is no headline; only one found in the path can be.)
        titled = {s.id: s.title for s in used if s.title and (s.title not in s.path or s.title != path_stem(s.path))}
        found = _grouped_on_cluster(stemmed) if stemmed is not None and len(used) > 1 else None
        stories = _stories(groups, used, stems, found) if groups else []
    report("ranking", 0, 1)
    known = state.read_count if state is not None else None
    sections = _rank_stories(chosen_algorithm, groups, used, stories, budget, language, query, per_story, known)
    report("done", 1, 1)
    nothing_new = bool(left_out) and not groups  # an empty digest that says so, not an error
    if not any(picked for _, picked in sections) and not nothing_new:
        shortest = min(g.representative.word_count for g in groups)
        raise NothingToSummarize(
            f"no sentence fits in {budget.words} words: raise --words (the shortest usable sentence has {shortest})"
            if budget.words is not None
            else "no sentence could be chosen from the inputs"
        )
    out: list[DigestSentence] = []
    story_list: list[Story] = []
    for k, ((members, sources), (scores, picked)) in enumerate(zip(stories, sections, strict=True)):
        chosen = [(groups[members[i]], scores[i]) for i in picked]
        if picked:
            at = {i: n for n, i in enumerate(picked)}
            leaning = leaning_after([groups[g] for g in members])
            follows = {at[i]: at[b] for i, b in leaning.items() if i in at and b in at}
            ordered = reading_order([g for g, _ in chosen], [score for _, score in chosen], follows)
        else:  # a story given no sentence (most of 300,000 from one-line records): nothing to order
            follows, ordered = {}, []
        if query:  # the best answer to the question leads (with what follows it)
            texts = [chosen[i][0].representative.text for i in ordered]
            lead = best_answer(texts, query, [i not in follows for i in ordered], language)
            if lead is not None:
                ordered = reading_order([g for g, _ in chosen], [s for _, s in chosen], follows, ordered[lead])
        why = explain_story([groups[g] for g in members], scores, picked, k, language) if explain and picked else {}
        first = len(out)
        out.extend(
            DigestSentence(
                text=chosen[i][0].representative.text,
                sources=chosen[i][0].credited,
                score=chosen[i][1],
                explain=why.get(picked[i]),
            )
            for i in ordered
        )
        # A story given no sentence is still listed (json names every story found): its lead is
        # its first sentence.
        lead = max(chosen, key=lambda c: c[1])[0] if chosen else groups[members[0]]
        best = lead.representative.text
        judged = sources[:HEADLINE_SOURCES]
        titles = [titled[i] for i in judged if i in titled]
        quoted = sorted({i for g, _ in chosen for i in g.credited if i in titled})
        title = headline(titles, [stems.get(i, ()) for i in judged], best, language, [titled[i] for i in quoted])
        story_list.append(Story(headline=title, sentences=tuple(range(first, len(out))), sources=tuple(sources)))
    settings = _settings(chosen_algorithm.name, budget, language, query, len(left_out), already_read, per_story, today)
    if state is not None:
        _remember(state, used, sentences, language, today or date.today())
    return Digest(
        sentences=tuple(out), sources=tuple(used), skipped=tuple(skipped), settings=settings, stories=tuple(story_list)
    )


def _read_clean_split(
    inputs: Sequence,
    stdin: IO | None,
    max_bytes: int,
    timeout: float,
    follow_links: bool,
    own_files: Sequence,
    cache: str | os.PathLike | None,
    since: datetime | None,
    wanted_language: str,
    read_on: Callable[[str], date | None] | None,
    report: Progress,
    workers: Workers | None = None,
) -> tuple[list[Source], list[Sentence], list[Skipped], str, Any]:
    """Read the inputs, leave out those older than `since`, clean and split the rest: the sources
    used, their sentences, every input skipped (with the reason), the brief's language, and the
    stems of the sentences and sources (a `distributed.Stemmed`, or None when not made yet).
    Thousands of files are read, and thousands of sources cleaned and split, by `workers`
    (addresses and stdin are read here first); fewer, or with no worker to spare, in this process."""
    from concurrent.futures.process import BrokenProcessPool

    workers = workers or Workers(1)
    items = plan(inputs, stdin=stdin, max_bytes=max_bytes, follow_links=follow_links)
    own = identities(own_files)
    work: list[Item | Source | Skipped]
    if workers.wanted(sum(item.kind == "file" for item in items)):  # the workers read the files too
        others = iter(read_each([item for item in items if item.kind != "file"], max_bytes=max_bytes,
                                timeout=timeout, own=own, cache=cache))  # fmt: skip
        work = [found for item in items for found in ([item] if item.kind == "file" else next(others))]
    else:
        work = read_items(items, max_bytes=max_bytes, timeout=timeout, own=own, cache=cache)
    if workers.wanted(len(work)):
        try:
            return clean_split(
                workers, work, max_bytes=max_bytes, own=own, since=since, wanted_language=wanted_language,
                read_on=read_on, report=report,
            )  # fmt: skip
        except BrokenProcessPool:  # a worker was lost (killed for its memory?): the work is done here
            pass
    loaded = gathered(
        found
        for entry in work
        for found in (read_item(entry, max_bytes=max_bytes, own=own) if isinstance(entry, Item) else [entry])
    )
    recent, old = [], []
    for source in loaded.sources:
        if since is None or is_recent(source, since):
            recent.append(source)
        else:
            old.append(Skipped(source.path or source.title or "(text)", "older than --since"))
    used, sentences, skipped, language = _clean_and_split(recent, report, wanted_language, read_on)
    return used, sentences, list(loaded.skipped) + old + skipped, language, None


def _settings(
    algorithm: str,
    budget: Budget,
    language: str,
    query: str | None,
    left_out: int,
    already_read: int,
    per_story: bool,
    today: date | None,
) -> dict:
    """What the digest was made with, and what it left out (`Digest.settings`)."""
    return {
        "algorithm": algorithm,
        "length": budget.sentences,
        "words": budget.words,
        "language": language,
        "query": " ".join((query or "").split()) or None,
        "left_out": left_out,
        "already_read": already_read,
        "per_story": per_story,
        "date": (today or date.today()).isoformat(),
    }


ALREADY_READ = "already read on "  # the start of the reason a source read before is skipped


def _read_before(groups: Sequence[Group], used: Sequence[Source], state: State, language: str) -> set[int]:
    """Indexes of the groups a re-filed copy repeats: sentences whose every concept the reader
    has read, carried by a source that is a re-filed copy (its address was read before, or more
    than half its sentences hold nothing unread). A re-filed copy so counts as read except for
    what it adds; in other sources such a sentence stays, weighed low by the ranking (leaving
    them out too cost the update benchmark 0.2-0.3 R2)."""
    import numpy as np

    from .rank.concepts import concept_keys

    def all_read(text: str) -> bool:
        keys = concept_keys(text, language)
        return bool(keys) and bool(np.all(state.read_count(np.fromiter(keys, dtype=np.uint32, count=len(keys))) > 0))

    read = {(m.source_id, m.index): all_read(m.text) for g in groups for m in g.members}
    per_source = Counter(source for source, _ in read)
    old = Counter(source for (source, _), was_read in read.items() if was_read)
    refiled = {s.id for s in used if state.seen_at(s.url or s.path)} | {
        source for source, n in per_source.items() if old[source] * 2 > n
    }
    return {
        i
        for i, g in enumerate(groups)
        if read[(g.representative.source_id, g.representative.index)] and any(m.source_id in refiled for m in g.members)
    }


def _remember(state: State, used: Sequence[Source], sentences: Sequence[Sentence], language: str, today: date) -> None:
    """Add this brief's sources, and the concepts of all their sentences, to what the reader has read."""
    from .rank.concepts import concept_keys

    per_source: dict[int, set[int]] = {}
    for sentence in sentences:
        per_source.setdefault(sentence.source_id, set()).update(concept_keys(sentence.text, language))
    state.remember(
        [(s.url or s.path, s.text) for s in used], (key for keys in per_source.values() for key in keys), today
    )


@_collector_paused
def sentences(
    inputs: str | os.PathLike | Source | Iterable[str | os.PathLike | Source],
    *,
    language: str = "auto",
    stdin: IO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    follow_links: bool = False,
) -> Extraction:
    """The cleaned text of `inputs`, as a digest would pool it: each usable source (ids 1, 2, ...)
    with its sentences in reading order, and the inputs skipped and why. The options mean what
    they mean for `summarize`; nothing is ranked or collapsed.

    Raises `UsageError` for a bad request and `NothingToSummarize` when no input has usable text.
    """
    inputs = arguments.inputs_list(inputs)
    max_bytes = arguments.whole("max_bytes", max_bytes)
    if max_bytes is None or max_bytes < 1:
        raise UsageError(f"max_bytes must be a whole number of bytes, at least 1 (got {max_bytes!r})")
    timeout = arguments.seconds("timeout", timeout)
    language = arguments.text_or_none("language", language) or "auto"
    arguments.stream_or_none("stdin", stdin)
    loaded = load(inputs, stdin=stdin, max_bytes=max_bytes, timeout=timeout, follow_links=follow_links)
    used, pooled, skipped, _ = _clean_and_split(loaded.sources, _no_progress, languages.check(language))
    skipped = list(loaded.skipped) + skipped
    if not used:
        raise NothingToSummarize(_why_nothing(skipped), skipped)
    by_source: dict[int, list[str]] = {s.id: [] for s in used}
    for sentence in pooled:
        by_source[sentence.source_id].append(sentence.text)
    return Extraction(
        sources=tuple(Extracted(source=s, sentences=tuple(by_source[s.id])) for s in used), skipped=tuple(skipped)
    )


def _clean_and_split(
    sources: Sequence[Source],
    report: Progress,
    wanted_language: str,
    read_on: Callable[[str], date | None] | None = None,
) -> tuple[list[Source], list[Sentence], list[Skipped], str]:
    """Clean each source, find the brief's language, and split the sources written in it;
    number the usable ones 1, 2, ... in reading order. Sources in another language, or in none
    that is recognised, are skipped with the reason; so are those `read_on` (a state's) says the
    reader read before, unchanged."""
    cleaned_sources: list[Source] = []
    readings: list[languages.Reading] = []
    for n, source in enumerate(sources):
        if n % 100 == 0:
            report("cleaning", n, len(sources))
        cleaned = clean(source)
        cleaned_sources.append(cleaned)
        readings.append(languages.read(cleaned.text))
    sizes = [len(s.text.split()) for s in cleaned_sources]
    language = languages.choose(list(zip(readings, sizes, strict=True)), wanted_language)
    used: list[Source] = []
    sentences: list[Sentence] = []
    skipped: list[Skipped] = []
    for source, cleaned, reading in zip(sources, cleaned_sources, readings, strict=True):
        name = source.path or source.title or "(text)"
        if not languages.belongs(reading, language):
            skipped.append(Skipped(name, languages.why_skipped(reading.language, language, source.text)))
            continue
        if read_on is not None and (day := read_on(cleaned.text)) is not None:
            skipped.append(Skipped(name, f"{ALREADY_READ}{day.isoformat()}"))
            continue
        cleaned = changed(cleaned, id=len(used) + 1)
        split, cut_short = read_sentences(cleaned)
        if cut_short:
            skipped.append(Skipped(name, CUT_SHORT))
        if not split:
            skipped.append(Skipped(name, _why_no_sentences(source.text, cleaned.text)))
            continue
        used.append(cleaned)
        sentences.extend(split)
    return used, sentences, skipped, language


def _why_nothing(skipped: Sequence[Skipped]) -> str:
    """The one line that says why no input could be used."""
    met = len(skipped)
    if not met:
        return (
            "nothing to summarise: no files found in the inputs given "
            "(give articles as text, Markdown, HTML, feeds or JSON records)"
        )
    if all(s.reason == "older than --since" for s in skipped):
        return f"nothing to summarise: all {met} sources met are older than --since"
    if met == 1:
        return f"nothing to summarise: the one input met was skipped ({skipped[0].reason})"
    return (
        f"nothing to summarise: none of the {met} inputs met had usable text "
        "(give articles as text, Markdown, HTML, feeds or JSON records)"
    )


def _why_no_sentences(raw: str, cleaned: str) -> str:
    if not raw.strip():
        return "no usable text: the input is empty"
    if unsupported := languages.unsupported_script(raw):
        return unsupported
    if not cleaned.strip():
        return "no usable text after cleaning"
    return why_no_sentences(cleaned)


def _source_stems(sentences: Sequence[Sentence], language: str) -> dict[int, list[str]]:
    """The content-word stems of each source (by id), read from its sentences (whose stems
    are remembered for ranking) rather than from its whole text again."""
    stems: dict[int, list[str]] = {}
    for sentence in sentences:
        stems.setdefault(sentence.source_id, []).extend(content_stems(sentence.text, language))
    return stems


def _grouped_on_cluster(stemmed: Any) -> list[list[int]] | None:
    """The stories a cluster's workers found (`distributed.Stemmed`), or None to find them here,
    the same stories, should that task have failed (a worker lost too often, out of memory)."""
    try:
        return stemmed.stories.result()
    except Exception:  # whatever Dask raises for a failed task: the grouping is redone in this process
        return None


def _stories(
    groups: Sequence[Group],
    used: Sequence[Source],
    stems: dict[int, list[str]],
    found: list[list[int]] | None = None,
) -> list[tuple[list[int], list[int]]]:
    """The stories of the input, biggest first: for each, the indexes of its groups and the ids
    of its sources. A group belongs to the story most of its members' sources are in (ties: the
    story of its representative). `found`: `group_stems` of the used sources, when already
    found (by a cluster's worker)."""
    if len(used) <= 1:
        return [(list(range(len(groups))), [s.id for s in used])]
    parts = found if found is not None else group_stems([stems.get(s.id, []) for s in used])
    story_of = {used[i].id: k for k, part in enumerate(parts) for i in part}
    members: list[list[int]] = [[] for _ in parts]
    for g, group in enumerate(groups):
        votes = Counter(story_of[m.source_id] for m in group.members)
        home = story_of[group.representative.source_id]
        members[max(votes, key=lambda k: (votes[k], k == home, -k))].append(g)
    return [(m, [used[i].id for i in part]) for m, part in zip(members, parts, strict=True) if m]


def _rank_stories(
    algorithm: ranking.Algorithm,
    groups: Sequence[Group],
    used: Sequence[Source],
    stories: Sequence[tuple[list[int], list[int]]],
    budget: Budget,
    language: str,
    query: str | None,
    per_story: bool,
    known: Callable | None = None,
) -> list[tuple[list[float], list[int]]]:
    """For each story, the scores of its groups and the positions (into its groups) chosen.

    One story: the whole budget. Several: with `per_story`, each story has the whole budget;
    otherwise stories share it (see `select.merge_stories`), and only stories that can get a
    sentence are ranked at all, so a brief over thousands of stories stays cheap."""
    if not stories:
        return []
    titles = {s.id: s.title for s in used}
    if len(stories) == 1 or per_story:
        out = []
        for members, _ in stories:
            story = [groups[g] for g in members]
            candidates = _candidates(story, titles, language, query, known)
            out.append(_rank_and_select(algorithm, candidates, budget, leaning_after(story)))
        return out
    sizes = [len(sources) for _, sources in stories]
    guaranteed = [n >= 2 for n in sizes] if max(sizes) >= 2 else [True] * len(sizes)
    seats = budget.sentences if budget.sentences is not None else max(1, budget.words // WORDS_PER_SEAT)
    # A story can use no more seats than it has sentences that fit the word budget at all: a seat
    # given to a story whose sentences are all too long would leave the brief empty.
    fitting = [
        sum(budget.words is None or groups[g].representative.word_count <= budget.words for g in members)
        for members, _ in stories
    ]
    held = share_seats(sizes, seats, guaranteed, fitting)
    ranked: list[tuple[list[float], list[int]]] = []
    leaning: list[dict[int, int]] = []
    for (members, _), n in zip(stories, held, strict=True):
        story = [groups[g] for g in members]
        leaning.append(leaning_after(story) if n else {})
        if not n:
            ranked.append(([], []))
            continue
        candidates = _candidates(story, titles, language, query, known)
        scores, picked = _rank_and_select(algorithm, candidates, replace(budget, sentences=n), leaning[-1])
        ranked.append((scores, sorted(picked, key=lambda i: (-scores[i], i))))
    texts = [[groups[members[i]].representative.text for i in range(len(members))] for members, _ in stories]
    flat_texts = [t for story in texts for t in story]
    offsets = list(accumulate((len(t) for t in texts[:-1]), initial=0))
    merged = merge_stories(
        [[offsets[k] + i for i in picked] for k, (_, picked) in enumerate(ranked)],
        flat_texts,
        sizes,
        [sure and bool(picked) for sure, (_, picked) in zip(guaranteed, ranked, strict=True)],
        budget,
        {offsets[k] + i: offsets[k] + b for k, after in enumerate(leaning) for i, b in after.items()},
    )
    return [(scores, [i - offsets[k] for i in merged[k]]) for k, (scores, _) in enumerate(ranked)]


def _candidates(
    groups: Sequence[Group], titles: dict[int, str], language: str, query: str | None, known: Callable | None = None
) -> Candidates:
    """What the rankers see of the collapsed groups: the titles of the sources that carry them
    only (`titles`: every source's), so a story is ranked on its own titles, and ranking one of
    thousands of stories costs what that story holds."""
    carriers = sorted({m.source_id for g in groups for m in g.members})
    return Candidates(
        texts=[g.representative.text for g in groups],
        sources=[g.representative.source_id for g in groups],
        positions=[g.first_position for g in groups],
        support=[g.support for g in groups],
        occurrences=[tuple(sorted((m.source_id, m.index) for m in g.members)) for g in groups],
        titles={i: titles[i] for i in carriers},
        language=language,
        seed=_seed(g.representative.text for g in groups),
        query=" ".join((query or "").split()),
        known=known,
    )


def _rank_and_select(
    algorithm: ranking.Algorithm, candidates: Candidates, budget: Budget, after: dict[int, int] | None = None
) -> tuple[list[float], list[int]]:
    """Scores of every candidate and the indexes chosen: exact coverage for coverage algorithms
    (topped up greedily if it leaves budget), greedy best-first otherwise. A sentence budget
    alone is first filled within the words of that many usual sentences (`select.words_for`),
    then topped up to its number of sentences, by worth per word. With a question of one sentence, the sentence
    that answers it best (`query.best_answer`) is always chosen. A candidate that leans on the
    sentence before it (`after`, see `order.leaning_after`) is chosen only with that one."""
    language = candidates.language
    texts = candidates.texts
    capped = words_for(budget, texts)
    fitting = [eligible(t) and (capped.words is None or len(t.split()) <= capped.words) for t in texts]
    one_question = bool(candidates.query) and asks_one_thing(candidates.query)
    answer = best_answer(texts, candidates.query, fitting, language) if one_question else None
    answers = [] if answer is None else [answer]
    if algorithm.coverage:
        concepts = algorithm.load_concepts()(candidates)
        scores = concepts.worth()
        picked = cover(
            concepts.sets,
            concepts.weights,
            texts,
            capped,
            language=language,
            required=answers,
            after=after,
        )
        redundancy = COVER_REDUNDANCY
    else:
        scores = algorithm.load()(candidates)
        picked, redundancy = answers, REDUNDANCY
    picked = select(texts, scores, capped, language=language, chosen=picked, redundancy=redundancy, after=after)
    if capped != budget:  # the seats left, for facts per word too: the shortest informative sentences
        density = [score / max(1, len(t.split())) for score, t in zip(scores, texts, strict=True)]
        picked = select(texts, density, budget, language=language, chosen=picked, redundancy=redundancy, after=after)
    return scores, picked
