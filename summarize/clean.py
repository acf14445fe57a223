"""Remove web junk from a plain-text source and find its title.

Saved pages carry navigation words, share buttons, bylines, datelines, captions, copyright
lines, tag lists, rating widgets, comment forms, author bios and "related" headlines. The
rules here judge each line by its shape (length, closing punctuation, separators) and its
position (a footer zone after the body), never by site-specific strings alone, and they
leave running text alone: a line that reads as prose stays. On a saved page, after the line
model, blocks are judged by the shape of their lines too: runs of headline-and-blurb teasers,
and threads of time-stamped comments.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

from .dateline import strip_datelines
from .models import Source, changed

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,500})?/?>")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$|[.!?]\s*\(\w[^()]*\)$""")

# Labels that mark page furniture whatever follows them.
_LABEL = re.compile(
    r"""^(?:
        (?:posted|published|updated|last\s+updated|first\s+published)\s+(?:on|at|:|by)
      | (?:tags?|tagged|filed\s+under|categories|category|topics)\b\s*:?
      | (?:image|photo|picture|photograph|video|caption|credit|citation|retrieved)\s*:
      | (?:source|sources|article)\s*:.{0,60}$
      | (?:user\s+rating|readers?'?\s+rating|rate\s+this|how\s+did\s+you\s+like)\b
      | (?:leave\s+a\s+(?:reply|comment)|your\s+email\s+address|required\s+fields)\b
      | (?:advertisement|sponsored|ad\s+feedback|back\s+to\s+top|skip\s+to)\b
      | by\s+(?-i:[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s*(?:[|,]|$)
      | (?:like|follow)\s+us\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Widgets: share buttons, follow prompts, "read more" links; junk unless they read as prose.
_WIDGET = re.compile(
    r"""^(?:
        (?:share|print|e-?mail|save|tweet|pin|comment|comments|reply|like|follow)\b
      | (?:related|read\s+more|learn\s+more|see\s+also|more\s+from|recommended|sign\s+up|subscribe)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# An author's one-line bio closing an article: "Jane Doe covers energy for the Gazette." A longer
# paragraph that opens so is the article ("Jane Doe writes: ..." introducing a reader's submission).
BIO_WORDS = 60
_BIO = re.compile(
    r"^(?:[A-Z][\w'.-]+\s+){1,3}(?:\([^)]*\)\s+)?(?:is\s+an?\b|covers\b|writes\b|reports\b|has\s+(?:covered|written|reported|worked)\b"
    r"|has\s+been\s+(?:living|working|writing|reporting|covering)\b)"
)
# An author's bio that opens with the writer's role on a newspaper or site, wherever it stands:
# "Jane Doe is a reporter for ...", "Matt Demers Matt Demers is a Toronto writer", "He is the former
# editor-in-chief of ...", "Jane Doe covers energy for the Gazette." Roles of the trade only: a professor
# or a contributor is as often the article's subject ("Japan is the largest contributor to the fund").
_BIO_NAME = r"(?:[A-Z][\w'.-]+\s+){1,3}"
_ROLE_BIO = re.compile(
    rf"^(?:{_BIO_NAME}(?:[-\u2013\u2014:]\s+)?)?{_BIO_NAME}(?:\([^)]*\)\s+)?is\s+(?:also\s+)?"
    r"(?:(?:an?|the)\s+|(?:[A-Z][\w.'-]*\s+){1,3})(?:[\w'-]+\s+){0,3}?"
    r"(?i:reporter|writer|editor|correspondent|columnist|blogger|journalist)s?\b"
    rf"|^{_BIO_NAME}(?:covers|writes\s+(?:about|on))\b.{{0,120}}\b(?:for|at)\s+(?:the\s+)?[A-Z]"
)
# What carries a bio on: "She also is the host of ...", "His latest book is ...".
_BIO_MORE = re.compile(r"^(?:He|She|His|Her|They|Their)\b")
BIO_MORE_UNITS = 3  # units at most that carry a bio on
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball\s+rights?\s+reserved\b|\bdo\s+not\s+reproduce\b"
    r"|\bsubject\s+to\s+copyright\b|\bwithout\s+(?:the\s+)?(?:written\s+)?permission\b",
    re.IGNORECASE,
)
# Headings that open a footer of teasers, bios or comments.
_FOOTER_HEADING = re.compile(
    r"^(?:related(?:\s+\w+){0,2}|editor'?s?'?\s+picks?|trending(?:\s+\w+)?|most\s+(?:popular|read|viewed)"
    r"|latest\s+(?:news|stories)|more\s+(?:news|stories|from\s+.*)|recommended(?:\s+\w+)?|you\s+may\s+also\s+like"
    r"|about(?:\s+the\s+author)?|about\s+\w+|sources?|references|comments?|leave\s+a\s+reply|readers'?\s+rating"
    r"|popular\s+(?:news|stories)|top\s+stories|in\s+case\s+you\s+missed\s+it|also\s+read|see\s+also)\s*:?$",
    re.IGNORECASE,
)
# A heading that opens reader comments, however it is worded: "270 Comments", "Top Rated Comments",
# "34 responses to ...", "[ 167 comments ]", "Comments (12)", "Join the discussion".
_COMMENTS_HEADING = re.compile(
    r"""^[\[(\s]*(?P<count>\d[\d,]*\s+)?
        (?:(?:top|most|best|highest|rated|latest|newest|oldest|recent|featured|all|show|view|read|post|add|leave
            |join|the|a|your|reader'?s?'?|user|community|facebook)\s+)*
        (?:comments?|responses?|replies|reactions?|discussion|conversation)
        (?(count)(?:\s+(?:to|on|about|for)\b.{0,80})?|)\s*(?:\(\d[\d,]*\)|\d[\d,]*)?[\])\s:]*$""",
    re.IGNORECASE | re.VERBOSE,
)
COMMENTS_HEADING_CHARS = 120  # a heading is short; a longer line that reads so is a sentence
COMMENTS_AFTER_WORDS = 60  # a comments heading ends the article once this much of it is told (a menu's
# "Comments" link above the article does not)
# Footer headings after which an article never resumes.
_END_HEADING = re.compile(
    r"^(?:sources?|references|about(?:\s+the\s+author)?|about\s+\w+|comments?|leave\s+a\s+reply|readers'?\s+rating)\s*:?$",
    re.IGNORECASE,
)
# A photo credit closing a caption: "(AP Photo/Luca Bruno)", "(NASA via AP, File)", "(Photo: Reuters)".
_CREDIT = re.compile(
    r"\((?:[\w.&' -]{0,40}\b(?:photo|photos|image|images|file\s+photo|pool)\b"
    r"|[^()]{0,40}\bvia\s+(?:AP|Reuters|AFP|Getty)\b)[^()]{0,60}\)\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\b(?:is|are|was|were)\s+(?:seen|pictured|shown)\b|\((?:photo|image|file photo|reuters|afp|ap|getty[^)]*)\)\s*$"
    r"|\b(?:photo|image|picture)\s*(?:by|credit)\b",
    re.IGNORECASE,
)
# Wire and syndication notices to editors: sales contacts, client notes, desk advisories, end marks.
_WIRE = re.compile(
    r"""\bto\s+(?:publish|purchase|buy|license|reprint)\s+this\s+\w+\s*,?\s+(?:it\s+must|you\s+must|contact|call|please)\b
      | \bmust\s+be\s+purchased\b
      | \bsyndicate\s+sales\b | \bsales\s+representative\b | \bnews\s+service\s+clients\b
      | \bfor\s+use\s+by\s+(?:\S+\s+){0,6}clients\b | ^attention\s+(?:news\s+)?editors\b
      | \b(?:plans|will)\s+to\s+move\s+the\s+following\s+(?:stories|photos)\b
      | \bthe\s+following\s+(?:photos|stories)\s+are\s+part\s+of\b""",
    re.IGNORECASE | re.VERBOSE,
)
# A word each of the notices `_WIRE` finds holds (see `_may_be_wire_notice`).
_WIRE_HINTS = (
    "publish", "purchase", "buy", "license", "reprint", "syndicate", "sales", "clients", "attention", "following"
)  # fmt: skip
_WIRE_MARK = re.compile(r"^\(?(?:MORE|END|ENDIT|-+\s*0\s*-+|-30-|a)\)?$")
WIRE_NOTICE_WORDS = 100  # a notice is a line of its own; a longer line is an article that mentions one
_NOTICE = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:\(c\)\s*)?\d{4}|\ball\s+rights?\s+reserved\b", re.IGNORECASE)
# A publisher's notice on the use of its copy: "This copy is for your personal, non-commercial use only.",
# "To order presentation-ready copies ... use the Order Reprints tool", "... governed by our Subscriber Agreement".
_USE_NOTICE = re.compile(
    r"\bfor\s+(?:your\s+)?personal,?\s+non-?commercial\s+use\b|\border\s+(?:\S+\s+){0,2}(?:copies|reprints)\b"
    r"|\bsubscriber\s+agreement\b|\bthis\s+(?:article|story|copy)\s+was\s+printed\s+from\b",
    re.IGNORECASE,
)
_COPYRIGHT_HINTS = ("©", "(c)", "copyright", "rights", "reproduce", "permission")
_CAPTION_HINTS = (" seen", "pictured", "shown", "photo", "image", "picture", "reuters", "afp", "(ap)", "getty")


