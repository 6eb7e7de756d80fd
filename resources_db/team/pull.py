"""Pull: what the server wrote since the last version seen, applied in one local transaction.

All pages are read inside one REPEATABLE READ transaction, so they are one
consistent snapshot, bounded by the library version read at its start. Only
then is anything written here, in one SQLite transaction through
``apply_pack`` (the search index follows through its queue): a pull cut off
at any point leaves the library as it was, and the next one starts again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from resources_db import index_queue, resource_bin
from resources_db.catalogue import FULL_RESOURCE
from resources_db.catalogue_writer import apply_pack
from resources_db.library import Library
from resources_db.models import (
    BinEntry,
    Collection,
    Organisation,
    Person,
    Resource,
    ResourceEdit,
)
from resources_db.packs import PackResource
from resources_db.team import server
from resources_db.team.bulk_new import write_new
from resources_db.team.documents import (
    Doc,
    changed_fields,
    drop_dangling_links,
    field_hashes,
    missing_blobs,
    pack_of,
    read_docs,
    resource_doc,
    store_blob,
)
from resources_db.team.local_lists import list_doc, write_list
from resources_db.team.local_models import (
    LINK_ID,
    TeamLink,
    TeamList,
    TeamOutboxEntry,
    TeamResource,
)
from resources_db.team.server import ListRow, ResourceRow, ServerState
from resources_db.team.tracking import applying

RECONCILE_EVERY = timedelta(days=1)
_CHUNK = 500


@dataclass
class Pulled:
    state: ServerState
    since: int
    resources: dict[str, ResourceRow] = field(default_factory=dict)
    organisations: list[dict[str, str]] = field(default_factory=list)
    people: list[dict[str, str]] = field(default_factory=list)
    lists: list[ListRow] = field(default_factory=list)
    # Every id the server shows this login, when a full reconcile was due.
    all_uids: set[str] | None = None
    all_lists: set[str] | None = None


def read_server(engine: Engine, link: TeamLink, attachments_dir: Path, *, now: datetime) -> Pulled:
    """Everything new since ``link``'s version, in one snapshot; attachments fetched once."""
    with engine.connect() as raw:
        connection = raw.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return _read_snapshot(connection, link, attachments_dir, now)


def _read_snapshot(
    connection: Connection, link: TeamLink, attachments_dir: Path, now: datetime
) -> Pulled:
    state = server.read_state(connection, link.login)
    same_library = link.library_id == state.library_id
    pulled = Pulled(state, link.library_version if same_library else 0)
    for page in server.resource_pages(connection, pulled.since, state.version):
        pulled.resources.update((row.uid, row) for row in page)
    pulled.organisations, pulled.people = server.directory_since(
        connection, pulled.since, state.version
    )
    pulled.lists = server.lists_since(connection, pulled.since, state.version)
    wanted = missing_blobs(
        (r.data for r in pulled.resources.values() if not r.deleted), attachments_dir
    )
    for sha, content in server.fetch_blobs(connection, sorted(wanted)):
        store_blob(attachments_dir, sha, wanted[sha], content)
    due = link.last_reconcile_at is None or now - link.last_reconcile_at >= RECONCILE_EVERY
    if due or not same_library:
        pulled.all_uids, pulled.all_lists = server.all_ids(connection)
    return pulled


@dataclass
class Applied:
    resources: int = 0
    lists: int = 0
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.resources + self.lists


def apply_pulled(library: Library, pulled: Pulled, *, now: datetime) -> Applied:
    with library.db.session() as session:
        applying(session)
        link = session.get(TeamLink, LINK_ID)
        assert link is not None
        if link.library_id and link.library_id != pulled.state.library_id:
            _forget_versions(session)  # the server's library was made anew
        applied = _apply_resources(session, library.paths.attachments_dir, pulled)
        applied.lists = _apply_lists(session, link, pulled.lists)
        if pulled.all_uids is not None and pulled.all_lists is not None:
            remove_resources(session, _gone(session, pulled.all_uids))
            _remove_lists(session, link, pulled.all_lists)
            link.last_reconcile_at = now
        link.library_id = pulled.state.library_id
        link.library_version = pulled.state.version
        link.role = pulled.state.role
        return applied


