"""Restoring a backup leaves the index consistent with the restored database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from benchmarks.generate import write_pack
from resources_db import backups
from resources_db.library import open_library
from resources_db.models import Resource
from search_index.sync import LibraryIndex

IMPORTED = 3000


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(root), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def imported_titles(root: Path) -> list[str]:
    library = open_library(root, daily_backup=False)
    try:
        with library.db.session() as session:
            rows = session.scalars(
                select(Resource.title).where(Resource.uid.like("synthetic/%")).limit(5)
            )
            return list(rows)
    finally:
        library.close()


def generated_hits(index: LibraryIndex, titles: list[str]) -> list[str]:
    found = []
    for title in titles:
        found += [hit.uid for hit in index.search(f'"{title}"').hits]
    return [uid for uid in found if uid.startswith("synthetic/")]


@pytest.mark.slow
def test_undoing_a_big_import_by_restoring_a_backup_leaves_no_ghosts(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    library = open_library(root)
    index = LibraryIndex(library)
    index.ensure_ready()
    everything = index.search("").total
    before = backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    library.import_pack(write_pack(IMPORTED, tmp_path / "generated.imhpack"))
    index.rebuild()  # quicker than catching up 3,000 entries; the index ends the same
    assert index.search("").total == everything + IMPORTED
    index.close()
    library.close()
    titles = imported_titles(root)
    assert len(titles) == 5

    restored = cli(root, "restore", str(before))
    assert restored.returncode == 0, restored.stderr
    checked = cli(root, "check", "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["ok"] is True

    library = open_library(root, daily_backup=False)
    index = LibraryIndex(library)
    try:
        assert index.check().ok
        assert index.search("").total == everything
        assert generated_hits(index, titles) == []
    finally:
        index.close()
        library.close()


def test_searches_before_the_index_is_compared_never_show_what_the_restore_removed(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lib"
    library = open_library(root)
    index = LibraryIndex(library)
    index.ensure_ready()
    before = backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    library.import_pack(write_pack(50, tmp_path / "generated.imhpack"))
    index.catch_up()
    index.close()
    library.close()
    titles = imported_titles(root)

    backups.restore_backup(library.paths, before)
    library = open_library(root, daily_backup=False)
    index = LibraryIndex(library)
    try:
        assert index.awaiting_restore
        assert index.search(f'"{titles[0]}"').approximate  # the database answers meanwhile
        assert generated_hits(index, titles) == []
        assert index.search("pandemic").total > 0
        assert index.after_restore() >= 50
        assert not index.awaiting_restore
        assert not index.search("pandemic").approximate
        assert generated_hits(index, titles) == []
        assert index.check().ok
    finally:
        index.close()
        library.close()
