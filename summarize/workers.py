"""A large input's per-source stages on this machine's other cores: worker processes, same bytes.

Reading (of many files), cleaning, judging the language and splitting go source by source, and
story grouping needs nothing of collapsing near-duplicates: with thousands of sources they run
in a few worker processes (`jobs`, by default the cores this process may use), and the results
are put back in input order, so the stages after them see exactly what one process makes (the
same sources, sentences, stems and stories, so the same brief, byte for byte).

How, and why so:
- The workers are forked once the inputs are planned (and what only this process can read,
  addresses and stdin, is read), so each inherits the work list and is sent only ranges of it;
  only compact forms come back (tuples of strings and numbers, never dataclasses by the
  hundred thousand: pickling many small objects costs more than the work it spreads).
- They are forked only when this process runs no other thread (fork copies a thread's locks,
  not the thread: a library caller's threads, a Dask client's, would leave them held), and only
  for inputs large enough to pay for it (`POOL_SOURCES`); otherwise everything runs here, as
  with `jobs=1`. A process forked is the same interpreter, with the same string hashing.
- The standard library's process pool carries the tasks (it forks every worker before its own
  thread starts); the workers ignore Ctrl-C, which this process meets, and on any error or
  interrupt they are ended at once, so no work outlives the call.
- Each task also finds its sources' content stems (for stories and headlines) in the language
  its own sources are in (as the brief's is chosen from all of them: the same, but for a task
  of sources mostly in another); once the brief's language is known, any task's that differ are
  made again, and one worker groups the sources into stories (`stories.group_stems`; a Dask
  cluster's workers share it: distributed_stories.py) while this process collapses
  near-duplicates, the longer of the two stages.
- A worker lost (killed for memory, say) costs time, not the brief: its stage is done here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from . import language as languages
from .clean import clean
from .errors import UsageError
from .models import Sentence, Skipped, Source, changed
from .since import is_recent
from .sources import Item, read_item
from .split import CUT_SHORT, read_sentences

POOL_SOURCES = 2_000  # inputs (files to read, or sources read) from which the work is spread
CHUNK = 1_000  # sources (or files) per task at most: a tenth of a second of work, so Ctrl-C and progress stay prompt
TASKS_PER_WORKER = 8  # at least this many tasks per worker where the input allows, so none idles long at the end

Progress = Callable[[str, int, int], None]
_FIELDS = tuple(Source.__dataclass_fields__)


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity call on this system
        return max(1, os.cpu_count() or 1)


def checked_jobs(value: object) -> int:
    """`jobs` as a number of processes: None is `default_jobs()`; otherwise a whole number, at least 1."""
    if value is None:
        return default_jobs()
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        shown = repr(value) if isinstance(value, (int, float, str)) else type(value).__name__
        raise UsageError(f"jobs must be a whole number of processes, at least 1 (got {shown})")
    return value


def capped_jobs(jobs: int) -> int:
    """`jobs` no more than the cores this process may use: more processes than cores make the
    brief no sooner, and `--jobs 100000` must not fork a hundred thousand of them."""
    return max(1, min(jobs, default_jobs()))


def can_fork() -> bool:
    """Whether forking is safe here: a system that forks, and no thread running but this one."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


_work: list[Item | Source | Skipped] = []  # set before the workers fork: each reads its ranges of it


class Workers:
    """Worker processes for one brief, forked on first use (`start`) and ended on leaving:
    at once (running tasks dropped) when the work is left by an error or an interrupt."""

    def __init__(self, jobs: int) -> None:
        self.jobs = capped_jobs(jobs)
        self._pool: Any = None

    def wanted(self, size: int) -> bool:
        """Whether `size` inputs are worth spreading: enough of them, jobs to spare, forking safe."""
        return self.jobs > 1 and size >= POOL_SOURCES and (self._pool is not None or can_fork())

    def start(self, work: list[Item | Source | Skipped]) -> None:
        """Fork the workers, `work` (files to read and sources read, in input order) theirs to read."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _work
        _work = work
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_in_worker,
                initargs=(os.getpid(),),
            )
            # The pool forks every worker at its first task (the fork start method's way): forked now,
            # while this process has no other thread, and ready.
            for future in [self._pool.submit(os.getpid) for _ in range(self.jobs)]:
                future.result()
        finally:
            _work = []  # this process keeps no second reference: the workers have their copies

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, function: Callable, *args: Any) -> Any:
        """`function(*args)` on a worker: its future."""
        return self._pool.submit(function, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if kind is not None:  # an error or Ctrl-C here: the workers' tasks are of no use now
            for process in list(getattr(pool, "_processes", {}).values()):  # 3.11 has no public way to end them
                process.terminate()
        pool.shutdown(wait=kind is None, cancel_futures=True)


def _in_worker(parent: int) -> None:
    """In a worker, first: Ctrl-C is for the process that asked for the brief (it ends the
    workers), and the worker ends with that process, however it ends (`kill -9` included):
    no worker is left running, orphaned, when the brief's process is gone."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took hold
        os._exit(1)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends


