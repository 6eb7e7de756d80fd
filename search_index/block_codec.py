"""The compact encoding of a block of postings (index format 13 onwards).

A search at 100,000 resources reads each query word's posting list from
every segment, and after a restart those reads come from disk: the fewer
bytes, the sooner the first results. The previous packed blocks stored every
document number, weight, position and value length as a 4-byte integer
inside a pickle (protocol 2 pickles bytes as latin-1 text, so about a
quarter more again). Here a block is plain bytes:

- document numbers: the first one, then the gaps to the next, each block in
  the narrowest of 1, 2 or 4 bytes that holds its largest gap;
- weights: one number when they are all equal; else integers in 1 or 2
  bytes with a power-of-ten scale (section boosts such as 1.2 and 0.8 add up
  to tenths), chosen only when every weight decodes to exactly the same
  float32 as before, so scores and ranking do not change; else float32;
- positions (``formats.PackedPositions`` values, unsigned 32-bit): each
  posting's count, then its first position and the gaps to the next, again
  in the narrowest width the block needs;
- any other values as they are (fixed-size ones joined, others with their
  lengths).

Every block starts with ``MARKER``, which neither a pickle (0x80) nor a zlib
stream starts with, so a segment written before this format still reads:
``whoosh_internals.posting_blocks`` tells the two apart block by block.
Decoding is numpy over whole blocks; no Python object per posting.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

MARKER = b"\xa5\x01"
_HEADER = struct.Struct("<2sIIBBbBBB")
HEADER_SIZE = _HEADER.size
_WIDTHS: dict[int, np.dtype[Any]] = {1: np.dtype("<u1"), 2: np.dtype("<u2"), 4: np.dtype("<u4")}
_FLOAT = np.dtype("<f4")
_NATIVE_U32 = np.dtype(np.uint32)
DELTA = 0x80  # flag on the position width: gaps within each posting
# Values: none, fixed-size joined, variable-size with lengths, positions.
NO_VALUES, FIXED_VALUES, RAW_VALUES, POSITION_VALUES = range(4)
WEIGHT_SCALES = (0, 1, 2)  # powers of ten tried for integer weights
EMPTY_COUNTS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Block:
    """One decoded block: arrays for the postings, values still encoded.

    ``counts`` and ``positions`` are set for position values: positions
    per posting, and all positions as stored (gaps when ``delta``)."""

    ids: np.ndarray
    weights: np.ndarray
    kind: int
    counts: np.ndarray
    positions: np.ndarray
    delta: bool
    raw: bytes  # fixed-size values joined, or variable ones joined
    lengths: np.ndarray  # byte length of each raw variable value

    @property
    def nbytes(self) -> int:
        return (
            self.ids.nbytes
            + self.weights.nbytes
            + self.counts.nbytes
            + self.positions.nbytes
            + len(self.raw)
            + self.lengths.nbytes
        )


def is_compact(data: bytes | memoryview) -> bool:
    return bytes(data[:2]) == MARKER


def _width(largest: int) -> int:
    if largest < 0x100:
        return 1
    if largest < 0x10000:
        return 2
    return 4


# --- encoding ----------------------------------------------------------------------


def encode(ids: Any, weights: Any, values: list[bytes], fixed_size: int | None) -> bytes:
    """One block: ``ids`` ascending, ``weights`` as float32 (an ``array('f')``),
    ``values`` each posting's bytes (empty for formats without values);
    ``fixed_size`` the format's value size (None or negative: variable)."""
    id_array = np.asarray(ids, dtype=np.int64)
    count = len(id_array)
    gaps = np.diff(id_array)
    id_width = _width(int(gaps.max())) if len(gaps) else 1
    weight_width, exponent, weight_bytes = _encode_weights(np.asarray(weights, dtype=np.float32))
    kind, count_width, position_width, value_bytes = _encode_values(values, count, fixed_size)
    header = _HEADER.pack(
        MARKER,
        count,
        int(id_array[0]),
        id_width,
        weight_width,
        exponent,
        kind,
        count_width,
        position_width,
    )
    return b"".join((header, gaps.astype(_WIDTHS[id_width]).tobytes(), weight_bytes, value_bytes))


def _encode_weights(weights: np.ndarray) -> tuple[int, int, bytes]:
    if not len(weights) or bool((weights == weights[0]).all()):
        return 0, 0, weights[:1].astype(_FLOAT).tobytes()
    if bool((weights >= 0).all()):
        for exponent in WEIGHT_SCALES:
            scale = np.float32(10**exponent)
            quantised = np.rint(weights.astype(np.float64) * float(scale))
            if quantised.max() >= 0x10000:
                break
            if np.array_equal(_scaled(quantised, exponent), weights):
                width = _width(int(quantised.max()))
                return width, exponent, quantised.astype(_WIDTHS[width]).tobytes()
    return 4, 0, weights.astype(_FLOAT).tobytes()


def _scaled(integers: np.ndarray, exponent: int) -> np.ndarray:
    # The one expression decoding uses too, so the check above is exact.
    return integers.astype(np.float32) / np.float32(10**exponent)


