"""summarize.rank: every algorithm gives one finite score per candidate, offline and repeatably."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

import summarize
from summarize import ALGORITHMS, DEFAULT_ALGORITHM, UsageError
from summarize.rank import Candidates, get

TEXTS = [
    "The harbour council voted on Monday to build a new ferry terminal on the east quay.",  # central
    "The new ferry terminal on the east quay will cost the harbour council about 40 million dollars.",
    "Councillors said the old ferry pier could no longer handle the larger boats.",
    "Local traders welcomed the harbour council's plan for the new ferry terminal.",
    "A brass band played old songs at the primary school concert on Friday night.",  # outlier
    "Work on the terminal foundations should start in the spring, the council said.",
]
CENTRAL, OUTLIER = 0, 4

CANDIDATES = Candidates(
    texts=TEXTS,
    sources=[1, 1, 2, 2, 3, 3],
    positions=[0, 1, 0, 1, 0, 1],
    support=[2, 1, 1, 1, 1, 1],
    titles={1: "Council backs a new ferry terminal", 2: "Ferry terminal plan approved", 3: ""},
    seed=42,
)

SUMY = {"lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction", "random"}
NATIVE = {"centroid", "native-lexrank"}


def test_registry_lists_the_native_and_sumy_algorithms():
    assert NATIVE | SUMY <= set(ALGORITHMS)
    assert DEFAULT_ALGORITHM in ALGORITHMS
    assert summarize.ALGORITHMS is ALGORITHMS
    for name, algorithm in ALGORITHMS.items():
        assert algorithm.name == name
        assert algorithm.summary


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_scores_every_candidate_with_a_finite_float(name, offline):
    scores = ALGORITHMS[name].load()(CANDIDATES)
    assert len(scores) == len(TEXTS)
    assert all(isinstance(s, float) and math.isfinite(s) for s in scores)


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_is_repeatable(name, offline):
    rank = ALGORITHMS[name].load()
    assert rank(CANDIDATES) == rank(CANDIDATES)


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_handles_no_candidates(name, offline):
    empty = Candidates(texts=[], sources=[], positions=[], support=[], titles={})
    assert ALGORITHMS[name].load()(empty) == []


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_handles_a_single_candidate(name, offline):
    one = Candidates(texts=TEXTS[:1], sources=[1], positions=[0], support=[1], titles={1: "Ferry"}, seed=1)
    scores = ALGORITHMS[name].load()(one)
    assert len(scores) == 1 and math.isfinite(scores[0])


TWO_UNRELATED = Candidates(
    texts=[
        "The Marlow Bridge reopened to traffic on Monday after two years of repairs.",
        "Engineers replaced all 46 steel cables and rebuilt the cracked concrete deck.",
    ],
    sources=[1, 1],
    positions=[0, 1],
    support=[1, 1],
    titles={1: ""},
    seed=3,
)


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_gives_finite_scores_to_sentences_sharing_no_words(name, offline):
    # A graph with no edges (nothing in common) must not turn into NaN ratings.
    scores = ALGORITHMS[name].load()(TWO_UNRELATED)
    assert len(scores) == 2
    assert all(isinstance(s, float) and math.isfinite(s) for s in scores), scores


def test_random_is_deterministic_for_the_same_seed(offline):
    rank = ALGORITHMS["random"].load()
    first = rank(CANDIDATES)
    assert first == rank(replace(CANDIDATES))
    assert len(set(first)) == len(TEXTS)  # a shuffle: every candidate gets its own place


def test_random_depends_on_the_seed(offline):
    rank = ALGORITHMS["random"].load()
    orders = {tuple(rank(replace(CANDIDATES, seed=seed))) for seed in range(6)}
    assert len(orders) > 1


def test_random_leaves_the_global_generator_alone(offline):
    import random

    random.seed(123)
    expected = random.random()
    random.seed(123)
    ALGORITHMS["random"].load()(CANDIDATES)
    assert random.random() == expected


@pytest.mark.parametrize("name", ["native-lexrank", "centroid"])
def test_native_rankers_put_the_central_sentence_above_the_outlier(name):
    scores = ALGORITHMS[name].load()(CANDIDATES)
    assert scores[CENTRAL] > scores[OUTLIER]
    assert scores[OUTLIER] == min(scores)


def test_native_lexrank_scores_are_a_distribution():
    scores = ALGORITHMS["native-lexrank"].load()(CANDIDATES)
    assert all(s > 0 for s in scores)
    assert math.isclose(sum(scores), 1.0, rel_tol=1e-6)


def test_centroid_rewards_corroboration():
    flat = replace(CANDIDATES, support=[1] * len(TEXTS))
    boosted = replace(CANDIDATES, support=[1, 1, 1, 1, 1, 3])
    rank = ALGORITHMS["centroid"].load()
    assert rank(boosted)[5] > rank(flat)[5]


def test_get_is_case_insensitive_and_defaults():
    assert get(None).name == DEFAULT_ALGORITHM
    assert get("LexRank").name == "lexrank"
    assert get("NATIVE-LEXRANK").name == "native-lexrank"


def test_get_unknown_name_is_a_usage_error_listing_the_choices():
    with pytest.raises(UsageError) as err:
        get("bogus")
    message = str(err.value)
    assert "bogus" in message
    assert all(name in message for name in ALGORITHMS)


def test_listing_algorithms_imports_no_heavy_library():
    import subprocess
    import sys

    code = (
        "import sys, summarize; names = list(summarize.ALGORITHMS); "
        "heavy = [m for m in ('sumy', 'nltk', 'numpy', 'scipy') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
