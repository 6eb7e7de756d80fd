"""Team sync benchmark against a real PostgreSQL server (started in a temporary folder).

    uv run python -m benchmarks.sync [--sizes 10000 100000] [--laptops 20] [--turns N] [--json]

For each size, one synthetic catalogue (``benchmarks.generate``) is measured:

- ``import_s``: a plain pack import of it into a new library (the yardstick);
- ``publish_s``: a curator's push of the same catalogue, imported after joining;
- ``first_sync_s``: a member's first sync of it (pull, attachments, apply, index
  queue), with ``first_sync_rows_per_s`` beside ``import_rows_per_s`` and
  ``first_sync_vs_import`` (the target: at most 1.0); with ``--turns N`` the import
  and the first sync (each into a new library) alternate N times, medians reported;
- ``push_100_s`` and ``pull_100_s``: a curator edits 100 titles and syncs; a member
  syncs them in.

Then ``--laptops`` member laptops (separate processes, their own logins) make
their first sync of a ``CONCURRENT_SIZE`` catalogue at once, and again after 100
changes; every laptop must end with the same catalogue and no error.
Needs PostgreSQL's server binaries (Debian's ``postgresql``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks.generate import write_pack
from resources_db.curation import ResourceFields, edit_resource
from resources_db.library import Library, open_library
from resources_db.models import Resource
from resources_db.team import admin
from resources_db.team import sync as team_sync
from resources_db.team.urls import parse_url
from tests.team.pg_server import ADMIN, PgServer, start_server

CONCURRENT_SIZE = 1000
CHANGES = 100


def _team(server: PgServer, database: str, members: Sequence[str]) -> None:
    server.create_database(database)
    url = parse_url(server.url(ADMIN, database))
    admin.create_team(url)
    admin.grant(url, "alice", "curator")
    for login in members:
        admin.grant(url, login, "member")


def _joined(folder: Path, url: str) -> Library:
    library = open_library(folder, daily_backup=False)
    team_sync.join(library, url)
    return library


def _timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _edit_titles(library: Library, count: int, stamp: str) -> None:
    with library.db.session() as session:
        uids = session.scalars(
            select(Resource.uid).where(Resource.uid.like("synthetic%")).order_by(Resource.uid)
        ).all()[:count]
        for uid in uids:
            edit_resource(session, uid, ResourceFields(title=f"Edited {stamp} {uid}"))


def measure_size(server: PgServer, size: int, scratch: Path, turns: int = 1) -> dict[str, Any]:
    database = f"bench{size}"
    _team(server, database, ["carol"])
    pack = write_pack(size, scratch / f"synthetic-{size}.zip")
    curator = _joined(scratch / f"curator-{size}", server.url("alice", database))
    curator.import_pack(pack)
    publish_s, published = _timed(lambda: team_sync.sync(curator))

    # In turns (import, then first sync, again), so a busy machine weighs on both alike.
    imports: list[float] = []
    firsts: list[float] = []
    for turn in range(turns):
        plain = open_library(scratch / f"import-{size}-{turn}", daily_backup=False)
        imports.append(_timed(partial(plain.import_pack, pack))[0])
        plain.close()
        member = _joined(scratch / f"member-{size}-{turn}", server.url("carol", database))
        first_s, first = _timed(partial(team_sync.sync, member))
        firsts.append(first_s)
        if turn < turns - 1:
            member.close()

    _edit_titles(curator, CHANGES, "once")
    push_s, pushed = _timed(lambda: team_sync.sync(curator))
    pull_s, pulled = _timed(lambda: team_sync.sync(member))
    curator.close()
    member.close()
    import_s, first_s = statistics.median(imports), statistics.median(firsts)
    return {
        "size": size,
        "import_s": round(import_s, 2),
        "import_rows_per_s": round(size / import_s),
        "publish_s": round(publish_s, 2),
        "published": published.pushed,
        "first_sync_s": round(first_s, 2),
        "first_sync_rows_per_s": round(first.pulled / first_s),
        "first_sync_pulled": first.pulled,
        "first_sync_vs_import": round(first_s / import_s, 2),
        "import_runs_s": [round(t, 2) for t in imports],
        "first_sync_runs_s": [round(t, 2) for t in firsts],
        "push_100_s": round(push_s, 2),
        "pushed": pushed.pushed,
        "pull_100_s": round(pull_s, 2),
        "pulled": pulled.pulled,
    }


def _laptop_sync(folder: str, url: str) -> tuple[str, int, str]:
    """One laptop's sync in its own process: (outcome, team resources, error)."""
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    try:
        library = open_library(Path(folder), daily_backup=False)
        try:
            if not (Path(folder) / ".joined").exists():
                team_sync.join(library, url)
                (Path(folder) / ".joined").touch()
            report = team_sync.sync(library)
            with library.db.session() as session:
                count = len(
                    session.scalars(
                        select(Resource.uid).where(Resource.uid.like("synthetic%"))
                    ).all()
                )
            return report.status, count, ""
        finally:
            library.close()
    except Exception as error:  # reported in the figures
        return "error", 0, f"{type(error).__name__}: {error}"


def measure_laptops(server: PgServer, laptops: int, scratch: Path) -> dict[str, Any]:
    logins = [f"laptop{n:02d}" for n in range(1, laptops + 1)]
    for login in logins:
        server.add_login(login)
    database = "benchlaptops"
    _team(server, database, logins)
    curator = _joined(scratch / "laptops-curator", server.url("alice", database))
    curator.import_pack(write_pack(CONCURRENT_SIZE, scratch / "laptops.zip"))
    team_sync.sync(curator)
    jobs = [(str(scratch / login), server.url(login, database)) for login in logins]
    context = multiprocessing.get_context("spawn")
    with context.Pool(laptops) as pool:
        first_s, first = _timed(lambda: pool.starmap(_laptop_sync, jobs))
        _edit_titles(curator, CHANGES, "again")
        team_sync.sync(curator)
        again_s, again = _timed(lambda: pool.starmap(_laptop_sync, jobs))
    curator.close()
    errors = [error for _, _, error in first + again if error]
    counts = {count for _, count, _ in again}
    return {
        "laptops": laptops,
        "catalogue": CONCURRENT_SIZE,
        "first_sync_all_s": round(first_s, 2),
        "sync_100_changes_all_s": round(again_s, 2),
        "errors": errors,
        "converged": not errors and counts == {CONCURRENT_SIZE},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Team sync against a real PostgreSQL.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--laptops", type=int, default=20)
    parser.add_argument(
        "--turns", type=int, default=1,
        help="imports and first syncs of each size, taken in turns (medians reported)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    server = start_server()
    if server is None:
        print("PostgreSQL's server binaries (initdb, pg_ctl) were not found.", file=sys.stderr)
        return 1
    os.environ["PGPASSFILE"] = str(server.pgpass)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    figures: dict[str, Any] = {"machine": f"{platform.system()} {os.cpu_count()} cores"}
    try:
        with tempfile.TemporaryDirectory(prefix="imh-sync-bench-") as folder:
            scratch = Path(folder)
            figures["sizes"] = []
            for size in args.sizes:
                figures["sizes"].append(measure_size(server, size, scratch, args.turns))
                print(json.dumps(figures["sizes"][-1]), file=sys.stderr)
            if args.laptops:
                figures["laptops"] = measure_laptops(server, args.laptops, scratch)
    finally:
        server.stop()
    print(json.dumps(figures, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
