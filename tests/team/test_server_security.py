"""The server itself guards the team library: each forbidden statement, as each role, with
that person's own credentials (not only that the app does not try)."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine

from resources_db.team import admin, server
from resources_db.team.errors import TeamSchemaError
from resources_db.team.urls import parse_url
from tests.team.pg_server import ADMIN

LIST_ID = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def seeded(team):
    """One resource (by alice), one directory entry, one blob and one list of carol's."""
    with team.connect_as("alice") as conn:
        conn.execute("INSERT INTO imh.resources (uid, data) VALUES ('r1', '{\"title\": \"T\"}')")
        conn.execute("INSERT INTO imh.directory (kind, name) VALUES ('person', 'A. Writer')")
        conn.execute(
            "INSERT INTO imh.blobs (sha256, size, content) VALUES "
            "(encode(sha256('x'::bytea), 'hex'), 1, 'x'::bytea)"
        )
    with team.connect_as("carol") as conn:
        conn.execute(f"INSERT INTO imh.lists (id, name) VALUES ('{LIST_ID}', 'Carol''s list')")
    return team


def refused(team, login: str, statement: str) -> bool:
    """Whether the server refused ``statement`` (an error, or no row changed)."""
    with team.connect_as(login) as conn:
        try:
            changed = conn.execute(statement).rowcount
        except psycopg.errors.InsufficientPrivilege:
            return True
        return changed == 0


MEMBER_FORBIDDEN = [
    "UPDATE imh.resources SET data = '{}'",
    "UPDATE imh.resources SET deleted = true",
    "DELETE FROM imh.resources",
    "INSERT INTO imh.resources (uid, data) VALUES ('r2', '{}')",
    "TRUNCATE imh.resources",
    "UPDATE imh.directory SET description = 'x'",
    "DELETE FROM imh.directory",
    "INSERT INTO imh.directory (kind, name) VALUES ('person', 'B')",
    "DELETE FROM imh.blobs",
    "UPDATE imh.blobs SET media_type = 'x'",
    "SELECT * FROM imh.audit_log",
    "DELETE FROM imh.audit_log",
    "UPDATE imh.library_state SET version = 0",
    "UPDATE imh.library_state SET min_client_protocol = 0",
    "SELECT imh.next_version()",
    "DELETE FROM imh.lists",
    f"UPDATE imh.lists SET name = 'mine now' WHERE id = '{LIST_ID}'",
    "INSERT INTO imh.lists (id, name, owner) VALUES (gen_random_uuid(), 'x', 'carol')",
    "SELECT * FROM imh.schema_version",
]


@pytest.mark.parametrize("statement", MEMBER_FORBIDDEN)
def test_the_server_refuses_a_member(seeded, statement: str) -> None:
    assert refused(seeded, "dave", statement)


CURATOR_FORBIDDEN = [
    "DELETE FROM imh.resources",
    "TRUNCATE imh.resources",
    "UPDATE imh.resources SET uid = 'other'",
    "UPDATE imh.resources SET version = 1",
    "DELETE FROM imh.directory",
    "DELETE FROM imh.blobs",
    "UPDATE imh.blobs SET content = 'y'::bytea",
    "DELETE FROM imh.lists",
    f"UPDATE imh.lists SET name = 'taken over' WHERE id = '{LIST_ID}'",
    "DELETE FROM imh.audit_log",
    "UPDATE imh.audit_log SET login = 'nobody'",
    "INSERT INTO imh.audit_log (table_name, row_key, action) VALUES ('x', 'y', 'z')",
    "UPDATE imh.library_state SET version = 0",
]


@pytest.mark.parametrize("statement", CURATOR_FORBIDDEN)
def test_the_server_refuses_a_curator(seeded, statement: str) -> None:
    assert refused(seeded, "bob", statement)


