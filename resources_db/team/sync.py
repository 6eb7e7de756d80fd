"""Joining, syncing and leaving a team library: what the operations layer calls.

``sync`` pulls, then pushes. The server unreachable: ``TeamOfflineError`` and
nothing changed here. The login revoked: the team catalogue and the lists
others share leave this laptop; the person's bookmarks, notes, tags, private
collections and their own lists stay.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from resources_db.catalogue_writer import Lookup, write_fields
from resources_db.edits import EDITABLE_FIELDS, normal
from resources_db.library import Library
from resources_db.models import Collection, Resource
from resources_db.team import server
from resources_db.team.connection import connected, team_engine, translated
from resources_db.team.errors import TeamError, TeamRevokedError, TeamUsageError
from resources_db.team.local_models import (
    LINK_ID,
    TeamConflict,
    TeamLink,
    TeamList,
    TeamOutboxEntry,
    TeamResource,
)
from resources_db.team.pull import apply_pulled, read_server, remove_list, remove_resources
from resources_db.team.push import Conflict, apply_pushed, read_outbox, write_server
from resources_db.team.tracking import applying
from resources_db.team.urls import TeamUrl, parse_url

LOCK_NAME = "team-sync.lock"
LOCK_WAIT_S = 120


@dataclass(frozen=True)
class TeamStatus:
    url: str
    role: str
    last_sync: datetime | None
    pending: int

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "role": self.role,
            "last_sync": self.last_sync.isoformat(timespec="seconds") if self.last_sync else None,
            "pending": self.pending,
        }


@dataclass
class SyncReport:
    status: str  # ok or revoked
    pulled: int = 0
    pushed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "pulled": self.pulled,
            "pushed": self.pushed,
            "conflicts": [
                {"uid": c.key, "field": c.field, "yours": c.yours, "theirs": c.theirs,
                 "kept": c.kept}
                for c in self.conflicts
            ],
        }  # fmt: skip


def link_of(session: Session) -> TeamLink:
    link = session.get(TeamLink, LINK_ID)
    if link is None:
        raise TeamUsageError(
            "This library is not part of a team library; join one with 'imh-library team join URL'."
        )
    return link


@contextmanager
def sync_lock(library: Library) -> Iterator[None]:
    """One sync of a library at a time (the window's and the command line's)."""
    lock = FileLock(str(library.paths.root / LOCK_NAME), thread_local=False)
    try:
        lock.acquire(timeout=LOCK_WAIT_S)
    except Timeout as error:
        raise TeamError("Another sync of this library is still running; try again soon.") from error
    try:
        yield
    finally:
        lock.release()


def join(library: Library, url_text: str, password: str | None = None) -> TeamStatus:
    """Link this library to the team library at ``url_text`` (checked with the server first)."""
    url = parse_url(url_text)
    with library.db.session() as session:
        link = session.get(TeamLink, LINK_ID)
        if link is not None and link.url != url.text:
            raise TeamUsageError(
                f"This library is already joined to {link.url}; leave it first ('team leave')."
            )
    with connected(url, password) as connection:
        state = server.read_state(connection, url.login)
    with library.db.session() as session:
        link = session.get(TeamLink, LINK_ID)
        if link is None:
            link = TeamLink(id=LINK_ID, url=url.text, login=url.login, library_version=0)
            session.add(link)
        link.role = state.role
    return status(library)


def status(library: Library) -> TeamStatus:
    with library.db.session() as session:
        link = link_of(session)
        return TeamStatus(link.url, link.role, link.last_sync_at, _pending(session))


def _pending(session: Session) -> int:
    keys = select(TeamOutboxEntry.kind, TeamOutboxEntry.key).distinct().subquery()
    return session.scalar(select(func.count()).select_from(keys)) or 0


def is_team(library: Library, uid: str) -> bool:
    """Whether ``uid`` comes from the team library (else it is only on this laptop)."""
    with library.db.session() as session:
        found = session.get(TeamResource, uid)
        return found is not None and not found.deleted


def leave(library: Library) -> None:
    """Unlink: team resources and lists stay here as the person's own items."""
    with library.db.session() as session:
        link_of(session)
        for table in (TeamConflict, TeamOutboxEntry, TeamList, TeamResource, TeamLink):
            session.execute(delete(table))


def sync(
    library: Library, password: str | None = None, *, now: datetime | None = None
) -> SyncReport:
    """Pull, then push. ``TeamOfflineError`` when the server cannot be reached."""
    now = now or datetime.now()
    with sync_lock(library):
        with library.db.session() as session:
            link = link_of(session)
            session.expunge(link)
        url = parse_url(link.url)
        engine = team_engine(url, password)
        try:
            with translated(url):
                return _sync(library, engine, link, url, now)
        finally:
            engine.dispose()


