"""Degrade, never die: without Qt Multimedia (or QtPdf) the window still works.

On Linux, Qt Multimedia fails to import when ``libpulse.so.0`` is missing.
The window must still open, search and bookmark, and the player must say in
one sentence why audio is unavailable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.ui import audio_player, media_views
from tests.gui.test_media import make_pdf, make_wav

MISSING_LIBRARY = "libpulse.so.0: cannot open shared object file: No such file or directory"
BLOCKED = ("PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets")
PODCAST = "imhaw-2020/podcast-mind-matters-karen-bateson"
ROOT = Path(__file__).resolve().parents[2]


class Positions:
    def __init__(self) -> None:
        self.saved: dict[str, float] = {}

    def playback_position(self, uid: str) -> float:
        return self.saved.get(uid, 0.0)

    def set_playback_position(self, uid: str, seconds: float) -> None:
        self.saved[uid] = seconds


def no_multimedia() -> None:
    raise ImportError(MISSING_LIBRARY)


def test_the_player_says_in_one_sentence_why_audio_is_unavailable(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(audio_player, "import_multimedia", no_multimedia)
    player = media_views.create_audio_player(Positions())
    qtbot.addWidget(player)
    player.load("ep", make_wav(tmp_path / "ep.wav"))
    sentence = player.notice.text()
    assert player.notice.isVisibleTo(player)
    assert sentence.startswith("Audio cannot play on this computer")
    assert "libpulse.so.0" in sentence
    assert sentence.endswith(".") and sentence.count(". ") == 0
    assert not player.play_button.isVisibleTo(player)
    assert player.open_button.isVisibleTo(player)  # the file can still go to another app
    player.unload()
    assert not player.isVisibleTo(player.parentWidget() or player)


def test_without_qtpdf_a_pdf_opens_in_the_computers_viewer(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str] = []

    def missing() -> type:
        raise ImportError("libQt6Pdf.so.6: cannot open shared object file")

    monkeypatch.setattr(media_views, "import_pdf_window", missing)
    monkeypatch.setattr(
        media_views.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    pdf = make_pdf(tmp_path / "handout.pdf")
    assert media_views.open_pdf(pdf, "Handout") is None
    assert opened == [str(pdf)]


def test_open_pdf_shows_the_apps_viewer(qtbot, tmp_path: Path) -> None:
    window = media_views.open_pdf(make_pdf(tmp_path / "handout.pdf"), "Handout")
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and window.objectName() == "pdfWindow"


def test_the_window_opens_searches_and_bookmarks_without_qt_multimedia(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("IMH_LIBRARY_HOME", None)
    run = subprocess.run(
        [sys.executable, "-c", BOOT, str(tmp_path / "library")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["multimedia_imported"] is False
    assert report["results"] > 0
    assert report["bookmarked"] is True
    assert report["notice"].startswith("Audio cannot play on this computer")
    assert "libpulse.so.0" in report["notice"]


# --- the window in a process where Qt Multimedia cannot load ------------------------


# Installed before anything is imported: the whole app then starts on a machine
# where importing Qt Multimedia fails, as it does without libpulse.
BOOT = f"""
import runpy, sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name in {BLOCKED!r}:
            raise ImportError({MISSING_LIBRARY!r})
sys.meta_path.insert(0, Blocker())
runpy.run_module("tests.gui.test_degrade", run_name="__main__")
"""


def _drive_window(data_dir: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import open_window
    from desktop_app.ui.self_test import wait_until
    from tests.helpers import attach_file

    window = open_window(data_dir)
    window.show()
    try:
        assert wait_until(lambda: window.index_label.text() == "Search index ready")
        panel = window.search_panel
        panel.search_box.setText("infant mental health")
        panel.search_now()
        assert wait_until(lambda: panel.shows("infant mental health"))
        hit = panel.model.hit(0)
        assert hit is not None
        window.show_resource(hit.uid)
        assert wait_until(lambda: window.detail_pane.uid == hit.uid)
        window.detail_pane.bookmark_button.click()
        assert wait_until(lambda: window.runner.idle)
        multimedia_imported = any(name in sys.modules for name in BLOCKED)

        audio = make_wav(data_dir.parent / "episode.wav")
        attach_file(window.ops, PODCAST, audio, "audio/wav", "Episode audio")
        window.show_resource(PODCAST)
        player = window.detail_pane.player
        assert wait_until(lambda: player.uid == PODCAST and player.notice.text() != "")
        return {
            "multimedia_imported": multimedia_imported,
            "results": panel.model.total,
            "bookmarked": window.ops.bookmark(hit.uid) is not None,
            "notice": player.notice.text(),
        }
    finally:
        window.close()
        window.ops.close()
        QApplication.processEvents()


if __name__ == "__main__":
    print(json.dumps(_drive_window(Path(sys.argv[1]))))


# --- no screen: an error never waits on a dialog ----------------------------------------


def start_window(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("IMH_LIBRARY_HOME", None)
    # A timeout, because the failure this guards against is waiting for ever.
    return subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "gui", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def assert_one_sentence(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("imh-library: ") and lines[0].endswith(".")
    return lines[0]


def test_a_data_folder_that_is_a_file_says_so_and_exits(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "library"
    not_a_folder.write_text("a file, not a folder")
    line = assert_one_sentence(start_window(not_a_folder))
    assert line.endswith("is a file, not a folder: choose a folder for the library.")


def test_a_damaged_database_says_so_and_exits(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "library.sqlite3").write_bytes(b"garbage " * 512)
    line = assert_one_sentence(start_window(folder))
    assert "damaged" in line
    assert (folder / "library.sqlite3").read_bytes() == b"garbage " * 512  # left as it was


def test_a_damaged_database_with_a_backup_names_the_restore_command(tmp_path: Path) -> None:
    from resources_db import backups
    from resources_db.library import open_library

    library = open_library(tmp_path / "library")
    backups.backup_database(library.db.engine, library.paths.backups_dir, "manual")
    library.close()
    library.paths.database.write_bytes(b"garbage " * 512)
    line = assert_one_sentence(start_window(tmp_path / "library"))
    assert "imh-library restore" in line
    assert library.paths.database.read_bytes() == b"garbage " * 512  # nothing restored unasked
