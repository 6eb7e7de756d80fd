"""Reading the library: searches, a resource's details, the user's lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.errors import NotFoundError
from resources_db import catalogue, user_data
from resources_db.catalogue import ResourceDetail
from resources_db.catalogue_writer import attachment_path
from resources_db.user_data import BookmarkInfo, CollectionInfo, SavedSearchInfo
from search_index import SearchResults


@dataclass(frozen=True)
class DetailView:
    """A resource as the detail pane and ``show`` present it, with the user's layer."""

    detail: ResourceDetail
    bookmark: BookmarkInfo | None
    collections: list[str]


class ReadingOps(OperationsBase):
    def search(
        self,
        query: str,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
        as_you_type: bool = False,
    ) -> SearchResults:
        return self.index.search(
            query, filters=filters, sort=sort, offset=offset, limit=limit, as_you_type=as_you_type
        )

    def matching_uids(
        self, query: str, filters: Mapping[str, Sequence[str]] | None = None
    ) -> list[str]:
        """Every resource a search finds, in rank order (for exporting all results)."""
        return self.index.index.matching_uids(query, filters)

    def detail(self, uid: str, *, record_view: bool = False) -> DetailView:
        """The resource ``uid``; ``record_view`` adds it to the recently viewed list."""
        with self.unit_of_work() as session:
            found = catalogue.resource_detail(session, uid)
            if found is None:
                raise NotFoundError(f"There is no resource with uid {uid!r}.")
            if record_view:
                user_data.record_view(session, uid)
            return DetailView(
                found,
                user_data.bookmark(session, uid),
                user_data.collections_containing(session, uid),
            )

    def others_wrote(self) -> bool:
        """Whether another program committed to the library since the last call
        (the first call starts watching and answers False)."""
        return self.library.db.others_wrote()

    def resource_count(self) -> int:
        with self.unit_of_work() as session:
            return catalogue.resource_count(session)

    def titles(self, uids: Sequence[str]) -> dict[str, str]:
        with self.unit_of_work() as session:
            return catalogue.titles(session, uids)

    def attachment_file(self, sha256: str, filename: str) -> Path | None:
        """An attachment's file, only if it lies inside the library's attachments folder."""
        folder = self.library.paths.attachments_dir.resolve()
        target = attachment_path(folder, sha256, filename).resolve()
        return target if target.is_relative_to(folder) and target.is_file() else None

    def bookmark(self, uid: str) -> BookmarkInfo | None:
        with self.unit_of_work() as session:
            return user_data.bookmark(session, uid)

    def bookmarks(self) -> list[BookmarkInfo]:
        with self.unit_of_work() as session:
            return user_data.bookmarks(session)

    def collections(self) -> list[CollectionInfo]:
        with self.unit_of_work() as session:
            return user_data.collections(session)

    def collection(self, name: str) -> CollectionInfo:
        with self.unit_of_work() as session:
            return user_data.collection(session, name)

    def saved_searches(self) -> list[SavedSearchInfo]:
        with self.unit_of_work() as session:
            return user_data.saved_searches(session)

    def recently_viewed(self) -> list[str]:
        with self.unit_of_work() as session:
            return [uid for uid, _ in user_data.recently_viewed(session)]

    def playback_position(self, uid: str) -> float:
        with self.unit_of_work() as session:
            return user_data.playback_position(session, uid)
