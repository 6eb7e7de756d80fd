"""The user's own layer: bookmarks, notes, collections, saved searches, history."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import NOTHING, Changes
from resources_db import user_data
from resources_db.user_data import BookmarkInfo, CollectionInfo, CollectionItemInfo


class UserDataOps(OperationsBase):
    # --- bookmarks ----------------------------------------------------------------------

    def set_bookmark(self, uid: str, note: str | None = None) -> tuple[BookmarkInfo, Changes]:
        """Bookmark ``uid``; a given note replaces the old one, None keeps it."""
        with self.unit_of_work() as session:
            saved = user_data.set_bookmark(session, uid, note)
        return saved, Changes(bookmarks=True)

    def bookmark_all(self, uids: Sequence[str]) -> Changes:
        """Bookmark several at once; existing bookmarks keep their notes."""
        with self.unit_of_work() as session:
            for uid in dict.fromkeys(uids):
                user_data.set_bookmark(session, uid, None)
        return Changes(bookmarks=True) if uids else NOTHING

    def remove_bookmark(self, uid: str) -> tuple[bool, Changes]:
        with self.unit_of_work() as session:
            removed = user_data.remove_bookmark(session, uid)
        return removed, Changes(bookmarks=True) if removed else NOTHING

    # --- collections --------------------------------------------------------------------

    def create_collection(self, name: str, description: str = "") -> tuple[CollectionInfo, Changes]:
        with self.unit_of_work() as session:
            created = user_data.create_collection(session, name, description)
        return created, Changes(collections=frozenset({created.name}), collection_list=True)

    def add_to_collection(self, name: str, uids: Sequence[str]) -> tuple[int, Changes]:
        """Append resources; returns how many were new to the collection."""
        with self.unit_of_work() as session:
            added = user_data.add_to_collection(session, name, uids)
        return added, Changes(collections=frozenset({name}))

    def remove_from_collection(
        self, name: str, uid: str
    ) -> tuple[CollectionItemInfo | None, Changes]:
        """Returns the removed item (with its note and place) for undo."""
        with self.unit_of_work() as session:
            removed = user_data.remove_from_collection(session, name, uid)
        return removed, Changes(collections=frozenset({name}))

    def put_back_in_collection(self, name: str, item: CollectionItemInfo) -> Changes:
        with self.unit_of_work() as session:
            user_data.put_back_in_collection(session, name, item)
        return Changes(collections=frozenset({name}))

    def reorder_collection(self, name: str, uids: Sequence[str]) -> Changes:
        with self.unit_of_work() as session:
            user_data.set_order(session, name, uids)
        return Changes(collections=frozenset({name}))

    def set_item_note(self, name: str, uid: str, note: str) -> Changes:
        with self.unit_of_work() as session:
            user_data.set_item_note(session, name, uid, note)
        return Changes(collections=frozenset({name}))

    def update_collection(
        self,
        name: str,
        *,
        new_name: str | None = None,
        description: str | None = None,
        objectives: str | None = None,
    ) -> tuple[CollectionInfo, Changes]:
        with self.unit_of_work() as session:
            info = user_data.update_collection(
                session, name, new_name=new_name, description=description, objectives=objectives
            )
        renamed = info.name != name
        return info, Changes(collections=frozenset({name, info.name}), collection_list=renamed)

    def delete_collection(self, name: str) -> tuple[CollectionInfo, Changes]:
        """Returns the whole collection as it was, so undo can bring it back."""
        with self.unit_of_work() as session:
            snapshot = user_data.delete_collection(session, name)
        return snapshot, Changes(collections=frozenset({name}), collection_list=True)

    def restore_collection(self, snapshot: CollectionInfo) -> Changes:
        with self.unit_of_work() as session:
            user_data.restore_collection(session, snapshot)
        return Changes(collections=frozenset({snapshot.name}), collection_list=True)

    # --- saved searches, history, playback ------------------------------------------------

    def save_search(self, name: str, query: str) -> Changes:
        with self.unit_of_work() as session:
            user_data.save_search(session, name, query)
        return Changes(saved_searches=True)

    def delete_saved_search(self, name: str) -> Changes:
        with self.unit_of_work() as session:
            user_data.delete_saved_search(session, name)
        return Changes(saved_searches=True)

    def delete_saved_query(self, query: str) -> Changes:
        """Delete every saved search that runs ``query`` (the list shows queries)."""
        with self.unit_of_work() as session:
            for saved in user_data.saved_searches(session):
                if saved.query == query:
                    user_data.delete_saved_search(session, saved.name)
        return Changes(saved_searches=True)

    def record_view(self, uid: str) -> Changes:
        with self.unit_of_work() as session:
            user_data.record_view(session, uid)
        return Changes(history=True)

    def set_playback_position(self, uid: str, seconds: float) -> Changes:
        with self.unit_of_work() as session:
            user_data.set_playback_position(session, uid, seconds)
        return NOTHING  # no list shows it
