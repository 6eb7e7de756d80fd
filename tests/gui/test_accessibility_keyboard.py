"""Issue 17: every main flow by keyboard alone, and Help ▸ Keyboard shortcuts.

The flow test presses keys where the focus is, as a person without a mouse
would; file dialogs are answered for it (they are the platform's own).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop_app.ui import dialogs
from desktop_app.ui.facet_panel import ValueRole
from desktop_app.ui.main_window import MainWindow
from tests.helpers import TIMEOUT_MS, settle

Key = Qt.Key
Mod = Qt.KeyboardModifier


def press(qtbot, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    """A key pressed wherever the focus is (or the open menu, or the window)."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "nothing has the focus"
    qtbot.keyClick(target, key, modifier)


def when_a_dialog_opens_press(qtbot, key: Key) -> QTimer:
    """Press ``key`` in the next modal dialog as soon as it is up (its exec() blocks)."""
    timer = QTimer()
    timer.setInterval(20)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            timer.stop()
            qtbot.keyClick(dialog.focusWidget() or dialog, key)

    timer.timeout.connect(check)
    timer.start()
    return timer


def back_from_a_dialog(qtbot, window: MainWindow) -> None:
    """The offscreen platform does not give the window back its activation when a
    dialog closes, as a desktop does; ask for it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=TIMEOUT_MS)


def type_text(qtbot, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, text)


def all_menus(window: MainWindow) -> list[QMenu]:
    found: list[QMenu] = []

    def walk(menu: QMenu) -> None:
        found.append(menu)
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu())  # type: ignore[arg-type]

    for action in window.menuBar().actions():
        if isinstance(action.menu(), QMenu):
            walk(action.menu())  # type: ignore[arg-type]
    return found


def open_shortcuts(qtbot, window: MainWindow) -> dialogs.ShortcutsDialog:
    window.activateWindow()
    window.search_panel.search_box.setFocus()
    qtbot.keyClick(window.search_panel.search_box, Key.Key_F1)
    dialog = window.findChild(dialogs.ShortcutsDialog)
    assert dialog is not None, "F1 did not open Help ▸ Keyboard shortcuts"
    qtbot.waitExposed(dialog)
    return dialog


def test_the_shortcuts_dialog_lists_every_menu_command_with_its_keys(
    qtbot, window: MainWindow
) -> None:
    dialog = open_shortcuts(qtbot, window)
    rows = dict(dialog.rows())
    listed = " ".join(keys for _, keys in dialog.rows())
    for menu in all_menus(window):
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None or not action.isVisible():
                continue
            command = action.text().replace("&", "")
            assert rows.get(command), f"{command} has no keys in the dialog"
            for shortcut in action.shortcuts():
                assert shortcut.toString(QKeySequence.SequenceFormat.NativeText) in listed
    # The keys that work inside controls are there too.
    assert rows["Move the current item up or down"] == "Ctrl+Up, Ctrl+Down"
    assert rows["Open that menu (Alt+F opens File)"]
    qtbot.keyClick(dialog.table, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(dialogs.ShortcutsDialog) is None)


def test_the_dialog_is_read_from_the_menus_so_it_cannot_go_stale(qtbot, window: MainWindow) -> None:
    menu = all_menus(window)[0]
    action = menu.addAction("&Zebra crossing")
    action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    rows = dict(dialogs.ShortcutsDialog(window.menuBar(), window).rows())
    assert rows["Zebra crossing"] == QKeySequence("Ctrl+Shift+Z").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    menu.removeAction(action)


def test_menu_commands_without_a_shortcut_have_a_unique_access_key(window: MainWindow) -> None:
    for menu in [window.menuBar(), *all_menus(window)]:
        keys = [
            QKeySequence.mnemonic(a.text()).toString()
            for a in menu.actions()
            if not a.isSeparator() and a.isVisible()
        ]
        used = [k for k in keys if k]
        assert len(used) == len(set(used)), f"{menu.title() or 'menu bar'}: {keys}"


def test_every_main_flow_by_keyboard_alone(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    panel, pane, collections = window.search_panel, window.detail_pane, window.collections_panel
    window.activateWindow()
    qtbot.waitUntil(panel.search_box.hasFocus, timeout=TIMEOUT_MS)

    # Search: type, the results follow.
    type_text(qtbot, "lockdown")
    qtbot.waitUntil(lambda: panel.shows("lockdown"), timeout=TIMEOUT_MS)

    # Filter: Ctrl+1, arrows to "report", Space.
    press(qtbot, Key.Key_1, Mod.ControlModifier)
    assert QApplication.focusWidget() is window.facet_panel
    for _ in range(60):
        if window.facet_panel.currentIndex().data(ValueRole) == "report":
            break
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(
        lambda: panel.idle and panel.filters == {"kind": ["report"]}, timeout=TIMEOUT_MS
    )
    assert window.facet_panel.currentIndex().data(ValueRole) == "report"

    # Open: Ctrl+K to the box, Down to the results, Enter to read.
    press(qtbot, Key.Key_K, Mod.ControlModifier)
    press(qtbot, Key.Key_Down)
    assert QApplication.focusWidget() is panel.results_view
    uid = panel.model.hit(panel.results_view.currentIndex().row()).uid  # type: ignore[union-attr]
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: pane.uid == uid and pane.browser.hasFocus(), timeout=TIMEOUT_MS)

    # Bookmark with a note: Ctrl+D, Alt+N to the note, type, Tab away.
    press(qtbot, Key.Key_D, Mod.ControlModifier)
    qtbot.waitUntil(pane.note_edit.isVisible, timeout=TIMEOUT_MS)
    press(qtbot, Key.Key_N, Mod.AltModifier)
    assert QApplication.focusWidget() is pane.note_edit
    type_text(qtbot, "For week one")
    press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is not pane.note_edit
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.ops.bookmark(uid) is not None, timeout=TIMEOUT_MS)
    assert window.ops.bookmark(uid).note == "For week one"  # type: ignore[union-attr]

    # Add to a collection: Ctrl+Shift+C, Enter takes the offered collection.
    name = collections.current_name
    assert name is not None
    answer = when_a_dialog_opens_press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_C, Mod.ControlModifier | Mod.ShiftModifier)
    assert not answer.isActive()
    back_from_a_dialog(qtbot, window)
    settle(qtbot, window)
    items = [i.uid for i in window.ops.collection(name).items]  # type: ignore[union-attr]
    assert items[-1] == uid

    # Reorder: Ctrl+3, Alt+I to the items, up to the top with Ctrl+Up.
    press(qtbot, Key.Key_3, Mod.ControlModifier)
    press(qtbot, Key.Key_I, Mod.AltModifier)
    assert QApplication.focusWidget() is collections.items_view
    qtbot.waitUntil(lambda: collections.items_model.rowCount() == len(items), timeout=TIMEOUT_MS)
    press(qtbot, Key.Key_End)  # the new item, last
    for _ in range(len(items) - 1):
        press(qtbot, Key.Key_Up, Mod.ControlModifier)
    settle(qtbot, window)
    assert window.ops.collection(name).items[0].uid == uid  # type: ignore[union-attr]

    # Export the collection: Alt+F, E (Export), C (the selected collection).
    pack = tmp_path / "reading-list.imhpack"
    monkeypatch.setattr(
        "desktop_app.ui.transfer.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(pack), "IMH Library pack (*.imhpack)"),
    )
    press(qtbot, Key.Key_F, Mod.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=TIMEOUT_MS)
    press(qtbot, Key.Key_E)
    press(qtbot, Key.Key_C)
    qtbot.waitUntil(lambda: pack.exists() and not window.transfers.busy, timeout=TIMEOUT_MS)

    # Import it again: Ctrl+O; the summary closes with Escape.
    monkeypatch.setattr(
        "desktop_app.ui.transfer.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(pack)], ""),
    )
    back_from_a_dialog(qtbot, window)
    press(qtbot, Key.Key_O, Mod.ControlModifier)
    qtbot.waitUntil(
        lambda: window.findChild(QWidget, "importSummary") is not None, timeout=TIMEOUT_MS
    )
    summary = window.findChild(QWidget, "importSummary")
    assert summary is not None
    summary.activateWindow()
    qtbot.keyClick(summary, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(QWidget, "importSummary") is None)
    settle(qtbot, window)
