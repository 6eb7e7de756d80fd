"""The *Bin* side tab: deleted resources, *Restore*, and *Empty bin* (asked first).

The list is read on a worker and shown a page at a time as it scrolls, so a
bin of thousands opens at once. Restoring goes on the undo stack; emptying
cannot be undone, so the question says exactly what will go.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Changes
from desktop_app.ui.curation_commands import RestoreResources
from desktop_app.ui.dates import long_date, short_date
from desktop_app.ui.operation_runner import OperationRunner
from resources_db.resource_bin import BinCounts, BinnedResource

Index = QModelIndex | QPersistentModelIndex
UidRole = Qt.ItemDataRole.UserRole + 1
PAGE = 200


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def emptying_question(counts: BinCounts) -> str:
    """What emptying the bin deletes for good, in one question."""
    layer = [
        _plural(counts.bookmarks, "bookmark"),
        _plural(counts.notes, "note"),
        _plural(counts.tags, "tag"),
        _plural(counts.collection_items, "place") + " in collections",
    ]
    return (
        f"Delete the {_plural(counts.resources, 'resource')} in the bin for good? "
        f"With them go {', '.join(layer[:-1])} and {layer[-1]}. This cannot be undone."
    )


class BinModel(QAbstractListModel):
    """Binned resources, most recently deleted first; rows are exposed a page at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[BinnedResource] = []
        self._shown = 0

    def set_entries(self, entries: list[BinnedResource]) -> None:
        self.beginResetModel()
        self._all = list(entries)
        self._shown = min(PAGE, len(self._all))
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    def entry(self, row: int) -> BinnedResource | None:
        return self._all[row] if 0 <= row < self._shown else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = min(PAGE, len(self._all) - self._shown)
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            when = f"{short_date(entry.deleted_at)} {entry.deleted_at:%H:%M}"
            return f"{entry.title}\n    {entry.kind}, deleted {when}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            when = f"{long_date(entry.deleted_at)} at {entry.deleted_at:%H:%M}"
            return f"{entry.title}. {entry.kind}, deleted {when}"
        if role == UidRole:
            return entry.uid
        return None


class BinTab(QWidget):
    """``activated`` opens a binned resource in the detail pane (it says it is in the bin)."""

    activated = Signal(str)
    message = Signal(str)

    def __init__(
        self, runner: OperationRunner, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("binTab")
        self.runner, self.undo_stack = runner, undo_stack
        self.loaded = False
        self._generation = 0
        self.model = BinModel(self)
        self.view = QListView()
        self.view.setObjectName("binView")
        self.view.setAccessibleName("Deleted resources")
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.activated.connect(lambda index: self.activated.emit(index.data(UidRole)))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.summary = QLabel()
        self.summary.setObjectName("binSummary")
        self.summary.setWordWrap(True)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setAccessibleName("Restore the selected resources")
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton("Empty bin…")
        self.empty_button.setObjectName("emptyBinButton")
        self.empty_button.setAccessibleName("Empty bin")
        self.empty_button.clicked.connect(self.ask_empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.empty_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._enable()
        runner.changed.connect(self._on_changed)

    # --- reading ----------------------------------------------------------------------

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def shown(entries: list[BinnedResource]) -> None:
            if generation == self._generation:
                self.model.set_entries(entries)
                self.loaded = True
                self._enable()

        self.runner.read(lambda ops: ops.binned(), shown, lambda _e: None, owner=self)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Read on first showing, not at start: most sessions never open the bin.
        if not self.loaded:
            self.refresh()
        super().showEvent(event)

    def _on_changed(self, changes: Changes) -> None:
        if changes.bin and (self.loaded or self.isVisible()):
            self.refresh()

    def _enable(self) -> None:
        total = self.model.total
        self.summary.setText(
            "The bin is empty. Deleted resources wait here until you restore them or empty it."
            if not total
            else f"{_plural(total, 'resource')} in the bin. Select and Restore to bring "
            "them back with their bookmarks, notes, tags and places in collections."
        )
        self.restore_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
        self.empty_button.setEnabled(total > 0)

    def selected_uids(self) -> list[str]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [entry.uid for row in rows if (entry := self.model.entry(row))]

    # --- restoring and emptying -------------------------------------------------------

    def restore_selected(self) -> None:
        uids = self.selected_uids()
        if uids:
            self.undo_stack.push(RestoreResources(self.runner, uids))
            self.message.emit(
                f"Restored {_plural(len(uids), 'resource')}. Press Ctrl+Z to put "
                f"{'it' if len(uids) == 1 else 'them'} back in the bin."
            )

    def ask_empty(self) -> None:
        self.runner.read(lambda ops: ops.bin_counts(), self._confirm_empty, lambda _e: None)

    def _confirm_empty(self, counts: BinCounts) -> None:
        if counts.resources and self.confirm(emptying_question(counts)):
            self.empty()

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Empty the bin",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def empty(self, done: Callable[[BinCounts], None] | None = None) -> None:
        def finished(deleted: BinCounts) -> None:
            self.message.emit(f"Emptied the bin: {_plural(deleted.resources, 'resource')} deleted.")
            if done is not None:
                done(deleted)

        self.runner.edit(lambda ops: ops.empty_bin(), finished, what="The bin could not be emptied")
