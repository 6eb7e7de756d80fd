"""Every use of Whoosh's private internals, in one place, checked when an index opens.

whoosh-reloaded is no longer developed (NOTES.md), so the speed-ups that
need more than its public API live here: the packed posting codec, segment
writing in worker processes, reading posting blocks and columns straight
into numpy, and two fixes to the per-document reader. The rest of
``search_index`` calls the functions below and never touches an underscored
Whoosh name. ``check()`` (run by ``SearchIndex.open``) makes sure the
installed Whoosh is the version this was written against and still has what
is used, and says so in one sentence if not.

Nothing in Whoosh is changed globally: the reader fixes are a subclass that
our codec hands out, so only segments written with our codec use them, and
a plain Whoosh index (the benchmark's "default Whoosh") runs as Whoosh ships.

The codec: Whoosh's W3 pickles each block of postings as tuples of ints,
floats and bytes, which cost half a microsecond per posting to read back.
Here a block is plain bytes in the compact encoding of ``block_codec.py``
(gaps between document numbers, integer weights, positions as gaps, each in
the narrowest width the block needs). Segments written before it (index
format 12) hold a pickle of three byte strings per block, all 4-byte
integers; every block says which it is, so both read. ``postings.py`` turns
them into numpy arrays without a Python object per posting; Whoosh's own
matcher (used when segments are merged and for rare query syntax) reads them
through ``PackedLeafMatcher``.

The reader fixes: W3's ``_cached_reader`` remembers a column only when it
exists, so for every field without lengths each call asked the file system
again (one ``stat()`` per posting while writing a segment); and
``doc_field_length`` read one byte through a seek and a read per call. The
lengths of a finished segment never change, so the column is read once.
"""

from __future__ import annotations

import functools
import io
import pickle
import sys
import tempfile
import zlib
from array import array
from collections.abc import Iterator
from typing import Any

import whoosh
from whoosh import columns, fields
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PerDocReader, W3PostingsWriter
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from search_index import block_codec

SUPPORTED_VERSION = (2, 7)
ID_TYPE = "I"
WEIGHT_TYPE = "f"
LENGTH_TYPE = "I"
_MAGIC_SIZE = 4  # each posting list starts with a 4-byte magic number
_MISSING = object()


class WhooshMismatchError(RuntimeError):
    """The installed Whoosh is not one this app can use."""


# --- the check ---------------------------------------------------------------------

# Class attributes used below; instance attributes are checked on a tiny index.
_CLASS_NEEDS: dict[type, tuple[str, ...]] = {
    W3PostingsWriter: ("_write_block", "_new_block"),
    W3LeafMatcher: ("_read_ids", "_read_weights", "_read_values", "_read_data"),
    W3PerDocReader: ("_cached_reader", "doc_field_length", "has_column", "column_reader"),
    SegmentWriter: ("_finalize_segment", "_close_segment", "_commit_toc", "_finish"),
}
_MODULE_NEEDS = (whoosh3, ("_lenfield", "LENGTHS_COLUMN", "WHOOSH3_HEADER_MAGIC"))


def check() -> None:
    """Raise ``WhooshMismatchError`` unless the installed Whoosh has all that is used here."""
    problem = _problem()
    if problem:
        raise WhooshMismatchError(
            f"The installed Whoosh {whoosh.versionstring()} {problem}; "
            f"reinstall IMH Library to get Whoosh {'.'.join(map(str, SUPPORTED_VERSION))}."
        )


@functools.cache
def _problem() -> str | None:
    if tuple(whoosh.__version__[:2]) != SUPPORTED_VERSION:
        return "is not the version this app was written for"
    for owner, names in (*_CLASS_NEEDS.items(), _MODULE_NEEDS):
        missing = [name for name in names if not hasattr(owner, name)]
        if missing:
            return f"lacks {getattr(owner, '__name__', owner)}.{missing[0]}"
    try:
        _round_trip()
    except Exception as error:  # anything at all: the internals are not what we expect
        return f"does not work as expected here ({type(error).__name__}: {error})"
    return None


def _round_trip() -> None:
    """Write and read a tiny index through every internal this module uses."""
    schema = fields.Schema(
        word=fields.TEXT(phrase=False), number=fields.COLUMN(columns.NumericColumn("i"))
    )
    # In a folder of its own: a RamStorage index keeps its writer's scratch files in
    # the shared "$TMPDIR/MAIN.tmp", where two programs starting at once (the window
    # and a command) removed each other's, and a stray file of that name broke every start.
    with tempfile.TemporaryDirectory(prefix="imh-whoosh-check-") as folder:
        _round_trip_in(FileStorage(folder).create_index(schema))


