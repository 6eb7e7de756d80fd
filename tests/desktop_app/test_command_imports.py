"""What a command's start loads: only what that command runs.

Every module loaded at a start costs the person waiting for ``show`` or the
first page of ``search`` (docs/PERFORMANCE.md, "Start"); the practice
record's encryption, migrations, the team's PostgreSQL driver, the feed
parser, the transcript readers, the keyring and Qt are only for the commands
that use them. Each command runs in a fresh interpreter, as a person starts it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main

ROOT = Path(__file__).resolve().parents[2]

NOT_AT_START = ("cryptography", "alembic", "psycopg", "feedparser", "webvtt", "keyring", "PySide6")

# Run one command in this interpreter, then write the names of the loaded modules.
RUN_AND_LIST = """
import sys
from desktop_app.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as stop:
    code = stop.code
with open(sys.argv[1], "w", encoding="utf-8") as listing:
    listing.write("\\n".join(sys.modules))
sys.exit(code)
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library opened once already (its creation, with its migrations, is not a start)."""
    root = tmp_path_factory.mktemp("lib")
    assert main(["--data-dir", str(root), "search", "sleep"]) == 0
    return root


def loaded_by(tmp_path: Path, *argv: str) -> set[str]:
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, str(listing), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {name.split(".")[0] for name in listing.read_text(encoding="utf-8").split()}


@pytest.mark.parametrize(
    "argv",
    [
        ("--version",),
        ("show", "further-reading/babies-in-lockdown"),
        ("show", "further-reading/babies-in-lockdown", "--json"),
        ("search", "sleep"),
        ("search", "sleep", "--json"),
        ("tags",),
    ],
    ids=" ".join,
)
def test_a_command_start_leaves_out_what_it_does_not_run(
    library: Path, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    loaded = loaded_by(tmp_path, *argv, "--data-dir", str(library))
    assert sorted(loaded & set(NOT_AT_START)) == []


def test_version_stays_in_the_argument_parser(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "--version")
    assert sorted(loaded & {"sqlalchemy", "whoosh", "numpy", *NOT_AT_START}) == []
