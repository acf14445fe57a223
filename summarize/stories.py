"""Group sources into stories, so that a brief about several pieces of news gives each a section.

Articles about the same news share their rarer words. Past `FEW` sources, each source is a
TF-IDF vector of its content-word stems (counts damped to 1 + log, inverse document frequency
over the input; stems no other source has, and words that only date a text, left out), and
keeps links to its most similar sources (neighbours.py: candidates through shared heavy words,
never all pairs, each candidate's cosine computed exactly). Stories are the communities of that
graph under the constant Potts model (Traag, Van Dooren & Nesterov 2011), found by the Leiden
algorithm (Traag, Waltman & van Eck 2019, through igraph): a set of sources is a story when its links
weigh more than `RESOLUTION` per pair of its sources, so one rule judges a wire story told by
hundreds and an article told by one, whatever the size of the input. A community must then
hold together (see `_held_together`), or its sources stand alone; and communities whose mean
cosine reaches `JOIN` are pieces of one story told by hundreds of near-copies, and are joined
(see `_joined`).

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

from .neighbours import dense_links, pair_dots, strongest_links
from .sparse import Rows, distinct, fits_dense, gram

FLOOR = 0.08  # below this mean similarity, two branches are always separate stories
CEILING = 0.2  # above it, always one story
RELATIVE = 0.7  # in between, separate when below this share of the branches' own cohesion
ATTACH = 0.06  # a lone source at least this close to a bigger story joins it
FEW = 30  # up to this many sources, stories are the exact average-linkage tree cut by the rule above
SMALL = 8  # up to this many sources, stories are judged on all their words and phrases
# (measured on every mix of 1-3 and 1-2 of the project's own articles on three stories: 93% told
# apart, against 42% before; every 2-4 articles of one story kept whole, as before)
RESOLUTION = 0.07  # the weight of links per pair of sources that holds a story together
JOIN = 0.3  # communities this alike on average are pieces of one story (see `_joined`)
MARGIN = 0.3  # a story of p pairs of sources needs a mean cosine of RESOLUTION + MARGIN / sqrt(p)
LEIDEN_ROUNDS = 1  # passes of the Leiden algorithm (2 gave the same mean ARI over the pools, 0.919; 20% slower)
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
        # A small input's cosines come whole from numpy (importing scipy would cost more than the
        # grouping); a larger one's links through the candidate search.
        similarity = gram(matrix) if fits_dense(matrix) else None
        a, b, weight = strongest_links(matrix) if similarity is None else dense_links(similarity)
        labels = labels_of_links(matrix, similarity, a, b, weight)
    return by_label(labels)


def labels_of_links(matrix: Rows, similarity, a, b, weight) -> list[int]:
    """Story label per source of the TF-IDF vectors `matrix` (and their dense `similarity`, or
    None) from its strongest links (a, b, weight): the communities, held together and joined.
    A cluster runs it on one worker over the links its workers found (distributed_stories.py)."""
    labels = _communities(matrix.shape[0], a, b, weight)
    return _joined(matrix, similarity, _held_together(matrix, similarity, labels), a, b)


def by_label(labels: Sequence[int]) -> list[list[int]]:
    """Sources grouped by story label: biggest story first, each in input order."""
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
    counts, vocabulary = Rows.from_tokens(stems)
    idf, kept = idf_and_kept(counts.column_counts(), counts.shape[0], vocabulary, leave_out)
    return weighed(counts, idf[counts.indices], kept[counts.indices])


def idf_and_kept(df, n: int, vocabulary: dict[str, int], leave_out: frozenset[str]):
    """Each stem's inverse document frequency over `n` sources (`df`: how many hold it), and
    whether it is kept: held by two sources or more, and not in `leave_out`."""
    import numpy as np

    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    kept = df >= 2
    kept[[vocabulary[w] for w in leave_out if w in vocabulary]] = False
    return idf, kept


def weighed(counts: Rows, idf, kept) -> Rows:
    """`counts` as row-normalised TF-IDF vectors of the kept stems (`idf`, `kept`: of each stored
    value's stem). Each row's values depend on that row alone, so rows made apart (on a cluster's
    workers) are the rows made together."""
    import numpy as np

    weights = (1.0 + np.log(counts.data)) * idf
    return counts.with_data(weights).where(kept).normalized()


def _between(matrix: Rows, similarity, labels, first, second):
    """The sum of cosines over every ordered pair of sources, one in community first[k] and one
    in second[k] (each source with itself too where the two are one): from the dense
    `similarity` when there is one, else from each community's sum of (unit) vectors, whose dot
    product is that sum."""
    import numpy as np

    count = int(labels.max()) + 1
    if similarity is not None:
        cells = (labels[:, None] * count + labels[None, :]).ravel()
        block = np.bincount(cells, weights=np.asarray(similarity, dtype=np.float64).ravel(), minlength=count * count)
        return block[first * count + second]
    from scipy import sparse

    n = len(labels)
    members = sparse.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(count, n))
    return pair_dots((members @ matrix.to_scipy()).tocsr(), first, second)


def _held_together(matrix: Rows, similarity, labels: Sequence[int]) -> list[int]:
    """`labels` with every community that does not hold together broken into lone sources.

    A community holds when the mean cosine over its pairs of sources reaches `RESOLUTION` plus
    `MARGIN` over the square root of its number of pairs: the mean of many pairs varies little,
    the cosine of one pair much, so two unrelated articles that happen to share a few rare words
    (a cosine of 0.2 is common) are no story, while twenty-five on one subject with a mean of
    0.1 are. The mean comes from each community's sum of (unit) vectors: |sum|^2 counts every
    ordered pair once and every source once with itself."""
    import numpy as np

    labels = np.asarray(labels, dtype=np.int64)
    size = np.bincount(labels).astype(np.float64)
    every = np.arange(len(size))
    squares = _between(matrix, similarity, labels, every, every)
    own = np.bincount(matrix.row_ids(), weights=matrix.data * matrix.data, minlength=len(labels))  # 1, or 0
    norms = np.bincount(labels, weights=own, minlength=len(size))
    pairs = size * (size - 1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (squares - norms) / (2 * pairs)
        holds = (pairs == 0) | (mean >= RESOLUTION + MARGIN / np.sqrt(pairs))
    out = labels.copy()
    broken = ~holds[labels]
    out[broken] = len(size) + np.flatnonzero(broken)
    return [int(x) for x in out]


def _joined(matrix: Rows, similarity, labels: Sequence[int], a, b) -> list[int]:
    """`labels` with communities joined where the mean cosine between them reaches `JOIN`.

    Each source keeps only its strongest links, so a story told by hundreds of near-copies has
    too few links per pair to be one community, and comes out in pieces; the pieces of one story
    are far closer to each other (a mean of 0.5 and more) than two stories ever are. Communities
    of two or more sources linked at least once are compared on their sums of (unit) vectors, and
    those that reach `JOIN` are joined with all they reach, so the work follows the links."""
    import igraph
    import numpy as np

    labels = np.asarray(labels, dtype=np.int64)
    la, lb = labels[a], labels[b]
    apart = la != lb
    if not apart.any():
        return [int(x) for x in labels]
    size = np.bincount(labels).astype(np.float64)
    count = len(size)
    pairs = distinct(np.minimum(la[apart], lb[apart]) * count + np.maximum(la[apart], lb[apart]))
    first, second = np.divmod(pairs, count)
    pieces = (size[first] >= 2) & (size[second] >= 2)  # a lone source stays as `_held_together` left it
    first, second = first[pieces], second[pieces]
    close = _between(matrix, similarity, labels, first, second) / (size[first] * size[second]) >= JOIN
    joins = igraph.Graph(n=count, edges=np.column_stack([first[close], second[close]]).tolist())
    joined = np.asarray(joins.connected_components().membership)
    return [int(x) for x in joined[labels]]


def _communities(n: int, a, b, weight) -> list[int]:
    """Story label per source: the Leiden communities of the link graph under the constant
    Potts model at `RESOLUTION`, with the algorithm's random choices seeded."""
    import random

    import igraph
    import numpy as np

    graph = igraph.Graph(n=n)
    if len(a):
        graph.add_edges(np.column_stack([a, b]))  # from the array: twice as fast as from a list
    graph.es["weight"] = np.asarray(weight, dtype=np.float64)
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
    if title.isascii():  # the same test, at C speed: a letter, and none in lower case
        return title.isupper()
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def headline(
    titles: Sequence[str],
    stems: Sequence[Iterable[str]],
    lead: str,
    language: str = "english",
    cited: Sequence[str] = (),
) -> str:
    """A story's headline: of its sources' usable `titles`, the one whose words most of the
    story's sources share (`stems`: the content-word stems of each), a title in ordinary case
    before one in capitals; without titles, the start of `lead` (the story's best sentence).

    `cited`: the titles of the sources the brief quotes under the headline, taken before the
    others (after the case), so that the headline names what the sentences below it tell: in a
    story of a broad subject (a day's crime reports) the title most of its sources share can be
    another event's."""
    from collections import Counter
    from itertools import chain

    from .text import content_stems

    story = Counter(chain.from_iterable(map(set, stems)))  # how many sources hold each stem
    quoted = set(cited)
    best, best_key = "", (False, False, 0.0)
    for title in dict.fromkeys([*titles, *cited]):  # each title weighed once
        if not usable_title(title):
            continue
        own = set(content_stems(title, language))
        if not own:
            continue
        key = (not _shouts(title), title in quoted, sum(story[s] for s in own) / (1 + len(own)))
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
