"""Resources new to this laptop, written in bulk: what makes a first sync fast.

``catalogue_writer.apply_pack`` builds an ORM object for every resource, name
link and attachment and flushes them all (about a millisecond a resource: the
bulk of a first sync). A resource this library has never held (no row, not in
the bin) needs none of what that path is for: no edit to keep, no status to
compare, no alert to raise. So its rows go in as a few executemany inserts in
the caller's transaction, with its uid queued for the search index as the
``before_flush`` hook would queue it. Anything else (an update, a campaign, a
superseded resource whose replacement is to be linked) is handed back for
``apply_pack``, which the caller runs afterwards so that links to these rows
resolve.

The values written are the ones ``apply_pack`` writes for a new resource;
``tests/team/test_first_sync_bulk.py`` holds the two paths to the same catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from resources_db import edits, resource_bin
from resources_db.catalogue_writer import UID_CHUNK, store_attachment
from resources_db.currency import content_hash
from resources_db.currency_terms import CURRENCY_FIELDS
from resources_db.models import (
    Attachment,
    IndexQueueEntry,
    Organisation,
    Person,
    Resource,
    Term,
    resource_authors,
    resource_organisations,
    resource_terms,
)
from resources_db.packs import PackResource

_INSERT_CHUNK = 5000
# A pull's directory entries: organisations, then people (name, short_name, description, url).
Directory = tuple[Sequence[Mapping[str, str]], Sequence[Mapping[str, str]]]
# The model's own defaults, for a currency field the source leaves out.
_CURRENCY_DEFAULTS = {"last_reviewed": None, "review_due": None, "superseded_by": "",
                      "replaces": ""}  # fmt: skip


@dataclass
class _New:
    item: PackResource
    values: dict[str, edits.FieldValue]  # the editable fields, as apply_pack normalises them
    id: int = 0

    def names(self, field: str) -> tuple[str, ...]:
        value = self.values[field]
        return value if isinstance(value, tuple) else ()


def write_new(
    session: Session,
    resources: list[PackResource],
    attachments_dir: Path,
    directory: Directory = ((), ()),
) -> list[PackResource]:
    """Insert the resources new to this library; return the others, for ``apply_pack``.

    A name they bring that is new here is written with its ``directory`` entry
    (organisations, people) as ``apply_pack`` would write it."""
    here = _present(session, [r.uid for r in resources])
    new = [_New(r, _values(r)) for r in resources if r.uid not in here and _plain(r)]
    if not new:
        return resources
    connection = session.connection()
    names = _Names(connection, new, directory)
    _insert(connection, Resource.__table__, [_row(n) for n in new])
    ids = _ids(connection, sorted(n.item.uid for n in new))
    for n in new:
        n.id = ids[n.item.uid]
    _insert(connection, resource_authors, names.author_rows(new))
    _insert(connection, resource_organisations, names.organisation_rows(new))
    _insert(connection, resource_terms, names.term_rows(new))
    _insert(connection, Attachment.__table__, _attachments(new, attachments_dir))
    _insert(connection, IndexQueueEntry.__table__, [{"uid": uid} for uid in sorted(ids)])
    return [r for r in resources if r.uid not in ids]


def _plain(item: PackResource) -> bool:
    """Whether nothing about ``item`` needs the ORM path (campaign rows, replacement links)."""
    return item.campaign is None and item.fields.get("status") != "superseded"


def _present(session: Session, uids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(uids), UID_CHUNK):
        chunk = uids[start : start + UID_CHUNK]
        found.update(session.scalars(select(Resource.uid).where(Resource.uid.in_(chunk))))
    # A uid can be in the bin before it arrives (a deletion merged from a user-data file).
    return found | resource_bin.in_bin(session, uids)


def _values(item: PackResource) -> dict[str, edits.FieldValue]:
    return {name: edits.pack_value(item.fields, name) for name in edits.EDITABLE_FIELDS}


def _row(new: _New) -> dict[str, Any]:
    fields = new.item.fields
    row: dict[str, Any] = {
        name: value for name, value in new.values.items() if name not in edits.LIST_FIELDS
    }
    row.update(
        uid=new.item.uid,
        source=fields["source"],
        media_url=fields.get("media_url", ""),
        episode_number=fields.get("episode"),
        season_number=fields.get("season"),
        part_of_uid=fields["part_of"] or None,
        extra=[list(pair) for pair in fields.get("extra", [])],
        withdrawn=False,
        # A new resource takes whatever status its source gives ("current" gives way).
        status=fields.get("status") or "current",
        content_hash=content_hash(fields),
    )
    for name in ("journal", "volume", "issue", "pages", "doi"):
        row[name] = fields.get(name, "")
    for name in CURRENCY_FIELDS[1:]:
        given = fields.get(name)
        row[name] = given if given is not None else _CURRENCY_DEFAULTS[name]
    return row


class _Names:
    """Organisations, people and vocabulary terms by name, those missing inserted first."""

    def __init__(self, connection: Connection, new: list[_New], directory: Directory) -> None:
        people: set[tuple[str, ...]] = {(name,) for n in new for name in n.names("authors")}
        organisations: set[tuple[str, ...]] = {
            (name,) for n in new for name in n.names("organisations")
        }
        terms: set[tuple[str, ...]] = {
            (vocabulary, name)
            for n in new
            for field, vocabulary in edits.VOCABULARY_OF.items()
            for name in n.names(field)
        }
        orgs_given, people_given = ({e["name"]: e for e in entries} for entries in directory)
        self.people = _ensure(connection, Person, people, people_given)
        self.organisations = _ensure(connection, Organisation, organisations, orgs_given)
        self.terms = _ensure(connection, Term, terms, {})

    def author_rows(self, new: list[_New]) -> list[dict[str, Any]]:
        # Positions as order_authors stores them: the order the source gives.
        return [
            {"resource_id": n.id, "person_id": self.people[(name,)], "position": position}
            for n in new
            for position, name in enumerate(n.names("authors"))
        ]

    def organisation_rows(self, new: list[_New]) -> list[dict[str, Any]]:
        return [
            {"resource_id": n.id, "organisation_id": self.organisations[(name,)]}
            for n in new
            for name in n.names("organisations")
        ]

    def term_rows(self, new: list[_New]) -> list[dict[str, Any]]:
        return [
            {"resource_id": n.id, "term_id": self.terms[(vocabulary, name)]}
            for n in new
            for field, vocabulary in edits.VOCABULARY_OF.items()
            for name in n.names(field)
        ]


def _ensure(
    connection: Connection,
    model: type[Organisation | Person | Term],
    wanted: set[tuple[str, ...]],
    given: Mapping[str, Mapping[str, str]],
) -> dict[tuple[str, ...], int]:
    """Ids by key ((name,), or (vocabulary, name) for terms), inserting those not here
    with what the directory ``given`` says of them."""
    keys = ["vocabulary", "name"] if model is Term else ["name"]
    columns = [model.__table__.c[key] for key in keys]

    def known() -> dict[tuple[str, ...], int]:
        query = select(model.__table__.c.id, *columns)
        return {tuple(row[1:]): row[0] for row in connection.execute(query)}

    found = known()
    missing = sorted(wanted - set(found))
    if not missing:
        return found
    details = [c for c in ("short_name", "description", "url") if c in model.__table__.c]
    rows = [{**dict.fromkeys(details, ""), **dict(zip(keys, key, strict=True))} for key in missing]
    for row in rows:
        row.update((c, given[row["name"]][c]) for c in details if row["name"] in given)
    connection.execute(insert(model), rows)
    return known()


def _attachments(new: list[_New], attachments_dir: Path) -> list[dict[str, Any]]:
    rows = []
    for n in new:
        for attachment in n.item.attachments:
            stored = store_attachment(attachment, attachments_dir)
            rows.append(
                {"resource_id": n.id, "sha256": stored.sha256, "title": stored.title,
                 "filename": stored.filename, "media_type": stored.media_type,
                 "size": stored.size}
            )  # fmt: skip
    return rows


def _ids(connection: Connection, uids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(uids), UID_CHUNK):
        query = select(Resource.uid, Resource.id).where(
            Resource.uid.in_(uids[start : start + UID_CHUNK])
        )
        found.update((row.uid, row.id) for row in connection.execute(query))
    return found


def _insert(connection: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    batch = list(rows)
    for start in range(0, len(batch), _INSERT_CHUNK):
        connection.execute(insert(table), batch[start : start + _INSERT_CHUNK])
