"""The toggle between the results list and the results table, and dragging results to a collection.

The table sits in the search panel's stack beside the list and shares its
model's rows. Whatever is selected or current in the table is mirrored into
the (hidden) list's selection, so everything that acts on "the selected
results" (bookmark, add to collection, delete, tag, cite) and opening the
current result work the same in both. Column sort clicks set the search
panel's sort box, so the list and the table always show one order.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QToolButton, QWidget

from desktop_app.operations import Changes
from desktop_app.ui.list_models import KeyRole
from desktop_app.ui.operation_runner import OperationRunner
from desktop_app.ui.results_model import UidRole
from desktop_app.ui.results_table import (
    COLUMNS,
    SORT_ORDER,
    UIDS_MIME,
    ResultsTable,
    ResultsTableModel,
)
from desktop_app.ui.search_panel import SearchPanel
from resources_db.listing import ListingRow

SHOWN_KEY = "resultsTable/shown"
SEEN_KEY = "feeds/seenUpTo"
# Orders the window offers beyond the sort box's first three (ListingOps answers them).
EXTRA_SORTS = (("added", "Date added"), ("author", "Author A–Z"))


def ensure_sorts(panel: SearchPanel) -> None:
    """The sort box offers date added and author (once, whoever adds them)."""
    for key, label in EXTRA_SORTS:
        if panel.sort_box.findData(key) < 0:
            panel.sort_box.addItem(label, key)


def rows_selection(rows: list[int], model: QAbstractItemModel) -> QItemSelection:
    """``rows`` of ``model`` as a selection, one range per run of consecutive rows."""
    selection = QItemSelection()
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    for first, last in runs:
        selection.select(model.index(first, 0), model.index(last, 0))
    return selection


class TableMode(QObject):
    """Owns the table, the *Results as a table* action and the mirroring; ``message`` for the
    status bar."""

    message = Signal(str)

    def __init__(
        self, window: QWidget, panel: SearchPanel, runner: OperationRunner, settings: QSettings
    ) -> None:
        super().__init__(window)
        self.panel, self.runner, self.settings = panel, runner, settings
        self.model = ResultsTableModel(panel.model, self._fetch_extras, panel)
        self._load_seen()
        self.table = ResultsTable(self.model, settings)
        panel.stack.addWidget(self.table)
        ensure_sorts(panel)

        self.action = QAction("Results as a &table", self)
        self.action.setCheckable(True)
        self.action.setIconText("Table")  # what the button beside the sort box says
        self.action.setShortcut("Ctrl+Shift+T")
        self.action.setToolTip("Show the results as a sortable table (Ctrl+Shift+T)")
        self.action.toggled.connect(self.show_table)
        # Parented at once: a parentless widget is a window of its own, freed by
        # whichever thread drops its last Python reference.
        self.button = QToolButton(panel)
        self.button.hide()  # shown where the window places it (beside the sort box)
        self.button.setObjectName("tableToggle")
        self.button.setDefaultAction(self.action)
        self.button.setAccessibleName("Table")
        self.button.setAccessibleDescription("Show the results as a sortable table")

        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._mirror_selection())
        selection.currentRowChanged.connect(lambda current, _p: self._mirror_current(current))
        self.table.activated.connect(
            lambda index: panel.resourceActivated.emit(index.data(UidRole))
        )
        self.table.horizontalHeader().sectionClicked.connect(self.sort_by_column)
        self.table.installEventFilter(self)
        panel.search_box.installEventFilter(self)  # after the panel's: this one sees keys first
        panel.searchFinished.connect(lambda _r: self._after_search())
        panel.sort_box.currentIndexChanged.connect(lambda _i: self.show_sort())
        runner.changed.connect(self._on_changed)
        self.show_sort()
        if str(settings.value(SHOWN_KEY, "false")).lower() == "true":
            self.action.setChecked(True)

    # --- showing ----------------------------------------------------------------------

    @property
    def shown(self) -> bool:
        return self.action.isChecked()

    def results_widget(self) -> QAbstractItemView:
        return self.table if self.shown else self.panel.results_view

    def show_table(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # comes back here through toggled
            return
        self.settings.setValue(SHOWN_KEY, on)
        stack = self.panel.stack
        if on and stack.currentWidget() is self.panel.results_view:
            self._copy_list_selection()
            stack.setCurrentWidget(self.table)
        elif not on and stack.currentWidget() is self.table:
            stack.setCurrentWidget(self.panel.results_view)
        self.panel.results_view.setFocusPolicy(
            Qt.FocusPolicy.NoFocus if on else Qt.FocusPolicy.StrongFocus
        )

    def _after_search(self) -> None:
        # The panel shows its list after every search; the table takes its place.
        if self.shown and self.panel.stack.currentWidget() is self.panel.results_view:
            self.panel.stack.setCurrentWidget(self.table)
        self.show_sort()

    # --- selection: the table's is mirrored into the list's ---------------------------

    def _mirror_selection(self) -> None:
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        source = self.panel.model
        self.panel.results_view.selectionModel().select(
            rows_selection(rows, source),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )

    def _mirror_current(self, current: QModelIndex) -> None:
        if current.isValid():
            self.panel.results_view.selectionModel().setCurrentIndex(
                self.panel.model.index(current.row(), 0),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )

    def _copy_list_selection(self) -> None:
        rows = [i.row() for i in self.panel.results_view.selectionModel().selectedRows()]
        table_selection = QItemSelection()
        last = len(COLUMNS) - 1
        for row in rows:
            table_selection.select(self.model.index(row, 0), self.model.index(row, last))
        chosen = self.table.selectionModel()
        chosen.blockSignals(True)
        chosen.select(table_selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        current = self.panel.results_view.currentIndex()
        if current.isValid():
            chosen.setCurrentIndex(
                self.model.index(current.row(), 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        chosen.blockSignals(False)

    def focus_table(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else 0
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.panel.search_box
            and self.shown
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.focus_table()
            return True
        if (
            watched is self.table
            and event.type() == QEvent.Type.FocusIn
            and self.model.rowCount()
            and not self.table.currentIndex().isValid()
        ):
            self.focus_table()
        return super().eventFilter(watched, event)

    # --- sorting ----------------------------------------------------------------------

    def sort_by_column(self, section: int) -> None:
        column = COLUMNS[section]
        if column.sort is None:
            self.message.emit(
                f"The results cannot be sorted by {column.header.lower()}; click Title, "
                "Authors, Year or Date added."
            )
        else:
            self.panel.sort_box.setCurrentIndex(self.panel.sort_box.findData(column.sort))
        self.show_sort()

    def show_sort(self) -> None:
        """The header's arrow on the column the results are sorted by (none for relevance)."""
        key = self.panel.sort_box.currentData()
        section = next((n for n, c in enumerate(COLUMNS) if c.sort == key), -1)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(section, SORT_ORDER.get(key, Qt.SortOrder.AscendingOrder))
        header.blockSignals(False)

    # --- the extra columns and "new" --------------------------------------------------

    def _fetch_extras(
        self, uids: list[str], deliver: Callable[[dict[str, ListingRow]], None]
    ) -> None:
        self.runner.read(lambda ops: ops.listing(uids), deliver, lambda _e: None, owner=self)

    def _load_seen(self) -> None:
        stored = str(self.settings.value(SEEN_KEY, "") or "")
        if stored.isdigit():
            self.model.seen_up_to = int(stored)
        else:
            # First start: what the library holds already is not news.
            self.mark_feeds_seen()

    def mark_feeds_seen(self, done: Callable[[], None] | None = None) -> None:
        """Everything in the library now is seen; only what comes later is marked new."""

        def seen(number: int) -> None:
            self.settings.setValue(SEEN_KEY, str(number))
            self.model.seen_up_to = number
            self.model.refresh_all()
            if done is not None:
                done()

        self.runner.read(lambda ops: ops.newest_number(), seen, lambda _e: None, owner=self)

    def _on_changed(self, changes: Changes) -> None:
        if changes.catalogue or (changes.tags and not changes.resources):
            self.model.forget()
        elif changes.resources:
            self.model.forget(sorted(changes.resources))


class CollectionDrops(QObject):
    """Results dragged from the list or the table onto a collection are added to it."""

    def __init__(
        self,
        view: QListView,
        panel: SearchPanel,
        add: Callable[[str, list[str]], None],
        table: QAbstractItemView,
    ) -> None:
        super().__init__(view)
        self.view, self.panel, self.add, self.table = view, panel, add, table
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.viewport().installEventFilter(self)

    def uids(self, event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if mime.hasFormat(UIDS_MIME):
            return [u for u in bytes(mime.data(UIDS_MIME).data()).decode().split("\n") if u]
        if event.source() in (self.panel.results_view, self.table):
            return self.panel.selected_uids()
        return []

    def target(self, event: QDropEvent | QDragMoveEvent) -> str | None:
        index = self.view.indexAt(event.position().toPoint())
        return str(index.data(KeyRole)) if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            wanted = bool(self.uids(event))
            if wanted and (isinstance(event, QDragEnterEvent) or self.target(event)):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent):
            uids, name = self.uids(event), self.target(event)
            if uids and name:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                self.add(name, uids)
            else:
                event.ignore()
            return True
        return super().eventFilter(watched, event)
