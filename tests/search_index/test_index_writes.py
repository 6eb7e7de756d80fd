"""One owner for index writes: catch-up and rebuild never interleave, and
nothing queued is lost, whether the other writer is a thread or a process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from benchmarks.generate import write_pack
from resources_db import catalogue, index_queue
from resources_db.library import Library, open_library
from resources_db.models import Resource
from search_index.sync import LibraryIndex

GENERATED = 300  # enough for a rebuild to report progress (every 200) before it ends
NEW_TITLE = "Zebrafinch lullaby handbook"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(GENERATED, tmp_path_factory.mktemp("pack") / "generated.imhpack")


@pytest.fixture
def big_library(tmp_path: Path, pack: Path) -> Iterator[Library]:
    library = open_library(tmp_path / "lib")
    library.import_pack(pack)
    yield library
    library.close()


def first_uid(library: Library) -> str:
    """The resource a rebuild reads first."""
    with library.db.session() as session:
        return next(catalogue.iter_documents(session)).uid


def rename(library: Library, uid: str, title: str) -> None:
    with library.db.session() as session:
        resource = session.scalars(select(Resource).where(Resource.uid == uid)).one()
        resource.title = title


def found(index: LibraryIndex, query: str) -> list[str]:
    """What a search for exactly ``query`` finds (nothing, if it had to correct it)."""
    results = index.search(query)
    assert not results.approximate
    return [] if results.corrected else [hit.uid for hit in results.hits]


def queued(library: Library) -> int:
    with library.db.session() as session:
        return index_queue.pending_count(session)


def test_an_edit_caught_up_while_a_rebuild_runs_survives_the_swap(big_library: Library) -> None:
    rebuilding = LibraryIndex(big_library)
    rebuilding.ensure_ready()
    other = LibraryIndex(big_library)  # another worker of the window, on the same library
    edited = first_uid(big_library)
    calls: list[int] = []

    def edit_and_catch_up_meanwhile(count: int) -> None:
        if calls:
            return
        calls.append(count)  # the rebuild has read its first batch
        rename(big_library, edited, NEW_TITLE)
        worker = threading.Thread(target=other.catch_up)
        worker.start()
        worker.join(timeout=120)

    try:
        rebuilding.rebuild(progress=edit_and_catch_up_meanwhile)
        assert calls, "the rebuild never reported progress"
        assert found(rebuilding, '"zebrafinch lullaby"') == [edited]
        assert queued(big_library) == 0
        assert rebuilding.check().ok
        other.catch_up()  # the other worker sees the rebuilt index from now on
        assert found(other, '"zebrafinch lullaby"') == [edited]
    finally:
        other.close()
        rebuilding.close()


CATCH_UP_ELSEWHERE = """
import sys
from pathlib import Path
from sqlalchemy import select
from resources_db.library import open_library
from resources_db.models import Resource
from search_index.sync import LibraryIndex
library = open_library(Path(sys.argv[1]), daily_backup=False)
with library.db.session() as session:
    resource = session.scalars(select(Resource).where(Resource.uid == sys.argv[2])).one()
    resource.title = sys.argv[3]
index = LibraryIndex(library)
print(index.catch_up())
index.close()
library.close()
"""


def test_a_catch_up_in_another_process_during_a_rebuild_is_not_lost(
    big_library: Library,
) -> None:
    index = LibraryIndex(big_library)
    index.ensure_ready()
    edited = first_uid(big_library)
    runs: list[subprocess.CompletedProcess[str]] = []

    def command_line_edits_meanwhile(_count: int) -> None:
        if runs:
            return
        runs.append(
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CATCH_UP_ELSEWHERE,
                    str(big_library.paths.root),
                    edited,
                    NEW_TITLE,
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        )

    try:
        index.rebuild(progress=command_line_edits_meanwhile)
        assert runs and runs[0].returncode == 0, runs[0].stderr if runs else "no progress"
        assert found(index, '"zebrafinch lullaby"') == [edited]
        # The other process left its change queued for the writer that owned the index.
        assert runs[0].stdout.strip() == "0"
        assert queued(big_library) == 0
        assert index.check().ok
    finally:
        index.close()


def test_a_rebuild_in_another_process_then_catch_up_here_sees_the_new_index(
    big_library: Library,
) -> None:
    index = LibraryIndex(big_library)
    index.ensure_ready()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop_app.cli",
                "--data-dir",
                str(big_library.paths.root),
                "reindex",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        rename(big_library, first_uid(big_library), NEW_TITLE)
        assert index.catch_up() == 1
        assert found(index, '"zebrafinch lullaby"') == [first_uid(big_library)]
        assert index.check().ok
    finally:
        index.close()


def test_an_index_left_empty_by_a_start_that_never_built_it_is_built_next_time(
    library: Library,
) -> None:
    shutil.rmtree(library.paths.index_dir, ignore_errors=True)
    LibraryIndex(library).close()  # the process ended before its first rebuild
    index = LibraryIndex(library)
    try:
        assert index.needs_rebuild
        index.ensure_ready()
        assert index.search("pandemic").total > 0
        assert index.check().ok
    finally:
        index.close()


def test_check_finds_an_entry_that_no_longer_matches_its_resource(library: Library) -> None:
    index = LibraryIndex(library)
    index.ensure_ready()
    try:
        rename(library, "imhaw-2020/week", NEW_TITLE)
        with library.db.session() as session:
            index_queue.clear(session)  # the edit lost, as in a rebuild that raced a catch-up
        report = index.check()
        assert report.problems == ["1 index entries are out of date."]
        index.rebuild()
        assert index.check().ok
        assert found(index, '"zebrafinch lullaby"') == ["imhaw-2020/week"]
    finally:
        index.close()