def _any_of(hints: tuple[str, ...]) -> re.Pattern:
    """One search for any of `hints` in a lower-cased line: what `any(h in lower for h in hints)`
    says, in one pass in C rather than a generator step a hint (a fifth of the cost of cleaning
    a one-line record)."""
    return re.compile("|".join(map(re.escape, hints)))


_WIRE_HINT = _any_of(_WIRE_HINTS)
_COPYRIGHT_HINT = _any_of(_COPYRIGHT_HINTS)
_CAPTION_HINT = _any_of(_CAPTION_HINTS)
_DATE_END = re.compile(
    r"\b(?:\d{1,2},?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}$"
    r"|\b\d{4}$",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^[\w\s,./:|-]{0,20}\b(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})\b[\w\s,.:|-]{0,30}$",
    re.IGNORECASE,
)
# "PINE RIDGE, S.D. (AP) --", "BEIJING (Reuters) -", "PORT WRENLEY, March 3 (Wire) -"
_DATELINE = re.compile(
    r"""^(?:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+)*,?(?:\s+[A-Z][a-zA-Z.]+\.?)*(?:,?\s+\w+\.?\s+\d{1,2})?\s*
        (?:\([A-Za-z][\w\s&.'-]{0,40}\))?\s*(?:--|—|–|-|_|:)\s+)""",
    re.VERBOSE,
)
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)  # a bare web address: a link, not a sentence

