"""An index segment's posting lists and columns as numpy arrays.

Whoosh matches and scores one document at a time in Python, about a
microsecond or more per posting, and a broad query at 100,000 resources
touches hundreds of thousands of postings. Here a posting list is decoded
once into arrays of document numbers and weights, and the arithmetic over
them (``evaluate.py``) runs in numpy.

A segment's files never change once written, so what is read from one is
cached by segment id and shared by every searcher that includes it: after an
edit only the new, small segment has to be read.
"""

from __future__ import annotations

import itertools
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader, TermNotFound

from search_index import block_codec
from search_index.formats import POSITION_TYPE
from search_index.whoosh_internals import (
    deleted_docs,
    length_codes,
    numeric_column_bytes,
    posting_blocks,
)

EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
CACHE_BYTES = 64 * 1024 * 1024  # decoded posting lists kept, over all segments
_LENGTH_TABLE = None
_SEGMENT_NUMBERS = itertools.count()
# Whoosh removes every "<segment id>.*" file of a segment it drops.
TABLES_EXT = ".facets"
# Packed positions (formats.PackedPositions) as numpy reads them.
POSITION = np.dtype(np.uint32)
assert np.dtype(POSITION_TYPE).itemsize == POSITION.itemsize


class Postings:
    """One term's postings in one segment: sorted local doc numbers and
    weights, and the positions as read (decoded when a phrase asks for them)."""

    __slots__ = ("_parts", "_positions", "_starts", "ids", "weights")

    def __init__(self, ids: np.ndarray, weights: np.ndarray, parts: list[PositionPart]) -> None:
        self.ids = ids
        self.weights = weights
        self._parts = parts  # one per block, kept as read until a phrase needs them
        self._positions: np.ndarray | None = None
        self._starts: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.weights.nbytes + sum(part.nbytes for part in self._parts)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """All positions, and where each posting's run of them starts."""
        if self._positions is None:
            counts = np.concatenate([part.counts for part in self._parts] or [EMPTY_IDS])
            self._starts = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
            decoded = [part.absolute().astype(POSITION) for part in self._parts]
            self._positions = np.concatenate(decoded) if decoded else EMPTY_IDS.astype(POSITION)
        return self._positions, self._starts  # type: ignore[return-value]


class PositionPart:
    """One block's positions as stored: a count per posting, then the positions
    (as gaps within each posting when ``delta``)."""

    __slots__ = ("counts", "delta", "stored")

    def __init__(self, counts: np.ndarray, stored: np.ndarray, delta: bool) -> None:
        self.counts = counts
        self.stored = stored
        self.delta = delta

    @property
    def nbytes(self) -> int:
        return int(self.counts.nbytes + self.stored.nbytes)

    def absolute(self) -> np.ndarray:
        return block_codec.absolute_positions(self.counts, self.stored, self.delta)

    @classmethod
    def packed(cls, joined: bytes, lengths: np.ndarray) -> PositionPart:
        """Positions as index format 12 (and Whoosh's tuples) kept them: each
        posting's packed uint32 positions, joined, with their byte lengths."""
        counts = lengths.astype(np.int64) // POSITION.itemsize
        return cls(counts, np.frombuffer(joined, dtype=POSITION), False)

    @classmethod
    def of_block(cls, block: block_codec.Block) -> PositionPart:
        if block.kind == block_codec.POSITION_VALUES:
            return cls(block.counts, block.positions, block.delta)
        if block.kind == block_codec.RAW_VALUES:
            return cls.packed(block.raw, block.lengths)
        # No values, or fixed-size ones (frequencies): no positions to keep.
        return cls(np.zeros(len(block.ids), dtype=np.int64), EMPTY_IDS, False)


NO_POSTINGS = Postings(EMPTY_IDS, EMPTY_WEIGHTS, [])


def _join(values: tuple[bytes, ...] | bytes | None, count: int) -> PositionPart:
    if not values or isinstance(values, bytes):
        # No values, or fixed-size ones (frequencies): no positions to keep.
        return PositionPart(np.zeros(count, dtype=np.int64), EMPTY_IDS, False)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return PositionPart.packed(b"".join(values), lengths)


def _decode_ids(minified: tuple[int, ...]) -> np.ndarray:
    return np.cumsum(np.asarray(minified, dtype=np.int64)).astype(np.int32)


def _decode_weights(minified: object, count: int) -> np.ndarray:
    if minified is None:
        return np.ones(count, dtype=np.float32)
    if isinstance(minified, float | int):
        return np.full(count, minified, dtype=np.float32)
    return np.asarray(minified, dtype=np.float32)


