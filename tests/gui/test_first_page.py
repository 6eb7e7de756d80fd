"""A start paints the first page kept at the last close before the library's modules load,
and only while that page is still what the library holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from desktop_app.first_page import FirstPage, read_first_page, write_first_page
from desktop_app.operations import Operations
from desktop_app.ui import appearance
from desktop_app.ui.main_window import MainWindow
from resources_db.curation import ResourceFields
from resources_db.paths import LibraryPaths
from tests.gui.conftest import OpenWindow
from tests.helpers import TIMEOUT_MS, titles

# Runs the real ``imh-library gui`` and reports, at its first results painted,
# whether the library's modules were loaded yet and what the list shows; then,
# once the window is searchable and its start is over, what it shows and quits.
START = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app import cli
from desktop_app.app import _application
app = _application()
from desktop_app.ui.main_window import MainWindow
seen = {}
def rows(window):
    model = window.search_panel.model
    return [model.hit(row).title for row in range(model.rowCount())]
def look():
    for window in app.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            if "first" not in seen and window.search_panel.model.rowCount():
                seen["first"] = rows(window)
                seen["library_loaded"] = "sqlalchemy" in sys.modules
                seen["status"] = window.index_label.text()
                seen["count"] = window.count_label.text()
            if "first" in seen and window.searchable and window.start_up_done:
                seen["searchable"] = rows(window)
                seen["count_after"] = window.count_label.text()
                print(json.dumps(seen), flush=True)
                window.close()
                return
    QTimer.singleShot(5, look)
QTimer.singleShot(0, look)
sys.exit(cli.main(["gui", "--data-dir", sys.argv[1]]))
"""


# Closes the window as soon as the kept page shows, before the library is open.
CLOSE_AT_ONCE = r"""
import sys
from PySide6.QtCore import QTimer
from desktop_app import cli
from desktop_app.app import _application
app = _application()
from desktop_app.ui.main_window import MainWindow
def look():
    for window in app.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            print("shown", "attached" if window.attached else "frame", flush=True)
            if not window.attached:
                window.close()
                return
    QTimer.singleShot(5, look)
QTimer.singleShot(0, look)
sys.exit(cli.main(["gui", "--data-dir", sys.argv[1]]))
"""