def _sync(library: Library, engine: Any, link: TeamLink, url: TeamUrl, now: datetime) -> SyncReport:
    try:
        with translated(url):
            pulled = read_server(engine, link, library.paths.attachments_dir, now=now)
    except TeamRevokedError:
        revoked(library)
        return SyncReport("revoked")
    applied = apply_pulled(library, pulled, now=now)
    outbox = read_outbox(library, pulled.state.role, link.login)
    pushed = (
        write_server(engine, outbox, library.paths.attachments_dir) if not outbox.empty else None
    )
    if pushed is not None:
        apply_pushed(library, outbox, pushed, pulled.state.version)
    with library.db.session() as session:
        link_of(session).last_sync_at = now
    return SyncReport(
        "ok",
        pulled=applied.total,
        pushed=pushed.count if pushed else 0,
        conflicts=pushed.conflicts if pushed else [],
        refused=applied.refused,
    )


def revoked(library: Library) -> None:
    """The server no longer lets this login in: take the team's data off this laptop."""
    with library.db.session() as session:
        applying(session)
        link = link_of(session)
        remove_resources(session, sorted(session.scalars(select(TeamResource.uid))))
        for known in session.scalars(select(TeamList)).all():
            remove_list(session, link, known)
        session.execute(delete(TeamOutboxEntry))
        link.role, link.library_id, link.library_version = "revoked", "", 0
        link.last_reconcile_at = None


# --- sharing lists and taking one's own value back ----------------------------------------


def _collection(session: Session, name: str) -> Collection:
    found = session.scalar(select(Collection).where(Collection.name == name))
    if found is None:
        raise TeamUsageError(f"There is no collection named {name!r}.")
    return found


def share(library: Library, name: str) -> str:
    """Share the collection ``name`` with the team at the next sync; returns the list's id."""
    with library.db.session() as session:
        link = link_of(session)
        collection = _collection(session, name)
        known = session.scalar(select(TeamList).where(TeamList.collection_id == collection.id))
        if known is not None and known.owner != link.login:
            raise TeamUsageError(f"{name!r} is {known.owner}'s team list, not yours to share.")
        if known is None:
            known = TeamList(
                id=str(uuid.uuid4()), collection_id=collection.id, owner=link.login,
                version=0, deleted=False, base={},
            )  # fmt: skip
            session.add(known)
        known.deleted = False
        session.add(TeamOutboxEntry(kind="list", key=known.id))
        return known.id


def unshare(library: Library, name: str) -> None:
    """Stop sharing ``name``: the list leaves the others' laptops; it stays here, private."""
    with library.db.session() as session:
        link = link_of(session)
        collection = _collection(session, name)
        known = session.scalar(select(TeamList).where(TeamList.collection_id == collection.id))
        if known is None:
            raise TeamUsageError(f"{name!r} is not shared with the team.")
        if known.owner != link.login:
            raise TeamUsageError(
                f"{name!r} is {known.owner}'s team list; only they can unshare it."
            )
        known.deleted = True
        session.add(TeamOutboxEntry(kind="list", key=known.id))


@dataclass(frozen=True)
class ConflictInfo:
    id: int
    kind: str
    key: str
    field: str
    yours: Any
    theirs: Any
    at: datetime


def conflicts(library: Library) -> list[ConflictInfo]:
    with library.db.session() as session:
        rows = session.scalars(
            select(TeamConflict).where(TeamConflict.resolved.is_(False)).order_by(TeamConflict.id)
        )
        return [ConflictInfo(c.id, c.kind, c.key, c.field, c.yours, c.theirs, c.at) for c in rows]


def use_mine(library: Library, conflict_id: int) -> str:
    """Put the person's value back (a local edit, published at the next sync); returns the uid."""
    with library.db.session() as session:
        conflict = session.get(TeamConflict, conflict_id)
        if conflict is None or conflict.resolved or conflict.kind != "resource":
            raise TeamUsageError(f"There is no open conflict {conflict_id}.")
        resource = session.scalar(select(Resource).where(Resource.uid == conflict.key))
        field_name = next((f for f in EDITABLE_FIELDS if f == conflict.field), None)
        if resource is None or field_name is None:
            raise TeamUsageError(f"The value of {conflict.field} cannot be put back here.")
        value = conflict.yours
        if field_name == "published" and isinstance(value, str):
            value = datetime.fromisoformat(value).date()
        write_fields(resource, {field_name: normal(field_name, value)}, Lookup(session))
        conflict.resolved = True
        return conflict.key
