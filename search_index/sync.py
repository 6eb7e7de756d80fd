"""Keeping the Whoosh index in step with the database.

SQLite is the source of truth; the index is a cache. Changes reach the index
through the queue that every catalogue transaction fills, and a missing,
stale or damaged index is rebuilt from the database.

One writer at a time
--------------------
Every change to the index is made holding the library's index writer lock
(``writer_lock.py``), which threads of this process and other processes (the
window and the command line on one library) share:

- ``rebuild`` holds it for its whole run. It notes the newest queue entry
  before it reads the database, swaps the new index in, and only then drops
  the entries up to that one; entries that arrived meanwhile are applied
  before it lets go. So an edit made during a rebuild is never lost.
- ``catch_up`` waits for the lock up to ``CATCH_UP_WAIT_S``. If another
  writer keeps it longer (a rebuild in the window while the command line
  imports, say), catch_up leaves the queue as it is and returns 0: every
  writer looks at the queue again after letting go of the lock and applies
  what arrived while it held it. A catch-up never waits out a long rebuild,
  and nothing queued is dropped: entries are removed only once what they
  describe is in the index that is live.
- ``ensure_ready`` on an index that must be rebuilt waits (up to
  ``REBUILD_WAIT_S``) for a rebuild another program is running, then uses
  the index it built instead of building a second one.
- After a backup is restored (``resources_db.backups`` marks the index), the
  first writer compares every entry with the restored database by
  fingerprint and applies the differences; until then searches answer from
  the database, so nothing the restore took away is ever found.
- A writer adopts what other processes did to the index on disk (commits, a
  whole new build) each time it takes the lock.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from resources_db import catalogue, index_queue
from resources_db.backups import INDEX_RESTORED_MARKER
from resources_db.library import Library
from search_index.index import (
    BUILD_PROCS,
    PARALLEL_FROM_DOCUMENTS,
    RebuildCancelled,
    SearchIndex,
)
from search_index.query import split_filters
from search_index.results import Hit, SearchResults
from search_index.schema import fingerprint
from search_index.writer_lock import IndexBusyError

QUEUE_BATCH = 2000
REBUILD_BACKLOG = 20_000
# How long a catch-up waits for another writer before leaving the queue to it.
CATCH_UP_WAIT_S = 3.0
# How long a rebuild, a check or a start waits for another program's rebuild.
REBUILD_WAIT_S = 900.0
# Rounds of "let go, then apply what others left queued meanwhile".
MAX_ROUNDS = 5


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
        self._writer = self.index.writer_lock
        self._restored = self._restored_marker.exists()

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
        """Search the index; while it is missing, stale or damaged, or not yet
        compared with a restored backup, the database.

        A rebuild replaces such an index only when it is complete, so until then
        a plain search of titles and summaries keeps answering. An index of an
        earlier format that is still read (an upgrade) answers as usual while
        its rebuild runs; changes made meanwhile show once it is swapped in."""
        if not self.index.searchable or self._restored:
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

    @property
    def awaiting_restore(self) -> bool:
        """A backup replaced the database and the index has not been compared with it yet."""
        return self._restored

    # --- writing (each public method takes the writer lock; the _locked ones need it) ---

    def catch_up(self) -> int:
        """Apply every queued change; returns how many resources were refreshed.

        Returns 0, leaving the queue to the writer that holds the index, when
        another one keeps it past ``CATCH_UP_WAIT_S``; and leaves the queue to
        the rebuild when the index must be rebuilt."""
        if not self._writer.acquire(CATCH_UP_WAIT_S):
            return 0
        try:
            self._adopt_disk_changes()
            applied = self._catch_up_locked()
        finally:
            self._writer.release()
        return applied + self._apply_arrivals()

    def rebuild(
        self,
        progress: Callable[[int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Recreate the index from the database; changes made meanwhile are applied too."""
        self._take_writer(should_cancel)
        try:
            count = self._rebuild_locked(progress, should_cancel)
        finally:
            self._writer.release()
        self._apply_arrivals()
        return count

    def ensure_ready(self, progress: Callable[[int], None] | None = None) -> None:
        """What every start does: rebuild if the index is unusable, else apply the queue."""
        if not self._writer.acquire(CATCH_UP_WAIT_S):
            if not self.index.needs_rebuild and not self._restored:
                return  # the writer that holds the index applies the queue before it lets go
            self._take_writer()
        try:
            self._adopt_disk_changes()
            if self.index.needs_rebuild:
                self._rebuild_locked(progress)
            else:
                self._catch_up_locked()
        finally:
            self._writer.release()
        self._apply_arrivals()

    def after_restore(self) -> int:
        """Bring the index in line with a database just restored from a backup;
        returns how many entries were added, changed or removed.

        ``ensure_ready`` and ``catch_up`` do this by themselves when
        ``resources_db.backups.restore_backup`` marked the index."""
        self._take_writer()
        try:
            self._adopt_disk_changes()
            if self.index.needs_rebuild:
                return self._rebuild_locked()
            return self._reconcile_locked()
        finally:
            self._writer.release()

    def _take_writer(self, should_cancel: Callable[[], bool] | None = None) -> None:
        if self._writer.acquire(REBUILD_WAIT_S, should_cancel):
            return
        if should_cancel is not None and should_cancel():
            raise RebuildCancelled("The index rebuild was cancelled.")
        raise IndexBusyError(
            "The search index is being rebuilt by another program; try again when it has finished."
        )

    def _apply_arrivals(self) -> int:
        """After letting go: apply what others left queued while this one held the
        lock. If another writer has taken the lock already, it does this itself."""
        applied = 0
        for _ in range(MAX_ROUNDS):
            if not self._work_waiting() or not self._writer.acquire(0):
                break
            try:
                self._adopt_disk_changes()
                applied += self._catch_up_locked()
            finally:
                self._writer.release()
        return applied

    def _work_waiting(self) -> bool:
        if self.index.needs_rebuild:
            return False
        if self._restored:
            return True
        with self.library.db.session() as session:
            return index_queue.pending_count(session) > 0

    def _adopt_disk_changes(self) -> None:
        self.index.adopt_disk_changes()
        self._restored = self._restored_marker.exists()

    def _catch_up_locked(self) -> int:
        if self.index.needs_rebuild:
            return 0  # the rebuild will read every queued change from the database
        if self._restored:
            return self._reconcile_locked()
        with self.library.db.session() as session:
            backlog = index_queue.pending_count(session)
        if backlog > REBUILD_BACKLOG:
            # A big import: building afresh on every core beats thousands of updates.
            return self._rebuild_locked()
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

    def _rebuild_locked(
        self,
        progress: Callable[[int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> int:
        # Read before the resources: every entry up to here is in what the
        # rebuild reads, and later ones are applied after the swap.
        with self.library.db.session() as session:
            high_water = index_queue.last_id(session)
        with self.library.db.session() as session:
            size = catalogue.resource_count(session)
            count = self.index.rebuild(
                catalogue.iter_documents(session),
                progress=progress,
                should_cancel=should_cancel,
                procs=BUILD_PROCS if size >= PARALLEL_FROM_DOCUMENTS else 1,
                expected=size,
            )
        # The new index is live (and the restore marker went with the old folder).
        self._restored = self._restored_marker.exists()
        with self.library.db.session() as session:
            index_queue.remove(session, high_water)
        self._catch_up_locked()
        return count

    def _reconcile_locked(self) -> int:
        """Compare every entry with the database and apply the differences."""
        with self.library.db.session() as session:
            high_water = index_queue.last_id(session)
        indexed = dict(self.index.entries())
        with self.library.db.session() as session:
            current = {d.uid: fingerprint(d) for d in catalogue.iter_documents(session)}
        changed = [uid for uid, mark in current.items() if indexed.get(uid) != mark]
        gone = [uid for uid in indexed if uid not in current]
        for batch in _batches(changed, QUEUE_BATCH):
            with self.library.db.session() as session:
                documents = catalogue.load_documents(session, batch)
            deletes = [uid for uid in batch if uid not in documents]
            self.index.apply(upserts=documents.values(), deletes=deletes)
        for batch in _batches(gone, QUEUE_BATCH):
            self.index.apply(deletes=batch)
        self._restored_marker.unlink(missing_ok=True)
        self._restored = False
        with self.library.db.session() as session:
            index_queue.remove(session, high_water)
        return len(changed) + len(gone) + self._catch_up_locked()

    @property
    def _restored_marker(self) -> Path:
        return self.library.paths.index_dir / INDEX_RESTORED_MARKER

    # --- checking -----------------------------------------------------------------

    def check(self) -> CheckReport:
        """Whether the database and the index agree, entry by entry.

        Holds the writer lock while it reads, so that no write in between
        shows up as a difference."""
        self._take_writer()
        try:
            self._adopt_disk_changes()
            report = self._check_locked()
        finally:
            self._writer.release()
        self._apply_arrivals()
        return report

    def _check_locked(self) -> CheckReport:
        problems: list[str] = []
        integrity = _integrity(self.library)
        if integrity != "ok":
            problems.append(f"The database failed its integrity check: {integrity}.")
        on_disk = self.index.check()
        with self.library.db.session() as session:
            current = {d.uid: fingerprint(d) for d in catalogue.iter_documents(session)}
            queued = index_queue.pending_count(session)
        if self.index.needs_rebuild:
            # One sentence, not the disk's state and then the same state again.
            state = (
                on_disk[0].removesuffix(".")
                if on_disk
                else (f"The search index is {self.index.state.name.lower()}")
            )
            problems.append(f"{state} and must be rebuilt.")
            return CheckReport(problems, len(current), 0, queued)
        problems.extend(on_disk)
        if self._restored:
            problems.append("The search index has not yet been compared with the restored backup.")
        entries = self.index.entries()
        problems.extend(_differences(current, entries))
        return CheckReport(problems, len(current), len({uid for uid, _ in entries}), queued)


def _differences(current: dict[str, str], entries: list[tuple[str, str]]) -> list[str]:
    indexed = dict(entries)
    missing = current.keys() - indexed.keys()
    extra = indexed.keys() - current.keys()
    stale = [uid for uid, mark in indexed.items() if uid in current and current[uid] != mark]
    repeated = len(entries) - len(indexed)
    problems = []
    if missing:
        problems.append(f"{len(missing)} resources are missing from the search index.")
    if extra:
        problems.append(f"{len(extra)} index entries have no resource in the database.")
    if stale:
        problems.append(f"{len(stale)} index entries are out of date.")
    if repeated:
        problems.append(f"{repeated} index entries repeat a resource indexed already.")
    return problems


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _integrity(library: Library) -> str:
    connection = sqlite3.connect(library.paths.database)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in rows[:5])
