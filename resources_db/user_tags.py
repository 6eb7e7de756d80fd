"""The user's own tags: names of their choosing on any resource, never touched by imports.

A tag exists while some resource carries it (a resource in the bin counts).
Names are trimmed, compared without regard to case (``Tag.folded``), and keep
the spelling first given. Every change queues the resources it touched, since
the search index holds their tags (``tag:NAME`` and the Tags facet).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from resources_db import index_queue
from resources_db.errors import UserDataError
from resources_db.models import BinEntry, Resource, ResourceTag, Tag

MAX_TAG_LENGTH = 100
_CHUNK = 500  # well under SQLite's limit on bound parameters


class TagError(UserDataError):
    """A tag request that cannot be carried out; one plain sentence."""


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int  # resources carrying it, leaving out those in the bin


def clean_tag(name: str) -> str:
    """The tag name as stored: spaces collapsed; refused when empty, too long or with a comma."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise TagError("A tag needs a name.")
    if "," in cleaned:
        # Facets keep a resource's tags as one comma-separated list.
        raise TagError(f"The tag {cleaned!r} has a comma, which a tag cannot hold.")
    if len(cleaned) > MAX_TAG_LENGTH:
        raise TagError(f"A tag can be at most {MAX_TAG_LENGTH} characters long.")
    return cleaned


def _fold(name: str) -> str:
    return name.casefold()


def _find(session: Session, name: str) -> Tag | None:
    return session.scalar(select(Tag).where(Tag.folded == _fold(clean_tag(name))))


def _get_or_create(session: Session, name: str) -> Tag:
    name = clean_tag(name)
    found = _find(session, name)
    if found is None:
        found = Tag(name=name, folded=_fold(name))
        session.add(found)
        session.flush()
    return found


def _require(session: Session, name: str) -> Tag:
    found = _find(session, name)
    if found is None:
        raise TagError(f"There is no tag named {clean_tag(name)!r}.")
    return found


def _tagged(session: Session, tag: Tag) -> set[str]:
    query = select(ResourceTag.resource_uid).where(ResourceTag.tag_id == tag.id)
    return set(session.scalars(query))


def add_tags(session: Session, uids: Sequence[str], names: Sequence[str]) -> int:
    """Tag every resource with every name; returns how many tags were new to a resource."""
    cleaned = list(dict.fromkeys(clean_tag(name) for name in names))
    if not cleaned:
        raise TagError("Name at least one tag.")
    added = 0
    for name in cleaned:
        tag = _get_or_create(session, name)
        present = _tagged(session, tag)
        for uid in dict.fromkeys(uids):
            if uid not in present:
                session.add(ResourceTag(tag_id=tag.id, resource_uid=uid))
                added += 1
    index_queue.enqueue(session, dict.fromkeys(uids))
    return added


def remove_tags(session: Session, uids: Sequence[str], names: Sequence[str]) -> int:
    """Take the tags off the resources; returns how many were removed."""
    tags = [_require(session, name) for name in dict.fromkeys(names)]
    removed = 0
    for tag in tags:
        result = session.execute(
            delete(ResourceTag)
            .where(ResourceTag.tag_id == tag.id)
            .where(ResourceTag.resource_uid.in_(list(uids)))
        )
        removed += result.rowcount  # type: ignore[attr-defined]
    drop_unused(session)
    index_queue.enqueue(session, dict.fromkeys(uids))
    return removed


def drop_unused(session: Session) -> None:
    """A tag no resource carries any more is gone."""
    used = select(ResourceTag.tag_id)
    session.execute(delete(Tag).where(Tag.id.not_in(used)))


def tags_of(session: Session, uid: str) -> list[str]:
    return tags_by_uid(session, [uid]).get(uid, [])


