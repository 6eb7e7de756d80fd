"""Notices what another program wrote to the library while the window is open.

The command line (an import, a refresh, a transcript, ``lock``), a second
window or a scheduled task can change the library under an open window. Every
few seconds a read asks the database whether another program committed since
the last look (``Operations.others_wrote``: the window's own commits are told
apart there, also when they interleave with the other program's, during a
rebuild or an import of the window's own); when one did, the index takes in
what the other program queued or wrote, and every view refreshes as after a
change of everything.
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
        self.runner.read(lambda ops: ops.others_wrote(), self._answered, self._unanswered)

    def _unanswered(self, _error: Exception) -> None:
        self._asking = False  # a locked or closing database: ask again next time

    def _answered(self, others_wrote: bool) -> None:
        self._asking = False
        if others_wrote:
            self.runner.job(
                _take_in,
                lambda _none: None,
                what="Changes made by another program could not be taken in",
            )


def _take_in(ops: Operations) -> Changes:
    ops.prepare_index()  # the other program's commits to the index, or its queue
    return EVERYTHING
