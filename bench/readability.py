"""Readability of digests, as a reader trips over it: long sentences, fragments, dateline
prefixes and openings that lean on a sentence the digest left out.

The measures are defined here, apart from the rules the pipeline applies (summarize.select,
summarize.dateline), so that they check those rules rather than repeat them:
- fragment: under 6 words, or no closing punctuation (. ! ? before any closing quotes);
- prefix: an all-capitals word opening the sentence, then within its first 60 characters a
  wire dash (" -- ", " _ ") or an agency in brackets ("(AP)", "(Xinhua)", "(Undated)" ...);
- dangling: the first word a pronoun or connective that refers back (He, His, They, But, And,
  However, This, These ...).
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


def dangles(sentence: str) -> bool:
    first = sentence.strip().lstrip("\"'“‘`([").split(maxsplit=1)
    return bool(first) and first[0].rstrip(",;:").lower() in BACK_REFERRING


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


def measure(digests: Sequence[Sequence[str]]) -> Readability:
    """The readability of many digests, each a list of its sentences."""
    sentences = [s for d in digests for s in d if s.strip()]
    lengths = [len(s.split()) for s in sentences] or [0]
    return Readability(
        sentences=len(sentences),
        mean_words=statistics.mean(lengths),
        max_words=max(lengths),
        fragments=sum(is_fragment(s) for s in sentences),
        prefixes=sum(has_prefix(s) for s in sentences),
        dangling=sum(dangles(s) for s in sentences),
    )
