"""The team library in the window: background sync and its one-sentence state in the status bar.

``install_team(window)`` adds *File ▸ Team library…* and *File ▸ Sync with the
team library now*, a status-bar button saying where sync stands ("Synced 2 min
ago", "Offline — 3 changes waiting", "Sync failed: …"), and ``TeamSync``,
which syncs on the window's job pool (never the GUI thread) at start, every few
minutes and on demand. What a sync changed reaches the views through the
runner's ``changed`` signal (``MainWindow.apply_changes``).

A password the server asks for is typed into a prompt and kept for this
session only, in memory; "Remember" hands it to the OS keyring (never to
QSettings or the library folder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from desktop_app.operations import Operations
from desktop_app.operations.team_ops import OfflineError
from desktop_app.ui.announce import announce, as_sentence
from desktop_app.ui.operation_runner import OperationRunner, sentence_for
from resources_db.team import credentials
from resources_db.team.errors import TeamLoginError
from resources_db.team.sync import ConflictInfo, SyncReport, TeamStatus
from resources_db.team.urls import parse_url

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.team_conflicts import ConflictsDialog
    from desktop_app.ui.team_dialog import PasswordPrompt, TeamDialog

SYNC_INTERVAL_MS = 5 * 60 * 1000
# "Synced 2 min ago" is redrawn this often, so it never says "just now" for long.
TICK_MS = 20 * 1000


@dataclass(frozen=True)
class Snapshot:
    """What the window shows of the team library, read off the GUI thread."""

    status: TeamStatus | None = None  # None: this library has not joined one
    conflicts: tuple[ConflictInfo, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SyncState:
    snapshot: Snapshot = Snapshot()
    problem: str = ""  # "", "offline", "failed", "password" (the prompt is open) or "revoked"
    message: str = ""  # the failure's sentence
    syncing: bool = False

    @property
    def joined(self) -> bool:
        return self.snapshot.status is not None

    @property
    def pending(self) -> int:
        return self.snapshot.status.pending if self.snapshot.status else 0


def read_snapshot(ops: Operations) -> Snapshot:
    if not ops.team_joined():
        return Snapshot()
    conflicts = tuple(ops.team_conflicts())
    titles = ops.titles(sorted({c.key for c in conflicts if c.kind == "resource"}))
    return Snapshot(ops.team_status(), conflicts, titles)


def changes_waiting(count: int) -> str:
    if count == 0:
        return "no changes waiting"
    return f"{count} change{'s' * (count != 1)} waiting"


def since(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        hours = seconds // 3600
        return f"{hours} hour{'s' * (hours != 1)} ago"
    return f"on {then.day} {then:%B}"


def _lower_first(sentence: str) -> str:
    # "The team server…" reads on after the colon; "IMH Library…" keeps its capitals.
    return sentence[:1].lower() + sentence[1:] if sentence[1:2].islower() else sentence


def status_sentence(state: SyncState, now: datetime) -> str:
    """The status bar's one sentence about the team library."""
    status = state.snapshot.status
    if status is None:
        return ""
    if state.syncing:
        return "Syncing with the team library…"
    if state.problem == "offline":
        return f"Offline — {changes_waiting(status.pending)}"
    if state.problem == "password":
        return "Waiting for your password for the team library"
    if state.problem == "failed":
        return f"Sync failed: {_lower_first(as_sentence(state.message))}"
    if state.problem == "revoked" or status.role == "revoked":
        return "Your access to the team library was withdrawn"
    parts = [f"Synced {since(status.last_sync, now)}" if status.last_sync else "Not synced yet"]
    if status.pending:
        parts.append(changes_waiting(status.pending))
    conflicts = len(state.snapshot.conflicts)
    if conflicts:
        parts.append(f"{conflicts} conflict{'s' * (conflicts != 1)} to review")
    return ", ".join(parts)


def needs_password(error: Exception) -> bool:
    """The server answered and asked for a password (none given, or a wrong one)."""
    return isinstance(error.__cause__, TeamLoginError)