ITEM_WORDS = 4  # a list item or table cell of fewer words is a label, not something a brief could quote
MIN_PROSE_WORDS = 8  # a line without closing punctuation needs this many words to be prose
DATELINE_CHARS = 120  # a dateline ("PINE RIDGE, S.D. (AP) --") stands within a line's first characters
LONG_LINE_WORDS = 60  # a copyright line longer than this is an article on one line: only its notice goes


def _normalise(text: str) -> str:
    return "\n".join(line for _, line in _indented_lines(text))


def _indented_lines(text: str) -> list[tuple[int, str]]:
    """Every line of `text` as (indentation, text): markup and invisible characters removed,
    entities decoded, runs of spaces made one; blank lines as (0, "")."""
    text = html.unescape(_TAG.sub("", text)) if "<" in text or "&" in text else text
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    out = []
    for raw in text.split("\n"):
        # An ASCII line without a run of spaces (tabs are spaces by now) has nothing to make one.
        line = (raw if raw.isascii() and "  " not in raw else _SPACE.sub(" ", raw)).strip()
        out.append((len(raw) - len(raw.lstrip(" \u00a0\u3000")) if line else 0, line))
    return out


def page_lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of a page as (indentation, text): what the line model judges."""
    return [item for item in _indented_lines(text) if item[1]]


@lru_cache(maxsize=4096)
def _word_count(line: str) -> int:
    return len(_WORDS.findall(line))


@lru_cache(maxsize=4096)
def _closes(line: str) -> bool:
    """Whether `line` closes like a sentence (`_TERMINAL`): remembered, as `_word_count` is, since
    the rules ask it of each line several times (prose? a caption? carried on? a heading?)."""
    return bool(_TERMINAL.search(line))


def _is_title_case(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha()]
    long_words = [w for w in words if len(w) > 3]
    if not long_words:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.75


def _is_furniture(line: str) -> bool:
    """Widgets, separators, metadata and copyright lines."""
    if _word_count(line) == 0:
        return True  # punctuation or symbols only: "-", "|", "0"
    if line.count("|") >= 2 or (line.count("|") == 1 and _word_count(line) <= 12):
        return True  # navigation bars and "Author | Date | Site" bylines
    if _word_count(line) <= LONG_LINE_WORDS and _has_copyright(line):
        return True
    if _LABEL.match(line):
        return True
    if _WIRE_MARK.match(line) or (
        _word_count(line) <= WIRE_NOTICE_WORDS
        and ((_may_be_wire_notice(line) and _WIRE.search(line)) or _USE_NOTICE.search(line))
    ):
        return True
    if _WIDGET.match(line) and not (_closes(line) and _word_count(line) >= 5):
        return True
    if _DATE_ONLY.match(line) or _ADDRESS.match(line):
        return True
    if _word_count(line) < 4 and not line.isascii():
        letters = [c for c in line if c.isalpha()]
        if letters and sum(c.isascii() for c in letters) < 0.5 * len(letters):
            return True  # a stray label in another script, e.g. a site name
    return False


def _may_be_wire_notice(line: str) -> bool:
    """Whether `line` holds a word that every wire notice `_WIRE` finds has: a quick test before
    that search, which scans every position of the line for each of its forms and cost more than
    all the other rules together. Exact for ASCII text, where matching regardless of case is
    lower-casing; any other line goes to the search."""
    if not line.isascii():
        return True
    return bool(_WIRE_HINT.search(line.lower()))


def _has_copyright(text: str) -> bool:
    return bool(_COPYRIGHT_HINT.search(text.lower())) and bool(_COPYRIGHT.search(text))


def _without_notices(line: str) -> str:
    """A long line (a whole article on one line) with its copyright notices cut out: sentences
    shaped like one ("COPYRIGHT 1998 BY ...", "(c) 2026 ...", "All rights reserved"), not ones
    that merely speak of copyright."""
    if _word_count(line) <= LONG_LINE_WORDS or not _has_copyright(line):
        return line
    from .text import split_sentences

    kept = [s for s in split_sentences(line) if not _NOTICE.search(s)]
    return " ".join(kept) if kept else _REMOVED


def _is_caption(line: str) -> bool:
    """A photo caption: a descriptive line that does not close like a sentence, or one text said
    twice on a line (a picture's alternative text, then its caption)."""
    if _says_twice(line):
        return True
    if _closes(line):
        return line.endswith(")") and bool(_CREDIT.search(line[-80:]))
    return bool((_CAPTION_HINT.search(line.lower()) and _CAPTION.search(line)) or _DATE_END.search(line[-40:]))


DOUBLED_CHARS = 40  # a text said twice on one line is a caption when each half is this long


def _says_twice(line: str) -> bool:
    """Whether `line` is one text that closes like a sentence said twice ("A supporter listens.
    A supporter listens."); a run of words repeated without a full stop is left to the length rules."""
    half = len(line) // 2
    if half < DOUBLED_CHARS or line.find(line[:12], half - 2, half + 16) < 0:
        return False
    return any(
        line[:cut].strip() == line[cut:].strip() and _closes(line[:cut].strip())
        for cut in range(half - 2, min(len(line), half + 3))
    )


def _is_prose(line: str) -> bool:
    """Running text: closes like a sentence and has a few words, or is long."""
    n = _word_count(line)
    return (_closes(line) and n >= 3) or n >= 3 * MIN_PROSE_WORDS


def _continues(line: str, nxt: str, first: bool) -> bool:
    """Whether `nxt` carries on the sentence that `line` leaves open."""
    if _closes(line) or line.endswith(":"):
        return False
    if nxt[:1].islower():
        return True
    return (
        not first
        and _word_count(line) >= MIN_PROSE_WORDS
        and line[:1].isupper()
        and not _is_title_case(line)
        and _closes(nxt)
    )


def _strip_dateline(line: str) -> str:
    match = _DATELINE.match(line[:DATELINE_CHARS])  # bounded: all-caps text would make it slow
    if match and _word_count(line[match.end() :]) >= 5 and line[match.end() :][:1].isupper():
        head = line[: match.end()]
        if re.search(r"\(|--|—|–| - | _ ", head) and not head.rstrip(" -—–:").endswith(
            tuple("abcdefghijklmnopqrstuvwxyz")
        ):
            return line[match.end() :]
    return line


_REMOVED = "\x00"  # where a junk line stood: a sentence is never joined across it


def _drop_junk(lines: list[tuple[int, str]]) -> list[str]:
    """Lines the line model does not take for article marked removed, and among the rest,
    furniture and captions; blank lines kept as paragraph breaks. Runs of teasers go (see
    `_teaser_lines`), and a thread of entries stamped with a time or a date ends the article."""
    from .line_model import active_model, article_probabilities

    model = active_model()
    filled = [i for i, (_, line) in enumerate(lines) if line]
    probabilities = article_probabilities([lines[i] for i in filled], model)
    out = [line for _, line in lines]
    for i, p in zip(filled, probabilities, strict=True):
        if p < model.threshold and not _is_comments_heading(out[i]):  # headings stay: the body ends at one
            out[i] = _REMOVED
    texts = [lines[i][1] for i in filled]
    for at in [*_teaser_lines([lines[i] for i in filled]), *_page_notices(texts)]:
        out[filled[at]] = _REMOVED
    thread = _thread_start(texts, [out[i] != _REMOVED for i in filled])
    if thread is not None:
        out[filled[thread] :] = [_REMOVED] * (len(out) - filled[thread])
    return [line if line in ("", _REMOVED) else _drop_furniture([line])[0] for line in out]


NOTICE_WORDS = 15  # a page's own notice is a short sentence; a longer line said twice is a pull quote


def _page_notices(lines: list[str]) -> list[int]:
    """Where a page's own notices stand among its non-blank `lines`: a short line that closes
    like a sentence and stands twice or more on the page ("Please check your inbox for a
    confirmation email.", a sign-up prompt above and below the article). A page says its
    article once; what it says again around it is its furniture, as a line the sources of one
    brief share is theirs."""
    keys = [
        " ".join(line.lower().split()) if 3 <= _word_count(line) <= NOTICE_WORDS and _closes(line) else ""
        for line in lines
    ]
    counts = Counter(keys)
    return [i for i, key in enumerate(keys) if key and counts[key] > 1]


_BULLETS = tuple("•□☆★▪◦·*‣○●■")
TEASER_HEAD_WORDS = 10  # a teaser's headline, a list item of this many words at most (a headline's length)
TEASER_BODY_LINES = 3  # lines of blurb under it at most (a slide's text)
TEASER_ENTRIES = 4  # teasers in a row that make a run


def _teaser_lines(lines: list[tuple[int, str]]) -> list[int]:
    """Where runs of teasers stand among the non-blank (indent, text) `lines`: TEASER_ENTRIES or
    more in a row, each a list item of a few words (a headline) followed by one to
    TEASER_BODY_LINES lines of prose at one indent and nothing else (its blurb), as slideshows
    and "more stories" lists are laid out. An
    article's own lists are items alone or paragraphs alone; a run of headline-and-blurb entries
    is the shape of a page of links."""
    entries: list[tuple[int, int]] = []  # (headline, the line after its blurb)
    for i, (_, line) in enumerate(lines):
        if line.startswith(_BULLETS) and _word_count(line) <= TEASER_HEAD_WORDS:
            end = i + 1
            while (
                end < len(lines)
                and end - i <= TEASER_BODY_LINES
                and lines[end][0] == lines[i + 1][0]
                and _is_blurb(lines[end][1])
            ):
                end += 1
            if end > i + 1:
                entries.append((i, end))
    found: list[int] = []
    run: list[tuple[int, int]] = []
    for entry in [*entries, (-1, -1)]:
        if run and entry[0] != run[-1][1]:  # the entry does not follow the one before straight away
            if len(run) >= TEASER_ENTRIES:
                found += range(run[0][0], run[-1][1])
            run = []
        run.append(entry)
    return found


def _is_blurb(line: str) -> bool:
    """A line of prose that is not a list item: what stands under a teaser's headline."""
    return _is_prose(line) and not line.startswith(_BULLETS)


# A stamp on a comment or a teaser: a clock time, "2 hours ago", a date ("Jul 24, 2012", "24 July 2012", "7/24/12").
_STAMP = re.compile(
    r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\b\.?)?(?!\w)|\b\d+\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:yesterday|today)\s+at\b",
    re.IGNORECASE,
)
STAMP_WORDS = 16  # a stamp line is short: a name and a time; a longer line with a date is a sentence
THREAD_ENTRIES = 3  # stamped entries with a body that make a thread
THREAD_GAP = 12  # lines at most from one entry's stamp to the next


