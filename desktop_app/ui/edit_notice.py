"""Above a resource's details: what the user changed, what its source changed since, the bin.

- "You edited the title and summary" marks a resource carrying the user's
  own values (re-imports keep them).
- For an edited field whose source has a new value since, that value with
  *Use the source's version* (undoable) and *Keep mine* (stop pointing it out).
- A resource in the bin says so, with *Restore*.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import DetailView
from desktop_app.ui.curation_commands import RestoreResources, UseSourceValue
from desktop_app.ui.dates import long_date
from desktop_app.ui.operation_runner import OperationRunner
from desktop_app.ui.resource_form import shown_value
from resources_db.edits import FIELD_LABELS, EditableField, FieldEdit


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _quoted(text: str, limit: int = 160) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”" if text else "nothing"


class EditNotice(QFrame):
    def __init__(
        self, runner: OperationRunner, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.runner, self.undo_stack = runner, undo_stack
        self.uid: str | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self.hide()

    def show_view(self, view: DetailView | None) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
            elif (inner := item.layout()) is not None:
                _clear(inner)
        self.uid = view.detail.document.uid if view else None
        if view is None:
            self.hide()
            return
        detail = view.detail
        shown = False
        if detail.deleted_at is not None:
            self._row(
                f"This resource is in the bin (deleted {long_date(detail.deleted_at)}); "
                "it is left out of search and lists.",
                [("Restore", "Restore this resource from the bin", self._restore)],
            )
            shown = True
        if detail.edits and not detail.made_by_hand:
            names = [FIELD_LABELS[e.field] for e in detail.edits]
            self._row(f"You edited the {_listed(names)}; re-imports keep your version.", [])
            for edit in detail.edits:
                if edit.source_changed:
                    self._source_row(edit)
            shown = True
        self.setVisible(shown)

    def _source_row(self, edit: FieldEdit) -> None:
        label = FIELD_LABELS[edit.field]
        value = _quoted(shown_value(edit.field, edit.source_value))
        field = edit.field

        def use_source() -> None:
            self._use_source(field)

        def keep() -> None:
            self._keep(field)

        self._row(
            f"The source has changed the {label} since: {value}.",
            [
                (
                    "Use the source's version",
                    f"Use the source's version of the {label}",
                    use_source,
                ),
                ("Keep mine", f"Keep mine: your version of the {label}", keep),
            ],
        )

    def _row(self, text: str, buttons: list[tuple[str, str, Callable[[], None]]]) -> None:
        row = QHBoxLayout()
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        for text_, accessible, slot in buttons:
            button = QPushButton(text_)
            button.setAccessibleName(accessible)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self._layout.addLayout(row)

    def _use_source(self, field: EditableField) -> None:
        if self.uid is not None:
            self.undo_stack.push(UseSourceValue(self.runner, self.uid, field))

    def _keep(self, field: EditableField) -> None:
        uid = self.uid
        if uid is not None:
            self.runner.edit(lambda ops: ops.keep_edit(uid, field))

    def _restore(self) -> None:
        if self.uid is not None:
            self.undo_stack.push(RestoreResources(self.runner, [self.uid]))


def _clear(layout: QLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        if (widget := item.widget()) is not None:
            widget.deleteLater()
