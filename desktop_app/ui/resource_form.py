"""The form for adding a resource by hand or editing one: every field the detail pane shows.

Names (authors, organisations) and vocabulary terms complete from what the
library knows and accept new ones. A field the user edited before is marked;
where its source has changed it since, the form shows the source's new value
and *Use the source's version* puts it in the field (saving then forgets the
edit). Only the fields changed in the form are saved, so opening and saving
never turns a source's value into an edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import DetailView
from desktop_app.ui.completing_edit import ListEdit
from desktop_app.ui.dialogs import documents_folder
from resources_db.curation import (
    DEFAULT_KIND,
    LINK_SCHEMES,
    Choices,
    ResourceFields,
    parse_published,
)
from resources_db.edits import EditableField, FieldEdit, FieldValue
from resources_db.errors import UserDataError

# Access keys leave the menu bar's (F, E, V, R, H, P) and Save and Cancel's (S, C) alone.
LABELS: dict[EditableField, str] = {
    "kind": "&Kind",
    "title": "&Title",
    "summary": "Summar&y",
    "body": "F&ull text",
    "url": "&Link",
    "authors": "&Authors",
    "organisations": "&Organisations",
    "topics": "Top&ics",
    "audience": "Au&dience",
    "settings": "Settin&g",
    "formats": "For&mat",
    "published": "Pu&blished",
    "duration_seconds": "Duratio&n",
}
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_MINUTES = re.compile(r"^(\d+)\s*(?:m|min|mins|minutes?)?$", re.I)


def show_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def parse_duration(text: str) -> int | None:
    """Seconds from "1:05:30", "45:00" (minutes and seconds) or "45" / "45 min" (minutes)."""
    text = text.strip()
    if not text:
        return None
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes, seconds = (int(part) if part else 0 for part in clock.groups())
        # "90:00" is ninety minutes; with hours given, minutes stay under an hour.
        if seconds < 60 and (minutes < 60 or clock.group(1) is None):
            return hours * 3600 + minutes * 60 + seconds
    minutes_only = _MINUTES.match(text)
    if minutes_only:
        return int(minutes_only.group(1)) * 60
    raise UserDataError(f"“{text}” is not a length of time; give it as 45 min or 1:05:30.")


def show_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def check_link(url: str) -> None:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if url and (scheme not in LINK_SCHEMES or (scheme != "mailto" and "//" not in url)):
        raise UserDataError(
            f"“{url}” is not a link the library can open; give an http://, https:// "
            "or mailto: address."
        )


def shown_value(field: EditableField, value: FieldValue) -> str:
    """A field's value as the form shows it (and as the source's value is quoted)."""
    if field == "published":
        return show_date(value if isinstance(value, date) else None)
    if field == "duration_seconds":
        return show_duration(value if isinstance(value, int) else None)
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value or "")


class AttachmentList(QListWidget):
    """Files to keep with the resource: dropped here or chosen; the library copies them in."""

    filesDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentList")
        self.setAccessibleName("Attachments: drop files here")
        self.setAcceptDrops(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.new_files: list[Path] = []

    def show_existing(self, names: Sequence[str]) -> None:
        for name in names:
            item = QListWidgetItem(f"{name} (kept in the library)")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)

    def add_files(self, paths: Sequence[Path]) -> None:
        for path in paths:
            if path.is_file() and path not in self.new_files:
                self.new_files.append(path)
                self.addItem(QListWidgetItem(f"{path.name} (to be copied in)"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.add_files(paths)
        self.filesDropped.emit(paths)


class SourceOffer(QWidget):
    """Below an edited field whose source has changed: its value, and a button to take it."""

    def __init__(self, value: str, take: Callable[[], None]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        shown = value if len(value) <= 120 else value[:117] + "…"
        label = QLabel(
            f"The source now says: “{shown}”" if value else "The source now leaves it empty."
        )
        label.setWordWrap(True)
        label.setObjectName("sourceValue")
        self.button = QPushButton("Use the source's version")
        self.button.setAccessibleName("Use the source's version of this field")
        self.button.clicked.connect(take)
        self.button.clicked.connect(self.hide)
        layout.addWidget(label, 1)
        layout.addWidget(self.button)


class ResourceForm(QDialog):
    """*New resource* (``view`` None) or *Edit* one; ``values()`` gives what to save."""

    def __init__(
        self, choices: Choices, view: DetailView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resourceForm")
        self.view = view
        self.uid = view.detail.document.uid if view else None
        title = view.detail.document.title if view else ""
        self.setWindowTitle(f"Edit “{title}”" if view else "New resource")
        self.widgets: dict[EditableField, QWidget] = {}
        self.labels: dict[EditableField, QLabel] = {}
        self.offers: dict[EditableField, SourceOffer] = {}
        self._build(choices)
        self._fill(view)
        self._initial = {name: self._text(name) for name in self.widgets}

    # --- building ---------------------------------------------------------------------

    def _build(self, choices: Choices) -> None:
        kind = QComboBox()
        kind.addItems(choices.kinds)
        text_fields: dict[EditableField, QWidget] = {
            "kind": kind,
            "title": QLineEdit(),
            "summary": _text_box(4),
            "body": _text_box(7),
            "url": QLineEdit(),
            "authors": ListEdit(choices.people),
            "organisations": ListEdit(choices.organisations),
            "topics": ListEdit(choices.topics),
            "audience": ListEdit(choices.audience),
            "settings": ListEdit(choices.settings),
            "formats": ListEdit(choices.formats),
            "published": QLineEdit(),
            "duration_seconds": QLineEdit(),
        }
        placeholders = {
            "url": "https://…",
            "authors": "People, separated by ;  (the library's names complete as you type)",
            "organisations": "Organisations, separated by ;",
            "topics": "e.g. attachment; perinatal mental health",
            "audience": "e.g. practitioner; parent",
            "settings": "e.g. health visiting; perinatal",
            "formats": "e.g. text; audio",
            "published": "YYYY, YYYY-MM or YYYY-MM-DD",
            "duration_seconds": "e.g. 45 min or 1:05:30",
        }
        self.widgets = text_fields
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        edits = {e.field: e for e in self.view.detail.edits} if self.view else {}
        for name, widget in text_fields.items():
            widget.setObjectName(f"form_{name}")
            if isinstance(widget, QLineEdit) and name in placeholders:
                widget.setPlaceholderText(placeholders[name])
            label = QLabel(LABELS[name])
            label.setBuddy(widget)
            self.labels[name] = label
            widget.setAccessibleName(LABELS[name].replace("&", ""))
            form.addRow(label, widget)
            if name in edits:
                self._mark_edited(name, edits[name], form)
        self.attachments = AttachmentList()
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._choose_files)
        below = QHBoxLayout()
        below.addWidget(add_files)
        below.addWidget(QLabel("or drop files on the list: the library keeps copies."), 1)
        files = QVBoxLayout()
        files.addWidget(self.attachments)
        files.addLayout(below)
        form.addRow(QLabel("Attachments"), files)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(form)
        column.addStretch(1)  # spare height goes below the fields, not between them
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        # The area itself took the focus on opening, so a screen reader announced an
        # unnamed pane; the first field takes it instead (the area still follows the focus).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760, 720)

    def _mark_edited(self, name: EditableField, edit: FieldEdit, form: QFormLayout) -> None:
        label = self.labels[name]
        label.setText(f"{LABELS[name]} (edited)")
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        source = shown_value(name, edit.source_value)
        label.setToolTip(
            "You edited this field; re-imports keep your version."
            + (f" The source's value: “{source}”." if source else "")
        )
        self.widgets[name].setAccessibleDescription("Edited by you")
        if edit.source_changed:
            offer = SourceOffer(source, lambda: self._set(name, edit.source_value))
            offer.setObjectName(f"sourceOffer_{name}")
            self.offers[name] = offer
            form.addRow("", offer)

    def _fill(self, view: DetailView | None) -> None:
        if view is None:
            self._set("kind", DEFAULT_KIND)
            return
        doc = view.detail.document
        values: dict[EditableField, FieldValue] = {
            "kind": doc.kind,
            "title": doc.title,
            "summary": doc.summary,
            "body": doc.body,
            "url": doc.url,
            "authors": doc.authors,
            "organisations": doc.organisations,
            "topics": doc.topics,
            "audience": doc.audience,
            "settings": doc.settings,
            "formats": doc.formats,
            "published": doc.published,
            "duration_seconds": view.detail.duration_seconds,
        }
        for name, value in values.items():
            self._set(name, value)
        self.attachments.show_existing([a.filename for a in view.detail.attachments])

    # --- reading and writing fields ---------------------------------------------------

    def _set(self, name: EditableField, value: FieldValue) -> None:
        widget = self.widgets[name]
        text = shown_value(name, value)
        if isinstance(widget, QComboBox):
            if widget.findText(text) < 0:
                widget.addItem(text)
            widget.setCurrentText(text)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        elif isinstance(widget, QLineEdit):
            widget.setText(text)

    def _text(self, name: EditableField) -> str:
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text() if isinstance(widget, QLineEdit) else ""

    def changed_fields(self) -> list[EditableField]:
        return [name for name in self.widgets if self._text(name) != self._initial[name]]

    def values(self) -> ResourceFields:
        """The fields changed in the form (all given ones for a new resource), checked.

        Raises ``UserDataError`` with one sentence for a value that cannot be saved."""
        given: dict[EditableField, FieldValue] = {}
        wanted = list(self.widgets) if self.view is None else self.changed_fields()
        for name in wanted:
            text = self._text(name)
            widget = self.widgets[name]
            if name == "published":
                given[name] = parse_published(text)
            elif name == "duration_seconds":
                given[name] = parse_duration(text)
            elif isinstance(widget, ListEdit):
                given[name] = widget.values()
            else:
                given[name] = text.strip()
        if ("title" in given or self.view is None) and not str(given.get("title", "")).strip():
            raise UserDataError("A resource needs a title.")
        check_link(str(given.get("url", "")))
        return ResourceFields.of(given)

    @property
    def new_files(self) -> list[Path]:
        return list(self.attachments.new_files)

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Attach files", str(documents_folder()))
        self.attachments.add_files([Path(f) for f in files])

    def accept(self) -> None:
        """Saving closes the form only when every value can be saved; else one sentence says why."""
        try:
            self.values()
        except UserDataError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        super().accept()


def _text_box(lines: int) -> QPlainTextEdit:
    """A box ``lines`` high (it scrolls beyond), so the whole form fits without scrolling."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box
