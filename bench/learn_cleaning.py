"""Fit the line model of `summarize.line_model` on the cleaning-dev pages.

    python -m bench.learn_cleaning fit [--write] [--data ../shared/bench/cleaning-dev]   # the tables of line_trees.py

Each non-blank line of each page.txt (as `clean.page_lines` gives it) is labelled article when
the data set's scorer counts it so: at least half its tokens sit in a word 3-gram of the page's
truth.txt. Two stages of gradient-boosted trees (scikit-learn; small trees, so a linear model's
blind spot, "indented, yet as the article is", is learnt) are fitted in turn: the first on the
line features, the second on those and the first's probabilities smoothed over the neighbouring
lines. Every page weighs the same in the fit, whatever its number of lines (a page of 2,000
comment lines would otherwise outweigh a hundred articles). Cross-validated figures come from
`python -m bench.cleaning`, which refits the model without each fold's sites.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.clean import page_lines
from summarize.line_model import Model, Trees, features, smoothed

if TYPE_CHECKING:
    import numpy as np

THRESHOLD = 0.5


@dataclass(frozen=True)
class Page:
    id: str
    rows: np.ndarray  # one row of line_model.FEATURES a line
    labels: list[int]


def labelled_pages(data: Path, ids: list[str]) -> list[Page]:
    """Every page's line features and labels."""
    from .cleaning import load_scorer

    scorer = load_scorer(data)
    pages = []
    for pid in ids:
        folder = data / "pages" / pid
        truth = scorer.Truth(scorer.read_text(folder / "truth.txt"))
        lines = page_lines(scorer.read_text(folder / "page.txt"))
        whole = {" ".join(scorer.tokens(line)) for line in truth.text.splitlines()}
        labels = [_label(scorer, truth, whole, text) for _, text in lines]
        pages.append(Page(pid, features(lines), labels))
    return pages


def _label(scorer, truth, whole: set[str], text: str) -> int:
    """1 for an article line, 0 for junk, -1 for a line left out of the fit: one without words
    (the scorer ignores it), or of one or two words that is not a whole line of the truth (such
    a word is found somewhere in most articles, whatever the line is)."""
    tokens = scorer.tokens(text)
    if not tokens:
        return -1
    if len(tokens) < 3:
        return int(" ".join(tokens) in whole)
    return int(truth.coverage(text) >= scorer.JUNK_SHARE)


def fold_of(ids: list[str], site_of: dict[str, str], folds: int) -> dict[str, int]:
    """Each page's fold: whole sites to a fold, biggest sites first, each to the fold with the
    fewest pages so far (ties: the lowest fold), so folds are balanced and no site is split."""
    sizes: dict[str, int] = {}
    for pid in ids:
        sizes[site_of.get(pid, pid)] = sizes.get(site_of.get(pid, pid), 0) + 1
    load = [0] * folds
    fold_of_site = {}
    for site in sorted(sizes, key=lambda s: (-sizes[s], s)):
        k = min(range(folds), key=lambda f: (load[f], f))
        fold_of_site[site] = k
        load[k] += sizes[site]
    return {pid: fold_of_site[site_of.get(pid, pid)] for pid in ids}


TREES = 80  # boosting rounds a stage (chosen by 5-fold CV by site, BENCHMARKS.md)
MIN_LEAF = 20  # lines a leaf holds at least
DEPTH = 3  # each tree's depth: interactions of three features (indented, yet as the body is)
RATE = 0.1
WEIGHT_POWER = 1.0  # a page's lines weigh 1 / lines ** this: 1, every page the same; 0, every line the same


def _boosted(rows, labels, weights) -> Trees:
    """Gradient-boosted trees (scikit-learn's histogram booster: fitted in seconds, where the
    exact one took minutes, so settings can be chosen by cross-validation) as the table
    `line_model.Trees` reads."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    x = np.asarray(rows, dtype=float)
    fitted = HistGradientBoostingClassifier(
        max_iter=TREES,
        max_depth=DEPTH,
        max_leaf_nodes=2**DEPTH,
        learning_rate=RATE,
        min_samples_leaf=MIN_LEAF,
        early_stopping=False,
        random_state=0,
    )
    with threadpool_limits(1):  # one thread: the same trees on any machine, and no threads spinning on a busy one
        fitted.fit(x, np.asarray(labels), sample_weight=np.asarray(weights))
    trees = []
    for (predictor,) in fitted._predictors:
        nodes = predictor.nodes
        trees.append(
            tuple(
                (
                    -1 if node["is_leaf"] else int(node["feature_idx"]),
                    0.0 if node["is_leaf"] else float(node["num_threshold"]),  # whole: a line can lie within 1e-6 of it
                    -1 if node["is_leaf"] else int(node["left"]),
                    -1 if node["is_leaf"] else int(node["right"]),
                    round(float(node["value"]), 6) if node["is_leaf"] else 0.0,
                )
                for node in nodes
            )
        )
    return Trees(base=round(float(np.ravel(fitted._baseline_prediction)[0]), 6), trees=tuple(trees))


def fit(pages: list[Page], threshold: float = THRESHOLD) -> Model:
    """The two stages fitted on `pages`."""
    import numpy as np

    used = [np.array(p.labels) >= 0 for p in pages]
    rows = np.vstack([np.asarray(p.rows)[u] for p, u in zip(pages, used, strict=True)])
    labels = [y for p in pages for y in p.labels if y >= 0]
    weights = [100.0 / max(1, int(u.sum())) ** WEIGHT_POWER for u in used for _ in range(int(u.sum()))]
    first = _boosted(rows, labels, weights)
    second_rows = []
    for p, u in zip(pages, used, strict=True):
        page_rows = np.asarray(p.rows)
        second_rows.append(np.hstack([page_rows, smoothed(first.logits(page_rows))])[u])
    second = _boosted(np.vstack(second_rows), labels, weights)
    return Model(first=first, second=second, threshold=threshold)


def table(model: Model) -> str:
    """The model as the Python module `summarize/line_trees.py` that the package ships."""

    def trees(t: Trees) -> str:
        body = ",\n".join("        (" + ", ".join(repr(n) for n in nodes) + ",)" for nodes in t.trees)
        return f"Trees(\n    base={t.base!r},\n    trees=(\n{body},\n    ),\n)"

    return (
        '"""The line model\'s tables, written by `python -m bench.learn_cleaning fit --write` from the\n'
        f"cleaning-dev pages: {TREES} trees of depth {DEPTH} a stage, learning rate {RATE}. Do not edit by hand.\n"
        '"""\n\n# ruff: noqa: E501\n# fmt: off\nfrom .line_model import Model, Trees\n\n'
        f"FIRST = {trees(model.first)}\n\nSECOND = {trees(model.second)}\n\n"
        f"MODEL = Model(first=FIRST, second=SECOND, threshold={model.threshold!r})\n"
    )


WRITTEN = Path(__file__).resolve().parents[1] / "summarize" / "line_trees.py"


def main(argv: list[str] | None = None) -> None:
    from .cleaning import DATA, page_ids

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["fit"])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--write", action="store_true", help=f"write the tables to {WRITTEN.name}")
    args = ap.parse_args(argv)
    text = table(fit(labelled_pages(args.data, page_ids(args.data))))
    if args.write:
        WRITTEN.write_text(text, encoding="utf-8")
        print(f"wrote {WRITTEN}")
    else:
        print(text)


if __name__ == "__main__":
    main()
