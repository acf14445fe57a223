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
from pathlib import Path
from typing import Any

from .errors import UsageError
from .small_files import read_small

MAX_CONFIG_BYTES = 1024 * 1024  # a config is a few lines; this refuses /dev/zero-like files early

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


def load_config(path: str | os.PathLike) -> dict[str, Any]:
    """The options a TOML file sets, checked; a usage error says what is wrong and where."""
    import tomllib

    try:
        data = tomllib.loads(read_small(Path(path).expanduser(), "config file", MAX_CONFIG_BYTES))
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
    if "inputs" in data:
        if not all(isinstance(i, str) for i in data["inputs"]):
            raise UsageError(f"config file {path}: 'inputs' must be a list of paths or URLs")
        data["inputs"] = [i if "://" in i else os.path.expanduser(i) for i in data["inputs"]]
    for key in ("output", "state", "inputs_from", "cache"):
        if key in data:
            data[key] = os.path.expanduser(data[key])
    return data
