"""A real PostgreSQL server for the team tests: started once per session in a temp folder.

Debian's ``initdb`` refuses to run as root, so when the tests run as root the
server is made and run as the ``postgres`` user (``runuser``). Logins get
passwords; the tests find them the way the app's users do, through a pgpass
file (``PGPASSFILE``), never in a URL.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SUPERUSER = "pgsuper"
ADMIN = "team_admin"
CURATORS = ("alice", "bob")
MEMBERS = ("carol", "dave", "erin")


def find_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest Debian version wins)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    bin_dir: Path
    folder: Path
    port: int = 0
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def pgpass(self) -> Path:
        return self.folder / "pgpass"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        self.port = _free_port()
        self.passwords = {
            name: secrets.token_urlsafe(12) for name in (SUPERUSER, ADMIN, *CURATORS, *MEMBERS)
        }
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.passwords[SUPERUSER] + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(pwfile, "postgres")
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "-A", "scram-sha-256",
            f"--pwfile={pwfile}", "--no-sync", "-E", "UTF8", "--locale=C",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120"
        )
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-o", options, "-l",
            str(self.folder / "server.log"), "-w", "start",
        )  # fmt: skip
        self.pgpass.write_text(
            "".join(f"127.0.0.1:*:*:{n}:{p}\n" for n, p in self.passwords.items())
        )
        self.pgpass.chmod(0o600)
        self._create_logins()

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def superuser(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=self.passwords[SUPERUSER],
            dbname=dbname,
            autocommit=True,
        )

    def _create_logins(self) -> None:
        with self.superuser() as conn:
            conn.execute(f"CREATE ROLE {ADMIN} LOGIN CREATEROLE PASSWORD '{self.passwords[ADMIN]}'")
            for name in (*CURATORS, *MEMBERS):
                conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{self.passwords[name]}'")

    def add_login(self, name: str) -> None:
        """One more login with a password (in the pgpass file like the others)."""
        self.passwords[name] = secrets.token_urlsafe(12)
        with self.superuser() as conn:
            conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{self.passwords[name]}'")
        with self.pgpass.open("a") as handle:
            handle.write(f"127.0.0.1:*:*:{name}:{self.passwords[name]}\n")

    def create_database(self, name: str) -> None:
        """A new, empty team database owned by the administrator's login."""
        with self.superuser() as conn:
            conn.execute(f"CREATE DATABASE {name} OWNER {ADMIN}")

    def url(self, login: str, dbname: str, port: int | None = None) -> str:
        return f"postgresql://{login}@127.0.0.1:{port or self.port}/{dbname}?sslmode=disable"

    def connect_as(self, login: str, dbname: str) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=login,
            password=self.passwords[login],
            dbname=dbname,
        )


def start_server() -> PgServer | None:
    bin_dir = find_binaries()
    if bin_dir is None:
        return None
    server = PgServer(bin_dir, Path(tempfile.mkdtemp(prefix="imh-pg-")))
    try:
        server.start()
    except BaseException:
        shutil.rmtree(server.folder, ignore_errors=True)
        raise
    return server
