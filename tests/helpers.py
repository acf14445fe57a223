"""Helpers shared by the test modules: paths, text normalisation and the checks that judge a digest.

The checks here are written independently of the package's own thresholds where they can be:
near-duplicates are judged by plain word-set Jaccard, and "covering" by the share of a
sentence's content words that another sentence holds.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from bench.hostile import SEA_WALL  # noqa: F401 (shared with the hostile-input bench)
from summarize.text import content_stems, split_sentences

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
ARTICLES = FIXTURES / "articles"
SAMPLES = REPO / "samples"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Two short articles on unrelated news, for the hostile-input tests to put beside what they try:
# the sea wall is the hostile-input bench's own; this library story has one sentence more than its.
LIBRARY = (
    "The county library in Marsh End reopened on Saturday after a fire closed it for eight months. "
    "Volunteers carried more than twelve thousand books back onto the new shelves over three weekends. "
    "The head librarian said the reading room would now stay open until nine in the evening."
)

NEAR_DUPLICATE = 0.6  # word-set Jaccard at or above which two digest sentences say the same thing
COVER = 0.8  # share of a sentence's content words another sentence must hold to "cover" it

_WORD = re.compile(r"[a-z0-9]+")


def norm(text: str) -> str:
    """Whitespace-normalised text."""
    return " ".join(text.split())


def word_set(text: str) -> set[str]:
    return set(_WORD.findall(text.lower().replace("’", "'")))


def jaccard(a: str, b: str) -> float:
    wa, wb = word_set(a), word_set(b)
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def coverage(covering: str, covered: str) -> float:
    """Share of `covered`'s content stems that `covering` holds (1.0 when `covered` has none)."""
    target = set(content_stems(covered))
    if not target:
        return 1.0
    return len(target & set(content_stems(covering))) / len(target)


def sentences_of(text: str) -> list[str]:
    """Sentences of a cleaned text (paragraphs separated by blank lines)."""
    return [s for paragraph in text.split("\n\n") for s in split_sentences(paragraph)]


def carries(source_text: str, sentence: str) -> bool:
    """Whether a cleaned source holds `sentence` verbatim or a near-duplicate whose words cover it."""
    if norm(sentence) in norm(source_text):
        return True
    return any(coverage(candidate, sentence) >= COVER for candidate in sentences_of(source_text))


def near_duplicate_pairs(texts: list[str]) -> list[tuple[str, str, float]]:
    """Every pair of `texts` whose word-set Jaccard reaches NEAR_DUPLICATE."""
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            j = jaccard(a, b)
            if j >= NEAR_DUPLICATE:
                pairs.append((a, b, j))
    return pairs


def miscredited(digest) -> list[tuple[str, int]]:
    """(sentence, source id) for every credit whose source does not carry the sentence."""
    by_id = {s.id: s for s in digest.sources}
    bad = []
    for sentence in digest.sentences:
        for sid in sentence.sources:
            if sid not in by_id or not carries(by_id[sid].text, sentence.text):
                bad.append((sentence.text, sid))
    return bad


# An invented news story, paragraph by paragraph, for the page and address readers' tests.
CABLE_CAR_PARAGRAPHS = [
    "The Kettleby cable car carried its first passengers in six months on Saturday, after engineers finished "
    "a safety overhaul of the haul rope and both stations.",
    "Operator Dalesway Lifts said all twelve cabins had been fitted with new brakes and that the line had "
    "passed three days of load tests with sandbags in every seat.",
    "Queues reached the foot of the valley road by mid-morning, and the first cabin up the hill was full of "
    "schoolchildren who had won their tickets in a drawing contest.",
    "The overhaul cost 3.2 million pounds, most of it paid by the county council, which owns the line and "
    "leases it to the operator.",
]


@contextmanager
def serving(handler) -> Iterator[str]:
    """A server on 127.0.0.1 answering with `handler` (a BaseHTTPRequestHandler class) while the
    block runs; yields its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def retold(sentences: list[str], outlets: int, seed: int = 1) -> list[list[str]]:
    """`outlets` articles retelling `sentences` as outlets retell wire copy: each takes a seeded
    share of them, some word for word, some with a word dropped or two words swapped, so that
    near-duplicates of every kind (exact, edited, contained) recur across the articles."""
    import random

    rng = random.Random(seed)
    articles = []
    for _ in range(outlets):
        article = []
        for sentence in rng.sample(sentences, max(1, len(sentences) // 2)):
            words = sentence.split()
            edit = rng.random()
            if edit < 0.3 and len(words) > 6:
                del words[rng.randrange(1, len(words) - 1)]
            elif edit < 0.5 and len(words) > 6:
                i = rng.randrange(1, len(words) - 2)
                words[i], words[i + 1] = words[i + 1], words[i]
            article.append(" ".join(words))
        articles.append(article)
    return articles


class Done:
    """A finished "future" of the stand-in client below: the value itself."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


class InProcessClient:
    """What the cluster rounds (distributed_pairs, distributed_stories) ask of a Dask client, done
    at once in this process: every case fast, and its arguments' futures resolved as Dask would."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def scheduler_info(self) -> dict:
        return {"workers": {f"w{k}": {} for k in range(self.workers)}}

    def submit(self, function, *args, **_):
        return Done(function(*(a.value if isinstance(a, Done) else a for a in args)))

    def gather(self, futures):
        return [f.value for f in futures]
