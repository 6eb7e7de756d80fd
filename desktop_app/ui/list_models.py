"""Small list models for the side panel: bookmarks, recent, saved searches, collections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_app.ui.announce import as_sentence

Index = QModelIndex | QPersistentModelIndex
KeyRole = Qt.ItemDataRole.UserRole + 1
ROW_MIME = "application/x-imh-collection-row"


@dataclass(frozen=True)
class Row:
    key: str  # a uid, a collection name or a saved search's query
    title: str
    detail: str = ""


class RowsModel(QAbstractListModel):
    """Read-only rows; ``set_rows`` replaces them."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title + (f"\n    {row.detail}" if row.detail else "")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return as_sentence(row.title) + (f" {row.detail}" if row.detail else "")
        if role == KeyRole:
            return row.key
        return None


class CollectionItemsModel(RowsModel):
    """A collection's items in order: drag to reorder, edit to change an item's note."""

    orderChanged = Signal(list)  # the uids in their new order
    noteChanged = Signal(str, str)  # uid, note

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops between rows land on the root
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsEditable
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if (
            role == Qt.ItemDataRole.EditRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
        ):
            return self.rows[index.row()].detail
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
        ):
            row = self.rows[index.row()]
            note = f"\n    Note: {row.detail}" if row.detail else ""
            return f"{index.row() + 1}. {row.title}{note}"
        return super().data(index, role)

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # type: ignore[no-untyped-def]
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self.rows[index.row()]
        self.rows[index.row()] = Row(row.key, row.title, str(value))
        self.dataChanged.emit(index, index)
        self.noteChanged.emit(row.key, str(value))
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(ROW_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # type: ignore[no-untyped-def]
        return bool(data.hasFormat(ROW_MIME)) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # type: ignore[no-untyped-def]
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = bytes(data.data(ROW_MIME).data()).decode()
        if not raw:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.rows))
        source = int(raw.split(",")[0])
        return self.moveRows(QModelIndex(), source, 1, QModelIndex(), target)

    def moveRows(
        self, source_parent: Index, source_row: int, count: int, dest_parent: Index, dest_child: int
    ) -> bool:
        if (
            count != 1
            or not 0 <= source_row < len(self.rows)
            or not 0 <= dest_child <= len(self.rows)
        ):
            return False
        if dest_child in (source_row, source_row + 1):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row, QModelIndex(), dest_child):
            return False
        moving = self.rows.pop(source_row)
        self.rows.insert(dest_child if dest_child < source_row else dest_child - 1, moving)
        self.endMoveRows()
        self.orderChanged.emit([r.key for r in self.rows])
        return True
