"""Readability of digests, as a reader trips over it: long sentences, fragments, dateline
prefixes and openings that lean on a sentence the digest left out.

The measures are defined here, apart from the rules the pipeline applies (summarize.select,
summarize.dateline), so that they check those rules rather than repeat them:
- fragment: under 6 words, or no closing punctuation (. ! ? before any closing quotes);
- prefix: an all-capitals word opening the sentence, then within its first 60 characters a
  wire dash (" -- ", " _ ") or an agency in brackets ("(AP)", "(Xinhua)", "(Undated)" ...);
- dangling: the first word a pronoun or connective that refers back (He, His, They, But, And,
  However, This, These ...), unless the digest sentence before it is the sentence before it in
  one of the sources (word for word, or a near-copy: 80% of its words), so that it reads as
  there. Without the sources, every such opening dangles.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_WORDS = 6
_CLOSED = re.compile(r"""[.!?][\"'”’)\]]*$""")
_PREFIX = re.compile(r"""^[A-Z][A-Z0-9.'&-]+\b.{0,60}?(?: -- | _ | — |\((?:AP|AFP|UPI|Reuters|Xinhua|Undated)\))""")
BACK_REFERRING = frozenset(
    """he she it they him them his her its their this these those
    but and or so yet also however meanwhile moreover furthermore nevertheless nonetheless instead
    thus therefore hence besides otherwise still then likewise similarly consequently indeed such""".split()
)


def is_fragment(sentence: str) -> bool:
    return len(sentence.split()) < MIN_WORDS or not _CLOSED.search(sentence.strip())


def has_prefix(sentence: str) -> bool:
    return bool(_PREFIX.match(sentence.strip()))


def dangles(sentence: str, before: str | None = None, sources: Sequence[str] = ()) -> bool:
    """Whether `sentence` opens leaning on a sentence the digest left out: `before` is the digest
    sentence printed right before it, `sources` the texts of the digest's sources."""
    first = sentence.strip().lstrip("\"'“‘`([").split(maxsplit=1)
    leaning = bool(first) and first[0].rstrip(",;:").lower() in BACK_REFERRING
    return leaning and not (before and follows_in_source(before, sentence, sources))


def follows_in_source(before: str, sentence: str, sources: Sequence[str]) -> bool:
    """Whether, in one of `sources`, the words right before `sentence` are `before` (or a
    near-copy of it: 80% of its words among them)."""
    wanted = " ".join(sentence.split())
    words = before.split()
    for text in sources:
        flat = " ".join(text.split())
        at = flat.find(wanted)
        while at >= 0:
            tail = flat[:at].split()[-len(words) :]
            if tail == words or len(set(words) & set(tail)) >= 0.8 * len(set(words)):
                return True
            at = flat.find(wanted, at + 1)
    return False


@dataclass(frozen=True)
class Readability:
    sentences: int
    mean_words: float
    max_words: int
    fragments: int
    prefixes: int
    dangling: int

    def row(self, name: str) -> str:
        share = 100 * self.dangling / max(self.sentences, 1)
        return (
            f"{name:34s} {self.sentences:9d} {self.mean_words:10.1f} {self.max_words:9d} {self.fragments:9d} "
            f"{self.prefixes:8d} {self.dangling:5d} ({share:4.1f}%)"
        )


HEADER = (
    f"{'digests':34s} {'sentences':>9s} {'mean words':>10s} {'max words':>9s} {'fragments':>9s} "
    f"{'prefixes':>8s} {'dangling openings':>17s}"
)


def measure(digests: Sequence[Sequence[str]], sources: Sequence[Sequence[str]] | None = None) -> Readability:
    """The readability of many digests, each a list of its sentences; `sources[k]` are the texts
    digest k was made from (see `dangles`)."""
    digests = [[s for s in d if s.strip()] for d in digests]
    sources = sources or [()] * len(digests)
    sentences = [s for d in digests for s in d]
    lengths = [len(s.split()) for s in sentences] or [0]
    return Readability(
        sentences=len(sentences),
        mean_words=statistics.mean(lengths),
        max_words=max(lengths),
        fragments=sum(is_fragment(s) for s in sentences),
        prefixes=sum(has_prefix(s) for s in sentences),
        dangling=sum(
            dangles(s, d[k - 1] if k else None, texts)
            for d, texts in zip(digests, sources, strict=True)
            for k, s in enumerate(d)
        ),
    )
