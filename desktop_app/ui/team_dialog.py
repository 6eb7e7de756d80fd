"""*File ▸ Team library…*: join a team library, see where sync stands, sync now, leave.

And the password prompt the server's request for one brings up. Both only
gather what the person wants; ``team_sync.TeamSync`` does the work off the GUI
thread and tells the dialog how things stand (``show_state``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.announce import announce
from desktop_app.ui.team_sync import SyncState, changes_waiting, since, status_sentence

if TYPE_CHECKING:
    from desktop_app.ui.team_sync import TeamSync

URL_EXAMPLE = "postgresql://LOGIN@HOST:5432/DATABASE?sslmode=verify-full"
ROLES = {
    "curator": "Curator: your imports, edits and deletes are published to the team",
    "member": "Member: you receive the team's catalogue and can share your own reading lists",
    "revoked": "None any more: your access was withdrawn",
}


def _label(name: str, text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


class TeamDialog(QDialog):
    """Not joined: an address and *Join*. Joined: the state, *Sync now*, *Conflicts*, *Leave*."""

    def __init__(self, team: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.setObjectName("teamDialog")
        self.setWindowTitle("Team library")
        self.setMinimumWidth(560)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._join_page())
        self.pages.addWidget(self._joined_page())
        self.pages.currentChanged.connect(self._fit_page)
        self._fit_page(0)
        self.message = _label("teamMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.message.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for button in close.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        layout.addWidget(close)
        team.stateChanged.connect(lambda state: self.show_state(state, team.clock()))
        team.joinFailed.connect(self._join_failed)

    def _join_page(self) -> QWidget:
        page = QWidget()
        intro = _label(
            "teamIntro",
            "Join your organisation's team library to receive the catalogue its curators "
            "keep. Everything stays on this computer too: the library works offline and "
            "syncs when the server can be reached.",
        )
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("teamUrl")
        self.url_edit.setPlaceholderText(URL_EXAMPLE)
        self.url_edit.setAccessibleName("Team library address")
        self.url_edit.setClearButtonEnabled(True)
        hint = _label(
            "teamUrlHint",
            "Your organisation gives this address. Leave the password out of it: "
            "you are asked for it when the server needs one.",
        )
        self.join_button = _button("&Join", "teamJoin")
        self.join_button.setDefault(True)  # Enter in the address joins; it never closes
        self.join_button.clicked.connect(lambda _=False: self.join())
        form = QFormLayout()
        form.addRow("&Address:", self.url_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.join_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _joined_page(self) -> QWidget:
        page = QWidget()
        self.address = _label("teamAddress", wrap=False)
        self.role = _label("teamRole")  # sentences wrap: one line cut them off at 560 pixels
        self.last_sync = _label("teamLastSync", wrap=False)
        self.pending = _label("teamPending", wrap=False)
        self.state_line = _label("teamState")
        form = QFormLayout()
        for text, value in (
            ("Address:", self.address),
            ("Your role:", self.role),
            ("Last sync:", self.last_sync),
            ("Changes waiting:", self.pending),
            ("State:", self.state_line),
        ):
            form.addRow(text, value)
            value.setAccessibleName(text.rstrip(":"))
        self.sync_button = _button("&Sync now", "teamSyncNow")
        self.sync_button.clicked.connect(lambda _=False: self.team.sync_now())
        self.conflicts_button = _button("&Conflicts…", "teamConflicts")
        self.conflicts_button.clicked.connect(lambda _=False: self.team.open_conflicts())
        self.leave_button = _button("&Leave…", "teamLeave")
        self.leave_button.clicked.connect(lambda _=False: self.confirm_leave())
        row = QHBoxLayout()
        for button in (self.sync_button, self.conflicts_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.leave_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _fit_page(self, current: int) -> None:
        """The dialog as tall as the page shown, not as the taller of the two."""
        for number in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if number == current else (
                QSizePolicy.Policy.Ignored
            )  # fmt: skip
            page = self.pages.widget(number)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.adjustSize()
        self.adjustSize()

    # --- showing the state -------------------------------------------------------------

    def show_state(self, state: SyncState, now: datetime) -> None:
        status = state.snapshot.status
        joining = not self.join_button.isEnabled()
        self.pages.setCurrentIndex(1 if status else 0)
        if status is None:
            return
        if joining:  # the join went through: say so, with the role it gave
            self.join_button.setEnabled(True)
            self.url_edit.setEnabled(True)
            self._say(f"Joined as a {status.role}.")
        self.address.setText(status.url)
        self.role.setText(ROLES.get(status.role, status.role))
        self.last_sync.setText(
            f"{status.last_sync.day} {status.last_sync:%B %Y, %H:%M} "
            f"({since(status.last_sync, now)})"
            if status.last_sync
            else "Not synced yet"
        )
        self.pending.setText(changes_waiting(status.pending).capitalize())
        self.state_line.setText(status_sentence(state, now))
        self.sync_button.setEnabled(not state.syncing)
        count = len(state.snapshot.conflicts)
        self.conflicts_button.setEnabled(bool(count))
        self.conflicts_button.setText(f"&Conflicts ({count})…" if count else "&Conflicts…")
        QTimer.singleShot(0, self, self._grow_to_fit)  # once the new texts are laid out

    def _grow_to_fit(self) -> None:
        """Taller when a wrapped sentence needs it; never narrower than the person made it."""
        short = self.pages.heightForWidth(self.pages.width()) - self.pages.height()
        if short > 0:
            self.resize(self.width(), self.height() + short)

    def _say(self, text: str, *, assertive: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text:
            announce(self.message, text, assertive=assertive)

    # --- joining and leaving -----------------------------------------------------------

    def join(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self._say(f"Give the team library's address: {URL_EXAMPLE}.", assertive=True)
            self.url_edit.setFocus()
            return
        self.join_button.setEnabled(False)
        self.url_edit.setEnabled(False)
        self._say("Joining…")
        self.team.join(url)

    def _join_failed(self, sentence: str) -> None:
        self.join_button.setEnabled(True)
        self.url_edit.setEnabled(True)
        self._say(sentence, assertive=True)
        self.url_edit.setFocus()

    def confirm_leave(self) -> None:
        pending = self.team.state.pending
        box = QMessageBox(self)
        box.setObjectName("teamLeaveQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Leave the team library")
        box.setText("Leave the team library?")
        unsent = f" {changes_waiting(pending).capitalize()} will not be sent." if pending else ""
        box.setInformativeText(
            "The team's resources and reading lists stay on this computer as your own "
            f"items, but they are no longer updated.{unsent}"
        )
        leave = box.addButton("&Leave", QMessageBox.ButtonRole.DestructiveRole)
        leave.setObjectName("teamLeaveConfirm")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._left() if box.clickedButton() is leave else None)
        box.open()

    def _left(self) -> None:
        self.team.leave()
        self._say("Left the team library; its resources and lists stay here as your own.")


class PasswordPrompt(QDialog):
    """The team server asked for a password: typed here, for this session or the keyring."""

    given = Signal(str, bool)  # the password, and whether to remember it

    def __init__(
        self, login: str, host: str, refused: bool, keyring: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamPasswordPrompt")
        self.setWindowTitle("Team library password")
        self.setMinimumWidth(420)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.keyring = keyring
        question = _label(
            "teamPasswordQuestion",
            f"The team server at {host} asks for the password of {login}.",
        )
        self.reason = _label("teamPasswordReason", "That password was refused; try again.")
        self.reason.setVisible(refused)
        self.password = QLineEdit()
        self.password.setObjectName("teamPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(f"Password of {login}")
        self.remember = QCheckBox("&Remember in the system keyring")
        self.remember.setObjectName("teamRememberPassword")
        self.remember.setVisible(keyring)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Password:", self.password)
        form.addRow("", self.remember)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.password.setFocus()

    def accept(self) -> None:
        if not self.password.text():
            self.password.setFocus()
            return
        super().accept()
        self.given.emit(self.password.text(), self.keyring and self.remember.isChecked())
