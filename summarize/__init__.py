"""summarize: one short, attributed digest of many articles about the news of the day.

    >>> from summarize import sentences, summarize, Source
    >>> digest = summarize(["articles/"], length=5)
    >>> print(digest.to_text())
    >>> for item in sentences(["articles/"]):  # the cleaned text, as the digest pools it
    ...     print(item.source.path, len(item.sentences))

Importing this package is cheap: the heavy libraries load only when a digest is made.
"""

from .errors import CantWrite, NothingToSummarize, SummarizeError, UsageError
from .models import Digest, DigestSentence, Explanation, Extracted, Extraction, Skipped, Source, Story
from .pipeline import sentences, summarize
from .rank import ALGORITHMS, DEFAULT_ALGORITHM
from .state import State

__all__ = [
    "ALGORITHMS",
    "CantWrite",
    "DEFAULT_ALGORITHM",
    "Digest",
    "DigestSentence",
    "Explanation",
    "Extracted",
    "Extraction",
    "NothingToSummarize",
    "Skipped",
    "Source",
    "State",
    "Story",
    "SummarizeError",
    "UsageError",
    "sentences",
    "summarize",
]
__version__ = "0.1.0"