_DIGIT = re.compile(r"\d")


def _may_be_stamp(line: str) -> bool:
    """Whether `line` may be a stamp line: with a digit or a "yesterday at"/"today at" in it,
    short, open: quick tests before `_STAMP`'s search, which would cost more than the rest of the thread's
    reading on every line of a page."""
    if not (_DIGIT.search(line) or "day at" in line):
        return False
    return _word_count(line) <= STAMP_WORDS and not _closes(line)


def _entry_shape(line: str) -> int:
    """A line's part in a comment entry, coarsely: 0 prose, 1 a label of a word or three, 2 another line."""
    return 0 if _is_prose(line) else 1 if _word_count(line) < ITEM_WORDS else 2


def _thread_start(lines: list[str], kept_by_model: list[bool]) -> int | None:
    """Where a thread of comments begins among the non-blank `lines` (`kept_by_model`: the line
    model's reading of each), or None: a run of short lines stamped with a time or a date ("#1 -
    Tue Jul 24, 2012 10:14 AM EDT", "by reader (1234) on Monday July 23, @08:52PM"), each at most
    THREAD_GAP lines after the one before, with prose between THREAD_ENTRIES of them or more
    (entries with bodies, where a list of dated teasers has none), once COMMENTS_AFTER_WORDS
    words of prose the model kept are told (as for a comments heading)."""
    stamps = [i for i, line in enumerate(lines) if _may_be_stamp(line) and _STAMP.search(line[:200])]
    runs: list[list[int]] = []
    for stamp in stamps:
        if runs and stamp - runs[-1][-1] <= THREAD_GAP:
            runs[-1].append(stamp)
        else:
            runs.append([stamp])
    for run in runs:
        bodies = sum(any(_is_prose(lines[i]) for i in range(a + 1, b)) for a, b in zip(run, run[1:], strict=False))
        if bodies >= THREAD_ENTRIES - 1:
            start = _entry_start(lines, run[0], run[1])
            told = sum(
                _word_count(line)
                for line, keep in zip(lines[:start], kept_by_model, strict=False)
                if keep and _is_prose(line)
            )
            if told >= COMMENTS_AFTER_WORDS:
                return start
    return None


