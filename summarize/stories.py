"""Group sources into stories, so that a brief about several pieces of news gives each a section.

Articles about the same news share their rarer words. Past `FEW` sources, each source is a
TF-IDF vector of its content-word stems (counts damped to 1 + log, inverse document frequency
over the input; stems no other source has, and words that only date a text, left out). Each
source keeps links to its `NEIGHBOURS` most similar sources (cosine at least `LINK_FLOOR`):
candidates are the sources that share one of its heaviest words, found by a sparse product a
block at a time, so the work follows what is shared and never compares all pairs; each
candidate's cosine is then computed exactly. Stories are the communities of that graph under
the constant Potts model (Traag, Van Dooren & Nesterov 2011), found by the Leiden algorithm
(Traag, Waltman & van Eck 2019, through igraph): a set of sources is a story when its links
weigh more than `RESOLUTION` per pair of its sources, so one rule judges a wire story told by
hundreds and an article told by one, whatever the size of the input. A community must then
hold together (see `_held_together`), or its sources stand alone; and communities whose mean
cosine reaches `JOIN` are pieces of one story told by hundreds of near-copies, and are joined
(see `_joined`). A word too common among the heaviest words for the product still finds each
source a few candidates (see `_ring_candidates`).

Up to `FEW` sources idf is too noisy to weigh words by: sources are vectors of the stems they
share with another (all their stems and consecutive pairs, up to `SMALL`), clustered by average
linkage; the tree is cut from the top where the mean similarity between two branches is below
`FLOOR`, or below `RELATIVE` times the branches' own cohesion unless above `CEILING`, and a
lone source close enough to a bigger story (`ATTACH`; `FLOOR` up to `SMALL`) joins it.
Stories come back biggest first.

`make bench-stories` measures the grouping on pools of the benchmark clusters (BENCHMARKS.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .sparse import Rows, gram

FLOOR = 0.08  # below this mean similarity, two branches are always separate stories
CEILING = 0.2  # above it, always one story
RELATIVE = 0.7  # in between, separate when below this share of the branches' own cohesion
ATTACH = 0.06  # a lone source at least this close to a bigger story joins it
FEW = 30  # up to this many sources, stories are the exact average-linkage tree cut by the rule above
SMALL = 8  # up to this many sources, stories are judged on all their words and phrases
# (measured on every mix of 1-3 and 1-2 of the project's own articles on three stories: 93% told
# apart, against 42% before; every 2-4 articles of one story kept whole, as before)
NEIGHBOURS = 20  # links each source keeps to its most similar sources
CANDIDATES = 40  # candidates each source weighs exactly, of those that share the most of its heaviest words
LINK_FLOOR = 0.02  # weaker links are not kept
RESOLUTION = 0.07  # the weight of links per pair of sources that holds a story together
JOIN = 0.3  # communities this alike on average are pieces of one story (see `_joined`)
MARGIN = 0.3  # a story of p pairs of sources needs a mean cosine of RESOLUTION + MARGIN / sqrt(p)
SIGNATURE = 30  # candidate links are found through each source's heaviest words, this many
SIGNATURE_SHARE = 0.005  # a word in more signatures than this share of the sources finds no candidates
SIGNATURE_MIN = 100  # (or than this many)
RING = 3  # through a word too common for the product, a source's candidates on either side of it
BLOCK = 2000  # sources whose candidates are found at a time, so that memory follows the links kept
PAIR_CHUNK = 50_000  # candidate pairs scored at a time
LEIDEN_ROUNDS = 2  # passes of the Leiden algorithm (more change nothing on the benchmark pools)
SEED = 2026  # the Leiden algorithm's random choices: fixed, so the same input gives the same stories


def group_sources(texts: Sequence[str], language: str = "english") -> list[list[int]]:
    """Indexes of `texts` grouped into stories: biggest story first, each in input order."""
    from .text import content_stems

    return group_stems([content_stems(text, language) for text in texts])


def group_stems(stems: Sequence[Sequence[str]]) -> list[list[int]]:
    """As `group_sources`, for sources given as the content-word stems of their text."""
    n = len(stems)
    if n <= 1:
        return [list(range(n))]
    if n <= SMALL:
        labels = _exact(_small_input_vectors(stems), attach=FLOOR)
    elif n <= FEW:
        labels = _exact(_shared_stem_vectors(stems))
    else:
        matrix = _vectors(stems, leave_out=_calendar_stems())
        a, b, weight = _links(matrix)
        labels = _joined(matrix, _held_together(matrix, _communities(n, a, b, weight)), a, b)
    stories: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        stories.setdefault(int(label), []).append(i)
    return sorted(stories.values(), key=lambda s: (-len(s), s[0]))


CALENDAR = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
    "am pm a.m p.m gmt utc bst cet est edt cst cdt mst mdt pst pdt et"
)


def _calendar_stems() -> frozenset[str]:
    """Stems of the words that date a text rather than tell its news (months, days, clock
    times): every article of a day shares them, and pages of one season share them across
    stories."""
    from .text import stems

    words = CALENDAR.split()
    return frozenset(words) | frozenset(stems(words))


def _shared_stem_vectors(stems: Sequence[Sequence[str]]) -> Rows:
    """Row-normalised sparse vectors (sources x stems) of damped counts of shared stems: among
    a few dozen sources idf is too noisy to weigh words by (measured on mixes of 9 to 29
    benchmark articles from 1 to 4 clusters: mean adjusted Rand index 0.81-0.87 against
    0.50-0.87 with the TF-IDF vectors below)."""
    import numpy as np

    counts, _ = Rows.from_tokens(stems)
    shared = counts.column_counts()[counts.indices] >= 2
    return counts.with_data(1.0 + np.log(counts.data)).where(shared).normalized()


def _vectors(stems: Sequence[Sequence[str]], leave_out: frozenset[str] = frozenset()) -> Rows:
    """Row-normalised TF-IDF vectors (sources x stems): damped counts times the stem's inverse
    document frequency over the input (smoothed, as scikit-learn's); stems only one source has,
    and those in `leave_out`, are left out, since they tell nothing about which sources belong
    together."""
    import numpy as np

    counts, vocabulary = Rows.from_tokens(stems)
    n = counts.shape[0]
    df = counts.column_counts()
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    kept = df >= 2
    kept[[vocabulary[w] for w in leave_out if w in vocabulary]] = False
    weights = (1.0 + np.log(counts.data)) * idf[counts.indices]
    return counts.with_data(weights).where(kept[counts.indices]).normalized()


def _links(matrix: Rows):
    """Each source's links to its `NEIGHBOURS` most similar sources (at least `LINK_FLOOR`), as
    arrays (source a, source b, cosine) with a < b, each link once, in a fixed order.

    Candidates are the sources that share one of a source's `SIGNATURE` heaviest words (its
    rarest and most repeated: names, places, the event's own words), found by a sparse product of
    those signatures a block of rows at a time; each candidate's cosine is then computed on the
    whole vectors, so what is decided does not depend on which words found the candidate."""
    import numpy as np

    n = matrix.shape[0]
    signatures = _top_per_row(matrix, SIGNATURE).to_scipy()
    column_use = np.bincount(signatures.indices, minlength=matrix.shape[1])
    common = column_use[signatures.indices] > max(SIGNATURE_MIN, SIGNATURE_SHARE * n)
    ring_row, ring_col, ring_value = _ring_candidates(signatures, common)
    ring_starts = np.searchsorted(ring_row, np.arange(0, n + BLOCK, BLOCK))
    signatures.data[common] = 0.0
    signatures.eliminate_zeros()
    transposed = signatures.T.tocsr()
    firsts, seconds = [], []
    for k, start in enumerate(range(0, n, BLOCK)):
        block = signatures[start : start + BLOCK] @ transposed
        block.setdiag(0.0, k=start)  # a source is no candidate of its own
        block.data[block.data < LINK_FLOOR / 2] = 0.0  # sharing only a trace of words: no candidate
        block.eliminate_zeros()
        row = np.repeat(np.arange(start, start + block.shape[0], dtype=np.int64), np.diff(block.indptr))
        ring = slice(ring_starts[k], ring_starts[k + 1])
        row = np.concatenate([row, ring_row[ring]])
        col = np.concatenate([block.indices.astype(np.int64), ring_col[ring]])
        value = np.concatenate([block.data, ring_value[ring]])
        row, col, value = _above_a_level(row, value, CANDIDATES, col)
        keep = _strongest_per_row(row, value, CANDIDATES)
        firsts.append(row[keep])
        seconds.append(col[keep])
    a = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)
    b = np.concatenate(seconds) if seconds else np.zeros(0, dtype=np.int64)
    pairs = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    a, b = np.divmod(pairs, n)
    cosine = _pair_cosines(matrix, a, b)
    strong = cosine >= LINK_FLOOR
    a, b, cosine = a[strong], b[strong], cosine[strong]
    # A link stays when it is among the NEIGHBOURS strongest of either of its ends.
    ends = np.concatenate([a, b])
    both = np.concatenate([cosine, cosine])
    kept = _strongest_per_row(ends, both, NEIGHBOURS)
    chosen = np.zeros(len(a), dtype=bool)
    chosen[kept % len(a) if len(a) else kept] = True
    return a[chosen], b[chosen], cosine[chosen]


def _ring_candidates(signatures, common):
    """Candidates through the words too common in the signatures for a product (`common`: one
    flag per stored value): each source that has such a word is a candidate of the `RING`
    sources on either side of it, in order of the word's weight in them. Sources that share
    all their words, as hundreds of copies of one wire story do, still find each other, at a
    cost that follows the sources, not their pairs. Returns (row, column, weight product),
    both ways round, sorted by row."""
    import numpy as np

    rows = np.repeat(np.arange(signatures.shape[0], dtype=np.int64), np.diff(signatures.indptr))[common]
    words = signatures.indices[common].astype(np.int64)
    weights = signatures.data[common]
    order = np.argsort(words * 2.0 + (1.0 - np.clip(weights, 0.0, 1.0)))  # by word, heaviest first
    rows, words, weights = rows[order], words[order], weights[order]
    firsts, seconds, values = [], [], []
    for step in range(1, RING + 1):
        same = words[:-step] == words[step:]
        a, b = rows[:-step][same], rows[step:][same]
        value = weights[:-step][same] * weights[step:][same]
        firsts += [a, b]
        seconds += [b, a]
        values += [value, value]
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    row, col, value = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(values)
    by_row = np.argsort(row, kind="stable")
    return row[by_row], col[by_row], value[by_row]


CANDIDATE_LEVELS = (0.4, 0.2, 0.1, 0.05)  # see `_above_a_level`


def _above_a_level(row, value, keep: int, col):
    """The entries of each row at or above the highest of `CANDIDATE_LEVELS` that still leaves
    it `keep` of them (all of them when none does): a source that shares words with thousands
    (a wire story told by hundreds) keeps only its closest for the sort that picks the best."""
    import numpy as np

    if not len(row):
        return row, col, value
    floor = np.zeros(int(row.max()) + 1)
    for level in sorted(CANDIDATE_LEVELS):
        enough = np.bincount(row[value >= level], minlength=len(floor)) >= keep
        floor[enough] = level
    kept = value >= floor[row]
    return row[kept], col[kept], value[kept]


def _strongest_per_row(row, value, keep: int):
    """Indexes of the `keep` largest values of each row (ties: the earlier entry), in order."""
    import numpy as np

    if not len(row):
        return np.zeros(0, dtype=np.int64)
    # One sort on a key that orders by row, then by value downwards (values lie in [0, 1]), in
    # place of two stable sorts; the sort is deterministic, so equal input gives equal order.
    order = np.argsort(row * 2.0 + (1.0 - np.clip(value, 0.0, 1.0)))
    sorted_rows = row[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_rows, sorted_rows, side="left")
    return np.sort(order[rank < keep])


def _top_per_row(matrix: Rows, keep: int) -> Rows:
    """Each row with only its `keep` largest values."""
    import numpy as np

    mask = np.zeros(len(matrix.data), dtype=bool)
    mask[_strongest_per_row(matrix.row_ids(), matrix.data, keep)] = True
    return matrix.where(mask)


def _pair_cosines(matrix: Rows, a, b):
    """The dot product of rows a[k] and b[k] of `matrix` for every k, a chunk of pairs at a time."""
    import numpy as np

    csr = matrix.to_scipy()
    out = np.empty(len(a))
    for start in range(0, len(a), PAIR_CHUNK):
        end = start + PAIR_CHUNK
        out[start:end] = np.asarray(csr[a[start:end]].multiply(csr[b[start:end]]).sum(axis=1)).ravel()
    return out


def _held_together(matrix: Rows, labels: Sequence[int]) -> list[int]:
    """`labels` with every community that does not hold together broken into lone sources.

    A community holds when the mean cosine over its pairs of sources reaches `RESOLUTION` plus
    `MARGIN` over the square root of its number of pairs: the mean of many pairs varies little,
    the cosine of one pair much, so two unrelated articles that happen to share a few rare words
    (a cosine of 0.2 is common) are no story, while twenty-five on one subject with a mean of
    0.1 are. The mean comes from each community's sum of (unit) vectors: |sum|^2 counts every
    ordered pair once and every source once with itself."""
    import numpy as np
    from scipy import sparse

    labels = np.asarray(labels, dtype=np.int64)
    n = len(labels)
    count = int(labels.max()) + 1
    members = sparse.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(count, n))
    sums = members @ matrix.to_scipy()
    squares = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
    own = np.bincount(matrix.row_ids(), weights=matrix.data * matrix.data, minlength=n)  # 1, or 0 for an empty row
    norms = np.bincount(labels, weights=own, minlength=count)
    size = np.bincount(labels, minlength=count).astype(np.float64)
    pairs = size * (size - 1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (squares - norms) / (2 * pairs)
        holds = (pairs == 0) | (mean >= RESOLUTION + MARGIN / np.sqrt(pairs))
    out = labels.copy()
    broken = ~holds[labels]
    out[broken] = count + np.flatnonzero(broken)
    return [int(x) for x in out]


def _joined(matrix: Rows, labels: Sequence[int], a, b) -> list[int]:
    """`labels` with communities joined where the mean cosine between them reaches `JOIN`.

    Each source keeps only its strongest links, so a story told by hundreds of near-copies has
    too few links per pair to be one community, and comes out in pieces; the pieces of one story
    are far closer to each other (a mean of 0.5 and more) than two stories ever are. Communities
    of two or more sources linked at least once are compared on their sums of (unit) vectors, and
    joined in one pass (union-find), so the work follows the links."""
    import numpy as np
    from scipy import sparse

    labels = np.asarray(labels, dtype=np.int64)
    n = len(labels)
    la, lb = labels[a], labels[b]
    apart = la != lb
    if not apart.any():
        return [int(x) for x in labels]
    count = int(labels.max()) + 1
    pairs = np.unique(np.minimum(la[apart], lb[apart]) * count + np.maximum(la[apart], lb[apart]))
    first, second = np.divmod(pairs, count)
    size = np.bincount(labels, minlength=count).astype(np.float64)
    pieces = (size[first] >= 2) & (size[second] >= 2)  # a lone source stays as `_held_together` left it
    first, second = first[pieces], second[pieces]
    members = sparse.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(count, n))
    sums = Rows(*_csr_parts(members @ matrix.to_scipy()))
    mean = _pair_cosines(sums, first, second) / (size[first] * size[second])
    parent = np.arange(count)

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(first[mean >= JOIN].tolist(), second[mean >= JOIN].tolist(), strict=True):
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    return [root(int(x)) for x in labels]


def _csr_parts(csr) -> tuple:
    """A scipy CSR matrix as the fields of `Rows`."""
    import numpy as np

    csr = csr.tocsr()
    csr.sort_indices()
    return csr.indptr.astype(np.int64), csr.indices.astype(np.int64), csr.data.astype(np.float64), csr.shape


def _communities(n: int, a, b, weight) -> list[int]:
    """Story label per source: the Leiden communities of the link graph under the constant
    Potts model at `RESOLUTION`, with the algorithm's random choices seeded."""
    import random

    import igraph
    import numpy as np

    graph = igraph.Graph(n=n, edges=np.column_stack([a, b]).tolist() if len(a) else [])
    graph.es["weight"] = [float(w) for w in weight]
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        found = graph.community_leiden(
            objective_function="CPM", weights="weight", resolution=RESOLUTION, n_iterations=LEIDEN_ROUNDS
        )
    finally:
        igraph.set_random_number_generator(random)
    return list(found.membership)


def _small_input_vectors(stems: Sequence[Sequence[str]]) -> Rows:
    """Row-normalised vectors of every stem and every pair of consecutive stems (damped counts).

    Among a few sources nearly every word two of them use counts as shared, and vectors of
    shared words alone made any two articles look alike. All words keep the norm honest, and
    pairs (names, phrases) are what articles on one story share and different stories seldom do.
    """
    import numpy as np

    counts, _ = Rows.from_tokens([*s, *(f"{a} {b}" for a, b in zip(s, s[1:], strict=False))] for s in stems)
    return counts.with_data(1.0 + np.log(counts.data)).normalized()


def average_linkage(similarity) -> list[tuple[int, int, float]]:
    """The average-linkage tree of items with the given (symmetric) similarity matrix, as
    scipy's `linkage` numbers it: merge k joins nodes a and b into node n + k, in order of
    decreasing mean similarity; each merge is (a, b, mean similarity between a and b).

    The nearest-neighbour chain algorithm (Murtagh 1983) with Lance-Williams updates: O(n^2)
    time in numpy, working in place on one float64 copy of the matrix.
    """
    import numpy as np

    n = len(similarity)
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges: list[tuple[float, int, int]] = []  # (similarity, item a, item b): a keeps the new cluster
    last = [np.inf] * n  # the similarity of the latest merge into each cluster
    chain: list[int] = []
    for _ in range(n - 1):
        if not chain:
            chain.append(int(np.argmax(active)))
        while True:
            a = chain[-1]
            row = np.where(active, sim[a], -np.inf)
            row[a] = -np.inf
            b = int(np.argmax(row))
            if len(chain) > 1 and row[chain[-2]] >= row[b]:
                b = chain[-2]  # prefer the previous link on a tie, so the chain always ends
            if len(chain) > 1 and b == chain[-2]:
                break
            chain.append(b)
        chain.pop()
        chain.pop()
        a, b = min(a, b), max(a, b)
        value = min(float(sim[a, b]), last[a], last[b])  # never above a merge inside it (rounding)
        last[a] = value
        merges.append((value, a, b))
        joined = (size[a] * sim[a] + size[b] * sim[b]) / (size[a] + size[b])
        sim[a], sim[:, a] = joined, joined
        sim[a, a] = -np.inf
        size[a] += size[b]
        active[b] = False
        sim[b], sim[:, b] = -np.inf, -np.inf
    # Number the clusters as scipy does: by merge order of decreasing similarity.
    node = list(range(n))
    tree = []
    for k, (value, a, b) in enumerate(sorted(merges, key=lambda m: -m[0])):  # stable: children first
        left, right = sorted((node[a], node[b]))
        tree.append((left, right, value))
        node[a] = n + k
    return tree


def _cut(similarity) -> list[int]:
    """Story label per source: the average-linkage tree cut top-down by the rule above."""
    n = len(similarity)
    tree = average_linkage(similarity)
    # Bottom up: each node's size and the sum of similarities over its pairs of sources.
    size = [1] * n + [0] * (n - 1)
    inner = [0.0] * (2 * n - 1)
    between = [0.0] * (2 * n - 1)
    children: list[tuple[int, int]] = [(-1, -1)] * n
    for k, (a, b, mean) in enumerate(tree):
        node = n + k
        between[node] = mean  # mean similarity across the two branches
        size[node] = size[a] + size[b]
        inner[node] = inner[a] + inner[b] + between[node] * size[a] * size[b]
        children.append((a, b))

    def cohesion(node: int) -> float | None:
        pairs = size[node] * (size[node] - 1) / 2
        return inner[node] / pairs if pairs else None

    labels = [0] * n
    story = 0
    stack = [2 * n - 2]
    while stack:
        node = stack.pop()
        a, b = children[node]
        if node >= n:
            own = [c for c in (cohesion(a), cohesion(b)) if c is not None]
            mean = between[node]
            apart = mean < FLOOR or (mean < CEILING and bool(own) and mean < RELATIVE * min(own))
            if apart:
                stack.extend((b, a))
                continue
        leaves = [node]
        members = []
        while leaves:
            x = leaves.pop()
            if x < n:
                members.append(x)
            else:
                leaves.extend(children[x])
        for m in members:
            labels[m] = story
        story += 1
    return labels


def _attach_lone_sources(similarity, labels: list[int], attach: float = ATTACH) -> list[int]:
    """Labels with each story of one source moved into the bigger story it is closest to, when
    its mean similarity to that story reaches `attach`."""
    import numpy as np

    labels_array = np.asarray(labels)
    sizes = np.bincount(labels_array)
    big = [label for label in range(len(sizes)) if sizes[label] >= 2]
    if not big:
        return labels
    out = list(labels)
    for i, label in enumerate(labels):
        if sizes[label] != 1:
            continue
        closeness = [similarity[i, labels_array == b].mean() for b in big]
        best = int(np.argmax(closeness))
        if closeness[best] >= attach:
            out[i] = big[best]
    return out


def _exact(matrix: Rows, attach: float = ATTACH) -> list[int]:
    """Story labels by the exact rule: the dense similarity of every pair of sources."""
    similarity = gram(matrix, "float32")
    return _attach_lone_sources(similarity, _cut(similarity), attach)


# Titles that are no headline: wire slugs ("BC-NJ--Evolution & Schools,730", "ADULT-ADHD _ ..."),
# notes in parentheses, labels ending in a colon, desk notices to editors.
_NOT_A_HEADLINE = re.compile(
    r"^[A-Z0-9]+(?:-[A-Z0-9]+)+(?:\s+_|--)|--|,\s*\d+$|^\(|:$|^attention\b|\bnews\s+service\b",
    re.IGNORECASE,
)


def usable_title(title: str) -> bool:
    """Whether a source's title can head a story (see `_NOT_A_HEADLINE`)."""
    title = title.strip()
    return bool(title) and not _NOT_A_HEADLINE.search(title)


def _shouts(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def headline(titles: Sequence[str], stems: Sequence[Iterable[str]], lead: str, language: str = "english") -> str:
    """A story's headline: of its sources' usable `titles`, the one whose words most of the
    story's sources share (`stems`: the content-word stems of each), a title in ordinary case
    before one in capitals; without titles, the start of `lead` (the story's best sentence)."""
    from collections import Counter

    from .text import content_stems

    story = Counter(s for source in stems for s in set(source))
    best, best_key = "", (False, 0.0)
    for title in titles:
        if not usable_title(title):
            continue
        own = set(content_stems(title, language))
        if not own:
            continue
        key = (not _shouts(title), sum(story[s] for s in own) / (1 + len(own)))
        if key > best_key:
            best, best_key = title, key
    return best or shorten(lead)


HEADLINE_WORDS = 12


def shorten(sentence: str, limit: int = HEADLINE_WORDS) -> str:
    """A sentence cut to a headline's length: up to its first clause break when that comes
    after a few words, else its first `limit` words, marked with an ellipsis when cut."""
    words = sentence.split()
    if len(words) <= limit:
        return sentence
    for n in range(min(limit, len(words) - 1), 4, -1):
        if words[n - 1].endswith((",", ";", ":")):
            return " ".join(words[:n]).rstrip(",;:") + "..."
    return " ".join(words[:limit]).rstrip(",;:") + "..."
