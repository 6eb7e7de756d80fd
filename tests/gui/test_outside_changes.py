"""A window left open sees what the command line did to its library.

Before, an `import`, a bookmark or a CPD entry made from the command line while
the window was open stayed invisible in it until the window was restarted.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop_app.cli import main
from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import TIMEOUT_MS
from tests.helpers import search, settle, titles


def cli(data_dir: Path, *args: str) -> None:
    assert main(["--data-dir", str(data_dir), *args]) == 0


def test_a_resource_added_from_the_command_line_appears_in_the_open_window(
    qtbot, window: MainWindow, data_dir: Path
) -> None:
    window.outside_changes.timer.setInterval(100)
    search(qtbot, window, "zebrafinch")
    assert titles(window) == []
    cli(
        data_dir,
        "add",
        "--title",
        "Zebrafinch song and infant attention",
        "--kind",
        "journal article",
    )
    # The search shown is run again once the window takes the change in.
    qtbot.waitUntil(
        lambda: titles(window) == ["Zebrafinch song and infant attention"], timeout=TIMEOUT_MS
    )


def test_a_bookmark_made_from_the_command_line_reaches_the_bookmarks_tab(
    qtbot, window: MainWindow, data_dir: Path
) -> None:
    window.outside_changes.timer.setInterval(100)
    search(qtbot, window, "babies")
    uid = window.search_panel.model.hit(0).uid
    cli(data_dir, "bookmark", uid, "--note", "for Tuesday's group")
    qtbot.waitUntil(lambda: window.bookmarks_tab.model.rowCount() == 1, timeout=TIMEOUT_MS)


def test_the_windows_own_edits_do_not_look_like_another_programs(qtbot, window: MainWindow) -> None:
    window.outside_changes.timer.setInterval(50)
    search(qtbot, window, "babies")
    refreshes = []
    window.runner.changed.connect(refreshes.append)
    uid = window.search_panel.model.hit(0).uid
    window.runner.edit(lambda ops: ops.set_bookmark(uid, "mine"))
    qtbot.waitUntil(lambda: len(refreshes) == 1, timeout=TIMEOUT_MS)
    qtbot.wait(600)  # a dozen looks at the library after the window's own write
    assert len(refreshes) == 1 and not refreshes[0].catalogue


def test_writes_between_two_looks_are_the_windows_own_and_keep_the_chosen_row(
    qtbot, window: MainWindow
) -> None:
    """Found by a new user: a few seconds after opening a result, the list ran again
    and lost its current row, so Ctrl+D bookmarked another resource."""
    looks = window.outside_changes
    looks.timer.stop()
    search(qtbot, window, "babies")
    panel = window.search_panel
    panel.results_view.setCurrentIndex(panel.model.index(2, 0))
    chosen = panel.model.hit(2).uid
    refreshes = []
    window.runner.changed.connect(refreshes.append)
    for write in (lambda ops: ops.record_view(chosen), lambda ops: ops.set_bookmark(chosen, "")):
        looks.poll()  # a quiet look before the write...
        qtbot.waitUntil(lambda: not looks._asking, timeout=TIMEOUT_MS)
        done = len(refreshes)
        window.runner.edit(write)  # ...the write starts and ends between two looks...
        qtbot.waitUntil(
            lambda done=done: len(refreshes) > done and window.runner.idle, timeout=TIMEOUT_MS
        )
        looks.poll()  # ...and the next look is quiet
        qtbot.waitUntil(lambda: not looks._asking, timeout=TIMEOUT_MS)
        qtbot.wait(100)
    assert not any(change.catalogue for change in refreshes)
    assert panel.model.hit(panel.results_view.currentIndex().row()).uid == chosen


def test_a_bookmark_made_from_the_command_line_while_the_window_works_still_arrives(
    qtbot, window: MainWindow, data_dir: Path
) -> None:
    """Found trying a rebuild racing an import: what another program committed while
    one of the window's own jobs ran (a rebuild, an import) never reached the window,
    since every look during the job was set aside as possibly the window's own."""
    window.outside_changes.timer.setInterval(100)
    search(qtbot, window, "babies")
    uid = window.search_panel.model.hit(0).uid
    started, release = threading.Event(), threading.Event()

    def long_job(_ops: object) -> None:
        started.set()
        release.wait(TIMEOUT_MS / 1000)

    window.runner.job(long_job)
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    cli(data_dir, "bookmark", uid, "--note", "made while the window was busy")
    qtbot.wait(300)  # looks taken while the job runs
    release.set()
    qtbot.waitUntil(lambda: window.bookmarks_tab.model.rowCount() == 1, timeout=TIMEOUT_MS)


def test_another_programs_write_between_two_of_the_windows_own_still_arrives(
    qtbot, window: MainWindow, data_dir: Path
) -> None:
    """While someone browses, the window writes between most pairs of looks (every
    opened result records a view): a bookmark made then from the command line was
    taken for the window's own write and never shown."""
    looks = window.outside_changes
    looks.timer.stop()
    search(qtbot, window, "babies")
    first, second = (window.search_panel.model.hit(row).uid for row in (0, 1))
    looks.poll()
    qtbot.waitUntil(lambda: not looks._asking, timeout=TIMEOUT_MS)
    window.runner.edit(lambda ops: ops.record_view(first))
    settle(qtbot, window)
    cli(data_dir, "bookmark", second, "--note", "from the command line")
    window.runner.edit(lambda ops: ops.record_view(first))
    settle(qtbot, window)
    looks.poll()
    qtbot.waitUntil(lambda: window.bookmarks_tab.model.rowCount() == 1, timeout=TIMEOUT_MS)
