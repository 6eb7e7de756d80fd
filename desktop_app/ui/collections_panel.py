"""Reading lists for trainees: collections, their objectives, and their ordered items.

Every edit is written at once, on the window's edit pool (``OperationRunner``).
Deleting a collection or removing an item goes on the window's undo stack, so
Edit ▸ Undo (Ctrl+Z) brings it back whole, item notes included.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Operations
from desktop_app.ui.announce import announce, focus_item_on_entry
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.keyboard_splitter import KeyboardSplitter
from desktop_app.ui.list_models import CollectionItemsModel, KeyRole, Row, RowsModel
from desktop_app.ui.operation_runner import OperationRunner
from resources_db.user_data import CollectionInfo, CollectionItemInfo


class DeleteCollection(QUndoCommand):
    """The snapshot is taken by the worker that deletes, so an undo queued
    behind it (edits run in order) always finds it."""

    def __init__(self, panel: CollectionsPanel, name: str) -> None:
        super().__init__(f"Delete collection “{name}”")
        self.panel, self.name = panel, name
        self.snapshot: CollectionInfo | None = None

    def redo(self) -> None:
        def work(ops: Operations) -> object:
            self.snapshot, changes = ops.delete_collection(self.name)
            return changes

        self.panel.runner.edit(work)

    def undo(self) -> None:
        def work(ops: Operations) -> object:
            return ops.restore_collection(self.snapshot) if self.snapshot else None

        self.panel.runner.edit(work, lambda _: self.panel.refresh(select=self.name))


class RemoveItem(QUndoCommand):
    def __init__(self, panel: CollectionsPanel, name: str, uid: str, title: str) -> None:
        super().__init__(f"Remove “{title}” from “{name}”")
        self.panel, self.name, self.uid = panel, name, uid
        self.item: CollectionItemInfo | None = None

    def redo(self) -> None:
        def work(ops: Operations) -> object:
            self.item, changes = ops.remove_from_collection(self.name, self.uid)
            return changes

        self.panel.runner.edit(work)

    def undo(self) -> None:
        def work(ops: Operations) -> object:
            return ops.put_back_in_collection(self.name, self.item) if self.item else None

        self.panel.runner.edit(work)


def _button(text: str, accessible: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
    """A button named by its label first (for voice control), then what it acts on."""
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.clicked.connect(slot)
    return button


class CollectionsPanel(QWidget):
    resourceActivated = Signal(str)
    message = Signal(str)  # a sentence for the status bar

    def __init__(
        self, runner: OperationRunner, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.undo_stack = runner, undo_stack
        self.ops = runner.ops
        self._loaded_name: str | None = None
        self.names_model = RowsModel(self)
        self.items_model = CollectionItemsModel(self)
        self.items_model.orderChanged.connect(self._save_order)
        self.items_model.noteChanged.connect(self._save_item_note)

        self.collections_view = QListView()
        self.collections_view.setObjectName("collectionsView")
        self.collections_view.setAccessibleName("Collections")
        self.collections_view.setModel(self.names_model)
        self.setFocusProxy(self.collections_view)  # Ctrl+3 lands on the list
        self.collections_view.selectionModel().currentChanged.connect(lambda *_: self._load())

        self.objectives = QPlainTextEdit()
        self.objectives.setObjectName("collectionObjectives")
        self.objectives.setAccessibleName("Learning objectives for this collection")
        self.objectives.setPlaceholderText("Learning objectives: what trainees should take away…")
        self.objectives.setMaximumHeight(90)
        # Tab moves on to the items; it never types a tab into the objectives.
        self.objectives.setTabChangesFocus(True)
        self._objectives_timer = QTimer(self, singleShot=True, interval=500)
        self._objectives_timer.timeout.connect(self._save_objectives)
        self.objectives.textChanged.connect(self._objectives_timer.start)

        self.items_view = QListView()
        self.items_view.setObjectName("collectionItemsView")
        self.items_view.setAccessibleName("Items in this collection")
        self.items_view.setAccessibleDescription(
            "Ctrl+Up and Ctrl+Down move the current item; F2 edits its note; Delete removes it"
        )
        self.items_view.setModel(self.items_model)
        self.items_view.setWordWrap(True)
        self.items_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.items_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.items_view.setDragEnabled(True)
        self.items_view.setAcceptDrops(True)
        self.items_view.setDropIndicatorShown(True)
        self.items_view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.items_view.activated.connect(lambda i: self.resourceActivated.emit(i.data(KeyRole)))
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.items_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=step: self.move_current(s))
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.items_view)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_item)
        focus_item_on_entry(self.collections_view, self.items_view)

        names_buttons = FlowLayout()
        names_buttons.addWidget(_button("New…", "New collection", self.create_interactive))
        names_buttons.addWidget(_button("Rename…", "Rename collection", self.rename_interactive))
        names_buttons.addWidget(_button("Delete", "Delete collection", self.delete_current))
        item_buttons = FlowLayout()
        item_buttons.addWidget(_button("Move up", "Move up", lambda: self.move_current(-1)))
        item_buttons.addWidget(_button("Move down", "Move down", lambda: self.move_current(1)))
        item_buttons.addWidget(_button("Edit note…", "Edit note", self._edit_current_note))
        item_buttons.addWidget(_button("Remove", "Remove from collection", self.remove_item))

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.collections_view)
        top_layout.addLayout(names_buttons)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        objectives_label = QLabel("Learning &objectives")
        objectives_label.setBuddy(self.objectives)
        bottom_layout.addWidget(objectives_label)
        bottom_layout.addWidget(self.objectives)
        items_label = QLabel("&Items (drag, or Ctrl+Up and Ctrl+Down, to reorder)")
        items_label.setWordWrap(True)
        items_label.setBuddy(self.items_view)
        bottom_layout.addWidget(items_label)
        bottom_layout.addWidget(self.items_view, 1)
        bottom_layout.addLayout(item_buttons)
        self.splitter = KeyboardSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("collectionsSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.name_dividers(["the collections", "the collection's items"])
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.refresh()

    # --- reading ----------------------------------------------------------------------

    @property
    def current_name(self) -> str | None:
        index = self.collections_view.currentIndex()
        return index.data(KeyRole) if index.isValid() else None

    def refresh(self, select: str | None = None) -> None:
        keep = select or self.current_name
        infos = self.ops.collections()
        self.names_model.set_rows(
            [Row(i.name, i.name, f"{len(i.items)} item{'s' * (len(i.items) != 1)}") for i in infos]
        )
        names = [i.name for i in infos]
        row = names.index(keep) if keep in names else (0 if names else -1)
        if row >= 0:
            self.collections_view.selectionModel().setCurrentIndex(
                self.names_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._load()

    def _load(self) -> None:
        self.flush()
        name = self.current_name
        self._loaded_name = name
        info = self.ops.collection(name) if name else None
        titles = self.ops.titles([i.uid for i in info.items]) if info else {}
        self.items_model.set_rows(
            [Row(i.uid, titles.get(i.uid, i.uid), i.note) for i in info.items] if info else []
        )
        self.objectives.blockSignals(True)
        self.objectives.setPlainText(info.objectives if info else "")
        self.objectives.blockSignals(False)
        self.objectives.setEnabled(info is not None)

    # --- editing ----------------------------------------------------------------------

    def create_collection(self, name: str, uids: list[str] | None = None) -> None:
        """Create ``name`` (and put ``uids`` in it); it is selected once made."""

        def work(ops: Operations) -> object:
            created, changes = ops.create_collection(name)
            if uids:
                changes = changes | ops.add_to_collection(created.name, uids)[1]
            return created.name, changes

        self.runner.edit(work, lambda made: self.refresh(select=made))

    def create_interactive(self, uids: list[str] | None = None) -> None:
        name, ok = QInputDialog.getText(self, "New collection", "Name of the new collection:")
        if ok and name.strip():
            self.create_collection(name, uids if isinstance(uids, list) else None)

    def rename(self, old: str, new: str) -> None:
        self.flush()

        def work(ops: Operations) -> object:
            return ops.update_collection(old, new_name=new)

        self.runner.edit(work, lambda info: self.refresh(select=info.name))

    def rename_interactive(self) -> None:
        old = self.current_name
        if old is None:
            return
        new, ok = QInputDialog.getText(self, "Rename collection", "New name:", text=old)
        if ok and new.strip() and new.strip() != old:
            self.rename(old, new)

    def delete_current(self) -> None:
        name = self.current_name
        if name is None:
            return
        self.flush()
        self.undo_stack.push(DeleteCollection(self, name))
        self.message.emit(f"Deleted the collection “{name}”. Press Ctrl+Z to bring it back.")

    def add(self, name: str, uids: list[str]) -> None:
        def done(added: int) -> None:
            self.message.emit(f"Added {added} of {len(uids)} to “{name}”.")

        self.runner.edit(lambda ops: ops.add_to_collection(name, uids), done)

    def remove_item(self) -> None:
        name, index = self.current_name, self.items_view.currentIndex()
        if name and index.isValid():
            title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            self.undo_stack.push(RemoveItem(self, name, index.data(KeyRole), title))
            self.message.emit(f"Removed “{title}”. Press Ctrl+Z to put it back.")

    def move_current(self, step: int) -> None:
        index = self.items_view.currentIndex()
        if not index.isValid():
            return
        row = index.row()
        target = row + step
        if not 0 <= target < self.items_model.rowCount():
            return
        destination = row + 2 if step > 0 else target  # moveRows counts before the move
        self.items_model.moveRows(index.parent(), row, 1, index.parent(), destination)
        self.items_view.setCurrentIndex(self.items_model.index(target, 0))
        title = self.items_model.rows[target].title
        count = self.items_model.rowCount()
        announce(self.items_view, f"Moved {title} to position {target + 1} of {count}.")

    def _edit_current_note(self) -> None:
        index = self.items_view.currentIndex()
        if index.isValid():
            self.items_view.edit(index)

    # The three edits below change only what this panel already shows, so
    # their Changes are not broadcast (a refresh would move the current item).

    def _save_order(self, uids: list[str]) -> None:
        if self._loaded_name:
            name = self._loaded_name
            self.runner.edit(lambda ops: ops.reorder_collection(name, uids).empty)

    def _save_item_note(self, uid: str, note: str) -> None:
        if self._loaded_name:
            name = self._loaded_name
            self.runner.edit(lambda ops: ops.set_item_note(name, uid, note).empty)

    def _save_objectives(self) -> None:
        if self._loaded_name:
            name, text = self._loaded_name, self.objectives.toPlainText()
            self.runner.edit(lambda ops: ops.update_collection(name, objectives=text)[0])

    def apply(self, names: frozenset[str], listing_changed: bool) -> None:
        """Refresh after ``Changes``: the list when collections came or went, the
        open collection's items when it is among ``names``."""
        if listing_changed or (self.current_name is not None and self.current_name in names):
            self.refresh()

    def flush(self) -> None:
        """Write anything still waiting (the objectives are saved after a pause)."""
        if self._objectives_timer.isActive():
            self._objectives_timer.stop()
            self._save_objectives()
