"""Bookmarks, collections, saved searches and history."""

from __future__ import annotations

import pytest

from resources_db import user_data
from resources_db.user_data import UserDataError

WEEK = "imhaw-2020/week"


def test_bookmark_note_roundtrip(library) -> None:
    with library.db.session() as session:
        user_data.set_bookmark(session, WEEK, "share with trainees")
        user_data.set_bookmark(session, WEEK)  # no note given keeps the old one
        assert user_data.bookmark(session, WEEK).note == "share with trainees"
        assert user_data.remove_bookmark(session, WEEK)
        assert user_data.bookmark(session, WEEK) is None


def test_bookmarking_unknown_uid_is_refused(library) -> None:
    with pytest.raises(UserDataError, match="no resource"), library.db.session() as session:
        user_data.set_bookmark(session, "nope")


def test_collection_order_notes_and_undo(library) -> None:
    with library.db.session() as session:
        uids = ["imhaw-2020/week", "imhaw-2020/infographic"]
        user_data.create_collection(session, "  Induction   week ")
        assert user_data.add_to_collection(session, "Induction week", uids) == 2
        assert user_data.add_to_collection(session, "Induction week", uids[:1]) == 0
        user_data.move_in_collection(session, "Induction week", uids[1], 0)
        user_data.set_item_note(session, "Induction week", uids[0], "read first")
        user_data.update_collection(session, "Induction week", objectives="Know IMHAW")
    with library.db.session() as session:
        info = user_data.collection(session, "Induction week")
        assert [i.uid for i in info.items] == [uids[1], uids[0]]
        assert info.items[1].note == "read first"
        assert info.objectives == "Know IMHAW"
        snapshot = user_data.delete_collection(session, "Induction week")
    with library.db.session() as session:
        assert "Induction week" not in [c.name for c in user_data.collections(session)]
        user_data.restore_collection(session, snapshot)
    with library.db.session() as session:
        restored = user_data.collection(session, "Induction week")
        assert (restored.objectives, restored.items) == (snapshot.objectives, snapshot.items)


def test_duplicate_and_empty_collection_names_are_refused(library) -> None:
    with library.db.session() as session:
        user_data.create_collection(session, "A")
    for name, message in (("A", "already exists"), ("   ", "needs a name")):
        with pytest.raises(UserDataError, match=message), library.db.session() as session:
            user_data.create_collection(session, name)


def test_history_keeps_latest_view_first(library) -> None:
    with library.db.session() as session:
        user_data.record_view(session, "imhaw-2020/week")
        user_data.record_view(session, "imhaw-2020/infographic")
        user_data.record_view(session, "imhaw-2020/week")
        assert [uid for uid, _ in user_data.recently_viewed(session)][:2] == [
            "imhaw-2020/week",
            "imhaw-2020/infographic",
        ]


def test_saved_searches(library) -> None:
    with library.db.session() as session:
        user_data.save_search(session, "Pandemic", "babies pandemic")
        user_data.save_search(session, "Pandemic", "babies covid")
        assert user_data.saved_searches(session) == [
            user_data.SavedSearchInfo("Pandemic", "babies covid")
        ]
