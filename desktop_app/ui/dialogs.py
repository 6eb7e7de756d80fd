"""The app's small dialogs: About, Preferences, Keyboard shortcuts, and the one shown
for any error."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import appearance


def about_html(data_dir: Path, resources: int) -> str:
    from desktop_app.version import app_version  # importlib.metadata: not at start

    return (
        f"<h3>IMH Library {escape(app_version())}</h3>"
        "<p>An offline library of infant mental health resources: training, blogs, "
        "podcasts, briefings, infographics and campaigns.</p>"
        f"<p>{resources:,} resources.<br>Data folder: <code>{escape(str(data_dir))}</code></p>"
    )


def show_about(parent: QWidget, data_dir: Path, resources: int) -> None:
    QMessageBox.about(parent, "About IMH Library", about_html(data_dir, resources))


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, base_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")
        self.settings = settings
        self.theme_box = QComboBox()
        self.theme_box.setAccessibleName("Theme")
        for key, label in appearance.THEMES:
            self.theme_box.addItem(label, key)
        self.theme_box.setCurrentIndex(
            [k for k, _ in appearance.THEMES].index(appearance.theme(settings))
        )
        self.size_box = QSpinBox()
        self.size_box.setAccessibleName("Text size in points")
        self.size_box.setRange(appearance.MIN_POINT_SIZE, appearance.MAX_POINT_SIZE)
        self.size_box.setSuffix(" pt")
        self.size_box.setValue(appearance.point_size(settings, base_size))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Theme:", self.theme_box)
        form.addRow("Text &size:", self.size_box)
        form.addRow(buttons)

    def accept(self) -> None:
        appearance.store(
            self.settings, theme_key=self.theme_box.currentData(), size=self.size_box.value()
        )
        super().accept()


# Keys that work inside a control rather than through a menu. The menus'
# commands are read from the menus themselves, so that list cannot go stale.
KEYS_IN_PLACE: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("Tab, Shift+Tab", "Move to the next or previous control"),
            ("Alt + a menu's underlined letter", "Open that menu (Alt+F opens File)"),
            ("Shift+F10 or the Menu key", "The commands for the selected results"),
        ),
    ),
    (
        "Search box",
        (
            ("Down", "Go to the results (the first, or the one already chosen)"),
            ("Enter", "Search now"),
            ("Escape", "Clear the search"),
        ),
    ),
    (
        "Results",
        (
            ("Up, Down, Page Up, Page Down", "Choose a result; it opens in the details"),
            ("Shift+Up, Shift+Down, Ctrl+A", "Choose several (to bookmark, collect or export)"),
            ("Enter", "Read the chosen result: focus goes to its text"),
        ),
    ),
    (
        "Filters",
        (
            ("Up, Down", "Move through the filters"),
            ("Right, Left", "Open or close a group (Kind, Topic…)"),
            ("Space", "Tick or untick the filter; focus stays on it"),
        ),
    ),
    (
        "Resource details",
        (
            ("Tab, Shift+Tab in the text", "Go to the next or previous link; each is announced"),
            ("Enter on a link", "Follow it (a filter, a related resource, a file)"),
            ("Alt+Left", "Back to the resource shown before"),
            ("Tab in the bookmark note", "Leave the note (it saves itself)"),
        ),
    ),
    (
        "A collection's items",
        (
            ("Ctrl+Up, Ctrl+Down", "Move the current item up or down"),
            ("F2", "Edit the current item's note"),
            ("Delete", "Remove the current item (Ctrl+Z puts it back)"),
        ),
    ),
    (
        "A pane divider (after F8)",
        (
            ("Left, Right (Up, Down)", "Move the divider"),
            ("Page Up, Page Down", "Move it further"),
            ("Escape or Enter", "Go back to where you were"),
        ),
    ),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _access_key(text: str) -> str:
    """The letter a menu item is chosen with ("&Export" -> "E"), or ""."""
    return QKeySequence.mnemonic(text).toString().rpartition("+")[2]


def menu_commands(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command in the menus, in menu order. Keys
    are its shortcuts, or else the way there by access keys ("Alt+F, E, C"), with
    the arrow keys for an item that has no letter of its own."""
    found: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, where: str, path: list[str]) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            text, key = _plain(action.text()), _access_key(action.text())
            steps = [*path, key] if key else [*path, "the arrow keys and Enter"]
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{where} ▸ {text}", steps)
                continue
            keys = " or ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            found.append((where, text, keys or ", ".join(steps)))

    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and top.isVisible():
            key = _access_key(top.text())
            walk(menu, _plain(top.text()), [f"Alt+{key}" if key else "Alt, the arrow keys"])
    return found


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: every menu command with its keys, then the keys
    that work inside the lists and boxes."""

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        intro = QLabel(
            "Everything in IMH Library can be done from the keyboard. Menu commands "
            "without a shortcut are reached with Alt and the underlined letters."
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setColumnCount(2)
        self.table.setHeaderLabels(["Command", "Keys"])
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, command, keys in menu_commands(bar):
            group = groups.get(menu)
            if group is None:
                group = groups[menu] = QTreeWidgetItem(self.table, [f"{menu} menu", ""])
            QTreeWidgetItem(group, [command, keys]).setData(
                0, Qt.ItemDataRole.AccessibleTextRole, f"{command}: {keys or 'no keys'}"
            )
        for place, rows in KEYS_IN_PLACE:
            group = QTreeWidgetItem(self.table, [place, ""])
            for keys, what in rows:
                QTreeWidgetItem(group, [what, keys]).setData(
                    0, Qt.ItemDataRole.AccessibleTextRole, f"{what}: {keys}"
                )
        for item in (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount())):
            if item is not None:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
        self.table.expandAll()
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.table.setFocus()

    def rows(self) -> list[tuple[str, str]]:
        """What the table lists, as (command, keys): for tests and reading."""
        found = []
        for i in range(self.table.topLevelItemCount()):
            group = self.table.topLevelItem(i)
            for j in range(group.childCount() if group is not None else 0):
                child = group.child(j) if group is not None else None
                if child is not None:
                    found.append((child.text(0), child.text(1)))
        return found


def show_error(parent: QWidget | None, sentence: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("IMH Library")
    box.setText(sentence)
    box.setInformativeText("Your bookmarks, notes and collections are safe.")
    if details:
        box.setDetailedText(details)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def progress_dialog(parent: QWidget, label: str, steps: int, name: str) -> QProgressDialog:
    """Progress with Cancel for background work; it appears only if the work takes
    over a second, so quick jobs finish without a flash of dialog."""
    dialog = QProgressDialog(label, "Cancel", 0, steps, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle("IMH Library")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(1000)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def documents_folder() -> Path:
    """Where file dialogs start: the user's documents folder (or home when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()
