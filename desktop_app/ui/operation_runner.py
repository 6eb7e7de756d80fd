"""The window's way to run operations: reads, the user's edits and long jobs, off the GUI thread.

Every mutation returns a ``Changes`` (see ``desktop_app.operations``); this
object broadcasts it once the work is done, and each view refreshes only what
it shows. Refusals come back as one sentence through ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.operations import Changes, OperationError, Operations
from desktop_app.ui.tasks import Pool, run_task
from search_index import RebuildCancelled

Work = Callable[[Operations], Any]
# Refusals and cancels are answers, not faults: no traceback in the log for them.
EXPECTED: tuple[type[Exception], ...] = (OperationError, RebuildCancelled)


def _split(result: Any) -> tuple[Any, Changes | None]:
    """An operation returns ``Changes``, ``(value, Changes)`` or a plain value."""
    if isinstance(result, Changes):
        return None, result
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], Changes):
        return result[0], result[1]
    return result, None


def sentence_for(error: Exception, what: str) -> str:
    if isinstance(error, OperationError):
        return str(error)
    text = str(error).strip() or type(error).__name__
    return f"{what}: {text.rstrip('.')}."


class OperationRunner(QObject):
    changed = Signal(object)  # Changes
    failed = Signal(str)  # one sentence

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._pending = 0

    @property
    def idle(self) -> bool:
        """No edit or job is waiting or running (tests and close wait on this)."""
        return self._pending == 0

    def read(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        run_task(
            lambda: work(self.ops),
            on_done,
            on_error,
            owner=owner or self,
            pool=Pool.READS,
            expected=EXPECTED,
        )

    def edit(
        self,
        work: Work,
        on_done: Callable[[Any], None] | None = None,
        *,
        what: str = "The change could not be saved",
    ) -> None:
        """A change of the user's own data: applied in order, one at a time."""
        self._run(work, on_done, None, what, Pool.EDITS)

    def write_now(self, work: Work) -> Any:
        """A small write that must land at once, on this thread (a listening position
        saved as an episode is left or the window closes)."""
        return work(self.ops)

    def job(
        self,
        work: Work,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        what: str = "The task failed",
    ) -> None:
        """A long write (import, refresh, rebuild, download): one at a time, never the GUI."""
        self._run(work, on_done, on_error, what, Pool.JOBS)

    def _run(
        self,
        work: Work,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
        what: str,
        pool: Pool,
    ) -> None:
        self._pending += 1

        def done(result: Any) -> None:
            self._pending -= 1
            value, changes = _split(result)
            if on_done is not None:
                on_done(value)
            if changes is not None and not changes.empty:
                self.changed.emit(changes)

        def failed(error: Exception) -> None:
            self._pending -= 1
            if on_error is not None:
                on_error(error)
            else:
                self.failed.emit(sentence_for(error, what))

        run_task(lambda: work(self.ops), done, failed, owner=self, pool=pool, expected=EXPECTED)
