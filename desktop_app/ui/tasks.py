"""One way to run work off the GUI thread: ``run_task(fn, on_done, on_error)``.

Workers never touch widgets. Results come back through a signals object that
lives on the GUI thread, so callbacks run there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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
        try:
            result = self.fn()
        except Exception as error:  # reported to the GUI, which shows one sentence
            log.exception("background task failed")
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


_alive: set[_Signals] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Run ``fn`` on the global thread pool; call back on the GUI thread."""
    signals = _Signals()
    _alive.add(signals)  # keep the QObject alive until its task reports

    def finish(result: Any) -> None:
        _alive.discard(signals)
        on_done(result)

    def fail(error: Exception) -> None:
        _alive.discard(signals)
        if on_error is not None:
            on_error(error)

    signals.done.connect(finish)
    signals.failed.connect(fail)
    QThreadPool.globalInstance().start(_Task(fn, signals))
