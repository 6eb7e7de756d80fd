"""Keeping the Whoosh index in step with the database.

SQLite is the source of truth; the index is a cache. Changes reach the index
through the queue that every catalogue transaction fills, and a missing,
stale or damaged index is rebuilt from the database.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from resources_db import catalogue, index_queue
from resources_db.library import Library
from search_index.index import BUILD_PROCS, PARALLEL_FROM_DOCUMENTS, SearchIndex
from search_index.query import split_filters
from search_index.results import Hit, SearchResults

QUEUE_BATCH = 2000
REBUILD_BACKLOG = 20_000


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]
    resources: int
    indexed: int
    queued: int

    @property
    def ok(self) -> bool:
        return not self.problems


class LibraryIndex:
    """The search index of one library, with the operations that touch both stores."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = SearchIndex.open(library.paths.index_dir)

    @property
    def needs_rebuild(self) -> bool:
        return self.index.needs_rebuild

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
        """Search the index; while it is missing, stale or damaged, the database.

        A rebuild replaces such an index only when it is complete, so until then
        a plain search of titles and summaries keeps answering."""
        if self.index.needs_rebuild:
            return self._plain_search(query, filters, offset, limit)
        return self.index.search(
            query, filters=filters, sort=sort, offset=offset, limit=limit, as_you_type=as_you_type
        )

    def _plain_search(
        self,
        query: str,
        filters: Mapping[str, Sequence[str]] | None,
        offset: int,
        limit: int,
    ) -> SearchResults:
        parsed = split_filters(query, filters)
        words = re.findall(r"\w+", parsed.text)
        with self.library.db.session() as session:
            total, documents = catalogue.plain_search(
                session, words, kinds=parsed.filters.get("kind", []), limit=offset + limit
            )
        hits = [
            Hit(
                d.uid,
                d.kind,
                d.title,
                list(d.organisations),
                list(d.authors),
                d.published.year if d.published else None,
                d.url,
                0.0,
                escape(d.summary[:240]),
            )
            for d in documents[offset:]
        ]
        return SearchResults(query, total, None, [], hits, {}, dict(parsed.filters), True)

    def close(self) -> None:
        self.index.close()

    def catch_up(self) -> int:
        """Apply every queued change; returns how many resources were refreshed."""
        with self.library.db.session() as session:
            backlog = index_queue.pending_count(session)
        if backlog > REBUILD_BACKLOG:
            # A big import: building afresh on every core beats thousands of updates.
            return self.rebuild()
        applied = 0
        while True:
            with self.library.db.session() as session:
                entries = index_queue.pending(session, QUEUE_BATCH)
                if not entries:
                    return applied
                uids = list(dict.fromkeys(uid for _, uid in entries))
                documents = catalogue.load_documents(session, uids)
            deletes = [uid for uid in uids if uid not in documents]
            self.index.apply(upserts=documents.values(), deletes=deletes)
            with self.library.db.session() as session:
                index_queue.remove(session, entries[-1][0])
            applied += len(uids)

    def rebuild(
        self,
        progress: Callable[[int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Recreate the index from the database; changes made meanwhile stay queued."""
        with self.library.db.session() as session:
            entries = index_queue.pending(session, 1)
            backlog = index_queue.pending_count(session)
            high_water = entries[0][0] + backlog - 1 if entries else 0
        with self.library.db.session() as session:
            size = catalogue.resource_count(session)
            count = self.index.rebuild(
                catalogue.iter_documents(session),
                progress=progress,
                should_cancel=should_cancel,
                procs=BUILD_PROCS if size >= PARALLEL_FROM_DOCUMENTS else 1,
                expected=size,
            )
        if high_water:
            with self.library.db.session() as session:
                index_queue.remove(session, high_water)
        self.catch_up()
        return count

    def ensure_ready(self, progress: Callable[[int], None] | None = None) -> None:
        """What every start does: rebuild if the index is unusable, else apply the queue."""
        if self.index.needs_rebuild:
            self.rebuild(progress)
        else:
            self.catch_up()

    def check(self) -> CheckReport:
        problems: list[str] = []
        integrity = _integrity(self.library)
        if integrity != "ok":
            problems.append(f"The database failed its integrity check: {integrity}.")
        problems.extend(self.index.check())
        with self.library.db.session() as session:
            db_uids = catalogue.all_uids(session)
            queued = index_queue.pending_count(session)
        indexed = self.index.indexed_uids() if not self.index.needs_rebuild else set()
        if self.index.needs_rebuild:
            problems.append(
                f"The search index is {self.index.state.name.lower()} and must be rebuilt."
            )
        else:
            missing, extra = db_uids - indexed, indexed - db_uids
            if missing:
                problems.append(f"{len(missing)} resources are missing from the search index.")
            if extra:
                problems.append(f"{len(extra)} index entries have no resource in the database.")
        return CheckReport(problems, len(db_uids), len(indexed), queued)


def _integrity(library: Library) -> str:
    connection = sqlite3.connect(library.paths.database)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in rows[:5])
