"""No media call may freeze the window.

Seen on a machine with no sound card: after listening to an episode,
importing, then opening another result, the window hung for good inside
``QMediaPlayer.setSource(QUrl())``: releasing a player waits for the sound
system's threads. The window now leaves every Qt Multimedia call to a media
thread, so a sound system that stops answering silences the audio, not the app.
(This machine has no audio device, as on the machine where it hung.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from desktop_app.operations import Changes
from desktop_app.ui.main_window import MainWindow
from resources_db.catalogue_writer import add_download
from resources_db.packs import PackAttachment
from tests.gui.conftest import TIMEOUT_MS, search
from tests.gui.test_media import PODCAST, make_wav

OTHER = "imhaw-2020/week"

# What the sound system says on a machine with no audio device, and when an
# episode is left while it is still loading: the situation under test, not a fault.
pytestmark = pytest.mark.qt_log_ignore(
    "No audio device detected",
    "PulseAudioService: .*",
    "Couldn't (load|resolve) .*",
    "Could not open media. FFmpeg error description: Immediate exit requested",
)


class SoundSystem:
    """Watches the Qt Multimedia calls made from Python; can be made to stop answering."""

    def __init__(self) -> None:
        self.on_gui_thread: list[str] = []
        self.answering = threading.Event()
        self.answering.set()
        self.waiting = threading.Event()  # a call is stuck waiting for an answer

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(player: QMediaPlayer, *args: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                self.on_gui_thread.append(name)
            elif not self.answering.is_set():
                self.waiting.set()
                self.answering.wait(TIMEOUT_MS / 1000)
            return real(player, *args)

        return call


@pytest.fixture
def sound(monkeypatch: pytest.MonkeyPatch) -> Iterator[SoundSystem]:
    system = SoundSystem()
    for name in ("setSource", "stop", "play", "pause", "setPosition"):
        monkeypatch.setattr(QMediaPlayer, name, system.wrap(name, getattr(QMediaPlayer, name)))
    yield system
    system.answering.set()  # never leave the media thread stuck after the test


def attach_audio(window: MainWindow, uid: str, audio: Path) -> None:
    with window.ops.unit_of_work() as session:
        add_download(
            session,
            uid,
            PackAttachment(audio.name, "Episode audio", "audio/wav", audio.read_bytes()),
            window.ops.library.paths.attachments_dir,
        )


def open_resource(qtbot, window: MainWindow, uid: str) -> None:
    window.show_resource(uid)
    qtbot.waitUntil(lambda: window.detail_pane.uid == uid, timeout=TIMEOUT_MS)


def test_listening_importing_then_opening_another_result_never_blocks(
    qtbot, window: MainWindow, sound: SoundSystem, tmp_path: Path
) -> None:
    attach_audio(window, PODCAST, make_wav(tmp_path / "episode.wav", seconds=30))
    open_resource(qtbot, window, PODCAST)
    player = window.detail_pane.player
    qtbot.waitUntil(lambda: player.loaded, timeout=TIMEOUT_MS)
    player.toggle()
    qtbot.waitUntil(lambda: player.playing and player.position_ms > 0, timeout=TIMEOUT_MS)
    window.apply_changes(Changes(catalogue=True))  # what an import reports
    qtbot.waitUntil(lambda: window.runner.idle, timeout=TIMEOUT_MS)
    open_resource(qtbot, window, OTHER)
    assert not player.isVisible()
    assert sound.on_gui_thread == []
    # The listener's place was kept for next time.
    assert window.ops.playback_position(PODCAST) > 0


def test_a_sound_system_that_stops_answering_leaves_the_window_working(
    qtbot, window: MainWindow, sound: SoundSystem, tmp_path: Path
) -> None:
    attach_audio(window, PODCAST, make_wav(tmp_path / "episode.wav"))
    open_resource(qtbot, window, PODCAST)
    player = window.detail_pane.player
    qtbot.waitUntil(lambda: player.loaded, timeout=TIMEOUT_MS)
    sound.answering.clear()
    open_resource(qtbot, window, OTHER)
    open_resource(qtbot, window, PODCAST)  # the next media call now waits on the sound system
    qtbot.waitUntil(sound.waiting.is_set, timeout=TIMEOUT_MS)
    # Meanwhile the window goes on: another result opens, a search runs, a bookmark is made.
    open_resource(qtbot, window, OTHER)
    search(qtbot, window, "babies")
    window.detail_pane.bookmark_button.click()
    qtbot.waitUntil(lambda: window.ops.bookmark(OTHER) is not None, timeout=TIMEOUT_MS)
    assert sound.on_gui_thread == []
    sound.answering.set()
