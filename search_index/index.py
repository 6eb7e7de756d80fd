"""The search index of a library: a Whoosh index treated as a rebuildable cache."""

from __future__ import annotations

import enum
import gc
import json
import os
import shutil
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage
from whoosh.index import LockError

from resources_db.documents import ResourceDocument
from search_index import building as building_module
from search_index import whoosh_internals
from search_index.index_view import IndexView
from search_index.postings import SegmentCache, read_postings
from search_index.prefetch import prefetch
from search_index.results import SearchResults
from search_index.schema import SCHEMA_VERSION, build_schema, document_fields
from search_index.searching import run_search, suggest_words
from search_index.writer_lock import IndexBusyError, WriterLock

STAMP = "imh-index.json"
WRITER_TIMEOUT_S = 5.0
WRITER_ATTEMPTS = 6
# How long a write through this class waits for the index's writer lock when
# the caller does not hold it already (``LibraryIndex`` does, and decides).
WRITER_LOCK_WAIT_S = 60.0
# How long opening waits to replace a damaged index before standing in with
# an empty one in memory (another program is probably rebuilding it).
OPEN_LOCK_WAIT_S = 1.0


# A big rebuild uses every core (building.py); a small one is quicker in one
# process than starting others.
BUILD_PROCS = max(1, min(4, os.cpu_count() or 1))
PARALLEL_FROM_DOCUMENTS = 5000