def _entry_start(lines: list[str], first: int, second: int) -> int:
    """Where the entry stamped at `first` begins: as far back as the lines before it have the
    shapes of those before the next stamp, at `second` (a name or a body often comes first)."""
    start = first
    while start > 0 and second - (first - start + 1) > first:
        if _entry_shape(lines[start - 1]) != _entry_shape(lines[second - (first - start + 1)]):
            break
        start -= 1
    return start


def _table_cells(lines: list[str]) -> list[str]:
    """Lines of an extractor's table ("| cell | cell |") as one line a cell, so an article in one
    cell is read like any paragraph."""
    out: list[str] = []
    for line in lines:
        if line.startswith("|") or line.endswith("|") or " | " in line:
            out.append(_REMOVED)  # nor a row to what stands before it
            for cell in line.strip("|").split(" | "):
                if cell.strip("| "):
                    out += [cell.strip(), _REMOVED]  # a cell is never joined to the next
        else:
            out.append(line)
    return out


def _drop_furniture(lines: list[str]) -> list[str]:
    """Lines with furniture and captions marked removed; blank lines kept as paragraph breaks."""
    return [
        _without_notices(line)
        if not line or _FOOTER_HEADING.match(line) or not (_is_furniture(line) or _is_caption(line))
        else _REMOVED
        for line in lines
    ]


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Non-blank units, a line that carries on an open sentence joined to it (across up to
    three blank lines). Before any prose, a line is a headline and never carries on."""
    units: list[str] = []
    seen_prose = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line or line == _REMOVED:
            continue
        while True:
            j = i
            while j < len(lines) and not lines[j] and j - i < 3:
                j += 1
            if j < len(lines) and lines[j] not in ("", _REMOVED) and _continues(line, lines[j], first=not seen_prose):
                line = f"{line} {lines[j]}"
                i = j + 1
            else:
                break
        units.append(line)
        seen_prose = seen_prose or _is_prose(line)
    return units


def _is_comments_heading(line: str) -> bool:
    """A heading that opens comments and says so with a count or a qualifier ("270 Comments",
    "Top Rated Comments"); a bare "Comments" is as often a link in a share bar inside the article,
    and is left to the footer rules."""
    if len(line) > COMMENTS_HEADING_CHARS or _closes(line) or _word_count(line) < 2:
        return False
    return bool(_COMMENTS_HEADING.match(line))


# Words of a date or time: a unit made mostly of them ("Updated July 24, 2012, 9:16 a.m. ET") is
# when the page was written, not what it is about.
_DATE_WORD = re.compile(
    r"\d|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?$"
    r"|^(?:updated|posted|published|last|am|pm|a\.m\.|p\.m\.|et|gmt|edt|est|pt|bst),?$",
    re.IGNORECASE,
)
LEAD_PARAGRAPHS = 3  # a headline tells what the first paragraphs tell


def _headline_shaped(unit: str) -> bool:
    """Whether a unit before the prose may be the page's headline: 4 to 20 words, not an item of
    a list or a form's field (a text dump's bullets and brackets), not mostly a date and time."""
    if not 4 <= _word_count(unit) <= 20 or unit.startswith(_BULLETS) or unit.startswith("["):
        return False
    tokens = unit.split()
    return 2 * sum(bool(_DATE_WORD.search(t)) for t in tokens) < len(tokens)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text) if len(w) > 3}


def _headline(candidates: list[str], body: list[str]) -> str:
    """The page's headline among the headline-shaped `candidates` before its prose: the one that
    shares the most of its words with the article's first paragraphs (menus, section names and
    site names share none), at least two; else the first candidate. On the 300 cleaning-dev pages,
    the title is one of the article's first three lines for 196 pages (the first candidate: 168)."""
    if not candidates:
        return ""  # nothing to choose among: the first paragraphs' words are not needed
    lead = set().union(*map(_content_words, body[:LEAD_PARAGRAPHS])) if body else set()
    best, best_share = "", 0.0
    for candidate in candidates:
        own = _content_words(candidate)
        shared = len(own & lead)
        if shared >= 2 and shared / (1 + len(own)) > best_share:
            best, best_share = candidate, shared / (1 + len(own))
    return best or (candidates[0] if candidates else "")


