"""``Operations``: one library opened for use, with every use case as a method."""

from __future__ import annotations

from pathlib import Path

from desktop_app.operations.citation_ops import CitationOps
from desktop_app.operations.curation_ops import CurationOps
from desktop_app.operations.currency_ops import CurrencyOps
from desktop_app.operations.errors import OperationError, RejectedError, UsageError
from desktop_app.operations.feed_ops import FeedOps
from desktop_app.operations.index_ops import IndexOps
from desktop_app.operations.listing_ops import ListingOps
from desktop_app.operations.practice_suggestions import SuggestionOps
from desktop_app.operations.reading_ops import ReadingOps
from desktop_app.operations.team_ops import TeamOps
from desktop_app.operations.transcript_ops import TranscriptOps
from desktop_app.operations.transfer_ops import TransferOps
from desktop_app.operations.user_ops import UserDataOps
from resources_db import backups
from resources_db.database import DatabaseError
from resources_db.library import Library, open_library
from resources_db.paths import LibraryPaths, default_root
from search_index.sync import LibraryIndex


class LibraryDamagedError(OperationError):
    """The database cannot be opened; ``paths`` says where, for an offer to restore."""

    def __init__(self, sentence: str, paths: LibraryPaths) -> None:
        super().__init__(sentence)
        self.paths = paths


class Operations(
    ListingOps,  # before ReadingOps: it answers the sorts the index cannot
    ReadingOps,
    UserDataOps,
    CurationOps,
    TransferOps,
    IndexOps,
    CitationOps,
    SuggestionOps,  # the practice record (PracticeOps) and the entries it proposes
    TeamOps,
    FeedOps,
    TranscriptOps,
    CurrencyOps,
):
    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = LibraryIndex(library)
        self._closed = False

    @classmethod
    def open(cls, data_dir: str | Path | None, *, daily_backup: bool = True) -> Operations:
        """Open (creating and filling on first start) the library in ``data_dir``.

        ``daily_backup=False`` leaves the day's backup to the caller (the window
        takes it on a worker, so a large library does not slow its start)."""
        paths = library_paths(data_dir)
        try:
            library = open_library(paths.root, daily_backup=daily_backup)
        except DatabaseError as error:
            raise LibraryDamagedError(damaged_message(str(error), paths), paths) from error
        except OSError as error:
            if paths.root.exists() and not paths.root.is_dir():
                raise UsageError(
                    f"{paths.root} is a file, not a folder: choose a folder for the library."
                ) from error
            raise OperationError(
                f"The library folder {paths.root} cannot be used ({error.strerror or error})."
            ) from error
        return cls(library)

    @property
    def created(self) -> bool:
        """Whether this start created the library (its index has not been built yet)."""
        return self.library.db.created

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.index.close()
        self.library.close()


def library_paths(data_dir: str | Path | None) -> LibraryPaths:
    return LibraryPaths(Path(data_dir) if data_dir else default_root())


def damaged_message(problem: str, paths: LibraryPaths) -> str:
    good = backups.newest_good_backup(paths) if paths.backups_dir.exists() else None
    if good is None:
        return f"{problem} The file was left as it is."
    return (
        f"{problem} The file was left as it is; run 'imh-library restore' to go back to the "
        f"backup of {good.taken_at:%d %B %Y %H:%M}."
    )


def newest_good_backup(data_dir: str | Path | None) -> Path | None:
    """The backup ``restore`` uses when none is named (to say which one it was)."""
    found = backups.newest_good_backup(library_paths(data_dir))
    return found.path if found is not None else None


def restore_library(data_dir: str | Path | None, backup: Path | None = None) -> Path:
    """Put a backup in place of a closed library's database; returns where the old file went.

    Without ``backup`` the newest good one is used. The search index is
    reconciled with the restored database (by fingerprint) when the library next opens."""
    paths = library_paths(data_dir)
    if backup is not None and not backup.is_file():
        raise UsageError(f"There is no backup file {backup}.")
    try:
        return backups.restore_backup(paths, backup)
    except DatabaseError as error:
        # A file the person chose was read and refused (exit 3); nothing changed.
        raise (RejectedError if backup is not None else OperationError)(str(error)) from error
