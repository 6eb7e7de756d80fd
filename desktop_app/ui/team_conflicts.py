"""The conflicts a sync found: the same field changed here and on the team server.

The server's value was kept and the person's is shown beside it; *Use mine*
puts theirs back (``TeamOps.use_mine``), to be published at the next sync.
Reached from the status bar's sync state and from *File ▸ Team library…*.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resources_db.edits import FIELD_LABELS

if TYPE_CHECKING:
    from desktop_app.ui.team_sync import Snapshot
    from resources_db.team.sync import ConflictInfo

COLUMNS = ("Resource", "Field", "Yours", "Kept (the team's)", "Put back")
USE_MINE_COLUMN = 4


def shown_value(value: Any) -> str:
    """A field's value as one line of text: lists joined, nothing said as "(empty)"."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


_LABELS: dict[str, str] = {str(name): label for name, label in FIELD_LABELS.items()}


def field_label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " "))


class ConflictsDialog(QDialog):
    useMineRequested = Signal(int)  # a conflict's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamConflictsDialog")
        self.setWindowTitle("Team library — conflicts")
        self.resize(760, 360)
        intro = QLabel(
            "Each of these was changed both here and on the team server before it was "
            "sent. The team's value was kept; yours is shown beside it. Use mine puts "
            "yours back, and it is sent to the team at the next sync."
        )
        intro.setWordWrap(True)
        self.empty = QLabel("No conflicts: every change you made has reached the team.")
        self.empty.setObjectName("teamNoConflicts")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("teamConflictsTable")
        self.table.setAccessibleName("Conflicts")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            mode = QHeaderView.ResizeMode.Stretch if column in (0, 2, 3) else (
                QHeaderView.ResizeMode.ResizeToContents
            )  # fmt: skip
            header.setSectionResizeMode(column, mode)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.conflicts: list[ConflictInfo] = []

    def show_conflicts(self, snapshot: Snapshot) -> None:
        self.conflicts = list(snapshot.conflicts)
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            title = snapshot.titles.get(conflict.key, conflict.key)
            if conflict.kind != "resource":
                title = f"Reading list {conflict.key}"
            cells = (title, field_label(conflict.field), shown_value(conflict.yours),
                     shown_value(conflict.theirs))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            self.table.setCellWidget(row, USE_MINE_COLUMN, self._use_mine(conflict, title))
        self.table.resizeRowsToContents()
        self.empty.setVisible(not self.conflicts)
        self.table.setVisible(bool(self.conflicts))

    def _use_mine(self, conflict: ConflictInfo, title: str) -> QPushButton:
        button = QPushButton("Use mine")
        button.setObjectName(f"useMine{conflict.id}")
        label = field_label(conflict.field)
        button.setAccessibleName(f"Use mine for the {label} of {title}")
        if conflict.kind == "resource":
            button.clicked.connect(lambda _=False, cid=conflict.id: self._chosen(cid, button))
        else:  # a list's value is put back by editing the list itself
            button.setEnabled(False)
            button.setToolTip("Change the reading list itself to put your version back.")
        return button

    def _chosen(self, conflict_id: int, button: QPushButton) -> None:
        button.setEnabled(False)  # until the list is read again, without it
        self.useMineRequested.emit(conflict_id)

    def use_mine_button(self, row: int) -> QPushButton | None:
        widget = self.table.cellWidget(row, USE_MINE_COLUMN)
        return widget if isinstance(widget, QPushButton) else None
