"""Smaller defects a new user met: durations, episode ids as links, where file dialogs start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from desktop_app.ui import dialogs
from desktop_app.ui.durations import clock, spoken_duration
from desktop_app.ui.main_window import MainWindow
from resources_db.importing import import_source
from tests.gui.conftest import TIMEOUT_MS


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (45, "45 s"),
        (59.6, "1 min"),
        (60, "1 min"),
        (80, "1 min 20 s"),
        (1500, "25 min"),
        (3600, "1 h"),
        (3725, "1 h 2 min"),
        (7170, "2 h"),
    ],
)
def test_durations_read_as_people_say_them(seconds: float, shown: str) -> None:
    assert spoken_duration(seconds) == shown


def test_the_player_clock() -> None:
    assert clock(80_000) == "1:20"
    assert clock(3_725_000) == "1:02:05"


def feed(tmp_path: Path, duration: str) -> Path:
    path = tmp_path / "podcast.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        "<title>Little Voices</title>"
        "<item><title>Episode 1: Crying</title><guid>ep1</guid>"
        f"<itunes:duration>{duration}</itunes:duration></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("duration", "shown"), [("0:45", "45 s"), ("1:20", "1 min 20 s")])
def test_an_episode_shows_its_length_and_no_internal_id_as_a_link(
    qtbot, window: MainWindow, tmp_path: Path, duration: str, shown: str
) -> None:
    assert import_source(window.ops.library, str(feed(tmp_path, duration))).added == 1
    window.ops.index.catch_up()
    window.show_resource("feed:ep1")
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.uid == "feed:ep1", timeout=TIMEOUT_MS)
    text = pane.browser.toPlainText()
    assert f"Duration: {shown}" in text
    # "ep1" is the feed's own id for the episode, not an address anyone can open.
    assert "ep1" not in text
    assert not pane.open_button.isEnabled()


@pytest.fixture
def test_folders() -> Iterator[Path]:
    QStandardPaths.setTestModeEnabled(True)
    try:
        yield Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
    finally:
        QStandardPaths.setTestModeEnabled(False)


def test_file_dialogs_start_in_the_documents_folder(test_folders: Path) -> None:
    test_folders.mkdir(parents=True, exist_ok=True)
    assert dialogs.documents_folder() == test_folders


def test_without_a_documents_folder_dialogs_start_at_home(test_folders: Path) -> None:
    if test_folders.exists():
        test_folders.rmdir()
    assert dialogs.documents_folder() == Path.home()