class TeamSync(QObject):
    """Runs syncs and keeps ``state`` (and the status-bar button) up to date."""

    stateChanged = Signal(object)  # SyncState
    joinFailed = Signal(str)  # one sentence, for the Team dialog

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("teamSync")
        self.main = window
        self.runner: OperationRunner = window.runner
        self.state = SyncState()
        self.clock: Callable[[], datetime] = datetime.now
        self._password: str | None = None  # typed this session; never written anywhere
        self._declined = False  # the prompt was cancelled: timed syncs do not ask again
        # A typed password to keep in the keyring once the server has accepted it.
        self._to_remember: tuple[str, str] | None = None
        self._dialog: TeamDialog | None = None
        self._conflicts: ConflictsDialog | None = None
        self._prompt: PasswordPrompt | None = None  # one at a time, whatever asks
        self.button = QToolButton()
        self.button.setObjectName("teamSyncStatus")
        self.button.setAutoRaise(True)
        self.button.setToolTip("The team library: open its conflicts or its settings")
        self.button.clicked.connect(lambda _=False: self.open_from_status())
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setObjectName("teamSyncTimer")
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.sync_now(asked=False))
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._show)
        self.runner.changed.connect(lambda _changes: self.refresh())
        self.refresh(then=self._started)

    # --- reading the state ------------------------------------------------------------

    def refresh(
        self,
        then: Callable[[], None] | None = None,
        settle: Callable[[SyncState], SyncState] | None = None,
    ) -> None:
        """Read the state again; ``settle`` (a sync's outcome) is applied with it, so the
        status bar never pairs the outcome with the counts from before."""

        def loaded(snapshot: Snapshot) -> None:
            state = replace(self.state, snapshot=snapshot)
            self._set(settle(state) if settle is not None else state)
            if then is not None:
                then()

        def failed(error: Exception) -> None:
            if settle is not None:
                self._set(settle(self.state))
            self._read_failed(error)

        self.runner.read(read_snapshot, loaded, failed, owner=self)

    def _read_failed(self, error: Exception) -> None:
        self.main.statusBar().showMessage(sentence_for(error, "The team library"), 8000)

    def _started(self) -> None:
        """The sync at start waits for the window's index check: on the one job pool, a
        sync waiting on a silent server would otherwise hold the index back with it."""
        if not self.state.joined:
            return
        if self.main.start_up_done:
            self.sync_now(asked=False)
        else:
            self.main.startUpDone.connect(
                lambda: self.sync_now(asked=False), Qt.ConnectionType.SingleShotConnection
            )

    def _set(self, state: SyncState) -> None:
        self.state = state
        self._show()
        for timer in (self.timer, self.ticker):
            if not self.state.joined:
                timer.stop()
            elif not timer.isActive():
                timer.start()
        self.stateChanged.emit(self.state)

    def _speak(self) -> None:
        text = self.button.text()
        if text:
            announce(self.button, text, assertive=self.state.problem == "failed")

    def _show(self) -> None:
        text = status_sentence(self.state, self.clock())
        self.button.setText(text)
        self.button.setAccessibleName(text)
        self.button.setVisible(bool(text))

    # --- syncing ---------------------------------------------------------------------

    def sync_now(self, *, asked: bool = True) -> None:
        """Pull, then push, on the job pool; ``asked``: the person chose to (not a timer)."""
        if not self.state.joined or self.state.syncing:
            return
        if asked:
            self._declined = False
        self._set(replace(self.state, syncing=True))
        password = self._password
        self.runner.job(
            lambda ops: ops.sync(password),
            lambda report: self._synced(report, asked),
            lambda error: self._sync_failed(error, asked),
        )

    def _synced(self, report: SyncReport, asked: bool) -> None:
        # A timed sync that brought nothing and fixed nothing is not worth a word.
        worth_saying = asked or bool(report.pulled or report.conflicts or self.state.problem)
        problem = "revoked" if report.status == "revoked" else ""
        self._remember_accepted()
        self.refresh(
            then=self._speak if worth_saying else None,
            settle=lambda state: replace(state, syncing=False, problem=problem, message=""),
        )

    def _sync_failed(self, error: Exception, asked: bool) -> None:
        self._to_remember = None
        if needs_password(error):
            refused, self._password = self._password is not None, None
            problem = "failed"
            if asked or not self._declined:
                # The prompt is open: the status bar says so, not libpq's long sentence.
                problem = "password"
                self.ask_password(self._retry_sync, self._password_declined, refused=refused)
        elif isinstance(error, OfflineError):
            problem = "offline"
        else:
            problem = "failed"
        news = asked or problem != self.state.problem

        def settle(state: SyncState) -> SyncState:
            # A prompt cancelled before this read came back: no password, so it failed.
            now = "failed" if problem == "password" and self._declined else problem
            return replace(state, syncing=False, problem=now, message=str(error))

        self.refresh(then=self._speak if news else None, settle=settle)

    def _retry_sync(self, password: str) -> None:
        self._password = password
        self.sync_now()

    # --- joining and leaving -----------------------------------------------------------

    def join(self, url: str, password: str | None = None) -> None:
        self.runner.job(
            lambda ops: ops.team_join(url, password),
            lambda _status: self._joined(password),
            lambda error: self._join_failed(url, password, error),
        )

    def _joined(self, password: str | None) -> None:
        self._password = password
        self._remember_accepted()
        self.state = SyncState()
        self.refresh(then=lambda: self.sync_now())

    def _join_failed(self, url: str, password: str | None, error: Exception) -> None:
        self._to_remember = None
        if needs_password(error):
            self.ask_password(
                lambda pw: self.join(url, pw),
                lambda: self.joinFailed.emit(
                    "The team library was not joined: its server needs your password."
                ),
                url=url,
                refused=password is not None,
            )
            return
        self.joinFailed.emit(sentence_for(error, "The team library could not be joined"))

    def leave(self) -> None:
        """Unlink (the team's items stay as the person's own) and forget its password."""
        status = self.state.snapshot.status
        self._password = None

        def leave(ops: Operations) -> object:
            changes = ops.team_leave()
            if status is not None:
                credentials.forget_password(parse_url(status.url))
            return changes

        self.runner.job(leave, lambda _none: self._left())

    def _left(self) -> None:
        self.state = SyncState()
        self.refresh()
        self.main.statusBar().showMessage(
            "Left the team library; its resources and lists stay here as your own.", 8000
        )

    # --- the password ----------------------------------------------------------------

    def ask_password(
        self,
        retry: Callable[[str], None],
        cancelled: Callable[[], None],
        *,
        url: str | None = None,
        refused: bool = False,
    ) -> None:
        """The prompt, with "Remember" only where a keyring exists (found off the GUI thread)."""
        from desktop_app.ui.team_dialog import PasswordPrompt

        if self._prompt is not None:
            return
        address = url or (self.state.snapshot.status.url if self.state.snapshot.status else "")
        if not address:
            return
        target = parse_url(address)

        def show(keyring: bool) -> None:
            if self._prompt is not None:  # a timed sync while the person is still typing
                return
            prompt = PasswordPrompt(target.login, target.host, refused, keyring, self.main)
            prompt.given.connect(lambda pw, keep: self._password_given(address, pw, keep, retry))
            prompt.rejected.connect(cancelled)
            prompt.finished.connect(lambda _result: self._prompt_closed())
            self._prompt = prompt
            prompt.open()

        self.runner.read(lambda _ops: credentials.keyring_available(), show, owner=self)

    def _password_given(
        self, url: str, password: str, remember: bool, retry: Callable[[str], None]
    ) -> None:
        self._to_remember = (url, password) if remember else None
        retry(password)

    def _remember_accepted(self) -> None:
        """Into the keyring only once the server has taken the password."""
        if self._to_remember is None:
            return
        url, password = self._to_remember
        self._to_remember = None
        self.runner.job(
            lambda ops: ops.remember_password(url, password),
            lambda kept: None if kept else self._not_kept(),
        )

    def _not_kept(self) -> None:
        self.main.statusBar().showMessage(
            "There is no keyring on this computer: the password is asked again next time.", 8000
        )

    def _prompt_closed(self) -> None:
        self._prompt = None

    def _password_declined(self) -> None:
        self._declined = True
        if self.state.problem == "password":  # no password given: the sync failed after all
            self.refresh(settle=lambda state: replace(state, problem="failed"))

    # --- the dialogs -----------------------------------------------------------------

    def open_dialog(self) -> TeamDialog:
        from desktop_app.ui.team_dialog import TeamDialog

        if self._dialog is None:
            self._dialog = TeamDialog(self, self.main)
        self._dialog.show_state(self.state, self.clock())
        self._dialog.show()
        self._dialog.raise_()
        self._dialog.activateWindow()
        self.refresh()
        return self._dialog

    def open_conflicts(self) -> ConflictsDialog:
        from desktop_app.ui.team_conflicts import ConflictsDialog

        if self._conflicts is None:
            self._conflicts = ConflictsDialog(self.main)
            self._conflicts.useMineRequested.connect(self.use_mine)
            self.stateChanged.connect(lambda s: self._conflicts_shown(s))
        self._conflicts.show_conflicts(self.state.snapshot)
        self._conflicts.show()
        self._conflicts.raise_()
        self._conflicts.activateWindow()
        return self._conflicts

    def _conflicts_shown(self, state: SyncState) -> None:
        if self._conflicts is not None:
            self._conflicts.show_conflicts(state.snapshot)

    def open_from_status(self) -> None:
        if self.state.snapshot.conflicts:
            self.open_conflicts()
        else:
            self.open_dialog()

    def use_mine(self, conflict_id: int) -> None:
        """Put the person's value back; it is published at the next sync."""
        self.runner.edit(
            lambda ops: ops.use_mine(conflict_id),
            lambda _none: announce(
                self.button, "Your value is back; it is sent to the team at the next sync."
            ),
            what="Your value could not be put back",
        )


