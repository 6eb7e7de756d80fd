"""The episode player: plays a downloaded episode and resumes where the listener stopped.

Two rules keep the window alive whatever the computer's sound set-up:

- Qt Multimedia is imported for the first episode, not at start. When it
  cannot load (on Linux without ``libpulse.so.0``) the player says why in one
  sentence and offers the file to another app; the rest of the window works.
- Qt Multimedia is never called on the GUI thread. Each player's
  ``QMediaPlayer`` lives on one shared media thread and the widget only sends
  it requests. Releasing a player joins the backend's decoder and audio
  threads, and on a machine with no working sound card that join waited for
  ever (issue 12: the window hung in ``setSource(QUrl())``). Now only the media
  thread would wait; the window goes on. The calls that can wait run from the
  media thread's own event loop (``QMetaObject.invokeMethod``), not from
  Python, so no thread that waits holds Python's lock while it does.
"""

from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import (
    Q_ARG,
    QCoreApplication,
    QGenericArgumentHolder,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.durations import clock

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QMediaPlayer

log = logging.getLogger(__name__)

SAVE_EVERY_MS = 5000
STOP_WAIT_MS = 3000


class PositionStore(Protocol):
    """Where listening positions are kept (``Operations``)."""

    def playback_position(self, uid: str) -> float: ...

    def set_playback_position(self, uid: str, seconds: float) -> object: ...


# --- Qt Multimedia, loaded on first use ----------------------------------------------


def import_multimedia() -> None:
    """Load Qt Multimedia; raises ``ImportError`` where this computer cannot."""
    import PySide6.QtMultimedia  # noqa: F401


def multimedia_problem() -> str | None:
    """None when episodes can play here; otherwise one sentence saying why not."""
    try:
        import_multimedia()
    except ImportError as error:
        reason = str(error).removesuffix(": No such file or directory").rstrip(".")
        return "Audio cannot play on this computer because Qt Multimedia could not be loaded" + (
            f" ({reason})." if reason else "."
        )
    return None


# --- the media thread -----------------------------------------------------------------


class _Home(QObject):
    """The parent of every player's core, on the media thread: Qt owns the cores, so
    Python's collector never frees one from the GUI thread while it is in use."""

    @Slot(QObject)
    def adopt(self, core: QObject) -> None:
        core.setParent(self)  # here, on the thread that also deletes cores


_thread: QThread | None = None
_home: _Home | None = None
_abandoned: list[QThread] = []  # a thread that would not stop is never destroyed running


def _media_home() -> _Home:
    """The media thread's parent object, starting the thread on first use."""
    global _thread, _home
    if _home is None or _thread is None:
        _thread = QThread()
        _thread.setObjectName("mediaThread")
        _thread.start()
        _home = _Home()
        _home.moveToThread(_thread)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(stop_media_thread)
        atexit.register(stop_media_thread)
    return _home


def stop_media_thread() -> bool:
    """End the media thread, releasing every player on it; False if it had hung."""
    global _thread, _home
    thread, home = _thread, _home
    _thread = _home = None
    if thread is None or home is None:
        return True
    home.deleteLater()  # deleted (with the players) on the media thread as it ends
    thread.quit()
    if thread.wait(STOP_WAIT_MS):
        return True
    # Only a sound system that never answers gets here; the app is closing anyway.
    log.warning("the media thread did not stop within %d ms; ending it", STOP_WAIT_MS)
    thread.terminate()
    if thread.wait(STOP_WAIT_MS):
        return True
    _abandoned.append(thread)
    return False


def _later(player: QObject, method: str, *args: QGenericArgumentHolder) -> None:
    """Call ``player.method`` from the media thread's event loop, outside Python."""
    QMetaObject.invokeMethod(player, method, Qt.ConnectionType.QueuedConnection, *args)


class MediaCore(QObject):
    """Owns one ``QMediaPlayer`` at a time, on the media thread.

    Requests and reports carry the episode number they are about, so a report
    from an episode already left behind is ignored."""

    position = Signal(int, int)  # episode, ms
    duration = Signal(int, int)  # episode, ms
    playing = Signal(int, bool)  # episode, playing
    loaded = Signal(int)  # episode
    failed = Signal(int, str)  # episode, one sentence
    silent = Signal(int)  # episode: no sound output device

    def __init__(self) -> None:
        super().__init__()
        self._player: QMediaPlayer | None = None
        self._episode = 0
        self._resume_ms = 0

    @Slot(int, str, int)
    def load(self, episode: int, path: str, resume_ms: int) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        self._drop()
        player = QMediaPlayer(self)
        player.setAudioOutput(QAudioOutput(player))
        player.positionChanged.connect(lambda ms: self.position.emit(episode, ms))
        player.durationChanged.connect(lambda ms: self.duration.emit(episode, ms))
        player.playbackStateChanged.connect(
            lambda state: self.playing.emit(
                episode, state == QMediaPlayer.PlaybackState.PlayingState
            )
        )
        player.mediaStatusChanged.connect(lambda status: self._on_status(episode, status))
        player.errorOccurred.connect(
            lambda _error, text: self.failed.emit(episode, f"This episode cannot play: {text}.")
        )
        self._player, self._episode, self._resume_ms = player, episode, resume_ms
        if not QMediaDevices.audioOutputs():
            self.silent.emit(episode)
        player.setSource(QUrl.fromLocalFile(path))

    def _on_status(self, episode: int, status: QMediaPlayer.MediaStatus) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        player = self._player
        if episode != self._episode or player is None:
            return
        if status == QMediaPlayer.MediaStatus.LoadedMedia:
            if self._resume_ms:
                # Resume where the listener stopped; seeking is ignored while loading.
                _later(player, "setPosition", Q_ARG("qint64", self._resume_ms))
                self._resume_ms = 0
            self.loaded.emit(episode)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self.failed.emit(episode, "This episode's file could not be played.")

    @Slot(int)
    def play(self, episode: int) -> None:
        if self._player is not None and episode == self._episode:
            _later(self._player, "play")

    @Slot(int)
    def pause(self, episode: int) -> None:
        if self._player is not None and episode == self._episode:
            _later(self._player, "pause")

    @Slot(int, int)
    def seek(self, episode: int, ms: int) -> None:
        if self._player is not None and episode == self._episode:
            _later(self._player, "setPosition", Q_ARG("qint64", ms))

    @Slot(int)
    def release(self, episode: int) -> None:
        if episode == self._episode:
            self._drop()

    def _drop(self) -> None:
        """Let go of the current player: stopped, then deleted, both from the event loop."""
        player, self._player = self._player, None
        if player is not None:
            _later(player, "stop")
            player.deleteLater()


# --- the widget -----------------------------------------------------------------------


class AudioPlayer(QWidget):
    """Play or pause, a position slider and the time; or one sentence when audio cannot play."""

    _load = Signal(int, str, int)
    _play = Signal(int)
    _pause = Signal(int)
    _seek = Signal(int, int)
    _release = Signal(int)
    _adopt = Signal(QObject)
    # Where the episode is, in seconds, as it plays (a transcript follows it).
    positionChanged = Signal(float)
    # Each saved position: uid, seconds in, the episode's length (0 unknown); CPD suggestions.
    listened = Signal(str, float, float)

    def __init__(self, service: PositionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audioPlayer")
        self.service = service
        self.uid: str | None = None
        self.path: Path | None = None
        self.position_ms = 0
        self.duration_ms = 0
        self.playing = False
        self.loaded = False
        self.problem: str | None = None  # why audio cannot play here, once known
        self._episode = 0
        self._core: MediaCore | None = None
        # A moment or chapter asked for before its episode loaded: (uid, ms).
        self._start: tuple[str, int] | None = None

        self.play_button = QPushButton()
        # Named by its label ("Play", "Pause"), as voice control users say it.
        self.play_button.setAccessibleDescription("Play or pause the episode")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position in the episode")
        self.slider.sliderMoved.connect(self.seek)
        self.time_label = QLabel("0:00 / 0:00")
        self.notice = QLabel()
        self.notice.setObjectName("audioNotice")
        self.notice.setWordWrap(True)
        self.open_button = QPushButton("Open in another app")
        self.open_button.setAccessibleDescription("Open the episode's file in another app")
        self.open_button.clicked.connect(self.open_elsewhere)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(0, 0, 0, 0)
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addLayout(notice_row)

        self._saver = QTimer(self, interval=SAVE_EVERY_MS)
        self._saver.timeout.connect(self.save_position)
        self._say("")
        self._show_state()
        self.hide()

    # --- requests ---------------------------------------------------------------------

    def load(self, uid: str, path: Path) -> None:
        self.save_position()
        self._leave_episode()
        self.uid, self.path = uid, path
        self.show()
        core = self._media_core()
        if core is None:
            self._say(self.problem or "")
            self._show_state()
            return
        self._say("")
        if self._start is not None and self._start[0] == uid:
            resume_ms = self._start[1]  # the moment asked for, not the saved position
        else:
            self._start = None
            resume_ms = int(self.service.playback_position(uid) * 1000)
        self._load.emit(self._episode, str(path), resume_ms)
        self._show_state()

    def play_from(self, seconds: float, uid: str | None = None) -> None:
        """Play from ``seconds`` (a moment, a chapter, a cue) instead of the saved position.

        With ``uid`` of an episode not loaded yet, it plays from there once it loads
        (the window opens the episode, then the detail pane loads its audio); the
        saved resume position is left as it is either way."""
        ms = max(0, int(seconds * 1000))
        if uid is not None and uid != self.uid:
            self._start = (uid, ms)
            return
        if self._core is None or self.uid is None:
            return
        if self.loaded:
            self._seek.emit(self._episode, ms)
            self._play.emit(self._episode)
        else:
            self._start = (self.uid, ms)

    def waiting_start(self, uid: str) -> float | None:
        """The moment (seconds) asked for in ``uid`` that has not played yet, if any."""
        if self._start is None or self._start[0] != uid:
            return None
        return self._start[1] / 1000

    def unload(self) -> None:
        self.save_position()
        self._leave_episode()
        self.uid = self.path = None
        self.hide()

    def toggle(self) -> None:
        if self._core is None or self.uid is None:
            return
        if self.playing:
            self._pause.emit(self._episode)
            self.save_position()
        else:
            self._play.emit(self._episode)

    def seek(self, ms: int) -> None:
        if self._core is not None and self.uid is not None:
            self._seek.emit(self._episode, ms)

    def save_position(self) -> None:
        if self.uid is not None and self.position_ms > 0:
            self.service.set_playback_position(self.uid, self.position_ms / 1000)
            self.listened.emit(self.uid, self.position_ms / 1000, self.duration_ms / 1000)

    def open_elsewhere(self) -> None:
        # The path came from the library's attachments folder (the detail pane checks).
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def _leave_episode(self) -> None:
        if self._core is not None and self.uid is not None:
            self._release.emit(self._episode)
        self._episode += 1  # reports about the old episode are ignored from now on
        self.position_ms = self.duration_ms = 0
        self.playing = self.loaded = False
        self._saver.stop()

    def _media_core(self) -> MediaCore | None:
        if self._core is not None or self.problem is not None:
            return self._core
        self.problem = multimedia_problem()
        if self.problem is not None:
            log.warning("audio unavailable: %s", self.problem)
            return None
        core = MediaCore()
        home = _media_home()
        core.moveToThread(home.thread())
        self._adopt.connect(home.adopt)
        self._adopt.emit(core)
        self._load.connect(core.load)
        self._play.connect(core.play)
        self._pause.connect(core.pause)
        self._seek.connect(core.seek)
        self._release.connect(core.release)
        core.position.connect(self._on_position)
        core.duration.connect(self._on_duration)
        core.playing.connect(self._on_playing)
        core.loaded.connect(self._on_loaded)
        core.failed.connect(self._on_failed)
        core.silent.connect(self._on_silent)
        self.destroyed.connect(core.deleteLater)
        self._core = core
        return core

    # --- reports from the media thread ------------------------------------------------

    @Slot(int, int)
    def _on_position(self, episode: int, ms: int) -> None:
        if episode != self._episode:
            return
        self.position_ms = ms
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self._show_time()
        self.positionChanged.emit(ms / 1000)

    @Slot(int, int)
    def _on_duration(self, episode: int, ms: int) -> None:
        if episode == self._episode:
            self.duration_ms = ms
            self.slider.setRange(0, ms)
            self._show_time()

    @Slot(int, bool)
    def _on_playing(self, episode: int, playing: bool) -> None:
        if episode == self._episode:
            self.playing = playing
            self._show_state()

    @Slot(int)
    def _on_loaded(self, episode: int) -> None:
        if episode == self._episode:
            self.loaded = True
            self._show_state()
            if self._start is not None and self._start[0] == self.uid:
                _, ms = self._start
                self._start = None
                self._seek.emit(self._episode, ms)
                self._play.emit(self._episode)

    @Slot(int, str)
    def _on_failed(self, episode: int, sentence: str) -> None:
        if episode == self._episode:
            self._say(sentence)

    @Slot(int)
    def _on_silent(self, episode: int) -> None:
        if episode == self._episode:
            self._say(
                "No sound device was found on this computer, so the episode cannot be heard "
                "here; try opening it in another app."
            )

    # --- showing the state ------------------------------------------------------------

    def _say(self, sentence: str) -> None:
        self.notice.setText(sentence)
        self.notice.setVisible(bool(sentence))
        self.open_button.setVisible(bool(sentence) and self.path is not None)

    def _show_state(self) -> None:
        available = self.problem is None
        for widget in (self.play_button, self.slider, self.time_label):
            widget.setVisible(available)
        playing = self.playing
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setEnabled(self.loaded)
        self.slider.setEnabled(self.loaded)
        if playing:
            self._saver.start()
        else:
            self._saver.stop()
        self._show_time()

    def _show_time(self) -> None:
        self.time_label.setText(f"{clock(self.position_ms)} / {clock(self.duration_ms)}")
