"""Push: the outbox, written with ``UPDATE … WHERE version = seen``, conflicts kept.

The outbox is read into plain data, the server written in one transaction,
then the laptop updated in one transaction. A push cut off before the
server's commit changed nothing there; one cut off after it is repeated by the
next sync and finds its own values already on the server (retries are
idempotent: ids are made on the laptop, and a value the server already has is
no change and no conflict). Fields changed only here are written; a field
changed on both sides keeps the server's value, and the person's is recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.orm import Session

from resources_db import resource_bin
from resources_db.catalogue_writer import apply_pack, attachment_path
from resources_db.library import Library
from resources_db.models import Collection, Organisation, Person, Resource, ResourceEdit
from resources_db.team import server
from resources_db.team.documents import (
    Doc,
    changed_fields,
    field_hashes,
    pack_of,
    read_docs,
    resource_doc,
)
from resources_db.team.local_lists import ListDoc, list_doc, write_list
from resources_db.team.local_models import (
    LINK_ID,
    TeamConflict,
    TeamLink,
    TeamList,
    TeamOutboxEntry,
    TeamResource,
)
from resources_db.team.pull import local_resources, team_rows
from resources_db.team.server import ListRow, ResourceRow
from resources_db.team.tracking import applying

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Conflict:
    kind: str  # resource or list
    key: str  # the resource's uid or the list's id
    field: str
    yours: Any
    theirs: Any
    kept: str = "theirs"


@dataclass
class ResourceWork:
    uid: str
    doc: Doc | None  # None: gone from this laptop (the bin was emptied)
    binned: bool
    version: int
    base: dict[str, str]
    deleted: bool

    @property
    def new(self) -> bool:
        return self.version == 0


@dataclass
class ListWork:
    id: str
    doc: ListDoc | None  # None: the collection was deleted here
    unshare: bool
    version: int
    base: dict[str, str]


@dataclass
class Outbox:
    up_to: int = 0
    keys: set[tuple[str, str]] = field(default_factory=set)
    resources: list[ResourceWork] = field(default_factory=list)
    lists: list[ListWork] = field(default_factory=list)
    # The names the pushed resources use, with what this laptop knows of them.
    directory: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.keys


def read_outbox(library: Library, role: str, login: str) -> Outbox:
    with library.db.session() as session:
        outbox = Outbox(up_to=session.scalar(select(func.max(TeamOutboxEntry.id))) or 0)
        rows = session.execute(select(TeamOutboxEntry.kind, TeamOutboxEntry.key).distinct())
        outbox.keys = {(row.kind, row.key) for row in rows}
        uids = sorted(key for kind, key in outbox.keys if kind == "resource")
        if role == "curator":  # a former curator's queued changes cannot be published now
            outbox.resources = _resource_work(session, uids)
            outbox.directory = _directory(session, outbox.resources)
        for list_id in sorted(key for kind, key in outbox.keys if kind == "list"):
            work = _list_work(session, list_id, login)
            if work is not None:
                outbox.lists.append(work)
        return outbox


def _resource_work(session: Session, uids: list[str]) -> list[ResourceWork]:
    team = team_rows(session, uids)
    local = local_resources(session, uids, whole=True)
    binned = resource_bin.in_bin(session, uids)
    work = []
    for uid in uids:
        known, resource = team.get(uid), local.get(uid)
        if known is None and resource is None:
            continue
        work.append(
            ResourceWork(
                uid,
                resource_doc(resource) if resource is not None else None,
                uid in binned,
                known.version if known else 0,
                dict(known.base) if known else {},
                known.deleted if known else False,
            )
        )
    return work


def _directory(session: Session, work: list[ResourceWork]) -> dict[tuple[str, str], dict[str, str]]:
    orgs = {n for w in work if w.doc for n in w.doc["organisations"]}
    people = {n for w in work if w.doc for n in w.doc["authors"]}
    found: dict[tuple[str, str], dict[str, str]] = {}
    for org in session.scalars(select(Organisation).where(Organisation.name.in_(orgs))):
        found["organisation", org.name] = {
            "name": org.name,
            "short_name": org.short_name,
            "description": org.description,
            "url": org.url,
        }
    for person in session.scalars(select(Person).where(Person.name.in_(people))):
        found["person", person.name] = {
            "name": person.name,
            "short_name": "",
            "description": person.description,
            "url": person.url,
        }
    return found


def _list_work(session: Session, list_id: str, login: str) -> ListWork | None:
    known = session.get(TeamList, list_id)
    if known is None or known.owner != login:
        return None
    collection = session.get(Collection, known.collection_id) if known.collection_id else None
    doc = list_doc(collection) if collection is not None else None
    return ListWork(list_id, doc, known.deleted, known.version, dict(known.base))


@dataclass
class ResourceResult:
    work: ResourceWork
    row: ResourceRow
    conflicts: list[Conflict]


@dataclass
class ListResult:
    work: ListWork
    row: ListRow | None  # None: unshared or gone
    conflicts: list[Conflict]


@dataclass
class Pushed:
    resources: list[ResourceResult] = field(default_factory=list)
    lists: list[ListResult] = field(default_factory=list)
    version: int = 0  # the version this push's rows carry

    @property
    def count(self) -> int:
        return len(self.resources) + len(self.lists)

    @property
    def conflicts(self) -> list[Conflict]:
        found = [c for r in self.resources for c in r.conflicts]
        return found + [c for r in self.lists for c in r.conflicts]


def write_server(engine: Engine, outbox: Outbox, attachments_dir: Path) -> Pushed:
    pushed = Pushed()
    with engine.begin() as connection:
        pushed.version = server.begin_write(connection)
        docs = [w.doc for w in outbox.resources if w.doc is not None]
        _send_blobs(connection, docs, attachments_dir)
        _send_directory(connection, outbox)
        added = _insert_new(connection, outbox.resources)
        pushed.resources += added
        done = {result.work.uid for result in added}
        for work in outbox.resources:
            if work.uid in done:
                continue
            result = _push_resource(connection, work)
            if result is not None:
                pushed.resources.append(result)
        for list_work in outbox.lists:
            list_result = _push_list(connection, list_work)
            if list_result is not None:
                pushed.lists.append(list_result)
    return pushed


INSERT_BATCH = 1000


def _insert_new(connection: Connection, work: list[ResourceWork]) -> list[ResourceResult]:
    """Resources new to the server, added a thousand per statement (a curator's import)."""
    new = [w for w in work if w.new and w.doc is not None]
    results = []
    for start in range(0, len(new), INSERT_BATCH):
        batch = new[start : start + INSERT_BATCH]
        versions = server.insert_resources(
            connection, [(w.uid, w.doc or {}, w.binned) for w in batch]
        )
        for w in batch:
            if w.uid in versions:
                row = ResourceRow(w.uid, versions[w.uid], w.binned, w.doc or {})
                results.append(ResourceResult(w, row, []))
    return results


def _send_blobs(connection: Connection, docs: list[Doc], attachments_dir: Path) -> None:
    wanted = {
        a["sha256"]: a for doc in docs for a in doc.get("attachments") or [] if a.get("sha256")
    }
    if not wanted:
        return
    have = server.known_blobs(connection, sorted(wanted))
    for sha, attachment in sorted(wanted.items()):
        if sha in have:
            continue
        path = attachment_path(attachments_dir, sha, attachment["filename"])
        server.insert_blob(connection, sha, attachment["media_type"], path.read_bytes())


def _send_directory(connection: Connection, outbox: Outbox) -> None:
    for (kind, _name), entry in sorted(outbox.directory.items()):
        server.upsert_directory(connection, kind, entry)


def _push_resource(connection: Connection, work: ResourceWork) -> ResourceResult | None:
    want_deleted = work.binned or work.doc is None
    doc = work.doc or {}
    if work.new:
        if work.doc is None:
            return None
        version = server.insert_resource(connection, work.uid, doc, want_deleted)
        if version is not None:
            return ResourceResult(work, ResourceRow(work.uid, version, want_deleted, doc), [])
    ours = changed_fields(doc, work.base)
    if not work.new and not ours and want_deleted == work.deleted:
        return None
    patch = {name: doc[name] for name in ours}
    if not work.new:
        version = server.update_resource(connection, work.uid, patch, want_deleted, work.version)
        if version is not None:
            row = server.read_resource(connection, work.uid)
            assert row is not None
            return ResourceResult(work, row, [])
    return _merge_resource(connection, work, patch, want_deleted)


def _merge_resource(
    connection: Connection, work: ResourceWork, patch: dict[str, Any], want_deleted: bool
) -> ResourceResult | None:
    """Someone wrote the row since this laptop saw it: merge field by field."""
    current = server.lock_resource(connection, work.uid)
    if current is None:
        log.warning("Team resource %s is not on the server and could not be added.", work.uid)
        return None
    theirs = set(changed_fields(current.data, work.base))
    conflicts, merged = [], {}
    for name, value in patch.items():
        if name not in theirs:
            merged[name] = value
        elif current.data.get(name) != value:
            conflicts.append(Conflict("resource", work.uid, name, value, current.data.get(name)))
    # The server's delete or restore since then wins over this laptop's.
    deleted = current.deleted if current.deleted != work.deleted else want_deleted
    if not merged and deleted == current.deleted:
        return ResourceResult(work, current, conflicts)
    version = server.update_resource(connection, work.uid, merged, deleted, current.version)
    assert version is not None  # the row is locked by this transaction
    row = ResourceRow(work.uid, version, deleted, {**current.data, **merged})
    return ResourceResult(work, row, conflicts)


def _push_list(connection: Connection, work: ListWork) -> ListResult | None:
    if work.unshare or work.doc is None:
        if work.version:
            server.tombstone_list(connection, work.id)
        return ListResult(work, None, [])
    if work.version == 0:
        version = server.insert_list(connection, work.id, work.doc, False)
        if version is not None:
            return ListResult(work, ListRow(work.id, "", version, False, work.doc), [])
    ours = changed_fields(work.doc, work.base)
    if work.version and not ours:
        return None
    if work.version:
        version = server.update_list(connection, work.id, work.doc, False, work.version)
        if version is not None:
            return ListResult(work, ListRow(work.id, "", version, False, work.doc), [])
    current = server.lock_list(connection, work.id)
    if current is None:
        log.warning("Team list %s could not be written (not this login's).", work.id)
        return None
    theirs = set(changed_fields(current.doc, work.base))
    conflicts = []
    merged = dict(current.doc)
    for name in ours:
        if name not in theirs:
            merged[name] = work.doc[name]
        elif current.doc.get(name) != work.doc[name]:
            conflicts.append(Conflict("list", work.id, name, work.doc[name], current.doc.get(name)))
    version = server.update_list(connection, work.id, merged, current.deleted, current.version)
    assert version is not None
    return ListResult(
        work, ListRow(work.id, current.owner, version, current.deleted, merged), conflicts
    )


def apply_pushed(library: Library, outbox: Outbox, pushed: Pushed, pulled_version: int) -> None:
    """Record what the server now holds; where it kept its own value, show it here too."""
    with library.db.session() as session:
        applying(session)
        link = session.get(TeamLink, LINK_ID)
        if link is not None and link.library_version == pulled_version == pushed.version - 1:
            # Nobody wrote between this laptop's pull and its push: every row up to
            # the push's version is here already, so the next pull need not bring
            # this laptop's own rows back.
            link.library_version = pushed.version
        known = team_rows(session, [r.work.uid for r in pushed.resources])
        redo: dict[str, Doc] = {}
        for result in pushed.resources:
            row = result.row
            team = known.get(row.uid)
            if team is None:
                team = TeamResource(uid=row.uid)
                session.add(team)
            team.version, team.deleted, team.base = row.version, row.deleted, field_hashes(row.data)
            # Published (or overruled): the team's value is now the one to follow.
            _forget_edits(session, row.uid)
            if result.conflicts or _differs(result.work.doc, row.data):
                # Merged with someone else's change, or theirs kept: show the server's row.
                redo[row.uid] = row.data
            if row.deleted != result.work.binned and result.work.doc is not None:
                _follow_deletion(session, row.uid, row.deleted)
        if redo:
            read = read_docs(redo, library.paths.attachments_dir)
            apply_pack(session, pack_of(read.resources, [], []), library.paths.attachments_dir)
        for list_result in pushed.lists:
            _apply_list_result(session, list_result)
        for conflict in pushed.conflicts:
            session.add(
                TeamConflict(
                    kind=conflict.kind,
                    key=conflict.key,
                    field=conflict.field,
                    yours=conflict.yours,
                    theirs=conflict.theirs,
                    kept=conflict.kept,
                )
            )
        session.execute(delete(TeamOutboxEntry).where(TeamOutboxEntry.id <= outbox.up_to))


def _differs(local: dict[str, Any] | None, server_doc: dict[str, Any]) -> bool:
    return local is not None and bool(changed_fields(local, field_hashes(server_doc)))


def _forget_edits(session: Session, uid: str) -> None:
    """A curator's edits, once pushed, are the team's values: later pulls must not keep
    the old ones as personal edits (and where the server's won, its value shows)."""
    session.execute(delete(ResourceEdit).where(ResourceEdit.resource_uid == uid))


def _follow_deletion(session: Session, uid: str, deleted: bool) -> None:
    if session.scalar(select(Resource.id).where(Resource.uid == uid)) is None:
        return
    if deleted:
        resource_bin.put_in_bin(session, [uid])
    else:
        resource_bin.take_out(session, [uid])


def _apply_list_result(session: Session, result: ListResult) -> None:
    known = session.get(TeamList, result.work.id)
    if known is None:
        return
    if result.row is None:
        session.delete(known)
        return
    known.version, known.base = result.row.version, field_hashes(result.row.doc)
    if _differs(result.work.doc, result.row.doc) and known.collection_id is not None:
        collection = session.get(Collection, known.collection_id)
        if collection is not None:
            write_list(session, collection, result.row.doc, known.owner)
