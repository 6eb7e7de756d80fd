"""What to export: a collection, the bookmarks or a list of uids, resolved to plain rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db import user_data
from resources_db.catalogue import FULL_RESOURCE
from resources_db.currency import effective_status
from resources_db.models import Resource
from resources_db.user_data import CollectionInfo, UserDataError

BOOKMARKS_TITLE = "Bookmarks"

_CHUNK = 500  # well under SQLite's limit on bound parameters


class ExportError(ValueError):
    """The export cannot be carried out; the message is one plain sentence for the user."""


@dataclass(frozen=True)
class ExportSelection:
    """What to export, in order: ``notes`` maps a uid to the trainer's note for it."""

    title: str
    uids: list[str]
    notes: dict[str, str]
    collection: CollectionInfo | None = None


def select_collection(session: Session, name: str) -> ExportSelection:
    """A collection's items in collection order, with their notes and the objectives."""
    try:
        info = user_data.collection(session, name)
    except UserDataError as error:
        raise ExportError(str(error)) from error
    return ExportSelection(
        title=info.name,
        uids=[item.uid for item in info.items],
        notes={item.uid: item.note for item in info.items if item.note},
        collection=info,
    )


def select_bookmarks(session: Session) -> ExportSelection:
    """Bookmarks newest first (as the app lists them), their notes as the notes."""
    marks = user_data.bookmarks(session)
    return ExportSelection(
        title=BOOKMARKS_TITLE,
        uids=[mark.uid for mark in marks],
        notes={mark.uid: mark.note for mark in marks if mark.note},
    )


def select_uids(session: Session, title: str, uids: list[str]) -> ExportSelection:
    """The given resources (e.g. a query's results) in the given order; unknown uids are dropped."""
    wanted = list(dict.fromkeys(uids))
    known: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        known.update(session.scalars(select(Resource.uid).where(Resource.uid.in_(chunk))))
    return ExportSelection(title=title, uids=[u for u in wanted if u in known], notes={})


def load_resources(session: Session, uids: Iterable[str]) -> list[Resource]:
    """The resources in the order given, skipping uids no longer in the catalogue.

    A collection may name a resource that a later import removed; the export
    carries what still exists rather than failing.
    """
    wanted = list(dict.fromkeys(uids))
    found: dict[str, Resource] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(Resource).where(Resource.uid.in_(wanted[start : start + _CHUNK]))
        found.update((r.uid, r) for r in session.scalars(query.options(*FULL_RESOURCE)))
    return [found[uid] for uid in wanted if uid in found]


def flat_row(resource: Resource, note: str) -> dict[str, Any]:
    """The fields a reading list shows, lists kept as lists (CSV joins them)."""
    published = resource.published
    return {
        "uid": resource.uid,
        "kind": resource.kind,
        "title": resource.title,
        "authors": [person.name for person in resource.authors],
        "organisations": [org.name for org in resource.organisations],
        "year": published.year if published else None,
        "published": published.isoformat() if published else "",
        "url": resource.url,
        "topics": resource.vocabulary("topic"),
        "audience": resource.vocabulary("audience"),
        "summary": resource.summary,
        "note": note,
        "journal": resource.journal,
        "volume": resource.volume,
        "issue": resource.issue,
        "pages": resource.pages,
        "doi": resource.doi,
        "status": effective_status(resource),
        "last_reviewed": _iso(resource.last_reviewed),
        "review_due": _iso(resource.review_due),
        "superseded_by": resource.superseded_by,
        "replaces": resource.replaces,
    }


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
