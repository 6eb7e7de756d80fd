"""The words of currency, with no database behind them (packs and importers use them).

``resources_db.currency`` does the work; this module only names the statuses
and fields, checks a status, and describes what a source says of a resource
it no longer carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATUSES: tuple[str, ...] = ("current", "updated", "superseded", "withdrawn", "retracted")
# The changes an alert reports (every status but "current").
CHANGES: tuple[str, ...] = STATUSES[1:]
# Pack and list fields, in the order documents give them.
CURRENCY_FIELDS: tuple[str, ...] = (
    "status",
    "last_reviewed",
    "review_due",
    "superseded_by",
    "replaces",
)


@dataclass(frozen=True)
class CurrencyUpdate:
    """A status for a resource the source names without carrying it (a tombstone)."""

    uids: tuple[str, ...]  # the uids it may be known by, most likely first
    status: str
    detail: str = ""


def normal_status(value: Any) -> str | None:
    """A status as stored, or None when ``value`` names none of STATUSES."""
    text = " ".join(str(value or "").split()).lower()
    return text if text in STATUSES else None
