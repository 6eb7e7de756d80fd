"""Lengths of time as people read them: "45 s", "1 min 20 s", "1 h 5 min", and "1:05" clocks."""

from __future__ import annotations


def clock(ms: int) -> str:
    """A player's position: "1:05", or "1:02:05" past an hour."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def spoken_duration(seconds: float) -> str:
    """An episode's length: seconds are kept under an hour, so 80 s is "1 min 20 s"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        # Past an hour the seconds are noise; round them into the minutes.
        minutes += secs >= 30
        if minutes == 60:
            hours, minutes = hours + 1, 0
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"
