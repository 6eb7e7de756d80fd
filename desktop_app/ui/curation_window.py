"""Curating from the window: ``install_curation(window)`` adds it all to a ``MainWindow``.

- *Resource ▸ New resource…* (Ctrl+N) and *Edit…* (Ctrl+E; F2 on the results
  and the detail pane) open ``ResourceForm``; saving is undoable.
- *Move to bin* (Del on the results; the menu for the open resource): the
  resources leave search and every list at once, and the status bar offers Undo.
- A *Bin* side tab; the detail pane gains a notice (edited fields, the
  source's new values, the bin) and the open resource's tags.
- *Tag selected…* (Ctrl+T), rename and merge from the Tags facet's menu.
- *View ▸ Results as a table* (Ctrl+Shift+T); results drag onto a collection.
- *File ▸ Feeds…* and *Help ▸ Search syntax*.

Everything here goes through the window's ``OperationRunner`` and undo stack;
views refresh from the ``Changes`` each operation reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QLayout,
    QMenu,
    QPushButton,
    QWidget,
)

from desktop_app.operations import DetailView
from desktop_app.ui.bin_tab import BinTab
from desktop_app.ui.curation_commands import AddResource, DeleteResources, EditResource
from desktop_app.ui.detail_pane import DetailPane
from desktop_app.ui.edit_notice import EditNotice
from desktop_app.ui.feeds_dialog import FeedsDialog
from desktop_app.ui.resource_form import ResourceForm
from desktop_app.ui.search_syntax import SearchSyntaxDialog
from desktop_app.ui.table_mode import CollectionDrops, TableMode
from desktop_app.ui.tag_editor import TagEditor, TagSelection
from desktop_app.ui.tag_facet import TagFacetMenu
from resources_db.curation import Choices

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

UNDO_OFFER_MS = 12000


def _count(n: int) -> str:
    return f"{n} resource{'s' * (n != 1)}"


class PaneWatcher(QObject):
    """Calls ``shown(view)`` whenever the detail pane shows a resource (or none).

    The pane renders its text each time it shows a resource or that
    resource's details change, and hides the text when it shows none."""

    def __init__(self, pane: DetailPane, shown: Callable[[DetailView | None], None]) -> None:
        super().__init__(pane)
        self.pane, self.shown = pane, shown
        pane.browser.textChanged.connect(lambda: self.shown(pane.view))
        pane.browser.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and self.pane.view is None:
            self.shown(None)
        return super().eventFilter(watched, event)


