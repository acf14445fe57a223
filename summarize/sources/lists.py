"""Lists of inputs: a text file naming one path or address a line (`--inputs-from`), and an OPML
file (how feed readers export their subscriptions), whose feeds are its inputs."""

from __future__ import annotations

import os
import sys
from typing import IO

from ..errors import UsageError
from ..models import Skipped
from ..small_files import read_small

MAX_LIST_BYTES = 4 * 1024 * 1024  # tens of thousands of addresses; a list longer than this is a mistake


def entries(text: str) -> list[str]:
    """The inputs a list names: one a line, surrounding spaces trimmed, blank lines and lines
    starting with `#` left out; `~` expanded in paths."""
    named = []
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff")
        if line and not line.startswith("#"):
            named.append(line if "://" in line else os.path.expanduser(line))
    return named


def inputs_from(name: str, stdin: IO | None = None) -> list[str]:
    """The inputs listed in the file `name` (`-`: standard input); a usage error when it can't be
    read or names nothing."""
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin
        raw = stream.read(MAX_LIST_BYTES + 1)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        if len(text) > MAX_LIST_BYTES:
            raise UsageError(f"--inputs-from -: the list is larger than {MAX_LIST_BYTES // (1024 * 1024)} MB")
    else:
        try:
            text = read_small(os.path.expanduser(name), "input list", MAX_LIST_BYTES)
        except FileNotFoundError:
            raise UsageError(f"input list not found: {name} (check the path)") from None
    named = entries(text)
    if not named:
        raise UsageError(f"--inputs-from {name} names no input: give one path or address a line")
    if name == "-" and "-" in named:
        raise UsageError("--inputs-from - can't name - as an input: stdin is the list itself")
    return named


def opml_feeds(raw: bytes, shown: str) -> tuple[list[str], list[Skipped]]:
    """The feed addresses an OPML file lists (each outline's `xmlUrl`, in document order, nested
    folders included) and what could not be used: the file itself when it is not OPML, an
    outline whose address is not http(s)."""
    import xml.etree.ElementTree as ET

    from .url import is_url

    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        return [], [Skipped(shown, f"not well-formed OPML ({err})")]
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        return [], [Skipped(shown, f"not an OPML file (root element <{root.tag}>)")]
    feeds: list[str] = []
    skipped: list[Skipped] = []
    for n, outline in enumerate(root.iter("outline"), 1):
        address = next((v.strip() for k, v in outline.attrib.items() if k.lower() == "xmlurl"), "")
        if not address:
            continue  # a folder of feeds, or a plain link
        if is_url(address):
            feeds.append(address)
        else:
            skipped.append(Skipped(f"{shown}#{n}", f"feed address is not http or https ({address[:80]})"))
    if not feeds and not skipped:
        skipped.append(Skipped(shown, "an OPML file that lists no feeds (no outline has an xmlUrl)"))
    return feeds, skipped