def _forget_versions(session: Session) -> None:
    session.execute(update(TeamResource).values(version=0))
    session.execute(update(TeamList).values(version=0))


def pending_keys(session: Session, kind: str) -> set[str]:
    return set(session.scalars(select(TeamOutboxEntry.key).where(TeamOutboxEntry.kind == kind)))


def team_rows(session: Session, uids: Iterable[str]) -> dict[str, TeamResource]:
    wanted = sorted(uids)
    found: dict[str, TeamResource] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(TeamResource).where(TeamResource.uid.in_(wanted[start : start + _CHUNK]))
        found.update((row.uid, row) for row in session.scalars(query))
    return found


def local_resources(
    session: Session, uids: Iterable[str], *, whole: bool = False
) -> dict[str, Resource]:
    """The resources here among ``uids``; ``whole`` loads what ``resource_doc`` reads at once."""
    wanted = sorted(uids)
    found: dict[str, Resource] = {}
    options = FULL_RESOURCE if whole else ()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(Resource).where(Resource.uid.in_(chunk)).options(*options)
        found.update((r.uid, r) for r in session.scalars(query))
    return found


def _apply_resources(session: Session, attachments_dir: Path, pulled: Pulled) -> Applied:
    known = _known_versions(session, pulled.resources)
    pending = pending_keys(session, "resource") & set(pulled.resources)
    mine = local_resources(session, pending, whole=True)
    bases = {uid: row.base for uid, row in team_rows(session, pending).items()}
    docs: dict[str, Doc] = {}
    binned: list[str] = []
    restored: list[str] = []
    # Written in bulk, not as ORM objects: a first sync records 100,000 of them.
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for uid, row in pulled.resources.items():
        have = known.get(uid)
        if have is not None and have[0] >= row.version:
            continue  # this laptop's own push coming back
        record = {"uid": uid, "version": row.version, "deleted": row.deleted}
        if row.deleted:
            binned.append(uid)
        elif uid in pending and uid in mine:
            # Changed here and not pushed yet: the push will merge field by field
            # against the version this laptop last agreed with, so that stays.
            local = resource_doc(mine[uid])
            ours = changed_fields(local, bases.get(uid, {}))
            docs[uid] = {**row.data, **{name: local[name] for name in ours}}
            if have is None:
                added.append({**record, "version": 0, "deleted": False, "base": {}})
            continue
        else:
            docs[uid] = row.data
            if have is not None and have[1]:
                restored.append(uid)
        record["base"] = field_hashes(row.data)
        (changed if have is not None else added).append(record)
    read = read_docs(docs, attachments_dir)
    _apply_docs(session, attachments_dir, read.resources, pulled)
    for start in range(0, len(added), 5000):
        session.execute(insert(TeamResource), added[start : start + 5000])
    if changed:
        session.execute(update(TeamResource), changed)
    present = set(local_resources(session, binned))
    resource_bin.put_in_bin(session, sorted(present))
    resource_bin.take_out(session, sorted(resource_bin.in_bin(session, restored)))
    return Applied(resources=len(docs) + len(binned), refused=read.refused)


def _known_versions(session: Session, uids: Iterable[str]) -> dict[str, tuple[int, bool]]:
    wanted = sorted(uids)
    found: dict[str, tuple[int, bool]] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(TeamResource.uid, TeamResource.version, TeamResource.deleted).where(
                TeamResource.uid.in_(wanted[start : start + _CHUNK])
            )
        )
        found.update((row.uid, (row.version, row.deleted)) for row in rows)
    return found


