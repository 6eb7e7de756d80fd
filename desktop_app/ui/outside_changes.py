"""Notices what another program wrote to the library while the window is open.

The command line (an import, a refresh, a transcript, ``lock``), a second
window or a scheduled task can change the library under an open window. Every
few seconds a read asks SQLite whether anything was committed since
(``Operations.library_version``); when something was and the window itself
wrote nothing meanwhile, the index takes in what the other program queued or
wrote, and every view refreshes as after a change of everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from desktop_app.operations import Changes

if TYPE_CHECKING:
    from desktop_app.operations import Operations
    from desktop_app.ui.main_window import MainWindow

POLL_MS = 3000
EVERYTHING = Changes(
    catalogue=True,
    bookmarks=True,
    collection_list=True,
    saved_searches=True,
    history=True,
    tags=True,
    bin=True,
    practice=True,
)


class OutsideChanges(QObject):
    def __init__(self, window: MainWindow, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.setObjectName("outsideChanges")
        self.window = window
        self.runner = window.runner
        self._version: int | None = None  # at the last quiet look
        self._writes = 0  # the window's writes started by the last quiet look
        self._asking = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.poll()

    def poll(self) -> None:
        if self._asking:
            return
        self._asking = True
        issued = (self.runner.writes_started, self.runner.idle)
        self.runner.read(
            lambda ops: ops.library_version(),
            lambda version: self._answered(version, issued),
            self._unanswered,
        )

    def _unanswered(self, _error: Exception) -> None:
        self._asking = False  # a locked or closing database: ask again next time
        self._version = None

    def _answered(self, version: int, issued: tuple[int, bool]) -> None:
        """Compare with the last quiet look; a look is quiet when the window wrote
        nothing from before it was asked until it was answered (its own writes
        commit before the runner is idle again, so a quiet look includes them).
        Only two quiet looks with none of the window's writes between them are
        compared: a write started and finished between two looks moves the
        version too, and is the window's own."""
        self._asking = False
        writes, idle = issued
        quiet = idle and self.runner.idle and writes == self.runner.writes_started
        before = self._version if writes == self._writes else None
        self._version, self._writes = (version, writes) if quiet else (None, 0)
        if not quiet or before is None or version == before:
            return
        # This job is one of the window's writes: the looks while it runs are not
        # quiet, and the first quiet one after it is a new starting point.
        self.runner.job(
            _take_in,
            lambda _none: None,
            what="Changes made by another program could not be taken in",
        )


def _take_in(ops: Operations) -> Changes:
    ops.prepare_index()  # the other program's commits to the index, or its queue
    return EVERYTHING
