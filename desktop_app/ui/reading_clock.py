"""How long each resource stays open in the window: evidence for a CPD suggestion.

A resource is open while something holds it (the detail pane shows it, its PDF
window is up); its time runs only while the app is the active one, so a
window left behind another program, or a laptop asleep, adds nothing.
``stretch`` reports each run of time once it ends (or on ``report``, which
the pane calls on close); the operations keep only training kinds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication


class ReadingClock(QObject):
    stretch = Signal(str, float)  # uid, seconds

    def __init__(
        self, parent: QObject | None = None, now: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._holders: dict[str, set[str]] = {}
        self._since: dict[str, float] = {}  # uid -> when its current run began
        app = QGuiApplication.instance()
        self.active = True
        if isinstance(app, QGuiApplication):
            self.active = app.applicationState() == Qt.ApplicationState.ApplicationActive
            app.applicationStateChanged.connect(self.set_active)

    def hold(self, uid: str, holder: str) -> None:
        holders = self._holders.setdefault(uid, set())
        if not holders and self.active:
            self._since[uid] = self._now()
        holders.add(holder)

    def release(self, uid: str, holder: str) -> None:
        holders = self._holders.get(uid)
        if holders is None:
            return
        holders.discard(holder)
        if not holders:
            del self._holders[uid]
            self._end(uid)

    def set_active(self, state: Qt.ApplicationState | bool) -> None:
        active = state is True or state == Qt.ApplicationState.ApplicationActive
        if active == self.active:
            return
        self.active = active
        for uid in list(self._holders):
            if active:
                self._since[uid] = self._now()
            else:
                self._end(uid)

    def report(self) -> None:
        """Report every run so far (before the window closes); they go on from here."""
        for uid in list(self._since):
            self._end(uid)
            self._since[uid] = self._now()

    def _end(self, uid: str) -> None:
        began = self._since.pop(uid, None)
        if began is not None:
            seconds = self._now() - began
            if seconds >= 1:
                self.stretch.emit(uid, seconds)
