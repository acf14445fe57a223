"""Stories as sections: grouping sources into stories, headlines, shared and per-story budgets.

The grouping is checked on the project's own articles (two stories in samples/, a third in the
test fixtures) and, when ../shared is present, on mixes pooled from the benchmark clusters:
the stories found must agree with the true clusters (adjusted Rand index) and the sections of
a brief must not mix them.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_module
from helpers import ARTICLES, SAMPLES

from bench.stories import adjusted_rand
from summarize import summarize
from summarize.clean import clean
from summarize.sources import load
from summarize.stories import group_sources, headline, shorten
from summarize.text import content_stems

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


def cleaned_texts(*folders: Path) -> list[str]:
    return [clean(s).text for s in load(list(folders)).sources]


def labels_of(stories: list[list[int]], n: int) -> list[int]:
    labels = [-1] * n
    for k, story in enumerate(stories):
        for i in story:
            labels[i] = k
    assert -1 not in labels
    return labels


def test_adjusted_rand_of_known_labellings():
    assert adjusted_rand([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    assert adjusted_rand([0, 0, 0, 1, 1, 1], [0, 1, 0, 1, 0, 1]) < 0.1


@pytest.fixture(scope="module")
def three_stories() -> tuple[list[str], list[int]]:
    """The tidal-plant and rail-strike samples and the bridge fixtures, with the true story of each."""
    digest = summarize([SAMPLES])
    texts = [s.text for s in digest.sources] + cleaned_texts(ARTICLES)
    tidal, rail = (set(story.sources) for story in digest.stories)
    assert tidal == {1, 2, 3, 4, 5, 8} and rail == {6, 7, 9, 10}  # checked by hand: see samples/
    truth = [0 if i in tidal else 1 for i in range(1, len(digest.sources) + 1)] + [2] * 3
    return texts, truth


def test_three_stories_are_found(three_stories):
    texts, truth = three_stories
    found = labels_of(group_sources(texts), len(texts))
    assert adjusted_rand(truth, found) == 1.0


def test_stories_come_biggest_first_in_input_order(three_stories):
    texts, _ = three_stories
    stories = group_sources(texts)
    assert [len(s) for s in stories] == sorted((len(s) for s in stories), reverse=True)
    assert all(s == sorted(s) for s in stories)


def test_one_story_stays_one():
    for folder in (ARTICLES,):
        texts = cleaned_texts(folder)
        assert group_sources(texts) == [list(range(len(texts)))]


def test_trivial_inputs():
    assert group_sources([]) == [[]]
    assert group_sources(["One lone article about the harbour."]) == [[0]]
    assert group_sources(["", ""]) in ([[0], [1]], [[0, 1]])


def test_headline_is_the_title_most_of_the_story_shares():
    texts = [
        "The harbour bridge reopened on Monday after repairs. Traffic moved freely across the bridge.",
        "Drivers crossed the repaired harbour bridge on Monday.",
    ]
    titles = ["Weekend round-up", "Harbour bridge reopens after repairs"]
    assert headline(titles, [content_stems(t) for t in texts], "lead") == "Harbour bridge reopens after repairs"


def test_headline_names_what_the_quoted_sources_tell():
    """In a story of a broad subject, the title most sources share may be another event's: a
    quoted source's title heads the section, unless it shouts where another does not."""
    texts = [
        "Two men were charged in Oklahoma with killing a teenager.",
        "A gunman killed twelve people in a Colorado cinema.",
        "The Colorado cinema gunman appeared in court.",
    ]
    titles = ["Two charged in Oklahoma killing", "Colorado cinema gunman in court"]
    stems = [content_stems(t) for t in texts]
    assert headline(titles, stems, "lead") == "Colorado cinema gunman in court"
    quoted = headline(titles, stems, "lead", cited=["Two charged in Oklahoma killing"])
    assert quoted == "Two charged in Oklahoma killing"
    shouting = headline(titles, stems, "lead", cited=["TWO CHARGED IN OKLAHOMA KILLING"])
    assert shouting == "Colorado cinema gunman in court"


def test_headline_without_titles_is_the_start_of_the_lead():
    lead = "The harbour bridge reopened on Monday after two years of repairs, and traffic moved freely."
    assert headline([], [["text"]], lead) == "The harbour bridge reopened on Monday after two years of repairs..."
    assert headline([], [["text"]], "Short lead.") == "Short lead."


