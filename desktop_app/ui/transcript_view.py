"""An episode's chapters and transcript in the detail pane.

The transcript follows the audio (the cue being spoken is highlighted and
kept in view), scrolls to a search's moment, can be searched within, copied
with or without times and printed; a badge says where it came from. A click on
a chapter or on a cue's time asks for the audio to play from there
(``playRequested``); the detail pane passes that to its player. Transcript
files dropped on the detail pane are imported for the episode shown
(``TranscriptDrops``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QPagedPaintDevice,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Changes, Operations
from desktop_app.operations.transcript_ops import TranscriptImport
from desktop_app.ui.durations import clock
from desktop_app.ui.operation_runner import OperationRunner
from resources_db.catalogue import ResourceDetail
from resources_db.transcripts.model import Chapter, Cue
from resources_db.transcripts.store import TranscriptInfo

# A moment plays from a little before its words, so the sentence is heard whole.
LEAD_IN_S = 2.0
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".json", ".html", ".htm", ".txt", ".xml")
BADGES = {
    "publisher": "Transcript from the publisher",
    "file": "Transcript from a file",
    "automatic": "Automatic transcript",
}
SHIFT_NOTE = "Times can shift when a feed inserts adverts."


def seconds_clock(seconds: float) -> str:
    return clock(int(seconds * 1000))


def transcript_text(cues: tuple[Cue, ...], *, with_times: bool, timed: bool = True) -> str:
    """The transcript as plain text: one line per cue ("0:09  Ben: words"), or
    without times one paragraph per turn ("Ben: words words")."""
    if with_times and timed:
        lines = []
        for cue in cues:
            who = f"{cue.speaker}: " if cue.speaker else ""
            lines.append(f"{seconds_clock(cue.start)}  {who}{cue.text}")
        return "\n".join(lines) + "\n"
    turns: list[tuple[str, list[str]]] = []
    for cue in cues:
        if turns and turns[-1][0] == cue.speaker:
            turns[-1][1].append(cue.text)
        else:
            turns.append((cue.speaker, [cue.text]))
    paragraphs = [(f"{who}: " if who else "") + " ".join(words) for who, words in turns]
    return "\n\n".join(paragraphs) + "\n"


def badge_text(transcript: TranscriptInfo) -> str:
    parts = [BADGES.get(transcript.source_kind, "Transcript")]
    if transcript.language:
        parts.append(f"({transcript.language})")
    note = SHIFT_NOTE if transcript.timed else "It has no times."
    return " ".join(parts) + f". {note}"


class TranscriptPanel(QWidget):
    """Chapters, a badge, a find box, copy and print, and the transcript itself."""

    playRequested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptPanel")
        self.setAccessibleName("Transcript and chapters")
        self.uid: str | None = None
        self.cues: tuple[Cue, ...] = ()
        self.chapters: list[Chapter] = []
        self.timed = True
        self.current_cue: int | None = None
        self._starts: list[float] = []
        self._reveal: tuple[str, float] | None = None
        self._found: list[QTextCursor] = []

        self.chapters_label = QLabel("Chapters")
        self.chapters_view = QListWidget()
        self.chapters_view.setObjectName("chaptersView")
        self.chapters_view.setAccessibleName("Chapters")
        self.chapters_view.setAccessibleDescription("Enter or a click plays from the chapter")
        self.chapters_view.setMaximumHeight(110)
        self.chapters_view.itemActivated.connect(self._chapter_chosen)
        self.chapters_view.itemClicked.connect(self._chapter_chosen)

        self.badge = QLabel()
        self.badge.setObjectName("transcriptBadge")
        self.badge.setWordWrap(True)
        self.find_box = QLineEdit()
        self.find_box.setObjectName("transcriptFind")
        self.find_box.setPlaceholderText("Find in the transcript")
        self.find_box.setAccessibleName("Find in the transcript")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(lambda _text: self.find_words())
        self.find_box.returnPressed.connect(self.find_next)
        self.find_status = QLabel()
        self.follow_box = QCheckBox("Follow the audio")
        self.follow_box.setChecked(True)
        self.copy_button = QToolButton()
        self.copy_button.setText("Copy")
        self.copy_button.setAccessibleName("Copy the transcript")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.copy_button)
        menu.addAction("Copy with times").triggered.connect(lambda: self.copy(with_times=True))
        menu.addAction("Copy text only").triggered.connect(lambda: self.copy(with_times=False))
        self.copy_button.setMenu(menu)
        self.print_button = QPushButton("Print…")
        self.print_button.setAccessibleName("Print the transcript")
        self.print_button.clicked.connect(self.print_dialog)

        self.text = QTextBrowser()
        self.text.setObjectName("transcriptText")
        self.text.setAccessibleName("Transcript")
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._on_anchor)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.find_box, 1)
        tools.addWidget(self.find_status)
        tools.addWidget(self.follow_box)
        tools.addWidget(self.copy_button)
        tools.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chapters_label)
        layout.addWidget(self.chapters_view)
        layout.addWidget(self.badge)
        layout.addLayout(tools)
        layout.addWidget(self.text, 1)
        self.clear()

    # --- what is shown ----------------------------------------------------------------

    def show_episode(self, detail: ResourceDetail | None) -> None:
        """The transcript and chapters of ``detail`` (hidden when it has neither)."""
        if detail is None:
            self.clear()
            return
        uid = detail.document.uid
        same = uid == self.uid
        self.uid = uid
        self._show_chapters(detail.chapters)
        self._show_transcript(detail.transcript, keep_place=same)
        self.setVisible(bool(detail.chapters) or detail.transcript is not None)
        if self._reveal is not None and self._reveal[0] == uid:
            self.reveal(self._reveal[1])
            self._reveal = None

    def clear(self) -> None:
        self.uid = None
        self._show_chapters([])
        self._show_transcript(None)
        self.hide()

    def _show_chapters(self, chapters: list[Chapter]) -> None:
        self.chapters = list(chapters)
        self.chapters_view.clear()
        for chapter in chapters:
            item = QListWidgetItem(f"{seconds_clock(chapter.start)}  {chapter.title}")
            item.setData(Qt.ItemDataRole.UserRole, chapter.start)
            self.chapters_view.addItem(item)
        self.chapters_label.setVisible(bool(chapters))
        self.chapters_view.setVisible(bool(chapters))

    def _show_transcript(self, transcript: TranscriptInfo | None, keep_place: bool = False) -> None:
        cues = transcript.cues if transcript is not None else ()
        if keep_place and cues == self.cues:
            return  # the same episode shown again: stay where the reader is
        self.cues = cues
        self.timed = transcript.timed if transcript is not None else True
        self._starts = [cue.start for cue in cues]
        self.current_cue = None
        self.text.setDocument(self._document(cues))
        shown: tuple[QWidget, ...] = (
            self.badge,
            self.find_box,
            self.find_status,
            self.text,
            self.copy_button,
            self.print_button,
        )
        for widget in shown:
            widget.setVisible(bool(cues))
        self.follow_box.setVisible(bool(cues) and self.timed)
        self.badge.setText(badge_text(transcript) if transcript is not None else "")
        self.find_words()

    def _document(self, cues: tuple[Cue, ...]) -> QTextDocument:
        """One block per cue (block n is cue n): its time as a link, the speaker when
        the turn changes, the words."""
        document = QTextDocument(self)
        document.setDefaultFont(self.text.font())
        cursor = QTextCursor(document)
        plain, bold, link = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        bold.setFontWeight(700)
        link.setAnchor(True)
        link.setForeground(self.palette().color(QPalette.ColorRole.Link))
        spacing = QTextBlockFormat()
        spacing.setBottomMargin(4)
        speaker = None
        for number, cue in enumerate(cues):
            if number:
                cursor.insertBlock(spacing)
            else:
                cursor.setBlockFormat(spacing)
            if self.timed:
                link.setAnchorHref(f"cue:{number}")
                cursor.insertText(seconds_clock(cue.start), link)
                cursor.insertText("  ", plain)
            if cue.speaker and cue.speaker != speaker:
                cursor.insertText(f"{cue.speaker}: ", bold)
            speaker = cue.speaker or speaker
            cursor.insertText(cue.text, plain)
        return document

    # --- the audio --------------------------------------------------------------------

    def cue_at(self, seconds: float) -> int | None:
        """The cue being spoken at ``seconds`` (the last one begun)."""
        if not self.timed or not self._starts:
            return None
        found = bisect_right(self._starts, seconds + 0.05) - 1
        return max(found, 0)

    def follow(self, seconds: float) -> None:
        """Highlight the cue being spoken; keep it in view while following the audio."""
        if not self.isVisible() or not self.cues:
            return
        number = self.cue_at(seconds)
        if number is None or number == self.current_cue:
            return
        self._mark(number, scroll=self.follow_box.isChecked() and not self.find_box.hasFocus())

    def reveal(self, seconds: float, uid: str | None = None) -> None:
        """Scroll to and highlight the cue at ``seconds`` (a search's moment); with
        ``uid`` of another episode, once that episode is shown."""
        if uid is not None and uid != self.uid:
            self._reveal = (uid, seconds)
            return
        number = self.cue_at(seconds)
        if number is not None:
            self._mark(number, scroll=True)

    def _mark(self, number: int, *, scroll: bool) -> None:
        self.current_cue = number
        block = self.text.document().findBlockByNumber(number)
        cursor = QTextCursor(block)
        if scroll:
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
        self._paint_selections()

    def _paint_selections(self) -> None:
        selections = []
        for found in self._found:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = found
            selection.format.setBackground(QColor("#ffe58a"))
            selection.format.setForeground(QColor("#000000"))
            selections.append(selection)
        if self.current_cue is not None:
            block = self.text.document().findBlockByNumber(self.current_cue)
            spoken = QTextEdit.ExtraSelection()
            spoken.cursor = QTextCursor(block)
            spoken.format.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
            spoken.format.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
            selections.insert(0, spoken)
        self.text.setExtraSelections(selections)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "cue":
            number = int(url.path()) if url.path().isdigit() else -1
            if 0 <= number < len(self.cues):
                self.playRequested.emit(self.cues[number].start)

    def _chapter_chosen(self, item: QListWidgetItem) -> None:
        self.playRequested.emit(float(item.data(Qt.ItemDataRole.UserRole)))

    # --- find, copy, print ----------------------------------------------------------

    def find_words(self) -> int:
        """Highlight every place the find box's words occur; returns how many."""
        words = self.find_box.text().strip()
        self._found = []
        document = self.text.document()
        if words:
            cursor = document.find(words, 0)
            while not cursor.isNull() and len(self._found) < 1000:
                self._found.append(cursor)
                cursor = document.find(words, cursor)
        count = len(self._found)
        self.find_status.setText(f"{count} found" if words else "")
        self._paint_selections()
        if self._found:
            self._go_to(self._found[0])
        return count

    def find_next(self) -> None:
        """Move to the next place found after the reader's position (round to the first)."""
        if not self._found:
            return
        here = self.text.textCursor().selectionEnd()
        after = [found for found in self._found if found.selectionStart() >= here]
        self._go_to(after[0] if after else self._found[0])

    def _go_to(self, found: QTextCursor) -> None:
        self.text.setTextCursor(found)
        self.text.ensureCursorVisible()

    def copy(self, *, with_times: bool) -> str:
        text = transcript_text(self.cues, with_times=with_times, timed=self.timed)
        QGuiApplication.clipboard().setText(text)
        return text

    def print_to(self, printer: QPagedPaintDevice) -> None:
        self.text.document().print_(printer)

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the transcript")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)


def import_for(uid: str, path: Path) -> Callable[[Operations], tuple[TranscriptImport, Changes]]:
    """The work of importing a dropped transcript, for ``OperationRunner.job``."""

    def work(ops: Operations) -> tuple[TranscriptImport, Changes]:
        done = ops.import_transcript(uid, path)
        return done, done.changes

    return work


class TranscriptDrops(QObject):
    """Lets transcript and chapters files be dropped on a widget (the detail pane):
    each is imported for the episode shown there, in the background."""

    def __init__(
        self,
        target: QWidget,
        runner: OperationRunner,
        shown_uid: Callable[[], str | None],
        failed: Callable[[str], None],
    ) -> None:
        super().__init__(target)
        self.runner, self.shown_uid, self.failed = runner, shown_uid, failed
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def files(self, event: QDragMoveEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [path for path in paths if path.suffix.lower() in TRANSCRIPT_SUFFIXES]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if self.shown_uid() is not None and self.files(event):
                event.acceptProposedAction()
                return True
        elif isinstance(event, QDropEvent):
            uid = self.shown_uid()
            files = self.files(event)
            if uid is not None and files:
                event.acceptProposedAction()
                self.drop(uid, files[0])
                return True
        return super().eventFilter(watched, event)

    def drop(self, uid: str, path: Path) -> None:
        self.runner.job(import_for(uid, path), lambda _done: None, lambda e: self.failed(str(e)))
