"""Reading from and writing to the team server: the SQL the sync client speaks.

Every function takes a connection the caller opened as the person's login;
PostgreSQL's GRANTs and row-level security decide what each statement may do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from resources_db.team.errors import TeamRevokedError, TeamSchemaError

# What this app speaks; a server that asks for more tells the person to update.
PROTOCOL = 1
PAGE_SIZE = 2000
BLOB_PAGE = 50


@dataclass(frozen=True)
class ServerState:
    library_id: str
    version: int
    protocol: int
    min_client_protocol: int
    role: str  # curator or member


def read_state(connection: Connection, login: str) -> ServerState:
    """The library's version and this login's role; raises when the app may not sync."""
    row = connection.execute(
        text(
            "SELECT library_id::text AS library_id, version, protocol, min_client_protocol, "
            "pg_has_role(current_user, curator_role, 'MEMBER') AS curator, "
            "pg_has_role(current_user, member_role, 'MEMBER') AS member "
            "FROM imh.library_state WHERE id = 1"
        )
    ).one()
    if row.min_client_protocol > PROTOCOL:
        raise TeamSchemaError(
            "This team library needs a newer version of IMH Library; update the app, "
            "then sync again (nothing was changed)."
        )
    if row.protocol < PROTOCOL:
        raise TeamSchemaError(
            "The team server's schema is older than this app; an administrator upgrades it "
            "with 'imh-library team create URL' (nothing was changed)."
        )
    if not (row.curator or row.member):
        raise TeamRevokedError(f"The login {login} is no longer a member of this team library.")
    role = "curator" if row.curator else "member"
    return ServerState(row.library_id, row.version, row.protocol, row.min_client_protocol, role)


@dataclass(frozen=True)
class ResourceRow:
    uid: str
    version: int
    deleted: bool
    data: dict[str, Any]


def resource_pages(
    connection: Connection, since: int, upto: int, page: int = PAGE_SIZE
) -> Iterator[list[ResourceRow]]:
    """Rows written after ``since`` (up to the snapshot's version), by (version, uid)."""
    after_version, after_uid = since, ""
    while True:
        rows = connection.execute(
            text(
                "SELECT uid, version, deleted, data FROM imh.resources "
                "WHERE version > :since AND (version, uid) > (:v, :u) AND version <= :upto "
                "ORDER BY version, uid LIMIT :n"
            ),
            {"since": since, "v": after_version, "u": after_uid, "upto": upto, "n": page},
        ).all()
        if not rows:
            return
        yield [ResourceRow(r.uid, r.version, r.deleted, r.data) for r in rows]
        after_version, after_uid = rows[-1].version, rows[-1].uid


def directory_since(
    connection: Connection, since: int, upto: int
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rows = connection.execute(
        text(
            "SELECT kind, name, short_name, description, url FROM imh.directory "
            "WHERE version > :v AND version <= :upto ORDER BY kind, name"
        ),
        {"v": since, "upto": upto},
    ).all()
    entries = [
        (r.kind, {"name": r.name, "short_name": r.short_name, "description": r.description,
                  "url": r.url})
        for r in rows
    ]  # fmt: skip
    return (
        [e for kind, e in entries if kind == "organisation"],
        [e for kind, e in entries if kind == "person"],
    )


@dataclass(frozen=True)
class ListRow:
    id: str
    owner: str
    version: int
    deleted: bool
    doc: dict[str, Any]  # name, description, objectives, items


LIST_FIELDS = ("name", "description", "objectives", "items")


def lists_since(connection: Connection, since: int, upto: int) -> list[ListRow]:
    rows = connection.execute(
        text(
            "SELECT id::text AS id, owner, version, deleted, name, description, objectives, items "
            "FROM imh.lists WHERE version > :v AND version <= :upto ORDER BY version, id"
        ),
        {"v": since, "upto": upto},
    ).all()
    return [_list_row(r) for r in rows]


def _list_row(r: Any) -> ListRow:
    doc = {"name": r.name, "description": r.description, "objectives": r.objectives,
           "items": r.items}  # fmt: skip
    return ListRow(r.id, r.owner, r.version, r.deleted, doc)


def fetch_blobs(connection: Connection, shas: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    for start in range(0, len(shas), BLOB_PAGE):
        rows = connection.execute(
            text("SELECT sha256, content FROM imh.blobs WHERE sha256 = ANY(:s)"),
            {"s": list(shas[start : start + BLOB_PAGE])},
        )
        for row in rows:
            yield row.sha256, bytes(row.content)


def all_ids(connection: Connection) -> tuple[set[str], set[str]]:
    """Every resource uid and list id this login can see (for the periodic reconcile)."""
    uids = set(connection.scalars(text("SELECT uid FROM imh.resources")))
    lists = set(connection.scalars(text("SELECT id::text FROM imh.lists")))
    return uids, lists


# --- writing ------------------------------------------------------------------------------


def _version(found: Any) -> int | None:
    return int(found) if found is not None else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def insert_resource(
    connection: Connection, uid: str, doc: dict[str, Any], deleted: bool
) -> int | None:
    """The new row's version, or None when the uid is already there (a retry, or a race)."""
    return _version(
        connection.scalar(
            text(
                "INSERT INTO imh.resources (uid, data, deleted) "
                "VALUES (:uid, CAST(:d AS jsonb), :del) "
                "ON CONFLICT (uid) DO NOTHING RETURNING version"
            ),
            {"uid": uid, "d": _json(doc), "del": deleted},
        )
    )


def begin_write(connection: Connection) -> int:
    """Take the library's version lock for this transaction; the version its rows get."""
    return int(connection.scalar(text("SELECT imh.begin_write()")))


def insert_resources(
    connection: Connection, rows: Sequence[tuple[str, dict[str, Any], bool]]
) -> dict[str, int]:
    """Add many new rows in one statement; returns the version of each row added
    (a uid already on the server is left out, for the caller to merge)."""
    found = connection.execute(
        text(
            "INSERT INTO imh.resources (uid, data, deleted) "
            "SELECT * FROM unnest(CAST(:uids AS text[]), CAST(:docs AS jsonb[]), "
            "CAST(:dels AS boolean[])) ON CONFLICT (uid) DO NOTHING RETURNING uid, version"
        ),
        {
            "uids": [uid for uid, _, _ in rows],
            "docs": [_json(doc) for _, doc, _ in rows],
            "dels": [deleted for _, _, deleted in rows],
        },
    )
    return {row.uid: int(row.version) for row in found}


def update_resource(
    connection: Connection, uid: str, patch: dict[str, Any], deleted: bool, seen: int
) -> int | None:
    """Write the changed fields only if nobody wrote the row since ``seen``; else None."""
    return _version(
        connection.scalar(
            text(
                "UPDATE imh.resources SET data = data || CAST(:p AS jsonb), deleted = :del "
                "WHERE uid = :uid AND version = :seen RETURNING version"
            ),
            {"uid": uid, "p": _json(patch), "del": deleted, "seen": seen},
        )
    )


def lock_resource(connection: Connection, uid: str) -> ResourceRow | None:
    """The row as it is now, locked until commit so the merge written next is not raced."""
    row = connection.execute(
        text("SELECT uid, version, deleted, data FROM imh.resources WHERE uid = :uid FOR UPDATE"),
        {"uid": uid},
    ).first()
    return ResourceRow(row.uid, row.version, row.deleted, row.data) if row else None


def read_resource(connection: Connection, uid: str) -> ResourceRow | None:
    row = connection.execute(
        text("SELECT uid, version, deleted, data FROM imh.resources WHERE uid = :uid"),
        {"uid": uid},
    ).first()
    return ResourceRow(row.uid, row.version, row.deleted, row.data) if row else None


def known_blobs(connection: Connection, shas: Sequence[str]) -> set[str]:
    return set(
        connection.scalars(
            text("SELECT sha256 FROM imh.blobs WHERE sha256 = ANY(:s)"), {"s": list(shas)}
        )
    )


def insert_blob(connection: Connection, sha: str, media_type: str, content: bytes) -> None:
    connection.execute(
        text(
            "INSERT INTO imh.blobs (sha256, media_type, size, content) "
            "VALUES (:s, :m, :n, :c) ON CONFLICT (sha256) DO NOTHING"
        ),
        {"s": sha, "m": media_type, "n": len(content), "c": content},
    )


def upsert_directory(connection: Connection, kind: str, entry: dict[str, str]) -> None:
    """Add a name, or fill in what the server's entry lacks (never blanking what it has)."""
    connection.execute(
        text(
            "INSERT INTO imh.directory AS d (kind, name, short_name, description, url) "
            "VALUES (:k, :name, :short, :descr, :url) ON CONFLICT (kind, name) DO UPDATE SET "
            "short_name = coalesce(nullif(EXCLUDED.short_name, ''), d.short_name), "
            "description = coalesce(nullif(EXCLUDED.description, ''), d.description), "
            "url = coalesce(nullif(EXCLUDED.url, ''), d.url) "
            "WHERE (d.short_name, d.description, d.url) IS DISTINCT FROM ("
            "coalesce(nullif(EXCLUDED.short_name, ''), d.short_name), "
            "coalesce(nullif(EXCLUDED.description, ''), d.description), "
            "coalesce(nullif(EXCLUDED.url, ''), d.url))"
        ),
        {
            "k": kind,
            "name": entry["name"],
            "short": entry.get("short_name", ""),
            "descr": entry.get("description", ""),
            "url": entry.get("url", ""),
        },
    )


def insert_list(
    connection: Connection, list_id: str, doc: dict[str, Any], deleted: bool
) -> int | None:
    return _version(
        connection.scalar(
            text(
                "INSERT INTO imh.lists (id, name, description, objectives, items, deleted) "
                "VALUES (CAST(:id AS uuid), :name, :descr, :obj, CAST(:items AS jsonb), :del) "
                "ON CONFLICT (id) DO NOTHING RETURNING version"
            ),
            _list_params(list_id, doc, deleted),
        )
    )


def update_list(
    connection: Connection, list_id: str, doc: dict[str, Any], deleted: bool, seen: int
) -> int | None:
    return _version(
        connection.scalar(
            text(
                "UPDATE imh.lists SET name = :name, description = :descr, objectives = :obj, "
                "items = CAST(:items AS jsonb), deleted = :del "
                "WHERE id = CAST(:id AS uuid) AND version = :seen RETURNING version"
            ),
            {**_list_params(list_id, doc, deleted), "seen": seen},
        )
    )


def tombstone_list(connection: Connection, list_id: str) -> None:
    """Unshare: the owner's tombstone wins over any edit (RLS lets only the owner write it)."""
    connection.execute(
        text("UPDATE imh.lists SET deleted = true WHERE id = CAST(:id AS uuid)"), {"id": list_id}
    )


def lock_list(connection: Connection, list_id: str) -> ListRow | None:
    row = connection.execute(
        text(
            "SELECT id::text AS id, owner, version, deleted, name, description, objectives, items "
            "FROM imh.lists WHERE id = CAST(:id AS uuid) FOR UPDATE"
        ),
        {"id": list_id},
    ).first()
    return _list_row(row) if row else None


def _list_params(list_id: str, doc: dict[str, Any], deleted: bool) -> dict[str, Any]:
    return {
        "id": list_id,
        "name": doc["name"],
        "descr": doc["description"],
        "obj": doc["objectives"],
        "items": _json(doc["items"]),
        "del": deleted,
    }


def is_permission_error(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "42501"