def _is_role_bio(unit: str) -> bool:
    """Whether `unit` is an author's bio opening with the writer's role (`_ROLE_BIO`), wherever it
    stands: above the article (an author box), between its last paragraphs or closing it."""
    return _word_count(unit) <= BIO_WORDS and bool(_ROLE_BIO.match(unit))


def _is_open_sentence(units: list[str], at: int) -> bool:
    """Whether the unit `at` is a sentence left open (a paragraph the saver cut, a lead-in
    without its colon) standing between two units of prose: several words, not a headline's
    capitals, opening as a sentence does."""
    unit = units[at]
    return (
        0 < at < len(units) - 1
        and _word_count(unit) >= MIN_PROSE_WORDS
        and unit[:1].isupper()
        and not _is_title_case(unit)
        and _is_prose(units[at - 1])
        and _is_prose(units[at + 1])
    )


def _title_and_body(units: list[str], open_prose: bool = False) -> tuple[str, list[str]]:
    """The headline among the units before the prose (`_headline`), and the prose paragraphs: repeats
    dropped, the dateline taken off the first, and everything after a footer heading that
    comes once most of the text is told (teasers, bios, comments) left out. With `open_prose`
    (the line model's reading of a saved page), a sentence left open between two paragraphs of
    prose is prose too (see `_is_open_sentence`)."""
    reads_as_prose = [_is_prose(unit) for unit in units]
    total_prose = sum(_word_count(u) for u, is_prose in zip(units, reads_as_prose, strict=True) if is_prose)
    body: list[str] = []
    seen: set[str] = set()
    prose_so_far = 0
    in_footer = False
    candidates: list[str] = []  # headline-shaped units before the prose
    bio_more = 0  # units after a bio that may carry it on
    prose = [is_prose or (open_prose and _is_open_sentence(units, i)) for i, is_prose in enumerate(reads_as_prose)]
    for unit, is_prose in zip(units, prose, strict=True):
        if prose_so_far >= COMMENTS_AFTER_WORDS and _is_comments_heading(unit):
            break  # reader comments: the article never resumes after them
        if _FOOTER_HEADING.match(unit):
            if body and (prose_so_far >= 0.5 * total_prose or (len(body) >= 3 and _END_HEADING.match(unit))):
                break
            in_footer = True
            continue
        if is_prose:
            if in_footer and _word_count(unit) < 3 * MIN_PROSE_WORDS:
                continue  # a teaser headline inside a block of links
            in_footer = False
            if _is_role_bio(unit) or (bio_more and _BIO_MORE.match(unit)):
                bio_more = bio_more - 1 if bio_more else BIO_MORE_UNITS
                continue
            bio_more = 0
            key = " ".join(unit.lower().split())
            if key in seen:
                continue  # a paragraph the page repeats
            seen.add(key)
            body.append(_strip_dateline(unit) if not body else unit)
            prose_so_far += _word_count(unit)
        elif not body and _headline_shaped(unit):
            candidates.append(unit)
    title = _headline(candidates, body)
    while len(body) > 1 and _BIO.match(body[-1]) and _word_count(body[-1]) <= BIO_WORDS:
        body.pop()  # an author's bio closing the article
    return title, body


