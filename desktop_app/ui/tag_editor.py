"""The user's own tags: on the open resource (chips and a box that completes), and on a selection.

Tags are user data: adding or removing one goes through the window's undo
stack (``ChangeTags``), and every view that shows tags refreshes from the
``Changes`` it reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Changes
from desktop_app.ui.completing_edit import ListEdit, split_names
from desktop_app.ui.curation_commands import ChangeTags
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.operation_runner import OperationRunner

SEPARATOR = ","


class TagEditor(QWidget):
    """The open resource's tags as chips (click one to remove it) and a box to add more."""

    def __init__(
        self, runner: OperationRunner, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagEditor")
        self.runner, self.undo_stack = runner, undo_stack
        self.uid: str | None = None
        self.tags: list[str] = []
        self._generation = 0
        self.chips = QWidget()
        self.chips_layout = FlowLayout(self.chips, spacing=4)
        self.box = ListEdit(separator=SEPARATOR)
        self.box.setObjectName("tagBox")
        self.box.setAccessibleName("Add tags to this resource")
        self.box.setPlaceholderText("Add a tag…")
        self.box.setMaximumWidth(220)
        self.box.returnPressed.connect(self._add_typed)
        label = QLabel("&Tags:")
        label.setBuddy(self.box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.chips, 1)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        runner.changed.connect(self._on_changed)

    def show_uid(self, uid: str | None, tags: Sequence[str] | None = None) -> None:
        """Show ``uid``'s tags (``tags`` when the caller has them, else read on a worker)."""
        self.uid = uid
        self.setVisible(uid is not None)
        if uid is None:
            return
        if tags is not None:
            self._show_tags(list(tags))
        else:
            self._load()
        self._load_choices()

    def _load(self) -> None:
        uid = self.uid
        if uid is None:
            return
        self._generation += 1
        generation = self._generation

        def shown(tags: list[str]) -> None:
            if generation == self._generation:
                self._show_tags(tags)

        self.runner.read(lambda ops: ops.tags_of(uid), shown, lambda _e: None, owner=self)

    def _load_choices(self) -> None:
        self.runner.read(
            lambda ops: [t.name for t in ops.tag_counts()],
            self.box.set_choices,
            lambda _e: None,
            owner=self,
        )

    def _show_tags(self, tags: list[str]) -> None:
        self.tags = tags
        while (item := self.chips_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for name in tags:
            chip = QToolButton()
            chip.setText(f"{name}  ✕")
            chip.setObjectName("tagChip")
            chip.setAccessibleName(f"{name}: remove this tag")
            chip.setToolTip(f"Remove the tag “{name}” from this resource")
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _=False, n=name: self.remove(n))
            self.chips_layout.addWidget(chip)
        self.chips.updateGeometry()

    def _add_typed(self) -> None:
        names = split_names(self.box.text(), SEPARATOR)
        self.box.clear()
        if names:
            self.add(list(names))

    def add(self, names: list[str]) -> None:
        if self.uid is not None:
            self.undo_stack.push(ChangeTags(self.runner, [self.uid], names))

    def remove(self, name: str) -> None:
        if self.uid is not None:
            self.undo_stack.push(ChangeTags(self.runner, [self.uid], [name], remove=True))

    def _on_changed(self, changes: Changes) -> None:
        if changes.tags and (self.uid in changes.resources or not changes.resources):
            self._load()
            self._load_choices()


class TagDialog(QDialog):
    """*Tag selected…*: names to add to every chosen resource, completed from the tags in use."""

    def __init__(self, count: int, choices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle("Tag resources")
        self.box = ListEdit(choices, separator=SEPARATOR)
        self.box.setObjectName("tagDialogBox")
        self.box.setAccessibleName("Tags to add, separated by commas")
        self.box.setPlaceholderText("e.g. week one, handout")
        label = QLabel(f"Add &tags to {count} resource{'s' * (count != 1)}:")
        label.setBuddy(self.box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add tags")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.box)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def names(self) -> list[str]:
        return list(split_names(self.box.text(), SEPARATOR))


class TagSelection:
    """Opens ``TagDialog`` for the chosen resources and pushes the tagging when accepted."""

    def __init__(
        self,
        runner: OperationRunner,
        undo_stack: QUndoStack,
        chosen: Callable[[], list[str]],
        parent: QWidget,
        message: Callable[[str], None],
    ) -> None:
        self.runner, self.undo_stack, self.chosen, self.parent = runner, undo_stack, chosen, parent
        self.message = message
        self.dialog: TagDialog | None = None

    def start(self) -> None:
        uids = self.chosen()
        if not uids:
            self.message("Select the resources to tag first.")
            return
        self.runner.read(
            lambda ops: [t.name for t in ops.tag_counts()],
            lambda names: self._ask(uids, names),
            lambda _e: self._ask(uids, []),
        )

    def _ask(self, uids: list[str], names: list[str]) -> None:
        dialog = TagDialog(len(uids), names, self.parent)
        dialog.accepted.connect(lambda: self._apply(uids, dialog.names()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _apply(self, uids: list[str], names: list[str]) -> None:
        if names:
            self.undo_stack.push(ChangeTags(self.runner, uids, names))
            shown = ", ".join(names)
            self.message(f"Tagged {len(uids)} resource{'s' * (len(uids) != 1)}: {shown}.")