def read_postings(reader: SegmentReader, fieldname: str, text: str) -> Postings:
    """One term's postings in one segment, decoded from its blocks."""
    try:
        info = reader.term_info(fieldname, text)
    except TermNotFound:
        return NO_POSTINGS
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        return Postings(
            np.asarray(ids, dtype=np.int32),
            np.asarray(weights, dtype=np.float32),
            [_join(values, len(ids))],
        )
    offset, _ = info.extent()
    id_parts, weight_parts, position_parts = [], [], []
    for block in posting_blocks(reader, offset):
        if isinstance(block, block_codec.Block):  # the compact encoding
            id_parts.append(block.ids)
            weight_parts.append(block.weights)
            position_parts.append(PositionPart.of_block(block))
            continue
        ids, weights, values = block
        if isinstance(ids, bytes):  # index format 12's packed blocks
            id_parts.append(np.frombuffer(ids, dtype=np.uint32).astype(np.int32))
            weight_parts.append(np.frombuffer(weights, dtype=np.float32))
            count = len(id_parts[-1])
            # A tuple for positions; None or fixed-size bytes carry none.
            joined, lengths = values if isinstance(values, tuple) else (b"", None)
            position_parts.append(
                PositionPart.packed(joined, np.frombuffer(lengths, dtype=np.uint32))
                if lengths is not None
                else PositionPart(np.zeros(count, dtype=np.int64), EMPTY_IDS, False)
            )
        else:  # Whoosh's own W3 blocks
            id_parts.append(_decode_ids(ids))
            weight_parts.append(_decode_weights(weights, len(ids)))
            position_parts.append(_join(values, len(ids)))
    if len(id_parts) == 1:  # most lists: one block
        return Postings(id_parts[0], weight_parts[0], position_parts)
    return Postings(np.concatenate(id_parts), np.concatenate(weight_parts), position_parts)


class SegmentData:
    """What searching needs from one segment, read lazily and kept."""

    def __init__(self, reader: SegmentReader, tables_dir: Path | None = None) -> None:
        self.segment_id = reader.segment().segment_id()
        # Whoosh names segments with the random module, which tests reseed:
        # the shared cache keys on a number no other SegmentData ever gets.
        self.cache_key = next(_SEGMENT_NUMBERS)
        self.doc_count = reader.doc_count_all()
        self._reader = reader
        self._lock = threading.Lock()
        self._columns: dict[str, np.ndarray] = {}
        self._keywords: dict[str, tuple[list[str], np.ndarray, np.ndarray]] | None = None
        self.tables_path = tables_dir / f"{self.segment_id}{TABLES_EXT}" if tables_dir else None
        self._lengths: dict[str, np.ndarray] = {}
        self._by_document: set[str] = set()  # keyword tables known to be in document order

    def rebind(self, reader: SegmentReader) -> None:
        """Read through ``reader`` from now on (a newer searcher over the same files)."""
        self._reader = reader

    # --- postings ---------------------------------------------------------------

    def postings(self, fieldname: str, text: str) -> Postings:
        key = (self.cache_key, fieldname, text)
        cached = POSTINGS_CACHE.get(key)
        if cached is not None:
            return cached
        found = read_postings(self._reader, fieldname, text)
        POSTINGS_CACHE.put(key, found)
        return found

    def iter_prefix(self, fieldname: str, prefix: str) -> Iterator[tuple[str, int]]:
        """(term, document frequency) of every term starting with ``prefix``."""
        for text, info in self._reader.iter_prefix(fieldname, prefix):
            yield text.decode("utf-8"), info.doc_frequency()

    def vocabulary(self, fieldname: str) -> dict[str, int]:
        """Every word of ``fieldname`` with its document frequency (kept like the facets)."""
        key = f"words:{fieldname}"
        with self._lock:
            if self._keywords is None:
                self._keywords = _load_tables(self.tables_path)
            found = self._keywords.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        words = {
            text.decode("utf-8"): info.doc_frequency()
            for text, info in self._reader.iter_field(fieldname)
        }
        with self._lock:
            self._keywords[key] = words  # type: ignore[assignment]
            _save_tables(self.tables_path, self._keywords)
        return words

    def doc_frequency(self, fieldname: str, text: str) -> int:
        try:
            return int(self._reader.doc_frequency(fieldname, text))
        except TermNotFound:
            return 0

    def lexicon(self, fieldname: str) -> Iterator[str]:
        for text in self._reader.lexicon(fieldname):
            yield text.decode("utf-8")

    # --- per-document values ----------------------------------------------------

    def numeric_column(self, fieldname: str) -> np.ndarray:
        """Every document's value of a numeric column (0 where it has none)."""
        with self._lock:
            found = self._columns.get(fieldname)
            if found is None:
                found = self._columns[fieldname] = self._read_numeric(fieldname)
            return found

    def _read_numeric(self, fieldname: str) -> np.ndarray:
        values = np.zeros(self.doc_count, dtype=np.int32)
        if not self._reader.has_column(fieldname):
            return values
        data, typecode = numeric_column_bytes(self._reader, fieldname)
        raw = np.frombuffer(data, dtype=">" + typecode)
        values[: len(raw)] = raw
        return values

    def bytes_column(self, fieldname: str) -> list[bytes]:
        if not self._reader.has_column(fieldname):
            return [b""] * self.doc_count
        column = self._reader.column_reader(fieldname, translate=False)
        return [column[number] for number in range(self.doc_count)]

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in ``fieldname`` (in words, as Whoosh rounds it)."""
        with self._lock:
            found = self._lengths.get(fieldname)
            if found is None:
                codes = length_codes(self._reader, fieldname) or b""
                found = np.zeros(self.doc_count, dtype=np.float32)
                found[: len(codes)] = _length_table()[np.frombuffer(codes, dtype=np.uint8)]
                self._lengths[fieldname] = found
            return found

    def keyword_table(self, fieldname: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(values, doc numbers, value numbers): one pair per document and value,
        in document order.

        Reading them means reading every posting of every value (a second or
        more at 100,000 resources), so they are also kept in a file beside the
        segment's own, which Whoosh deletes with the segment."""
        with self._lock:
            if self._keywords is None:
                self._keywords = _load_tables(self.tables_path)
            found = self._keywords.get(fieldname)
            if found is not None:
                if fieldname not in self._by_document:
                    # Tables saved before 2 December are in value order.
                    found = self._keywords[fieldname] = _by_document(found)
                    self._by_document.add(fieldname)
                return found
        values: list[str] = []
        docs: list[np.ndarray] = []
        codes: list[np.ndarray] = []
        for text in self.lexicon(fieldname):
            ids = read_postings(self._reader, fieldname, text).ids
            docs.append(ids)
            codes.append(np.full(len(ids), len(values), dtype=np.int32))
            values.append(text)
        found = _by_document(
            (
                values,
                np.concatenate(docs) if docs else EMPTY_IDS,
                np.concatenate(codes) if codes else EMPTY_IDS,
            )
        )
        with self._lock:
            self._keywords[fieldname] = found
            self._by_document.add(fieldname)
            _save_tables(self.tables_path, self._keywords)
        return found

    def deleted(self) -> np.ndarray:
        """Document numbers deleted from this segment (by edits since it was written)."""
        if not self._reader.has_deletions():
            return EMPTY_IDS
        return np.fromiter(deleted_docs(self._reader), dtype=np.int32)

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        return dict(self._reader.stored_fields(docnum))


