"""The window's alerts: a badge in the status bar and an *Alerts* list.

An alert says that something the person uses changed at its source ("The
briefing you use in *Induction week* was superseded on 3 December 2026.").
The list opens the resource, or its replacement (in the library, or its
address in the browser). ``install_alerts(window)`` adds the badge, the list's
window and a *View > Alerts…* command; the badge follows every change that can
raise an alert (imports, refreshes, syncs) and clears once the list is seen.
Review-due alerts are raised when the window starts.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Changes
from desktop_app.ui.operation_runner import OperationRunner
from resources_db.alerts import AlertInfo, sentence

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

ALERT_ROLE = Qt.ItemDataRole.UserRole + 1
SHORTCUT = "Ctrl+Shift+A"
WEB_SCHEMES = ("http", "https")


def badge_text(alerts: list[AlertInfo]) -> str:
    new = sum(1 for alert in alerts if not alert.seen)
    return f"Alerts: {new} new" if new else f"Alerts ({len(alerts)})"


def plain_text(alert: AlertInfo) -> str:
    """One list row: the title, then what happened, then the source's word."""
    lines = [alert.title, sentence(alert)]
    if alert.detail:
        lines.append(alert.detail)
    return "\n".join(lines)


def rich_text(alert: AlertInfo) -> str:
    """The chosen alert as escaped HTML, the collection names in italics."""
    told = escape(sentence(alert, emphasis=lambda name: f"\x00{name}\x01"))
    told = told.replace("\x00", "<i>").replace("\x01", "</i>")
    parts = [f"<p><b>{escape(alert.title)}</b></p>", f"<p>{told}</p>"]
    if alert.detail:
        parts.append(f"<p>{escape(alert.detail)}</p>")
    if alert.replacement:
        shown = alert.replacement_title or alert.replacement
        parts.append(f"<p>Its replacement: {escape(shown)}</p>")
    return "".join(parts)


