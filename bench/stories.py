"""Stories benchmark: are sources grouped into their true stories, at every scale, and how fast?

    python -m bench.stories [--pools 2,5,10,20,35,50,70] [--singles 100] [--sizes 10000,100000]

Pools: the first K of the 70 benchmark clusters (DUC 2004 dev and DUC 2006, one fixed shuffled
order), each cluster one story, with `--singles` unrelated articles added, each a story of its
own. The singles are the human-made article texts of ../shared/bench/cleaning-dev (news of
2012, far from the clusters' 1996-2004), taken in a fixed shuffled order, keeping a page only
when its plain TF-IDF cosine to every page already kept is at most 0.1: pages on one subject
(the same election, the same phone maker) are not unrelated, and would make any grouping look
worse than it is. A document that two clusters share (DUC 2006 has 9) is written once, for the
first of them. Each pool is written to a folder as files and summarised through the API, as a
user would (`summarize(folder, length=1)`): the stories are the digest's, and the grouping time
is the time the pipeline spends in `stories.group_stems`.

Two more pools check clusters no setting was chosen on: the 10 DUC 2007 update topics (each
topic's sets A, B and C one story) with the same singles, and all 80 clusters at once.

Figures per pool: adjusted Rand index and purity against the true stories, the number of
stories, the biggest story's size over its true cluster's, and how many clusters are split.
Beside each, the same figures for a plain scikit-learn baseline on the same cleaned texts:
TF-IDF (sublinear tf, English stop words, min_df 2) and average-linkage clustering on cosine
distance at one threshold (0.9). Last, the grouping's time and peak memory on `--sizes`
sources made from the benchmark texts (each a document with 30% of its words dropped and 5%
swapped for others), each size in a child process of its own.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from math import comb
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
BENCH = SHARED / "bench"
POOLS = (2, 5, 10, 20, 35, 50, 70)
SIZES = (10_000, 100_000)
SINGLES = 100
SINGLE_COSINE = 0.1  # two singles closer than this by a plain TF-IDF are not unrelated
ORDER_SEED = 14


def adjusted_rand(truth: list, found: list) -> float:
    """Adjusted Rand index of two labellings (Hubert & Arabie 1985), by pair counts."""
    pairs = sum(comb(v, 2) for v in Counter(zip(truth, found, strict=True)).values())
    a = sum(comb(v, 2) for v in Counter(truth).values())
    b = sum(comb(v, 2) for v in Counter(found).values())
    expected = a * b / comb(len(truth), 2)
    top = (a + b) / 2
    return 1.0 if top == expected else (pairs - expected) / (top - expected)


def scores(truth: list, found: list) -> dict:
    """ARI, purity, stories, the biggest story's size over its true cluster's, clusters split
    (singles, whose true story is one source, are never split)."""
    true_size = Counter(truth)
    found_size = Counter(found)
    majority = {}
    for (story, cluster), count in Counter(zip(found, truth, strict=True)).items():
        if count > majority.get(story, (0, None))[0]:
            majority[story] = (count, cluster)
    purity = sum(count for count, _ in majority.values()) / len(truth)
    ratio = max(found_size[s] / true_size[cluster] for s, (_, cluster) in majority.items())
    stories_of: dict = {}
    for cluster, story in zip(truth, found, strict=True):
        stories_of.setdefault(cluster, set()).add(story)
    split = sum(len(s) > 1 for c, s in stories_of.items() if true_size[c] > 1)
    return {
        "ari": adjusted_rand(truth, found),
        "purity": purity,
        "stories": len(found_size),
        "ratio": ratio,
        "split": split,
    }


def clusters() -> list[tuple[str, list[Path]]]:
    """The 70 benchmark clusters in the benchmark's fixed shuffled order."""
    found = []
    for name in ("duc2004-dev", "duc2006"):
        for cluster in sorted((BENCH / name).iterdir()):
            if (cluster / "docs").is_dir():
                found.append((cluster.name, sorted((cluster / "docs").glob("*.txt"))))
    random.Random(ORDER_SEED).shuffle(found)
    return found


def update_topics() -> list[tuple[str, list[Path]]]:
    """The 10 DUC 2007 update topics, each one story of the documents of its sets A, B and C:
    clusters no setting of the grouping was chosen on."""
    root = BENCH / "duc2007-update"
    found = []
    for topic in sorted(root.iterdir()) if root.is_dir() else []:
        docs = sorted(p for part in ("A", "B", "C") for p in (topic / part / "docs").glob("*.txt"))
        if docs:
            found.append((topic.name, docs))
    return found