def _by_document(
    table: tuple[list[str], np.ndarray, np.ndarray],
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """A keyword table's pairs in document order (facet counts read them by document)."""
    values, docs, codes = table
    order = np.argsort(docs, kind="stable")
    return values, docs[order], codes[order]


def _load_tables(path: Path | None) -> dict[Any, Any]:
    if path is None or not path.exists():
        return {}
    try:
        with path.open("rb") as stream:
            tables = pickle.load(stream)
        return tables if isinstance(tables, dict) else {}
    except Exception:  # a damaged table is read again from the postings
        return {}


def _save_tables(path: Path | None, tables: dict[Any, Any]) -> None:
    if path is None:
        return
    partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with partial.open("wb") as stream:
            pickle.dump(tables, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:  # a read-only or full disk: the tables are only a shortcut
        partial.unlink(missing_ok=True)


def _length_table() -> np.ndarray:
    global _LENGTH_TABLE
    if _LENGTH_TABLE is None:
        from whoosh.util.numeric import byte_to_length

        _LENGTH_TABLE = np.array([byte_to_length(code) for code in range(256)], dtype=np.float32)
    return _LENGTH_TABLE


def positions_of(postings: Postings, local_docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat (doc, position) arrays of ``postings`` restricted to ``local_docs``.

    Every one of ``local_docs`` must be in ``postings``."""
    positions, starts = postings.positions()
    index = np.searchsorted(postings.ids, local_docs)
    first, counts = starts[index], starts[index + 1] - starts[index]
    total = int(counts.sum())
    # Element k of the result comes from first[i] + (k - where run i begins).
    runs = np.repeat(first - (np.cumsum(counts) - counts), counts)
    flat = positions[runs + np.arange(total)]
    return np.repeat(local_docs, counts), flat.astype(np.int64)


class _PostingsCache:
    """Least recently used decoded posting lists, bounded in bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[tuple[object, ...], Postings] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> Postings | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], postings: Postings) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = postings
            self._bytes += postings.nbytes
            while self._bytes > self.limit and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= dropped.nbytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


POSTINGS_CACHE = _PostingsCache(CACHE_BYTES)


class SegmentCache:
    """SegmentData by segment id, for the segments of the current searcher."""

    def __init__(self, index_dir: Path | None = None) -> None:
        self.index_dir = index_dir
        self._by_id: dict[str, SegmentData] = {}
        self._lock = threading.Lock()

    def for_reader(self, reader: SegmentReader) -> SegmentData:
        segment_id = reader.segment().segment_id()
        with self._lock:
            found = self._by_id.get(segment_id)
            if found is None:
                found = self._by_id[segment_id] = SegmentData(reader, self.index_dir)
            else:
                found.rebind(reader)
            return found

    def keep_only(self, segment_ids: set[str]) -> None:
        """Forget segments merged away or replaced by a rebuild."""
        with self._lock:
            for segment_id in set(self._by_id) - segment_ids:
                del self._by_id[segment_id]
