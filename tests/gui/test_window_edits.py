"""Window edits go through the operations layer in order; views refresh only what changed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.operations import Changes
from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import TIMEOUT_MS, open_row, search, settle
from tests.helpers import attach_file

WEEK = "imhaw-2020/week"
INFOGRAPHIC = "imhaw-2020/infographic"


def open_resource(qtbot, window: MainWindow, uid: str) -> None:
    window.show_resource(uid)
    qtbot.waitUntil(lambda: window.detail_pane.uid == uid, timeout=TIMEOUT_MS)


def test_a_note_typed_just_before_ctrl_d_is_kept(qtbot, window: MainWindow) -> None:
    open_resource(qtbot, window, WEEK)
    pane = window.detail_pane
    qtbot.mouseClick(pane.bookmark_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pane.note_edit, "Use in week one.")
    assert pane._note_timer.isActive()  # still inside the auto-save pause
    window.bookmark_selected()  # Ctrl+D on the open resource
    settle(qtbot, window)
    mark = window.ops.bookmark(WEEK)
    assert mark is not None and mark.note == "Use in week one."
    assert pane.note_edit.toPlainText() == "Use in week one."


def test_a_note_typed_before_switching_resource_is_kept(qtbot, window: MainWindow) -> None:
    open_resource(qtbot, window, WEEK)
    pane = window.detail_pane
    qtbot.mouseClick(pane.bookmark_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pane.note_edit, "Half a thought")
    open_resource(qtbot, window, INFOGRAPHIC)
    settle(qtbot, window)
    assert window.ops.bookmark(WEEK).note == "Half a thought"  # type: ignore[union-attr]


def test_saving_a_note_refreshes_the_bookmarks_only(qtbot, window: MainWindow) -> None:
    open_resource(qtbot, window, WEEK)
    settle(qtbot, window)
    pane = window.detail_pane
    qtbot.mouseClick(pane.bookmark_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    views_before = window.ops.recently_viewed()
    reloads: list[object] = []
    window.runner.changed.connect(reloads.append)
    qtbot.keyClicks(pane.note_edit, "Quiet save.")
    pane.save_note()
    settle(qtbot, window)
    assert reloads == [Changes(bookmarks=True)]
    assert window.ops.recently_viewed() == views_before  # no extra view recorded
    assert window.bookmarks_tab.model.rows[0].detail == "Quiet save."
    assert pane.note_edit.hasFocus() or pane.note_edit.toPlainText() == "Quiet save."


def test_back_returns_to_the_previous_resource(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "pandemic")
    first = open_row(qtbot, window, 0)
    second = open_row(qtbot, window, 1)
    assert first != second
    pane = window.detail_pane
    assert pane.back_button.isEnabled()
    pane.back_button.click()  # the button carries Alt+Left
    qtbot.waitUntil(lambda: pane.uid == first, timeout=TIMEOUT_MS)
    assert pane.back_button.shortcut().toString() == "Alt+Left"


def test_an_edit_refused_reports_one_sentence(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.runner.failed) as failed:
        window.runner.edit(lambda ops: ops.add_to_collection("No such list", [WEEK]))
    sentence = failed.args[0]
    assert sentence.endswith(".") and "\n" not in sentence and "No such list" in sentence


def test_an_import_refreshing_the_open_episode_keeps_its_place(
    qtbot, window: MainWindow, tmp_path, monkeypatch
) -> None:
    from tests.gui.test_media import PODCAST, make_wav

    audio = make_wav(tmp_path / "episode.wav")
    attach_file(window.ops, PODCAST, audio, "audio/wav", "Episode audio")
    open_resource(qtbot, window, PODCAST)
    loads: list[str] = []
    monkeypatch.setattr(window.detail_pane.player, "load", lambda uid, _path: loads.append(uid))
    shown: list[object] = []
    original = window.detail_pane.show_view
    monkeypatch.setattr(window.detail_pane, "show_view", lambda v: (shown.append(v), original(v)))
    # What an import that updated the catalogue reports: the open episode reloads.
    window.apply_changes(Changes(catalogue=True))
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT_MS)
    assert window.detail_pane.uid == PODCAST
    assert loads == []  # the player was left playing where it was