MISSED_WORDS = 50  # the model keeping fewer words than this, where the rules keep more, has missed the article
PAGE_LINES = 30  # a text of fewer lines is an article, not a saved page: the shape rules suffice
PAGE_FURNITURE_SHARE = 0.5  # nor is one whose lines are mostly prose (on cleaning-dev, every page has 56% or more
# lines that are not prose; the DUC news articles of 30 lines or more at most 53%, all but one under 43%)


def clean_lines(text: str) -> tuple[str, list[str]]:
    """Split raw text into (title, body paragraphs): junk removed, broken sentences joined.

    On a saved page (see `_is_saved_page`) the line model judges the lines; should it keep
    under MISSED_WORDS words where the shape rules alone keep more, it has missed the article
    (a layout unlike any it was fitted on), and the rules' reading is used: no page loses its
    article to the model."""
    lines = _indented_lines(text)
    if not _is_saved_page([line for _, line in lines if line]):
        return _by_rules(lines)
    judged = _drop_junk(lines)
    title, body = _title_and_body(_join_broken_lines(judged), open_prose=True)
    kept = sum(map(_word_count, body))
    if kept < MISSED_WORDS:
        by_rules = _by_rules(lines)
        if sum(map(_word_count, by_rules[1])) > kept:
            return by_rules
    if not title:  # the headline the model left out: the rules' one, read from the lines up to the body
        first = next((i for i, line in enumerate(judged) if line not in ("", _REMOVED) and _is_prose(line)), len(lines))
        title = _by_rules(lines[: first + 1])[0]
    return title, body


