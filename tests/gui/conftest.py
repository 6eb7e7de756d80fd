"""Real windows on real library folders, driven with pytest-qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop_app.app import open_window
from desktop_app.ui import appearance
from desktop_app.ui.main_window import MainWindow
from tests.helpers import TIMEOUT_MS, open_row, search, settle, titles

OpenWindow = Callable[[], MainWindow]
# Re-exported for the tests that import them from here.
__all__ = ["TIMEOUT_MS", "OpenWindow", "open_row", "search", "settle", "titles"]


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


@pytest.fixture
def look(qapp, tmp_path: Path) -> Iterator[QSettings]:
    """Settings to try a theme and size with; the platform's look is put back after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base_font = QFont(app.font())
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield settings
    appearance.store(settings, theme_key="system", size=base_font.pointSize())
    appearance.apply(app, settings, base_font)
