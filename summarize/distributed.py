"""Briefs on a Dask cluster: the per-source stages run as tasks, with the output of one process.

The inputs are planned here (folders walked, stdin read: see `sources.plan`) and cut into
partitions of `PARTITION_ITEMS` items. Each partition is one task, on whichever worker the
scheduler picks: read (its addresses fetched concurrently, through the HTTP cache when one is
named), drop what is older than `since`, clean, judge the language, split. Only a few numbers
per source come back at first (with a state, a hash of its cleaned text too); the brief's
language is chosen from them here, the sources the reader has already read are looked up in the
state, the sources that will be used are numbered 1, 2, ... in input order, and a second task
per partition gives its sources and sentences their final ids and its skipped inputs their
reasons (sources cut short among them), and tokenises them for the stages after it: each
sentence's stems for collapsing, each source's content stems for headlines and for the story
grouping, which the workers do while the client collapses (distributed_stories.py, `Stemmed`).
What the partitions return, concatenated in order, is what the single-process run makes, so the stages
after it (collapse, stories, ranking, selection) run on the same data and write the same bytes,
whatever the number of workers or partitions.

A worker lost mid-run costs nothing but time: the scheduler runs its tasks again elsewhere from
the same inputs. Dask is an optional extra (`pip install 'summarize[dask]'`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import IO, Any

from . import language as languages
from .clean import clean
from .distributed_stories import group as group_stories
from .errors import UsageError
from .models import Sentence, Skipped, Source
from .since import is_recent
from .sources import Item, identities, plan, read_items
from .split import CUT_SHORT, read_sentences
from .state import text_key

INSTALL = "pip install 'summarize[dask]'"
PARTITION_ITEMS = 200  # inputs (files, addresses, handed-over sources) per task: a few MB of text at most
LOCAL = "local"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class _Read:
    """One source of a partition, read, cleaned and split (its sentences numbered 0 for now)."""

    source: Source  # as read
    cleaned: Source
    reading: languages.Reading
    words: int
    sentences: tuple[Sentence, ...]
    cut_short: bool  # past MAX_SOURCE_SENTENCES: the rest not read, and so reported


@dataclass(frozen=True)
class _Partition:
    """What one task made of its items, in their order; kept on the worker until numbered."""

    unread: tuple[Skipped, ...]  # inputs that could not be read
    old: tuple[Skipped, ...]  # sources older than `since`
    read: tuple[_Read, ...]


def _prepare(
    items: Sequence[Item], max_bytes: int, timeout: float, own: dict, cache: str | None, since: datetime | None
) -> _Partition:
    """Read, filter by date, clean, judge and split a partition's items (a task). A cache folder
    this worker's machine can't use (checked where the brief was asked for, not here) means
    fetching without it: the sources are the same, only the 304s are lost."""
    from .sources.cache import unusable

    if cache is not None and any(item.kind == "url" for item in items) and unusable(cache):
        cache = None
    unread: list[Skipped] = []
    old: list[Skipped] = []
    read: list[_Read] = []
    for found in read_items(items, max_bytes=max_bytes, timeout=timeout, own=own, cache=cache):
        if isinstance(found, Skipped):
            unread.append(found)
        elif since is not None and not is_recent(found, since):
            old.append(Skipped(found.path or found.title or "(text)", "older than --since"))
        else:
            cleaned = clean(found)
            split, cut_short = read_sentences(replace(cleaned, id=0))
            reading = languages.read(cleaned.text)
            read.append(_Read(found, cleaned, reading, len(cleaned.text.split()), tuple(split), cut_short))
    return _Partition(tuple(unread), tuple(old), tuple(read))


def _summary(part: _Partition, keyed: bool) -> list[tuple[languages.Reading, int, bool, int | None]]:
    """Per source of a partition: its language reading, its words, whether it gave sentences, and
    (when `keyed`) its cleaned text's `state.text_key`, for the state to say if it was read (a task)."""
    return [(r.reading, r.words, bool(r.sentences), text_key(r.cleaned.text) if keyed else None) for r in part.read]


@dataclass(frozen=True)
class _Numbered:
    """A partition's part of the brief's input, ids final."""

    used: list[Source]
    sentences: list[Sentence]
    unread: tuple[Skipped, ...]
    old: tuple[Skipped, ...]
    left_out: list[Skipped]  # in another language, or without a sentence
    sentence_stems: list[str]  # each sentence's word stems, space-separated (see `Stemmed`)
    source_stems: list[str]  # each used source's content-word stems, space-separated


