"""Offline content: PDFs open inside the app; downloaded episodes play and resume."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.media_views import AudioPlayer, clock
from desktop_app.ui.pdf_window import PdfWindow
from tests.gui.conftest import TIMEOUT_MS
from tests.helpers import attach_file, serving

PODCAST = "imhaw-2020/podcast-mind-matters-karen-bateson"
# This machine, like many laptops in a clinic, may have no sound device.
NO_SOUND_DEVICE = pytest.mark.qt_log_ignore(
    "No audio device detected", "PulseAudioService: .*", "Couldn't (load|resolve) .*"
)


def make_pdf(path: Path, pages: int = 2) -> Path:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    document = QTextDocument()
    breaks = '<p style="page-break-before: always">Page two</p>' if pages > 1 else ""
    document.setHtml(f"<h1>Handout</h1><p>Page one</p>{breaks}")
    document.print_(printer)
    return path


def make_wav(path: Path, seconds: float = 4.0, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = int(seconds * rate)
        out.writeframes(struct.pack(f"<{frames}h", *([0] * frames)))
    return path


def test_a_pdf_opens_in_its_own_window(qtbot, tmp_path: Path) -> None:
    window = PdfWindow(make_pdf(tmp_path / "handout.pdf"), "Handout")
    qtbot.addWidget(window)
    assert window.page_count == 2
    assert window.status.text() == "2 pages"


def test_a_broken_pdf_says_so(qtbot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    window = PdfWindow(broken, "Broken")
    qtbot.addWidget(window)
    assert window.status.text().startswith("This PDF could not be opened")


def test_clock_formats_positions() -> None:
    assert clock(0) == "0:00"
    assert clock(65_000) == "1:05"
    assert clock(3_725_000) == "1:02:05"


@NO_SOUND_DEVICE
def test_a_downloaded_episode_shows_the_player_and_resumes(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    audio = make_wav(tmp_path / "episode.wav")
    attach_file(window.ops, PODCAST, audio, "audio/wav", "Episode audio")
    window.ops.set_playback_position(PODCAST, 2.0)
    window.show_resource(PODCAST)
    player: AudioPlayer = window.detail_pane.player
    qtbot.waitUntil(lambda: player.uid == PODCAST, timeout=TIMEOUT_MS)
    assert player.isVisible()
    # The player reports from its own thread: it loads, then seeks to the saved place.
    qtbot.waitUntil(lambda: player.loaded, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: player.position_ms == 2000, timeout=TIMEOUT_MS)
    player.seek(3000)
    qtbot.waitUntil(lambda: player.position_ms == 3000, timeout=TIMEOUT_MS)
    player.save_position()
    assert window.ops.playback_position(PODCAST) == 3.0


def test_podcasts_without_audio_offer_a_download(qtbot, window: MainWindow) -> None:
    window.show_resource(PODCAST)
    qtbot.waitUntil(lambda: window.detail_pane.uid == PODCAST, timeout=TIMEOUT_MS)
    # The starter podcast has no audio address (none is invented), so there is nothing
    # to download and the button stays hidden.
    assert not window.detail_pane.download_button.isVisible()
    assert not window.detail_pane.player.isVisible()


@NO_SOUND_DEVICE
def test_downloading_an_episode_brings_up_the_player(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from resources_db.importing import import_source

    serve = tmp_path / "site"
    serve.mkdir()
    make_wav(serve / "ep1.wav")

    with serving(serve) as base:
        feed = tmp_path / "podcast.xml"
        feed.write_text(
            '<?xml version="1.0"?><rss version="2.0" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
            "<title>Little Voices</title><item><title>Episode 1: Crying</title>"
            f'<guid>ep1</guid><enclosure url="{base}/ep1.wav" type="audio/wav" length="1"/>'
            "<itunes:duration>0:04</itunes:duration></item></channel></rss>",
            encoding="utf-8",
        )
        assert import_source(window.ops.library, str(feed)).added == 1
        window.ops.index.catch_up()
        uid = "feed:ep1"
        window.show_resource(uid)
        pane = window.detail_pane
        qtbot.waitUntil(lambda: pane.uid == uid and pane.download_button.isVisible())
        pane.download_button.click()
        qtbot.waitUntil(lambda: pane.player.isVisible() and pane.player.uid == uid, timeout=15000)
        assert not pane.download_button.isVisible()
