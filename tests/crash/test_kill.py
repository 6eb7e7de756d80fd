"""Kill -9 in the middle of real work, then start again: nothing made is lost.

These start the real command line in a subprocess and kill it while it writes
(an import of a generated catalogue, a full reindex, a stream of collection
edits), then reopen the library the way the next start would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.generate import write_pack
from resources_db import catalogue, user_data
from resources_db.library import Library, open_library
from search_index.sync import LibraryIndex

pytestmark = pytest.mark.slow

STARTER = 42  # the two starter packs: IMHAW 2020 and further reading
PACK_SIZE = 6000


def cli(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], limit_s: float = 60
) -> None:
    deadline = time.monotonic() + limit_s
    while not ready() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the command finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def prepare(root: Path) -> None:
    library = open_library(root)
    with library.db.session() as session:
        user_data.set_bookmark(session, "imhaw-2020/week", "Before the crash.")
        user_data.create_collection(session, "Induction")
        user_data.add_to_collection(
            session, "Induction", ["imhaw-2020/infographic", "imhaw-2020/week"]
        )
        user_data.set_item_note(session, "Induction", "imhaw-2020/week", "Second.")
    library.close()


def assert_intact(library: Library) -> None:
    with sqlite3.connect(library.paths.database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with library.db.session() as session:
        assert user_data.bookmark(session, "imhaw-2020/week").note == "Before the crash."
        items = user_data.collection(session, "Induction").items
        assert {i.uid for i in items} == {"imhaw-2020/infographic", "imhaw-2020/week"}
        assert sorted(i.position for i in items) == list(range(len(items)))


def wal_grows(root: Path, size: int) -> Callable[[], bool]:
    wal = root / "library.sqlite3-wal"
    return lambda: wal.exists() and wal.stat().st_size > size


def test_killed_import_is_all_or_nothing_and_the_index_catches_up(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    prepare(root)
    pack = write_pack(PACK_SIZE, tmp_path / "synthetic.imhpack")
    process = cli(root, "import", str(pack))
    # Killed while the import's transaction is being written to the journal.
    kill_when(process, wal_grows(root, 2_000_000))
    library = open_library(root)
    try:
        assert_intact(library)
        with library.db.session() as session:
            count = catalogue.resource_count(session)
        assert count in (STARTER, STARTER + PACK_SIZE)
        index = LibraryIndex(library)
        index.ensure_ready()
        assert index.check().ok
        found = index.search("synthetic", limit=1).total
        assert (found > 0) == (count > STARTER)
        index.close()
    finally:
        library.close()


def test_killed_reindex_leaves_a_working_index(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    prepare(root)
    library = open_library(root)
    library.import_pack(write_pack(PACK_SIZE, tmp_path / "synthetic.imhpack"))
    index = LibraryIndex(library)
    index.ensure_ready()
    index.close()
    library.close()
    process = cli(root, "reindex")
    building = lambda: any(root.glob("index.building-*"))  # noqa: E731
    kill_when(process, building)
    assert any(root.glob("index.building-*"))  # left behind, as after a power cut
    library = open_library(root)
    try:
        assert_intact(library)
        index = LibraryIndex(library)
        index.ensure_ready()
        assert index.check().ok
        wednesday = index.search('"IMHAW 2020 Wednesday"').hits[0].uid
        assert wednesday == "imhaw-2020/day-3-wednesday"
        index.close()
        assert not list(root.glob("index.building-*")), "the half-built index was cleared away"
    finally:
        library.close()


EDIT_LOOP = """
import sys
from pathlib import Path
from resources_db import user_data
from resources_db.library import open_library
library = open_library(Path(sys.argv[1]))
uids = ["imhaw-2020/infographic", "imhaw-2020/week"]
n = 0
while True:
    n += 1
    with library.db.session() as session:
        user_data.set_order(session, "Induction", list(reversed(uids)) if n % 2 else uids)
        user_data.save_search(session, f"search {n}", "babies")
    print(n, flush=True)
"""


def test_killed_collection_edits_leave_a_whole_collection(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    prepare(root)
    process = subprocess.Popen(
        [sys.executable, "-c", EDIT_LOOP, str(root)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    for _ in range(25):  # let it commit a few edits first
        process.stdout.readline()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    library = open_library(root)
    try:
        assert_intact(library)
        with library.db.session() as session:
            assert len(user_data.saved_searches(session)) >= 25
    finally:
        library.close()


EDIT_THEN_HOLD_THE_INDEX = """
import sys, time
from pathlib import Path
from sqlalchemy import select
from resources_db.library import open_library
from resources_db.models import Resource
from search_index.sync import LibraryIndex
library = open_library(Path(sys.argv[1]), daily_backup=False)
index = LibraryIndex(library)
index.ensure_ready()
with library.db.session() as session:
    resource = session.scalars(select(Resource).where(Resource.uid == "imhaw-2020/week")).one()
    resource.title = "Zebrafinch lullaby handbook"
assert index.index.writer_lock.acquire(30)  # as if killed in the middle of a catch-up
print("held", flush=True)
time.sleep(600)
"""


def test_a_writer_killed_holding_the_index_leaves_it_free_and_the_edit_queued(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lib"
    prepare(root)
    with subprocess.Popen(
        [sys.executable, "-c", EDIT_THEN_HOLD_THE_INDEX, str(root)],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "held"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    library = open_library(root)
    try:
        index = LibraryIndex(library)
        assert index.catch_up() == 1  # the lock died with its holder
        hits = index.search('"zebrafinch lullaby"').hits
        assert [hit.uid for hit in hits] == ["imhaw-2020/week"]
        assert index.check().ok
        index.close()
    finally:
        library.close()