@dataclass(frozen=True)
class Stemmed:
    """What the workers make for the stages after reading, with the same functions as this
    process (so the same values): each sentence's `sentence_stems`, space-separated, for
    collapsing; each used source's content stems, for headlines; and the story grouping of the
    used sources, found by the workers from those stems while this process collapses
    (`stories.result()`: `stories.group_stems`'s output over the used sources in order, found by
    the rounds of distributed_stories.py).
    Tokenising and grouping were over a third of what one process spent past reading."""

    sentences: list[str] | None  # None: not made (collapsing tokenises them itself)
    sources: dict[int, list[str]]  # each used source's content stems, by id (headlines read them)
    stories: Any  # a Dask future
    near_pairs: Callable[[list[int]], list[tuple[int, int]] | None] | None = None  # see `collapse`'s `pairs_of`


def _stems(sentences: Sequence[Sentence], language: str) -> tuple[list[str], list[str]]:
    """Per sentence its `sentence_stems`; per source (in order of first sentence) its content
    stems, as the single-process run reads them: both space-separated, as `Stemmed` keeps them."""
    from .pipeline import _source_stems
    from .text import sentence_stems

    per_sentence = [" ".join(sentence_stems(s.text, language)) for s in sentences]  # content stems remembered
    return per_sentence, [" ".join(stems) for stems in _source_stems(sentences, language).values()]


def _number(part: _Partition, language: str, first: int, read_on: Sequence[date | None]) -> _Numbered:
    """A partition's usable sources and their sentences with their final ids from `first` on, and
    the sources left out with the reason (a task). `read_on` gives, per source, the day the
    reader read it (None: never, or no state)."""
    from .pipeline import ALREADY_READ, _why_no_sentences  # the single-process run's reasons, word for word

    used: list[Source] = []
    sentences: list[Sentence] = []
    left_out: list[Skipped] = []
    for r, day in zip(part.read, read_on, strict=True):
        name = r.source.path or r.source.title or "(text)"
        if not languages.belongs(r.reading, language):
            left_out.append(Skipped(name, languages.why_skipped(r.reading.language, language, r.source.text)))
            continue
        if day is not None:
            left_out.append(Skipped(name, f"{ALREADY_READ}{day.isoformat()}"))
            continue
        if r.cut_short:
            left_out.append(Skipped(name, CUT_SHORT))
        if not r.sentences:
            left_out.append(Skipped(name, _why_no_sentences(r.source.text, r.cleaned.text)))
        else:
            number = first + len(used)
            used.append(replace(r.cleaned, id=number))
            sentences.extend(replace(s, source_id=number) for s in r.sentences)
    sentence_stems, source_stems = _stems(sentences, language)
    return _Numbered(used, sentences, part.unread, part.old, left_out, sentence_stems, source_stems)


def _serialized_size(value: Any) -> int:
    """Bytes of `value` pickled: what Dask counts for a task's result (its own estimate sees a
    dataclass of sources as a few dozen bytes), so its memory limits and transfer figures hold."""
    import pickle

    return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _register_sizes() -> None:
    try:
        from dask.sizeof import sizeof
    except ImportError:  # no Dask: `open_client` says what to install
        return
    sizeof.register(_Partition)(_serialized_size)
    sizeof.register(_Numbered)(_serialized_size)


_register_sizes()  # on import: a worker imports this module to run its first task, so every worker counts alike


def partitions(items: Sequence[Item], size: int | None = None) -> list[list[Item]]:
    """`items` cut into runs of `size` (`PARTITION_ITEMS`), in order."""
    size = size or PARTITION_ITEMS
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def read_clean_split(
    client: Any,
    inputs: Sequence,
    *,
    stdin: IO | None,
    max_bytes: int,
    timeout: float,
    follow_links: bool,
    own_files: Sequence,
    cache: str | os.PathLike | None = None,
    since: datetime | None,
    wanted_language: str,
    read_on_key: Callable[[int], date | None] | None = None,
    report: Progress,
) -> tuple[list[Source], list[Sentence], list[Skipped], str, Stemmed]:
    """The sources used (numbered 1, 2, ...), their sentences, every input skipped with the reason,
    the brief's language, and the stems of the sentences and sources (`Stemmed`): what the
    single-process run makes of `inputs`, made by the tasks of
    `client`'s cluster. Addresses are fetched by the workers, through the HTTP cache in `cache`
    (a folder each worker's machine can write) when given; `read_on_key` (a state's) says which
    sources, by their text's hash, the reader read before."""
    items = plan(inputs, stdin=stdin, max_bytes=max_bytes, follow_links=follow_links)
    own = identities(own_files)
    cache = os.fspath(cache) if cache is not None else None
    try:
        return _on_cluster(client, items, max_bytes, timeout, own, cache, since, wanted_language, read_on_key, report)
    except ModuleNotFoundError as err:  # raised on a worker: this package (or one it needs) is not installed there
        raise UsageError(f"the Dask workers can't import {err.name}: install {INSTALL.split()[-1]} on them") from None


