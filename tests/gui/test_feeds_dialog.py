"""File ▸ Feeds…: subscriptions with item counts and last refresh, Refresh now in the
background (one sentence per failure), unsubscribing, and new items marked new."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.feeds_dialog import FeedsDialog, refresh_summary
from desktop_app.ui.main_window import MainWindow
from resources_db.importing import RefreshOutcome
from tests.gui.curation_support import TIMEOUT_MS, curated, research
from tests.helpers import settle
from tests.resources_db.test_importing import FeedServer, feed


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer()
    yield running
    running.close()


def open_feeds(qtbot, window: MainWindow) -> FeedsDialog:
    curation = curated(window)
    curation.actions["feeds"].trigger()
    dialog = curation.feeds_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def cells(dialog: FeedsDialog, row: int = 0) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]  # type: ignore[union-attr]


def test_the_dialog_lists_feeds_and_refreshes_them(
    qtbot, window: MainWindow, server: FeedServer
) -> None:
    window.ops.import_sources([server.url])
    dialog = open_feeds(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    assert cells(dialog) == ["Attuned Practice Blog", "feed", "2", "Never", ""]
    server.body = feed("Sleep and settling", "Crying and comfort", "Feeding and closeness")
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT_MS) as done:
        dialog.refresh_all_button.click()
        assert dialog.progress.isVisible() and not dialog.refresh_all_button.isEnabled()
    assert done.args[0] == "Refreshed 1 feed: 1 new, 0 updated."  # two came unchanged
    qtbot.waitUntil(lambda: cells(dialog)[2] == "3", timeout=TIMEOUT_MS)
    assert cells(dialog)[3] != "Never" and cells(dialog)[4] == "OK"
    assert not dialog.progress.isVisible()
    research(qtbot, window, "feeding closeness")
    assert window.search_panel.model.total == 1


def test_a_feed_that_fails_gets_one_sentence(qtbot, window: MainWindow, server: FeedServer) -> None:
    window.ops.import_sources([server.url])
    server.status = 503
    dialog = open_feeds(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT_MS):
        dialog.refresh_one_button.click()
    first, failure = dialog.status.text().split("\n")
    assert first == "Refreshed 0 feeds: 0 new, 0 updated."
    assert failure.startswith("Attuned Practice Blog: ") and "503" in failure
    assert failure.endswith(".") and failure.count(". ") == 0
    qtbot.waitUntil(lambda: "503" in cells(dialog)[4], timeout=TIMEOUT_MS)


def test_unsubscribing_keeps_what_the_feed_brought(
    qtbot, window: MainWindow, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.ops.import_sources([server.url])
    count = window.ops.resource_count()
    dialog = open_feeds(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    dialog.table.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm", lambda q: asked.append(q) or True)
    dialog.unsubscribe_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=TIMEOUT_MS)
    assert asked == [
        "Stop following “Attuned Practice Blog”? What it brought stays in the library."
    ]
    assert window.ops.subscriptions() == [] and window.ops.resource_count() == count
    assert dialog.empty_label.isVisible()


def test_items_a_refresh_brings_are_marked_new_until_opened(
    qtbot, window: MainWindow, server: FeedServer
) -> None:
    curation = curated(window)
    window.ops.import_sources([server.url])
    seen: list[bool] = []
    curation.table_mode.mark_feeds_seen(lambda: seen.append(True))
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)
    server.body = feed("Sleep and settling", "Crying and comfort", "Feeding and closeness")
    dialog = open_feeds(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.refreshed, timeout=TIMEOUT_MS):
        dialog.refresh(None)
    settle(qtbot, window)
    research(qtbot, window, "sleep OR crying OR feeding")
    curation.table_mode.action.setChecked(True)
    model = curation.table_mode.model

    def titles() -> list[str]:
        return [str(model.index(r, 0).data()) for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: "● Feeding and closeness" in titles(), timeout=TIMEOUT_MS)
    assert "Sleep and settling" in titles()  # brought before the last look: not new
    row = titles().index("● Feeding and closeness")
    assert model.index(row, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("New: ")
    window.show_resource(model.hit(row).uid)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "Feeding and closeness" in titles(), timeout=TIMEOUT_MS)


def test_the_summary_names_each_failure_once() -> None:
    outcomes = [
        RefreshOutcome("http://a", "A blog", 2, 1, None),
        RefreshOutcome("http://b", "B cast", 0, 0, "http://b could not be reached."),
        RefreshOutcome("http://c", "", 0, 0, "http://c is not a readable feed.", binned=1),
    ]
    assert refresh_summary(outcomes, cancelled=True).split("\n") == [
        "Refreshed 1 feed: 2 new, 1 updated. Cancelled before the rest.",
        "1 item you deleted stayed in the bin.",
        "B cast: http://b could not be reached.",
        "http://c: http://c is not a readable feed.",
    ]
