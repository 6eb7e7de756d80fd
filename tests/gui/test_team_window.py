"""The team library in the window, against a real PostgreSQL server: joining from
*File ▸ Team library…*, background sync refreshing the results and the status bar,
offline spells, the password prompt, leaving, and conflicts put right with *Use mine*.

The server is the team tests' (``tests/team/pg_server.py``): skipped with a reason
when no PostgreSQL binaries exist, a failure under ``CI``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends import null
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QPushButton

from desktop_app.operations import Operations
from desktop_app.ui.announce import announcements
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.team_conflicts import ConflictsDialog
from desktop_app.ui.team_dialog import PasswordPrompt, TeamDialog
from desktop_app.ui.team_sync import (
    SYNC_INTERVAL_MS,
    Snapshot,
    SyncState,
    TeamSync,
    install_team,
    status_sentence,
)
from resources_db.team import admin
from resources_db.team.sync import TeamStatus
from resources_db.team.urls import parse_url
from tests.gui.conftest import TIMEOUT_MS, OpenWindow, search, titles
from tests.pg_fixtures import pg_server as shared_pg_server
from tests.team import conftest as team_fixtures
from tests.team.helpers import MemoryKeyring, edit_title, import_pack, title, write_pack
from tests.team.pg_server import ADMIN

NOW = datetime(2026, 12, 2, 9, 30)
# The team tests' server and teams (skipped with a reason without PostgreSQL, a failure under CI).
pg_server = shared_pg_server
team = team_fixtures.team
joined = team_fixtures.joined


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """No test reaches the computer's own keyring; one test puts a memory one in."""
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(previous)