def run_window(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def start(data_dir: Path) -> dict[str, object]:
    done = run_window(START, data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_next_start_paints_the_kept_page_before_the_library_loads(tmp_path: Path) -> None:
    data_dir = tmp_path / "library"
    first = start(data_dir)
    assert first["library_loaded"] is True  # nothing was kept yet: the slow way
    assert LibraryPaths(data_dir).first_page.exists()

    second = start(data_dir)
    assert second["library_loaded"] is False
    assert second["status"] == "Opening the library…"
    assert second["first"] == first["searchable"]  # what the last session showed
    assert second["searchable"] == second["first"]  # and the real search agrees
    assert second["count"] == second["count_after"] == first["count_after"]


def test_a_library_changed_since_the_close_starts_without_the_kept_page(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "library"
    start(data_dir)
    ops = Operations.open(data_dir)
    try:
        # Dated today, so it heads the newest-first opening page.
        ops.add_resource(
            ResourceFields(
                kind="blog post", title="Zebra-stripe sleep diaries", published=date.today()
            )
        )
    finally:
        ops.close()

    after = start(data_dir)
    assert after["library_loaded"] is True
    assert "Zebra-stripe sleep diaries" in after["first"]  # type: ignore[operator]


def test_a_window_closed_while_the_library_opens_stays_closed(tmp_path: Path) -> None:
    data_dir = tmp_path / "library"
    start(data_dir)
    done = run_window(CLOSE_AT_ONCE, data_dir)  # the timeout fails a window left open
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["shown", "frame"]  # closed at once, never shown again


# The frame, then the library's code loaded behind it: the event loop keeps running.
LOAD_BEHIND = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from desktop_app.app import _application
from desktop_app.ui.frame_start import load_library_code, open_frame
app = _application()
frame = open_frame(Path(sys.argv[1]), app)
ticks = []
timer = QTimer()
timer.timeout.connect(lambda: ticks.append(1))
timer.start(1)
before = "sqlalchemy" in sys.modules
load_library_code()
print(frame is not None, before, "desktop_app.operations" in sys.modules, len(ticks) > 0)
"""


def test_the_library_code_loads_behind_a_frame_that_keeps_answering(tmp_path: Path) -> None:
    data_dir = tmp_path / "library"
    start(data_dir)
    done = run_window(LOAD_BEHIND, data_dir)
    assert done.returncode == 0, done.stderr
    # A frame, nothing of the library loaded before, everything after, and the
    # event loop ran meanwhile (the window repaints and takes typing).
    assert done.stdout.split() == ["True", "False", "True", "True"]


def kept_page(make_window: OpenWindow) -> tuple[FirstPage, Path]:
    window = make_window()
    page = window.first_page_to_keep()
    assert page is not None
    root = window.ops.root
    window.close()
    return page, root


Framed = tuple[FirstPage, Path, MainWindow]


@pytest.fixture
def framed(qtbot, make_window: OpenWindow) -> Framed:  # type: ignore[no-untyped-def]
    """A library's kept page, and a new window's frame showing it (not yet attached)."""
    page, root = kept_page(make_window)
    window = MainWindow(None, appearance.open_settings(root), QApplication.font(), page)
    qtbot.addWidget(window)
    window.show()
    return page, root, window


@contextmanager
def attached(qtbot, window: MainWindow, root: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The frame given its library, as the start does; closed when its start is over."""
    ops = Operations.open(root)
    window.attach(ops)
    try:
        yield
    finally:
        qtbot.waitUntil(lambda: window.start_up_done, timeout=TIMEOUT_MS)
        window.close()
        ops.close()


def test_the_frame_becomes_the_window_keeping_the_chosen_row(qtbot, framed: Framed) -> None:
    page, root, window = framed
    assert titles(window) == [hit.title for hit in page.results.hits]
    assert window.count_label.text().startswith(f"{page.results.total:,} result")
    assert [action.text() for action in window.menuBar().actions()] == page.menus
    panel = window.search_panel
    panel.results_view.selectionModel().setCurrentIndex(
        panel.model.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )

    bar_height = window.statusBar().sizeHint().height()
    with attached(qtbot, window, root):
        qtbot.waitUntil(lambda: window.searchable, timeout=TIMEOUT_MS)
        # The same rows came back: the person's row is still the chosen one.
        assert panel.results_view.currentIndex().row() == 2
        # Nothing under the list moved: the status bar kept its height.
        assert window.statusBar().sizeHint().height() == bar_height
        assert window.side_tabs.tabText(2) == "Collections"
        assert window.side_tabs.widget(2) is window.collections_panel
        assert window.menuBar().actions()[0].menu().actions()  # File has its commands


def test_words_typed_before_the_library_opened_are_searched_once_it_has(
    qtbot, framed: Framed
) -> None:
    page, root, window = framed
    panel = window.search_panel
    qtbot.keyClicks(panel.search_box, "sleep")
    panel.search_now()
    assert not panel.idle  # waiting for the library, not forgotten

    with attached(qtbot, window, root):
        qtbot.waitUntil(lambda: panel.shows("sleep"), timeout=TIMEOUT_MS)
        assert titles(window) != [hit.title for hit in page.results.hits]


def test_a_frame_closed_before_the_library_opened_closes_quietly(framed: Framed) -> None:
    window = framed[2]
    window.close()
    assert not window.isVisible()


def test_a_write_to_the_library_makes_the_kept_page_stale(
    make_window: OpenWindow, data_dir: Path
) -> None:
    page, root = kept_page(make_window)
    ops = Operations.open(root)
    ops.close()
    write_first_page(root, page)
    assert read_first_page(root) == page

    ops = Operations.open(root)
    try:
        ops.bookmark_all([page.results.hits[0].uid])
    finally:
        ops.close()
    assert read_first_page(root) is None


def test_a_damaged_or_foreign_page_is_not_used(make_window: OpenWindow) -> None:
    page, root = kept_page(make_window)
    ops = Operations.open(root)
    ops.close()
    kept = LibraryPaths(root).first_page
    write_first_page(root, page)
    saved = json.loads(kept.read_text(encoding="utf-8"))

    kept.write_text(kept.read_text(encoding="utf-8")[:200], encoding="utf-8")
    assert read_first_page(root) is None
    kept.write_text(json.dumps({**saved, "format": 99}), encoding="utf-8")
    assert read_first_page(root) is None
    saved["results"]["hits"][0]["rating"] = 5  # a field this version's results lack
    kept.write_text(json.dumps(saved), encoding="utf-8")
    assert read_first_page(root) is None


def test_a_page_that_cannot_be_written_only_costs_the_fast_start(
    make_window: OpenWindow, tmp_path: Path
) -> None:
    page, _root = kept_page(make_window)
    missing = tmp_path / "no such folder"
    write_first_page(missing, page)  # no error
    assert read_first_page(missing) is None
