"""Cleaning benchmark: what the pipeline pools from real saved pages, against the human-marked article.

    python -m bench.cleaning [--data ../shared/bench/cleaning-dev] [--only ID,ID] [--worst 10] [--runs 3]
    python -m bench.cleaning --timing-only --runs 5
    python -m bench.cleaning --plain-only --trees 40 --rate 0.2    # the cross-validated row of other settings
                                    # (also --depth, --min-leaf, --threshold, --weight-power)
    python -m bench.cleaning --html-choices                        # trafilatura's leanings, fold by fold

On the cleaning-dev pages (300 news pages from 106 sites, each as `page.html`, as `page.txt`
the way a text-mode browser saves the whole page, and `truth.txt`), one run prints side by side:

- raw: every line of page.txt (no cleaning);
- ours, plain text: `summarize.sentences(page.txt)`, the sentences a brief pools, one a line;
- ours, plain text, cross-validated: the same with the line model refitted without the page's
  site (5 folds by site: every site's pages are scored by a model that never saw that site);
- ours, HTML: `summarize.sentences(page.html)`;
- trafilatura: `trafilatura.extract(page.html)` as it comes;
- jusText: `justext.justext(page.html, English stop list)`, its non-boilerplate paragraphs;
- "+title" rows: our two paths with the title found for each page as one more line (the truth
  holds the headline; a brief shows it as the source's title, never as a sentence).

Scores come from the data set's own `score.py` (token P, R, F1, junk share; mean and median over
pages), imported from the data folder, so the figures are the scorer's. Then the worst pages of
the cross-validated plain-text path, and the cleaning time per page (median of `--runs`), beside
the time of the shape rules alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = SHARED / "bench" / "cleaning-dev"


def load_scorer(data: Path):
    """The data set's score.py as a module."""
    spec = importlib.util.spec_from_file_location("cleaning_score", data / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_ids(data: Path, only: str = "") -> list[str]:
    ids = sorted(p.name for p in (data / "pages").iterdir() if (p / "truth.txt").exists())
    return [i for i in ids if i in set(only.split(","))] if only else ids


def sites(data: Path) -> dict[str, str]:
    """Page id -> site, from pages.tsv."""
    rows = (data / "pages.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    return {c["id"]: c["site"] for c in (dict(zip(head, r.split("\t"), strict=False)) for r in rows[1:])}


def ours(path: Path, with_title: bool = False) -> list[str]:
    """The sentences a brief would pool from one page, through the public API (`with_title`: the
    title found for it first, a line the truth holds but a brief never pools as a sentence)."""
    from summarize import NothingToSummarize, sentences

    try:
        found = sentences([path])
    except NothingToSummarize:
        return []
    return [t for item in found for t in ([item.source.title] if with_title else []) + list(item.sentences)]


def trafilatura_lines(path: Path) -> list[str]:
    import trafilatura

    return (trafilatura.extract(path.read_bytes()) or "").splitlines()


def justext_lines(path: Path) -> list[str]:
    import justext

    paragraphs = justext.justext(path.read_bytes(), justext.get_stoplist("English"))
    return [p.text for p in paragraphs if not p.is_boilerplate]


def write_system(out: Path, ids: list[str], lines_of: Callable[[str], list[str]]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for pid in ids:
        (out / f"{pid}.txt").write_text("\n".join(lines_of(pid)) + "\n", encoding="utf-8")
    return out


def cross_validated(data: Path, folds: int) -> Callable[[str, bool], list[str]]:
    """Plain-text sentences of each page (and its title first, if asked) with the line model
    fitted on the other folds' sites."""
    from summarize.line_model import using_model

    from . import learn_cleaning
    from .learn_cleaning import fit, fold_of, labelled_pages

    every = page_ids(data)
    pages = labelled_pages(data, every)
    fold = fold_of(every, sites(data), folds)
    models = {k: fit([p for p in pages if fold[p.id] != k], learn_cleaning.THRESHOLD) for k in range(folds)}

    def lines_of(pid: str, with_title: bool = False) -> list[str]:
        with using_model(models[fold[pid]]):
            return ours(data / "pages" / pid / "page.txt", with_title)

    return lines_of


HTML_CHOICES = {"default": {}, "favor_recall": {"favor_recall": True}, "favor_precision": {"favor_precision": True}}


def print_html_choices(data: Path, ids: list[str], folds: int) -> None:
    """Our HTML path with each of trafilatura's leanings: mean P, R, F1 and pooled junk, and the
    mean F1 of each fold of sites (a setting chosen for the whole should win in each fold)."""
    from summarize.sources import html

    scorer = load_scorer(data)
    pages = data / "pages"
    fold = fold_of_pages(data, ids, folds)
    truths = {pid: scorer.Truth(scorer.read_text(pages / pid / "truth.txt")) for pid in ids}
    saved = dict(html.EXTRACTION)
    try:
        for name, options in HTML_CHOICES.items():
            html.EXTRACTION.clear()
            html.EXTRACTION.update(options)
            scores = {pid: scorer.score_page(truths[pid], ours(pages / pid / "page.html")) for pid in ids}
            junk = sum(s["junk_lines"] for s in scores.values()) / max(1, sum(s["kept_lines"] for s in scores.values()))
            by_fold = [statistics.mean(scores[p]["F1"] for p in ids if fold[p] == k) for k in range(folds)]
            means = {m: statistics.mean(s[m] for s in scores.values()) for m in ("P", "R", "F1")}
            print(
                f"HTML, {name:<16} P {means['P']:.3f} R {means['R']:.3f} F1 {means['F1']:.3f} junk {junk:.1%};"
                f" F1 by fold {' '.join(f'{f:.3f}' for f in by_fold)}"
            )
    finally:
        html.EXTRACTION.clear()
        html.EXTRACTION.update(saved)


def fold_of_pages(data: Path, ids: list[str], folds: int) -> dict[str, int]:
    from .learn_cleaning import fold_of

    return fold_of(ids, sites(data), folds)


def cleaning_ms(data: Path, ids: list[str], runs: int) -> tuple[float, float]:
    """Milliseconds a page.txt takes to clean, the median over `runs` of the mean over pages: the
    whole cleaning (`clean_lines`), and the shape rules alone (what cleaning was before the line
    model), timed in turn in each run so that a busy machine slows both alike."""
    from summarize import clean

    texts = [(data / "pages" / pid / "page.txt").read_text(encoding="utf-8", errors="replace") for pid in ids]
    whole, rules = [], []
    for _ in range(runs):
        for times, work in ((whole, clean.clean_lines), (rules, lambda t: clean._by_rules(clean._indented_lines(t)))):
            start = time.perf_counter()
            for text in texts:
                work(text)
            times.append((time.perf_counter() - start) / len(texts) * 1000)
    return statistics.median(whole), statistics.median(rules)


def print_timing(data: Path, ids: list[str], runs: int) -> None:
    whole, rules = cleaning_ms(data, ids, runs)
    print(
        f"cleaning time: {whole:.1f} ms a page.txt; the shape rules alone {rules:.1f} ms ({whole / rules:.2f}x);"
        f" median of {runs} runs over {len(ids)} pages"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--only", default="", help="comma-separated page ids")
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3, help="timing runs (the median is printed)")
    ap.add_argument("--folds", type=int, default=5, help="folds by site for the cross-validated row")
    ap.add_argument("--no-references", action="store_true", help="leave out trafilatura and jusText")
    ap.add_argument("--timing-only", action="store_true", help="only the cleaning time")
    ap.add_argument("--plain-only", action="store_true", help="only the cross-validated plain-text row")
    ap.add_argument("--html-choices", action="store_true", help="only the HTML path with each trafilatura leaning")
    ap.add_argument("--trees", type=int, help="boosting rounds a stage for the cross-validated row")
    ap.add_argument("--rate", type=float, help="learning rate for the cross-validated row")
    ap.add_argument("--depth", type=int, help="tree depth for the cross-validated row")
    ap.add_argument("--min-leaf", type=int, help="lines a leaf holds at least, for the cross-validated row")
    ap.add_argument("--threshold", type=float, help="keep threshold for the cross-validated row")
    ap.add_argument("--weight-power", type=float, help="a page's lines weigh 1 / lines ** this in the fit")
    args = ap.parse_args(argv)
    from . import learn_cleaning

    for setting, value in (
        ("TREES", args.trees),
        ("RATE", args.rate),
        ("DEPTH", args.depth),
        ("MIN_LEAF", args.min_leaf),
        ("THRESHOLD", args.threshold),
        ("WEIGHT_POWER", args.weight_power),
    ):
        if value is not None:
            setattr(learn_cleaning, setting, value)
    if not (args.data / "score.py").exists():
        print(f"bench.cleaning: skipped: no cleaning data at {args.data} (it lives in ../shared/bench)")
        return
    ids = page_ids(args.data, args.only)
    if args.timing_only:
        print_timing(args.data, ids, args.runs)
        return
    if args.html_choices:
        print_html_choices(args.data, ids, args.folds)
        return
    scorer = load_scorer(args.data)
    pages = args.data / "pages"
    cv = cross_validated(args.data, args.folds)
    systems: list[tuple[str, Callable[[str], list[str]]]] = [
        (f"ours plain, {args.folds}-fold CV", cv),
        ("ours plain (shipped)", lambda pid: ours(pages / pid / "page.txt")),
        ("ours HTML", lambda pid: ours(pages / pid / "page.html")),
        (f"+title: plain {args.folds}-fold", lambda pid: cv(pid, True)),
        ("+title: HTML", lambda pid: ours(pages / pid / "page.html", with_title=True)),
    ]
    if args.plain_only:
        systems = systems[:1]
        print(
            f"line model: {learn_cleaning.TREES} trees a stage, learning rate {learn_cleaning.RATE},"
            f" depth {learn_cleaning.DEPTH}, at least {learn_cleaning.MIN_LEAF} lines a leaf,"
            f" threshold {learn_cleaning.THRESHOLD}, a page's lines weighing 1 / lines ** {learn_cleaning.WEIGHT_POWER}"
        )
    elif not args.no_references:
        systems += [
            ("trafilatura HTML", lambda pid: trafilatura_lines(pages / pid / "page.html")),
            ("jusText HTML", lambda pid: justext_lines(pages / pid / "page.html")),
        ]
    truths = {pid: scorer.Truth(scorer.read_text(pages / pid / "truth.txt")) for pid in ids}
    scored = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, lines_of in systems:
            start = time.perf_counter()
            folder = write_system(Path(tmp) / str(len(scored)), ids, lines_of)
            print(f"bench.cleaning: {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
            result = scorer.run_system(name, folder, ids, pages, truths)
            scored.append(result)
    scored.append(scorer.run_system("raw page.txt", "raw", ids, pages, truths))
    print(scorer.table(scored, len(ids)))
    if args.plain_only:
        return
    if args.worst > 0:
        print()
        print(scorer.worst(scored[0], scorer.load_index(pages), args.worst))
    print()
    print_timing(args.data, ids, args.runs)


if __name__ == "__main__":
    main()