def _on_cluster(
    client: Any,
    items: Sequence[Item],
    max_bytes: int,
    timeout: float,
    own: dict,
    cache: str | None,
    since: datetime | None,
    wanted_language: str,
    read_on_key: Callable[[int], date | None] | None,
    report: Progress,
) -> tuple[list[Source], list[Sentence], list[Skipped], str, Stemmed]:
    from distributed import as_completed

    parts = [client.submit(_prepare, p, max_bytes, timeout, own, cache, since) for p in partitions(items)]
    summaries = [client.submit(_summary, p, read_on_key is not None) for p in parts]
    for done, _ in enumerate(as_completed(summaries), 1):
        report("reading", done, len(summaries))
    counts = client.gather(summaries)
    flat = [entry for part in counts for entry in part]
    language = languages.choose([(reading, words) for reading, words, _, _ in flat], wanted_language)
    days = [[read_on_key(key) if read_on_key is not None else None for *_, key in part] for part in counts]
    firsts, first = [], 1
    for part, read_on in zip(counts, days, strict=True):
        firsts.append(first)
        first += sum(
            languages.belongs(reading, language) and split and day is None
            for (reading, _, split, _), day in zip(part, read_on, strict=True)
        )
    numbered = [client.submit(_number, p, language, f, d) for p, f, d in zip(parts, firsts, days, strict=True)]
    used_per_part = [b - a for a, b in zip(firsts, [*firsts[1:], first], strict=True)]
    stories = group_stories(client, numbered, used_per_part)  # while this process gathers and collapses
    for done, _ in enumerate(as_completed(numbered), 1):
        report("gathering", done, len(numbered))
    results = client.gather(numbered)
    used = [s for r in results for s in r.used]
    sentences = [s for r in results for s in r.sentences]
    # In the order the single-process run reports them: unreadable inputs, then old ones, then the rest.
    skipped = [s for key in ("unread", "old", "left_out") for r in results for s in getattr(r, key)]
    ids = [s.id for r in results for s in r.used]  # each used source has sentences, so stems
    source_stems = [stems.split() for r in results for stems in r.source_stems]
    sizes = [len(r.sentences) for r in results]

    def near_pairs(representatives: list[int]) -> list[tuple[int, int]] | None:
        """The near-duplicate pairs, found by the cluster from the stems its partitions hold; None
        (to find them in this process) should a task fail, as for the stories."""
        from .distributed_pairs import find_pairs

        try:
            return find_pairs(client, numbered, sizes, representatives, language)
        except Exception:  # whatever Dask raises for a failed task
            return None

    stemmed = Stemmed(
        sentences=[stems for r in results for stems in r.sentence_stems],
        sources=dict(zip(ids, source_stems, strict=True)),
        stories=stories,
        near_pairs=near_pairs,
    )
    return used, sentences, skipped, language, stemmed


def open_client(address: str) -> tuple[Any, Callable[[], None]]:
    """A Dask client for `address` and what closes it: `local` (or `local:N`) starts a cluster of
    N worker processes on this machine (N: its cores); anything else is a scheduler's address
    (`tcp://host:8786`). A usage error in one line when Dask is not installed or the scheduler
    can't be reached."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(f"--dask needs Dask, an optional extra: {INSTALL}") from None
    address = address.strip()
    if address == LOCAL or address.startswith(LOCAL + ":"):
        workers = _workers(address)
        import logging

        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
        )
        client = Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    try:
        client = Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as err:
        raise UsageError(f"can't reach the Dask scheduler at {address}: {err}") from None
    return client, client.close


def _workers(address: str) -> int | None:
    """N of `local:N` (None for `local`: as many as the machine has cores)."""
    if address == LOCAL:
        return None
    count = address.split(":", 1)[1]
    if not count.isdigit() or int(count) < 1:
        raise UsageError(f"--dask {address}: give local:N with N a number of workers, at least 1")
    from .workers import capped_jobs

    return capped_jobs(int(count))  # local:100000 must not start a hundred thousand processes


@contextmanager
def cluster(address: str) -> Iterator[Any]:
    """`open_client` as a context: the client (and a local cluster) closed on leaving."""
    client, close = open_client(address)
    try:
        yield client
    finally:
        close()