def _apply_docs(
    session: Session, attachments_dir: Path, resources: list[PackResource], pulled: Pulled
) -> None:
    targets = {r.fields["part_of"] for r in resources if r.fields.get("part_of")}
    for item in resources:
        if item.campaign:
            targets.update(day["uid"] for day in item.campaign["days"] if day["uid"])
    known = {r.uid for r in resources} | set(local_resources(session, targets))
    drop_dangling_links(resources, known)
    # Resources new here go in as bulk inserts first (links to them then resolve),
    # with the directory's word on the names they bring; only the rest take
    # apply_pack's object-by-object path.
    directory = (pulled.organisations, pulled.people)
    rest = write_new(session, resources, attachments_dir, directory)
    organisations, people = _new_directory(session, pulled)
    if rest or organisations or people:
        apply_pack(session, pack_of(rest, organisations, people), attachments_dir)


def _new_directory(
    session: Session, pulled: Pulled
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The directory entries that differ from what is here (a no-op write still costs)."""
    here_orgs = {
        o.name: {"name": o.name, "short_name": o.short_name, "description": o.description,
                 "url": o.url}
        for o in session.scalars(select(Organisation))
    }  # fmt: skip
    here_people = {
        p.name: {"name": p.name, "short_name": "", "description": p.description, "url": p.url}
        for p in session.scalars(select(Person))
    }
    return (
        [e for e in pulled.organisations if here_orgs.get(e["name"]) != e],
        [e for e in pulled.people if here_people.get(e["name"]) != {**e, "short_name": ""}],
    )


def _apply_lists(session: Session, link: TeamLink, rows: list[ListRow]) -> int:
    pending = pending_keys(session, "list")
    changed = 0
    for row in rows:
        known = session.get(TeamList, row.id)
        if known is not None and known.version >= row.version:
            continue
        changed += 1
        collection = (
            session.get(Collection, known.collection_id)
            if known is not None and known.collection_id is not None
            else None
        )
        if row.deleted:
            if collection is not None and row.owner != link.login:
                session.delete(collection)
            if known is not None:
                session.delete(known)
            continue
        if known is None:
            known = TeamList(id=row.id, owner=row.owner, version=0, deleted=False, base={})
            session.add(known)
        doc = row.doc
        if collection is None:
            collection = Collection(name=f"team list {row.id}")
            session.add(collection)
            session.flush()
            known.collection_id = collection.id
        elif row.id in pending:
            local = list_doc(collection)
            ours = changed_fields(local, known.base)
            write_list(session, collection, {**doc, **{n: local[n] for n in ours}}, row.owner)
            continue
        write_list(session, collection, doc, row.owner)
        known.version, known.base = row.version, field_hashes(doc)
    return changed


def _gone(session: Session, on_server: set[str]) -> list[str]:
    here = session.scalars(select(TeamResource.uid))
    return sorted(uid for uid in here if uid not in on_server)


def remove_resources(session: Session, uids: list[str]) -> None:
    """Take team resources off this laptop; the person's bookmarks, notes and tags stay."""
    for start in range(0, len(uids), _CHUNK):
        chunk = uids[start : start + _CHUNK]
        # Attachments, campaigns and links to names go with the row (ON DELETE CASCADE).
        session.execute(delete(Resource).where(Resource.uid.in_(chunk)))
        session.execute(delete(BinEntry).where(BinEntry.resource_uid.in_(chunk)))
        session.execute(delete(ResourceEdit).where(ResourceEdit.resource_uid.in_(chunk)))
        session.execute(delete(TeamResource).where(TeamResource.uid.in_(chunk)))
        session.execute(
            delete(TeamOutboxEntry).where(
                TeamOutboxEntry.kind == "resource", TeamOutboxEntry.key.in_(chunk)
            )
        )
    index_queue.enqueue(session, uids)


def _remove_lists(session: Session, link: TeamLink, on_server: set[str]) -> None:
    for known in session.scalars(select(TeamList)).all():
        if known.id in on_server or known.version == 0:
            continue  # still there, or shared here and not pushed yet
        remove_list(session, link, known)


def remove_list(session: Session, link: TeamLink, known: TeamList) -> None:
    """Forget a team list; someone else's goes from this laptop, one's own stays as private."""
    if known.owner != link.login and known.collection_id is not None:
        collection = session.get(Collection, known.collection_id)
        if collection is not None:
            session.delete(collection)
    session.delete(known)