class UndoOffer(QObject):
    """An *Undo* button in the status bar for a while after a deletion."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.button = QPushButton("Undo")
        self.button.setObjectName("undoOffer")
        self.button.setAccessibleName("Undo the deletion")
        self.button.clicked.connect(self.undo)
        self.button.hide()
        window.statusBar().insertPermanentWidget(0, self.button)  # beside the message
        self.timer = QTimer(self, singleShot=True, interval=UNDO_OFFER_MS)
        self.timer.timeout.connect(self.button.hide)
        self._index = -1
        window.undo_stack.indexChanged.connect(self._on_index)

    def offer(self, sentence: str) -> None:
        self._index = self.window.undo_stack.index()
        self.window.statusBar().showMessage(sentence, UNDO_OFFER_MS)
        self.button.show()
        self.timer.start()

    def undo(self) -> None:
        self.button.hide()
        self.window.undo_stack.undo()

    def _on_index(self, index: int) -> None:
        if index != self._index:  # undone, or something newer done: the offer is stale
            self.button.hide()


class Curation(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.runner, self.undo_stack = window.runner, window.undo_stack
        panel = window.search_panel
        self.form: ResourceForm | None = None
        self.feeds_dialog: FeedsDialog | None = None
        self.syntax_dialog: SearchSyntaxDialog | None = None

        self.notice = EditNotice(self.runner, self.undo_stack)
        self.tag_editor = TagEditor(self.runner, self.undo_stack)
        self.tag_editor.hide()
        pane_layout = window.detail_pane.layout()
        assert isinstance(pane_layout, QBoxLayout)
        at = pane_layout.indexOf(window.detail_pane.browser)
        pane_layout.insertWidget(at, self.tag_editor)
        pane_layout.insertWidget(at, self.notice)
        self.pane_watcher = PaneWatcher(window.detail_pane, self._detail_shown)

        self.bin_tab = BinTab(self.runner, self.undo_stack)
        self._add_bin_tab()
        self.bin_tab.activated.connect(lambda uid: window.show_resource(uid, record_view=False))
        self.bin_tab.message.connect(self.say)

        self.table_mode = TableMode(window, panel, self.runner, window.settings)
        self.table_mode.message.connect(self.say)
        self.drops = CollectionDrops(
            window.collections_panel.collections_view,
            panel,
            window.collections_panel.add,
            self.table_mode.table,
        )
        panel.results_view.setDragEnabled(True)
        panel.results_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

        self.tag_menu = TagFacetMenu(window.facet_panel, self.runner, self.say)
        self.tagging = TagSelection(
            self.runner, self.undo_stack, self.chosen_uids, window, self.say
        )
        self.undo_offer = UndoOffer(window)
        self.actions = self._make_actions()
        self._add_to_menus()
        self.table_mode.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in panel.results_view.actions():
            self.table_mode.table.addAction(action)
        self._place_table_toggle()

    def _add_bin_tab(self) -> None:
        """Into the tab the window's frame keeps for it (an icon, named for screen readers)."""
        self.window.put_bin_tab(self.bin_tab)

    def say(self, sentence: str) -> None:
        self.window.statusBar().showMessage(sentence, 8000)

    # --- what the actions act on ------------------------------------------------------

    def chosen_uids(self) -> list[str]:
        """The selected results (in the list or the table), else the open resource."""
        uids = self.window.search_panel.selected_uids()
        uid = self.window.detail_pane.uid
        return uids or ([uid] if uid else [])

    def open_uid(self) -> str | None:
        """The resource to edit: the one open in the detail pane, else the first selected."""
        selected = self.window.search_panel.selected_uids()
        return self.window.detail_pane.uid or (selected[0] if selected else None)

    # --- adding and editing -----------------------------------------------------------

    def new_resource(self) -> None:
        self.runner.read(lambda ops: ops.choices(), lambda choices: self._open_form(choices, None))

    def edit_resource(self, uid: str | None = None) -> None:
        uid = uid or self.open_uid()
        if uid is None:
            self.say("Select a resource to edit first.")
            return
        self.window.detail_pane.flush()
        self.runner.read(
            lambda ops: (ops.choices(), ops.detail(uid)),
            lambda pair: self._open_form(*pair),
            lambda error: self.window.report_error(f"The resource could not be opened: {error}"),
        )

    def _open_form(self, choices: Choices, view: DetailView | None) -> None:
        if view is not None and view.detail.deleted_at is not None:
            self.say("Restore this resource from the bin to edit it.")
            return
        form = ResourceForm(choices, view, self.window)
        form.accepted.connect(lambda: self._save(form))
        form.finished.connect(form.deleteLater)
        self.form = form
        form.open()

    def _save(self, form: ResourceForm) -> None:
        values, files = form.values(), form.new_files
        if form.view is None:
            self.undo_stack.push(AddResource(self.runner, values, files, on_added=self._show_added))
            return
        if not values.given() and not files:
            self.say("Nothing was changed.")
            return
        title = form.view.detail.document.title
        uid = form.view.detail.document.uid
        self.undo_stack.push(EditResource(self.runner, uid, title, values, files))
        self.say(f"Saved the changes to “{title}”. Ctrl+Z undoes them.")

    def _show_added(self, uid: str) -> None:
        self.window.show_resource(uid)
        self.say("Added. Ctrl+Z takes it out again.")

    # --- the bin ----------------------------------------------------------------------

    def delete_chosen(self) -> None:
        uids = self.chosen_uids()
        if not uids:
            self.say("Select the resources to delete first.")
            return
        self.window.detail_pane.flush()
        opened = self.window.detail_pane.uid
        reopen = opened if opened in uids else None
        if reopen is not None:
            self.window.detail_pane.show_view(None)  # it is gone from the window at once

        def undone(_value: object) -> None:
            if reopen is not None and self.window.detail_pane.uid is None:
                self.window.show_resource(reopen, record_view=False)

        self.undo_stack.push(DeleteResources(self.runner, uids, undone))
        self.undo_offer.offer(f"Moved {_count(len(uids))} to the bin.")

    # --- feeds and help ---------------------------------------------------------------

    def show_feeds(self) -> None:
        if self.feeds_dialog is None:
            dialog = FeedsDialog(self.runner, self.table_mode.mark_feeds_seen, self.window)
            dialog.refreshed.connect(lambda text: self.say(text.splitlines()[0]))
            self.feeds_dialog = dialog
        self.feeds_dialog.load()
        self.feeds_dialog.show()
        self.feeds_dialog.raise_()

    def show_search_syntax(self) -> None:
        if self.syntax_dialog is None:
            self.syntax_dialog = SearchSyntaxDialog(self.window)
        self.syntax_dialog.show()
        self.syntax_dialog.raise_()

    # --- the detail pane --------------------------------------------------------------

    def _detail_shown(self, view: DetailView | None) -> None:
        self.notice.show_view(view)
        if view is not None:
            self.table_mode.model.mark_opened(view.detail.document.uid)
        if view is None or view.detail.deleted_at is not None:
            self.tag_editor.show_uid(None)
        else:
            self.tag_editor.show_uid(view.detail.document.uid, view.detail.tags)

    # --- menus ------------------------------------------------------------------------

    def _make_actions(self) -> dict[str, QAction]:
        window, panel = self.window, self.window.search_panel
        results = (panel.results_view, self.table_mode.table)

        def action(text: str, slot: Callable[[], None], *keys: str) -> QAction:
            made = QAction(text, window)
            made.triggered.connect(lambda _=False: slot())
            if keys:
                made.setShortcuts([QKeySequence(k) for k in keys])
            window.addAction(made)
            return made

        made = {
            "new": action("&New resource…", self.new_resource, "Ctrl+N"),
            "edit": action("&Edit…", self.edit_resource, "Ctrl+E"),
            "tag": action("&Tag selected…", self.tagging.start, "Ctrl+T"),
            "feeds": action("&Feeds…", self.show_feeds),
            "syntax": action("&Search syntax", self.show_search_syntax),
            "bin_tab": action("Show Bin", self._show_bin),
        }
        # On the results only: Del in a text box deletes text, F2 in a collection edits a note.
        delete = QAction("&Move to bin", window)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(lambda _=False: self.delete_chosen())
        edit_key = QAction("&Edit…", window)
        edit_key.setShortcut(QKeySequence("F2"))
        edit_key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        edit_key.triggered.connect(lambda _=False: self.edit_resource())
        for view in results:
            view.addAction(delete)
            view.addAction(edit_key)
        window.detail_pane.addAction(edit_key)
        made["delete"], made["edit_key"] = delete, edit_key
        number = window.side_tabs.indexOf(self.bin_tab) + 1
        if number <= 9:
            made["bin_tab"].setShortcut(QKeySequence(f"Ctrl+{number}"))
        return made

    def _show_bin(self) -> None:
        self.window.side_tabs.setCurrentWidget(self.bin_tab)
        self.bin_tab.view.setFocus()

    def _menu(self, title: str) -> QMenu:
        """The window's menu called ``title`` (its text without the &), made if missing."""
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text().replace("&", "") == title:
                return menu
        return self.window.menuBar().addMenu(title)

    def _add_to_menus(self) -> None:
        made = self.actions
        resource = self._menu("Resource")
        first = resource.actions()[0] if resource.actions() else None
        for key in ("new", "edit", "delete"):
            _insert(resource, first, made[key])
        if first is not None:
            resource.insertSeparator(first)
        resource.addSeparator()
        resource.addAction(made["tag"])
        view = self._menu("View")
        shows = [a for a in view.actions() if a.text().startswith("Show ")]
        after = view.actions().index(shows[-1]) + 1 if shows else len(view.actions())
        following = view.actions()[after] if after < len(view.actions()) else None
        _insert(view, following, made["bin_tab"])
        view.addSeparator()
        view.addAction(self.table_mode.action)
        file_menu = self._menu("File")
        export = next((a for a in file_menu.actions() if a.menu() is not None), None)
        _insert(file_menu, export, made["feeds"])
        help_menu = self._menu("Help")
        help_first = help_menu.actions()[0] if help_menu.actions() else None
        _insert(help_menu, help_first, made["syntax"])
        self.window.addAction(self.table_mode.action)

    def _place_table_toggle(self) -> None:
        """The table button beside the sort box, wherever the panel's layout keeps it."""
        sort_box = self.window.search_panel.sort_box
        row = sort_box.parentWidget()
        holder = _layout_holding(row, sort_box) if row is not None else None
        if holder is not None:
            holder.insertWidget(holder.indexOf(sort_box) + 1, self.table_mode.button)
            self.table_mode.button.show()


def _insert(menu: QMenu, before: QAction | None, action: QAction) -> None:
    if before is None:
        menu.addAction(action)
    else:
        menu.insertAction(before, action)


def _layout_holding(widget: QWidget, child: QWidget) -> QBoxLayout | None:
    """The box layout (at any depth under ``widget``'s) that holds ``child``, if any."""
    pending: list[QLayout | None] = [widget.layout()]
    while pending:
        layout = pending.pop()
        if layout is None:
            continue
        if isinstance(layout, QBoxLayout) and layout.indexOf(child) >= 0:
            return layout
        pending.extend(item.layout() for i in range(layout.count()) if (item := layout.itemAt(i)))
    return None


def install_curation(window: MainWindow) -> Curation:
    """Add adding, editing, the bin, tags, the results table, feeds and search help to
    ``window``, after its menus are built. Installing again returns the same pieces."""
    existing = window.findChild(Curation)
    return existing if isinstance(existing, Curation) else Curation(window)
