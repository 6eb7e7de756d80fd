"""A library on disk: its folder, its database and its first-start contents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from resources_db import catalogue
from resources_db.bundled import bundled_path
from resources_db.catalogue_writer import ImportCounts, apply_pack
from resources_db.database import Database
from resources_db.packs import read_pack
from resources_db.paths import LibraryPaths, default_root

STARTER_PACKS = ("imhaw-2020",)


@dataclass
class Library:
    paths: LibraryPaths
    db: Database

    def close(self) -> None:
        self.db.close()

    def import_pack(self, source: Path) -> ImportCounts:
        """Validate first, then write the whole pack in one transaction."""
        pack = read_pack(source)
        with self.db.session() as session:
            return apply_pack(session, pack, self.paths.attachments_dir)


def open_library(root: Path | None = None) -> Library:
    """Open (creating and filling on first start) the library at ``root``."""
    paths = LibraryPaths(Path(root) if root is not None else default_root())
    paths.create()
    database = Database(paths.database, paths.backups_dir)
    library = Library(paths, database)
    # Checked by content rather than "database just created" so that a first
    # start cut short after the migration still gets its starter catalogue.
    with database.session() as session:
        empty = catalogue.resource_count(session) == 0
    if empty:
        load_starter_catalogue(library)
    return library


def load_starter_catalogue(library: Library) -> ImportCounts:
    total = ImportCounts()
    for name in STARTER_PACKS:
        counts = library.import_pack(bundled_path("resources_db", "starter", name))
        total.added += counts.added
        total.updated += counts.updated
        total.collections += counts.collections
    return total
