"""bench.cleaning and bench.learn_cleaning: folds by site, the shipped table as written, the scorer's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

CLEANING = Path(__file__).resolve().parents[2] / "shared" / "bench" / "cleaning-dev"


def test_folds_keep_each_site_whole_and_are_balanced():
    from bench.learn_cleaning import fold_of

    sites = {f"p{i}": f"site{i % 7}" for i in range(40)}
    fold = fold_of(sorted(sites), sites, 5)
    for site in set(sites.values()):
        assert len({fold[p] for p in sites if sites[p] == site}) == 1
    sizes = [list(fold.values()).count(k) for k in range(5)]
    assert max(sizes) - min(sizes) <= 6 and min(sizes) > 0


def test_the_written_table_is_the_model_it_was_made_from(tmp_path):
    pytest.importorskip("sklearn")
    from bench.learn_cleaning import Page, fit, table
    from summarize import line_model

    lines = [(0, "Home"), (2, "• News"), (0, "The council met on Monday and agreed to repair the bridge at last.")] * 12
    rows = line_model.features(lines)
    pages = [Page("a", rows, [0, 0, 1] * 12), Page("b", rows, [0, 1, 1] * 12)]
    model = fit(pages)
    scope: dict = {}
    source = table(model).replace("from .line_model import", "from summarize.line_model import")
    exec(compile(source, "line_trees", "exec"), scope)
    written = scope["MODEL"]
    assert line_model.article_probabilities(lines, written) == pytest.approx(
        line_model.article_probabilities(lines, model), abs=1e-4
    )


@pytest.mark.slow  # fits the line model on every page twice: about a minute
@pytest.mark.skipif(not CLEANING.is_dir(), reason="../shared/bench/cleaning-dev is absent")
def test_the_benchmark_scores_pages_with_the_data_sets_scorer(capsys):
    from bench import cleaning

    cleaning.main(["--only", "100", "--no-references", "--runs", "1", "--worst", "1", "--folds", "2"])
    out = capsys.readouterr().out
    assert "ours plain, 2-fold CV" in out and "ours HTML" in out and "raw page.txt" in out
    assert "cleaning time:" in out
