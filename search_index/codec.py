"""Whoosh's W3 codec with posting blocks stored as packed arrays.

W3 pickles each block of 128 postings as tuples: 128 ints, 128 floats and
128 bytes objects, which cost half a microsecond per posting to read back,
and reading long posting lists for the first time was most of a search's
time at 100,000 resources. Here a block holds three byte strings instead: the
document numbers (uint32), the weights (float32) and every value joined,
with a uint32 length per posting. ``postings.py`` turns them into numpy
arrays without a Python object per posting; Whoosh's own matcher (used when
segments are merged and for rare query syntax) reads them through the
subclass below.
"""

from __future__ import annotations

from array import array

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter

ID_TYPE = "I"
WEIGHT_TYPE = "f"
LENGTH_TYPE = "I"


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
    def _mini_ids(self):  # type: ignore[no-untyped-def]
        if self._byteids:
            return super()._mini_ids()
        return array(ID_TYPE, self._ids).tobytes()

    def _mini_weights(self):  # type: ignore[no-untyped-def]
        return array(WEIGHT_TYPE, self._weights).tobytes()

    def _mini_values(self):  # type: ignore[no-untyped-def]
        fixedsize = self._format.fixed_value_size()
        if fixedsize is None or fixedsize < 0:
            return pack_values(list(self._values))
        return super()._mini_values()


class PackedLeafMatcher(W3LeafMatcher):
    def _read_ids(self):  # type: ignore[no-untyped-def]
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        if isinstance(ids, bytes) and not self._byteids:
            self._ids = array(ID_TYPE, ids)
        else:
            super()._read_ids()

    def _read_weights(self):  # type: ignore[no-untyped-def]
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, bytes):
            self._weights = array(WEIGHT_TYPE, weights)
        else:
            super()._read_weights()

    def _read_values(self):  # type: ignore[no-untyped-def]
        if self._data is None:
            self._read_data()
        fixedsize = self._fixedsize
        if fixedsize is None or fixedsize < 0:
            self._values = unpack_values(self._data[2], self._blocklength)
        else:
            super()._read_values()


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
