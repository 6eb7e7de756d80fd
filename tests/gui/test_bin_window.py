"""Deleting to the bin from the window: Del on the results, the open resource, Undo in the
status bar, the Bin tab's Restore and Empty bin."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.ui.bin_tab import PAGE, BinModel, emptying_question
from desktop_app.ui.main_window import MainWindow
from resources_db.resource_bin import BinCounts, BinnedResource
from tests.gui.curation_support import TIMEOUT_MS, curated, open_resource, research
from tests.helpers import settle

WEEK = "imhaw-2020/week"


def select_rows(window: MainWindow, rows: list[int]) -> list[str]:
    panel = window.search_panel
    selection = panel.results_view.selectionModel()
    for number, row in enumerate(rows):
        flag = QItemSelectionModel.SelectionFlag
        selection.select(
            panel.model.index(row, 0),
            (flag.ClearAndSelect if number == 0 else flag.Select) | flag.Rows,
        )
    return panel.selected_uids()


def test_del_on_a_selection_bins_it_from_search_and_every_list(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    research(qtbot, window, "sally hogg")
    window.search_panel.results_view.setFocus()
    uids = select_rows(window, [0, 1])
    assert len(uids) == 2
    window.ops.set_bookmark(uids[0], "for session 2")
    window.bookmarks_tab.refresh()
    qtbot.keyClick(window.search_panel.results_view, Qt.Key.Key_Delete)
    assert curation.undo_offer.button.isVisible()
    assert window.statusBar().currentMessage() == "Moved 2 resources to the bin."
    research(qtbot, window, "sally hogg")
    shown = {
        window.search_panel.model.hit(r).uid for r in range(window.search_panel.model.rowCount())
    }  # type: ignore[union-attr]
    assert not shown & set(uids)
    assert window.bookmarks_tab.model.rows == []

    curation.undo_offer.button.click()  # the status bar's Undo
    research(qtbot, window, "sally hogg")
    shown = {
        window.search_panel.model.hit(r).uid for r in range(window.search_panel.model.rowCount())
    }  # type: ignore[union-attr]
    assert set(uids) <= shown
    assert [row.key for row in window.bookmarks_tab.model.rows] == [uids[0]]
    assert window.ops.bookmark(uids[0]).note == "for session 2"  # type: ignore[union-attr]
    assert not curation.undo_offer.button.isVisible()


def test_del_in_the_search_box_deletes_text_not_resources(qtbot, window: MainWindow) -> None:
    curated(window)
    research(qtbot, window, "sally hogg")
    select_rows(window, [0])
    box = window.search_panel.search_box
    box.setFocus()
    box.setCursorPosition(0)
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert box.text() == "ally hogg"
    assert window.ops.binned() == []


def test_deleting_the_open_resource_clears_the_pane_and_ctrl_z_brings_it_back(
    qtbot, window: MainWindow
) -> None:
    curation = curated(window)
    open_resource(qtbot, window, WEEK)
    window.search_panel.results_view.clearSelection()
    curation.actions["delete"].trigger()  # Resource ▸ Move to bin
    assert window.detail_pane.uid is None
    settle(qtbot, window)
    assert [b.uid for b in window.ops.binned()] == [WEEK]
    window.undo_stack.undo()  # Edit ▸ Undo, Ctrl+Z
    qtbot.waitUntil(lambda: window.detail_pane.uid == WEEK, timeout=TIMEOUT_MS)
    assert window.ops.binned() == []


def test_the_bin_tab_lists_restores_and_empties_after_asking(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    curation = curated(window)
    tab = curation.bin_tab
    number = window.side_tabs.indexOf(tab)
    assert window.side_tabs.tabBar().accessibleTabName(number) == "Bin"
    assert curation.actions["bin_tab"].shortcut().toString() == f"Ctrl+{number + 1}"
    window.ops.set_bookmark(WEEK, "note")
    window.ops.tag([WEEK], ["induction"])
    curation.undo_stack.push(_delete(window, [WEEK, "imhaw-2020/infographic"]))
    settle(qtbot, window)
    window.side_tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=TIMEOUT_MS)
    assert "2 resources in the bin" in tab.summary.text()

    tab.view.selectionModel().select(
        tab.model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    restored = tab.model.entry(1).uid  # type: ignore[union-attr]
    tab.restore_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT_MS)
    assert restored not in {b.uid for b in window.ops.binned()}

    questions: list[str] = []
    monkeypatch.setattr(tab, "confirm", lambda q: questions.append(q) or False)
    tab.empty_button.click()
    qtbot.waitUntil(lambda: bool(questions), timeout=TIMEOUT_MS)
    settle(qtbot, window)
    assert len(window.ops.binned()) == 1  # declined: nothing went
    left = tab.model.entry(0).uid  # type: ignore[union-attr]
    expected_layer = 1 if left == WEEK else 0
    assert f"{expected_layer} bookmark" in questions[0]

    monkeypatch.setattr(tab, "confirm", lambda q: True)
    tab.empty_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=TIMEOUT_MS)
    assert window.ops.binned() == []
    assert "The bin is empty" in tab.summary.text() and not tab.empty_button.isEnabled()


def test_opening_a_binned_resource_says_so_and_offers_restore(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    window.ops.delete_resources([WEEK])
    window.side_tabs.setCurrentWidget(curation.bin_tab)
    qtbot.waitUntil(lambda: curation.bin_tab.model.rowCount() == 1, timeout=TIMEOUT_MS)
    curation.bin_tab.view.activated.emit(curation.bin_tab.model.index(0, 0))
    qtbot.waitUntil(lambda: window.detail_pane.uid == WEEK, timeout=TIMEOUT_MS)
    qtbot.waitUntil(curation.notice.isVisible, timeout=TIMEOUT_MS)
    assert not curation.tag_editor.isVisible()  # a binned resource is not tagged
    restore = next(b for b in curation.notice.findChildren(_push()) if b.text() == "Restore")
    restore.click()
    settle(qtbot, window)
    assert window.ops.binned() == []


def test_the_question_before_emptying_says_what_goes() -> None:
    question = emptying_question(BinCounts(3, 1, 2, 4, 1))
    assert question == (
        "Delete the 3 resources in the bin for good? With them go 1 bookmark, 2 notes, "
        "4 tags and 1 place in collections. This cannot be undone."
    )


def test_the_bin_model_shows_a_large_bin_a_page_at_a_time(qtmodeltester) -> None:
    model = BinModel()
    entries = [
        BinnedResource(f"u/{n}", "blog post", f"Post {n}", datetime(2026, 1, 1))
        for n in range(PAGE * 2 + 5)
    ]
    model.set_entries(entries)
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == len(entries) and not model.canFetchMore()
    qtmodeltester.check(model)


def _delete(window: MainWindow, uids: list[str]):  # type: ignore[no-untyped-def]
    from desktop_app.ui.curation_commands import DeleteResources

    return DeleteResources(window.runner, uids)


def _push():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    return QPushButton
