"""A library on disk: its folder, its database and its first-start contents."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from resources_db import starter_packs
from resources_db.backups import check_file, daily_backup_due
from resources_db.bundled import bundled_path
from resources_db.catalogue_writer import ImportCounts, apply_pack
from resources_db.database import Database, DatabaseError, backup_database
from resources_db.packs import read_pack
from resources_db.paths import LibraryPaths, default_root

# Given to a library once each, in this order (resources_db/starter_packs.py).
STARTER_PACKS = ("imhaw-2020", "further-reading")


@dataclass
class Library:
    paths: LibraryPaths
    db: Database

    def close(self) -> None:
        self.db.close()

    def back_up_if_due(self) -> Path | None:
        """Take the day's backup unless one was taken in the last 24 hours."""
        if self.db.created or not daily_backup_due(self.paths):
            return None
        return backup_database(self.db.engine, self.paths.backups_dir, "daily")

    def import_pack(self, source: Path) -> ImportCounts:
        """Validate first, then write the whole pack in one transaction."""
        pack = read_pack(source)
        with self.db.session() as session:
            return apply_pack(session, pack, self.paths.attachments_dir)


def open_library(root: Path | None = None, *, daily_backup: bool = True) -> Library:
    """Open (creating and filling on first start) the library at ``root``.

    ``daily_backup=False`` leaves the day's backup to the caller (the window
    takes it on a worker, so a large library does not slow its start).

    A damaged database file raises ``DatabaseError`` and is left exactly as it
    is: it is never replaced by a new, empty library.
    """
    paths = LibraryPaths(Path(root) if root is not None else default_root())
    paths.create()
    problem = header_problem(paths.database)
    if problem:
        raise DatabaseError(f"The library database is damaged: {problem}.")
    if paths.database.exists() and not os.access(paths.database, os.W_OK):
        # Opened anyway, every bookmark or import would fail with SQLite's own words.
        raise PermissionError(errno.EACCES, "its database file is read-only", str(paths.database))
    try:
        database = Database(paths.database, paths.backups_dir)
    except DatabaseError:
        _check_writable(paths.root)
        raise
    try:
        library = Library(paths, database)
        if daily_backup:
            library.back_up_if_due()
        # Checked against what the library records having been given rather than
        # "database just created": a first start cut short after the migration
        # still gets its starter catalogue, and an older library gets a pack
        # added since (once). A file that fails SQLite's check is left alone.
        with database.session() as session:
            due = bool(starter_packs.pending(session, _starter_folders()))
        if due and (database.created or check_file(paths.database) == "ok"):
            load_starter_catalogue(library)
    except SQLAlchemyError as error:
        database.close()
        cause = getattr(error, "orig", None) or error
        raise DatabaseError(f"The library database is damaged: {cause}.") from error
    return library


def _check_writable(folder: Path) -> None:
    """Raise the folder's own ``OSError`` when nothing can be written in it.

    SQLite opens a WAL database only where it can create the -wal and -shm
    files, so a write-protected folder would otherwise read as a damaged
    database (and lead to an offer to restore a backup into it)."""
    probe = folder / f".imh-library-write-test-{os.getpid()}"
    probe.touch()
    probe.unlink()


def header_problem(database: Path) -> str | None:
    """A cheap look at the file's header: garbage and truncation show up here."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    with database.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(b"SQLite format 3\x00"):
        return "the file is not an SQLite database"
    if len(header) < 100:
        return "the file is cut short"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    # The header's page count is trustworthy only when both change counters agree.
    if counter_valid and pages and database.stat().st_size < pages * page_size:
        return "the file is shorter than its own header says (it was cut short)"
    return None


def _starter_folders() -> dict[str, Path]:
    return {name: bundled_path("resources_db", "starter", name) for name in STARTER_PACKS}


def load_starter_catalogue(library: Library) -> ImportCounts:
    """Give the library the starter packs it lacks, all in one transaction."""
    with library.db.session() as session:
        outcome = starter_packs.give_starter_packs(
            session, _starter_folders(), library.paths.attachments_dir
        )
    return outcome.counts
