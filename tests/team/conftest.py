"""Team-library tests against a real PostgreSQL server, started once per session.

Skipped with a reason only when no PostgreSQL server binaries exist and ``CI``
is not set; under CI a missing server fails the run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.operations import Operations
from resources_db.library import Library, open_library
from resources_db.team import admin
from resources_db.team.urls import parse_url
from tests.pg_fixtures import pg_server
from tests.team.pg_server import ADMIN, CURATORS, MEMBERS, PgServer

_numbers = itertools.count(1)
__all__ = ["pg_server"]  # shared with the window's team tests (tests/pg_fixtures.py)


@dataclass
class Team:
    server: PgServer
    database: str

    def url(self, login: str, port: int | None = None) -> str:
        return self.server.url(login, self.database, port)

    def connect_as(self, login: str):  # type: ignore[no-untyped-def]
        return self.server.connect_as(login, self.database)


@pytest.fixture
def team(pg_server: PgServer) -> Team:
    """A new team database: created by the administrator, two curators, three members."""
    database = f"team{next(_numbers)}"
    pg_server.create_database(database)
    created = Team(pg_server, database)
    url = parse_url(created.url(ADMIN))
    admin.create_team(url)
    for login in CURATORS:
        admin.grant(url, login, "curator")
    for login in MEMBERS:
        admin.grant(url, login, "member")
    return created


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Callable[[str], Library]]:
    """Libraries on disk, one per person ("alice" → tmp/alice), closed after the test."""
    opened: list[Library] = []

    def open_for(name: str) -> Library:
        library = open_library(tmp_path / name, daily_backup=False)
        opened.append(library)
        return library

    yield open_for
    for library in opened:
        library.close()


@pytest.fixture
def joined(tmp_path: Path, team: Team) -> Iterator[Callable[..., Operations]]:
    """``joined("carol")``: carol's laptop (tmp/carol), joined to the team as carol."""
    opened: list[Operations] = []

    def open_for(login: str, folder: str | None = None) -> Operations:
        ops = Operations.open(tmp_path / (folder or login), daily_backup=False)
        opened.append(ops)
        ops.prepare_index()
        ops.team_join(team.url(login))
        return ops

    yield open_for
    for ops in opened:
        ops.close()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """Run ``imh-library`` in this process: (exit status, stdout, stderr).

    Until ``cli.py`` and ``cli_commands.py`` carry the team commands' two lines,
    they are added here the same way."""
    from desktop_app import cli as cli_module
    from desktop_app import cli_commands
    from desktop_app.cli_team import TEAM_HANDLERS, add_team_commands

    if "sync" not in cli_commands.HANDLERS:
        for name, handler in TEAM_HANDLERS.items():
            monkeypatch.setitem(cli_commands.HANDLERS, name, handler)
        original = cli_module.build_parser

        def build_parser() -> argparse.ArgumentParser:
            parser = original()
            commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            add_team_commands(commands, cli_module._data_dir_option())
            return parser

        monkeypatch.setattr(cli_module, "build_parser", build_parser)

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_module.main(list(args))
        return code, out.getvalue(), err.getvalue()

    return run
