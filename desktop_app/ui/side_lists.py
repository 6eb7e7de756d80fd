"""The simple side lists: bookmarks, saved searches and recently viewed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListView, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.announce import focus_item_on_entry
from desktop_app.ui.list_models import KeyRole, Row, RowsModel


class ListTab(QWidget):
    """A list of rows with an optional "remove" button; activating a row emits its key."""

    activated = Signal(str)
    removeRequested = Signal(str)

    def __init__(
        self,
        object_name: str,
        accessible_name: str,
        load: Callable[[], list[Row]],
        remove_label: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self.model = RowsModel(self)
        self.view = QListView()
        self.view.setObjectName(object_name)
        self.view.setAccessibleName(accessible_name)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.activated.connect(lambda index: self.activated.emit(index.data(KeyRole)))
        self.setFocusProxy(self.view)  # Ctrl+2, Ctrl+4 and Ctrl+5 land on the list
        focus_item_on_entry(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        if remove_label:
            remove = QPushButton(remove_label)
            remove.setAccessibleName(remove_label)
            remove.clicked.connect(self._remove_current)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(remove)
            layout.addLayout(row)

    def refresh(self) -> None:
        self.model.set_rows(self._load())

    def _remove_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.removeRequested.emit(index.data(KeyRole))
