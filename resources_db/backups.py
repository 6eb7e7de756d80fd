"""Backups of the library database: listing, daily copies, checking and restoring.

Copies are taken with SQLite's online backup API (consistent even while the
window has the library open). Restoring never deletes the damaged file: it is
moved aside next to the database, so nothing is ever thrown away.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from resources_db.database import DatabaseError, backup_database
from resources_db.paths import LibraryPaths

DAILY = timedelta(hours=24)
# Left in the search index's folder when a restore replaces the database the
# index was built from. Until the index has been compared with the restored
# database (search_index.sync does it, then removes this), searches answer
# from the database, so nothing that the restore took away is ever found.
INDEX_RESTORED_MARKER = "database-restored"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


def list_backups(paths: LibraryPaths) -> list[BackupInfo]:
    """Newest first."""
    found = []
    for path in paths.backups_dir.glob("library-*.sqlite3"):
        parts = path.stem.split("-", 4)  # library-YYYYMMDD-HHMMSS-ffffff-reason
        try:
            taken = datetime.strptime(f"{parts[1]}-{parts[2]}", "%Y%m%d-%H%M%S")
        except (IndexError, ValueError):
            taken = datetime.fromtimestamp(path.stat().st_mtime)
        reason = parts[4] if len(parts) > 4 else ""
        found.append(BackupInfo(path, taken, reason, path.stat().st_size))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def daily_backup_due(paths: LibraryPaths, now: datetime | None = None) -> bool:
    if not paths.database.exists():
        return False
    newest = list_backups(paths)
    return not newest or (now or datetime.now()) - newest[0].taken_at >= DAILY


def check_file(database: Path, *, frozen: bool = False) -> str:
    """SQLite's own verdict on a database file: "ok" or what is wrong.

    ``frozen``: a file nobody writes (a backup), read as immutable, so SQLite leaves
    no -wal and -shm files beside it (a backup of a WAL database would get them)."""
    mode = "ro&immutable=1" if frozen else "ro"
    try:
        with sqlite3.connect(f"file:{database}?mode={mode}", uri=True) as connection:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    verdict = "; ".join(str(row[0]) for row in rows[:3])
    return verdict or "empty answer"


def newest_good_backup(paths: LibraryPaths) -> BackupInfo | None:
    return next((b for b in list_backups(paths) if check_file(b.path, frozen=True) == "ok"), None)


def restore_backup(paths: LibraryPaths, backup: Path | None = None) -> Path:
    """Put a backup in place of the database; returns where the old file was moved.

    The library must be closed. Without ``backup`` the newest one that passes
    SQLite's check is used.
    """
    chosen = backup if backup is not None else _newest_or_fail(paths)
    verdict = check_file(chosen, frozen=True)
    if verdict != "ok" and backup is not None:
        raise DatabaseError(
            f"{chosen.name} is not a library backup that can be restored ({verdict}); "
            "choose a file from the library's backups folder."
        )
    if verdict != "ok":
        raise DatabaseError(f"The backup {chosen.name} is damaged too; choose another one.")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    # Marked before the file changes: a crash in between costs one needless comparison.
    _mark_index_outdated(paths)
    aside = paths.database.with_name(f"{paths.database.name}.before-restore-{stamp}")
    if paths.database.exists():
        paths.database.replace(aside)
    for suffix in ("-wal", "-shm"):
        # The old file's journal belongs to it, not to the restored copy.
        journal = paths.database.with_name(paths.database.name + suffix)
        if journal.exists():
            journal.replace(aside.with_name(aside.name + suffix))
    partial = paths.database.with_name(paths.database.name + ".restoring")
    shutil.copyfile(chosen, partial)
    partial.replace(paths.database)
    return aside


def _mark_index_outdated(paths: LibraryPaths) -> None:
    if paths.index_dir.is_dir():
        marker = paths.index_dir / INDEX_RESTORED_MARKER
        marker.write_text(datetime.now().isoformat(timespec="seconds"), "utf-8")


def _newest_or_fail(paths: LibraryPaths) -> Path:
    found = newest_good_backup(paths)
    if found is None:
        raise DatabaseError("There is no usable backup of this library to restore.")
    return found.path


__all__ = [
    "INDEX_RESTORED_MARKER",
    "BackupInfo",
    "backup_database",
    "check_file",
    "daily_backup_due",
    "list_backups",
    "newest_good_backup",
    "restore_backup",
]
