"""Every committed library file of a past schema opens, upgrades and keeps user data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from resources_db import catalogue, user_data
from resources_db.library import open_library
from search_index.sync import LibraryIndex

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("library-*.sqlite3"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_old_library_opens_with_user_data_intact(fixture: Path, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(fixture, root / "library.sqlite3")
    library = open_library(root)
    try:
        with library.db.session() as session:
            assert user_data.bookmark(session, "imhaw-2020/week").note == "fixture note"
            assert user_data.bookmark(session, "gone/withdrawn").note == "orphaned but kept"
            listing = user_data.collection(session, "Fixture list")
            assert [(i.uid, i.note) for i in listing.items] == [
                ("imhaw-2020/week", "first"),
                ("gone/withdrawn", "second"),
            ]
            assert listing.objectives == "Know the week"
            assert user_data.saved_searches(session)[0].query == "babies pandemic"
            # the fixture has no catalogue: the starter fills it without touching user data
            assert catalogue.resource_count(session) > 0
        index = LibraryIndex(library)
        index.ensure_ready()  # an upgraded library gets its index built from the database
        assert index.check().ok
        assert index.search("pandemic").total > 0
        index.close()
    finally:
        library.close()


def test_there_is_a_fixture_for_the_current_schema() -> None:
    from resources_db.database import head_revision

    assert any(f.stem == f"library-{head_revision()}" for f in FIXTURES)
