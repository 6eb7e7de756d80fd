"""Short labels and colours that mark each kind of resource in lists."""

from __future__ import annotations

from PySide6.QtGui import QColor

BADGES: dict[str, tuple[str, str]] = {
    "training": ("TRAIN", "#2e7d32"),
    "blog post": ("BLOG", "#1565c0"),
    "podcast episode": ("AUDIO", "#6a1b9a"),
    "briefing": ("BRIEF", "#00838f"),
    "infographic": ("INFO", "#ef6c00"),
    "open letter": ("LETTER", "#5d4037"),
    "report": ("REPORT", "#455a64"),
    "video": ("VIDEO", "#c62828"),
    "campaign": ("EVENT", "#ad1457"),
    "campaign day": ("DAY", "#d81b60"),
    "statement": ("STMT", "#283593"),
    "organisation": ("ORG", "#546e7a"),
    "person": ("PERSON", "#78909c"),
}


def badge(kind: str) -> tuple[str, QColor]:
    label, colour = BADGES.get(kind, (kind[:6].upper() or "ITEM", "#607d8b"))
    return label, QColor(colour)
