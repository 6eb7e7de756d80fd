"""Building a whole index quickly: segments written in parallel, in bounded chunks.

Whoosh's writer keeps postings in memory up to ``limitmb`` and beyond that
spills sorted runs to disk, pickling every posting out and back in; that
spill cost more than indexing itself. So documents go in chunks small enough
never to spill, each chunk becomes one finished segment, and the chunks are
shared between worker processes (one per core). The new table of contents
lists every segment at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from resources_db.documents import ResourceDocument
from search_index import whoosh_internals
from search_index.schema import document_fields

# A rebuild's write buffers, shared by its workers. Each chunk must fit its
# worker's share, or Whoosh's writer spills sorted runs to disk (pickling every
# posting out and back); bigger chunks make fewer segments, and a query looks
# each word up once per segment. So memory stays about the same whatever the
# number of cores (about 1.1 GB in all at 2 workers).
BUILD_BUFFER_MB = 2048
MAX_WORKER_BUFFER_MB = 1024
CHARS_PER_BUFFER_MB = 23_000  # text that fills a MB of the writer's buffer (measured)
DOCUMENTS_PER_BUFFER_MB = 8  # 8,000 resources for a 1,024 MB buffer
MIN_CHUNK_DOCUMENTS = 500
PROGRESS_EVERY = 200
# Everyday commits (an edit, a feed refresh) each add a small segment; they
# are merged once there are this many, never into the big ones of a rebuild.
SMALL_SEGMENT_DOCS = 400  # below MIN_CHUNK_DOCUMENTS: a rebuild's chunks are never "small"
MAX_SMALL_SEGMENTS = 10

Fields = dict[str, Any]


# Segments stay as separate files: Whoosh reads a file inside a compound file
# by copying all of it into memory, each time a searcher opens (hundreds of
# megabytes, and seconds, at 100,000 resources).
COMPOUND = False


codec = whoosh_internals.packed_codec


def merge_small_segments(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """Merge policy for everyday commits (a Whoosh ``mergetype``).

    Whoosh's own policy merged most of a 100,000-resource index into one
    segment on the first edit after a rebuild (minutes of work). This one drops
    segments whose documents were all replaced, and merges the small segments
    only once there are ``MAX_SMALL_SEGMENTS`` of them."""
    kept = [segment for segment in segments if segment.doc_count() > 0]
    small = [segment for segment in kept if segment.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < MAX_SMALL_SEGMENTS:
        return kept
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in kept if segment not in small]


def worker_buffer_mb(procs: int) -> int:
    return min(MAX_WORKER_BUFFER_MB, BUILD_BUFFER_MB // max(1, procs))


def max_chunk_documents(procs: int) -> int:
    return worker_buffer_mb(procs) * DOCUMENTS_PER_BUFFER_MB


def write_segment(index_dir: str, chunk: list[Fields], buffer_mb: int) -> Segment:
    """Index ``chunk`` as one finished segment of the index in ``index_dir``.

    The segment is not in the index until the table of contents lists it
    (``build``); run in a worker process or in this one."""
    ix = whoosh_index.open_dir(index_dir)
    writer = whoosh_internals.open_segment_writer(ix, buffer_mb, COMPOUND)
    try:
        for fields in chunk:
            writer.add_document(**fields)
        return whoosh_internals.finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise


def chunk_size(expected: int, procs: int) -> int:
    """Documents per segment: at least two chunks per worker, so that none of
    them sits idle while another finishes a last big chunk."""
    most = max_chunk_documents(procs)
    if procs <= 1 or expected <= 0:
        return most
    share = -(-expected // (procs * 2))
    return max(MIN_CHUNK_DOCUMENTS, min(most, share))


def _chunks(
    documents: Iterable[ResourceDocument], size: int, max_chars: int
) -> Iterator[list[Fields]]:
    chunk: list[Fields] = []
    chars = 0
    for document in documents:
        chunk.append(document_fields(document))
        chars += len(document.body) + len(document.summary) + len(document.title)
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class Cancelled(Exception):
    """``should_cancel`` said stop; nothing was written to the table of contents."""


def build(
    index_dir: Path,
    documents: Iterable[ResourceDocument],
    *,
    expected: int = 0,
    procs: int = 1,
    progress: Callable[[int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Fill the empty index in ``index_dir`` with ``documents`` (about ``expected``
    of them); returns how many."""
    size = chunk_size(expected, procs)
    buffer_mb = worker_buffer_mb(procs)
    max_chars = buffer_mb * CHARS_PER_BUFFER_MB
    ix = whoosh_index.open_dir(str(index_dir))
    writer = ix.writer(codec=codec())
    try:
        if procs > 1:
            chunks = _small_chunks(documents, size, max_chars, None, should_cancel)
            segments, count = _parallel(str(index_dir), chunks, procs, buffer_mb, progress)
        else:
            chunks = _small_chunks(documents, size, max_chars, progress, should_cancel)
            segments, count = _serial(str(index_dir), chunks, buffer_mb)
    except BaseException:
        writer.cancel()
        raise
    whoosh_internals.commit_segments(writer, segments)
    return count


def _serial(
    index_dir: str, chunks: Iterator[list[Fields]], buffer_mb: int
) -> tuple[list[Segment], int]:
    segments: list[Segment] = []
    count = 0
    for chunk in chunks:
        segments.append(write_segment(index_dir, chunk, buffer_mb))
        count += len(chunk)
    return segments, count


def _small_chunks(
    documents: Iterable[ResourceDocument],
    size: int,
    max_chars: int,
    progress: Callable[[int], None] | None,
    should_cancel: Callable[[], bool] | None,
) -> Iterator[list[Fields]]:
    """Chunks, checking for cancel and reporting progress as documents are read."""

    def counted() -> Iterator[ResourceDocument]:
        for number, document in enumerate(documents):
            if number % PROGRESS_EVERY == 0:
                if should_cancel is not None and should_cancel():
                    raise Cancelled
                if progress is not None and number:
                    progress(number)
            yield document

    return _chunks(counted(), size, max_chars)


def _parallel(
    index_dir: str,
    chunks: Iterator[list[Fields]],
    procs: int,
    buffer_mb: int,
    progress: Callable[[int], None] | None,
) -> tuple[list[Segment], int]:
    # The process pool only for a big rebuild: every start imports this module.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # "spawn" everywhere: forking a process that runs Qt and worker threads
    # can deadlock, and Windows and macOS spawn anyway.
    context = multiprocessing.get_context("spawn")
    # Segments listed in the order of their chunks, whichever worker finished
    # first: documents keep the same numbers (and ties the same order) as in
    # a build in one process.
    done: dict[int, Segment] = {}
    count = 0
    pending: dict[Future[Segment], tuple[int, int]] = {}
    with ProcessPoolExecutor(max_workers=procs, mp_context=context) as pool:
        try:
            for number, chunk in enumerate(chunks):
                future = pool.submit(write_segment, index_dir, chunk, buffer_mb)
                pending[future] = (number, len(chunk))
                # Hold at most one waiting chunk per worker: memory stays bounded.
                while len(pending) > procs:
                    count += _collect(pending, done)
                    if progress is not None:
                        progress(count)
            while pending:
                count += _collect(pending, done)
                if progress is not None:
                    progress(count)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [done[number] for number in sorted(done)], count


def _collect(pending: dict[Future[Segment], tuple[int, int]], done: dict[int, Segment]) -> int:
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
    added = 0
    for future in finished:
        number, size = pending.pop(future)
        done[number] = future.result()
        added += size
    return added