def _encode_values(
    values: list[bytes], count: int, fixed_size: int | None
) -> tuple[int, int, int, bytes]:
    if not values:
        return NO_VALUES, 0, 0, b""
    joined = b"".join(values)
    if fixed_size is not None and fixed_size > 0:
        return FIXED_VALUES, 0, 0, joined
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=count)
    if len(joined) % 4 or bool((lengths % 4).any()):
        return RAW_VALUES, 0, 0, lengths.astype("<u4").tobytes() + joined
    counts = lengths // 4
    positions = np.frombuffer(joined, dtype=_NATIVE_U32).astype(np.int64)
    stored, delta = _position_gaps(positions, counts)
    count_width = _width(int(counts.max()))
    position_width = _width(int(stored.max())) if len(stored) else 1
    body = (
        counts.astype(_WIDTHS[count_width]).tobytes()
        + stored.astype(_WIDTHS[position_width]).tobytes()
    )
    return POSITION_VALUES, count_width, position_width | (DELTA if delta else 0), body


def _position_gaps(positions: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, bool]:
    """Each posting's first position, then the gaps within it; the positions
    as they are if some posting's are not in order."""
    if not len(positions):
        return positions, False
    gaps = np.diff(positions, prepend=0)
    starts = np.cumsum(counts) - counts
    gaps[starts[counts > 0]] = positions[starts[counts > 0]]
    if bool((gaps < 0).any()):
        return positions, False
    return gaps, True


# --- decoding ----------------------------------------------------------------------


def decode(data: bytes) -> Block:
    """A block written by ``encode``, as arrays (positions left as stored)."""
    (_, count, first, id_width, weight_width, exponent, kind, count_width, position_width) = (
        _HEADER.unpack_from(data)
    )
    offset = HEADER_SIZE
    ids = np.empty(count, dtype=np.int32)
    ids[0] = first
    if count > 1:
        ids[1:] = np.frombuffer(data, _WIDTHS[id_width], count - 1, offset)
        ids.cumsum(out=ids)
        offset += (count - 1) * id_width
    weights, offset = _decode_weights(data, offset, count, weight_width, exponent)
    empty = EMPTY_COUNTS
    if kind == POSITION_VALUES:
        counts = np.frombuffer(data, _WIDTHS[count_width], count, offset)
        offset += count * count_width
        # The positions run to the end of the block.
        positions = np.frombuffer(data, _WIDTHS[position_width & ~DELTA], offset=offset)
        delta = bool(position_width & DELTA)
        return Block(ids, weights, kind, counts, positions, delta, b"", empty)
    if kind == RAW_VALUES:
        lengths = np.frombuffer(data, "<u4", count, offset).astype(np.int64)
        raw = bytes(data[offset + 4 * count :])
        return Block(ids, weights, kind, empty, empty, False, raw, lengths)
    raw = bytes(data[offset:]) if kind == FIXED_VALUES else b""
    return Block(ids, weights, kind, empty, empty, False, raw, empty)


def _decode_weights(
    data: bytes, offset: int, count: int, width: int, exponent: int
) -> tuple[np.ndarray, int]:
    if width == 0:
        value = np.frombuffer(data, _FLOAT, 1, offset)
        return np.full(count, value[0], dtype=np.float32), offset + 4
    if width == 4:
        return np.frombuffer(data, _FLOAT, count, offset).astype(np.float32), offset + 4 * count
    stored = np.frombuffer(data, _WIDTHS[width], count, offset)
    if width == 1:
        return _byte_weights(exponent)[stored], offset + count
    return _scaled(stored, exponent), offset + 2 * count


@functools.cache
def _byte_weights(exponent: int) -> np.ndarray:
    """Every one-byte weight decoded, so a block's are one lookup."""
    return _scaled(np.arange(256), exponent)


def absolute_positions(counts: np.ndarray, stored: np.ndarray, delta: bool) -> np.ndarray:
    """Positions as int64, undoing the gaps within each posting."""
    values = stored.astype(np.int64)
    if not delta or not len(values):
        return values
    running = np.cumsum(values)
    counts = counts.astype(np.int64)
    ends = np.cumsum(counts)
    before = np.concatenate(([0], running))[ends - counts]  # the sum up to each posting
    absolute: np.ndarray = running - np.repeat(before, counts)
    return absolute


def value_bytes(block: Block) -> tuple[bytes, ...]:
    """Each posting's value as its format wrote it (for Whoosh's own matcher)."""
    count = len(block.ids)
    if block.kind == POSITION_VALUES:
        positions = absolute_positions(block.counts, block.positions, block.delta)
        packed = positions.astype(_NATIVE_U32).tobytes()
        return _split(packed, block.counts.astype(np.int64) * 4)
    if block.kind == RAW_VALUES:
        return _split(block.raw, block.lengths)
    if block.kind == FIXED_VALUES:
        size = len(block.raw) // count if count else 0
        return tuple(block.raw[i * size : (i + 1) * size] for i in range(count))
    return (b"",) * count


def _split(joined: bytes, lengths: np.ndarray) -> tuple[bytes, ...]:
    ends = np.cumsum(lengths).tolist()
    starts = [0, *ends[:-1]]
    return tuple(joined[start:end] for start, end in zip(starts, ends, strict=True))
