"""Two fixes to Whoosh 2.7's segment reader, applied when ``search_index`` loads.

whoosh-reloaded is no longer developed (NOTES.md), so these live here rather
than upstream. Both change speed only, never results; ``tests/search_index``
builds indexes with them in place and checks what comes back.

1. ``W3PerDocReader._cached_reader`` remembers a column only when it exists,
   so for every field without lengths (keywords, ids) each call asks the file
   system again: writing a segment made one ``stat()`` per posting.
2. ``doc_field_length`` read one byte through a seek and a read per call;
   writing a segment asks for it once per posting. The lengths of a finished
   segment never change, so the whole column is read once as bytes.
"""

from __future__ import annotations

from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

_MISSING = object()


def _cached_reader(self, fieldname, column):  # type: ignore[no-untyped-def]
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


def length_bytes(perdoc: whoosh3.W3PerDocReader, fieldname: str) -> bytes | None:
    """One byte per document (Whoosh's lossy length code), or None without lengths."""
    cache = perdoc.__dict__.setdefault("_imh_lengths", {})
    data = cache.get(fieldname, _MISSING)
    if data is _MISSING:
        reader = _cached_reader(perdoc, whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        data = None if reader is None else bytes(reader._dbfile.get(reader._basepos, reader._count))
        cache[fieldname] = data
    return data  # type: ignore[return-value]


def _doc_field_length(self, docnum, fieldname, default=0):  # type: ignore[no-untyped-def]
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    data = length_bytes(self, fieldname)
    if data is None:
        return default
    code = data[docnum] if docnum < len(data) else 0
    if code:
        return byte_to_length(code)
    return None  # as Whoosh does for a document without the field


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length


apply()
