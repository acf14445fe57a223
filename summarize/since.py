"""`--since`: keep only sources dated (or, undated, changed) at or after a moment."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from .errors import UsageError
from .models import Source

_AGO = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`24h`, `90m`, `7d`, `2w` ago, or a date (`2026-11-21`) or ISO date-time; UTC when no zone is given."""
    now = now or datetime.now(UTC)
    match = _AGO.match(text)
    if match:
        return now - timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since '{text}' is not a time: use e.g. 24h, 7d or 2026-11-21") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _moment(source: Source) -> datetime | None:
    """When the source was published (its date) or, without one, last changed."""
    for value in (source.date, source.modified):
        if not value:
            continue
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def is_recent(source: Source, since: datetime) -> bool:
    """Whether `source` is at or after `since`. A source dated by day only counts on that whole day;
    a source with no date at all (text handed over in memory) is kept."""
    moment = _moment(source)
    if moment is None:
        return True
    if source.date and len(source.date) == 10:  # a calendar date: compare days
        return date.fromisoformat(source.date) >= since.date()
    return moment >= since