def tags_by_uid(session: Session, uids: Iterable[str]) -> dict[str, list[str]]:
    """Each resource's tags, sorted by name; resources with none are left out."""
    wanted = list(dict.fromkeys(uids))
    found: dict[str, list[str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(ResourceTag.resource_uid, Tag.name)
            .join(Tag, Tag.id == ResourceTag.tag_id)
            .where(ResourceTag.resource_uid.in_(wanted[start : start + _CHUNK]))
            .order_by(Tag.folded)
        )
        for uid, name in rows:
            found.setdefault(uid, []).append(name)
    return found


def tag_counts(session: Session) -> list[TagCount]:
    """Tags with how many resources outside the bin carry them, by name; unused ones left out."""
    visible = (
        select(ResourceTag.tag_id, func.count().label("n"))
        .join(Resource, Resource.uid == ResourceTag.resource_uid)
        .where(ResourceTag.resource_uid.not_in(select(BinEntry.resource_uid)))
        .group_by(ResourceTag.tag_id)
        .subquery()
    )
    rows = session.execute(
        select(Tag.name, visible.c.n).join(visible, visible.c.tag_id == Tag.id).order_by(Tag.folded)
    )
    return [TagCount(name, count) for name, count in rows]


def rename_tag(session: Session, old: str, new: str) -> list[str]:
    """Rename a tag (a change of case too); returns the uids that carry it.

    Renaming to another tag's name is a merge, and refused here."""
    tag = _require(session, old)
    new = clean_tag(new)
    other = _find(session, new)
    if other is not None and other.id != tag.id:
        raise TagError(f"A tag named {other.name!r} already exists; merge the two instead.")
    tag.name, tag.folded = new, _fold(new)
    uids = sorted(_tagged(session, tag))
    index_queue.enqueue(session, uids)
    return uids


def merge_tags(session: Session, names: Sequence[str], into: str) -> list[str]:
    """Give every resource tagged with any of ``names`` the tag ``into`` instead.

    ``into`` may be new or one of ``names``; returns the uids that changed."""
    target = _get_or_create(session, into)
    sources = [tag for tag in (_require(session, name) for name in names) if tag.id != target.id]
    if not sources:
        raise TagError("Name at least one other tag to merge.")
    present = _tagged(session, target)
    changed: set[str] = set()
    for tag in sources:
        for uid in _tagged(session, tag):
            changed.add(uid)
            if uid not in present:
                session.add(ResourceTag(tag_id=target.id, resource_uid=uid))
                present.add(uid)
        session.execute(delete(ResourceTag).where(ResourceTag.tag_id == tag.id))
        session.delete(tag)
    session.flush()
    index_queue.enqueue(session, sorted(changed))
    return sorted(changed)


def merge_tag_links(session: Session, tagged: Sequence[tuple[str, Sequence[str]]]) -> int:
    """Add (name, uids) pairs from a file or a pack to the user's tags; nothing is removed.

    Returns how many tags were new to a resource."""
    added = 0
    for name, uids in tagged:
        if uids:
            added += add_tags(session, uids, [name])
    return added


def all_links(session: Session) -> list[tuple[str, list[str]]]:
    """Every tag with the uids carrying it (bin included), for the user-data file."""
    rows = session.execute(
        select(Tag.name, ResourceTag.resource_uid)
        .join(ResourceTag, ResourceTag.tag_id == Tag.id)
        .order_by(Tag.folded, ResourceTag.resource_uid)
    )
    grouped: dict[str, list[str]] = {}
    for name, uid in rows:
        grouped.setdefault(name, []).append(uid)
    return list(grouped.items())


def delete_links(session: Session, uids: Sequence[str]) -> int:
    """Remove every tag from these resources (the bin being emptied); returns how many."""
    removed = 0
    for start in range(0, len(uids), _CHUNK):
        result = session.execute(
            delete(ResourceTag).where(ResourceTag.resource_uid.in_(uids[start : start + _CHUNK]))
        )
        removed += result.rowcount  # type: ignore[attr-defined]
    drop_unused(session)
    return removed
