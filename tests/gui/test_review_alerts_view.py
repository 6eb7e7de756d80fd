"""A review-due alert appears in the window on start, and a restart does not raise it again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QListWidget, QToolButton

from desktop_app.operations import Operations
from desktop_app.ui.alerts_view import AlertsWindow, install_alerts
from desktop_app.ui.main_window import MainWindow
from resources_db import user_data
from tests.gui.conftest import TIMEOUT_MS, OpenWindow, settle
from tests.resources_db.packs_fixtures import resource, write_pack

DUE = date.today() - timedelta(days=3)


def badge(window: MainWindow) -> QToolButton:
    found = window.statusBar().findChild(QToolButton, "alertsButton")
    assert found is not None
    return found


def test_due_for_review_on_start_and_once(
    qtbot, make_window: OpenWindow, data_dir: Path, tmp_path: Path
) -> None:
    ops = Operations.open(data_dir)
    try:
        pack = [resource("g/1", kind="guidance", title="Safe sleep", review_due=str(DUE))]
        ops.library.import_pack(write_pack(tmp_path / "pack", pack))
        with ops.unit_of_work() as session:
            user_data.set_bookmark(session, "g/1")
    finally:
        ops.close()
    window = make_window()
    install_alerts(window)
    qtbot.waitUntil(lambda: badge(window).text() == "Alerts: 1 new", timeout=TIMEOUT_MS)
    badge(window).click()
    dialog = window.findChild(AlertsWindow, "alertsWindow")
    listing = dialog.findChild(QListWidget, "alertsList")
    row = listing.item(0).text()
    assert f"The guidance you bookmarked is due for review since {DUE.day} {DUE:%B %Y}." in row
    qtbot.waitUntil(lambda: badge(window).text() == "Alerts (1)", timeout=TIMEOUT_MS)
    settle(qtbot, window)
    window.close()
    again = make_window()
    install_alerts(again)
    settle(qtbot, again)
    qtbot.waitUntil(lambda: again.runner.idle, timeout=TIMEOUT_MS)  # the start's check ran
    assert len(again.ops.alerts()) == 1  # none raised again
    qtbot.waitUntil(lambda: badge(again).text() == "Alerts (1)", timeout=TIMEOUT_MS)
    settle(qtbot, again)
