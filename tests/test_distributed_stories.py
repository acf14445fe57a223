"""Story grouping in rounds of tasks (summarize.distributed_stories) finds exactly the links and
the stories of the single-process grouping (stories.group_stems), whatever the partitions and
workers. The rounds run in this process through a stand-in for a Dask client, then once on a
real local cluster of two worker processes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import Done, InProcessClient

import summarize.distributed_stories as on_cluster
import summarize.neighbours as neighbours
import summarize.sparse as sparse
from summarize.stories import _calendar_stems, _vectors, group_stems
from summarize.text import content_stems

DUC = Path(__file__).resolve().parents[2] / "shared" / "bench" / "duc2006"
DOCS = 300


@pytest.fixture(scope="module")
def stems() -> list[list[str]]:
    """The content stems of a few hundred benchmark documents, several stories among them."""
    docs = sorted(DUC.glob("*/docs/*"))[:DOCS]
    if len(docs) < DOCS:
        pytest.skip("the benchmark data (../shared/bench/duc2006) is absent")
    return [content_stems(p.read_text(encoding="utf-8", errors="replace")) for p in docs]


def _parts(stems: list[list[str]], partitions: int) -> list[SimpleNamespace]:
    """The sources cut into `partitions` runs, each holding its sources' stems as a partition does."""
    cuts = np.linspace(0, len(stems), partitions + 1).round().astype(int)
    runs = zip(cuts[:-1], cuts[1:], strict=True)
    return [SimpleNamespace(source_stems=[" ".join(s) for s in stems[lo:hi]]) for lo, hi in runs]


def _sizes(parts: list[SimpleNamespace]) -> list[int]:
    return [len(p.source_stems) for p in parts]


@pytest.fixture
def spread(monkeypatch):
    """Small blocks, and no dense shortcut: several spans of blocks even on a few hundred sources."""
    monkeypatch.setattr(neighbours, "BLOCK", 40)
    monkeypatch.setattr(sparse, "DENSE_LIMIT", 0)


@pytest.mark.parametrize(("workers", "partitions"), [(1, 1), (2, 3), (3, 7), (8, 13)])
def test_the_rounds_find_the_single_process_links_and_stories(stems, spread, workers, partitions):
    client = InProcessClient(workers)
    parts = _parts(stems, partitions)
    rows, found = on_cluster.links(client, [Done(p) for p in parts], _sizes(parts))
    matrix = _vectors(stems, leave_out=_calendar_stems())
    made = on_cluster._stacked([r.value for r in rows])
    assert found.value is not None and len(list(neighbours.blocks(len(stems)))) >= 8
    for field in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(made, field), getattr(matrix, field)), field
    assert made.shape == matrix.shape
    expected = neighbours.strongest_links(matrix)
    assert len(expected[0]) > len(stems)  # links enough to mean something
    for got, want in zip(found.value, expected, strict=True):
        assert np.array_equal(got, want)
    grouped = on_cluster.group(client, [Done(p) for p in parts], _sizes(parts)).value
    assert grouped == group_stems(stems)
    assert 1 < len(grouped) < len(stems)  # several stories, not one, not all apart


@pytest.mark.parametrize("partitions", [1, 4])
def test_the_dense_path_and_a_few_sources_give_the_same_stories(stems, partitions):
    client = InProcessClient(2)
    for some in (stems, stems[:20], stems[:1]):
        parts = _parts(some, min(partitions, len(some)))
        assert on_cluster.group(client, [Done(p) for p in parts], _sizes(parts)).value == group_stems(some)


def _spread_on_worker(block: int, dense_limit: int) -> None:
    neighbours.BLOCK = block
    sparse.DENSE_LIMIT = dense_limit


def test_the_same_stories_on_a_local_cluster_of_two_workers(stems, spread):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2, timeout=60)
        client.run(_spread_on_worker, 40, 0)  # as the `spread` fixture, on each worker
        parts = _parts(stems, 5)
        found = on_cluster.group(client, client.scatter(parts), _sizes(parts)).result()
    assert found == group_stems(stems)


