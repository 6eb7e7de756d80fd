"""Nothing a user made is lost: damaged files, full disks, backups and user data files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from resources_db import backups, catalogue, user_data
from resources_db.database import DatabaseError
from resources_db.importing import import_source
from resources_db.library import Library, header_problem, open_library
from resources_db.user_data_file import write_user_data
from tests.resources_db.packs_fixtures import resource, write_pack


def make_user_data(library: Library) -> None:
    with library.db.session() as session:
        user_data.set_bookmark(session, "imhaw-2020/week", "Start here.")
        user_data.create_collection(session, "Induction")
        user_data.add_to_collection(session, "Induction", ["imhaw-2020/infographic"])
        user_data.set_item_note(session, "Induction", "imhaw-2020/infographic", "Print it.")
        user_data.save_search(session, "Pandemic", "babies pandemic")


def assert_user_data(library: Library) -> None:
    with library.db.session() as session:
        assert user_data.bookmark(session, "imhaw-2020/week").note == "Start here."
        items = user_data.collection(session, "Induction").items
        assert [(i.uid, i.note) for i in items] == [("imhaw-2020/infographic", "Print it.")]
        assert user_data.saved_searches(session)[0].query == "babies pandemic"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"\x00" * len(data),
        lambda data: bytes(range(256)) * 40,
        lambda data: data[:100],
    ],
    ids=["truncated", "zeroed", "garbage", "header-only"],
)
def test_a_damaged_database_is_kept_and_never_replaced(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "lib"
    library = open_library(root)
    make_user_data(library)
    library.close()
    database = root / "library.sqlite3"
    database.write_bytes(damage(database.read_bytes()))
    damaged = database.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_library(root)
    assert "damaged" in str(caught.value) and "\n" not in str(caught.value)
    assert database.read_bytes() == damaged  # left exactly as it was


def test_restore_puts_back_the_newest_good_backup_and_keeps_the_damaged_file(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lib"
    library = open_library(root)
    make_user_data(library)
    backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    paths = library.paths
    library.close()
    paths.database.write_bytes(paths.database.read_bytes()[:4096])
    aside = backups.restore_backup(paths)
    assert aside.exists() and aside.stat().st_size == 4096
    reopened = open_library(root)
    try:
        assert_user_data(reopened)
    finally:
        reopened.close()


def test_a_damaged_backup_is_not_restored(tmp_path: Path) -> None:
    library = open_library(tmp_path / "lib")
    copy = backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    library.close()
    copy.write_bytes(b"not a database at all")
    with pytest.raises(DatabaseError):
        backups.restore_backup(library.paths, copy)


def test_daily_backup_is_taken_once_a_day(tmp_path: Path) -> None:
    open_library(tmp_path / "lib").close()  # a new library needs no backup yet
    library = open_library(tmp_path / "lib")
    library.close()
    taken = backups.list_backups(library.paths)
    assert [b.reason for b in taken] == ["daily"]
    open_library(tmp_path / "lib").close()
    assert len(backups.list_backups(library.paths)) == 1


def test_header_check_spots_truncation_cheaply(tmp_path: Path) -> None:
    library = open_library(tmp_path / "lib")
    library.close()
    database = library.paths.database
    assert header_problem(database) is None
    database.write_bytes(database.read_bytes()[:8192])
    assert "cut short" in (header_problem(database) or "")


def test_a_full_disk_rejects_the_import_and_changes_nothing(
    library: Library, tmp_path: Path
) -> None:
    pack = write_pack(
        tmp_path / "big",
        [resource(f"big/{n}", body="attachment and attunement " * 400) for n in range(200)],
    )
    with library.db.session() as session:
        before = catalogue.resource_count(session)

    def tiny_disk(connection: sqlite3.Connection, _record: object) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages + 5}")

    event.listen(library.db.engine, "connect", tiny_disk)
    library.db.engine.dispose()  # new connections get the tiny "disk"
    outcome = import_source(library, str(pack))
    event.remove(library.db.engine, "connect", tiny_disk)
    library.db.engine.dispose()
    assert outcome.status == "rejected"
    assert outcome.error.startswith("The library could not be written (database or disk is full)")
    with library.db.session() as session:
        assert catalogue.resource_count(session) == before


def test_user_data_file_round_trip_merges_without_losing_anything(
    library: Library, tmp_path: Path
) -> None:
    make_user_data(library)
    target = tmp_path / "mine.json"
    with library.db.session() as session:
        write_user_data(session, target)
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "imh-library-user-data"
    other = open_library(tmp_path / "other")
    try:
        with other.db.session() as session:
            user_data.set_bookmark(session, "imhaw-2020/week", "")  # empty: gets the note
            user_data.set_bookmark(session, "imhaw-2020/infographic", "Mine already.")
        first = import_source(other, str(target))
        again = import_source(other, str(target))
        assert (first.status, first.format) == ("imported", "user-data")
        assert (again.added, again.updated) == (0, 0)  # merging twice changes nothing
        assert_user_data(other)
        with other.db.session() as session:
            assert user_data.bookmark(session, "imhaw-2020/infographic").note == "Mine already."
    finally:
        other.close()
