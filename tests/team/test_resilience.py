"""Sync cut off in the middle (kill -9, a dropped connection) leaves a consistent library that
the next sync completes; several laptops syncing at once converge on one catalogue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.operations import Operations
from resources_db.curation import ResourceFields
from resources_db.library import open_library
from resources_db.models import Resource
from resources_db.team.local_models import TeamLink, TeamResource
from tests.team.helpers import import_pack, title, uids, write_pack
from tests.team.proxy import Proxy

BODY = "A long description of attachment and attunement in the first 1001 days. " * 40


def _publish(joined, tmp_path: Path, count: int) -> Operations:
    alice = joined("alice")
    import_pack(alice, write_pack(tmp_path / "pack", count, body=BODY))
    assert alice.sync()[0].pushed == count
    return alice


def _team_state(folder: Path) -> tuple[int, int, int]:
    """(team resources recorded, of them present in the catalogue, library version)."""
    library = open_library(folder, daily_backup=False)
    try:
        with library.db.session() as session:
            recorded = session.scalar(select(func.count()).select_from(TeamResource)) or 0
            present = (
                session.scalar(
                    select(func.count())
                    .select_from(Resource)
                    .where(Resource.uid.in_(select(TeamResource.uid)))
                )
                or 0
            )
            link = session.get(TeamLink, 1)
            return recorded, present, link.library_version if link else -1
    finally:
        library.close()


def test_a_connection_dropped_mid_pull_changes_nothing_and_the_next_sync_completes(
    joined, team, tmp_path: Path
) -> None:
    _publish(joined, tmp_path, 150)
    proxy = Proxy(team.server.port)
    carol = Operations.open(tmp_path / "carol", daily_backup=False)
    try:
        carol.team_join(team.url("carol", port=proxy.port))
        proxy.cut_after = 100_000  # well into the pages of resources
        from desktop_app.operations.team_ops import OfflineError

        with pytest.raises(OfflineError, match="was lost during the sync"):
            carol.sync()
        assert proxy.cuts == 1
        assert uids(carol, "team/") == set()
        assert carol.team_status().last_sync is None

        proxy.cut_after = None
        report, _ = carol.sync()
        assert report.pulled == 150
        assert len(uids(carol, "team/")) == 150
    finally:
        carol.close()
        proxy.stop()


def test_a_connection_dropped_mid_push_writes_nothing_and_the_next_push_completes(
    joined, team, tmp_path: Path
) -> None:
    proxy = Proxy(team.server.port)
    bob = Operations.open(tmp_path / "bob", daily_backup=False)
    try:
        bob.team_join(team.url("bob", port=proxy.port))
        import_pack(bob, write_pack(tmp_path / "pack", 100, prefix="bob", body=BODY))
        proxy.cut_sending_after = 50_000
        from desktop_app.operations.team_ops import OfflineError

        with pytest.raises(OfflineError, match="was lost during the sync"):
            bob.sync()
        with team.connect_as("bob") as conn:
            assert conn.execute("SELECT count(*) FROM imh.resources").fetchone() == (0,)
        assert bob.team_status().pending == 100

        proxy.cut_sending_after = None
        assert bob.sync()[0].pushed == 100
        with team.connect_as("bob") as conn:
            assert conn.execute("SELECT count(*) FROM imh.resources").fetchone() == (100,)
        assert bob.team_status().pending == 0
    finally:
        bob.close()
        proxy.stop()


SYNC_SCRIPT = """
import sys
from resources_db.library import open_library
from resources_db.team import sync
library = open_library(sys.argv[1], daily_backup=False)
sync.sync(library)
"""


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["reading the server", "writing the library"])
def test_a_sync_killed_at_any_moment_leaves_a_consistent_library(
    joined, team, tmp_path: Path, moment: str
) -> None:
    _publish(joined, tmp_path, 1500)
    carol_dir = tmp_path / "carol"
    joined("carol").close()
    wal = carol_dir / "library.sqlite3-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-c", SYNC_SCRIPT, str(carol_dir)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ},
    )
    try:
        _wait_for(process, team, moment, wal, start_size)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    recorded, present, version = _team_state(carol_dir)
    assert (recorded, present) in {(0, 0), (1500, 1500)}
    assert (version == 0) == (recorded == 0)

    carol = Operations.open(carol_dir, daily_backup=False)
    try:
        carol.prepare_index()
        carol.sync()
        assert len(uids(carol, "team/")) == 1500
        outcome = carol.check()
        assert outcome.ok, outcome.problems
    finally:
        carol.close()


def _wait_for(process: subprocess.Popen[bytes], team, moment: str, wal: Path, size: int) -> None:
    """Poll until the sync is at ``moment`` (or has finished: then the kill finds nothing)."""
    with team.server.superuser(team.database) as conn:
        for _ in range(20_000):
            if process.poll() is not None:
                return
            if moment == "reading the server":
                busy = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = 'carol' "
                    "AND application_name = 'imh-library'"
                ).fetchone()
                if busy and busy[0]:
                    return
            elif wal.exists() and wal.stat().st_size > size + 1_000_000:
                return
            threading.Event().wait(0.005)


def test_several_laptops_syncing_at_once_converge(joined, team, tmp_path: Path) -> None:
    alice = _publish(joined, tmp_path, 40)
    people = [alice, joined("bob"), joined("carol"), joined("dave"), joined("erin")]
    for ops in people[1:]:
        ops.sync()
    # The curators change different fields of the same resources, and the same field of one.
    for n in range(1, 21):
        alice.edit_resource(f"team/{n}", ResourceFields(title=f"Alice {n}"))
        people[1].edit_resource(f"team/{n}", ResourceFields(summary=f"Bob {n}"))
    people[1].edit_resource("team/21", ResourceFields(title="Bob 21"))
    alice.edit_resource("team/21", ResourceFields(title="Alice 21"))

    def sync_until_quiet(ops: Operations, errors: list[BaseException]) -> None:
        try:
            for _ in range(4):
                ops.sync()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    errors: list[BaseException] = []
    threads = [threading.Thread(target=sync_until_quiet, args=(o, errors)) for o in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for ops in people:  # a last round: every laptop has seen every other's last push
        ops.sync()

    def catalogue(ops: Operations) -> dict[str, tuple[str, str]]:
        with ops.library.db.session() as session:
            rows = session.execute(
                select(Resource.uid, Resource.title, Resource.summary).where(
                    Resource.uid.startswith("team/")
                )
            )
            return {row.uid: (row.title, row.summary) for row in rows}

    first = catalogue(alice)
    for ops in people:
        theirs = catalogue(ops)
        assert {u: v for u, v in theirs.items() if first.get(u) != v} == {}, ops.root.name
    assert first["team/5"] == ("Alice 5", "Bob 5")
    assert title(alice, "team/21") in {"Alice 21", "Bob 21"}