def _file_menu(window: MainWindow) -> QMenu | None:
    return next((m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File"), None)


def install_team(window: MainWindow) -> TeamSync:
    """*File ▸ Team library…*, *Sync now*, the status-bar state and background sync; once."""
    found = window.findChild(TeamSync, "teamSync")
    if found is not None:
        return found
    controller = TeamSync(window)
    open_action = QAction("Tea&m library…", window)
    open_action.setObjectName("teamLibraryAction")
    open_action.triggered.connect(lambda _=False: controller.open_dialog())
    sync_action = QAction("S&ync with the team library now", window)
    sync_action.setObjectName("teamSyncAction")
    sync_action.setEnabled(False)
    sync_action.triggered.connect(lambda _=False: controller.sync_now())
    controller.stateChanged.connect(lambda state: sync_action.setEnabled(state.joined))
    menu = _file_menu(window)
    if menu is None:
        window.addActions([open_action, sync_action])
        return controller
    # Above Quit, which stays the last command, after its separator.
    separators = [a for a in menu.actions() if a.isSeparator()]
    before = separators[-1] if separators else None
    if before is None:
        menu.addActions([open_action, sync_action])
    else:
        menu.insertActions(before, [open_action, sync_action])
        menu.insertSeparator(open_action)
    return controller
