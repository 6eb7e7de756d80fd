"""The real PostgreSQL server the team tests and the window's team tests share.

Started once per test run, whichever folder asks first: ``pg_server`` may be
collected in more than one place (``tests/team/conftest.py`` and the window's
team tests), and each place's fixture hands out the same server, so
``PGPASSFILE`` always names that server's logins. Skipped with a clear reason
only when no PostgreSQL server binaries exist and ``CI`` is not set; under CI a
missing server fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import ClassVar

import pytest

from tests.team.pg_server import PgServer, find_binaries, start_server

_ENVIRONMENT = ("PGPASSFILE", "PYTHON_KEYRING_BACKEND")


class _Shared:
    server: ClassVar[PgServer | None] = None
    users: ClassVar[int] = 0
    saved: ClassVar[dict[str, str | None]] = {}


def _start() -> PgServer:
    if _Shared.server is None:
        server = start_server()
        assert server is not None
        _Shared.saved = {name: os.environ.get(name) for name in _ENVIRONMENT}
        # The tests find passwords as the app's users do: in a pgpass file libpq reads.
        os.environ["PGPASSFILE"] = str(server.pgpass)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        _Shared.server = server
    _Shared.users += 1
    return _Shared.server


def _release() -> None:
    _Shared.users -= 1
    if _Shared.users or _Shared.server is None:
        return
    server, _Shared.server = _Shared.server, None
    for name, value in _Shared.saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if find_binaries() is None:
        reason = (
            "no PostgreSQL server binaries (initdb, pg_ctl) were found; "
            "install Debian's postgresql package to run the team-library tests"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}.", pytrace=False)
        pytest.skip(reason)
    server = _start()
    try:
        yield server
    finally:
        _release()
