"""The brief's output forms by name, the short names people type, and the form a file name implies."""

from __future__ import annotations

import os
from pathlib import PurePath

from .errors import UsageError

FORMATS = ("text", "markdown", "json", "html")
ALIASES = {"txt": "text", "md": "markdown", "htm": "html"}
# A `--output` name's suffix -> the form to write when no --format is given.
BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}


def format_name(name: str) -> str:
    """The form `name` stands for (`md` is markdown); a usage error for an unknown one."""
    if not isinstance(name, str):
        raise UsageError(f"format must be one of {', '.join(FORMATS)} (got {type(name).__name__})")
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise UsageError(f"unknown format '{name}': choose one of {', '.join(FORMATS)} (or md)")
    return key


def from_suffix(path: str | os.PathLike | None) -> str | None:
    """The form a file name implies (`brief.html` -> html), or None when its suffix says none."""
    if not path:
        return None
    return BY_SUFFIX.get(PurePath(os.fspath(path)).suffix.lower())
