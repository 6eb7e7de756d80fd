"""Noticing local changes to team data in the transaction that makes them.

A ``before_flush`` hook (like the search index's queue) sees every resource,
bin entry and collection a transaction changes. On a joined library:

- a curator's changes to the catalogue, and anyone's changes to the lists they
  share, are queued in ``team_outbox`` for the next push;
- a member's change to a team resource, and anyone's change to a list someone
  else shares, are refused before anything is written (``TeamRefusedError``).

Sync itself applies the server's rows with ``applying(session)`` set, so what
arrives from the server is never queued to be sent back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from resources_db.models import (
    Attachment,
    BinEntry,
    Campaign,
    Collection,
    CollectionItem,
    IndexQueueEntry,
    Resource,
    ResourceEdit,
)
from resources_db.team.errors import TeamRefusedError
from resources_db.team.local_models import (
    LINK_ID,
    TeamLink,
    TeamList,
    TeamOutboxEntry,
    TeamResource,
)

APPLYING = "imh_team_applying"
_CHUNK = 500


def applying(session: Session) -> Session:
    """Mark ``session`` as sync's own: its changes are the server's, not the person's."""
    session.info[APPLYING] = True
    return session


@dataclass
class _Touched:
    uids: set[str] = field(default_factory=set)
    collection_ids: set[int] = field(default_factory=set)
    # Every catalogue change queues its uid for the search index in the same
    # transaction, bulk ones (a restore from the bin) included: for a curator,
    # that queue says what to publish.
    queued: set[str] = field(default_factory=set)


def _touched(session: Session) -> _Touched:
    touched = _Touched()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue
        if isinstance(obj, IndexQueueEntry):
            touched.queued.add(obj.uid)
        elif isinstance(obj, Resource):
            only_files = obj in session.dirty and _changed(obj) <= {"attachments", "updated_at"}
            (touched.queued if only_files else touched.uids).add(obj.uid)
        elif isinstance(obj, Attachment) and obj.resource is not None:
            # A file kept for offline use (an episode's audio) is the person's own
            # copy: a member may download one; a curator's is published.
            touched.queued.add(obj.resource.uid)
        elif isinstance(obj, Campaign) and obj.resource is not None:
            touched.uids.add(obj.resource.uid)
        elif isinstance(obj, BinEntry | ResourceEdit):
            touched.uids.add(obj.resource_uid)
        elif isinstance(obj, Collection) and obj.id is not None:
            touched.collection_ids.add(obj.id)
        elif isinstance(obj, CollectionItem) and obj.collection_id is not None:
            touched.collection_ids.add(obj.collection_id)
    return touched


def _changed(obj: object) -> set[str]:
    return {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}


def _team_uids(session: Session, uids: Iterable[str]) -> set[str]:
    wanted = sorted(uids)
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        query = select(TeamResource.uid).where(
            TeamResource.uid.in_(wanted[start : start + _CHUNK]), TeamResource.deleted.is_(False)
        )
        found.update(session.scalars(query))
    return found


@event.listens_for(Session, "before_flush")
def _track_team_changes(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(APPLYING):
        return
    with session.no_autoflush:
        # Looked up before the objects are walked: an unjoined library (most)
        # pays one small query per flush and nothing else.
        link = session.get(TeamLink, LINK_ID)
        if link is None or link.role not in ("curator", "member"):
            return
        touched = _touched(session)
        _check_resources(session, link, touched)
        _check_lists(session, link, touched.collection_ids)


def _check_resources(session: Session, link: TeamLink, touched: _Touched) -> None:
    if link.role == "curator":
        # A curator's imports, edits and deletes are all published.
        uids = sorted(touched.uids | touched.queued)
        session.add_all(TeamOutboxEntry(kind="resource", key=uid) for uid in uids)
        return
    if not touched.uids:
        return
    team = _team_uids(session, touched.uids)
    if team:
        first = sorted(team)[0]
        raise TeamRefusedError(
            f"{first} is in the team catalogue, which only curators can change; "
            "nothing was changed."
        )


def _check_lists(session: Session, link: TeamLink, collection_ids: set[int]) -> None:
    if not collection_ids:
        return
    shared = session.scalars(
        select(TeamList).where(
            TeamList.collection_id.in_(sorted(collection_ids)), TeamList.deleted.is_(False)
        )
    ).all()
    for team_list in shared:
        if team_list.owner != link.login:
            raise TeamRefusedError(
                f"This reading list is shared by {team_list.owner}, and only they can "
                "change it; nothing was changed."
            )
        session.add(TeamOutboxEntry(kind="list", key=team_list.id))
