"""Offline content inside the app: a PDF viewer window and an audio player that resumes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Operations

SAVE_EVERY_MS = 5000


def clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class PdfWindow(QWidget):
    """A PDF from the library folder, shown in its own window (no external viewer needed)."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("pdfWindow")
        self.setWindowTitle(f"{title} — IMH Library")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName(f"PDF: {title}")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.status.setText(f"This PDF could not be opened ({error.name}).")
        else:
            self.status.setText(f"{self.document.pageCount()} pages")
        self.resize(820, 900)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()


class AudioPlayer(QWidget):
    """Plays a downloaded episode and remembers where the listener stopped."""

    def __init__(self, service: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audioPlayer")
        self.service = service
        self.uid: str | None = None
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self.play_button = QPushButton()
        self.play_button.setAccessibleName("Play or pause the episode")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position in the episode")
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time_label = QLabel("0:00 / 0:00")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time_label)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(lambda ms: self.slider.setRange(0, ms))
        self.player.playbackStateChanged.connect(lambda _state: self._show_state())
        self._saver = QTimer(self, interval=SAVE_EVERY_MS)
        self._saver.timeout.connect(self.save_position)
        self._resume_ms = 0
        self.player.mediaStatusChanged.connect(self._on_status)
        self._show_state()
        self.hide()

    def load(self, uid: str, path: Path) -> None:
        self.save_position()
        self.uid = uid
        self._resume_ms = int(self.service.playback_position(uid) * 1000)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.show()

    def unload(self) -> None:
        self.save_position()
        self.player.stop()
        self.player.setSource(QUrl())
        self.uid = None
        self.hide()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._resume_ms:
            self.player.setPosition(self._resume_ms)  # resume where the listener stopped

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
            self.save_position()
        else:
            self.player.play()

    def _show_state(self) -> None:
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")
        if playing:
            self._saver.start()
        else:
            self._saver.stop()

    def _on_position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time_label.setText(f"{clock(ms)} / {clock(self.player.duration())}")

    def save_position(self) -> None:
        if self.uid is not None and self.player.position() > 0:
            self.service.set_playback_position(self.uid, self.player.position() / 1000)
