"""`--config brief.toml`: every command-line option from a file; the command line wins.

inputs = ["~/news/saved", "https://example.org/feed.xml"]
words = 150
algorithm = "concepts"
format = "markdown"
output = "~/briefs/today.md"
since = "24h"
quiet = true
dask = "tcp://scheduler:8786"
jobs = 2
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .errors import UsageError
from .small_files import read_small

MAX_CONFIG_BYTES = 64 * 1024  # a config is a few lines; this refuses /dev/zero-like files early
# tomllib's work grows with the square of a dotted key's parts (`a.a.a... = 1`: 40,000 parts, 80 KB,
# take 16.6 s and 6.3 GB), and every option is a plain `name = value`: more dots than this outside
# strings, comments and numbers are refused before parsing.
MAX_KEY_DOTS = 1000
_TOML_TOKEN = re.compile(r"\"{3}|'{3}|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#[^\n]*|(?<![0-9])\.|\.(?![0-9])")

# Option name -> the type its value must have.
KEYS: dict[str, type | tuple[type, ...]] = {
    "inputs": list,
    "inputs_from": str,
    "length": int,
    "words": int,
    "algorithm": str,
    "query": str,
    "format": str,
    "output": str,
    "since": str,
    "quiet": bool,
    "state": str,
    "keep_days": int,
    "per_story": bool,
    "language": str,
    "follow_links": bool,
    "cache": str,
    "no_cache": bool,
    "explain": bool,
    "dask": str,
    "jobs": int,
}


def _key_dots(text: str) -> int:
    """How many dots stand outside strings, comments and numbers: the parts of dotted keys and
    table names (a linear scan; a multi-line string is skipped to its end)."""
    dots, position = 0, 0
    while match := _TOML_TOKEN.search(text, position):
        token, position = match.group(), match.end()
        if token in ('"""', "'''"):
            end = text.find(token, position)
            position = len(text) if end < 0 else end + 3
        elif token == ".":
            dots += 1
            if dots > MAX_KEY_DOTS:
                break
    return dots


def load_config(path: str | os.PathLike) -> dict[str, Any]:
    """The options a TOML file sets, checked; a usage error says what is wrong and where."""
    import tomllib

    try:
        text = read_small(Path(path).expanduser(), "config file", MAX_CONFIG_BYTES)
        if _key_dots(text) > MAX_KEY_DOTS:
            raise UsageError(f"config file {path} is not a config: over {MAX_KEY_DOTS} dotted key parts")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise UsageError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"config file {path} is not valid TOML: {err}") from None
    except RecursionError:
        raise UsageError(f"config file {path} is not valid TOML: nested too deeply") from None
    for key, value in data.items():
        if key not in KEYS:
            raise UsageError(f"config file {path}: unknown option '{key}' (known: {', '.join(KEYS)})")
        wanted = KEYS[key]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise UsageError(f"config file {path}: '{key}' must be {getattr(wanted, '__name__', wanted)}")
        if wanted is str and not value.strip():  # `since = ""` must not silently mean "no --since"
            raise UsageError(f"config file {path}: '{key}' is empty: give it a value, or leave it out")
    if "inputs" in data:
        if not all(isinstance(i, str) for i in data["inputs"]):
            raise UsageError(f"config file {path}: 'inputs' must be a list of paths or URLs")
        if not all(i.strip() for i in data["inputs"]):
            raise UsageError(f"config file {path}: 'inputs' holds an empty name: name a file, folder or address")
        data["inputs"] = [i if "://" in i else os.path.expanduser(i) for i in data["inputs"]]
    for key in ("output", "state", "inputs_from", "cache"):
        if key in data:
            data[key] = os.path.expanduser(data[key])
    return data
