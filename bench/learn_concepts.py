"""Learn the concept weights of `concepts` (Li, Qian & Liu 2013; Hong & Nenkova 2014).

    python -m bench.learn_concepts fit  [--train duc2006[,duc2004-dev]] [--drop in_title,...]
    python -m bench.learn_concepts eval [--train duc2006[,duc2004-dev]] [--on duc2004-dev] [--folds 5] [--words 0.25]

Every bigram and content word the concept ranker sees in a cluster (each story's candidates, as
the pipeline builds them) gets the features of `summarize.rank.concept_table` and a label: the
share of the cluster's human summaries holding it (stemmed the same way as the concepts). A
logistic regression (soft labels, L2, Newton's method in numpy) predicts it; `fit` prints the
coefficients to write into `concepts.GRAM_MODEL` and `concepts.WORD_MODEL`.

`eval` scores summaries made with learned weights by the benchmark protocol (bench/rouge.py).
Training clusters are never evaluation clusters: with `--on` not among the `--train` benchmarks,
the model is trained on all of them; with `--on` among them, by k-fold cross-validation over its
clusters (each fold's summaries made by the model of the other folds and of every other training
benchmark whole). Several training benchmarks pool their rows.
Candidates are cached under $LEARN_CONCEPTS_CACHE or /tmp/learn-concepts (delete it after
changing the pipeline).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from summarize.rank.concept_table import FEATURES, WORD_FEATURES, bigrams

from . import rouge
from .quality import SHARED, budget_words, clusters, query_of

CACHE = Path(os.environ.get("LEARN_CONCEPTS_CACHE", "/tmp/learn-concepts"))
L2 = 1.0


def candidates_of(bench: Path, use_query: bool) -> dict[str, list]:
    """The candidates of every story the ranker saw, per cluster (cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{bench.name}{'-q' if use_query else ''}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    import summarize.rank.concepts as C
    from summarize import summarize

    original, seen = C.extract, []

    def spy(cands):
        seen.append(cands)
        return original(cands)

    C.extract = spy
    out = {}
    try:
        for cluster in clusters(bench):
            seen.clear()
            query = query_of(cluster) if use_query else None
            summarize([cluster / "docs"], words=budget_words(bench), algorithm="concepts", query=query)
            out[cluster.name] = list(seen)
    finally:
        C.extract = original
    path.write_bytes(pickle.dumps(out))
    return out


def table_of(candidates):
    """The concept table the ranker builds for these candidates."""
    import summarize.rank.concepts as C
    from summarize.rank.concept_table import table

    return table(candidates, C.POSITION_DECAY, C.query_stems(candidates.query, candidates.language))


def dataset(bench: Path, names: list[str], use_query: bool, words: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every bigram (or, with `words`, content word) of the named
    clusters: the label is the share of the cluster's human summaries holding it."""
    from summarize.text import content_stems

    cands = candidates_of(bench, use_query)
    xs, ys = [], []
    for name in names:
        refs = [set(content_stems(r)) if words else bigrams(r) for r in rouge.references(bench, name)]
        for c in cands[name]:
            t = table_of(c)
            units, features = (t.words, t.word_features) if words else (t.grams, t.gram_features)
            if units:
                xs.append(features)
                ys.append(np.array([sum(u in r for r in refs) / len(refs) for u in units]))
    return np.vstack(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, keep: np.ndarray, l2: float | None = None) -> np.ndarray:
    """Logistic regression with soft labels and an L2 penalty (not on the bias; `L2`, which
    `--l2` sets, unless given), by Newton's method; features outside `keep` get coefficient 0."""
    l2 = L2 if l2 is None else l2
    cols = np.flatnonzero(keep)
    xk = x[:, cols]
    w = np.zeros(len(cols))
    penalty = np.full(len(cols), l2)
    penalty[cols == 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(xk @ w)))
        grad = xk.T @ (p - y) + penalty * w
        hess = (xk * (p * (1 - p))[:, None]).T @ xk + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    full = np.zeros(x.shape[1])
    full[cols] = w
    return full


Training = list[tuple[Path, list[str], bool]]  # (benchmark, its clusters to train on, with its question)


def pooled(training: Training, words: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The rows of every training benchmark's named clusters, stacked."""
    parts = [dataset(bench, names, q, words) for bench, names, q in training if names]
    return np.vstack([x for x, _ in parts]), np.concatenate([y for _, y in parts])


def model_for(training: Training, keep: np.ndarray) -> np.ndarray:
    x, y = pooled(training)
    return fit(x, y, keep)


def word_model_for(training: Training, keep: np.ndarray) -> np.ndarray:
    x, y = pooled(training, words=True)
    return fit(x, y, keep)


def evaluate(on: Path, models: dict, use_query: bool, out: Path) -> tuple[float, float, float]:
    """(R1, R2, seconds per cluster) of summaries made with each cluster's model."""
    import summarize.rank.concepts as C
    from summarize import summarize

    out.mkdir(parents=True, exist_ok=True)
    summaries, seconds = {}, 0.0
    for cluster in clusters(on):
        bigram, unigram = models[cluster.name]
        C.GRAM_MODEL, C.WORD_MODEL = tuple(bigram), tuple(unigram)
        start = time.perf_counter()
        query = query_of(cluster) if use_query else None
        digest = summarize([cluster / "docs"], words=budget_words(on), algorithm="concepts", query=query)
        seconds += time.perf_counter() - start
        summaries[cluster.name] = "\n".join(s.text for s in digest.sentences) + "\n"
        (out / f"{cluster.name}.txt").write_text(summaries[cluster.name], encoding="utf-8")
    r1, r2, _ = rouge.score_summaries(on, summaries, budget_words(on))
    return r1, r2, seconds / len(summaries)


def main(argv: list[str] | None = None) -> int:
    global L2
    import summarize.rank.concepts as C

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["fit", "eval"])
    ap.add_argument("--train", default="duc2006", help="training benchmarks (comma-separated: pooled)")
    ap.add_argument("--on", default="duc2004-dev")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--drop", default="", help="features left out (comma-separated)")
    ap.add_argument(
        "--query", choices=["yes", "no", "both"], default="both", help="DUC 2006 rows with/without question"
    )
    ap.add_argument("--train-query", choices=["yes", "no"], default="yes", help="train on DUC 2006 with its question")
    ap.add_argument("--words", type=float, default=C.WORD_SCALE, help="word concepts' scale (0: none)")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--decay", type=float, default=C.POSITION_DECAY, help="position decay of a source's vote")
    ap.add_argument("--out", type=Path, default=CACHE / "out")
    args = ap.parse_args(argv)
    L2 = args.l2
    C.POSITION_DECAY = args.decay
    drop = {d for d in args.drop.split(",") if d}
    unknown = drop - set(FEATURES) - set(WORD_FEATURES)
    if unknown:
        print(f"unknown features: {unknown}", file=sys.stderr)
        return 2
    keep = np.array([f not in drop for f in FEATURES])
    keep_words = np.array([f not in drop for f in WORD_FEATURES])
    trains = [SHARED / t for t in args.train.split(",") if t]

    def with_question(bench: Path) -> bool:
        return args.train_query == "yes" and (bench / clusters(bench)[0].name / "topic.txt").exists()

    training: Training = [(b, [c.name for c in clusters(b)], with_question(b)) for b in trains]
    if args.what == "fit":
        w = model_for(training, keep)
        print("GRAM_MODEL = (" + ", ".join(f"{v:.4f}" for v in w) + ")")
        for f, v in zip(FEATURES, w, strict=True):
            print(f"  {f:14s} {v:+.4f}")
        u = word_model_for(training, keep_words)
        print("WORD_MODEL = (" + ", ".join(f"{v:.4f}" for v in u) + ")")
        for f, v in zip(WORD_FEATURES, u, strict=True):
            print(f"  {f:14s} {v:+.4f}")
        return 0
    C.LEARNED = True
    C.WORD_SCALE = args.words
    on = SHARED / args.on
    targets = [c.name for c in clusters(on)]
    has_q = (on / targets[0] / "topic.txt").exists()
    if on in trains:
        folds = [targets[k :: args.folds] for k in range(args.folds)]
        models = {}
        for fold in folds:
            rest = [(b, [n for n in names if n not in fold] if b == on else names, q) for b, names, q in training]
            w = model_for(rest, keep)
            u = word_model_for(rest, keep_words)
            models.update({n: (w, u) for n in fold})
        others = [t for t in args.train.split(",") if t and t != args.on]
        how = f"{args.folds}-fold CV over {args.on}" + (f" + all of {','.join(others)}" if others else "")
    else:
        w = model_for(training, keep)
        u = word_model_for(training, keep_words)
        models = {n: (w, u) for n in targets}
        how = f"trained on all of {args.train}"
    flavours = [False] if not has_q else {"yes": [True], "no": [False], "both": [False, True]}[args.query]
    for q in flavours:
        r1, r2, s = evaluate(on, models, q, args.out / f"{on.name}{'-q' if q else ''}")
        label = "concepts+query" if q else "concepts"
        print(
            f"{on.name:12s} {label:15s} R1 {r1:6.2f}  R2 {r2:6.2f}  {s:.2f} s/cluster  ({how}; "
            f"words at {args.words}, decay {args.decay}, drop {sorted(drop) or '-'})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
