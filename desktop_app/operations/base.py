"""What every group of operations shares: the library, its index, a unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.operations.errors import UsageError
from resources_db.user_data import UserDataError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from resources_db.library import Library
    from search_index.sync import LibraryIndex


class OperationsBase:
    library: Library
    index: LibraryIndex

    @property
    def root(self) -> Path:
        return self.library.paths.root

    def outside_library(self, target: Path) -> Path:
        """``target`` for a file the person asked for, refused inside the library folder:
        an export named like the database (or an index file) would overwrite the library."""
        root = self.root.resolve()
        if target.resolve().is_relative_to(root):
            raise UsageError(
                f"Choose a file outside the library folder {root}: "
                "writing there could overwrite the library itself."
            )
        return target

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One session, committed at the end; a user-data refusal becomes a ``UsageError``."""
        try:
            with self.library.db.session() as session:
                yield session
        except UserDataError as error:
            raise UsageError(str(error)) from error