class Gate:
    """The way to the server: forwards, then (``silence``) takes connections and says
    nothing, then (``close``) is gone, its port refusing every connection."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.silent = False
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client = self.listener.accept()[0]
            except OSError:
                return
            self.held.append(client)
            if not self.silent:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
                self.held.append(upstream)
                for ends in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=ends, daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)

    def silence(self) -> None:
        self.silent = True
        self._drop_held()

    def close(self) -> None:
        # A shut-down listener wakes its accept(): the port is free, and refuses.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self._drop_held()

    def _drop_held(self) -> None:
        for held in list(self.held):
            with contextlib.suppress(OSError):
                held.shutdown(socket.SHUT_RDWR)
            held.close()
        self.held.clear()


# --- helpers -----------------------------------------------------------------------------


def controller(window: MainWindow) -> TeamSync:
    return install_team(window)  # the one the window installed


def status(window: MainWindow) -> str:
    return controller(window).button.text()


def join_beforehand(data_dir: Path, url: str, pack: Path | None = None) -> Operations:
    """The library at ``data_dir`` joined (and given ``pack``) before the window opens."""
    ops = Operations.open(data_dir, daily_backup=False)
    ops.prepare_index()
    ops.team_join(url)
    if pack is not None:
        import_pack(ops, pack)
    return ops


def open_team_dialog(qtbot, window: MainWindow) -> TeamDialog:
    file_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    action = window.findChild(QAction, "teamLibraryAction")
    assert action in file_menu.actions() and action.text().replace("&", "") == "Team library…"
    action.trigger()
    dialog = window.findChild(TeamDialog, "teamDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    return dialog


def visible_prompt(qtbot, window: MainWindow) -> PasswordPrompt:
    def shown() -> PasswordPrompt | None:
        found = [p for p in window.findChildren(PasswordPrompt) if p.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=TIMEOUT_MS)
    prompt = shown()
    assert prompt is not None
    return prompt


# --- the sentence, without a server --------------------------------------------------------


def state(pending: int = 0, last: datetime | None = None, **changes: object) -> SyncState:
    status_ = TeamStatus("postgresql://carol@db/team", "member", last, pending)
    return SyncState(Snapshot(status_), **changes)  # type: ignore[arg-type]


def test_the_status_bar_sentence_for_each_state() -> None:
    assert status_sentence(SyncState(), NOW) == ""  # not joined: nothing shown
    assert status_sentence(state(last=NOW - timedelta(seconds=20)), NOW) == "Synced just now"
    assert status_sentence(state(last=NOW - timedelta(minutes=2)), NOW) == "Synced 2 min ago"
    assert status_sentence(state(last=NOW - timedelta(hours=3)), NOW) == "Synced 3 hours ago"
    assert status_sentence(state(3, problem="offline"), NOW) == "Offline — 3 changes waiting"
    assert status_sentence(state(1, problem="offline"), NOW) == "Offline — 1 change waiting"
    failed = state(problem="failed", message="The team server refused the request (boom).")
    assert (
        status_sentence(failed, NOW) == "Sync failed: the team server refused the request (boom)."
    )
    assert status_sentence(state(2, NOW), NOW) == "Synced just now, 2 changes waiting"
    assert status_sentence(state(syncing=True), NOW) == "Syncing with the team library…"


def test_an_unjoined_library_shows_no_team_state_and_never_syncs(qtbot, window) -> None:
    team_sync = controller(window)
    qtbot.waitUntil(lambda: team_sync.state == SyncState(), timeout=TIMEOUT_MS)
    assert team_sync.button.isHidden() and not team_sync.timer.isActive()
    sync_action = window.findChild(QAction, "teamSyncAction")
    assert sync_action is not None and not sync_action.isEnabled()


# --- against the server --------------------------------------------------------------------


def test_joining_from_the_dialog_shows_the_role_and_leaving_asks_first(
    qtbot,
    window,
    team,
    joined,
    tmp_path,
) -> None:
    alice = joined("alice")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()

    dialog = open_team_dialog(qtbot, window)
    assert dialog.pages.currentIndex() == 0  # the address to join, no password field
    qtbot.keyClicks(dialog.url_edit, team.url("carol"))
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)  # Enter joins; the dialog stays
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.role.text().startswith("Member"), timeout=TIMEOUT_MS)
    assert dialog.address.text() == team.url("carol")
    qtbot.waitUntil(lambda: status(window).startswith("Synced "), timeout=TIMEOUT_MS)
    assert dialog.pending.text() == "No changes waiting"
    search(qtbot, window, "team resource")
    assert "Team resource 2" in titles(window)

    qtbot.mouseClick(dialog.leave_button, Qt.MouseButton.LeftButton)
    question = dialog.findChild(QMessageBox, "teamLeaveQuestion")
    assert question is not None and question.isVisible()
    assert "stay on this computer as your own items" in question.informativeText()
    leave = question.findChild(QPushButton, "teamLeaveConfirm")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: controller(window).button.isHidden(), timeout=TIMEOUT_MS)
    search(qtbot, window, "team resource")
    assert "Team resource 2" in titles(window)  # kept, now as the person's own


def test_a_background_sync_updates_the_results_and_the_status_bar(
    qtbot,
    make_window: OpenWindow,
    data_dir,
    team,
    joined,
    tmp_path,
) -> None:
    alice = joined("alice")
    import_pack(alice, write_pack(tmp_path / "pack", 3))
    alice.sync()
    join_beforehand(data_dir, team.url("carol")).close()

    window = make_window()
    team_sync = controller(window)
    qtbot.waitUntil(lambda: status(window).startswith("Synced "), timeout=TIMEOUT_MS)  # at start
    assert team_sync.timer.isActive() and team_sync.timer.interval() == SYNC_INTERVAL_MS
    search(qtbot, window, "quokka")
    assert titles(window) == []

    edit_title(alice, "team/2", "A quokka title")
    alice.sync()
    spoken: list[str] = []
    announcements().made.connect(spoken.append)
    team_sync.timer.timeout.emit()  # the few minutes are up
    qtbot.waitUntil(lambda: titles(window) == ["A quokka title"], timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not team_sync.state.syncing, timeout=TIMEOUT_MS)
    assert any(text.startswith("Synced ") for text in spoken)  # it brought something: said

    last = team_sync.state.snapshot.status.last_sync  # type: ignore[union-attr]
    assert last is not None
    team_sync.clock = lambda: last + timedelta(minutes=2, seconds=5)
    team_sync.ticker.timeout.emit()
    assert status(window) == "Synced 2 min ago"
    assert team_sync.button.accessibleName() == "Synced 2 min ago"


def test_offline_shows_the_changes_waiting_and_the_window_keeps_working(
    qtbot,
    make_window: OpenWindow,
    data_dir,
    team,
    tmp_path,
) -> None:
    gate = Gate(team.server.port)
    # Long enough that the sync is still waiting however slowly the window opens
    # (the default 10 s ran out first on a loaded CI machine); closing the gate ends it.
    url = team.url("alice", port=gate.port) + "&connect_timeout=120"
    join_beforehand(data_dir, url, write_pack(tmp_path / "pack", 2, "quokka")).close()
    gate.silence()  # the server takes the connection and never answers
    try:
        window = make_window()
        team_sync = controller(window)
        qtbot.waitUntil(lambda: team_sync.state.syncing, timeout=TIMEOUT_MS)
        # The sync waits on the silent server; the window does not.
        search(qtbot, window, "quokka")
        assert len(titles(window)) == 2
        assert status(window) == "Syncing with the team library…"
    finally:
        gate.close()  # and then the server is gone
    qtbot.waitUntil(lambda: status(window) == "Offline — 2 changes waiting", timeout=TIMEOUT_MS)
    team_sync.sync_now()  # on demand, with nothing listening at all
    qtbot.waitUntil(lambda: not team_sync.state.syncing, timeout=TIMEOUT_MS)
    assert status(window) == "Offline — 2 changes waiting"


def test_a_refused_password_brings_the_prompt_back_and_remember_uses_the_keyring(
    qtbot,
    window,
    data_dir,
    team,
) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    server = team.server
    server.add_login("gina")  # a login whose password is nowhere libpq looks
    server.pgpass.write_text(
        "".join(line for line in server.pgpass.read_text().splitlines(True) if "gina" not in line)
    )
    admin.grant(parse_url(team.url(ADMIN)), "gina", "member")
    secret = server.passwords["gina"]

    dialog = open_team_dialog(qtbot, window)
    qtbot.keyClicks(dialog.url_edit, team.url("gina"))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    prompt = visible_prompt(qtbot, window)
    question = prompt.findChild(QLabel, "teamPasswordQuestion")
    assert question is not None and "asks for the password of gina" in question.text()
    assert prompt.remember.isVisibleTo(prompt) and not prompt.reason.isVisibleTo(prompt)
    qtbot.keyClicks(prompt.password, "not-the-password")
    prompt.accept()

    again = visible_prompt(qtbot, window)
    assert again is not prompt and again.reason.isVisibleTo(again)
    qtbot.keyClicks(again.password, secret)
    again.remember.setChecked(True)
    again.accept()
    qtbot.waitUntil(lambda: dialog.role.text().startswith("Member"), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: status(window).startswith("Synced "), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(memory.saved), timeout=TIMEOUT_MS)
    assert list(memory.saved.values()) == [secret]
    window.save_state()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


@contextmanager
def password_changed_by_the_admin(team, login: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The login's password is no longer the one libpq finds (the pgpass file's)."""
    changed = "changed-by-the-admin"
    with team.server.superuser() as conn:
        conn.execute(f"ALTER ROLE {login} PASSWORD '{changed}'")
    try:
        yield changed
    finally:
        with team.server.superuser() as conn:
            conn.execute(f"ALTER ROLE {login} PASSWORD '{team.server.passwords[login]}'")


