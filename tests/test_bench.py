"""The project's benchmark scorer reproduces the reference scorer beside the benchmark data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


@pytest.mark.skipif(not (BENCH / "duc2004-dev").is_dir(), reason="../shared/bench is absent")
def test_our_rouge_equals_the_reference_scorer_on_published_summaries():
    pytest.importorskip("rouge_score")
    from bench import rouge

    bench = BENCH / "duc2004-dev"
    peer = bench / "peers" / "ICSISumm"
    ours = rouge.score_summaries(bench, rouge.read_dir(peer), 100)
    printed = (
        subprocess.run(
            [sys.executable, str(BENCH / "score.py"), str(bench), str(peer)], capture_output=True, text=True, check=True
        )
        .stdout.splitlines()[-1]
        .split()
    )
    assert (f"{ours[0]:.2f}", f"{ours[1]:.2f}", str(ours[2])) == (printed[1], printed[2], printed[3])


def test_budget_words_follow_the_benchmark():
    from bench.quality import budget_words

    assert budget_words(Path("x/duc2006")) == 250
    assert budget_words(Path("x/duc2004-dev")) == 100


def test_update_cross_validation_chooses_each_topic_setting_from_the_other_topics():
    from bench.update import leave_one_out

    # 0.5 is better on t2 and t3, 0.3 far better on t1: held out, t1 gets what t2 and t3 prefer
    # (its own score must not count), and t2 or t3 what the mean of the other two prefers.
    per_topic = {
        0.3: {"t1": 0.9, "t2": 0.1, "t3": 0.1},
        0.5: {"t1": 0.2, "t2": 0.3, "t3": 0.3},
    }
    assert leave_one_out(per_topic, default=0.5) == {"t1": 0.5, "t2": 0.3, "t3": 0.3}
    tie = {0.4: {"a": 0.1, "b": 0.1}, 0.6: {"a": 0.1, "b": 0.1}}
    assert leave_one_out(tie, default=0.5 + 0.05) == {"a": 0.6, "b": 0.6}
