"""Connecting to the team server as the person's own login, and naming what went wrong.

The password is never stored by the app: libpq finds it itself (PGPASSWORD,
PGPASSFILE or ~/.pgpass, a service file), or it comes from the OS keyring
where one exists, or from the window's prompt for this one connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from resources_db.team import credentials
from resources_db.team.errors import (
    TeamError,
    TeamLoginError,
    TeamOfflineError,
    TeamRevokedError,
    TeamSchemaError,
)
from resources_db.team.urls import TeamUrl

CONNECT_TIMEOUT_S = 10
INSUFFICIENT_PRIVILEGE = "42501"
UNDEFINED_SCHEMA = {"3F000", "42P01", "42883"}


def team_engine(url: TeamUrl, password: str | None = None) -> Engine:
    """An engine for ``url``; ``password`` only when the person just typed it."""
    connect_args: dict[str, object] = {"application_name": "imh-library"}
    if "connect_timeout" not in url.options:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    secret = password or credentials.keyring_password(url)
    if secret:
        connect_args["password"] = secret
    # One connection per operation: sync is occasional, and a pooled connection
    # would outlive a dropped network without anyone noticing.
    return create_engine(url.sqlalchemy, poolclass=NullPool, connect_args=connect_args)


@contextmanager
def connected(url: TeamUrl, password: str | None = None) -> Iterator[Connection]:
    """A connection whose failures arrive as ``TeamError`` sentences."""
    engine = team_engine(url, password)
    try:
        with translated(url), engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@contextmanager
def translated(url: TeamUrl) -> Iterator[None]:
    try:
        yield
    except TeamError:
        raise
    except DBAPIError as error:
        raise team_error(url, error) from error
    except SQLAlchemyError as error:
        raise TeamOfflineError(
            f"The team server at {url.host} could not be used ({error}); your library is "
            "unchanged and works offline."
        ) from error


def team_error(url: TeamUrl, error: DBAPIError) -> TeamError:
    state = getattr(error.orig, "sqlstate", None)
    message = str(error.orig)
    if state == INSUFFICIENT_PRIVILEGE or "permission denied for database" in message:
        return TeamRevokedError(
            f"The login {url.login} is no longer a curator or member of this team library."
        )
    if state in UNDEFINED_SCHEMA:
        return TeamSchemaError(
            f"There is no team library in the database {url.database}; an administrator "
            "creates it with 'imh-library team create URL'."
        )
    if "password authentication failed" in message or "no password supplied" in message:
        return TeamLoginError(
            f"The team server refused the login {url.login}: the password is missing or "
            "wrong (give it in ~/.pgpass, PGPASSWORD or the window's prompt)."
        )
    if (state is None or state.startswith("08")) and "connection failed" not in message:
        return TeamOfflineError(
            f"The connection to the team server at {url.host}:{url.port} was lost during the "
            "sync; nothing was left half-done, and the next sync finishes it."
        )
    if state is None or state.startswith("08") or error.connection_invalidated:
        return TeamOfflineError(
            f"The team server at {url.host}:{url.port} could not be reached; your library "
            "is unchanged and works offline."
        )
    first_line = message.strip().splitlines()[0] if message.strip() else type(error).__name__
    return TeamError(f"The team server refused the request ({first_line}).")
