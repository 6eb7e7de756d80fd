"""The subscribed feeds from the window: list them, refresh all or one, unsubscribe.

A refresh fetches each feed in its own transaction, so one feed that is down
or broken leaves the others refreshed and says why in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import NOTHING, Changes

if TYPE_CHECKING:
    from resources_db.importing import RefreshOutcome
    from resources_db.subscriptions import SubscriptionInfo

# resources_db.subscriptions is imported by each method, not at start: it brings
# the import machinery and, through the user-data file, the practice record's
# encryption (cryptography), which the window's start and most commands never use.


class FeedOps(OperationsBase):
    def subscriptions(self) -> list[SubscriptionInfo]:
        """The feeds the library follows, with their last refresh and how many items they hold."""
        from resources_db import subscriptions

        with self.unit_of_work() as session:
            return subscriptions.subscription_infos(session)

    def refresh_feed(self, url: str) -> tuple[RefreshOutcome, Changes]:
        """Fetch one subscribed feed again; a failure is in the outcome's ``error``."""
        from resources_db import subscriptions

        with self.unit_of_work() as session:
            subscriptions.require_subscription(session, url)
        outcome = subscriptions.refresh_one(self.library, url)
        self.index.catch_up()
        return outcome, _changes([outcome])

    def refresh_subscribed(
        self,
        urls: Sequence[str] | None = None,
        *,
        on_feed: Callable[[int, str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> tuple[list[RefreshOutcome], Changes]:
        """Refresh ``urls`` (every subscription when None), one feed at a time; a cancel
        takes effect between feeds. ``on_feed(number, title)`` is called before each."""
        from resources_db import subscriptions

        if urls is None:
            urls = [info.url for info in self.subscriptions()]
        else:
            with self.unit_of_work() as session:
                for url in urls:
                    subscriptions.require_subscription(session, url)
        outcomes: list[RefreshOutcome] = []
        for number, url in enumerate(urls):
            if should_cancel is not None and should_cancel():
                break
            if on_feed is not None:
                on_feed(number, url)
            outcomes.append(subscriptions.refresh_one(self.library, url))
        self.index.catch_up()
        return outcomes, _changes(outcomes)

    def unsubscribe(self, url: str) -> Changes:
        """Stop following a feed; what it brought stays in the library."""
        from resources_db import subscriptions

        with self.unit_of_work() as session:
            subscriptions.unsubscribe(session, url)
        return NOTHING


def _changes(outcomes: Sequence[RefreshOutcome]) -> Changes:
    changed = any(o.added or o.updated for o in outcomes)
    return Changes(catalogue=True) if changed else NOTHING
