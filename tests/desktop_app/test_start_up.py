"""The garbage collector is paused for a start only: every way out of the start resumes it."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.start_up import pause_collector, resume_collector

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def collector() -> Iterator[None]:
    """Leave this process's collector as it was found: on, nothing of ours frozen."""
    assert gc.isenabled()
    yield
    resume_collector()
    gc.unfreeze()
    gc.enable()


def test_a_pause_ends_with_what_exists_frozen_and_collecting_on(collector: None) -> None:
    pause_collector()
    pause_collector()  # a second pause (cli.main, then the window's start) is the same pause
    assert not gc.isenabled()
    resume_collector()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resuming_without_a_pause_changes_nothing(collector: None) -> None:
    frozen = gc.get_freeze_count()
    resume_collector()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_command_called_with_arguments_leaves_the_collector_alone(
    collector: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frozen = gc.get_freeze_count()
    assert main(["--data-dir", str(tmp_path / "lib"), "tags"]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize(
    "argv",
    [["tags"], ["restore"], ["no-such-command"]],
    ids=["done", "refused", "usage error"],
)
def test_the_program_start_collects_again_whatever_the_command_did(
    tmp_path: Path, argv: list[str]
) -> None:
    # As the installed script starts it: main() with no arguments reads sys.argv.
    check = (
        "import gc, sys\n"
        "from desktop_app.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.isenabled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check, *argv, "--data-dir", str(tmp_path / "lib")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.stdout.strip().splitlines()[-1] == "True", done.stderr