def test_what_each_role_may_do_it_can(seeded) -> None:
    assert not refused(seeded, "bob", 'UPDATE imh.resources SET data = data || \'{"title": "B"}\'')
    assert not refused(seeded, "bob", "UPDATE imh.resources SET deleted = true")
    assert not refused(
        seeded, "carol", f"UPDATE imh.lists SET name = 'Renamed' WHERE id = '{LIST_ID}'"
    )
    assert not refused(seeded, "dave", "SELECT * FROM imh.resources")
    with seeded.connect_as("bob") as conn:
        audit = conn.execute(
            "SELECT login, table_name, row_key, action, changed FROM imh.audit_log ORDER BY id"
        ).fetchall()
    assert ("bob", "resources", "r1", "update", ["title"]) in audit
    assert ("bob", "resources", "r1", "delete", ["deleted"]) in audit
    assert ("alice", "resources", "r1", "insert", ["deleted", "title", "uid"]) in audit
    assert ("carol", "lists", LIST_ID, "update", ["name"]) in audit


def test_a_list_belongs_to_whoever_made_it_whatever_they_claim(seeded) -> None:
    with seeded.connect_as("dave") as conn:
        conn.execute("INSERT INTO imh.lists (id, name) VALUES (gen_random_uuid(), 'Dave''s')")
        owners = conn.execute("SELECT owner FROM imh.lists ORDER BY name").fetchall()
    assert owners == [("carol",), ("dave",)]


def test_no_login_owns_a_table_and_no_role_bypasses_row_security(seeded) -> None:
    with seeded.server.superuser(seeded.database) as conn:
        tables = conn.execute(
            "SELECT c.relname, r.rolname, r.rolcanlogin, c.relrowsecurity, c.relforcerowsecurity "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_roles r ON r.oid = c.relowner WHERE n.nspname = 'imh' AND c.relkind = 'r'"
        ).fetchall()
        roles = conn.execute(
            "SELECT rolname, rolcanlogin, rolbypassrls, rolsuper FROM pg_roles "
            f"WHERE rolname LIKE '{seeded.database}\\_%'"
        ).fetchall()
    assert {name for name, *_ in tables} >= {"resources", "lists", "audit_log", "library_state"}
    for name, owner, can_login, rls, forced in tables:
        assert owner == f"{seeded.database}_owner" and not can_login, name
        if name != "schema_version":
            assert rls and forced, name
    assert len(roles) == 3
    assert all(not login and not bypass and not superuser for _, login, bypass, superuser in roles)


def test_every_write_transaction_gets_one_new_version(seeded) -> None:
    with seeded.connect_as("alice") as conn:
        with conn.transaction():
            conn.execute("INSERT INTO imh.resources (uid, data) VALUES ('a', '{}'), ('b', '{}')")
            conn.execute("UPDATE imh.resources SET deleted = true WHERE uid = 'r1'")
        conn.execute("INSERT INTO imh.resources (uid, data) VALUES ('c', '{}')")
        versions = dict(conn.execute("SELECT uid, version FROM imh.resources").fetchall())
    assert versions["a"] == versions["b"] == versions["r1"]
    assert versions["c"] == versions["a"] + 1


def test_a_revoked_login_can_read_nothing(seeded) -> None:
    admin.revoke(parse_url(seeded.url(ADMIN)), "dave")
    assert refused(seeded, "dave", "SELECT * FROM imh.resources")
    assert refused(seeded, "dave", "SELECT * FROM imh.lists")


def test_grant_refuses_logins_that_bypass_row_security(seeded) -> None:
    from resources_db.team.errors import TeamUsageError

    with pytest.raises(TeamUsageError, match="bypasses row-level security"):
        admin.grant(parse_url(seeded.url(ADMIN)), "pgsuper", "member")
    with pytest.raises(TeamUsageError, match="no login 'nobody'"):
        admin.grant(parse_url(seeded.url(ADMIN)), "nobody", "member")


def test_an_old_app_is_told_to_update(seeded) -> None:
    with seeded.connect_as(ADMIN) as conn:
        conn.execute(f"SET ROLE {seeded.database}_owner")
        conn.execute(f"UPDATE imh.library_state SET min_client_protocol = {server.PROTOCOL + 1}")
        conn.commit()
    engine = create_engine("postgresql+psycopg://", creator=lambda: seeded.connect_as("carol"))
    with engine.connect() as connection, pytest.raises(TeamSchemaError, match="newer version"):
        server.read_state(connection, "carol")
    engine.dispose()
