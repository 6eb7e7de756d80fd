"""Opening a library's SQLite database: pragmas, migrations and backups."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

import resources_db.index_queue  # noqa: F401  (registers the enqueue hook)
from resources_db.bundled import bundled_path

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 10_000
KEEP_BACKUPS = 10
# The newest migration's revision. Opening an up-to-date library compares with
# this instead of reading the migration scripts, so that Alembic (a third of a
# second to import) loads only when there is an upgrade to run. A test checks
# it against the scripts.
SCHEMA_REVISION = "0009"


class DatabaseError(Exception):
    """The database cannot be opened or upgraded; the message is one plain sentence."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_library_engine(database: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{database}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(bundled_path("resources_db", "migrations")))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision among the migration scripts (reads them with Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database file is at (None for a new, empty file)."""
    with engine.connect() as connection:
        known = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if known is None:
            return None
        # More than one row is no schema this app made: report it as damaged.
        versions = connection.execute(text("SELECT version_num FROM alembic_version"))
        return versions.scalar_one_or_none()


def backup_database(engine: Engine, backups_dir: Path, reason: str) -> Path:
    """Copy the live database (WAL included) with SQLite's online backup API."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"library-{stamp}-{reason}.sqlite3"
    raw = engine.raw_connection()
    try:
        with sqlite3.connect(target) as destination:
            raw.driver_connection.backup(destination)  # type: ignore[union-attr]
        destination.close()
    finally:
        raw.close()
    _prune_backups(backups_dir)
    return target


def _prune_backups(backups_dir: Path) -> None:
    backups = sorted(backups_dir.glob("library-*.sqlite3"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)


def upgrade(engine: Engine, backups_dir: Path) -> str | None:
    """Bring the schema to head, backing up first if there was data.

    Returns the revision the file had before (None for a new database).
    """
    try:
        current = current_revision(engine)
    except Exception as error:
        raise DatabaseError(
            f"The library database cannot be read; it may be damaged ({error})."
        ) from error
    if current == SCHEMA_REVISION:
        return current
    if current is not None:
        backup_database(engine, backups_dir, f"before-upgrade-{current}")
    try:
        from alembic import command

        command.upgrade(alembic_config(engine), "head")
    except Exception as error:
        raise DatabaseError(f"The library database could not be upgraded ({error}).") from error
    return current


def _writes(session: Session) -> bool:
    """Whether the session's transaction has written (SQLite begins one only then)."""
    connection = session.connection().connection.dbapi_connection
    return bool(getattr(connection, "in_transaction", True))


class Database:
    """An open library database: the engine and a session factory."""

    def __init__(self, path: Path, backups_dir: Path) -> None:
        self.path = path
        self.engine = create_library_engine(path)
        self.previous_revision = upgrade(self.engine, backups_dir)
        self.created = self.previous_revision is None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        self._seen: int | None = None  # the watch's data_version after our last commit or look
        self._others = False  # another connection committed just before one of ours
        self._closed = False

    def others_wrote(self) -> bool:
        """Whether another program committed to the library since the last call.

        The first call starts the watch and answers False. Commits made through
        ``session`` are this object's own and are told apart however they
        interleave with others': SQLite's ``data_version`` (read on a connection
        of its own) moves for every other connection's commit, so it is read
        again just before each of our commits, while our transaction holds
        SQLite's write lock (a move then is someone else's), and just after (what
        our commit moved). Only a commit landing in the instant between ours and
        that read would pass for ours. Writes made on the engine outside
        ``session`` count as another program's."""
        with self._watch_lock:
            if self._closed:
                return False  # a look still on its way as the library closed
            version = self._read_version()
            moved = self._others or (self._seen is not None and version != self._seen)
            self._seen, self._others = version, False
            return moved

    def _read_version(self) -> int:
        """Call holding ``_watch_lock``."""
        if self._watch is None:
            self._watch = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self._sessions() as session:
            own = False
            try:
                with session.begin():
                    yield session
                    own = self._before_own_commit(session)
            finally:
                if own:
                    self._after_own_commit()

    def _before_own_commit(self, session: Session) -> bool:
        """Take the watch lock for a commit that writes (True), once anyone is watching."""
        if self._seen is None:
            return False
        session.flush()  # from here to the commit this transaction holds the write lock
        if not _writes(session):
            return False
        self._watch_lock.acquire()
        try:
            if self._read_version() != self._seen:
                self._others = True
        except BaseException:
            self._watch_lock.release()
            raise
        return True

    def _after_own_commit(self) -> None:
        try:
            self._seen = self._read_version()
        finally:
            self._watch_lock.release()

    def close(self) -> None:
        with self._watch_lock:
            self._closed = True
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        self.engine.dispose()
