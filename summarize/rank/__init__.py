"""Ranking: one score per candidate sentence, higher is better.

Every algorithm has the same call, `rank(candidates) -> list[float]`, and lives in its own
module; the registry below maps a name to that module lazily, so listing the algorithms
costs no import. Selection, redundancy and ordering happen elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import import_module

from ..errors import UsageError


@dataclass(frozen=True)
class Candidates:
    """What a ranker sees: one entry per collapsed group, all lists aligned.

    `texts` are representative sentences; `sources` the source id of each; `positions` the
    sentence index within that source; `support` how many sources carry it (credited ones);
    `occurrences` the (source id, sentence index) of every member of the group; `titles` maps a source id to its title;
    `seed` is derived from the input for algorithms that draw at random. `known`, when given,
    says for an array of concept hashes (see `concepts.concept_keys`) which ones the reader has
    already read, so rankers can weigh new content above what the reader has.
    """

    texts: Sequence[str]
    sources: Sequence[int]
    positions: Sequence[int]
    support: Sequence[int]
    titles: dict[int, str]
    language: str = "english"
    seed: int = 0
    query: str = ""
    occurrences: Sequence[tuple[tuple[int, int], ...]] = ()
    known: Callable | None = None

    def __len__(self) -> int:
        return len(self.texts)


Ranker = Callable[[Candidates], list[float]]


@dataclass(frozen=True)
class Algorithm:
    name: str
    module: str
    summary: str
    native: bool
    coverage: bool = False  # the module also offers `extract(candidates) -> Concepts` for coverage selection
    takes_query: bool = False  # the ranking uses `Candidates.query`

    def load(self) -> Ranker:
        """The ranking function, imported on first use."""
        module = import_module(self.module, __name__)
        if self.native:
            return module.rank
        return partial(module.rank, self.name)

    def load_concepts(self):
        """The concept extractor of a coverage algorithm."""
        return import_module(self.module, __name__).extract


def _sumy(name: str, summary: str) -> Algorithm:
    return Algorithm(name, ".sumy_adapter", summary, native=False)


ALGORITHMS: dict[str, Algorithm] = {
    a.name: a
    for a in (
        Algorithm(
            "concepts",
            ".concepts",
            "native: exact coverage of bigram concepts weighted by how many sources carry them (ILP); takes --query",
            True,
            coverage=True,
            takes_query=True,
        ),
        Algorithm(
            "centroid", ".centroid", "native: closeness to the pool's TF-IDF centroid, corroboration-weighted", True
        ),
        Algorithm("native-lexrank", ".lexrank", "native: continuous LexRank on a sparse TF-IDF cosine graph", True),
        _sumy("lexrank", "sumy LexRank: PageRank over a thresholded cosine graph"),
        _sumy("textrank", "sumy TextRank: PageRank over word-overlap similarity"),
        _sumy("lsa", "sumy LSA: singular value decomposition of the term-sentence matrix"),
        _sumy("luhn", "sumy Luhn: clusters of significant words"),
        _sumy("edmundson", "sumy Edmundson: cue, title and location words (titles give bonus words)"),
        _sumy("kl", "sumy KL-Sum: greedy KL divergence to the input's words (slow on big inputs)"),
        _sumy("sumbasic", "sumy SumBasic: average word probability with updates"),
        _sumy("reduction", "sumy Reduction: graph of word overlap, summed edge weights"),
        _sumy("random", "sumy Random: a seeded shuffle, as a baseline"),
    )
}
DEFAULT_ALGORITHM = "concepts"

# Other spellings people bring from sumy's command line (`sumy lex-rank`) and its documentation
# (KL-Sum): each names the algorithm above it stands for.
ALIASES: dict[str, str] = {
    "lex-rank": "lexrank",
    "text-rank": "textrank",
    "sum-basic": "sumbasic",
    "kl-sum": "kl",
    "klsum": "kl",
    "kl-summarizer": "kl",
    "native-lex-rank": "native-lexrank",
}


def canonical(name: str) -> str:
    """The registry's name for `name`: case, underscores and sumy's spellings forgiven."""
    key = name.strip().lower().replace("_", "-")
    return ALIASES.get(key, key)


def get(name: str | None) -> Algorithm:
    """The algorithm called `name` (the default when None); a usage error for unknown names."""
    if name is not None and not isinstance(name, str):
        raise UsageError(f"algorithm must be a name such as '{DEFAULT_ALGORITHM}' (got {type(name).__name__})")
    if name is not None and not name.strip():  # an empty name is a mistake, not a request for the default
        raise UsageError(f"algorithm is empty: name one ({', '.join(ALGORITHMS)}), or None for the default")
    key = canonical(name or DEFAULT_ALGORITHM)
    try:
        return ALGORITHMS[key]
    except KeyError:
        known = ", ".join(ALGORITHMS)
        raise UsageError(f"unknown algorithm '{name}': choose one of {known}") from None
