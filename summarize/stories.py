"""Group sources into stories, so that a brief about several pieces of news gives each a section.

Articles about the same news share their words. Each source is a vector of its content-word
stems (counts damped to 1 + log, words no other source has left out, since they tell nothing
about which sources belong together), and sources are clustered by average linkage. The tree is
then cut from the top: two branches are separate stories when the mean similarity between them
is below `FLOOR`, or below `RELATIVE` times how alike each branch is inside (a broad topic and a
tight one are judged by their own spread), unless it is above `CEILING`. A story of one source
whose words are close enough to a bigger story (`ATTACH`) joins it. Stories come back biggest
first. With a few sources (`SMALL`), each is a vector of all its stems and pairs of consecutive
stems instead (see `_small_input_vectors`), and a lone source joins a story only when it is as
close to it as `FLOOR`.

On pairs of benchmark clusters pooled together these settings find the true clusters with a
mean adjusted Rand index of about 0.94 (see tests/test_stories.py for the check).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .sparse import Rows, gram

FLOOR = 0.08  # below this mean similarity, two branches are always separate stories
CEILING = 0.2  # above it, always one story
RELATIVE = 0.7  # in between, separate when below this share of the branches' own cohesion
ATTACH = 0.06  # a lone source at least this close to a bigger story joins it
SMALL = 8  # up to this many sources, stories are judged on all their words and phrases
# (measured on every mix of 1-3 and 1-2 of the project's own articles on three stories: 93% told
# apart, against 42% before; every 2-4 articles of one story kept whole, as before)
EXACT_LIMIT = 6000  # past this many sources (the dense similarity matrix would pass ~150 MB),
# sources are first split into parts by their strongest links (see `_in_parts`)


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
    else:
        matrix = _vectors(stems)
        labels = _exact(matrix) if n <= EXACT_LIMIT else _in_parts(matrix)
    stories: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        stories.setdefault(int(label), []).append(i)
    return sorted(stories.values(), key=lambda s: (-len(s), s[0]))


def _vectors(stems: Sequence[Sequence[str]]) -> Rows:
    """Row-normalised sparse vectors (sources x stems) of damped counts of shared stems."""
    import numpy as np

    counts, _ = Rows.from_tokens(stems)
    shared = counts.column_counts()[counts.indices] >= 2
    return counts.with_data(1.0 + np.log(counts.data)).where(shared).normalized()


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


LARGE_NEIGHBOURS = 30  # past EXACT_LIMIT, the strongest links each source keeps
STEP = 0.05  # how much stricter a link must be to split a part that is still too big
LINK_SHARE = 0.02  # past EXACT_LIMIT, links are found through words in at most this share of sources
LINK_MIN = 50  # (or this many)


def _in_parts(matrix: Rows) -> list[int]:
    """Story labels for more sources than the exact rule can hold: sources are split into the
    connected parts of the graph of their strongest links above `CEILING` (a part still over
    `EXACT_LIMIT` is split again with stricter links), and each part is grouped exactly."""
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    from .rank.lexrank import similarity_graph

    n = matrix.shape[0]
    # Links are found on the rarer words only (a word in more than LINK_SHARE of the sources
    # makes every pair a candidate and the product dense); without the common words a
    # similarity can only be lower, so a link kept is a link the full vectors would keep.
    rare = matrix.column_counts()[matrix.indices] <= max(LINK_MIN, LINK_SHARE * n)
    graph = similarity_graph(matrix.where(rare), threshold=CEILING, neighbours=LARGE_NEIGHBOURS)
    labels = np.zeros(n, dtype=np.int64)
    next_label = 0
    pending = [(np.arange(n), CEILING)]
    while pending:
        ids, threshold = pending.pop()
        if len(ids) <= EXACT_LIMIT or threshold > 1.0:
            for start in range(0, len(ids), EXACT_LIMIT):  # beyond a threshold of 1: input order
                part = ids[start : start + EXACT_LIMIT]
                found = np.asarray(_exact(matrix.take(part)))
                labels[part] = next_label + found
                next_label += int(found.max()) + 1
            continue
        links = graph[ids][:, ids].tocsr()
        links.data[links.data < threshold] = 0
        links.eliminate_zeros()
        count, part_of = connected_components(links, directed=False)
        for k in range(count):
            pending.append((ids[part_of == k], threshold + STEP))
    return [int(x) for x in labels]


def headline(titles: Sequence[str], stems: Sequence[Iterable[str]], lead: str, language: str = "english") -> str:
    """A story's headline: of its sources' `titles`, the one whose words most of the story's
    sources share (`stems`: the content-word stems of each); without titles, the start of
    `lead` (the story's best sentence)."""
    from collections import Counter

    from .text import content_stems

    story = Counter(s for source in stems for s in set(source))
    best, best_score = "", 0.0
    for title in titles:
        own = set(content_stems(title, language))
        if not own:
            continue
        score = sum(story[s] for s in own) / (1 + len(own))
        if score > best_score:
            best, best_score = title, score
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
