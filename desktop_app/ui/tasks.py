"""One way to run work off the GUI thread: ``run_task(fn, on_done, on_error)``.

Workers never touch widgets. Results come back through a signals object that
lives on the GUI thread, so callbacks run there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        fn, signals = self.fn, self.signals
        # The pool may keep this runnable a while after it ran: let go of the work now.
        del self.fn, self.signals
        try:
            result = fn()
        except Exception as error:  # reported to the GUI, which shows one sentence
            log.exception("background task failed")
            signals.failed.emit(error)
        else:
            signals.done.emit(result)


_alive: set[_Signals] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    owner: QObject | None = None,
) -> None:
    """Run ``fn`` on the global thread pool; call back on the GUI thread.

    With an ``owner``, the callbacks are skipped once that widget is gone (a
    window closed while its search was still running).
    """
    signals = _Signals()
    _alive.add(signals)  # keep the QObject alive until its task reports

    def wanted() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def release() -> None:
        # The connections hold these closures, and the closures hold the
        # signals object: a cycle through Qt that Python's collector cannot
        # see, so each task leaked until it was cut here.
        _alive.discard(signals)
        signals.done.disconnect(finish)
        signals.failed.disconnect(fail)

    def finish(result: Any) -> None:
        release()
        if wanted():
            on_done(result)

    def fail(error: Exception) -> None:
        release()
        if on_error is not None and wanted():
            on_error(error)

    signals.done.connect(finish)
    signals.failed.connect(fail)
    QThreadPool.globalInstance().start(_Task(fn, signals))


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Let running tasks finish, e.g. before the library they use is closed."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
