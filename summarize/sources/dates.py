"""Publication dates as ISO 8601 calendar dates (YYYY-MM-DD), from the forms feeds and records use."""

from __future__ import annotations

import re


def iso_date(value: str) -> str:
    """`value` as YYYY-MM-DD when it is an ISO 8601 or RFC 822 date (the date as written, no
    time-zone shift); empty when it is neither."""
    value = value.strip()
    if not value:
        return ""
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    if re.search(r"\b0000\b", value):  # year 0 does not exist (email's parser would read it as 2000)
        return ""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
