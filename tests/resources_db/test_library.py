"""Opening libraries, migrations, backups and the index queue."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, select, text

from resources_db import catalogue, index_queue, user_data
from resources_db.database import SCHEMA_REVISION, current_revision, head_revision
from resources_db.library import open_library
from resources_db.models import Resource
from tests.resources_db.packs_fixtures import resource, write_pack


def test_first_start_creates_folders_and_loads_the_starter_catalogue(tmp_path: Path) -> None:
    library = open_library(tmp_path / "lib")
    try:
        for folder in ("index", "attachments", "backups", "logs"):
            assert (tmp_path / "lib" / folder).exists() or folder == "index"
        with library.db.session() as session:
            assert catalogue.resource_count(session) > 20
            assert catalogue.resource_detail(session, "imhaw-2020/week") is not None
            # every new resource is queued for the search index in the same transaction
            assert index_queue.pending_count(session) >= catalogue.resource_count(session)
            assert [c.name for c in user_data.collections(session)] == ["IMHAW 2020 at a glance"]
    finally:
        library.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(library) -> None:
    with library.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reopening_does_not_reload_or_duplicate(tmp_path: Path) -> None:
    first = open_library(tmp_path / "lib")
    with first.db.session() as session:
        count = catalogue.resource_count(session)
        user_data.set_bookmark(session, "imhaw-2020/week", "for Tuesday's session")
    first.close()
    second = open_library(tmp_path / "lib")
    with second.db.session() as session:
        assert catalogue.resource_count(session) == count
        assert user_data.bookmark(session, "imhaw-2020/week").note == "for Tuesday's session"
    second.close()


def test_upgrade_from_older_schema_backs_up_and_keeps_user_data(tmp_path: Path) -> None:
    library = open_library(tmp_path / "lib")
    with library.db.session() as session:
        user_data.set_bookmark(session, "imhaw-2020/week", "keep me")
    library.close()
    # Pretend the file was written by an older release.
    connection = sqlite3.connect(tmp_path / "lib" / "library.sqlite3")
    connection.execute("UPDATE alembic_version SET version_num = 'older'")
    connection.commit()
    connection.close()
    # An unknown older revision cannot be upgraded, but nothing is lost either.
    try:
        open_library(tmp_path / "lib")
    except Exception as error:
        assert "could not be upgraded" in str(error) or "cannot be read" in str(error)
    backups = list((tmp_path / "lib" / "backups").glob("library-*-before-upgrade-older.sqlite3"))
    assert len(backups) == 1
    restored = sqlite3.connect(backups[0])
    assert restored.execute("SELECT note FROM bookmarks").fetchall() == [("keep me",)]
    restored.close()


def test_the_expected_revision_is_the_newest_migration() -> None:
    # A new migration must also move SCHEMA_REVISION, or libraries would
    # never be upgraded to it.
    assert head_revision() == SCHEMA_REVISION


def test_revision_is_read_without_alembic(library, tmp_path: Path) -> None:
    assert current_revision(library.db.engine) == SCHEMA_REVISION
    empty = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert current_revision(empty) is None
    empty.dispose()


def test_schema_is_at_head_after_open(library) -> None:
    with library.db.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )


def test_reimport_updates_in_place_and_keeps_bookmarks_and_collections(
    library, tmp_path: Path
) -> None:
    pack = write_pack(tmp_path / "p1", [resource("x/1", summary="first"), resource("x/2")])
    assert library.import_pack(pack).added == 2
    with library.db.session() as session:
        user_data.set_bookmark(session, "x/1", "mine")
        user_data.create_collection(session, "Week 1")
        user_data.add_to_collection(session, "Week 1", ["x/2", "x/1"])
    write_pack(tmp_path / "p1", [resource("x/1", summary="second"), resource("x/2")])
    counts = library.import_pack(pack)
    assert (counts.added, counts.updated) == (0, 1)  # x/2 came again unchanged
    with library.db.session() as session:
        assert catalogue.resource_detail(session, "x/1").document.summary == "second"
        assert user_data.bookmark(session, "x/1").note == "mine"
        assert [i.uid for i in user_data.collection(session, "Week 1").items] == ["x/2", "x/1"]
        assert session.scalars(select(Resource).where(Resource.uid == "x/1")).all()


def test_withdrawn_items_stay_marked(library, tmp_path: Path) -> None:
    library.import_pack(write_pack(tmp_path / "a", [resource("w/1")]))
    with library.db.session() as session:
        user_data.set_bookmark(session, "w/1")
    library.import_pack(write_pack(tmp_path / "b", [], withdrawn=["w/1"]))
    with library.db.session() as session:
        assert catalogue.resource_detail(session, "w/1").document.withdrawn
        assert user_data.bookmark(session, "w/1") is not None


def test_queue_records_updates_and_deletes(library, tmp_path: Path) -> None:
    with library.db.session() as session:
        index_queue.clear(session)
    library.import_pack(write_pack(tmp_path / "q", [resource("q/1")]))
    with library.db.session() as session:
        assert [uid for _, uid in index_queue.pending(session)] == ["q/1"]
        index_queue.clear(session)
        row = session.scalar(select(Resource).where(Resource.uid == "q/1"))
        session.delete(row)
    with library.db.session() as session:
        assert [uid for _, uid in index_queue.pending(session)] == ["q/1"]
