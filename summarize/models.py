"""The data model every stage shares: plain, frozen, typed records.

A `Source` is read and cleaned; its text is split into `Sentence`s; near-duplicates are
collapsed into `Group`s; the chosen groups become a `Digest`, which renders itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """One input document: a file, a stdin stream, or text handed over in memory.

    `text` is the document's text (raw as read, cleaned after the clean stage); `path` is where
    it came from as the user gave it (`-` for stdin, empty for in-memory text; a URL as given;
    `items.jsonl#2` or `feed.xml#3` for the 2nd record or 3rd entry of a file, counting from 1).
    `publisher`, `date` (YYYY-MM-DD where known), `url` and `author` are what the input says.
    """

    text: str
    title: str = ""
    path: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    id: int = 0
    author: str = ""
    modified: str = ""  # when the file was last changed (ISO 8601), for --since on undated sources
    extracted: bool = False  # the text is an HTML extractor's article: cleaning takes nothing more away

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str = "",
        path: str = "",
        publisher: str = "",
        date: str = "",
        url: str = "",
        author: str = "",
    ) -> Source:
        """A source built from in-memory text, so programs need no files."""
        return cls(text=text, title=title, path=path, publisher=publisher, date=date, url=url, author=author)

    @property
    def label(self) -> str:
        """How the source is named to a reader: its title, else its path, else its id."""
        return self.title or self.path or f"source {self.id}"

    def __repr__(self) -> str:
        """A short form for a prompt or a log: id, title (or path) and how long the text is,
        never the whole article."""
        name = self.title or self.path
        shown = name if len(name) <= 60 else name[:57] + "..."
        return f"Source(id={self.id}, {'title' if self.title else 'path'}={shown!r}, text={len(self.text):,} chars)"


_SOURCE_FIELDS = frozenset(Source.__dataclass_fields__)


def changed(source: Source, **fields: object) -> Source:
    """`source` with `fields` changed: `dataclasses.replace` without its introspection of every
    field on each call (a fifth of its cost). Each source is copied three or four times on its
    way through the pipeline, which for 100,000 one-line records took about a second."""
    if not fields.keys() <= _SOURCE_FIELDS:
        raise TypeError(f"Source has no field {sorted(fields.keys() - _SOURCE_FIELDS)[0]!r}")
    copy = object.__new__(Source)
    copy.__dict__.update(source.__dict__)
    copy.__dict__.update(fields)
    return copy


@dataclass(frozen=True)
class Skipped:
    """A file or input that was met but not used, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Extracted:
    """One usable source and the sentences the pipeline pools from it, in reading order."""

    source: Source
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    """What `summarize.sentences` found: each usable source with its sentences, and the inputs
    skipped and why. Iterating over it gives the `Extracted` sources."""

    sources: tuple[Extracted, ...]
    skipped: tuple[Skipped, ...]

    def __iter__(self):
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


@dataclass(frozen=True)
class Sentence:
    """A sentence exactly as it stands in its cleaned source, with its place there.

    `paragraph` and `index` count from 0 within the source; `index` runs over the whole source.
    """

    text: str
    source_id: int
    paragraph: int
    index: int

    @property
    def word_count(self) -> int:
        """Whitespace-separated tokens: the count word budgets and benchmarks use."""
        return len(self.text.split())


@dataclass(frozen=True)
class Group:
    """Near-duplicate sentences collapsed into one: the representative and every member.

    `credited` lists the ids of sources holding a member whose words cover the representative;
    only those sources are credited for it.
    """

    representative: Sentence
    members: tuple[Sentence, ...]
    credited: tuple[int, ...]

    @property
    def support(self) -> int:
        """How many sources carry this sentence: a corroboration signal for ranking."""
        return len(self.credited)

    @property
    def first_position(self) -> int:
        """Where the earliest member stands in its source (sentence index)."""
        return min(m.index for m in self.members)


@dataclass(frozen=True)
class Term:
    """A word or two-word phrase of a sentence, and how many of its story's sources carry it."""

    text: str
    sources: int


@dataclass(frozen=True)
class Copy:
    """A near-copy a digest sentence stands for: the source holding it, and its text there."""

    source: int
    text: str


@dataclass(frozen=True)
class Explanation:
    """Why a sentence is in a digest (`--explain`).

    `score` is its ranking score, `rank` its place by score among its story's `candidates` (1 is
    the best); `terms` the words and phrases that carried it, most widely carried first; `sources`
    how many sources carry it, `copies` the near-copies it stands for; `story` the index of its
    story in `Digest.stories`; `beat` the best candidate of the story left out that scored no
    higher (its `beat_score`), '' and None when none did.
    """

    score: float
    rank: int
    candidates: int
    terms: tuple[Term, ...]
    sources: int
    copies: tuple[Copy, ...]
    story: int
    beat: str = ""
    beat_score: float | None = None


@dataclass(frozen=True)
class DigestSentence:
    """One line of a digest: the text, the ids of the sources that carry it, its ranking score,
    and, when asked for, why it is there."""

    text: str
    sources: tuple[int, ...]
    score: float
    explain: Explanation | None = None


@dataclass(frozen=True)
class Story:
    """One section of a digest: a headline, the indexes of its sentences in `Digest.sentences`,
    and the ids of the sources that tell the story."""

    headline: str
    sentences: tuple[int, ...]
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Digest:
    """A finished digest: chosen sentences in reading order, the sources used and those skipped.

    `stories` are its sections, biggest first; the sentences of each are consecutive in
    `sentences`. Input about one story gives one section.
    """

    sentences: tuple[DigestSentence, ...]
    sources: tuple[Source, ...]
    skipped: tuple[Skipped, ...] = ()
    settings: dict = field(default_factory=dict)
    stories: tuple[Story, ...] = ()

    @property
    def word_count(self) -> int:
        """Words in the digest's sentences (whitespace-separated, as word budgets count them)."""
        return sum(len(s.text.split()) for s in self.sentences)

    def to_dict(self) -> dict:
        """The json form as Python data: keys other programs rely on (`sentences`, `sources`,
        `skipped`, `stories`, `settings`)."""
        from .render import to_dict

        return to_dict(self)

    def render(self, fmt: str = "text", folder: str | None = None) -> str:
        """The digest in format `fmt`: `text`, `markdown` (or `md`), `json` or `html`; a
        `UsageError` for another. `folder` is where an html page will be saved, so its links to
        source files work from there (the current folder when None)."""
        from .render import render

        return render(self, fmt, folder)

    def to_text(self) -> str:
        """The brief for a terminal: dated header, sentences with their [n] source marks, sources."""
        return self.render("text")

    def to_markdown(self) -> str:
        """The brief in Markdown, for mail or chat: a section per story, sources as links."""
        return self.render("markdown")

    def to_json(self) -> str:
        """The brief as JSON text for programs (the shape of `to_dict`)."""
        return self.render("json")

    def to_html(self, folder: str | None = None) -> str:
        """The brief as one standalone web page (no external assets), in the brief's language;
        its links to source files are relative to `folder`, where it will be saved (the current
        folder when None)."""
        return self.render("html", folder)

    def __str__(self) -> str:
        """The text brief, as `print(digest)` shows it."""
        return self.to_text()

    def __repr__(self) -> str:
        """A short form: how many sentences, sources, stories and skipped inputs, not their text."""
        return (
            f"Digest(sentences={len(self.sentences)}, sources={len(self.sources)}, "
            f"stories={len(self.stories)}, skipped={len(self.skipped)})"
        )


PathLike = str | Path