def _round_trip_in(ix: whoosh_index.Index) -> None:
    writer = open_segment_writer(ix, 16)
    for number in range(3):
        writer.add_document(word="alpha beta" if number else "alpha", number=number + 7)
    segment = finish_segment(writer)
    commit_segments(ix.writer(codec=packed_codec()), [segment])
    with ix.searcher() as searcher:
        (reader, _), *_ = searcher.reader().leaf_readers()
        offset, _ = reader.term_info("word", "alpha").extent()
        (block,) = posting_blocks(reader, offset)
        assert isinstance(block, block_codec.Block), block
        assert block.ids.tolist() == [0, 1, 2], block
        assert searcher.reader().postings("word", "beta").all_ids().__next__() == 1
        raw, typecode = numeric_column_bytes(reader, "number")
        numbers = array(typecode, raw)
        if sys.byteorder == "little":
            numbers.byteswap()  # stored big-endian
        assert numbers.tolist() == [7, 8, 9], numbers
        assert length_codes(reader, "word") is not None
        assert list(deleted_docs(reader)) == []
        assert searcher.doc_frequency("word", "beta") == 2


# --- the codec ---------------------------------------------------------------------


def pack_values(values: list[bytes]) -> tuple[bytes, bytes] | None:
    if not values:
        return None
    return b"".join(values), array(LENGTH_TYPE, map(len, values)).tobytes()


def unpack_values(packed: tuple[bytes, bytes] | None, count: int) -> tuple[bytes, ...]:
    if packed is None:
        return (b"",) * count
    joined, lengths = packed
    out = []
    start = 0
    for length in array(LENGTH_TYPE, lengths):
        out.append(joined[start : start + length])
        start += length
    return tuple(out)


