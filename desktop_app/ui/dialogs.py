"""The app's small dialogs: About, Preferences, and the one shown for any error."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from desktop_app.ui import appearance
from desktop_app.version import app_version


def about_html(data_dir: Path, resources: int) -> str:
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
