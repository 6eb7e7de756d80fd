"""Currency alerts: what changed at the source of something the person uses.

Alerts are raised where catalogue changes are written (imports, feed
refreshes, team syncs: ``resources_db.alerts``); these operations list them,
count the ones not yet seen, mark them seen and dismiss them. Review-due
alerts are raised here (``raise_review_alerts``: the window's start and
``imh-library alerts`` call it). They change nothing any other view shows, so
they return no ``Changes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.errors import UsageError
from resources_db import alerts
from resources_db.alerts import AlertInfo


class CurrencyOps(OperationsBase):
    def raise_review_alerts(self, today: date | None = None) -> int:
        """Alert once for each bookmarked, collected or logged resource now due for review."""
        with self.unit_of_work() as session:
            return alerts.raise_review_alerts(session, today)

    def alerts(self) -> list[AlertInfo]:
        """Every alert not dismissed, newest first."""
        with self.unit_of_work() as session:
            return alerts.alerts(session)

    def unseen_alert_count(self) -> int:
        with self.unit_of_work() as session:
            return alerts.unseen_count(session)

    def mark_alerts_seen(self, ids: Sequence[int] | None = None) -> int:
        """Mark alerts as seen (all of them without ``ids``); returns how many were new."""
        with self.unit_of_work() as session:
            return alerts.mark_seen(session, ids)

    def dismiss_alerts(self, ids: Sequence[int]) -> int:
        """Remove alerts the person has dealt with; an id that is not there is refused."""
        with self.unit_of_work() as session:
            removed = alerts.dismiss(session, ids)
            if removed != len(set(ids)):
                raise UsageError("That alert is no longer in the list.")
            return removed
