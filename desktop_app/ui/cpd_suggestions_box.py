"""*Suggested*: the CPD entries the app proposes, above the log, to confirm or dismiss.

Hidden while there is nothing to suggest. Confirm opens the entry dialog
filled in from what the app saw (the person can change anything before it is
logged); Dismiss says not to offer it again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.tables import row_table
from resources_db.practice_suggestions import SuggestionInfo

COLUMNS = ("Date", "Method", "Time", "Resource", "Why")
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1


def row_text(found: SuggestionInfo) -> str:
    """The whole row as one sentence, for screen readers."""
    return (
        f"{found.title}: {found.method}, {found.minutes} minutes on "
        f"{found.day.day} {found.day:%B %Y}. {found.why}"
    )


class SuggestionsBox(QGroupBox):
    confirmRequested = Signal(object)  # SuggestionInfo
    dismissRequested = Signal(int)  # its id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Suggested", parent)
        self.setObjectName("cpdSuggestions")
        self.explain = QLabel(
            "From what you listened to and read here. Nothing is logged until you confirm it."
        )
        self.explain.setWordWrap(True)
        self.table = row_table("cpdSuggestionsTable", COLUMNS)
        self.table.setAccessibleName("Suggested CPD entries")
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _index: self.confirm())
        self.table.itemSelectionChanged.connect(self._enable)
        self.confirm_button = QPushButton("C&onfirm…")
        self.confirm_button.setObjectName("confirmSuggestionButton")
        self.confirm_button.setAccessibleDescription(
            "Check the suggested entry, then log it in your CPD log"
        )
        self.confirm_button.clicked.connect(lambda _=False: self.confirm())
        self.dismiss_button = QPushButton("Dis&miss")
        self.dismiss_button.setObjectName("dismissSuggestionButton")
        self.dismiss_button.setAccessibleDescription("Do not suggest this entry again")
        self.dismiss_button.clicked.connect(lambda _=False: self.dismiss())
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.can_log = True
        self.show_suggestions([])

    def show_suggestions(self, found: list[SuggestionInfo]) -> None:
        chosen = self.current()
        self.table.setRowCount(len(found))
        for row, s in enumerate(found):
            cells = (
                s.day.strftime("%d %b %Y"),
                s.method.capitalize(),
                f"{s.minutes} min",
                s.title,
                s.why,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SUGGESTION_ROLE, s)
                item.setToolTip(row_text(s))
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole, row_text(s) if column == 0 else text
                )
                self.table.setItem(row, column, item)
            if chosen is not None and s.id == chosen.id:
                self.table.selectRow(row)
        if found and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        # Tall enough for every row up to four, then it scrolls.
        rows = min(len(found), 4)
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(rows))
        self.table.setFixedHeight(height)
        self.setTitle(f"Suggested ({len(found)})" if found else "Suggested")
        self.setVisible(bool(found))
        self._enable()

    def current(self) -> SuggestionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        value = item.data(SUGGESTION_ROLE) if item is not None else None
        return value if isinstance(value, SuggestionInfo) else None

    def set_can_log(self, on: bool) -> None:
        """Confirming writes to the record: not while it is locked and shut."""
        self.can_log = on
        self._enable()

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.confirm_button.setEnabled(chosen and self.can_log)
        self.dismiss_button.setEnabled(chosen)

    def confirm(self) -> None:
        found = self.current()
        if found is not None and self.can_log:
            self.confirmRequested.emit(found)

    def dismiss(self) -> None:
        found = self.current()
        if found is not None:
            self.dismissRequested.emit(found.id)
