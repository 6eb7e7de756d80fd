"""Collections, saved searches and restart persistence, through the real panels."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt

from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import OpenWindow, search, settle

STARTER_LIST = "IMHAW 2020 at a glance"
UIDS = [
    "imhaw-2020/day-1-monday",
    "imhaw-2020/infographic",
    "imhaw-2020/briefing-for-commissioners",
]


def collection_uids(window: MainWindow, name: str) -> list[str]:
    return [item.uid for item in window.ops.collection(name).items]


def build_collection(qtbot, window: MainWindow, name: str = "Week 1") -> None:
    panel = window.collections_panel
    panel.create_collection(name, UIDS)
    settle(qtbot, window)
    assert panel.current_name == name
    assert panel.items_model.rowCount() == 3


def test_create_rename_and_list_collections(qtbot, window: MainWindow) -> None:
    build_collection(qtbot, window)
    panel = window.collections_panel
    names = [row.key for row in panel.names_model.rows]
    assert names == sorted([STARTER_LIST, "Week 1"], key=names.index)
    assert set(names) == {STARTER_LIST, "Week 1"}
    panel.rename("Week 1", "Week one")
    settle(qtbot, window)
    assert panel.current_name == "Week one"
    assert collection_uids(window, "Week one") == UIDS
    with qtbot.waitSignal(window.runner.failed):
        panel.create_collection("Week one")  # a duplicate name is refused, nothing changes
    assert [c.name for c in window.ops.collections()].count("Week one") == 1


def test_duplicate_names_report_one_sentence(qtbot, window: MainWindow) -> None:
    build_collection(qtbot, window)
    with qtbot.waitSignal(window.runner.failed) as error:
        window.collections_panel.create_collection("Week 1")
    assert error.args[0].endswith(".") and "\n" not in error.args[0]


def test_delete_can_be_undone_whole(qtbot, window: MainWindow) -> None:
    build_collection(qtbot, window)
    panel = window.collections_panel
    panel.items_model.setData(panel.items_model.index(1, 0), "Print it.")
    panel.delete_current()
    settle(qtbot, window)
    assert "Week 1" not in [c.name for c in window.ops.collections()]
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    settle(qtbot, window)
    restored = window.ops.collection("Week 1")
    assert [i.uid for i in restored.items] == UIDS
    assert restored.items[1].note == "Print it."


def test_drag_and_drop_reorders_and_saves(qtbot, window: MainWindow) -> None:
    build_collection(qtbot, window)
    panel = window.collections_panel
    model, view = panel.items_model, panel.items_view
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(view.isVisible)
    mime = model.mimeData([model.index(0, 0)])
    # Dropping row 0 below the last row is what a drag to the end of the list does.
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    settle(qtbot, window)
    assert collection_uids(window, "Week 1") == [UIDS[1], UIDS[2], UIDS[0]]
    view.setCurrentIndex(model.index(2, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert collection_uids(window, "Week 1") == [UIDS[1], UIDS[0], UIDS[2]]
    rect: QRect = view.visualRect(model.index(1, 0))
    assert rect.isValid() and view.indexAt(rect.center() + QPoint(0, 0)).row() == 1


def test_item_notes_and_objectives_are_saved(qtbot, window: MainWindow) -> None:
    build_collection(qtbot, window)
    panel = window.collections_panel
    panel.items_model.setData(panel.items_model.index(0, 0), "Start here.")
    qtbot.keyClicks(panel.objectives, "Know why the first 1001 days matter.")
    qtbot.waitUntil(
        lambda: window.ops.collection("Week 1").objectives == "Know why the first 1001 days matter."
    )
    assert window.ops.collection("Week 1").items[0].note == "Start here."


def test_saved_searches_run_again(qtbot, window: MainWindow, monkeypatch) -> None:
    search(qtbot, window, "CAMHS")
    window.facet_panel.toggle("kind", "blog post")
    qtbot.waitUntil(lambda: window.search_panel.idle and window.search_panel.model.total == 1)
    monkeypatch.setattr(
        "desktop_app.ui.main_window.QInputDialog.getText", lambda *a, **k: ("CAMHS blogs", True)
    )
    window.save_search()
    settle(qtbot, window)
    assert window.saved_tab.model.rows[0].title == "CAMHS blogs"
    search(qtbot, window, "podcast")
    window.saved_tab.activated.emit(window.saved_tab.model.rows[0].key)
    qtbot.waitUntil(lambda: window.search_panel.idle and window.search_panel.model.total == 1)
    assert window.search_panel.model.hit(0).title == "Where is the I in CAMHS?"


def test_everything_survives_a_restart(qtbot, make_window: OpenWindow) -> None:
    first = make_window()
    build_collection(qtbot, first)
    first.collections_panel.items_model.setData(
        first.collections_panel.items_model.index(2, 0), "Last."
    )
    first.collections_panel.objectives.setPlainText("Objectives typed just before closing.")
    first.ops.set_bookmark("imhaw-2020/infographic", "Print for the waiting room.")
    first.resize(720, 540)  # the offscreen screen is 800x600
    first.side_tabs.setCurrentWidget(first.collections_panel)
    first.close()  # saves the unsaved objectives and the window's state

    second = make_window()
    assert (second.width(), second.height()) == (720, 540)
    assert second.side_tabs.currentWidget() is second.collections_panel
    info = second.ops.collection("Week 1")
    assert [i.uid for i in info.items] == UIDS
    assert info.items[2].note == "Last."
    assert info.objectives == "Objectives typed just before closing."
    assert second.bookmarks_tab.model.rows[0].detail == "Print for the waiting room."


def test_removing_an_item_can_be_undone_with_its_note(qtbot, window: MainWindow) -> None:
    build_collection(qtbot, window)
    panel = window.collections_panel
    panel.items_model.setData(panel.items_model.index(1, 0), "Print it.")
    panel.items_view.setCurrentIndex(panel.items_model.index(1, 0))
    panel.remove_item()
    settle(qtbot, window)
    assert collection_uids(window, "Week 1") == [UIDS[0], UIDS[2]]
    assert panel.items_model.rowCount() == 2
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    settle(qtbot, window)
    restored = window.ops.collection("Week 1")
    assert [i.uid for i in restored.items] == UIDS
    assert restored.items[1].note == "Print it."
    qtbot.waitUntil(lambda: panel.items_model.rowCount() == 3)


def test_add_to_collection_offers_the_selected_collection_first(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    build_collection(qtbot, window)  # "Week 1" is now the selected collection
    offered: list[object] = []

    def pick(_parent, _title, _label, items, current=0, _editable=True):  # type: ignore[no-untyped-def]
        offered.append(items[current])
        return items[current], True

    monkeypatch.setattr("desktop_app.ui.main_window.QInputDialog.getItem", pick)
    search(qtbot, window, "pandemic")
    window.search_panel.results_view.selectAll()
    window.collect_selected()
    settle(qtbot, window)
    assert offered == ["Week 1"]
    assert len(collection_uids(window, "Week 1")) > 3