def test_shorten_cuts_at_a_word_and_marks_the_cut():
    words = " ".join(f"w{i}" for i in range(30))
    assert shorten(words) == " ".join(f"w{i}" for i in range(12)) + "..."
    assert shorten("A short one.") == "A short one."


# Through the API and the CLI ------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    """samples/ (two stories) plus the bridge articles (a third), in one folder."""
    folder = tmp_path_factory.mktemp("mixed")
    for path in [*SAMPLES.iterdir(), *ARTICLES.iterdir()]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_shared_budget_gives_every_story_its_best_sentence(mixed_folder):
    digest = summarize([mixed_folder], length=5)
    assert len(digest.sentences) == 5
    assert len(digest.stories) == 3
    assert all(story.sentences for story in digest.stories)
    sizes = [len(story.sources) for story in digest.stories]
    assert sizes == sorted(sizes, reverse=True)


def test_a_small_budget_goes_to_the_biggest_stories(mixed_folder):
    digest = summarize([mixed_folder], length=2)
    assert len(digest.sentences) == 2
    assert [len(s.sources) for s in digest.stories if s.sentences] == [6, 4]
    # The story given no sentence is still listed, and the brief says what was left out.
    assert [len(s.sources) for s in digest.stories] == [6, 4, 3]
    assert "\nand 1 more story from 3 sources\n" in digest.to_text()


def test_word_budget_holds_across_sections(mixed_folder):
    digest = summarize([mixed_folder], words=120)
    assert digest.word_count <= 120
    assert len(digest.stories) == 3


def test_per_story_budget_applies_to_each_section(mixed_folder):
    digest = summarize([mixed_folder], length=2, per_story=True)
    assert [len(s.sentences) for s in digest.stories] == [2, 2, 2]
    words = summarize([mixed_folder], words=60, per_story=True)
    for story in words.stories:
        assert sum(len(words.sentences[i].text.split()) for i in story.sentences) <= 60


def test_sections_hold_consecutive_sentences_of_their_own_sources(mixed_folder):
    digest = summarize([mixed_folder])
    flat = [i for story in digest.stories for i in story.sentences]
    assert flat == list(range(len(digest.sentences)))
    for story in digest.stories:
        for i in story.sentences:
            assert set(digest.sentences[i].sources) <= set(story.sources)
    assert sorted(i for story in digest.stories for i in story.sources) == [s.id for s in digest.sources]


def test_every_format_shows_the_sections(mixed_folder):
    digest = summarize([mixed_folder], length=6, today=__import__("datetime").date(2026, 3, 6))
    text = digest.to_text()
    assert text.startswith("Brief for 2026-03-06: 13 sources, 3 stories\n")
    markdown = digest.to_markdown()
    html = digest.to_html()
    data = json.loads(digest.to_json())
    assert [s["headline"] for s in data["stories"]] == [s.headline for s in digest.stories]
    assert data["settings"]["date"] == "2026-03-06"
    for story in digest.stories:
        assert f"\n{story.headline}\n" in text
        assert f"### {story.headline}" in markdown.replace("\\", "")
        assert f"<h2>{story.headline}</h2>" in html


