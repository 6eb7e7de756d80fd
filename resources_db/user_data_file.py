"""All of a user's own data in one file, and merging such a file back in.

Bookmarks with notes, collections with objectives, order and notes, saved
searches, own tags, the bin, alerts and the private practice record (its words
sealed in the file while it is locked; the CPD suggestions with it): what a
person made, apart from the catalogue.
Merging never removes or overwrites anything already there; a note is only
filled in where empty. A deletion in the file holds in the library it is
merged into: those resources go to the bin there (and stay there if they
arrive later).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db import alerts, practice_backup, resource_bin, user_tags
from resources_db.models import BinEntry, Bookmark, Collection, CollectionItem, SavedSearch
from resources_db.practice_record import PracticeError

FORMAT = "imh-library-user-data"
VERSION = 1


class UserDataFileError(ValueError):
    """The file cannot be read as user data; one plain sentence."""


@dataclass
class MergeCounts:
    added: int = 0
    updated: int = 0


def user_data_dict(session: Session) -> dict[str, Any]:
    bookmarks = session.scalars(select(Bookmark).order_by(Bookmark.id))
    collections = session.scalars(select(Collection).order_by(Collection.name))
    searches = session.scalars(select(SavedSearch).order_by(SavedSearch.name))
    binned = session.scalars(select(BinEntry).order_by(BinEntry.id))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": datetime.now().isoformat(timespec="seconds"),
        "bookmarks": [{"uid": b.resource_uid, "note": b.note} for b in bookmarks],
        "collections": [
            {
                "name": c.name,
                "description": c.description,
                "objectives": c.objectives,
                "items": [{"uid": i.resource_uid, "note": i.note} for i in c.items],
            }
            for c in collections
        ],
        "saved_searches": [{"name": s.name, "query": s.query} for s in searches],
        "tags": [{"name": name, "uids": uids} for name, uids in user_tags.all_links(session)],
        "bin": [
            {"uid": b.resource_uid, "deleted_at": b.deleted_at.isoformat(timespec="seconds")}
            for b in binned
        ],
        "practice": practice_backup.backup_dict(session),
        # Alerts are the user's: what changed in what they use, and what they have seen.
        **alerts.backup_part(session),
    }


def write_user_data(session: Session, target: Path) -> Path:
    """Written beside the target first, so a full disk never leaves half a file."""
    data = json.dumps(user_data_dict(session), ensure_ascii=False, indent=2)
    handle, partial = tempfile.mkstemp(prefix=".user-data-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def looks_like_user_data(head: bytes) -> bool:
    return head.lstrip()[:1] == b"{" and FORMAT.encode() in head[:4096]


def parse_user_data(data: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserDataFileError(f"The user data file is not valid JSON ({error}).") from error
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        raise UserDataFileError("The file is not an IMH Library user data file.")
    if not isinstance(parsed.get("version"), int) or parsed["version"] > VERSION:
        raise UserDataFileError("The user data file comes from a newer IMH Library.")
    for key in ("bookmarks", "collections", "saved_searches", "tags", "bin", "alerts"):
        if not isinstance(parsed.get(key, []), list):
            raise UserDataFileError(f"The user data file's {key} are not a list.")
    return parsed


def merge_user_data(session: Session, data: dict[str, Any]) -> MergeCounts:
    counts = MergeCounts()
    for entry in _entries(data, "bookmarks", ("uid",)):
        _merge_bookmark(session, entry, counts)
    for entry in _entries(data, "collections", ("name",)):
        _merge_collection(session, entry, counts)
    for entry in _entries(data, "saved_searches", ("name", "query")):
        if session.scalar(select(SavedSearch).where(SavedSearch.name == entry["name"])) is None:
            session.add(SavedSearch(name=entry["name"], query=entry["query"]))
            counts.added += 1
    counts.added += _merge_tags(session, _entries(data, "tags", ("name",)))
    binned = [entry["uid"] for entry in _entries(data, "bin", ("uid",))]
    counts.added += len(resource_bin.put_in_bin(session, binned))
    counts.added += alerts.merge_part(session, data)
    try:
        counts.added += practice_backup.merge_backup(session, data.get("practice"))
    except PracticeError as error:
        raise UserDataFileError(str(error)) from error
    return counts


def _merge_tags(session: Session, entries: list[dict[str, Any]]) -> int:
    tagged = []
    for entry in entries:
        uids = [uid for uid in entry.get("uids") or [] if isinstance(uid, str) and uid]
        try:
            tagged.append((user_tags.clean_tag(entry["name"]), uids))
        except user_tags.TagError:
            continue  # a name this library cannot hold is left out rather than refusing the file
    return user_tags.merge_tag_links(session, tagged)


def _entries(data: dict[str, Any], key: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        e
        for e in data.get(key, [])
        if isinstance(e, dict) and all(isinstance(e.get(k), str) and e[k] for k in required)
    ]


def _merge_bookmark(session: Session, entry: dict[str, Any], counts: MergeCounts) -> None:
    note = str(entry.get("note") or "")
    mark = session.scalar(select(Bookmark).where(Bookmark.resource_uid == entry["uid"]))
    if mark is None:
        session.add(Bookmark(resource_uid=entry["uid"], note=note))
        counts.added += 1
    elif note and not mark.note:
        mark.note = note
        counts.updated += 1


def _merge_collection(session: Session, entry: dict[str, Any], counts: MergeCounts) -> None:
    target = session.scalar(select(Collection).where(Collection.name == entry["name"]))
    if target is None:
        target = Collection(
            name=entry["name"],
            description=str(entry.get("description") or ""),
            objectives=str(entry.get("objectives") or ""),
        )
        session.add(target)
        counts.added += 1
    elif entry.get("objectives") and not target.objectives:
        target.objectives = str(entry["objectives"])
        counts.updated += 1
    present = {item.resource_uid for item in target.items}
    for item in _entries(entry, "items", ("uid",)):
        if item["uid"] not in present:
            target.items.append(
                CollectionItem(
                    resource_uid=item["uid"],
                    note=str(item.get("note") or ""),
                    position=len(target.items),
                )
            )
            present.add(item["uid"])
