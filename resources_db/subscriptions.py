"""The feeds the library follows, as the window's Feeds dialog lists and manages them.

Items are counted by their source's name (a feed's entries carry the feed's
title as their source). Unsubscribing forgets the address only: what the
feed brought stays in the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from resources_db import resource_bin
from resources_db.errors import UserDataError
from resources_db.importing import RefreshOutcome, import_source
from resources_db.library import Library
from resources_db.models import Resource, Subscription


@dataclass(frozen=True)
class SubscriptionInfo:
    url: str
    title: str
    kind: str  # feed or podcast
    added_at: datetime
    checked_at: datetime | None  # the last refresh, None if never refreshed
    last_error: str  # empty when the last refresh worked
    items: int  # resources it brought that are not in the bin


def subscription_infos(session: Session) -> list[SubscriptionInfo]:
    rows = session.execute(
        select(Resource.source, func.count().label("items"))
        .where(Resource.source != "", resource_bin.not_binned(Resource.uid))
        .group_by(Resource.source)
    )
    counts = {row.source: row.items for row in rows}
    followed = session.scalars(select(Subscription).order_by(func.lower(Subscription.title)))
    return [
        SubscriptionInfo(
            row.url,
            row.title or row.url,
            row.kind,
            row.added_at,
            row.checked_at,
            row.last_error,
            counts.get(row.title, 0),
        )
        for row in followed
    ]


def require_subscription(session: Session, url: str) -> Subscription:
    row = session.scalar(select(Subscription).where(Subscription.url == url))
    if row is None:
        raise UserDataError(f"The library does not follow the feed {url}.")
    return row


def refresh_one(library: Library, url: str) -> RefreshOutcome:
    """Fetch one subscribed feed again (its own transaction), stamping when and how it went."""
    with library.db.session() as session:
        title = require_subscription(session, url).title
    result = import_source(library, url, "auto")
    with library.db.session() as session:
        row = session.scalar(select(Subscription).where(Subscription.url == url))
        if row is not None:
            row.checked_at = datetime.now()
            row.last_error = result.error or ""
    return RefreshOutcome.of(url, title, result)


def unsubscribe(session: Session, url: str) -> None:
    require_subscription(session, url)
    session.execute(delete(Subscription).where(Subscription.url == url))
