"""The window's access to the library: plain calls over the catalogue and index.

Everything here is thread-safe enough to call from a worker: each call opens
its own short session. Nothing here knows about widgets.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from resources_db import catalogue, user_data
from resources_db.catalogue import ResourceDetail
from resources_db.catalogue_writer import add_download, attachment_path
from resources_db.fetching import fetch
from resources_db.library import Library, open_library
from resources_db.packs import PackAttachment
from resources_db.user_data import BookmarkInfo, CollectionInfo
from search_index import SearchResults
from search_index.sync import LibraryIndex


@dataclass(frozen=True)
class DetailView:
    detail: ResourceDetail
    bookmark: BookmarkInfo | None
    collections: list[str]


MAX_MEDIA_BYTES = 1024 * 1024 * 1024


class LibraryService:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = LibraryIndex(library)
        self._closed = False

    @classmethod
    def open(cls, data_dir: str | Path | None) -> LibraryService:
        return cls(open_library(Path(data_dir) if data_dir else None, daily_backup=False))

    @property
    def root(self) -> Path:
        return self.library.paths.root

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.index.close()
        self.library.close()

    def session(self):  # type: ignore[no-untyped-def]
        return self.library.db.session()

    # --- search and reading -----------------------------------------------------------

    def search(self, query: str, **options: Any) -> SearchResults:
        """``LibraryIndex.search``: filters, sort, offset, limit, as_you_type."""
        return self.index.search(query, **options)

    def all_result_uids(
        self, query: str, filters: Mapping[str, Sequence[str]] | None = None
    ) -> list[str]:
        return self.index.index.matching_uids(query, filters)

    def detail(self, uid: str, *, record_view: bool = True) -> DetailView | None:
        with self.session() as session:
            found = catalogue.resource_detail(session, uid)
            if found is None:
                return None
            if record_view:
                user_data.record_view(session, uid)
            return DetailView(
                found,
                user_data.bookmark(session, uid),
                user_data.collections_containing(session, uid),
            )

    def resource_count(self) -> int:
        with self.session() as session:
            return catalogue.resource_count(session)

    def titles(self, uids: Sequence[str]) -> dict[str, str]:
        with self.session() as session:
            return catalogue.titles(session, uids)

    def attachment_path(self, sha256: str, filename: str) -> Path:
        return attachment_path(self.library.paths.attachments_dir, sha256, filename)

    def download_media(self, uid: str, url: str) -> None:
        """Fetch an episode's audio once and keep it with the resource for offline use."""
        fetched = fetch(url, max_bytes=MAX_MEDIA_BYTES)
        name = PurePosixPath(urlsplit(fetched.url).path).name or "episode.mp3"
        media_type = fetched.content_type.split(";")[0].strip() or "audio/mpeg"
        if not media_type.startswith("audio/"):
            media_type = mimetypes.guess_type(name)[0] or "audio/mpeg"
        with self.session() as session:
            add_download(
                session,
                uid,
                PackAttachment(name, "Episode audio", media_type, fetched.data),
                self.library.paths.attachments_dir,
            )

    # --- the user's data --------------------------------------------------------------

    def set_bookmark(self, uid: str, note: str | None = None) -> None:
        with self.session() as session:
            user_data.set_bookmark(session, uid, note)

    def remove_bookmark(self, uid: str) -> None:
        with self.session() as session:
            user_data.remove_bookmark(session, uid)

    def bookmarks(self) -> list[BookmarkInfo]:
        with self.session() as session:
            return user_data.bookmarks(session)

    def collections(self) -> list[CollectionInfo]:
        with self.session() as session:
            return user_data.collections(session)

    def collection(self, name: str) -> CollectionInfo:
        with self.session() as session:
            return user_data.collection(session, name)

    def recently_viewed(self) -> list[str]:
        with self.session() as session:
            return [uid for uid, _ in user_data.recently_viewed(session)]

    def saved_searches(self) -> list[user_data.SavedSearchInfo]:
        with self.session() as session:
            return user_data.saved_searches(session)

    def call(self, name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Run one ``user_data`` function in its own unit of work."""
        with self.session() as session:
            return getattr(user_data, name)(session, *args, **kwargs)

    def playback_position(self, uid: str) -> float:
        with self.session() as session:
            return user_data.playback_position(session, uid)

    def set_playback_position(self, uid: str, seconds: float) -> None:
        with self.session() as session:
            user_data.set_playback_position(session, uid, seconds)
