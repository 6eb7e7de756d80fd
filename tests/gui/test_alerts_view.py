"""The window's alerts: the badge, the *Alerts* list, and opening a resource and its replacement.

``MainWindow`` installs them; calling ``install_alerts`` again returns the same ones.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QToolButton

from desktop_app.operations import Operations
from desktop_app.ui.alerts_view import AlertsWindow, install_alerts
from desktop_app.ui.main_window import MainWindow
from resources_db import user_data
from tests.gui.conftest import TIMEOUT_MS, OpenWindow, settle
from tests.resources_db.packs_fixtures import resource, write_pack

OLD, NEW = "b/old", "b/new"


def first_version(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "one", [resource(OLD, kind="briefing", source="Briefings")])


def second_version(tmp_path: Path) -> Path:
    return write_pack(
        tmp_path / "two",
        [
            resource(OLD, kind="briefing", source="Briefings", status="superseded",
                     superseded_by=NEW),
            resource(NEW, kind="briefing", title="The new briefing", source="Briefings"),
        ],
    )  # fmt: skip


def collected(data_dir: Path, tmp_path: Path) -> None:
    ops = Operations.open(data_dir)
    try:
        ops.library.import_pack(first_version(tmp_path))
        with ops.unit_of_work() as session:
            user_data.create_collection(session, "Induction week")
            user_data.add_to_collection(session, "Induction week", [OLD])
    finally:
        ops.close()


def badge(window: MainWindow) -> QToolButton:
    found = window.statusBar().findChild(QToolButton, "alertsButton")
    assert found is not None
    return found


def test_a_change_while_the_window_is_open_shows_a_badge_and_the_list_opens_both(
    qtbot, make_window: OpenWindow, data_dir: Path, tmp_path: Path
) -> None:
    collected(data_dir, tmp_path)
    window = make_window()
    install_alerts(window)
    settle(qtbot, window)
    assert not badge(window).isVisible()

    source = str(second_version(tmp_path))
    window.runner.job(lambda ops: ops.import_sources([source]).changes)
    qtbot.waitUntil(lambda: badge(window).text() == "Alerts: 1 new", timeout=TIMEOUT_MS)
    assert badge(window).isVisible() and badge(window).accessibleName() == "Alerts: 1 new"

    badge(window).click()
    dialog = window.findChild(AlertsWindow, "alertsWindow")
    assert dialog is not None and dialog.isVisible()
    listing = dialog.findChild(QListWidget, "alertsList")
    assert listing.count() == 1
    row = listing.item(0).text()
    assert "The briefing you use in “Induction week” was superseded on " in row
    chosen = dialog.findChild(QLabel, "alertDetail").text()
    assert "<i>Induction week</i>" in chosen and "The new briefing" in chosen
    # Seen once the list is open: the badge no longer says "new".
    qtbot.waitUntil(lambda: badge(window).text() == "Alerts (1)", timeout=TIMEOUT_MS)

    dialog.findChild(QPushButton, "openAlertResource").click()
    qtbot.waitUntil(lambda: window.detail_pane.uid == OLD, timeout=TIMEOUT_MS)
    text = window.detail_pane.browser.toPlainText()
    assert "Superseded: a newer resource replaces it. See The new briefing." in text
    assert "Status: Superseded" in text and "Superseded by: The new briefing" in text
    dialog.findChild(QPushButton, "openAlertReplacement").click()
    qtbot.waitUntil(lambda: window.detail_pane.uid == NEW, timeout=TIMEOUT_MS)
    assert "Replaces: Title of b/old" in window.detail_pane.browser.toPlainText()

    dialog.findChild(QPushButton, "dismissAlert").click()
    qtbot.waitUntil(lambda: listing.count() == 0, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not badge(window).isVisible(), timeout=TIMEOUT_MS)
    settle(qtbot, window)


def test_alerts_raised_before_the_window_opened_are_waiting_in_it(
    qtbot, make_window: OpenWindow, data_dir: Path, tmp_path: Path
) -> None:
    collected(data_dir, tmp_path)
    ops = Operations.open(data_dir)
    try:
        ops.library.import_pack(second_version(tmp_path))
    finally:
        ops.close()
    window = make_window()
    install_alerts(window)
    qtbot.waitUntil(lambda: badge(window).text() == "Alerts: 1 new", timeout=TIMEOUT_MS)
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    alerts_action = next(a for a in view.actions() if a.objectName() == "alertsAction")
    assert alerts_action.shortcut().toString() == "Ctrl+Shift+A"
    alerts_action.trigger()
    dialog = window.findChild(AlertsWindow, "alertsWindow")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: badge(window).text() == "Alerts (1)", timeout=TIMEOUT_MS)
    settle(qtbot, window)
