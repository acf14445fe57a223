"""`--since`: keep only sources dated (or, undated, changed) at or after a moment."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from .errors import UsageError
from .models import Source

_AGO = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`24h`, `90m`, `7d`, `2w` ago, or a date (`2026-11-21`) or ISO date-time; UTC when no zone is given."""
    now = now or datetime.now(UTC)
    match = _AGO.match(text)
    if match:
        try:
            return now - timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
        except (OverflowError, ValueError):  # further back than the calendar goes (year 1)
            raise UsageError(f"--since '{text}' reaches back before the year 1: give a shorter time") from None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since '{text}' is not a time: use e.g. 24h, 7d or 2026-11-21") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _moment(value: str) -> datetime | None:
    """`value` as an aware date-time, or None when it is empty or not an ISO 8601 date
    ("tomorrow!!", "2026-13-45"): such a source counts as undated."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_recent(source: Source, since: datetime) -> bool:
    """Whether `source` is at or after `since`: by its date (a date by day only counts on that
    whole day) or, when it has none that reads as a date, by when it last changed; a source
    with neither (text handed over in memory) is kept."""
    published = _moment(source.date)
    if published is not None and len(source.date) == 10:  # a calendar date: compare days
        return published.date() >= since.date()
    moment = published or _moment(source.modified)
    if moment is None:
        return True
    try:
        return moment >= since
    except OverflowError:  # pragma: no cover - aware comparisons near the ends of the calendar
        return True
