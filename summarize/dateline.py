"""Datelines and agency slugs at the head of a paragraph: "CARACAS, Venezuela (AP) -- ...",
"PARIS _ ...", "BEIDAIHE (Hebei), March 5 (Xinhua) -- ...", "AUTISM-THERAPY (Undated) _ ...".

Wire copy opens a story, and often each file of it, with where and by whom it was filed. That
head is no part of the first sentence: the text after it is. A head is recognised by its
shape alone (a place in capitals, then an optional region, date and agency, then a dash), so
no list of places or agencies is needed.
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_HEAD = re.compile(
    r"""(?P<place>[A-Z][A-Z0-9.'’&\-]+(?:\ [A-Z][A-Z.'’&\-]*)*)     # PARIS, LAS VEGAS, AUTISM-THERAPY
        (?:\ ?\([^()]{1,30}\))?                                   # (Hebei), (Undated)
        (?:,\ [A-Z][\w.'’\-]*(?:\ [A-Z][\w.'’\-]*)*)?             # , Venezuela / , N.M.
        (?:,?\ """
    + _MONTH
    + r"""\ \d{1,2})?                                            # , March 5
        (?:\ ?\([A-Z][\w&.'’\- ]{0,30}\))?                         # (AP), (Xinhua)
        \ ?(?P<dash>--|—|–|_|-)\ +                                # the dash that ends the head
        (?=[A-Z0-9"“'‘`])                                        # and a sentence after it
    """,
    re.VERBOSE,
)
HEAD_CHARS = 100  # a head stands within a paragraph's first characters (bounded: all-caps text is slow)
MIN_WORDS_AFTER = 4  # what follows the head must be a sentence, not the rest of a heading


def strip_dateline(paragraph: str) -> str:
    """The paragraph without a dateline or agency slug at its head (the paragraph as it is
    when it has none). A plain '-' ends a head only after a bracket: 'ABC - the network said'
    is not one."""
    match = _HEAD.match(paragraph[:HEAD_CHARS])
    if not match or (match.group("dash") == "-" and "(" not in match.group()):
        return paragraph
    if len(match.group("place").replace(".", "")) < 2:
        return paragraph
    rest = paragraph[match.end() :]
    return rest if len(rest.split()) >= MIN_WORDS_AFTER else paragraph


def strip_datelines(paragraphs: list[str]) -> list[str]:
    """Every paragraph without its dateline head (see `strip_dateline`), a slug and a dateline
    one after the other ("CUBA-ELIAN _ MIAMI _ As ...") both."""
    return [strip_dateline(strip_dateline(p)) for p in paragraphs]
