"""Rebuilding the search index from the window, with progress and cancel."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.operations import Operations
from desktop_app.ui.dialogs import progress_dialog
from desktop_app.ui.operation_runner import OperationRunner
from search_index import RebuildCancelled


class IndexProgress(QObject):
    """Carries a worker's count of indexed resources to the GUI thread."""

    counted = Signal(int)


class ReindexRunner(QObject):
    """One rebuild at a time; ``finished`` carries a sentence for the status bar."""

    finished = Signal(str)

    def __init__(self, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.runner = runner
        self.window = parent
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._progress = IndexProgress(self)

    @property
    def running(self) -> bool:
        return self.dialog is not None

    def start(self) -> None:
        if self.running:
            return
        total = self.runner.ops.resource_count()
        dialog = progress_dialog(
            self.window, "Rebuilding the search index…", max(total, 1), "reindexProgress"
        )
        dialog.canceled.connect(self._cancel.set)
        self._progress.counted.connect(dialog.setValue)
        self.dialog = dialog
        self._cancel.clear()
        self.runner.job(self._rebuild, self._done, self._failed)

    def _rebuild(self, ops: Operations) -> int:
        return ops.rebuild_index(
            progress=self._progress.counted.emit, should_cancel=self._cancel.is_set
        )

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self._progress.counted.disconnect(self.dialog.setValue)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, count: int) -> None:
        self._close_dialog()
        self.finished.emit(f"Search index rebuilt: {count:,} resources")

    def _failed(self, error: Exception) -> None:
        self._close_dialog()
        if isinstance(error, RebuildCancelled):
            self.finished.emit("Rebuild cancelled; the previous index is still in use")
        else:
            self.finished.emit(f"The index could not be rebuilt: {error}")

    def cancel(self) -> None:
        self._cancel.set()