def _is_saved_page(lines: list[str]) -> bool:
    """Whether non-blank `lines` read as a whole saved web page rather than an article: many
    lines, half of them or more not prose (menus, buttons, headings, forms). An article saved
    alone, or a wire story, is mostly paragraphs of prose."""
    return len(lines) >= PAGE_LINES and sum(not _is_prose(line) for line in lines) >= PAGE_FURNITURE_SHARE * len(lines)


def _by_rules(lines: list[tuple[int, str]]) -> tuple[str, list[str]]:
    """(title, body) by the shape rules alone."""
    return _title_and_body(_join_broken_lines(_drop_furniture([line for _, line in lines])))


def extracted_lines(text: str, title: str = "") -> tuple[str, list[str]]:
    """(title, body paragraphs) of text an HTML extractor has already taken from its page: its
    tables read a cell a line, broken sentences joined, and little else taken away (the
    extractor has judged the page, with more to go on than the text): labels of a word or
    three and furniture lines, and the page's `title` standing as a line of its own (it is the
    source's title, not a sentence of its article)."""
    lines = _table_cells(_normalise(text).split("\n"))
    units = _join_broken_lines([_extracted_line(line) for line in lines])
    key = " ".join(title.lower().split())
    return "", [u for u in units if _reads_on(u) and " ".join(u.lower().split()) != key]


def _extracted_line(line: str) -> str:
    """A line of an extractor's text as the joiner takes it: blank when it has no words, removed
    when it is a publisher's notice (never joined to the article line after it)."""
    if line == _REMOVED or not _word_count(line):
        return line if line == _REMOVED else ""
    return _REMOVED if _word_count(line) <= WIRE_NOTICE_WORDS and _USE_NOTICE.search(line) else line


def _reads_on(unit: str) -> bool:
    """Whether a unit of an extractor's text is worth a sentence: prose, or a list item or table
    cell of a few words that is not furniture ("Home > News" is a trail, not a sentence)."""
    return _is_prose(unit) or (_word_count(unit) >= ITEM_WORDS and not _is_furniture(unit))


# The wire services' typewriter dash, an underscore between spaces ("the opposition _ claiming
# fraud _ said"), read as the dash it stands for.
_WIRE_DASH = re.compile(r"(?<=\S) _ (?=\S)")


def path_stem(path: str) -> str:
    """What `PurePath(path).stem` says ("" for `-`, stdin): a file's name without its suffix,
    read off the string, since building a path object for each of 500,000 records took a tenth
    of their cleaning ("items.json#2" is "items")."""
    if not path or path == "-":
        return ""
    name = path.rpartition("/")[2]
    if not name or name == ".":  # "a/", "a/.", "/": the path's parts say which name is last
        from pathlib import PurePath

        return PurePath(path).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def clean(source: Source) -> Source:
    """The source with its text cleaned (paragraphs separated by blank lines) and a title found."""
    title, body = extracted_lines(source.text, source.title) if source.extracted else clean_lines(source.text)
    if not source.title:
        title = title or path_stem(source.path)
    else:
        title = source.title
    body = [_WIRE_DASH.sub(" \u2014 ", paragraph) for paragraph in strip_datelines(body)]
    return changed(source, text="\n\n".join(body), title=title)
