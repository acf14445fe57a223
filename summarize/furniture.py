"""Site furniture across sources: the lines several pages of one site end with.

Cleaning judges one page at a time, and some of what a site prints under every article reads
like prose ("Comments may be no longer than 2000 characters ...", "Visit the Star-Telegram's
online services on the World Wide Web", a syndicate's sales contacts). Only the pool shows it
for what it is: the same sentences closing several articles that have nothing else in common.

News repeats itself too, so the test is narrow. Each source's *tail* is its last run of
sentences that other sources also carry; its *body* is what comes before. A collapsed sentence
is furniture when at least `MIN_ARTICLES` sources carry it in their tails, each with a body of
its own, and no two of those bodies share a sentence. Wire copies and re-filed versions of one
story share their bodies (or have none: every sentence is carried elsewhere), so their common
background paragraphs stay; a quote several outlets carry stands inside their bodies, so it
stays too. On the DUC 2004, 2006 and 2007 documents (about 2,500 articles pooled by benchmark)
the rule finds only syndication notices and sales contacts.

Written here rather than taken from a library: it needs the collapsed groups and each source's
order of sentences, which only this pipeline has.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from .models import Group

MIN_ARTICLES = 3  # "several": two articles may end alike by chance or by a shared source


def furniture(groups: Sequence[Group]) -> set[int]:
    """Indices of the groups that are site furniture (see the module's docstring)."""
    carriers = [frozenset(m.source_id for m in g.members) for g in groups]
    order: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, group in enumerate(groups):
        for member in group.members:
            order[member.source_id].append((member.index, k))
    tails: dict[int, set[int]] = {}
    bodies: dict[int, set[int]] = {}
    for source, placed in order.items():
        ks = [k for _, k in sorted(placed)]
        start = len(ks)
        while start > 0 and len(carriers[ks[start - 1]]) >= 2:
            start -= 1
        tails[source] = set(ks[start:])
        bodies[source] = set(ks[:start])
    found = set()
    for k, sources in enumerate(carriers):
        if len(sources) < MIN_ARTICLES or not all(k in tails[s] for s in sources):
            continue
        articles = [s for s in sources if bodies[s]]
        if len(articles) < MIN_ARTICLES:
            continue
        seen = Counter(h for s in articles for h in bodies[s])
        if all(n == 1 for n in seen.values()):
            found.add(k)
    return found


def without_furniture(groups: list[Group]) -> list[Group]:
    """`groups` less the site furniture, in order."""
    dropped = furniture(groups)
    return [g for k, g in enumerate(groups) if k not in dropped] if dropped else groups
