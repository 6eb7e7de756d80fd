"""One way to run work off the GUI thread: ``run_task(fn, on_done, on_error, pool=…)``.

Workers never touch widgets. Results come back through a signals object that
lives on the GUI thread, so callbacks run there.

Three pools, one owner per kind of work (as Picard keeps a one-thread pool
for saves): ``READS`` answers searches and opens resources; ``EDITS`` applies
the user's own changes one at a time, in the order they were made; ``JOBS``
runs long writes (imports, refreshes, rebuilds, downloads) one at a time. So
typing never waits behind a rebuild, and a note is never saved after the
bookmark removal that followed it.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Pool(enum.Enum):
    READS = "reads"
    EDITS = "edits"
    JOBS = "jobs"


_pools: dict[Pool, QThreadPool] = {}


def thread_pool(kind: Pool) -> QThreadPool:
    """The pool for ``kind``, made on first use and owned by the application."""
    if kind is Pool.READS:
        return QThreadPool.globalInstance()
    pool = _pools.get(kind)
    if pool is None:
        pool = QThreadPool(QCoreApplication.instance())
        pool.setMaxThreadCount(1)
        pool.setObjectName(f"{kind.value}Pool")
        _pools[kind] = pool
    return pool


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(
        self, fn: Callable[[], Any], signals: _Signals, expected: tuple[type[Exception], ...]
    ) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.expected = expected

    def run(self) -> None:
        fn, signals = self.fn, self.signals
        # The pool may keep this runnable a while after it ran: let go of the work now.
        del self.fn, self.signals
        try:
            result = fn()
        except Exception as error:  # reported to the GUI, which shows one sentence
            if isinstance(error, self.expected):  # a refusal or a cancel, not a fault
                log.info("background task stopped: %s", error)
            else:
                log.exception("background task failed")
            signals.failed.emit(error)
        else:
            signals.done.emit(result)


def _release(signals: _Signals) -> None:
    """Cut a reported task loose: its connections held the callbacks, which hold
    the signals object (a cycle through Qt that Python's collector cannot see),
    and the object is deleted on the GUI thread, where it lives."""
    signals.done.disconnect()
    signals.failed.disconnect()
    signals.deleteLater()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    owner: QObject | None = None,
    pool: Pool = Pool.READS,
    expected: tuple[type[Exception], ...] = (),
) -> None:
    """Run ``fn`` on ``pool``; call back on the GUI thread.

    With an ``owner``, the callbacks are skipped once that widget is gone (a
    window closed while its search was still running). ``expected`` errors
    (refusals, cancels) are reported without a traceback in the log.
    """
    # Owned by the application until it reports: alive while the task runs,
    # and never freed by a worker thread that drops the last reference.
    signals = _Signals(QCoreApplication.instance())

    def wanted() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def finish(result: Any) -> None:
        _release(signals)
        if wanted():
            on_done(result)

    def fail(error: Exception) -> None:
        _release(signals)
        if on_error is not None and wanted():
            on_error(error)

    signals.done.connect(finish)
    signals.failed.connect(fail)
    thread_pool(pool).start(_Task(fn, signals, expected))


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Let running tasks finish, e.g. before the library they use is closed.

    Edits first: they are the user's work, and quick."""
    done = True
    for kind in (Pool.EDITS, Pool.JOBS, Pool.READS):
        done = thread_pool(kind).waitForDone(timeout_ms) and done
    return done
