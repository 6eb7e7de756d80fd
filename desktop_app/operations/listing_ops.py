"""Results sorted by what the search index does not keep: date added, first author.

``search`` answers these sorts itself and leaves the others to the index.
The whole ordered list of a search is worked out for its first page (one
pass over the library) and kept for the pages that follow, so scrolling
costs a page of database reads each time.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime

from desktop_app.operations.reading_ops import ReadingOps
from resources_db import listing
from resources_db.listing import ListingRow
from search_index import Hit, SearchResults
from search_index.snippets import plain_start

# Sort keys the window offers beyond the index's own (relevance, date, title).
LISTING_SORTS = ("added", "author")

_OrderKey = tuple[str, tuple[tuple[str, tuple[str, ...]], ...], str]


class ListingOps(ReadingOps):
    _order_lock = threading.Lock()
    _order: tuple[_OrderKey, list[str]] | None = None

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
        if sort not in LISTING_SORTS:
            return super().search(
                query,
                filters=filters,
                sort=sort,
                offset=offset,
                limit=limit,
                as_you_type=as_you_type,
            )
        return self._search_in_order(query, filters or {}, sort, offset, limit)

    def listing(self, uids: Sequence[str]) -> dict[str, ListingRow]:
        """The table's extra columns (date added, duration, tags, from a feed, opened)."""
        with self.unit_of_work() as session:
            return listing.listing_rows(session, uids)

    def newest_number(self) -> int:
        """Where the library's additions stand now (``ListingRow.number`` of the latest):
        what a feed brings later is new."""
        with self.unit_of_work() as session:
            return listing.newest_number(session)

    def _search_in_order(
        self, query: str, filters: Mapping[str, Sequence[str]], sort: str, offset: int, limit: int
    ) -> SearchResults:
        # The counts, correction and facets are the search's own; only the order is ours.
        base = super().search(query, filters=filters, sort="relevance", offset=0, limit=0)
        if base.approximate:  # no index to list every match from yet
            return super().search(query, filters=filters, sort="date", offset=offset, limit=limit)
        ordered = self._ordered(query, filters, sort, fresh=offset == 0)
        with self.unit_of_work() as session:
            page = listing.brief_resources(session, ordered[offset : offset + limit])
        hits = [
            Hit(
                uid=r.uid,
                kind=r.kind,
                title=r.title,
                organisations=list(r.organisations),
                authors=list(r.authors),
                year=r.year,
                url=r.url,
                score=0.0,
                snippet=plain_start(r.summary),
            )
            for r in page
        ]
        return SearchResults(
            query=base.query,
            total=base.total,
            corrected=base.corrected,
            expansions=base.expansions,
            hits=hits,
            facets=base.facets,
            filters=base.filters,
            some_words=base.some_words,
            unmatched=base.unmatched,
        )

    def _ordered(
        self, query: str, filters: Mapping[str, Sequence[str]], sort: str, *, fresh: bool
    ) -> list[str]:
        key: _OrderKey = (
            query,
            tuple(sorted((k, tuple(v)) for k, v in filters.items())),
            sort,
        )
        with self._order_lock:
            if not fresh and self._order is not None and self._order[0] == key:
                return self._order[1]
        uids = self.matching_uids(query, filters)
        with self.unit_of_work() as session:
            if sort == "added":
                added = listing.added_times(session)
                # Newest first; ties keep the search's own order.
                ordered = sorted(uids, key=lambda uid: added.get(uid, datetime.min), reverse=True)
            else:
                authors = listing.first_authors(session)
                ordered = sorted(
                    uids,
                    key=lambda uid: (
                        uid not in authors,
                        listing.author_key(authors.get(uid, "")),
                    ),
                )
        with self._order_lock:
            self._order = (key, ordered)
        return ordered
