"""The main window's menus: File, Edit, View, Resource and Help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def add_action(  # type: ignore[no-untyped-def]
    menu: QMenu,
    text: str,
    slot,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _=False: slot())
    if shortcut is not None:
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(QKeySequence.keyBindings(shortcut))
        else:
            action.setShortcut(QKeySequence(shortcut))
    return action


def build_menus(window: MainWindow) -> None:
    """The menu bar; every command also has its standard shortcut where Qt defines one."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    add_action(
        file_menu, "&Import files…", window.transfers.choose_files, QKeySequence.StandardKey.Open
    )
    add_action(file_menu, "Import from a &web address…", window.transfers.choose_address)
    export = file_menu.addMenu("&Export")
    add_action(export, "The selected &collection…", window.export_collection)
    add_action(export, "&Bookmarks…", window.export_bookmarks)
    add_action(export, "The search &results…", window.export_results)
    add_action(export, "The &selected resources…", window.export_selection)
    file_menu.addSeparator()
    add_action(file_menu, "&Back up the library now", window.back_up_now)
    add_action(file_menu, "Res&tore a backup…", window.restore_backup)
    add_action(file_menu, "Save my bookmarks, notes and &collections…", window.save_user_data)
    add_action(file_menu, "&Rebuild search index…", window.reindexer.start)
    add_action(file_menu, "Open &data folder", window._open_data_folder)
    file_menu.addSeparator()
    add_action(file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    find = add_action(edit, "&Find", window.search_panel.focus_search)
    find.setShortcuts(
        [*QKeySequence.keyBindings(QKeySequence.StandardKey.Find), QKeySequence("Ctrl+K")]
    )
    edit.addSeparator()
    prefs = add_action(edit, "&Preferences…", window.open_preferences)
    prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
    prefs.setShortcuts(
        QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [QKeySequence("Ctrl+,")]
    )

    view = bar.addMenu("&View")
    for number in range(window.side_tabs.count()):
        label = window.side_tabs.tabText(number).replace("&", "")
        if not label:  # the Bin's icon tab has its own command (curation_window.py)
            continue
        add_action(
            view, f"Show {label}", lambda n=number: window._show_tab(n), f"Ctrl+{number + 1}"
        )
    view.addSeparator()
    add_action(view, "&Clear all filters", window.facet_panel.clear_filters, "Ctrl+Shift+L")
    # The arrow keys then move it; Escape goes back (keyboard_splitter.py).
    add_action(view, "Move a pane &divider", window.dividers.next, "F8")

    resource = bar.addMenu("&Resource")
    add_action(resource, "&Bookmark selected", window.bookmark_selected, "Ctrl+D")
    add_action(resource, "Add selected to &collection…", window.collect_selected, "Ctrl+Shift+C")
    add_action(resource, "&Open link", window.detail_pane.open_link, "Ctrl+L")
    cite = add_action(resource, "Copy c&itation", window.copy_citation, "Ctrl+Shift+Alt+C")
    resource.addMenu(window.citations.style_menu(window))
    window.search_panel.results_view.addAction(cite)
    resource.addSeparator()
    save = QKeySequence.StandardKey.Save
    add_action(resource, "&Save this search…", window.save_search, save)

    help_menu = bar.addMenu("&Help")
    add_action(
        help_menu,
        "&Keyboard shortcuts",
        window.show_shortcuts,
        QKeySequence.StandardKey.HelpContents,
    )
    about = add_action(help_menu, "&About IMH Library", window.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)

    window.search_panel.results_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for action in resource.actions()[:2]:
        window.search_panel.results_view.addAction(action)
