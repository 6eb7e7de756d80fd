"""What a table of results shows beyond a search hit, and orders the index cannot sort by.

The search index keeps what ranking and facets need; the date a resource was
added, its length, the user's tags and whether a feed brought it live only
here. These queries read them for the rows on screen (a page at a time), and
give the whole library's order by date added or by first author, for the
sorts the index has no column for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from resources_db import user_tags
from resources_db.models import HistoryEntry, Person, Resource, Subscription, resource_authors

_CHUNK = 500  # well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class ListingRow:
    uid: str
    number: int  # the order it came into this library (higher: later)
    added_at: datetime
    duration_seconds: int | None
    tags: tuple[str, ...]
    from_feed: bool  # brought by a subscribed feed
    viewed: bool  # the user has opened it (it is in the history)


@dataclass(frozen=True)
class BriefResource:
    """A resource as one line of results: what a search hit carries."""

    uid: str
    kind: str
    title: str
    organisations: tuple[str, ...]
    authors: tuple[str, ...]
    year: int | None
    url: str
    summary: str


def _chunks(uids: Iterable[str]) -> Iterable[list[str]]:
    wanted = list(dict.fromkeys(uids))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def listing_rows(session: Session, uids: Sequence[str]) -> dict[str, ListingRow]:
    """The table's extra columns for ``uids`` (those the library has)."""
    feeds = set(session.scalars(select(Subscription.title)))
    found: dict[str, ListingRow] = {}
    for chunk in _chunks(uids):
        tags = user_tags.tags_by_uid(session, chunk)
        viewed = set(
            session.scalars(
                select(HistoryEntry.resource_uid).where(HistoryEntry.resource_uid.in_(chunk))
            )
        )
        rows = session.execute(
            select(
                Resource.uid,
                Resource.id,
                Resource.added_at,
                Resource.duration_seconds,
                Resource.source,
            ).where(Resource.uid.in_(chunk))
        )
        for row in rows:
            found[row.uid] = ListingRow(
                row.uid,
                row.id,
                row.added_at,
                row.duration_seconds,
                tuple(tags.get(row.uid, ())),
                bool(row.source) and row.source in feeds,
                row.uid in viewed,
            )
    return found


def newest_number(session: Session) -> int:
    """The ``number`` of the resource added last (0 for an empty library)."""
    return session.scalar(select(func.max(Resource.id))) or 0


def added_times(session: Session) -> dict[str, datetime]:
    """When each resource was added to this library."""
    rows = session.execute(select(Resource.uid, Resource.added_at))
    return {row.uid: row.added_at for row in rows}


def first_authors(session: Session) -> dict[str, str]:
    """Each resource's first author (as its source orders them); none for resources without."""
    rows = session.execute(
        select(Resource.uid, Person.name)
        .join(resource_authors, resource_authors.c.resource_id == Resource.id)
        .join(Person, Person.id == resource_authors.c.person_id)
        .order_by(Resource.id, resource_authors.c.position, Person.name)
    )
    first: dict[str, str] = {}
    for row in rows:
        first.setdefault(row.uid, row.name)
    return first


def author_key(name: str) -> tuple[str, str]:
    """People sort by family name, then the whole name ("Sally Hogg" under H)."""
    words = name.casefold().split()
    return (words[-1] if words else "", name.casefold())


def brief_resources(session: Session, uids: Sequence[str]) -> list[BriefResource]:
    """``uids`` as lines of results, in the order given (unknown uids left out)."""
    found: dict[str, BriefResource] = {}
    for chunk in _chunks(uids):
        query = (
            select(Resource)
            .where(Resource.uid.in_(chunk))
            .options(selectinload(Resource.authors), selectinload(Resource.organisations))
        )
        for resource in session.scalars(query):
            found[resource.uid] = BriefResource(
                resource.uid,
                resource.kind,
                resource.title,
                tuple(org.name for org in resource.organisations),
                tuple(person.name for person in resource.authors),
                resource.published.year if resource.published else None,
                resource.url,
                resource.summary or resource.body[:400],
            )
    return [found[uid] for uid in uids if uid in found]