def test_a_failed_password_during_a_sync_shows_the_prompt(
    qtbot,
    make_window: OpenWindow,
    data_dir,
    team,
) -> None:
    join_beforehand(data_dir, team.url("carol")).close()
    with password_changed_by_the_admin(team, "carol") as changed:
        window = make_window()
        prompt = visible_prompt(qtbot, window)  # the sync at start asked
        assert not prompt.remember.isVisibleTo(prompt)  # no keyring here: not offered
        # While the prompt is open the status bar says what it waits for (it showed
        # libpq's long refusal, cut off, beside the prompt).
        qtbot.waitUntil(
            lambda: status(window) == "Waiting for your password for the team library",
            timeout=TIMEOUT_MS,
        )
        team_sync = controller(window)
        team_sync.timer.timeout.emit()  # a timed sync while the prompt waits: no second one
        qtbot.waitUntil(lambda: not team_sync.state.syncing, timeout=TIMEOUT_MS)
        assert [p for p in window.findChildren(PasswordPrompt) if p.isVisible()] == [prompt]
        qtbot.keyClicks(prompt.password, changed)
        prompt.accept()
        qtbot.waitUntil(lambda: status(window).startswith("Synced "), timeout=TIMEOUT_MS)


def test_a_cancelled_password_prompt_leaves_the_sync_failed(
    qtbot,
    make_window: OpenWindow,
    data_dir,
    team,
) -> None:
    join_beforehand(data_dir, team.url("carol")).close()
    with password_changed_by_the_admin(team, "carol"):
        window = make_window()
        visible_prompt(qtbot, window).reject()
        qtbot.waitUntil(
            lambda: status(window).startswith("Sync failed: the team server refused the login"),
            timeout=TIMEOUT_MS,
        )


def test_use_mine_puts_back_a_value_the_team_overwrote(
    qtbot,
    make_window: OpenWindow,
    data_dir,
    team,
    joined,
    tmp_path,
) -> None:
    alice = join_beforehand(data_dir, team.url("alice"), write_pack(tmp_path / "pack", 2))
    alice.sync()
    edit_title(alice, "team/1", "Alice's zebra title")
    alice.close()
    bob = joined("bob")
    bob.sync()
    edit_title(bob, "team/1", "Bob's zebra title")
    bob.sync()

    window = make_window()
    team_sync = controller(window)
    qtbot.waitUntil(lambda: status(window).endswith("1 conflict to review"), timeout=TIMEOUT_MS)
    search(qtbot, window, "zebra")
    assert titles(window) == ["Bob's zebra title"]  # the team's value was kept

    qtbot.mouseClick(team_sync.button, Qt.MouseButton.LeftButton)
    conflicts = window.findChild(ConflictsDialog, "teamConflictsDialog")
    assert conflicts is not None and conflicts.isVisible()
    table = conflicts.table
    assert [table.item(0, c).text() for c in range(4)] == [
        "Bob's zebra title", "title", "Alice's zebra title", "Bob's zebra title",
    ]  # fmt: skip
    button = conflicts.use_mine_button(0)
    assert button is not None and button.accessibleName().startswith("Use mine for the title")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=TIMEOUT_MS)
    assert conflicts.empty.isVisibleTo(conflicts)
    qtbot.waitUntil(lambda: titles(window) == ["Alice's zebra title"], timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "1 change waiting" in status(window), timeout=TIMEOUT_MS)

    sync_action = window.findChild(QAction, "teamSyncAction")
    assert sync_action is not None and sync_action.isEnabled()
    sync_action.trigger()
    qtbot.waitUntil(lambda: status(window).startswith("Synced "), timeout=TIMEOUT_MS)
    assert "waiting" not in status(window)
    bob.sync()
    assert title(bob, "team/1") == "Alice's zebra title"
