"""Lenient parsing of the dates that packs and imports carry."""

from __future__ import annotations

import re
from datetime import date, datetime

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_date(value: object) -> date | None:
    """Accept ISO dates, ``YYYY-MM``, ``YYYY`` or an ISO timestamp; None for empty.

    Raises ValueError for anything else, so a bad date is reported rather than
    silently dropped.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int) and 1000 <= value <= 9999:
        return date(value, 1, 1)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    match = _PARTIAL.match(text)
    if match:
        year, month, day = (int(part) if part else 1 for part in match.groups())
        return date(year, month, day)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None