class AlertsPanel(QWidget):
    """The list, the chosen alert in full, and what can be done with it."""

    resourceRequested = Signal(str)  # a uid to show in the detail pane
    dismissRequested = Signal(int)  # an alert's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("alertsList")
        self.list.setAccessibleName("Alerts")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.chosen = QLabel()
        self.chosen.setObjectName("alertDetail")
        self.chosen.setWordWrap(True)
        self.chosen.setTextFormat(Qt.TextFormat.RichText)
        self.chosen.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel("No alerts: nothing you use has changed at its source.")
        self.open_button = self._button("&Open", "openAlertResource", self.open_resource)
        self.replacement_button = self._button(
            "Open its re&placement", "openAlertReplacement", self.open_replacement
        )
        self.dismiss_button = self._button("&Dismiss", "dismissAlert", self.dismiss)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.replacement_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.chosen, 1)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(lambda *_: self._show_chosen())
        self.list.itemActivated.connect(lambda _item: self.open_resource())
        self.show_alerts([])

    def _button(self, text: str, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    def show_alerts(self, alerts: list[AlertInfo]) -> None:
        chosen = self.current()
        self.list.clear()
        for alert in alerts:
            item = QListWidgetItem(plain_text(alert))
            item.setData(ALERT_ROLE, alert)
            self.list.addItem(item)
            if chosen is not None and alert.id == chosen.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(not alerts)
        self.list.setVisible(bool(alerts))
        self._show_chosen()

    def current(self) -> AlertInfo | None:
        item: QListWidgetItem | None = self.list.currentItem()  # None when the list is empty
        value = item.data(ALERT_ROLE) if item is not None else None
        return value if isinstance(value, AlertInfo) else None

    def _show_chosen(self) -> None:
        alert = self.current()
        self.chosen.setText(rich_text(alert) if alert else "")
        self.open_button.setEnabled(alert is not None)
        self.dismiss_button.setEnabled(alert is not None)
        self.replacement_button.setEnabled(alert is not None and _can_open(alert))

    def open_resource(self) -> None:
        alert = self.current()
        if alert is not None:
            self.resourceRequested.emit(alert.uid)

    def open_replacement(self) -> None:
        alert = self.current()
        if alert is None or not _can_open(alert):
            return
        if alert.replacement_title:  # in the library
            self.resourceRequested.emit(alert.replacement)
        else:
            QDesktopServices.openUrl(QUrl(alert.replacement))

    def dismiss(self) -> None:
        alert = self.current()
        if alert is not None:
            self.dismissRequested.emit(alert.id)


def _can_open(alert: AlertInfo) -> bool:
    if alert.replacement_title:
        return True
    return QUrl(alert.replacement).scheme().lower() in WEB_SCHEMES


class AlertsWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertsWindow")
        self.setWindowTitle("Alerts — changes to what you use")
        self.resize(640, 480)
        self.panel = AlertsPanel(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(close)

    def focus_first(self) -> None:
        """The list when there are alerts; otherwise Close, so focus never lands nowhere
        (with the list hidden, a screen reader had nothing to read but the title)."""
        if self.panel.list.isVisible():
            self.panel.list.setFocus()
        else:
            self.close_button.setFocus()


class AlertsController(QObject):
    """Keeps the badge and the list in step with the library's alerts."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("alertsController")
        self.main = window
        self.runner: OperationRunner = window.runner
        self.alerts: list[AlertInfo] = []
        self.button = QToolButton()
        self.button.setObjectName("alertsButton")
        self.button.setAutoRaise(True)
        self.button.setToolTip(f"What changed in resources you use ({SHORTCUT})")
        self.button.clicked.connect(lambda _=False: self.open())
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)
        self.dialog = AlertsWindow(window)
        self.dialog.panel.resourceRequested.connect(self._show_resource)
        self.dialog.panel.dismissRequested.connect(self._dismiss)
        self.runner.changed.connect(self._on_changes)
        self.refresh()
        # On start: what became due for review since the last start joins the list, once.
        self.runner.edit(
            lambda ops: ops.raise_review_alerts(),
            lambda raised: self.refresh() if raised else None,
            what="The review dates could not be checked",
        )

    def refresh(self) -> None:
        self.runner.read(lambda ops: ops.alerts(), self._loaded, self._failed, owner=self)

    def _failed(self, error: Exception) -> None:
        self.main.statusBar().showMessage(f"The alerts could not be read: {error}", 8000)

    def _loaded(self, alerts: list[AlertInfo]) -> None:
        self.alerts = alerts
        text = badge_text(alerts)
        self.button.setText(text)
        self.button.setAccessibleName(text)
        self.button.setVisible(bool(alerts))
        font = self.button.font()
        font.setBold(any(not alert.seen for alert in alerts))
        self.button.setFont(font)
        self.dialog.panel.show_alerts(alerts)
        focus: QWidget | None = self.dialog.focusWidget()  # None before anything had focus
        if self.dialog.isVisible() and (focus is None or not focus.isVisible()):
            self.dialog.focus_first()
        if self.dialog.isVisible():
            self._mark_seen()

    def _on_changes(self, changes: Changes) -> None:
        # Alerts are raised only where the catalogue is written.
        if changes.catalogue or changes.resources:
            self.refresh()

    def open(self) -> None:
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.focus_first()
        self.refresh()

    def _mark_seen(self) -> None:
        unseen = [alert.id for alert in self.alerts if not alert.seen]
        if unseen:
            self.runner.edit(
                lambda ops: ops.mark_alerts_seen(unseen), lambda _count: self.refresh()
            )

    def _dismiss(self, alert_id: int) -> None:
        self.runner.edit(lambda ops: ops.dismiss_alerts([alert_id]), lambda _n: self.refresh())

    def _show_resource(self, uid: str) -> None:
        self.main.show_resource(uid)
        self.main.raise_()
        self.main.activateWindow()


def install_alerts(window: MainWindow) -> AlertsController:
    """The badge, the *Alerts* list and *View > Alerts…* (Ctrl+Shift+A); once per window."""
    found = window.findChild(AlertsController, "alertsController")
    if found is not None:
        return found
    controller = AlertsController(window)
    action = QAction("&Alerts…", window)
    action.setObjectName("alertsAction")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.triggered.connect(lambda _=False: controller.open())
    view = next((m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View"), None)
    if view is not None:
        view.addSeparator()
        view.addAction(action)
    else:
        window.addAction(action)
    return controller
