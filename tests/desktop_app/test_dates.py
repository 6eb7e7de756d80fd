"""Days are written without a leading zero everywhere ("03 December" was in the tables)."""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.ui.dates import long_date, long_time, short_date


def test_days_have_no_leading_zero() -> None:
    day = date(2024, 12, 3)
    assert long_date(day) == "3 December 2024"
    assert long_date(day, weekday=True, year=False) == "Tuesday 3 December"
    assert short_date(day) == "3 Dec 2024"
    assert long_time(datetime(2024, 12, 3, 9, 5)) == "3 December 2024, 09:05"
