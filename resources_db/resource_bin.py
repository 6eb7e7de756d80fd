"""The bin: resources the user deleted, kept until restored or the bin is emptied.

A resource in the bin keeps its row and everything the user attached to it
(bookmark, notes, tags, places in collections), but it leaves search (the
index treats it as absent) and every list. Re-imports update it and leave it
in the bin. Emptying the bin deletes the resources and all of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from resources_db import index_queue
from resources_db.models import (
    BinEntry,
    Bookmark,
    CollectionItem,
    HistoryEntry,
    PlaybackPosition,
    Resource,
    ResourceEdit,
    ResourceTag,
    Tag,
)

_CHUNK = 500  # well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class BinnedResource:
    uid: str
    kind: str
    title: str
    deleted_at: datetime


@dataclass(frozen=True)
class BinCounts:
    """What emptying the bin deletes (or deleted): the resources and the user's layer on them."""

    resources: int = 0
    bookmarks: int = 0
    notes: int = 0  # bookmark notes and collection-item notes with text
    tags: int = 0  # tags on those resources (one per resource and tag)
    collection_items: int = 0  # places in collections


def not_binned(column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """A condition on a uid column: the resource is not in the bin."""
    return column.not_in(select(BinEntry.resource_uid))


def in_bin(session: Session, uids: Iterable[str]) -> set[str]:
    """Those of ``uids`` that are in the bin."""
    wanted = list(dict.fromkeys(uids))
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        query = select(BinEntry.resource_uid).where(
            BinEntry.resource_uid.in_(wanted[start : start + _CHUNK])
        )
        found.update(session.scalars(query))
    return found


def binned_uids(session: Session) -> set[str]:
    return set(session.scalars(select(BinEntry.resource_uid)))


def deleted_at(session: Session, uid: str) -> datetime | None:
    return session.scalar(select(BinEntry.deleted_at).where(BinEntry.resource_uid == uid))


def put_in_bin(session: Session, uids: Sequence[str], when: datetime | None = None) -> list[str]:
    """Move resources to the bin; returns those that were not there already.

    The caller checks the uids exist: the user-data file may bin a uid this
    library does not have yet, so that its deletion holds when it arrives."""
    already = in_bin(session, uids)
    moved = [uid for uid in dict.fromkeys(uids) if uid not in already]
    when = when or datetime.now()
    session.add_all(BinEntry(resource_uid=uid, deleted_at=when) for uid in moved)
    index_queue.enqueue(session, moved)
    return moved


def take_out(session: Session, uids: Sequence[str]) -> None:
    """Restore resources from the bin (the caller checks they are in it)."""
    wanted = list(dict.fromkeys(uids))
    for start in range(0, len(wanted), _CHUNK):
        session.execute(
            delete(BinEntry).where(BinEntry.resource_uid.in_(wanted[start : start + _CHUNK]))
        )
    index_queue.enqueue(session, wanted)


def binned(session: Session) -> list[BinnedResource]:
    """The resources in the bin, most recently deleted first."""
    rows = session.execute(
        select(Resource.uid, Resource.kind, Resource.title, BinEntry.deleted_at)
        .join(BinEntry, BinEntry.resource_uid == Resource.uid)
        .order_by(BinEntry.deleted_at.desc(), BinEntry.id.desc())
    )
    return [BinnedResource(row.uid, row.kind, row.title, row.deleted_at) for row in rows]


def _count(
    session: Session, column: InstrumentedAttribute[str], *extra: ColumnElement[bool]
) -> int:
    query = select(func.count()).where(column.in_(select(BinEntry.resource_uid)), *extra)
    return session.scalar(query) or 0


def counts(session: Session) -> BinCounts:
    """What emptying the bin now would delete."""
    notes = _count(session, Bookmark.resource_uid, Bookmark.note != "") + _count(
        session, CollectionItem.resource_uid, CollectionItem.note != ""
    )
    return BinCounts(
        resources=_count(session, Resource.uid),
        bookmarks=_count(session, Bookmark.resource_uid),
        notes=notes,
        tags=_count(session, ResourceTag.resource_uid),
        collection_items=_count(session, CollectionItem.resource_uid),
    )


def empty(session: Session) -> BinCounts:
    """Delete the resources in the bin and the user's layer on them; returns what went."""
    deleted = counts(session)
    uids = sorted(binned_uids(session))
    parts: set[str] = set()
    for start in range(0, len(uids), _CHUNK):
        chunk = uids[start : start + _CHUNK]
        # A part (a campaign's day) is found by its whole's names: its entry changes too.
        parts.update(session.scalars(select(Resource.uid).where(Resource.part_of_uid.in_(chunk))))
        # Attachments, campaigns and links to names go with the row (ON DELETE CASCADE).
        session.execute(delete(Resource).where(Resource.uid.in_(chunk)))
        for column in (
            Bookmark.resource_uid,
            CollectionItem.resource_uid,
            ResourceTag.resource_uid,
            ResourceEdit.resource_uid,
            HistoryEntry.resource_uid,
            PlaybackPosition.resource_uid,
            BinEntry.resource_uid,
        ):
            session.execute(delete(column.class_).where(column.in_(chunk)))
    session.execute(delete(Tag).where(Tag.id.not_in(select(ResourceTag.tag_id))))
    index_queue.enqueue(session, [*uids, *sorted(parts - set(uids))])
    return deleted
