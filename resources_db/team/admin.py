"""What an administrator does: create (or upgrade) the team schema, grant and revoke roles.

The administrator's login owns the database and may create roles. It makes
the three group roles (``roles.TeamRoles``), then runs the team migrations
as the NOLOGIN owner role, so no login owns any table. Creating logins stays
PostgreSQL's job (``createuser``, or the organisation's directory).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from resources_db.bundled import bundled_path
from resources_db.team.connection import connected
from resources_db.team.errors import TeamUsageError
from resources_db.team.roles import ROLES, SCHEMA, TeamRoles
from resources_db.team.urls import TeamUrl


@dataclass(frozen=True)
class CreateOutcome:
    database: str
    revision_before: str | None
    revision: str
    roles: TeamRoles


def quote(connection: Connection, name: str) -> str:
    """An identifier quoted by the server itself (role names come from people)."""
    return str(connection.scalar(text("SELECT quote_ident(:name)"), {"name": name}))


def _roles(connection: Connection) -> TeamRoles:
    return TeamRoles.for_database(str(connection.scalar(text("SELECT current_database()"))))


def _role_exists(connection: Connection, name: str) -> bool:
    found = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found is not None


def _create_roles(connection: Connection, roles: TeamRoles) -> None:
    for name in (roles.owner, roles.curator, roles.member):
        if not _role_exists(connection, name):
            connection.execute(text(f"CREATE ROLE {name} NOLOGIN NOBYPASSRLS"))
    connection.execute(text(f"GRANT {roles.member} TO {roles.curator}"))
    # The administrator switches to the owner role to run migrations.
    me = quote(connection, str(connection.scalar(text("SELECT session_user"))))
    connection.execute(text(f"GRANT {roles.owner} TO {me}"))
    database = quote(connection, str(connection.scalar(text("SELECT current_database()"))))
    connection.execute(text(f"GRANT CREATE ON DATABASE {database} TO {roles.owner}"))


def schema_revision(connection: Connection) -> str | None:
    exists = connection.scalar(text("SELECT to_regclass('imh.schema_version')"))
    if exists is None:
        return None
    found = connection.scalar(text("SELECT version_num FROM imh.schema_version"))
    return str(found) if found is not None else None


def create_team(url: TeamUrl, password: str | None = None) -> CreateOutcome:
    """Create the team library's schema in ``url``'s database, or bring it up to date."""
    from alembic import command
    from alembic.config import Config

    with connected(url, password) as connection:
        roles = _roles(connection)
        _create_roles(connection, roles)
        connection.execute(text(f"SET ROLE {roles.owner}"))
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        before = schema_revision(connection)
        config = Config()
        location = bundled_path("resources_db", "team", "migrations")
        config.set_main_option("script_location", str(location))
        config.attributes["connection"] = connection
        config.attributes["roles"] = roles
        command.upgrade(config, "head")
        after = schema_revision(connection)
        connection.execute(text("RESET ROLE"))
        connection.commit()
    assert after is not None
    return CreateOutcome(url.database, before, after, roles)


def _check_login(connection: Connection, login: str) -> None:
    row = connection.execute(
        text("SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :n"),
        {"n": login},
    ).first()
    if row is None or not row.rolcanlogin:
        raise TeamUsageError(
            f"There is no login {login!r} on the server; create it first (createuser)."
        )
    if row.rolsuper or row.rolbypassrls:
        raise TeamUsageError(
            f"{login} bypasses row-level security (a superuser); team roles go to ordinary logins."
        )


def grant(url: TeamUrl, login: str, role: str, password: str | None = None) -> TeamRoles:
    """Make ``login`` a curator or a member (and nothing else) of this team library."""
    if role not in ROLES:
        raise TeamUsageError(f"{role!r} is not a team role; give curator or member.")
    with connected(url, password) as connection:
        roles = _roles(connection)
        _check_login(connection, login)
        quoted = quote(connection, login)
        other = roles.member if role == "curator" else roles.curator
        if _is_member(connection, login, other):
            connection.execute(text(f"REVOKE {other} FROM {quoted}"))
        connection.execute(text(f"GRANT {roles.of(role)} TO {quoted}"))
        connection.commit()
    return roles


def revoke(url: TeamUrl, login: str, password: str | None = None) -> bool:
    """Take both team roles from ``login``; False when it held neither."""
    with connected(url, password) as connection:
        roles = _roles(connection)
        held = False
        for group in (roles.curator, roles.member):
            if _is_member(connection, login, group):
                connection.execute(text(f"REVOKE {group} FROM {quote(connection, login)}"))
                held = True
        connection.commit()
    return held


def _is_member(connection: Connection, login: str, group: str) -> bool:
    """Whether ``login`` was granted ``group`` directly (not through another role)."""
    found = connection.scalar(
        text(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = :login AND g.rolname = :group"
        ),
        {"login": login, "group": group},
    )
    return found is not None
