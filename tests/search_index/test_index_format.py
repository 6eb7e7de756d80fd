"""The compact posting encoding (index format 13) and the upgrade from format 12.

Format 12 stored every document number, weight, position and value length as
a 4-byte integer; ``Format12Writer`` below writes exactly those blocks, so an
index of that format can be made here and opened by this version.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3PostingsWriter

from resources_db import catalogue, user_data
from resources_db.library import Library, open_library
from search_index import IndexState, SearchIndex, block_codec, whoosh_internals
from search_index.index import STAMP
from search_index.postings import read_postings
from search_index.schema import SCHEMA_VERSION, TEXT_FIELD_BOOSTS
from search_index.sync import LibraryIndex
from tests.search_index.test_index import DOCS

QUERIES = ["behaviour", "sleep", '"health visitors"', "video OR sleep", "baby -old", "days"]


# --- writing an index of format 12 -----------------------------------------------------


class Format12Writer(whoosh_internals.PackedPostingsWriter):
    """Posting blocks as index format 12 wrote them: W3's pickled tuple of
    uint32 document numbers, float32 weights and packed values."""

    _write_block = W3PostingsWriter._write_block

    def _mini_ids(self):  # type: ignore[no-untyped-def]
        return array("I", self._ids).tobytes()

    def _mini_weights(self):  # type: ignore[no-untyped-def]
        return array("f", self._weights).tobytes()

    def _mini_values(self):  # type: ignore[no-untyped-def]
        fixedsize = self._format.fixed_value_size()
        if fixedsize is None or fixedsize < 0:
            values = list(self._values)
            if not values:
                return None
            return b"".join(values), array("I", map(len, values)).tobytes()
        return super()._mini_values()


@contextmanager
def writing_format_12() -> Iterator[None]:
    """Indexes built meanwhile are written, and stamped, as format 12."""

    def writer(codec, dbfile, byteids=False):  # type: ignore[no-untyped-def]
        return Format12Writer(dbfile, blocklimit=codec._blocklimit, byteids=byteids, compression=0)

    whoosh_internals.check()  # before the patch: it writes a tiny index of its own
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(whoosh_internals.PackedCodec, "postings_writer", writer)
        patch.setattr("search_index.index.SCHEMA_VERSION", 12)
        yield


def stamped_version(index_dir: Path) -> int:
    return int(json.loads((index_dir / STAMP).read_text("utf-8"))["schema_version"])


def block_kinds(index: SearchIndex) -> set[str]:
    kinds = set()
    for reader, _ in index._searcher.reader().leaf_readers():
        for _, info in reader.iter_field("text"):
            offset, _ = info.extent()
            for block in whoosh_internals.posting_blocks(reader, offset):
                kinds.add("compact" if isinstance(block, block_codec.Block) else "format 12")
    return kinds


def ranked(index: SearchIndex | LibraryIndex, query: str) -> list[tuple[str, float]]:
    return [(hit.uid, hit.score) for hit in index.search(query, limit=50).hits]


# --- the encoding ---------------------------------------------------------------------


def test_an_index_of_format_12_is_read_and_ranks_as_a_compact_one(tmp_path: Path) -> None:
    with writing_format_12(), SearchIndex.open(tmp_path / "old") as old:
        old.rebuild(DOCS)
        assert block_kinds(old) == {"format 12"}
    with SearchIndex.open(tmp_path / "old") as reopened, SearchIndex.open(tmp_path / "new") as new:
        assert reopened.state is IndexState.OUTDATED and reopened.needs_rebuild
        assert stamped_version(tmp_path / "old") == 12
        new.rebuild(DOCS)
        assert new.state is IndexState.OK and block_kinds(new) == {"compact"}
        assert stamped_version(tmp_path / "new") == SCHEMA_VERSION
        for query in QUERIES:
            assert ranked(reopened, query) == ranked(new, query), query
        assert ranked(new, '"health visitors"')[0][0] == "d/programme"
        assert ranked(new, "sleep")[0][0] == "d/podcast"


@st.composite
def blocks(draw: st.DrawFn) -> tuple[list[int], list[float], list[bytes], int | None]:
    count = draw(st.integers(1, 300))
    gaps = draw(st.lists(st.integers(1, 70_000), min_size=count, max_size=count))
    ids = np.cumsum([draw(st.integers(0, 70_000)), *gaps[1:]]).tolist()
    boosts = [*TEXT_FIELD_BOOSTS.values(), 0.7]
    weight = st.one_of(
        st.lists(st.sampled_from(boosts), min_size=1, max_size=40).map(sum),
        st.floats(0, 1e6, width=32),
        st.integers(1, 300).map(float),
    )
    weights = draw(st.lists(weight, min_size=count, max_size=count))
    kind = draw(st.sampled_from(["none", "fixed", "positions", "raw"]))
    if kind == "none":
        return ids, weights, [], 0
    if kind == "fixed":
        return ids, weights, [draw(st.binary(min_size=4, max_size=4)) for _ in ids], 4
    if kind == "raw":
        values = [draw(st.binary(min_size=1, max_size=9)) for _ in ids]
        return ids, weights, values, None
    position = st.integers(0, 2**32 - 1) if draw(st.booleans()) else st.integers(0, 3000)
    lists = [draw(st.lists(position, min_size=1, max_size=12)) for _ in ids]
    if draw(st.booleans()):
        lists = [sorted(found) for found in lists]
    return ids, weights, [array("I", found).tobytes() for found in lists], None


@settings(max_examples=150, deadline=None)
@given(blocks())
def test_a_compact_block_reads_back_exactly(
    block: tuple[list[int], list[float], list[bytes], int | None],
) -> None:
    ids, weights, values, fixed = block
    stored = array("f", weights)  # as the writer holds them
    decoded = block_codec.decode(block_codec.encode(array("I", ids), stored, values, fixed))
    assert decoded.ids.tolist() == ids
    assert decoded.weights.tobytes() == stored.tobytes()  # the same float32 bits
    assert block_codec.value_bytes(decoded) == (tuple(values) if values else (b"",) * len(ids))


def test_compact_blocks_take_at_most_half_the_bytes_of_format_12(tmp_path: Path) -> None:
    documents = [
        DOCS[0].__class__(
            uid=f"d/{number}",
            kind="report",
            title=f"Sleep report {number}",
            summary="Sleep and settling for babies and parents.",
            body=" ".join(["sleep settling babies parents"] * (1 + number % 7)),
        )
        for number in range(3000)
    ]
    with writing_format_12(), SearchIndex.open(tmp_path / "old") as old:
        old.rebuild(documents)
        old_bytes = posting_bytes(old, "sleep")
    with SearchIndex.open(tmp_path / "new") as new:
        new.rebuild(documents)
        new_bytes = posting_bytes(new, "sleep")
        postings = read_postings(first_reader(new), "text", "sleep")
        assert postings.ids.tolist() == list(range(3000))
    assert new_bytes * 2 <= old_bytes


def first_reader(index: SearchIndex):  # type: ignore[no-untyped-def]
    return index._searcher.reader().leaf_readers()[0][0]


def posting_bytes(index: SearchIndex, term: str) -> int:
    _, length = first_reader(index).term_info("text", term).extent()
    return int(length[0] if isinstance(length, tuple) else length)


# --- the upgrade ----------------------------------------------------------------------


def state_of(index: LibraryIndex) -> IndexState:
    return index.index.state


def user_tables(library: Library) -> list[str]:
    """Every row of the library's database but the index queue's, as SQL."""
    connection = sqlite3.connect(library.paths.database)
    try:
        return [line for line in connection.iterdump() if '"index_queue"' not in line]
    finally:
        connection.close()


def test_an_index_of_format_12_answers_searches_while_it_is_rebuilt_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(tmp_path / "library", daily_backup=False)
    try:
        with writing_format_12():
            first = LibraryIndex(library)
            first.ensure_ready()
            first.close()
        upgrade_once(library, monkeypatch)
    finally:
        library.close()


def upgrade_once(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    index = LibraryIndex(library)
    uid = index.search("babies").hits[0].uid
    with library.db.session() as session:
        user_data.set_bookmark(session, uid, "for Tuesday's supervision")
        user_data.create_collection(session, "Sleep")
        user_data.add_to_collection(session, "Sleep", [uid])
    data_before = user_tables(library)
    assert index.needs_rebuild and index.index.state is IndexState.OUTDATED
    expected = ranked(index, "babies")
    assert expected and all(score > 0 for _, score in expected)  # the index's own ranking

    reading, searched = threading.Event(), threading.Event()
    read_documents = catalogue.iter_documents

    def slow_documents(session):  # type: ignore[no-untyped-def]
        for number, document in enumerate(read_documents(session)):
            if number == 1:
                reading.set()  # the rebuild is under way: search now
                assert searched.wait(60)
            yield document

    monkeypatch.setattr(catalogue, "iter_documents", slow_documents)
    upgrade = threading.Thread(target=index.ensure_ready)
    upgrade.start()
    try:
        assert reading.wait(60)
        during = ranked(index, "babies")
        state_during = index.index.state
    finally:
        searched.set()
        upgrade.join(120)
    assert during == expected and state_during is IndexState.OUTDATED
    assert state_of(index) is IndexState.OK and not index.needs_rebuild
    assert stamped_version(library.paths.index_dir) == SCHEMA_VERSION
    assert block_kinds(index.index) == {"compact"}
    assert ranked(index, "babies") == expected
    assert user_tables(library) == data_before
    index.close()
    # Once: the next start finds the new version and rebuilds nothing.
    monkeypatch.setattr(catalogue, "iter_documents", read_documents)
    again = LibraryIndex(library)
    try:
        assert again.index.state is IndexState.OK and not again.needs_rebuild
    finally:
        again.close()
