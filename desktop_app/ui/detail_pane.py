"""One resource in full: metadata, text, links, bookmark and note, add to collection."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleTextCursorEvent,
    QAccessibleTextSelectionEvent,
    QDesktopServices,
    QFont,
)
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import DetailView
from desktop_app.ui.announce import announce, install_roles
from desktop_app.ui.detail_html import detail_html
from desktop_app.ui.detail_placeholder import placeholder_label
from desktop_app.ui.durations import clock
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.media_views import AudioPlayer, open_pdf
from desktop_app.ui.operation_runner import OperationRunner
from desktop_app.ui.reading_clock import ReadingClock
from desktop_app.ui.transcript_view import TranscriptDrops, TranscriptPanel

SAFE_SCHEMES = {"http", "https", "mailto"}


def is_safe_external(url: str) -> bool:
    return QUrl(url).scheme().lower() in SAFE_SCHEMES


class Heading(QLabel):
    """The resource's title, read by screen readers as a heading."""

    ACCESSIBLE_ROLE = QAccessible.Role.Heading

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailTitle")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def follow(self, font: QFont) -> None:
        """Half as large again as the text around it, whatever size the user chose."""
        larger = QFont(font)
        larger.setPointSizeF(font.pointSizeF() * 1.5)
        larger.setBold(True)
        self.setFont(larger)


class LinkBrowser(QTextBrowser):
    """Tab moves through the links in the text; each link reached is announced
    (Qt selects it silently) and the reader's caret is moved to it."""

    def focusNextPrevChild(self, next: bool) -> bool:
        moved = super().focusNextPrevChild(next)
        cursor = self.textCursor()
        if moved and self.hasFocus() and cursor.hasSelection():
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            selection = QAccessibleTextSelectionEvent(self, start, end)
            selection.setCursorPosition(end)
            QAccessible.updateAccessibility(selection)
            QAccessible.updateAccessibility(QAccessibleTextCursorEvent(self, end))
            announce(self, f"{cursor.selectedText()}, link")
        return moved