class PackedPostingsWriter(W3PostingsWriter):
    """W3's writer with each block's data in the compact encoding (block_codec.py)."""

    def _write_block(self, last=False):  # type: ignore[no-untyped-def]
        if self._byteids:  # term vectors, which our schema does not use
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = block_codec.encode(
            self._ids, self._weights, self._values, self._format.fixed_value_size()
        )
        # The same block information W3 writes, so that Whoosh's matcher can
        # skip blocks; compression 0, the data being ours.
        infobytes = pickle.dumps(
            (
                len(self._ids),
                self._ids[-1],
                self._maxweight,
                0,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class PackedLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher over our blocks, compact or (index format 12) packed."""

    def _read_data(self):  # type: ignore[no-untyped-def]
        length = self._nextoffset - self._dataoffset
        data = bytes(self._postfile.get(self._dataoffset, length))
        if block_codec.is_compact(data):
            block = block_codec.decode(data)
            self._data = (block.ids.tolist(), block.weights.tolist(), block)
        else:
            super()._read_data()

    def _read_ids(self):  # type: ignore[no-untyped-def]
        if self._data is None:
            self._read_data()
        ids: Any = self._data[0]
        if isinstance(ids, list) or (isinstance(ids, bytes) and not self._byteids):
            # A compact block's are decoded already; format 12's are uint32 bytes.
            self._ids = ids if isinstance(ids, list) else array(ID_TYPE, ids)
        else:
            super()._read_ids()

    def _read_weights(self):  # type: ignore[no-untyped-def]
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(self._data[2], block_codec.Block):
            self._weights = weights
        elif isinstance(weights, bytes):
            self._weights = array(WEIGHT_TYPE, weights)
        else:
            super()._read_weights()

    def _read_values(self):  # type: ignore[no-untyped-def]
        if self._data is None:
            self._read_data()
        if isinstance(self._data[2], block_codec.Block):
            self._values = block_codec.value_bytes(self._data[2])
            return
        fixedsize = self._fixedsize
        if fixedsize is None or fixedsize < 0:
            self._values = unpack_values(self._data[2], self._blocklength)
        else:
            super()._read_values()


class LengthsReader(W3PerDocReader):
    """W3's per-document reader with the two fixes described above."""

    def _cached_reader(self, fieldname, column):  # type: ignore[no-untyped-def]
        try:
            return self._readers[fieldname]
        except KeyError:
            reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
            self._readers[fieldname] = reader
            return reader

    def length_codes(self, fieldname: str) -> bytes | None:
        """One byte per document (Whoosh's lossy length code), or None without lengths."""
        cache = self.__dict__.setdefault("_imh_lengths", {})
        data = cache.get(fieldname, _MISSING)
        if data is _MISSING:
            reader = self._cached_reader(  # type: ignore[no-untyped-call]
                whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN
            )
            if reader is not None:
                data = bytes(reader._dbfile.get(reader._basepos, reader._count))
            else:
                data = None
            cache[fieldname] = data
        return data if isinstance(data, bytes) else None

    def doc_field_length(self, docnum, fieldname, default=0):  # type: ignore[no-untyped-def]
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        data = self.length_codes(fieldname)
        if data is None:
            return default
        code = data[docnum] if docnum < len(data) else 0
        if code:
            return byte_to_length(code)
        return None  # as Whoosh does for a document without the field


class PackedCodec(W3Codec):
    """W3 with packed blocks; segments written with it remember it (pickled in the TOC)."""

    def postings_writer(self, dbfile, byteids=False):  # type: ignore[no-untyped-def]
        return PackedPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):  # type: ignore[no-untyped-def]
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def per_document_reader(self, storage, segment):  # type: ignore[no-untyped-def]
        return LengthsReader(storage, segment)


# Postings per block: each block costs a file read and an unpickling, and a
# search reads whole posting lists anyway (Whoosh's 128 suits its skipping
# matchers, which only rare query syntax uses here).
BLOCK_POSTINGS = 1024


def packed_codec() -> PackedCodec:
    # Uncompressed posting blocks: zlib cost more to write and to read than the
    # disk space it saved.
    return PackedCodec(blocklimit=BLOCK_POSTINGS, compression=0)


# --- writing segments in worker processes -----------------------------------------


def open_segment_writer(ix: whoosh_index.Index, buffer_mb: int, compound: bool = False) -> Any:
    """A writer for one new segment of ``ix`` that takes no lock (the parent
    holds the index's lock and lists the segment at the end)."""
    return SegmentWriter(ix, _lk=False, limitmb=buffer_mb, codec=packed_codec(), compound=compound)


def finish_segment(writer: Any) -> Segment:
    """Write out the segment of an ``open_segment_writer`` writer.

    Not ``_finish()``: that would remove the temporary folder every writer of
    this index shares; ``commit_segments`` does it at the end."""
    return writer._finalize_segment()


def commit_segments(writer: Any, segments: list[Segment]) -> None:
    """Make ``segments`` the index's whole content, through a writer that holds its lock."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


# --- reading straight from segment files ------------------------------------------


def posting_blocks(
    reader: SegmentReader, offset: int
) -> Iterator[block_codec.Block | tuple[Any, Any, Any]]:
    """Each block of the posting list at ``offset``: decoded arrays for a
    compact block; for one of an older format, the (ids, weights, values)
    it pickled (W3's own, or the packed byte strings of index format 12)."""
    postfile = reader._terms._postfile
    position = offset + _MAGIC_SIZE
    while True:
        length = postfile.get_int(position)
        last = length < 0
        length = abs(length)
        block = bytes(postfile.get(position + 4, length))
        stream = io.BytesIO(block)
        info = pickle.load(stream)
        start = stream.tell()
        if block_codec.is_compact(block[start : start + 2]):
            yield block_codec.decode(block[start:])
        else:
            data = block[start:]
            if info[3]:  # compression level
                data = zlib.decompress(data)
            yield pickle.loads(data)
        if last:
            return
        position += 4 + length


def numeric_column_bytes(reader: SegmentReader, fieldname: str) -> tuple[bytes, str]:
    """A numeric column's raw big-endian values and their array typecode."""
    column = reader.column_reader(fieldname, translate=False)
    size = array(column._typecode).itemsize
    return bytes(column._dbfile.get(column._basepos, column._count * size)), column._typecode


def length_codes(reader: SegmentReader, fieldname: str) -> bytes | None:
    """Each document's length in ``fieldname`` as Whoosh's one-byte code."""
    perdoc = reader._perdoc
    if isinstance(perdoc, LengthsReader):
        return perdoc.length_codes(fieldname)
    return LengthsReader.length_codes(perdoc, fieldname)  # a segment of Whoosh's own codec


def deleted_docs(reader: SegmentReader) -> Iterator[int]:
    return iter(reader._perdoc.deleted_docs())