def _end_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends (elsewhere nothing to do: the pool's
    own check, a worker's broken pipe to its parent, ends it at its next task)."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no C library to ask: the pool's own check remains
        pass


def ranges(size: int, jobs: int) -> list[tuple[int, int]]:
    """0..size cut into runs of at most `CHUNK`, at least `TASKS_PER_WORKER` per job where there
    are enough items, in order."""
    step = max(1, min(CHUNK, -(-size // (jobs * TASKS_PER_WORKER))))
    return [(start, min(start + step, size)) for start in range(0, size, step)]


# One source read, cleaned, judged and split, as a worker sends it back: the cleaned source's
# fields (in `Source`'s order), its language reading, its words, its sentences' texts and
# paragraphs, whether it was cut short, its name, why it gave no sentence ("" when it gave some),
# for an unrecognised language what its raw text says of its script, and its content stems.
Prepared = tuple[tuple, str | None, str, int, list[str], list[int], bool, str, str, str, str]


def _prepare(
    start: int, stop: int, max_bytes: int, own: dict | None, since: datetime | None, wanted_language: str
) -> tuple:
    """A worker's task: entries `start` to `stop` of the work list read (files), filtered by
    `since`, cleaned, judged and split, and stemmed in the language these sources would choose
    (`languages.choose`). Returns (unreadable inputs as (name, reason), names of sources older
    than `since`, the `Prepared` sources, each in input order; that language)."""
    from .pipeline import _why_no_sentences  # the one-process run's reasons, word for word

    unread: list[tuple[str, str]] = []
    old: list[str] = []
    read: list[Prepared] = []
    for entry in _work[start:stop]:
        found = read_item(entry, max_bytes=max_bytes, own=own) if isinstance(entry, Item) else [entry]
        for source in found:
            if isinstance(source, Skipped):
                unread.append((source.path, source.reason))
                continue
            name = source.path or source.title or "(text)"
            if since is not None and not is_recent(source, since):
                old.append(name)
                continue
            cleaned = clean(source)
            reading = languages.read(cleaned.text)
            split, cut_short = read_sentences(changed(cleaned, id=0))
            why_none = "" if split else _why_no_sentences(source.text, cleaned.text)
            script = languages.unsupported_script(source.text) if reading.language is None else ""
            fields = tuple(cleaned.__dict__[f] for f in _FIELDS)
            texts, paragraphs = [s.text for s in split], [s.paragraph for s in split]
            words = len(cleaned.text.split())
            judged = (reading.language, reading.likeliest, words)
            read.append([fields, *judged, texts, paragraphs, cut_short, name, why_none, script, ""])
    language = languages.choose([(languages.Reading(r[1], r[2]), r[3]) for r in read], wanted_language)
    for r, stems in zip(read, _stems([r[4] for r in read], language), strict=True):
        r[-1] = stems
    return unread, old, [tuple(r) for r in read], language


def _stems(texts: list[list[str]], language: str) -> list[str]:
    """For sources given as their sentences' texts, each one's content stems (as
    `pipeline._source_stems` reads them), space-separated (also a worker's task). Not through
    `text.content_stems`'s memory of sentences: a worker reads each sentence once."""
    from .text import _content_stems

    return [" ".join(s for t in sentences for s in _content_stems(t, language)) for sentences in texts]


def _grouped(stems: list[str]) -> list[list[int]]:
    """A worker's task: the stories of sources given as their content stems, space-separated."""
    from .stories import group_stems

    return group_stems([s.split() for s in stems])


def _source(fields: tuple, number: int) -> Source:
    source = object.__new__(Source)
    source.__dict__.update(zip(_FIELDS, fields, strict=True))
    source.__dict__["id"] = number
    return source


def _sentence(text: str, number: int, paragraph: int, index: int) -> Sentence:
    sentence = object.__new__(Sentence)  # as the constructor makes it, without its four guarded assignments
    sentence.__dict__.update(text=text, source_id=number, paragraph=paragraph, index=index)
    return sentence


def clean_split(
    workers: Workers,
    work: list[Item | Source | Skipped],
    *,
    max_bytes: int,
    own: dict | None,
    since: datetime | None,
    wanted_language: str,
    read_on: Callable[[str], date | None] | None,
    report: Progress,
) -> tuple[list[Source], list[Sentence], list[Skipped], str, Any]:
    """What `pipeline` makes of `work` in one process (files read, sources older than `since`
    left out, the rest cleaned and split, numbered 1, 2, ... in input order; every input
    skipped, with the reason, in the order that run reports them; the brief's language), made
    by `workers`; and the stems of the sentences and sources with their stories on the way
    (a `distributed.Stemmed`). `read_on` (a state's) says which cleaned texts the reader read."""
    from .distributed import Stemmed
    from .pipeline import ALREADY_READ

    workers.start(work)
    tasks = [
        workers.submit(_prepare, a, b, max_bytes, own, since, wanted_language)
        for a, b in ranges(len(work), workers.jobs)
    ]
    unread: list[Skipped] = []
    old: list[Skipped] = []
    read: list[Prepared] = []
    stemmed_in: list[str] = []  # per task, the language its sources' stems are in
    task_of: list[int] = []  # per source read, its task
    for k, task in enumerate(tasks):
        report("cleaning", k, len(tasks))
        part_unread, part_old, part_read, part_language = task.result()
        unread.extend(Skipped(name, reason) for name, reason in part_unread)
        old.extend(Skipped(name, "older than --since") for name in part_old)
        read.extend(part_read)
        stemmed_in.append(part_language)
        task_of.extend([k] * len(part_read))
    language = languages.choose([(languages.Reading(r[1], r[2]), r[3]) for r in read], wanted_language)
    used: list[Source] = []
    sentences: list[Sentence] = []
    texts: list[list[str]] = []  # the used sources' sentences, for stems made again
    source_stems: list[str] = []
    again: list[int] = []  # the used sources whose stems are in another language than the brief's
    left_out: list[Skipped] = []
    for (fields, found, likeliest, _, split, paragraphs, cut_short, name, why_none, script, stems), k in zip(
        read, task_of, strict=True
    ):
        if not languages.belongs(languages.Reading(found, likeliest), language):
            why = script if not found and script else languages.why_skipped(found, language, "")
            left_out.append(Skipped(name, why))
            continue
        if read_on is not None and (day := read_on(fields[0])) is not None:  # fields[0]: the cleaned text
            left_out.append(Skipped(name, f"{ALREADY_READ}{day.isoformat()}"))
            continue
        if cut_short:
            left_out.append(Skipped(name, CUT_SHORT))
        if why_none:
            left_out.append(Skipped(name, why_none))
            continue
        number = len(used) + 1
        used.append(_source(fields, number))
        sentences.extend(_sentence(t, number, p, i) for i, (t, p) in enumerate(zip(split, paragraphs, strict=True)))
        if stemmed_in[k] != language:
            again.append(len(source_stems))
            texts.append(split)
        source_stems.append(stems)
    if again:  # sources stemmed in another language: as many as the tasks of mostly foreign sources
        redone = [workers.submit(_stems, texts[a:b], language) for a, b in ranges(len(texts), workers.jobs)]
        for i, stems in zip(again, (s for task in redone for s in task.result()), strict=True):
            source_stems[i] = stems
    stories = workers.submit(_grouped, source_stems)  # beside the collapsing, which needs nothing of it
    by_id = {s.id: stems.split() for s, stems in zip(used, source_stems, strict=True)}
    return used, sentences, unread + old + left_out, language, Stemmed(None, by_id, stories)
