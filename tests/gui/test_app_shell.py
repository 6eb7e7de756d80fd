"""The app around the panels: menus, dialogs, preferences, status, reindex, errors, access."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)

from desktop_app.ui import appearance
from desktop_app.ui.dialogs import PreferencesDialog, about_html
from desktop_app.ui.main_window import MainWindow
from desktop_app.version import app_version
from tests.gui.conftest import TIMEOUT_MS, OpenWindow


def menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    for menu in window.menuBar().actions():
        for action in menu.menu().actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu item {text!r}")


def test_menus_use_standard_shortcuts(window: MainWindow) -> None:
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    assert menu_action(window, "Quit").shortcuts() == quit_keys
    find = [k.toString() for k in menu_action(window, "Find").shortcuts()]
    assert "Ctrl+F" in find and "Ctrl+K" in find
    assert menu_action(window, "Undo").shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert menu_action(window, "Bookmark selected").shortcut().toString() == "Ctrl+D"


def test_about_names_version_and_data_folder(window: MainWindow, data_dir) -> None:
    text = about_html(window.ops.root, window.ops.resource_count())
    assert app_version() in text and str(data_dir) in text and "42 resources" in text


def test_preferences_change_text_size_and_persist(qtbot, make_window: OpenWindow, data_dir) -> None:
    window = make_window()
    dialog = PreferencesDialog(window.settings, window.base_font.pointSize(), window)
    qtbot.addWidget(dialog)
    dialog.size_box.setValue(15)
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("dark"))
    dialog.accept()
    window.apply_preferences()
    assert QApplication.font().pointSize() == 15
    window.close()
    again = make_window()
    assert appearance.point_size(again.settings, 9) == 15
    assert appearance.theme(again.settings) == "dark"
    assert (data_dir / "settings.ini").is_file()


def test_status_bar_shows_counts_and_index_state(window: MainWindow) -> None:
    assert window.count_label.text() == "42 results · 42 resources"
    assert window.index_label.text() == "Search index ready"


def test_reindex_runs_in_the_background_and_reports(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.reindexer.finished, timeout=TIMEOUT_MS) as done:
        menu_action(window, "Rebuild search index…").trigger()
    assert done.args[0] == "Search index rebuilt: 42 resources"
    assert window.index_label.text() == done.args[0]
    assert not window.reindexer.running


def test_cancelled_reindex_keeps_the_old_index(qtbot, window: MainWindow) -> None:
    window.reindexer._cancel.set()
    original = window.reindexer._cancel.clear
    window.reindexer._cancel.clear = lambda: None  # the cancel arrives before the first batch
    try:
        with qtbot.waitSignal(window.reindexer.finished, timeout=TIMEOUT_MS) as done:
            window.reindexer.start()
    finally:
        window.reindexer._cancel.clear = original
    assert "cancelled" in done.args[0]
    assert window.ops.search("podcast").total > 0


def test_errors_show_a_dialog_with_one_sentence(qtbot, window: MainWindow) -> None:
    window.report_error("The search could not run: the disk is full.")
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.isVisible()
    assert box.text() == "The search could not run: the disk is full."
    assert "Traceback" not in box.text()
    box.close()


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    nameless = []
    kinds = (QLineEdit, QAbstractItemView, QComboBox, QPlainTextEdit, QTextBrowser)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QAbstractButton):
            named = widget.accessibleName() or widget.text().strip()
        elif isinstance(widget, kinds):
            named = widget.accessibleName()
        else:
            continue
        if not named:
            nameless.append(f"{type(widget).__name__} {widget.objectName()}")
    assert nameless == []


def test_contract_object_names(window: MainWindow) -> None:
    for name in (
        "searchBox",
        "resultsView",
        "facetPanel",
        "detailPane",
        "bookmarkButton",
        "collectionsView",
    ):
        assert window.findChild(QWidget, name) is not None, name


def test_tab_order_runs_from_search_to_sort_to_results(qtbot, window: MainWindow) -> None:
    panel = window.search_panel
    panel.search_box.setFocus()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.sort_box
    qtbot.keyClick(panel.sort_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.results_view


def test_self_test_command_opens_searches_and_exits_zero(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "self-test", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Self-test passed")
    assert done.stderr == ""


def test_a_damaged_library_offers_its_newest_backup(qtbot, tmp_path, monkeypatch) -> None:
    from desktop_app.app import offer_restore
    from resources_db import backups
    from resources_db.library import open_library

    root = tmp_path / "lib"
    library = open_library(root)
    backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    library.close()
    library.paths.database.write_bytes(b"garbage" * 100)
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    assert offer_restore(
        root, "The library database is damaged: the file is not an SQLite database."
    )
    assert "Restore the backup from" in asked[0]
    reopened = open_library(root)
    reopened.close()
    assert list(root.glob("library.sqlite3.before-restore-*"))


def test_restore_menu_puts_the_chosen_backup_back_and_restarts(
    qtbot, make_window, data_dir, monkeypatch
) -> None:
    from resources_db import backups

    window = make_window()
    window.ops.set_bookmark("imhaw-2020/week", "Before the backup.")
    backups.backup_database(
        window.ops.library.db.engine, window.ops.library.paths.backups_dir, "manual"
    )
    window.ops.set_bookmark("imhaw-2020/week", "After the backup.")
    started, quit_called = [], []
    monkeypatch.setattr(
        "desktop_app.ui.main_window.QProcess.startDetached", lambda *a: started.append(a) or True
    )
    monkeypatch.setattr(
        "desktop_app.ui.main_window.QApplication.quit", lambda: quit_called.append(1)
    )
    monkeypatch.setattr(
        "desktop_app.ui.main_window.QInputDialog.getItem", lambda *a, **k: (a[3][0], True)
    )
    menu_action(window, "Restore a backup…").trigger()
    assert quit_called and "--data-dir" in started[0][1]
    from resources_db.library import open_library

    reopened = open_library(data_dir)
    try:
        with reopened.db.session() as session:
            from resources_db import user_data

            assert user_data.bookmark(session, "imhaw-2020/week").note == "Before the backup."
    finally:
        reopened.close()
    assert list(data_dir.glob("library.sqlite3.before-restore-*"))  # the replaced file is kept


def test_a_damaged_index_rebuilds_in_the_background_while_search_answers(
    qtbot, make_window, data_dir
) -> None:
    first = make_window()
    first.close()
    first.ops.close()
    index_dir = data_dir / "index"
    for path in index_dir.iterdir():
        path.write_bytes(b"damaged")
    window = open_window_without_waiting(data_dir)
    qtbot.addWidget(window)
    messages = []
    window._index_progress.counted.connect(lambda n: messages.append(window.index_label.text()))
    qtbot.waitUntil(lambda: window.index_label.text() == "Search index ready", timeout=15000)
    assert any(m.startswith("Rebuilding the search index:") for m in messages)
    assert window.ops.search("pandemic").hits[0].uid == "imhaw-2020/day-3-wednesday"
    window.close()
    window.ops.close()


def open_window_without_waiting(data_dir):  # type: ignore[no-untyped-def]
    from desktop_app.app import open_window

    return open_window(data_dir)
