"""Real windows on real library folders, driven with pytest-qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from desktop_app.app import open_window
from desktop_app.ui.main_window import MainWindow

OpenWindow = Callable[[], MainWindow]
TIMEOUT_MS = 15000


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def make_window(qtbot, data_dir: Path) -> Iterator[OpenWindow]:
    """Open windows on one data folder (a second call is a restart); all closed at the end."""
    opened: list[MainWindow] = []
    base_font = QApplication.font()

    def make() -> MainWindow:
        window = open_window(data_dir)
        window.show()
        qtbot.waitUntil(
            lambda: window.index_label.text() == "Search index ready", timeout=TIMEOUT_MS
        )
        qtbot.waitUntil(lambda: window.search_panel.idle, timeout=TIMEOUT_MS)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
        window.ops.close()
        window.deleteLater()
    QApplication.setFont(base_font)


@pytest.fixture
def window(make_window: OpenWindow) -> MainWindow:
    return make_window()


def search(qtbot, window: MainWindow, text: str) -> None:
    """Type a search as a user would and wait for its results to be the ones shown."""
    panel = window.search_panel
    panel.search_box.clear()
    qtbot.keyClicks(panel.search_box, text)
    qtbot.waitUntil(
        lambda: (
            panel.last_results is not None
            and panel.last_results.query == text
            and not panel._debounce.isActive()
        ),
        timeout=TIMEOUT_MS,
    )


def open_row(qtbot, window: MainWindow, row: int) -> str:
    panel = window.search_panel
    hit = panel.model.hit(row)
    assert hit is not None
    panel.results_view.selectionModel().setCurrentIndex(
        panel.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.waitUntil(lambda: window.detail_pane.uid == hit.uid, timeout=TIMEOUT_MS)
    return hit.uid


def titles(window: MainWindow) -> list[str]:
    model = window.search_panel.model
    return [model.hit(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


def settle(qtbot, window: MainWindow) -> None:
    """Wait until every edit and job the window queued has been applied and reported."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=TIMEOUT_MS)
