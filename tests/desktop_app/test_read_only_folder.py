"""A library whose folder cannot be written says so, and is not called damaged.

Found trying it as a new user would: a library on a write-protected stick or a
folder whose permissions changed made `imh-library gui` print that the database
"may be damaged", over two lines with SQLAlchemy's help address, and the window
with a screen offered to restore a backup (which could not be written either).
SQLite cannot open a database in WAL mode where it cannot create its -wal and
-shm files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop_app.cli import main
from resources_db import backups
from resources_db.database import DatabaseError
from resources_db.library import open_library


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a folder or file unwritable, for root too (``chattr +i``), or skip the test."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    chattr = shutil.which("chattr")
    if as_root and (
        chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode
    ):
        pytest.skip("this file system cannot make a folder read-only for root")
    mode = path.stat().st_mode
    if not as_root:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("it stays writable here")
        yield
    finally:
        if as_root and chattr is not None:
            subprocess.run([chattr, "-i", str(path)], check=True)
        else:
            path.chmod(mode)


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    library = open_library(tmp_path / "lib")
    backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    library.close()
    return tmp_path / "lib"


def test_opening_a_library_in_a_read_only_folder_raises_the_folders_error(
    library_folder: Path,
) -> None:
    with read_only(library_folder), pytest.raises(OSError) as raised:
        open_library(library_folder)
    assert not isinstance(raised.value, DatabaseError)


def test_a_read_only_database_file_is_refused_at_open_in_one_sentence(
    capsys, library_folder: Path
) -> None:
    """Before, the library opened and a bookmark printed SQLAlchemy's traceback."""
    uid = "imhaw-2020/day-1-monday"
    with read_only(library_folder / "library.sqlite3"):
        code = main(["--data-dir", str(library_folder), "bookmark", uid])
    err = capsys.readouterr().err
    assert code != 0
    assert err.splitlines() == [
        f"imh-library: The library folder {library_folder} cannot be used "
        "(its database file is read-only)."
    ]


def test_the_command_line_says_in_one_sentence_that_the_folder_cannot_be_used(
    capsys, library_folder: Path
) -> None:
    with read_only(library_folder):
        code = main(["--data-dir", str(library_folder), "stats"])
    err = capsys.readouterr().err
    assert code != 0
    [line] = err.splitlines()
    assert line.startswith(f"imh-library: The library folder {library_folder} cannot be used (")
    assert line.endswith(").") and "damaged" not in line and "restore" not in line
