"""Reading inputs into `Source`s: one reader per input kind behind one `load()`.

Files met inside folders that can't be used are reported as `Skipped`, never dropped
silently; a path named by the user that does not exist is a usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import UsageError
from ..models import Skipped, Source
from .markdown import MARKDOWN_SUFFIXES, to_plain
from .text import TEXT_SUFFIXES, Unusable, decode_bytes, read_text_file

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Loaded:
    """What `load` found: the sources read (ids not yet final) and what was skipped."""

    sources: tuple[Source, ...]
    skipped: tuple[Skipped, ...]


def _walk(folder: Path) -> list[Path]:
    """Files under `folder`, recursively, in sorted path order, hidden names left out.

    Symbolic links to folders are not followed, so a link loop can't trap the walk."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_path(path: Path, shown: str, max_bytes: int) -> Source | Skipped:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        return Skipped(shown, f"unsupported file type '{suffix}'")
    try:
        text = read_text_file(path, max_bytes)
    except Unusable as err:
        return Skipped(shown, str(err))
    if suffix in MARKDOWN_SUFFIXES:
        text = to_plain(text)
    return Source(text=text, path=shown)


def _read_stdin(stream: IO | None, max_bytes: int) -> Source | Skipped:
    stream = stream if stream is not None else sys.stdin
    raw = stream.buffer.read(max_bytes + 1) if hasattr(stream, "buffer") else stream.read(max_bytes + 1)
    try:
        text = raw if isinstance(raw, str) else decode_bytes(raw[:max_bytes])
    except Unusable as err:
        return Skipped("-", str(err))
    return Source(text=text, path="-")


def load(
    inputs: Iterable[str | os.PathLike | Source],
    *,
    stdin: IO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Loaded:
    """Read every input: paths (files or folders, walked recursively), `-` for stdin, or `Source`s.

    Raises `UsageError` for a named path that does not exist.
    """
    found: list[Source | Skipped] = []
    for item in inputs:
        if isinstance(item, Source):
            found.append(item)
            continue
        shown = os.fspath(item)
        if shown == "-":
            found.append(_read_stdin(stdin, max_bytes))
            continue
        path = Path(shown)
        if not path.exists():
            if path.is_symlink():
                found.append(Skipped(shown, "dangling symbolic link"))
                continue
            raise UsageError(f"no such file or folder: {shown} (check the path)")
        if path.is_dir():
            for file in _walk(path):
                if not file.exists():
                    found.append(Skipped(str(file), "dangling symbolic link"))
                elif file.is_file():
                    found.append(_read_path(file, str(file), max_bytes))
                else:
                    found.append(Skipped(str(file), "not a regular file"))
        elif path.is_file():
            found.append(_read_path(path, shown, max_bytes))
        else:
            found.append(Skipped(shown, "not a regular file"))
    sources = tuple(s for s in found if isinstance(s, Source))
    skipped = tuple(s for s in found if isinstance(s, Skipped))
    return Loaded(sources=sources, skipped=skipped)
