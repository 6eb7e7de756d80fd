"""Dates as the window writes them: "3 December 2024", "3 Dec 2024".

One place, so every pane writes a day the same way (some padded "03", some not),
and without strftime's %-d, which Windows does not have.
"""

from __future__ import annotations

from datetime import date, datetime


def long_date(value: date, *, weekday: bool = False, year: bool = True) -> str:
    """ "Wednesday 10 June 2020" (with ``weekday``), "10 June 2020", "10 June"."""
    text = f"{value.day} {value:%B}" + (f" {value.year}" if year else "")
    return f"{value:%A} {text}" if weekday else text


def short_date(value: date) -> str:
    """ "3 Dec 2024", for tables."""
    return f"{value.day} {value:%b %Y}"


def long_time(value: datetime) -> str:
    """ "3 December 2024, 14:05"."""
    return f"{long_date(value)}, {value:%H:%M}"
