"""The Python API's arguments as Python users pass them: a `datetime` or a `date` or the command's
strings for `since`, a `date` or an ISO string for `today`; anything else is a `UsageError` that
names the argument, never a TypeError from deep inside the work."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime, time
from numbers import Integral, Real

from .errors import UsageError


def _got(value: object) -> str:
    shown, kind = repr(value), type(value).__name__
    return f"{shown[:40]}{'...' if len(shown) > 40 else ''}, {'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def since_moment(value: object) -> datetime | None:
    """`since` as an aware moment: a `datetime` (naive means local time), a `date` (its local
    midnight), or the command's `24h`, `7d`, `2026-11-21`."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.astimezone()
    if isinstance(value, date):
        return datetime.combine(value, time.min).astimezone()
    if isinstance(value, str):
        from .since import parse_since

        return parse_since(value)
    raise UsageError(f"since must be a datetime, a date or a string such as '24h' or '2026-11-21' (got {_got(value)})")


def today_date(value: object) -> date | None:
    """`today` as a date: a `date`, a `datetime` (its day) or an ISO date string."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"today must be a date or an ISO date such as '2026-11-21' (got {_got(value)})")


def whole(name: str, value: object) -> int | None:
    """A count (`length`, `words`, `max_bytes`): an int, not a string or a float that looks like one."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise UsageError(f"{name} must be a whole number such as {name}=10 (got {_got(value)})")
    return int(value)


def seconds(name: str, value: object) -> float:
    """A time limit in seconds: a positive number."""
    if isinstance(value, bool) or not isinstance(value, Real) or not value > 0:
        raise UsageError(f"{name} must be a positive number of seconds (got {_got(value)})")
    return float(value)


def text_or_none(name: str, value: object) -> str | None:
    """An optional string argument (`algorithm`, `query`, `language`): None, or a string that
    holds something (an empty one is a mistake, not a request for the default)."""
    if value is not None and not isinstance(value, str):
        raise UsageError(f"{name} must be a string (got {_got(value)})")
    if value is not None and not value.strip():
        raise UsageError(f"{name} is empty: give it a value, or None for the default")
    return value


def strings(name: str, value: object) -> list[str]:
    """A list of sentences (`reported`): any iterable of strings, but not one string."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise UsageError(f"{name} must be a list of strings (got {_got(value)})")
    items = list(value)
    if not all(isinstance(item, str) for item in items):
        raise UsageError(f"{name} must be a list of strings (got an item that is not one)")
    return items


def inputs_list(value: object) -> list:
    """`inputs`: one path, address or `Source`, or an iterable of them."""
    from .models import Source

    if isinstance(value, (str, os.PathLike, Source)):
        return [value]
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise UsageError(f"inputs must be paths, addresses or Source objects, or a list of them (got {_got(value)})")
    items = list(value)
    for item in items:
        if not isinstance(item, (str, os.PathLike, Source)):
            raise UsageError(f"inputs must be paths, addresses or Source objects (got {_got(item)} in the list)")
    return items


def callable_or_none(name: str, value: object) -> None:
    """A callback (`progress`): something to call, or None."""
    if value is not None and not callable(value):
        raise UsageError(f"{name} must be a function called as {name}(stage, done, total) (got {_got(value)})")


def stream_or_none(name: str, value: object) -> None:
    """A stream to read (`stdin`): a file object with `read` (or a `buffer` that has one, as
    `sys.stdin` does), or None for `sys.stdin`."""
    readable = callable(getattr(value, "read", None)) or callable(getattr(getattr(value, "buffer", None), "read", None))
    if value is not None and not readable:
        raise UsageError(f"{name} must be a file object to read, such as io.StringIO(text) (got {_got(value)})")


def path_like(name: str, value: object) -> str:
    """A file name (`state`): a non-empty string or a path."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{name} must be a State or the path of a state file (got {_got(value)})")
    return value


def path_or_none(name: str, value: object) -> str | os.PathLike | None:
    """A folder argument (`cache`): a non-empty `str` or `Path`, or None."""
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value).strip():
        raise UsageError(f"{name} must be a folder (a str or Path), or None (got {_got(value)})")
    return value


def flag(name: str, value: object) -> bool:
    """A yes-or-no argument (`explain`): a bool."""
    if not isinstance(value, bool):
        raise UsageError(f"{name} must be True or False (got {_got(value)})")
    return value
