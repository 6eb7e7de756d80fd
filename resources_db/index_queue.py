"""The queue of resources whose search-index entry is out of date.

Every change to a resource adds its uid here in the same transaction (a
``before_flush`` hook), so the index can never silently miss a change: if the
app dies before the indexer runs, the queue is still there at next start.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from resources_db.models import (
    Attachment,
    Campaign,
    CampaignDay,
    CampaignFigure,
    Hashtag,
    IndexQueueEntry,
    Resource,
)


def _owning_uid(session: Session, obj: object) -> str | None:
    if isinstance(obj, Resource):
        return obj.uid
    if isinstance(obj, Attachment | Campaign) and obj.resource is not None:
        return obj.resource.uid
    if isinstance(obj, Hashtag | CampaignFigure | CampaignDay):
        campaign = session.get(Campaign, obj.campaign_id) if obj.campaign_id else None
        return campaign.resource.uid if campaign else None
    return None


@event.listens_for(Session, "before_flush")
def _enqueue_changed_resources(session: Session, _context: object, _instances: object) -> None:
    uids: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, IndexQueueEntry):
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        uid = _owning_uid(session, obj)
        if uid:
            uids.add(uid)
    for uid in sorted(uids):
        session.add(IndexQueueEntry(uid=uid))


def enqueue(session: Session, uids: Iterable[str]) -> None:
    session.add_all(IndexQueueEntry(uid=uid) for uid in uids)


def pending(session: Session, limit: int = 5000) -> list[tuple[int, str]]:
    """The oldest queued (entry id, uid) pairs."""
    rows = session.execute(
        select(IndexQueueEntry.id, IndexQueueEntry.uid).order_by(IndexQueueEntry.id).limit(limit)
    )
    return [(row.id, row.uid) for row in rows]


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(IndexQueueEntry)) or 0


def last_id(session: Session) -> int:
    """The newest entry's id (0 when the queue is empty)."""
    return session.scalar(select(func.max(IndexQueueEntry.id))) or 0


def remove(session: Session, up_to_id: int) -> None:
    """Drop entries that have been applied (ids are increasing, so a bound suffices).

    Only the index's one writer removes entries (``search_index.sync``), so no
    entry at or below the bound can appear between reading and removing."""
    session.execute(delete(IndexQueueEntry).where(IndexQueueEntry.id <= up_to_id))


def clear(session: Session) -> None:
    session.execute(delete(IndexQueueEntry))