def singles(count: int) -> list[Path]:
    """`count` unrelated articles (see the module's docstring for how they are chosen)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    pages = sorted((BENCH / "cleaning-dev" / "pages").iterdir())
    random.Random(ORDER_SEED + 1).shuffle(pages)
    texts = [(p / "truth.txt").read_text(encoding="utf-8") for p in pages]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    kept: list[int] = []
    for i in range(len(pages)):
        if not kept or similarity[i, kept].max() <= SINGLE_COSINE:
            kept.append(i)
    if len(kept) < count:
        raise SystemExit(f"only {len(kept)} unrelated pages found, {count} asked for")
    return [pages[i] / "truth.txt" for i in kept[:count]]


def write_pool(folder: Path, picked: list[tuple[str, list[Path]]], lone: list[Path]) -> dict[str, str]:
    """Write the pool's documents as files; return each file's name with its true story."""
    truth: dict[str, str] = {}
    seen: set[str] = set()
    for name, docs in picked:
        for doc in docs:
            data = doc.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            path = folder / f"{name}-{doc.stem}.txt"
            path.write_bytes(data)
            truth[path.name] = name
    for page in lone:
        path = folder / f"single-{page.parent.name}.txt"
        path.write_bytes(page.read_bytes())
        truth[path.name] = path.name
    return truth


def ours(folder: Path) -> tuple[dict[str, int], list, float, float]:
    """Each source's story (by file name) through the API, the digest's sources, the time spent
    grouping and the whole run's time."""
    import summarize.pipeline as pipeline
    from summarize import summarize

    spent = [0.0]
    group = pipeline.group_stems

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return group(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    pipeline.group_stems = timed
    try:
        start = time.perf_counter()
        digest = summarize([folder], length=1)
        total = time.perf_counter() - start
    finally:
        pipeline.group_stems = group
    name = {s.id: Path(s.path).name for s in digest.sources}
    story = {name[i]: k for k, s in enumerate(digest.stories) for i in s.sources}
    return story, list(digest.sources), spent[0], total


def baseline(texts: list[str]) -> tuple[list[int], float]:
    """The plain scikit-learn grouping, and its time."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(texts)
    clustering = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.9)
    labels = clustering.fit_predict(matrix.toarray())
    return [int(x) for x in labels], time.perf_counter() - start


def row(name: str, result: dict, seconds: float) -> str:
    return (
        f"| {name} | {result['ari']:.3f} | {result['purity']:.3f} | {result['stories']} | "
        f"{result['ratio']:.2f} | {result['split']} | {seconds:.2f} |"
    )


def pools_table(sizes: list[int], single_count: int) -> list[str]:
    order = clusters()
    lone = singles(single_count) if single_count else []
    lines = [
        f"Pools of K benchmark clusters plus {single_count} unrelated articles",
        "",
        "| pool | sources | grouping | ARI | purity | stories | biggest / true | clusters split | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    held_out = update_topics()
    runs = [(f"K={k}", order[:k]) for k in sizes]
    if held_out:
        runs += [("DUC 2007 (10)", held_out), ("70 + DUC 2007", order + held_out)]
    for label, picked in runs:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            truth = write_pool(folder, picked, lone)
            story, sources, grouping, total = ours(folder)
            names = [Path(s.path).name for s in sources]
            lost = len(truth) - len(names)
            ours_scores = scores([truth[n] for n in names], [story[n] for n in names])
            labels, seconds = baseline([s.text for s in sources])
            theirs = scores([truth[n] for n in names], labels)
        counted = f"{len(names)}" + (f" ({lost} skipped)" if lost else "")
        lines.append(row(f"{label} | {counted} | ours", ours_scores, grouping))
        lines.append(row(f"{label} | {len(names)} | scikit-learn baseline", theirs, seconds))
        print(lines[-2], flush=True)
        print(lines[-1], flush=True)
    lines += [
        "",
        "seconds: the grouping alone (ours: in `stories.group_stems`; the baseline: TF-IDF and clustering).",
        "DUC 2007 (10): the 10 DUC 2007 update topics (sets A, B and C of each one story), on which no",
        "setting was chosen, with the same unrelated articles; 70 + DUC 2007: all 80 clusters at once.",
    ]
    return lines


def _scale_child(n: int) -> None:
    """In a child process: make `n` varied sources from the benchmark texts, group them, print
    the time and this process's peak memory."""
    from summarize.clean import clean
    from summarize.sources import load
    from summarize.stories import group_stems
    from summarize.text import content_stems

    docs = [p for _, paths in clusters() for p in paths]
    base = [content_stems(clean(s).text) for s in load(docs).sources]
    vocabulary = [w for b in base for w in b]
    rng = random.Random(n)
    stems = []
    for _ in range(n):
        words = [w for w in base[rng.randrange(len(base))] if rng.random() > 0.3]
        for _ in range(len(words) // 20):
            words[rng.randrange(len(words))] = vocabulary[rng.randrange(len(vocabulary))]
        stems.append(words)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    stories = group_stems(stems)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{n}\t{len(stories)}\t{seconds:.2f}\t{peak / 1024:.0f}\t{before / 1024:.0f}")


def scale_table(sizes: list[int]) -> list[str]:
    lines = [
        "Grouping at scale (sources made from the benchmark texts)",
        "",
        "| sources | stories | grouping seconds | peak memory of the process (MB) | peak before grouping (MB) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.stories", "--scale-child", str(n)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout.split()
        lines.append(f"| {int(out[0]):,} | {int(out[1]):,} | {float(out[2]):.1f} | {out[3]} | {out[4]} |")
        print(lines[-1], flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pools", default=",".join(map(str, POOLS)))
    parser.add_argument("--singles", type=int, default=SINGLES)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="'' for none")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_child:
        _scale_child(args.scale_child)
        return 0
    if not BENCH.is_dir():
        print(f"{BENCH} is absent: nothing to measure", file=sys.stderr)
        return 1
    lines = pools_table([int(k) for k in args.pools.split(",") if k], args.singles)
    if args.sizes:
        lines += [""] + scale_table([int(n) for n in args.sizes.split(",")])
    print("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