class IndexState(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    STALE = "stale"
    CORRUPT = "corrupt"
    # An earlier format this version still reads: searched while it is rebuilt.
    OUTDATED = "outdated"


# Earlier index versions with the same schema and analysis as SCHEMA_VERSION,
# whose posting blocks this version still decodes (12: every number a 4-byte
# integer; whoosh_internals.posting_blocks tells the encodings apart block by
# block). Such an index keeps answering searches while its replacement is
# built. Empty this whenever the schema or the analysis changes.
READABLE_VERSIONS = frozenset({12})
SEARCHABLE_STATES = (IndexState.OK, IndexState.OUTDATED)


class RebuildCancelled(Exception):
    """The user cancelled a rebuild; the previous index is still in place."""


def _read_stamp_file(index_dir: Path) -> dict[str, Any]:
    try:
        stamp = json.loads((index_dir / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _read_stamp(index_dir: Path) -> int | None:
    try:
        return int(_read_stamp_file(index_dir)["schema_version"])
    except (KeyError, TypeError, ValueError):
        return None


def _read_build(index_dir: Path) -> str | None:
    """Which build of the index is on disk: every rebuild (in any process) gets a new one."""
    build = _read_stamp_file(index_dir).get("build")
    return build if isinstance(build, str) else None


def _write_stamp(index_dir: Path) -> None:
    stamp = {"schema_version": SCHEMA_VERSION, "build": uuid.uuid4().hex}
    (index_dir / STAMP).write_text(json.dumps(stamp), "utf-8")


def _probe(index_dir: Path) -> IndexState:
    """How usable the index on disk is, without trusting any of it."""
    if not index_dir.exists() or not any(index_dir.glob("*.toc")):
        return IndexState.MISSING
    return _probe_files(index_dir)


def _probe_files(index_dir: Path) -> IndexState:
    version = _read_stamp(index_dir)
    if version is None:
        return IndexState.MISSING  # never finished building
    if version != SCHEMA_VERSION and version not in READABLE_VERSIONS:
        return IndexState.STALE
    # Whoosh leaves a file open when it fails to read a damaged table of
    # contents; it is freed when the traceback goes, so keep that quiet here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            state = _read_everything(index_dir)
        except Exception:  # any failure to read means the files are damaged
            state = IndexState.CORRUPT
        if state is IndexState.CORRUPT:
            gc.collect()
    if state is IndexState.OK and version != SCHEMA_VERSION:
        return IndexState.OUTDATED
    return state


def _read_everything(index_dir: Path) -> IndexState:
    """Open every segment and read from each of its files (not every byte: a
    library of 100,000 resources must still start in a moment)."""
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        if ix.schema.names() != build_schema().names():
            return IndexState.STALE
        with ix.searcher() as searcher:
            for reader, _ in searcher.reader().leaf_readers():
                _read_segment(reader)
    finally:
        ix.close()
    return IndexState.OK


def _read_segment(reader) -> None:  # type: ignore[no-untyped-def]
    count = reader.doc_count_all()
    for docnum in {0, count // 2, count - 1} if count else ():
        reader.stored_fields(docnum)
        reader.doc_field_length(docnum, "text")
    for number, term in enumerate(reader.lexicon("text")):
        # Decoded as searches decode them (Whoosh's own matcher took a quarter
        # of a second here at 100,000 resources, one posting at a time).
        postings = read_postings(reader, "text", term.decode("utf-8"))
        postings.positions()
        if len(postings.ids) and not 0 <= postings.ids.min() <= postings.ids.max() < count:
            raise ValueError(f"postings of {term!r} point past the segment")
        if number == PROBE_TERMS:
            break


def _create_empty(index_dir: Path) -> whoosh_index.Index:
    # No stamp: the stamp says a build finished, and this one has not started.
    index_dir.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(index_dir), build_schema())


LEFTOVER_AGE_S = 3600
PROBE_TERMS = 20  # posting lists read from each segment when the index is opened


def _clear_leftovers(index_dir: Path) -> None:
    """Remove half-built or retired index folders left by a process that was killed."""
    for leftover in index_dir.parent.glob(f"{index_dir.name}.*-*"):
        kind, _, pid = leftover.name.rpartition("-")
        if not kind.endswith((".building", ".old")) or not pid.isdigit():
            continue
        if not _process_alive(int(pid)) or time.time() - leftover.stat().st_mtime > LEFTOVER_AGE_S:
            shutil.rmtree(leftover, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no safe probe without extra packages: age alone decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stand_in() -> whoosh_index.Index:
    """An empty index in memory, for while another program rebuilds the one on disk."""
    return RamStorage().create_index(build_schema())


class SearchIndex:
    """Open with ``SearchIndex.open``; safe to search from several threads.

    Changes to the index on disk are made holding ``writer_lock`` (see
    ``writer_lock.py``); ``LibraryIndex`` takes it around whole operations."""

    def __init__(
        self, index_dir: Path, ix: whoosh_index.Index, state: IndexState, lock: WriterLock
    ) -> None:
        self.index_dir = index_dir
        self.state = state
        self.writer_lock = lock
        self.build = _read_build(index_dir) if state in SEARCHABLE_STATES else None
        self._ix = ix
        self._lock = threading.RLock()
        self._segments = SegmentCache(self.index_dir)
        self._searcher = ix.searcher()
        self._view: IndexView | None = None

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """Open the index; one that is missing, stale or damaged is replaced by an
        empty one. One of an earlier format still read is kept: it answers
        searches until a rebuild replaces it (``needs_rebuild`` says so)."""
        whoosh_internals.check()
        index_dir = Path(index_dir)
        lock = WriterLock(index_dir)
        _clear_leftovers(index_dir)
        state = _probe(index_dir)
        if state in SEARCHABLE_STATES:
            prefetch(index_dir)  # the first searches after a restart need not wait on the disk
            return cls(index_dir, whoosh_index.open_dir(str(index_dir)), state, lock)
        if not lock.acquire(OPEN_LOCK_WAIT_S):
            return cls(index_dir, _stand_in(), state, lock)
        try:
            state = _probe(index_dir)  # another program may have just rebuilt it
            if state in SEARCHABLE_STATES:
                return cls(index_dir, whoosh_index.open_dir(str(index_dir)), state, lock)
            if index_dir.exists():
                shutil.rmtree(index_dir, ignore_errors=True)
            return cls(index_dir, _create_empty(index_dir), state, lock)
        finally:
            lock.release()

    def adopt_disk_changes(self) -> None:
        """Take in what another program did to the index on disk: its commits,
        or a whole new build. Call it holding ``writer_lock``."""
        with self._lock:
            build = _read_build(self.index_dir)
            if self.searchable and build == self.build:
                if not self._searcher.up_to_date():
                    self._refresh()
                return
            state = _probe(self.index_dir)
            if state in SEARCHABLE_STATES:
                self._reopen()
                self.state = state
            elif self.searchable:
                self.state = state  # damaged or removed under us: rebuild it

    @property
    def needs_rebuild(self) -> bool:
        return self.state is not IndexState.OK

    @property
    def searchable(self) -> bool:
        """Whether searches can use this index (it may still need a rebuild)."""
        return self.state in SEARCHABLE_STATES

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def _refresh(self) -> None:
        # A fresh searcher rather than Searcher.refresh(): refreshing one that
        # was opened on an empty index fails inside Whoosh.
        self._searcher.close()
        self._searcher = self._ix.searcher()
        self._view = None
        self._segments.keep_only(
            {
                reader.segment().segment_id()
                for reader, _ in self._searcher.reader().leaf_readers()
                if reader.segment() is not None
            }
        )

    def view(self) -> IndexView:
        """The current searcher's view (made on first use after each change)."""
        with self._lock:
            if self._view is None:
                self._view = IndexView(self._searcher, self._segments)
            return self._view

    def _writer(self) -> Any:  # Whoosh's SegmentWriter (untyped)
        for attempt in range(WRITER_ATTEMPTS):
            try:
                return self._ix.writer(
                    timeout=WRITER_TIMEOUT_S,
                    limitmb=128,
                    codec=building_module.codec(),
                    compound=building_module.COMPOUND,
                )
            except LockError:
                if attempt == WRITER_ATTEMPTS - 1:
                    break
                time.sleep(0.2)
        raise IndexBusyError(
            "The search index is busy with another program; try again in a moment."
        )

    def apply(self, upserts: Iterable[ResourceDocument] = (), deletes: Iterable[str] = ()) -> None:
        """Add or replace ``upserts`` and remove ``deletes`` in one commit."""
        with self.writer_lock.held_unless_owned(WRITER_LOCK_WAIT_S), self._lock:
            writer = self._writer()
            try:
                for uid in deletes:
                    writer.delete_by_term("uid", uid)
                for document in upserts:
                    writer.update_document(**document_fields(document))
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=building_module.merge_small_segments)
            self._refresh()

    def rebuild(
        self,
        documents: Iterable[ResourceDocument],
        *,
        progress: Callable[[int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        procs: int = 1,
        expected: int = 0,
    ) -> int:
        """Build a fresh index beside the live one, then swap it in."""
        with self.writer_lock.held_unless_owned(WRITER_LOCK_WAIT_S):
            return self._rebuild(
                documents,
                progress=progress,
                should_cancel=should_cancel,
                procs=procs,
                expected=expected,
            )

    def _rebuild(
        self,
        documents: Iterable[ResourceDocument],
        *,
        progress: Callable[[int], None] | None,
        should_cancel: Callable[[], bool] | None,
        procs: int,
        expected: int,
    ) -> int:
        building = self.index_dir.with_name(f"{self.index_dir.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        whoosh_index.create_in(str(building), build_schema()).close()
        try:
            count = building_module.build(
                building,
                documents,
                expected=expected,
                procs=procs,
                progress=progress,
                should_cancel=should_cancel,
            )
            _write_stamp(building)
        except building_module.Cancelled:
            shutil.rmtree(building, ignore_errors=True)
            raise RebuildCancelled("The index rebuild was cancelled.") from None
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        self._swap_in(building)
        # Read what every search needs (facet tables are saved beside the
        # segments) now, so that the first search after a start is quick.
        view = self.view()
        view.facet_counts(view.live)
        view.vocabulary("spell")
        if progress is not None:
            progress(count)
        return count

    def _swap_in(self, building: Path) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()
            retired = self.index_dir.with_name(f"{self.index_dir.name}.old-{os.getpid()}")
            shutil.rmtree(retired, ignore_errors=True)
            if self.index_dir.exists():
                self.index_dir.rename(retired)
            building.rename(self.index_dir)
            shutil.rmtree(retired, ignore_errors=True)
            self._open_on_disk()

    def _reopen(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()
            self._open_on_disk()

    def _open_on_disk(self) -> None:
        self._ix = whoosh_index.open_dir(str(self.index_dir))
        self._searcher = self._ix.searcher()
        self._view = None
        self._segments = SegmentCache(self.index_dir)
        self.state = IndexState.OK
        self.build = _read_build(self.index_dir)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        as_you_type: bool = False,
        snippets: bool = True,
    ) -> SearchResults:
        with self._lock:
            return run_search(
                self.view(),
                self._ix.schema,
                query,
                limit=max(1, limit),
                offset=max(0, offset),
                filters=filters,
                sort=sort,
                as_you_type=as_you_type,
                snippets=snippets,
            )

    def matching_uids(
        self, query: str, filters: Mapping[str, Sequence[str]] | None = None
    ) -> list[str]:
        """Every hit of a search, best first (for exporting a query's results)."""
        everything = max(1, self.view().size)
        found = self.search(query, filters=filters, limit=everything, snippets=False)
        return [hit.uid for hit in found.hits]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        with self._lock:
            return suggest_words(self.view(), prefix, limit)

    def doc_count(self) -> int:
        with self._lock:
            return int(self._searcher.doc_count())

    def indexed_uids(self) -> set[str]:
        return {uid for uid, _ in self.entries()}

    def entries(self) -> list[tuple[str, str]]:
        """(uid, fingerprint) of every entry (a uid twice if it is indexed twice)."""
        with self._lock:
            return [
                (fields["uid"], fields.get("fingerprint", ""))
                for fields in self._searcher.reader().all_stored_fields()
            ]

    def check(self) -> list[str]:
        """Problems reading the index on disk (an empty list when it is sound)."""
        state = _probe(self.index_dir)
        if state is IndexState.OK:
            return []
        return [f"The search index is {state.value}."]