class _Counting(InProcessClient):
    """The stand-in client, counting the rows of vectors each kind of task is handed."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.rows: dict[str, list[int]] = {}
        self.args: dict[str, list[tuple]] = {}

    def submit(self, function, *args, **kwargs):
        values = [a.value if isinstance(a, Done) else a for a in args]
        held = [v.rows if isinstance(v, on_cluster._Span) else v for v in values]
        held += [v[1] for v in values if isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], sparse.Rows)]
        count = sum(v.shape[0] for v in held if isinstance(v, sparse.Rows))
        self.rows.setdefault(function.__name__, []).append(count)
        self.args.setdefault(function.__name__, []).append(tuple(values))
        return super().submit(function, *args, **kwargs)


def test_a_span_task_is_handed_only_the_rows_its_blocks_and_pairs_need(stems, spread, monkeypatch):
    monkeypatch.setattr(on_cluster, "SPAN_BLOCKS", 1)
    client = _Counting(2)
    parts = _parts(stems, 30)
    n = len(stems)
    grouped = on_cluster.group(client, [Done(p) for p in parts], _sizes(parts)).value
    assert grouped == group_stems(stems)
    spans = client.args["_span_pairs"]
    assert len(spans) == len(list(neighbours.blocks(n))) == 8  # one span a block of 40 rows
    biggest = max(_sizes(parts))
    for (lo, hi, offsets, _, *held), (span, *_) in zip(client.args["_hold"], spans, strict=True):
        assert span.rows.shape[0] == hi - lo <= neighbours.BLOCK
        vectors = held[: len(offsets)]  # then as many signature rows
        assert sum(v.shape[0] for v in vectors) <= hi - lo + 2 * biggest  # the partitions it covers, no others
    for _, pairs, (ids, _rows), lo, hi, _n in client.args["_cosines"]:
        ends = np.concatenate(np.divmod(pairs, n))
        assert np.array_equal(ids, sparse.distinct(ends[(ends >= lo) & (ends < hi)]))  # the rows its pairs name
    assert len(client.rows["_cosines"]) == len(spans) ** 2
    assert max(client.rows["_cosines"]) <= 2 * neighbours.BLOCK < n  # two spans' rows at most
    # No other task of the rounds is handed every row: the signature choice takes weights alone,
    # the communities' stories only the rows of sources that share a community with another.
    assert client.rows["_choice"] == [0]
    labels = client.args["_grouped"][0][0]
    shared = int((np.bincount(labels)[labels] >= 2).sum())
    assert client.rows["_grouped"] == [shared] and shared < n
    assert "_small" not in client.rows


def test_partitions_without_a_used_source_change_nothing(stems, spread):
    parts = _parts(stems, 6)
    empty = SimpleNamespace(source_stems=[])
    parts = [empty, *parts[:3], empty, empty, *parts[3:], empty]
    client = InProcessClient(3)
    assert on_cluster.group(client, [Done(p) for p in parts], _sizes(parts)).value == group_stems(stems)


def test_the_rounds_bound_the_candidate_product_as_the_single_process_does(stems, spread, monkeypatch):
    """With the product's work a source bounded below what the share rule allows (as it is past
    50,000 sources of a few words), the rounds leave the same words to the ring: the same links."""
    matrix = _vectors(stems, leave_out=_calendar_stems())
    signatures = neighbours.top_per_row(matrix, neighbours.SIGNATURE).to_scipy()
    column_use = np.bincount(signatures.indices, minlength=matrix.shape[1])
    share_limit = max(neighbours.SIGNATURE_MIN, int(neighbours.SIGNATURE_SHARE * len(stems)))
    monkeypatch.setattr(neighbours, "PRODUCT_WORK", 3)
    assert neighbours.common_limit(column_use, len(stems)) < share_limit  # the bound binds
    parts = _parts(stems, 5)
    _, found = on_cluster.links(InProcessClient(3), [Done(p) for p in parts], _sizes(parts))
    for got, want in zip(found.value, neighbours.strongest_links(matrix), strict=True):
        assert np.array_equal(got, want)
