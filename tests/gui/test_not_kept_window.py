"""The window says which of a feed's transcripts were refused and why: in the import's
summary and status bar, and in the Feeds dialog after a refresh."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.ui.main_window import MainWindow
from tests.gui.curation_support import TIMEOUT_MS, curated
from tests.not_kept_feed import (
    EPISODE_13,
    bomb_sentence,
    replace_the_kept_transcript,
)
from tests.transcript_feed import EPISODE_12, TranscriptFeedServer


def test_import_and_refresh_show_each_refused_transcript(
    qtbot, window: MainWindow, hostile_feed: TranscriptFeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (hostile_feed.url, True))
    with qtbot.waitSignal(window.transfers.imported, timeout=TIMEOUT_MS):
        window.transfers.choose_address()  # File ▸ Import from a web address…
    first = "3 added, 0 updated. 4 transcript and chapters files were not kept."
    assert window.statusBar().currentMessage() == first
    box = window.findChild(QMessageBox, "importSummary")
    assert box is not None and box.text() == first
    assert f"{EPISODE_13}: {bomb_sentence('13.html')}" in box.informativeText()
    box.close()

    replace_the_kept_transcript(hostile_feed)
    curation = curated(window)
    curation.actions["feeds"].trigger()
    dialog = curation.feeds_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT_MS) as done:
        dialog.refresh_all_button.click()
    assert done.args[0].split("\n")[0] == (
        "Refreshed 1 feed: 0 new, 0 updated. 6 transcript and chapters files were not kept."
    )
    shown = dialog.status.text().split("\n")
    assert "Little Minds (test feed):" in shown
    assert (
        f"    {EPISODE_12}: 12-v2.html declares XML entities, which IMH Library refuses; "
        "the transcript kept before stays."
    ) in shown
    assert shown[-1] == "    and 1 more"
