"""Remove web junk from a plain-text source and find its title.

Saved pages carry navigation words, share buttons, bylines, datelines, captions, copyright
lines, tag lists, rating widgets, comment forms, author bios and "related" headlines. The
rules here judge each line by its shape (length, closing punctuation, separators) and its
position (a footer zone after the body), never by site-specific strings alone, and they
leave running text alone: a line that reads as prose stays.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePath

from .dateline import strip_datelines
from .models import Source

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
# An author's one-line bio closing an article: "Jane Doe covers energy for the Gazette."
_BIO = re.compile(
    r"^(?:[A-Z][\w'.-]+\s+){1,3}(?:\([^)]*\)\s+)?(?:is\s+an?\b|covers\b|writes\b|reports\b|has\s+(?:covered|written|reported|worked)\b"
    r"|has\s+been\s+(?:living|working|writing|reporting|covering)\b)"
)
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
# Footer headings after which an article never resumes.
_END_HEADING = re.compile(
    r"^(?:sources?|references|about(?:\s+the\s+author)?|about\s+\w+|comments?|leave\s+a\s+reply|readers'?\s+rating)\s*:?$",
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
_WIRE_MARK = re.compile(r"^\(?(?:MORE|END|ENDIT|-+\s*0\s*-+|-30-|a)\)?$")
WIRE_NOTICE_WORDS = 100  # a notice is a line of its own; a longer line is an article that mentions one
_NOTICE = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:\(c\)\s*)?\d{4}|\ball\s+rights?\s+reserved\b", re.IGNORECASE)
_COPYRIGHT_HINTS = ("©", "(c)", "copyright", "rights", "reproduce", "permission")
_CAPTION_HINTS = (" seen", "pictured", "shown", "photo", "image", "picture", "reuters", "afp", "(ap)", "getty")
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

MIN_PROSE_WORDS = 8  # a line without closing punctuation needs this many words to be prose
DATELINE_CHARS = 120  # a dateline ("PINE RIDGE, S.D. (AP) --") stands within a line's first characters
LONG_LINE_WORDS = 60  # a copyright line longer than this is an article on one line: only its notice goes


def _normalise(text: str) -> str:
    text = html.unescape(_TAG.sub("", text)) if "<" in text or "&" in text else text
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n"))


@lru_cache(maxsize=4096)
def _word_count(line: str) -> int:
    return len(_WORDS.findall(line))


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
    if _WIRE_MARK.match(line) or (_word_count(line) <= WIRE_NOTICE_WORDS and _WIRE.search(line)):
        return True
    if _WIDGET.match(line) and not (_TERMINAL.search(line) and _word_count(line) >= 5):
        return True
    if _DATE_ONLY.match(line):
        return True
    if _word_count(line) < 4 and not line.isascii():
        letters = [c for c in line if c.isalpha()]
        if letters and sum(c.isascii() for c in letters) < 0.5 * len(letters):
            return True  # a stray label in another script, e.g. a site name
    return False


def _has_copyright(text: str) -> bool:
    lower = text.lower()
    return any(k in lower for k in _COPYRIGHT_HINTS) and bool(_COPYRIGHT.search(text))


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
    """A photo caption: a descriptive line that does not close like a sentence."""
    if _TERMINAL.search(line):
        return line.endswith(")") and bool(re.search(r"\((?:photo|image|file photo)[^)]*\)\s*$", line, re.IGNORECASE))
    lower = line.lower()
    return bool((any(k in lower for k in _CAPTION_HINTS) and _CAPTION.search(line)) or _DATE_END.search(line[-40:]))


def _is_prose(line: str) -> bool:
    """Running text: closes like a sentence and has a few words, or is long."""
    n = _word_count(line)
    return (bool(_TERMINAL.search(line)) and n >= 3) or n >= 3 * MIN_PROSE_WORDS


def _continues(line: str, nxt: str, first: bool) -> bool:
    """Whether `nxt` carries on the sentence that `line` leaves open."""
    if _TERMINAL.search(line) or line.endswith(":"):
        return False
    if nxt[:1].islower():
        return True
    return (
        not first
        and _word_count(line) >= MIN_PROSE_WORDS
        and line[:1].isupper()
        and not _is_title_case(line)
        and bool(_TERMINAL.search(nxt))
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


def _title_and_body(units: list[str]) -> tuple[str, list[str]]:
    """The first headline-shaped unit before the prose, and the prose paragraphs: repeats
    dropped, the dateline taken off the first, and everything after a footer heading that
    comes once most of the text is told (teasers, bios, comments) left out."""
    total_prose = sum(_word_count(u) for u in units if _is_prose(u))
    title = ""
    body: list[str] = []
    seen: set[str] = set()
    prose_so_far = 0
    in_footer = False
    for unit in units:
        if _FOOTER_HEADING.match(unit):
            if body and (prose_so_far >= 0.5 * total_prose or (len(body) >= 3 and _END_HEADING.match(unit))):
                break
            in_footer = True
            continue
        if _is_prose(unit):
            if in_footer and _word_count(unit) < 3 * MIN_PROSE_WORDS:
                continue  # a teaser headline inside a block of links
            in_footer = False
            key = " ".join(unit.lower().split())
            if key in seen:
                continue  # a paragraph the page repeats
            seen.add(key)
            body.append(_strip_dateline(unit) if not body else unit)
            prose_so_far += _word_count(unit)
        elif not body and not title and 4 <= _word_count(unit) <= 20:
            title = unit
    while len(body) > 1 and _BIO.match(body[-1]):
        body.pop()  # an author's bio closing the article
    return title, body


def clean_lines(text: str) -> tuple[str, list[str]]:
    """Split raw text into (title, body paragraphs): junk removed, broken sentences joined."""
    return _title_and_body(_join_broken_lines(_drop_furniture(_normalise(text).split("\n"))))


def clean(source: Source) -> Source:
    """The source with its text cleaned (paragraphs separated by blank lines) and a title found."""
    title, body = clean_lines(source.text)
    if not source.title:
        stem = PurePath(source.path).stem if source.path and source.path != "-" else ""
        title = title or stem
    else:
        title = source.title
    return replace(source, text="\n\n".join(strip_datelines(body)), title=title)
