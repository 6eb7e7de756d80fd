"""Team reading lists on the laptop: each one a local collection, named in ``team_lists``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db.models import Collection, CollectionItem

ListDoc = dict[str, Any]


def list_doc(collection: Collection) -> ListDoc:
    """A collection as the server keeps a list: what is shared, in order, with item notes."""
    return {
        "name": collection.name,
        "description": collection.description,
        "objectives": collection.objectives,
        "items": [
            {"uid": item.resource_uid, "note": item.note}
            for item in sorted(collection.items, key=lambda i: i.position)
        ],
    }


def free_name(session: Session, wanted: str, owner: str, collection: Collection | None) -> str:
    """``wanted``, or ``wanted (owner)``, ... when a collection here already has the name."""
    candidates = [wanted, f"{wanted} ({owner})"]
    candidates += [f"{wanted} ({owner}) {n}" for n in range(2, 100)]
    for name in candidates:
        taken = session.scalar(select(Collection).where(Collection.name == name))
        if taken is None or taken is collection:
            return name
    raise ValueError(f"No free name for the reading list {wanted!r}.")


def write_list(session: Session, collection: Collection, doc: ListDoc, owner: str) -> None:
    """Make ``collection`` hold the list ``doc``; items are updated in place (uids are unique)."""
    collection.name = free_name(session, str(doc.get("name") or "Team list"), owner, collection)
    collection.description = str(doc.get("description") or "")
    collection.objectives = str(doc.get("objectives") or "")
    wanted: dict[str, str] = {}
    for item in doc.get("items") or []:
        if isinstance(item, dict) and isinstance(item.get("uid"), str) and item["uid"]:
            wanted.setdefault(item["uid"], str(item.get("note") or ""))
    current = {item.resource_uid: item for item in collection.items}
    for uid, item in current.items():
        if uid not in wanted:
            collection.items.remove(item)
    for position, (uid, note) in enumerate(wanted.items()):
        item = current.get(uid)
        if item is None:
            collection.items.append(CollectionItem(resource_uid=uid, note=note, position=position))
        else:
            item.note, item.position = note, position
