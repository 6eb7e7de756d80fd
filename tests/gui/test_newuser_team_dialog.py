"""The Team library dialog as a new user met it: the role and state sentences are read whole,
not cut off at the dialog's edge ("…can share your own rea")."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from desktop_app.ui.team_dialog import TeamDialog
from desktop_app.ui.team_sync import Snapshot, SyncState
from resources_db.team.sync import TeamStatus

NOW = datetime(2026, 12, 2, 9, 30)
URL = "postgresql://carol@127.0.0.1:5432/team?sslmode=disable"


class QuietTeam(QObject):
    """The little of TeamSync the dialog listens to; no server."""

    stateChanged = Signal(object)
    joinFailed = Signal(str)

    def clock(self) -> datetime:
        return NOW


def shown_whole(label: QLabel) -> bool:
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return label.width() >= label.sizeHint().width()


def test_the_role_and_a_failed_sync_are_read_whole(qtbot) -> None:
    team = QuietTeam()
    dialog = TeamDialog(team)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    state = SyncState(
        Snapshot(TeamStatus(URL, "member", NOW, 0)),
        problem="failed",
        message="The team server closed the connection while the catalogue was being fetched.",
    )
    dialog.show_state(state, NOW)
    assert dialog.role.text().endswith("can share your own reading lists")
    qtbot.waitUntil(lambda: shown_whole(dialog.role) and shown_whole(dialog.state_line))
    assert shown_whole(dialog.address)
