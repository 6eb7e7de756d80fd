"""Results as a table: the toggle, lazy rows, columns from the index and the database,
sorting, remembered columns, selection, keyboard and dragging to a collection."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, Qt

from desktop_app.ui.list_models import KeyRole
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.results_model import ResultsModel, SearchRequest
from desktop_app.ui.results_table import COLUMN_OF, UIDS_MIME, ResultsTableModel
from resources_db.listing import ListingRow
from search_index import Hit, SearchResults
from tests.gui.conftest import OpenWindow
from tests.gui.curation_support import TIMEOUT_MS, curated, research
from tests.helpers import settle

WEEK = "imhaw-2020/week"


def cell(window: MainWindow, row: int, key: str) -> str:
    model = curated(window).table_mode.model
    return str(model.index(row, COLUMN_OF[key]).data() or "")


def show_table(qtbot, window: MainWindow) -> None:
    mode = curated(window).table_mode
    mode.action.trigger()
    qtbot.waitUntil(
        lambda: window.search_panel.stack.currentWidget() is mode.table, timeout=TIMEOUT_MS
    )


def test_the_toggle_shows_the_same_results_as_a_table_and_is_remembered(
    qtbot, make_window: OpenWindow
) -> None:
    window = make_window()
    mode = curated(window).table_mode
    research(qtbot, window, "sally hogg")
    show_table(qtbot, window)
    panel = window.search_panel
    assert mode.model.rowCount() == panel.model.rowCount() > 0
    assert cell(window, 0, "title") == panel.model.hit(0).title  # type: ignore[union-attr]
    research(qtbot, window, "pandemic")  # a new search keeps the table up
    assert panel.stack.currentWidget() is mode.table
    window.close()
    again = make_window()
    assert curated(again).table_mode.shown
    assert again.search_panel.stack.currentWidget() is curated(again).table_mode.table


def test_columns_from_the_hit_and_from_the_database(qtbot, window: MainWindow) -> None:
    window.ops.tag([WEEK], ["induction"])
    research(qtbot, window, "campaign:IMHAW2020 type:campaign")
    show_table(qtbot, window)
    model = curated(window).table_mode.model
    row = next(r for r in range(model.rowCount()) if model.hit(r).uid == WEEK)  # type: ignore[union-attr]
    assert cell(window, row, "kind") == "campaign" and cell(window, row, "year") == "2020"
    assert "Parent-Infant Foundation" in cell(window, row, "organisations")
    qtbot.waitUntil(lambda: cell(window, row, "tags") == "induction", timeout=TIMEOUT_MS)
    assert len(cell(window, row, "added")) == len("2026-01-01")
    window.ops.tag([WEEK], ["handout"])  # a change made elsewhere shows once reported
    window.runner.edit(lambda ops: ops.tag([WEEK], ["week one"]))
    qtbot.waitUntil(
        lambda: cell(window, row, "tags") == "handout, induction, week one", timeout=TIMEOUT_MS
    )


def test_clicking_a_column_sorts_by_it_where_the_search_can(qtbot, window: MainWindow) -> None:
    mode = curated(window).table_mode
    research(qtbot, window, "")
    show_table(qtbot, window)
    header = mode.table.horizontalHeader()
    panel = window.search_panel
    mode.sort_by_column(COLUMN_OF["title"])
    qtbot.waitUntil(lambda: panel.idle and panel.last_results is not None, timeout=TIMEOUT_MS)
    settle(qtbot, window)
    titles = [cell(window, row, "title").casefold() for row in range(10)]
    assert titles == sorted(titles)
    assert header.sortIndicatorSection() == COLUMN_OF["title"]

    mode.sort_by_column(COLUMN_OF["authors"])
    qtbot.waitUntil(
        lambda: panel.sort_box.currentData() == "author" and panel.idle, timeout=TIMEOUT_MS
    )
    qtbot.waitUntil(lambda: cell(window, 0, "authors") != "", timeout=TIMEOUT_MS)
    firsts = [cell(window, row, "authors").split(";")[0] for row in range(3)]
    assert all(firsts) and firsts == sorted(firsts, key=lambda n: n.split()[-1].casefold())
    assert header.sortIndicatorSection() == COLUMN_OF["authors"]

    messages: list[str] = []
    mode.message.connect(messages.append)
    mode.sort_by_column(COLUMN_OF["kind"])
    assert panel.sort_box.currentData() == "author"  # unchanged
    assert messages == [
        "The results cannot be sorted by kind; click Title, Authors, Year or Date added."
    ]
    assert header.sortIndicatorSection() == COLUMN_OF["authors"]
    assert panel.sort_box.findData("added") >= 0  # the sort box offers them too


def test_column_set_and_widths_are_remembered_per_data_folder(
    qtbot, make_window: OpenWindow
) -> None:
    window = make_window()
    table = curated(window).table_mode.table
    table.setColumnWidth(COLUMN_OF["title"], 411)
    table.show_column(COLUMN_OF["tags"], False)
    table.save_columns()
    window.close()
    table = curated(make_window()).table_mode.table
    assert table.columnWidth(COLUMN_OF["title"]) == 411
    assert table.isColumnHidden(COLUMN_OF["tags"])
    menu = table.column_menu()
    assert [a.isChecked() for a in menu.actions()][COLUMN_OF["tags"]] is False
    assert not menu.actions()[0].isEnabled()  # the title cannot be hidden


def test_a_selection_in_the_table_is_the_windows_selection(qtbot, window: MainWindow) -> None:
    mode = curated(window).table_mode
    research(qtbot, window, "sally hogg")
    show_table(qtbot, window)
    flag = QItemSelectionModel.SelectionFlag
    selection = mode.table.selectionModel()
    for row in (0, 2):
        selection.select(mode.model.index(row, 0), flag.Select | flag.Rows)
    selection.setCurrentIndex(mode.model.index(2, 0), flag.NoUpdate)
    expected = [mode.model.hit(0).uid, mode.model.hit(2).uid]  # type: ignore[union-attr]
    assert window.search_panel.selected_uids() == expected
    qtbot.waitUntil(lambda: window.detail_pane.uid == expected[1], timeout=TIMEOUT_MS)
    window.bookmark_selected()  # Ctrl+D acts on the table's selection
    settle(qtbot, window)
    assert {b.uid for b in window.ops.bookmarks()} == set(expected)


def test_down_from_the_search_box_and_enter_open_a_row(qtbot, window: MainWindow) -> None:
    mode = curated(window).table_mode
    research(qtbot, window, "pandemic")
    show_table(qtbot, window)
    window.search_panel.search_box.setFocus()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Down)
    assert mode.table.hasFocus()
    first = mode.model.hit(0).uid  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.detail_pane.uid == first, timeout=TIMEOUT_MS)
    qtbot.keyClick(mode.table, Qt.Key.Key_Down)
    second = mode.model.hit(1).uid  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.detail_pane.uid == second, timeout=TIMEOUT_MS)


def test_rows_dragged_onto_a_collection_are_added(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    research(qtbot, window, "sally hogg")
    show_table(qtbot, window)
    mode = curation.table_mode
    mime = mode.model.mimeData([mode.model.index(0, 0), mode.model.index(1, 3)])
    uids = bytes(mime.data(UIDS_MIME).data()).decode().split("\n")
    assert len(uids) == 2
    window.ops.create_collection("Reading list")
    window.collections_panel.refresh(select="Reading list")
    window.side_tabs.setCurrentWidget(window.collections_panel)
    view = window.collections_panel.collections_view
    row = [view.model().index(r, 0).data(KeyRole) for r in range(view.model().rowCount())]
    target = view.visualRect(view.model().index(row.index("Reading list"), 0)).topLeft()
    drop_at(view.viewport(), mime, target)
    settle(qtbot, window)
    assert [item.uid for item in window.ops.collection("Reading list").items] == uids


def drop_at(target, mime: QMimeData, where) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    point = where + where.__class__(4, 4)
    QApplication.sendEvent(
        target, QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    )
    QApplication.sendEvent(
        target, QDragMoveEvent(point, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    )
    QApplication.sendEvent(
        target, QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    )


def _hits(count: int, offset: int = 0) -> list[Hit]:
    return [
        Hit(f"u/{n}", "blog post", f"Post {n}", ["Org"], ["A. Person"], 2020, "", 0.0, "")
        for n in range(offset, offset + count)
    ]


def test_the_table_model_pages_lazily_through_100000_rows(qtbot, qtmodeltester) -> None:
    total = 100_000
    asked: list[int] = []

    def fetch(request: SearchRequest, offset: int, deliver: Callable, _failed: Callable) -> None:  # type: ignore[type-arg]
        asked.append(offset)
        deliver(SearchResults("", total, None, [], _hits(25, offset), {}))

    extras_asked: list[list[str]] = []

    def extras(uids: list[str], deliver: Callable[[dict[str, ListingRow]], None]) -> None:
        extras_asked.append(uids)

    source = ResultsModel(fetch)
    model = ResultsTableModel(source, extras)
    source.reset_results(SearchRequest(""), SearchResults("", total, None, [], _hits(25), {}))
    assert model.rowCount() == 25 and model.canFetchMore()
    for _ in range(3):
        model.fetchMore()
    assert model.rowCount() == 100 and asked == [25, 50, 75]
    assert model.index(99, COLUMN_OF["title"]).data() == "Post 99"
    # Only the rows shown ask for the database's columns, in one batch.
    model.index(5, COLUMN_OF["added"]).data()
    model.index(6, COLUMN_OF["tags"]).data()
    qtbot.waitUntil(lambda: bool(extras_asked))
    assert extras_asked == [["u/5", "u/6", "u/99"]]
    qtmodeltester.check(model)
    assert model.index(0, 0).parent() == QModelIndex()
