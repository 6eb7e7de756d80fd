"""The user's own data: bookmarks, collections, saved searches and history.

Functions take a session (the caller's unit of work) and return plain data.
Errors a user can cause raise ``UserDataError`` with one plain sentence.
Resources in the bin (``resource_bin``) are left out of every list here, but
their bookmarks and places in collections stay for when they are restored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from resources_db import resource_bin
from resources_db.errors import UserDataError as UserDataError  # re-exported
from resources_db.models import (
    Bookmark,
    Collection,
    CollectionItem,
    HistoryEntry,
    PlaybackPosition,
    Resource,
    SavedSearch,
)

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class BookmarkInfo:
    uid: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class CollectionItemInfo:
    uid: str
    note: str
    position: int


@dataclass(frozen=True)
class CollectionInfo:
    id: int
    name: str
    description: str
    objectives: str
    items: list[CollectionItemInfo]


@dataclass(frozen=True)
class SavedSearchInfo:
    name: str
    query: str


def require_resource(session: Session, uid: str) -> None:
    """Refuse a uid the library does not have, or whose resource is in the bin."""
    require_resources(session, [uid])


def require_resources(session: Session, uids: Sequence[str]) -> None:
    """Every uid must name a resource outside the bin (checked before anything changes)."""
    wanted = list(dict.fromkeys(uids))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(session.scalars(select(Resource.uid).where(Resource.uid.in_(chunk))))
    missing = [uid for uid in wanted if uid not in known]
    if missing:
        raise UserDataError(f"There is no resource with uid {missing[0]!r}.")
    binned = resource_bin.in_bin(session, wanted)
    if binned:
        first = next(uid for uid in wanted if uid in binned)
        raise UserDataError(f"The resource {first!r} is in the bin; restore it first.")


# --- bookmarks -------------------------------------------------------------------------


def set_bookmark(session: Session, uid: str, note: str | None = None) -> BookmarkInfo:
    """Bookmark ``uid``; a given note replaces the old one, None keeps it."""
    require_resource(session, uid)
    bookmark = session.scalar(select(Bookmark).where(Bookmark.resource_uid == uid))
    if bookmark is None:
        bookmark = Bookmark(resource_uid=uid, note=note or "", created_at=datetime.now())
        session.add(bookmark)
    elif note is not None:
        bookmark.note = note
    session.flush()
    return BookmarkInfo(bookmark.resource_uid, bookmark.note, bookmark.created_at)


def remove_bookmark(session: Session, uid: str) -> bool:
    result = session.execute(delete(Bookmark).where(Bookmark.resource_uid == uid))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def bookmark(session: Session, uid: str) -> BookmarkInfo | None:
    row = session.scalar(select(Bookmark).where(Bookmark.resource_uid == uid))
    return BookmarkInfo(row.resource_uid, row.note, row.created_at) if row else None


def bookmarks(session: Session) -> list[BookmarkInfo]:
    rows = session.scalars(
        select(Bookmark)
        .where(resource_bin.not_binned(Bookmark.resource_uid))
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    )
    return [BookmarkInfo(b.resource_uid, b.note, b.created_at) for b in rows]


# --- collections -----------------------------------------------------------------------


def _collection(session: Session, name: str) -> Collection:
    found = session.scalar(select(Collection).where(Collection.name == name))
    if found is None:
        raise UserDataError(f"There is no collection named {name!r}.")
    return found


def _info(collection: Collection, hidden: set[str]) -> CollectionInfo:
    """The collection as shown: items whose resource is in the bin (``hidden``) left out."""
    return CollectionInfo(
        id=collection.id,
        name=collection.name,
        description=collection.description,
        objectives=collection.objectives,
        items=[
            CollectionItemInfo(i.resource_uid, i.note, i.position)
            for i in collection.items
            if i.resource_uid not in hidden
        ],
    )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserDataError("A collection needs a name.")
    if len(cleaned) > 300:
        raise UserDataError("A collection name can be at most 300 characters long.")
    return cleaned


def create_collection(session: Session, name: str, description: str = "") -> CollectionInfo:
    name = _clean_name(name)
    if session.scalar(select(Collection.id).where(Collection.name == name)) is not None:
        raise UserDataError(f"A collection named {name!r} already exists.")
    collection = Collection(name=name, description=description, objectives="", items=[])
    session.add(collection)
    session.flush()
    return _info(collection, set())


def collection(session: Session, name: str) -> CollectionInfo:
    return _info(_collection(session, name), resource_bin.binned_uids(session))


def collections(session: Session) -> list[CollectionInfo]:
    rows = session.scalars(select(Collection).order_by(func.lower(Collection.name)))
    hidden = resource_bin.binned_uids(session)
    return [_info(c, hidden) for c in rows]


def add_to_collection(session: Session, name: str, uids: Sequence[str]) -> int:
    """Append resources in the given order; ones already in the collection stay where they are."""
    target = _collection(session, name)
    present = {item.resource_uid for item in target.items}
    added = 0
    for uid in dict.fromkeys(uids):
        require_resource(session, uid)
        if uid in present:
            continue
        target.items.append(CollectionItem(resource_uid=uid, position=len(target.items), note=""))
        present.add(uid)
        added += 1
    return added


def remove_from_collection(session: Session, name: str, uid: str) -> CollectionItemInfo | None:
    """Take ``uid`` out; returns the item as it was (note, position), so it can be put back."""
    target = _collection(session, name)
    removed = next((item for item in target.items if item.resource_uid == uid), None)
    if removed is None:
        return None
    snapshot = CollectionItemInfo(removed.resource_uid, removed.note, removed.position)
    target.items = [item for item in target.items if item is not removed]
    _renumber(target)
    return snapshot


def put_back_in_collection(session: Session, name: str, item: CollectionItemInfo) -> None:
    """Undo ``remove_from_collection``: the item returns at its place, with its note."""
    target = _collection(session, name)
    if any(i.resource_uid == item.uid for i in target.items):
        return
    require_resource(session, item.uid)
    items = list(target.items)
    restored = CollectionItem(resource_uid=item.uid, note=item.note, position=item.position)
    items.insert(max(0, min(item.position, len(items))), restored)
    target.items = items
    _renumber(target)


def move_in_collection(session: Session, name: str, uid: str, new_position: int) -> None:
    target = _collection(session, name)
    items = list(target.items)
    moving = next((item for item in items if item.resource_uid == uid), None)
    if moving is None:
        raise UserDataError(f"{uid!r} is not in the collection {name!r}.")
    items.remove(moving)
    items.insert(max(0, min(new_position, len(items))), moving)
    target.items = items
    _renumber(target)


def set_order(session: Session, name: str, uids: Sequence[str]) -> None:
    """Reorder to exactly ``uids`` (a permutation of the items shown).

    Items whose resource is in the bin keep their places, so a restored
    resource comes back where it was."""
    target = _collection(session, name)
    hidden = resource_bin.binned_uids(session)
    by_uid = {item.resource_uid: item for item in target.items if item.resource_uid not in hidden}
    if sorted(by_uid) != sorted(uids):
        raise UserDataError("The new order must list exactly the collection's items.")
    shown = iter(uids)
    target.items = [
        item if item.resource_uid in hidden else by_uid[next(shown)] for item in target.items
    ]
    _renumber(target)


def _renumber(target: Collection) -> None:
    for position, item in enumerate(target.items):
        item.position = position


def set_item_note(session: Session, name: str, uid: str, note: str) -> None:
    target = _collection(session, name)
    for item in target.items:
        if item.resource_uid == uid:
            item.note = note
            return
    raise UserDataError(f"{uid!r} is not in the collection {name!r}.")


def update_collection(
    session: Session,
    name: str,
    *,
    new_name: str | None = None,
    description: str | None = None,
    objectives: str | None = None,
) -> CollectionInfo:
    target = _collection(session, name)
    if new_name is not None and _clean_name(new_name) != target.name:
        new_name = _clean_name(new_name)
        if session.scalar(select(Collection.id).where(Collection.name == new_name)) is not None:
            raise UserDataError(f"A collection named {new_name!r} already exists.")
        target.name = new_name
    if description is not None:
        target.description = description
    if objectives is not None:
        target.objectives = objectives
    session.flush()
    return _info(target, resource_bin.binned_uids(session))


def delete_collection(session: Session, name: str) -> CollectionInfo:
    """Delete and return what was deleted, so the caller can offer undo."""
    target = _collection(session, name)
    snapshot = _info(target, set())  # all items: undo brings back those in the bin too
    session.delete(target)
    return snapshot


def restore_collection(session: Session, snapshot: CollectionInfo) -> None:
    """Undo ``delete_collection``."""
    created = create_collection(session, snapshot.name, snapshot.description)
    target = session.get(Collection, created.id)
    assert target is not None
    target.objectives = snapshot.objectives
    target.items = [
        CollectionItem(resource_uid=i.uid, note=i.note, position=i.position) for i in snapshot.items
    ]


def collections_containing(session: Session, uid: str) -> list[str]:
    rows = session.scalars(
        select(Collection.name)
        .join(CollectionItem, CollectionItem.collection_id == Collection.id)
        .where(CollectionItem.resource_uid == uid)
        .order_by(Collection.name)
    )
    return list(rows)


# --- saved searches, history, playback --------------------------------------------------


def save_search(session: Session, name: str, query: str) -> SavedSearchInfo:
    name = " ".join(name.split())
    if not name:
        raise UserDataError("A saved search needs a name.")
    saved = session.scalar(select(SavedSearch).where(SavedSearch.name == name))
    if saved is None:
        session.add(SavedSearch(name=name, query=query, created_at=datetime.now()))
    else:
        saved.query = query
    return SavedSearchInfo(name, query)


def saved_searches(session: Session) -> list[SavedSearchInfo]:
    rows = session.scalars(select(SavedSearch).order_by(func.lower(SavedSearch.name)))
    return [SavedSearchInfo(s.name, s.query) for s in rows]


def delete_saved_search(session: Session, name: str) -> None:
    session.execute(delete(SavedSearch).where(SavedSearch.name == name))


def record_view(session: Session, uid: str, when: datetime | None = None) -> None:
    when = when or datetime.now()
    # One statement, so two windows (or two quick clicks) viewing at once cannot collide.
    upsert = sqlite_insert(HistoryEntry).values(resource_uid=uid, viewed_at=when)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[HistoryEntry.resource_uid], set_={"viewed_at": when}
        )
    )
    stale = select(HistoryEntry.id).order_by(HistoryEntry.viewed_at.desc()).offset(HISTORY_LIMIT)
    session.execute(delete(HistoryEntry).where(HistoryEntry.id.in_(stale)))


def recently_viewed(session: Session, limit: int = 50) -> list[tuple[str, datetime]]:
    rows = session.execute(
        select(HistoryEntry.resource_uid, HistoryEntry.viewed_at)
        .where(resource_bin.not_binned(HistoryEntry.resource_uid))
        .order_by(HistoryEntry.viewed_at.desc())
        .limit(limit)
    )
    return [(row.resource_uid, row.viewed_at) for row in rows]


def set_playback_position(session: Session, uid: str, seconds: float) -> None:
    entry = session.scalar(select(PlaybackPosition).where(PlaybackPosition.resource_uid == uid))
    if entry is None:
        session.add(PlaybackPosition(resource_uid=uid, seconds=seconds))
    else:
        entry.seconds = seconds


def playback_position(session: Session, uid: str) -> float:
    found = session.scalar(
        select(PlaybackPosition.seconds).where(PlaybackPosition.resource_uid == uid)
    )
    return float(found or 0.0)
