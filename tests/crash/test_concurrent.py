"""The command line while the window (or another process) is writing: it waits, never corrupts."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from resources_db import user_data
from resources_db.library import open_library


def test_a_command_waits_for_another_writer_then_succeeds(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    library = open_library(root)
    holding = threading.Event()

    def hold_write_lock() -> None:
        with library.db.engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.execute(text("UPDATE resources SET title = title WHERE id = 1"))
            holding.set()
            time.sleep(3.0)  # the window busy with a long write
            connection.exec_driver_sql("COMMIT")

    writer = threading.Thread(target=hold_write_lock)
    writer.start()
    holding.wait(5)
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app.cli",
            "--data-dir",
            str(root),
            "bookmark",
            "imhaw-2020/week",
            "--note",
            "made while busy",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    waited = time.monotonic() - started
    writer.join()
    assert done.returncode == 0, done.stderr
    assert waited > 2.5  # it waited for the lock rather than failing
    with library.db.session() as session:
        assert user_data.bookmark(session, "imhaw-2020/week").note == "made while busy"
    library.close()