class DetailPane(QWidget):
    """Edits made here go through ``OperationRunner`` (in order, off the GUI
    thread); the window broadcasts what changed."""

    filterRequested = Signal(str, str)
    resourceRequested = Signal(str)
    newCollectionRequested = Signal(list)
    downloadFailed = Signal(str)

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Resource details")
        self.runner, self.ops = runner, runner.ops
        self.view: DetailView | None = None
        self._back: list[str] = []  # resources shown before this one, for Back
        self._going_back = False
        self._media_key: tuple[str, Path] | None = None

        install_roles()
        # Each button's accessible name is its visible label (voice control
        # users say what they see); what it does in full is its description.
        self.back_button = QPushButton("← Back")
        self.back_button.setObjectName("backButton")
        self.back_button.setAccessibleName("Back")
        self.back_button.setAccessibleDescription("Return to the resource shown before (Alt+Left)")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.setToolTip("Back to the previous resource (Alt+Left)")
        self.back_button.clicked.connect(self.go_back)

        self.bookmark_button = QPushButton("☆ Bookmark")
        self.bookmark_button.setObjectName("bookmarkButton")
        self.bookmark_button.setCheckable(True)
        self.bookmark_button.setAccessibleName("Bookmark")
        self.bookmark_button.setAccessibleDescription("Bookmark this resource (Ctrl+D)")
        self.bookmark_button.toggled.connect(self._on_bookmark_toggled)
        self.collect_button = QToolButton()
        self.collect_button.setText("Add to collection")
        self.collect_button.setAccessibleName("Add to collection")
        self.collect_button.setAccessibleDescription("Add this resource to a reading list")
        self.collect_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.collect_menu = QMenu(self.collect_button)
        self.collect_menu.aboutToShow.connect(self._fill_collect_menu)
        self.collect_button.setMenu(self.collect_menu)
        self.open_button = QPushButton("Open link")
        self.open_button.setAccessibleName("Open link")
        self.open_button.setAccessibleDescription(
            "Open the resource's web link in the browser (Ctrl+L)"
        )
        self.open_button.clicked.connect(self.open_link)

        self.download_button = QPushButton("Download episode")
        self.download_button.setObjectName("downloadButton")
        self.download_button.setAccessibleName("Download episode")
        self.download_button.setAccessibleDescription("Download this episode for offline listening")
        self.download_button.clicked.connect(self.download_episode)
        # Why a moment asked for cannot play yet (no audio in the library).
        self.media_hint = QLabel()
        self.media_hint.setObjectName("mediaHint")
        self.media_hint.setWordWrap(True)
        self.media_hint.hide()
        self.player = AudioPlayer(Positions(self.runner))
        # What is listened to and read: evidence for CPD suggestions (the practice record).
        self.reading = ReadingClock(self)
        self.reading.stretch.connect(self._note_reading)
        self.player.listened.connect(self._note_listening)
        self.transcript = TranscriptPanel()
        self.transcript.playRequested.connect(self.player.play_from)
        self.player.positionChanged.connect(self.transcript.follow)
        self.transcript_drops = TranscriptDrops(
            self, self.runner, lambda: self.uid, self.downloadFailed.emit
        )

        # At large text the buttons wrap onto a second line rather than run off the pane.
        buttons = FlowLayout()
        for widget in (
            self.back_button,
            self.bookmark_button,
            self.collect_button,
            self.open_button,
            self.download_button,
        ):
            buttons.addWidget(widget)

        self.title = Heading(self)
        self.title.follow(self.font())
        self.browser = LinkBrowser()
        self.browser.setObjectName("detailText")
        self.browser.setAccessibleName("Resource text")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_anchor)

        self.note_label = QLabel("Bookmark &note")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("bookmarkNote")
        self.note_edit.setAccessibleName("Bookmark note")
        self.note_edit.setPlaceholderText("Why this matters, where you will use it…")
        self.note_edit.setMaximumHeight(80)
        # Tab moves on (a note has no use for tab characters); it never types one.
        self.note_edit.setTabChangesFocus(True)
        self.note_label.setBuddy(self.note_edit)
        self.note_save = QPushButton("Save note")
        self.note_save.setAccessibleName("Save note")
        self.note_save.setAccessibleDescription("Save the bookmark note now (it saves itself too)")
        self.note_save.clicked.connect(self.save_note)
        # Notes save themselves after a pause in typing, so closing never loses one.
        self._note_timer = QTimer(self, singleShot=True, interval=800)
        self._note_timer.timeout.connect(self.save_note)
        self.note_edit.textChanged.connect(self._on_note_typed)
        self.note_edit.installEventFilter(self)  # leaving the note saves it at once

        self.placeholder = placeholder_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.media_hint)
        layout.addWidget(self.player)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.note_save)
        self._set_enabled(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.title.follow(self.font())
        super().changeEvent(event)

    def _set_enabled(self, on: bool) -> None:
        self.placeholder.setVisible(not on)
        for widget in (
            self.title,
            self.bookmark_button,
            self.collect_button,
            self.open_button,
            self.browser,
        ):
            widget.setVisible(on)
        self.back_button.setVisible(on)
        self.back_button.setEnabled(bool(self._back))
        if not on:
            self.download_button.hide()
            self.media_hint.hide()
            self.player.unload()
            self.transcript.clear()
            self._media_key = None
        self._show_note(on and self.bookmark_button.isChecked())

    def _show_note(self, on: bool) -> None:
        for widget in (self.note_label, self.note_edit, self.note_save):
            widget.setVisible(on)

    @property
    def uid(self) -> str | None:
        return self.view.detail.document.uid if self.view else None

    def show_view(self, view: DetailView | None) -> None:
        self.flush()
        new_uid = view.detail.document.uid if view else None
        if new_uid != self.uid:
            if self.uid is not None:
                self.reading.release(self.uid, "pane")
            if new_uid is not None:
                self.reading.hold(new_uid, "pane")
        if self.uid is not None and new_uid != self.uid and not self._going_back:
            self._back.append(self.uid)
            del self._back[:-50]
        self._going_back = False
        self.view = view
        if view is None:
            self._set_enabled(False)
            return
        self.title.setText(view.detail.document.title)
        self.browser.setAccessibleDescription(view.detail.document.title)
        self.browser.setHtml(detail_html(view))
        self.bookmark_button.blockSignals(True)
        self.bookmark_button.setChecked(view.bookmark is not None)
        self.bookmark_button.blockSignals(False)
        self._label_bookmark()
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(view.bookmark.note if view.bookmark else "")
        self.note_edit.blockSignals(False)
        url = view.detail.document.url
        self.open_button.setEnabled(bool(url) and is_safe_external(url))
        self.open_button.setToolTip(url or "This resource has no web link.")
        self._set_enabled(True)
        self._show_media(view)
        self.transcript.show_episode(view.detail)

    def _label_bookmark(self) -> None:
        on = self.bookmark_button.isChecked()
        self.bookmark_button.setText("★ Bookmarked" if on else "☆ Bookmark")
        self.bookmark_button.setAccessibleName("Bookmarked" if on else "Bookmark")
        self._show_note(on)

    def _on_bookmark_toggled(self, on: bool) -> None:
        uid = self.uid
        if uid is None:
            return
        if on:
            self.runner.edit(lambda ops: ops.set_bookmark(uid))
        else:
            self._note_timer.stop()
            self.runner.edit(lambda ops: ops.remove_bookmark(uid))
            self.note_edit.blockSignals(True)
            self.note_edit.clear()
            self.note_edit.blockSignals(False)
        self._label_bookmark()

    def _on_note_typed(self) -> None:
        if self.bookmark_button.isChecked():
            self._note_timer.start()

    def flush(self) -> None:
        """Save a note still waiting for its pause in typing: called before any
        action on the resource, on switching resource and on close."""
        self.reading.report()
        if self._note_timer.isActive():
            self._note_timer.stop()
            self.save_note()

    def save_note(self) -> None:
        self._note_timer.stop()
        uid = self.uid
        if uid is None:
            return
        note = self.note_edit.toPlainText()
        self.runner.edit(lambda ops: ops.set_bookmark(uid, note))
        if not self.bookmark_button.isChecked():
            self.bookmark_button.blockSignals(True)
            self.bookmark_button.setChecked(True)
            self.bookmark_button.blockSignals(False)
            self._label_bookmark()

    def show_bookmark(self) -> None:
        """Bookmarks changed elsewhere (Ctrl+D on the results, the Bookmarks tab):
        show the open resource's state, unless a note is still being typed."""
        if self.uid is None or self._note_timer.isActive():
            return
        mark = self.ops.bookmark(self.uid)
        self.bookmark_button.blockSignals(True)
        self.bookmark_button.setChecked(mark is not None)
        self.bookmark_button.blockSignals(False)
        self._label_bookmark()
        if mark is not None and mark.note != self.note_edit.toPlainText():
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(mark.note)
            self.note_edit.blockSignals(False)

    def go_back(self) -> None:
        if self._back:
            self._going_back = True
            self.resourceRequested.emit(self._back.pop())

    def _fill_collect_menu(self) -> None:
        self.collect_menu.clear()
        uid = self.uid
        if uid is None:
            return
        for info in self.ops.collections():
            present = any(item.uid == uid for item in info.items)
            action = self.collect_menu.addAction(("✓ " if present else "") + info.name)
            action.setEnabled(not present)
            action.triggered.connect(lambda _=False, n=info.name: self.add_to_collection(n))
        self.collect_menu.addSeparator()
        self.collect_menu.addAction("New collection…").triggered.connect(
            lambda: self.newCollectionRequested.emit([uid])
        )

    def add_to_collection(self, name: str) -> None:
        uid = self.uid
        if uid is not None:
            self.flush()
            self.runner.edit(lambda ops: ops.add_to_collection(name, [uid]))

    def open_link(self) -> None:
        url = self.view.detail.document.url if self.view else ""
        if url and is_safe_external(url):
            QDesktopServices.openUrl(QUrl(url))

    def _on_anchor(self, url: QUrl) -> None:
        scheme, rest = url.scheme(), url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        path = rest.split(":", 1)[1] if ":" in rest else ""
        if scheme == "filter":
            key, _, value = path.partition("/")
            self.filterRequested.emit(unquote(key), unquote(value))
        elif scheme == "resource":
            self.resourceRequested.emit(unquote(path))
        elif scheme == "attachment":
            self._open_attachment(path)
        elif scheme in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)

    # --- offline content --------------------------------------------------------------

    def _library_file(self, sha: str, filename: str) -> Path | None:
        # Only files inside the library folder open; anything else is ignored.
        return self.ops.attachment_file(sha, filename)

    def _open_attachment(self, path: str) -> None:
        sha, _, filename = path.partition("/")
        sha, filename = unquote(sha), unquote(filename)
        target = self._library_file(sha, filename)
        if target is None:
            return
        if target.suffix.lower() == ".pdf":
            title = self.view.detail.document.title if self.view else filename
            self.pdf_window = open_pdf(target, title, self.window())
            self._time_pdf(self.pdf_window)
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _time_pdf(self, window: QWidget | None) -> None:
        uid = self.uid
        if window is None or uid is None:
            return
        holder, reading = f"pdf {id(window)}", self.reading
        reading.hold(uid, holder)

        def closed(*_: object) -> None:
            if shiboken6.isValid(reading):  # the window closing may outlive the pane
                reading.release(uid, holder)

        window.destroyed.connect(closed)

    def _note_reading(self, uid: str, seconds: float) -> None:
        self.runner.edit(lambda ops: ops.note_reading(uid, seconds))

    def _note_listening(self, uid: str, position: float, duration: float) -> None:
        self.runner.edit(lambda ops: ops.note_listening(uid, position, duration))

    def _show_media(self, view: DetailView) -> None:
        audio = next(
            (a for a in view.detail.attachments if a.media_type.startswith("audio/")), None
        )
        path = self._library_file(audio.sha256, audio.filename) if audio else None
        key = (view.detail.document.uid, path) if path is not None else None
        # The same episode shown again (an import refreshed it) keeps playing
        # where it is, instead of jumping back to the last saved position.
        if key is not None and key != self._media_key:
            self.player.load(*key)
        elif key is None:
            self.player.unload()
        self._media_key = key
        media_url = view.detail.media_url
        can_download = path is None and is_safe_external(media_url)
        self.download_button.setVisible(can_download)
        self.download_button.setEnabled(True)
        waiting = self.player.waiting_start(view.detail.document.uid) if key is None else None
        self._hint_moment(waiting, can_download)

    def _hint_moment(self, seconds: float | None, can_download: bool) -> None:
        """A moment asked for in an episode whose audio is not here: say why nothing plays."""
        if seconds is None:
            self.media_hint.hide()
            return
        at = clock(int(seconds * 1000))
        if can_download:
            text = (
                "This episode's audio is not in the library yet: choose Download episode, "
                f"and it plays from {at}."
            )
        else:
            text = (
                f"This episode has no audio in the library, so it cannot play from {at}; "
                "its transcript shows the words."
            )
        self.media_hint.setText(text)
        self.media_hint.show()
        announce(self.media_hint, text)

    def download_episode(self) -> None:
        if self.view is None or not self.view.detail.media_url:
            return
        uid, url = self.view.detail.document.uid, self.view.detail.media_url
        self.download_button.setEnabled(False)
        self.download_button.setText("Downloading…")

        def done(_value: object) -> None:
            # The window reloads the resource (it changed), and the player appears.
            self.download_button.setText("Download episode")

        def failed(error: Exception) -> None:
            self.download_button.setText("Download episode")
            self.download_button.setEnabled(True)
            self.downloadFailed.emit(str(error))

        self.runner.job(lambda ops: ops.download_media(uid, url), done, failed)


class Positions:
    """Listening positions for the player, written as the window's own writes (so the
    watch for other programs' changes does not take them for one)."""

    def __init__(self, runner: OperationRunner) -> None:
        self.runner = runner

    def playback_position(self, uid: str) -> float:
        return self.runner.ops.playback_position(uid)

    def set_playback_position(self, uid: str, seconds: float) -> object:
        return self.runner.write_now(lambda ops: ops.set_playback_position(uid, seconds))