def test_per_story_from_the_command_line_and_config(mixed_folder, tmp_path):

    result = run_module(str(mixed_folder), "--length", "1", "--per-story", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [len(s["sentences"]) for s in json.loads(result.stdout)["stories"]] == [1, 1, 1]
    config = tmp_path / "brief.toml"
    config.write_text("length = 1\nper_story = true\nformat = 'json'\n")
    again = run_module(str(mixed_folder), "--config", str(config))
    assert again.stdout == result.stdout


def test_one_story_is_one_section_with_the_flat_digest(mixed_folder):
    digest = summarize([ARTICLES], length=3)
    assert len(digest.stories) == 1
    assert digest.stories[0].sentences == (0, 1, 2)
    assert "---" not in digest.to_text()


# On the benchmark clusters ----------------------------------------------------------------------


def bench_clusters() -> dict[str, list[str]]:
    clusters = {}
    for bench in ("duc2004-dev", "duc2006"):
        for cluster in sorted((BENCH / bench).iterdir()) if (BENCH / bench).is_dir() else []:
            if (cluster / "docs").is_dir():
                texts = [t for t in cleaned_texts(cluster / "docs") if t.strip()]
                clusters[cluster.name] = texts
    return clusters


@pytest.fixture(scope="module")
def clusters() -> dict[str, list[str]]:
    if not BENCH.is_dir():
        pytest.skip("../shared/bench is absent: the benchmark clusters are not here")
    return bench_clusters()


def mixes(names: list[str], count: int, seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    return [rng.sample(names, rng.choice([3, 4, 5])) for _ in range(count)]


def test_stories_of_pooled_benchmark_clusters_agree_with_the_truth(clusters):
    scores = []
    for pick in mixes(sorted(clusters), 40):
        texts = [t for name in pick for t in clusters[name]]
        truth = [k for k, name in enumerate(pick) for _ in clusters[name]]
        scores.append(adjusted_rand(truth, labels_of(group_sources(texts), len(texts))))
    mean = sum(scores) / len(scores)
    assert mean >= 0.9, f"mean adjusted Rand index {mean:.3f} over {len(scores)} mixes"


def test_a_benchmark_cluster_is_mostly_one_story(clusters):
    split = [name for name, texts in clusters.items() if len(group_sources(texts)) > 1]
    # Measured: 5 of 70 split (broad DUC 2006 topics such as wetlands in the US and in China).
    assert len(split) <= 0.1 * len(clusters), split


def test_stories_rarely_mix_benchmark_clusters(clusters):
    # Measured: 96.7% of stories are pure; the rest join clusters on neighbouring topics
    # (school violence and home schooling; the embassy bombings and a bin Laden extradition).
    stories = pure = 0
    for pick in mixes(sorted(clusters), 40):
        texts = [t for name in pick for t in clusters[name]]
        truth = [k for k, name in enumerate(pick) for _ in clusters[name]]
        for story in group_sources(texts):
            stories += 1
            pure += Counter(truth[i] for i in story).most_common(1)[0][1] >= 0.9 * len(story)
    assert pure >= 0.95 * stories, f"{pure} of {stories} stories pure"


def test_brief_sections_follow_the_benchmark_clusters(clusters, tmp_path):
    sections = pure = 0
    for n, pick in enumerate(mixes(sorted(clusters), 3, seed=5)):
        folder = tmp_path / f"mix{n}"
        folder.mkdir()
        owner = {}
        for name in pick:
            for i, text in enumerate(clusters[name]):
                (folder / f"{name}-{i:02d}.txt").write_text(text, encoding="utf-8")
                owner[f"{name}-{i:02d}"] = name
        digest = summarize([folder], length=12)
        assert len(digest.stories) >= len(pick) - 1
        for story in (s for s in digest.stories if s.sentences):
            carriers = {i for j in story.sentences for i in digest.sentences[j].sources}
            sections += 1
            pure += len({owner[Path(digest.sources[i - 1].path).stem] for i in carriers}) == 1
    assert pure >= 0.9 * sections, f"{pure} of {sections} sections draw on one cluster"


@pytest.mark.parametrize("n", [2, 3, 17, 120])
def test_average_linkage_is_scipys(n):
    import numpy as np
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    from summarize.stories import average_linkage

    rng = np.random.default_rng(n)
    points = rng.random((n, 6))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    similarity = points @ points.T
    distance = 1 - similarity
    np.fill_diagonal(distance, 0)
    expected = linkage(squareform(distance, checks=False), method="average")
    tree = average_linkage(similarity)
    assert [(a, b) for a, b, _ in tree] == [(int(a), int(b)) for a, b, _, _ in expected]
    assert np.allclose([s for _, _, s in tree], 1 - expected[:, 2])


def test_pools_past_a_few_dozen_sources_are_grouped_into_communities(clusters):
    """Pools of 3-5 benchmark clusters (30-125 sources) go through the link graph and its
    communities; each pool's stories agree with its clusters (measured: mean 0.96)."""
    import summarize.stories as stories

    scores = []
    for pick in mixes(sorted(clusters), 10):
        texts = [t for name in pick for t in clusters[name]]
        assert len(texts) > stories.FEW
        truth = [k for k, name in enumerate(pick) for _ in clusters[name]]
        scores.append(adjusted_rand(truth, labels_of(stories.group_sources(texts), len(texts))))
    assert sum(scores) / len(scores) >= 0.9, scores


def test_links_find_each_sources_strongest_and_weigh_them_exactly():
    """Candidates come through each source's heaviest words; on text with a natural spread of
    word frequencies they still find every source's strongest links, weighed by the exact cosine."""
    import numpy as np

    import summarize.neighbours as neighbours
    import summarize.stories as stories
    from summarize.sparse import gram

    rng = np.random.default_rng(4)
    frequency = 1 / np.arange(1, 301) ** 1.1
    texts = [[f"w{j}" for j in rng.choice(300, 40, p=frequency / frequency.sum())] for _ in range(150)]
    matrix = stories._vectors(texts)
    a, b, weight = neighbours.strongest_links(matrix)
    exact = gram(matrix)
    assert np.all(a < b) and np.allclose(weight, exact[a, b])
    np.fill_diagonal(exact, 0)
    kept = set(zip(a.tolist(), b.tolist(), strict=True))
    wanted = {
        (min(i, j), max(i, j))
        for i in range(len(texts))
        for j in np.argsort(-exact[i], kind="stable")[: neighbours.NEIGHBOURS].tolist()
        if exact[i, j] >= neighbours.LINK_FLOOR
    }
    assert len(wanted & kept) >= 0.95 * len(wanted)  # measured: all of them


def test_the_candidate_product_stays_within_its_work_per_source():
    """Short records drawn from one small vocabulary put every word in hundreds of signatures:
    the words the product weighs are cut to `PRODUCT_WORK` entries a source, so its work grows
    with the sources, not with their square; below the budget the share rule alone decides."""
    import numpy as np

    import summarize.neighbours as neighbours

    n = 500_000  # the share rule alone would let words of up to 1,000 signatures in
    uses = np.random.default_rng(5).integers(200, 800, size=6_000)  # each word in 200-800 signatures
    limit = neighbours.common_limit(uses, n)
    kept = uses[uses <= limit].astype(np.int64)
    assert 200 <= limit < 800 and (kept * kept).sum() <= neighbours.PRODUCT_WORK * n
    assert ((uses[uses <= limit + 1].astype(np.int64) ** 2).sum()) > neighbours.PRODUCT_WORK * n
    light = np.full(6_000, 5)  # within the budget: the share rule's limit
    assert neighbours.common_limit(light, n) == 5


def test_a_community_that_does_not_hold_together_stands_alone():
    """Two sources that share a little (a cosine of 0.2) are no story; twenty with a mean of 0.2 are."""
    import numpy as np

    import summarize.stories as stories
    from summarize.sparse import Rows

    def rows_with_cosine(count: int, cosine: float) -> Rows:
        # Unit vectors: a shared axis of weight sqrt(cosine) and a private one.
        dense = np.zeros((count, count + 1))
        dense[:, 0] = np.sqrt(cosine)
        dense[np.arange(count), np.arange(count) + 1] = np.sqrt(1 - cosine)
        indptr = np.arange(0, 2 * count + 1, 2)
        indices = np.column_stack([np.zeros(count, dtype=np.int64), np.arange(count) + 1]).ravel()
        return Rows(indptr, indices, dense[np.arange(count).repeat(2), indices], dense.shape)

    from summarize.sparse import gram

    for rows, labels, holds in ((rows_with_cosine(2, 0.2), [0, 0], False), (rows_with_cosine(20, 0.2), [0] * 20, True)):
        # From the communities' sums (large inputs) and from the dense cosines (small ones) alike.
        for similarity in (None, gram(rows)):
            assert (stories._held_together(rows, similarity, labels) == labels) == holds


# A few sources ----------------------------------------------------------------------------------


def _few_source_mixes(texts: list[str], truth: list[int]) -> tuple[list[list[int]], list[list[int]]]:
    """Every mix of 1-3 sources of one story with 1-2 of another, and every 2-4 sources of one story."""
    from itertools import combinations

    by_story: dict[int, list[int]] = {}
    for i, story in enumerate(truth):
        by_story.setdefault(story, []).append(i)
    mixed = [
        list(a + b)
        for s, t in combinations(sorted(by_story), 2)
        for k in (1, 2, 3)
        for m in (1, 2)
        for a in combinations(by_story[s], k)
        for b in combinations(by_story[t], m)
    ]
    same = [list(c) for members in by_story.values() for k in (2, 3, 4) for c in combinations(members, k)]
    return mixed, same


def test_a_few_sources_on_different_stories_are_told_apart(three_stories):
    """Among a few sources almost every word is shared by two of them: compared on shared words
    alone, 310 of these 740 mixes were told apart."""
    texts, truth = three_stories
    mixed, same = _few_source_mixes(texts, truth)
    apart = sum(
        sorted(map(sorted, group_sources([texts[i] for i in pick])))
        == sorted(map(sorted, labels_to_stories([truth[i] for i in pick])))
        for pick in mixed
    )
    together = sum(len(group_sources([texts[i] for i in pick])) == 1 for pick in same)
    # Measured: 688 of 740 mixes told apart, every same-story subset kept whole.
    assert apart >= 0.8 * len(mixed), f"{apart} of {len(mixed)} mixes told apart"
    assert together == len(same), f"{together} of {len(same)} same-story subsets kept whole"


def labels_to_stories(labels: list[int]) -> list[list[int]]:
    stories: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        stories.setdefault(label, []).append(i)
    return list(stories.values())


def test_two_articles_and_an_unrelated_one_make_two_sections(tmp_path):
    """The unrelated article has its own section, not a place in the others' story where its
    sentences lose to theirs."""
    for path in sorted(ARTICLES.iterdir())[:2] + [SAMPLES / "06-valley-chronicle.html"]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    digest = summarize([tmp_path], length=4)
    assert len(digest.sources) == 3
    assert sorted(story.sources for story in digest.stories) == [(1, 2), (3,)]
    assert any(3 in d.sources for d in digest.sentences)


def test_a_few_seed_articles_and_a_sample_make_two_stories(tmp_path):
    seeds = BENCH.parent / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is absent")
    texts = cleaned_texts(*sorted(seeds.iterdir())[:2], SAMPLES / "01-harbor-gazette.txt")
    assert group_sources(texts) == [[0, 1], [2]]


def test_a_few_benchmark_articles_are_grouped_by_cluster(clusters):
    rng = random.Random(7)
    names = sorted(clusters)
    right: Counter[str] = Counter()
    trials = 60
    for _ in range(trials):
        a, b = rng.sample(names, 2)
        first, second = rng.sample(clusters[a], 3), rng.sample(clusters[b], 1)
        for kind, texts, want in (
            ("1+1", first[:1] + second, [[0], [1]]),
            ("2+1", first[:2] + second, [[0, 1], [2]]),
            ("3 of one", first, [[0, 1, 2]]),
        ):
            right[kind] += sorted(map(sorted, group_sources(texts))) == want
    # Measured: 51, 48 and 56 of 60 (compared on shared words alone: 0, 0 and 60). Some DUC 2006
    # clusters are broad topics rather than single events, so three of one may part.
    assert right["1+1"] >= 0.75 * trials and right["2+1"] >= 0.5 * trials and right["3 of one"] >= 0.85 * trials, right


def test_a_seat_goes_to_a_story_whose_sentences_fit_the_word_budget():
    """Four copies of one article and a fifth with other news: at 12 words only the fifth's
    sentence fits, so the bigger story must not hold the one seat (found by the property tests)."""
    from summarize import Source

    title = "Marlow Bridge reopens after two years\n\n"
    copy = title + "The Marlow Bridge reopened to traffic on Monday after two years of repairs.\n"
    other = title + "Engineers replaced all 46 steel cables and rebuilt the cracked concrete deck.\n"
    for algorithm in ("concepts", "centroid", "native-lexrank"):
        digest = summarize([Source.from_text(t) for t in [copy] * 4 + [other]], algorithm=algorithm, words=12)
        assert [d.text for d in digest.sentences] == [other.split("\n\n")[1].strip()]


# A day of news: many stories, most told by one outlet -------------------------------------------


@pytest.fixture(scope="module")
def pool_of_35(tmp_path_factory):
    """35 benchmark clusters and 100 unrelated articles in one folder, as bench.stories makes them."""
    if not (BENCH / "cleaning-dev").is_dir() or not (BENCH / "duc2006").is_dir():
        pytest.skip("../shared/bench is absent: the benchmark clusters are not here")
    pytest.importorskip("sklearn")
    from bench import stories as bench

    folder = tmp_path_factory.mktemp("pool35")
    truth = bench.write_pool(folder, bench.clusters()[:35], bench.singles(100))
    story, sources, _, _ = bench.ours(folder)
    names = [Path(s.path).name for s in sources]
    return bench.scores([truth[n] for n in names], [story[n] for n in names]), len(truth) - len(names)


def test_stories_of_35_clusters_and_100_unrelated_articles(pool_of_35):
    # Measured: ARI 0.922, purity 0.958, 12 of 35 clusters with a source elsewhere, the biggest
    # story 1.9 times its cluster (two DUC 2006 topics on global warming, which share documents).
    # The goals (ARI 0.95, purity 0.97) are not reached: see BENCHMARKS.md.
    result, skipped = pool_of_35
    assert skipped <= 2
    assert result["ari"] >= 0.9 and result["purity"] >= 0.95, result
    assert result["ratio"] <= 2.0, result


def test_brief_over_many_stories_says_what_it_left_out(tmp_path):
    """Twelve stories told by one or two outlets each: -n 3 gives the three biggest a sentence and
    ends the story list with the rest; the source list names only the sources cited."""
    from itertools import permutations

    from summarize import Source

    syllables = ["bar", "ken", "dol", "mir", "tas", "vel", "gor", "lun", "pes", "rak", "sim", "tor", "zen", "hal"]
    made_up = ("".join(p).capitalize() for p in permutations(syllables, 3))  # every one different
    sources = []
    for k in range(12):
        names = [next(made_up) for _ in range(9)]
        sentences = [  # only stop words are shared across stories
            f"The {names[0]} of {names[1]} and the {names[2]} in {names[3]} were with {names[4]} at last.",
            f"It is {names[5]} that {names[6]} and {names[3]} had been over {names[4]} for them.",
            f"They were in {names[7]} with {names[8]} and the {names[4]} of {names[3]} again.",
        ]
        for copy in range(2 if k < 3 else 1):
            sources.append(
                Source.from_text(" ".join(sentences), title=f"{names[3]} and {names[4]}", path=f"story{k}-{copy}.txt")
            )
    digest = summarize(sources, length=3)
    given = [s for s in digest.stories if s.sentences]
    assert len(given) == 3 and all(len(s.sources) == 2 for s in given)
    assert len(digest.stories) == 12
    text = digest.to_text()
    assert "\nand 9 more stories from 9 sources\n" in text
    cited = {i for d in digest.sentences for i in d.sources}
    assert text.count("\n[") == len(cited)
    assert text.rstrip().endswith(f"and {len(digest.sources) - len(cited)} more sources read")
    markdown, html = digest.to_markdown(), digest.to_html()
    assert "*and 9 more stories from 9 sources*" in markdown
    assert "and 9 more stories from 9 sources" in html and "more sources read" in html
    data = json.loads(digest.to_json())
    assert len(data["stories"]) == 12 and len(data["sources"]) == 15
    assert all(story["headline"] for story in data["stories"])


def test_headlines_skip_wire_slugs_and_prefer_ordinary_case():
    from summarize.stories import usable_title

    stems = [content_stems("Council approves new harbour bridge")] * 3
    titles = ["BC-NJ--Harbour Bridge,730", "COUNCIL APPROVES HARBOUR BRIDGE", "Council approves harbour bridge"]
    assert headline(titles, stems, "lead") == "Council approves harbour bridge"
    assert headline(titles[:2], stems, "lead") == "COUNCIL APPROVES HARBOUR BRIDGE"
    for slug in (
        "BC-NJ--Evolution & Schools,730",
        "ADULT-ADHD _ WEST PALM BEACH...",
        "(Photo by Jane Roe)",
        "THE LATEST FROM NEW AMERICA NEWS SERVICE:",
        "ATTENTION EDITORS: photos follow",
    ):
        assert not usable_title(slug)
    assert usable_title("U.S.-China talks resume") and usable_title("Report: Global Warming a Threat")


def test_the_same_stories_whatever_the_hash_seed(three_stories):
    """Leiden's random choices are seeded: the stories of a pool past FEW sources are the same
    in every process."""
    import os
    import subprocess
    import sys

    texts, _ = three_stories
    code = (
        "import json, sys; from summarize.stories import group_sources; "
        "texts = json.load(sys.stdin); print(group_sources(texts * 3))"
    )
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(
            subprocess.run(
                [sys.executable, "-c", code],
                input=json.dumps(texts),
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
        )
    assert len(outs) == 1


def test_a_story_told_by_hundreds_of_near_copies_is_one_story():
    """Each source keeps only its 20 strongest links, so 400 near-copies of one wire story come
    out of the communities in pieces; the pieces are joined back (measured: without the join,
    1,000 copies of a benchmark article made about 20 stories)."""
    import random

    from summarize.stories import group_stems

    rng = random.Random(9)

    def article(prefix: str, length: int = 120) -> list[str]:
        vocabulary = [f"{prefix}{i}x" for i in range(200)]
        return [rng.choice(vocabulary) for _ in range(length)]

    wire = article("w")
    copies = [[w for w in wire if rng.random() > 0.3] for _ in range(400)]
    others = [article(f"o{k}y") for k in range(60) for _ in range(3)]  # 60 stories of 3 outlets
    stories = group_stems(copies + others)
    assert sorted(stories[0]) == list(range(400))
    assert len(stories) == 61
