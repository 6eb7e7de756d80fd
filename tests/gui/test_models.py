"""Every model passes Qt's own model checks; the results list fetches lazily."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from desktop_app.ui.list_models import CollectionItemsModel, Row, RowsModel
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.results_model import PAGE_SIZE
from resources_db.library import open_library
from tests.gui.conftest import OpenWindow, search
from tests.resources_db.packs_fixtures import resource, write_pack

MANY = 180


def add_many_resources(data_dir: Path, tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "many",
        [
            resource(f"many/{n}", title=f"Sleep and settling note {n}", summary="sleep settling")
            for n in range(MANY)
        ],
    )
    library = open_library(data_dir)
    try:
        library.import_pack(pack)
    finally:
        library.close()


def test_results_model_fetches_pages_as_the_view_scrolls(
    qtbot, qtmodeltester, make_window: OpenWindow, data_dir: Path, tmp_path: Path
) -> None:
    add_many_resources(data_dir, tmp_path)
    window = make_window()
    search(qtbot, window, "sleep settling")
    model, view = window.search_panel.model, window.search_panel.results_view
    assert model.total == MANY
    assert model.rowCount() == PAGE_SIZE  # only the first page is held
    qtmodeltester.check(model)
    for _ in range(10):
        view.scrollToBottom()
        qtbot.waitUntil(lambda: not model._fetching)
        if model.rowCount() == MANY:
            break
    assert model.rowCount() == MANY
    uids = [model.hit(row).uid for row in range(MANY)]
    assert len(set(uids)) == MANY


def test_results_model_passes_model_checks(qtbot, qtmodeltester, window: MainWindow) -> None:
    search(qtbot, window, "infant")
    qtmodeltester.check(window.search_panel.model)


def test_side_models_pass_model_checks(qtbot, qtmodeltester, window: MainWindow) -> None:
    window.collections_panel.create_collection(
        "Checks", ["imhaw-2020/infographic", "imhaw-2020/week"]
    )
    window.ops.set_bookmark("imhaw-2020/week")
    window.refresh_user_lists()
    for model in (
        window.bookmarks_tab.model,
        window.recent_tab.model,
        window.saved_tab.model,
        window.collections_panel.names_model,
        window.collections_panel.items_model,
        window.facet_panel.model(),
    ):
        qtmodeltester.check(model)


def test_collection_items_model_moves_rows_like_qt_expects(qtbot, qtmodeltester) -> None:
    model = CollectionItemsModel()
    model.set_rows([Row("a", "A"), Row("b", "B"), Row("c", "C")])
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.orderChanged) as moved:
        assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 2)
    assert moved.args[0] == ["b", "a", "c"]
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 1)  # no-op move refused
    assert model.data(model.index(0, 0)) == "1. B"
    assert model.setData(model.index(0, 0), "Read first")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.EditRole) == "Read first"


def test_rows_model_reports_accessible_text(qtmodeltester) -> None:
    model = RowsModel()
    model.set_rows([Row("k", "Title", "note")])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole) == "Title. note"
