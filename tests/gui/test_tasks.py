"""The one background-task helper: results arrive on the GUI thread, and nothing stays behind."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject

from desktop_app.ui import tasks


def live_signal_objects() -> int:
    """Signals objects alive on either side: Qt's (children of the application)
    and Python's wrappers."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    wrappers = sum(1 for item in gc.get_objects() if isinstance(item, tasks._Signals))
    return wrappers + len(QCoreApplication.instance().findChildren(tasks._Signals))


def test_result_arrives_on_the_gui_thread(qtbot) -> None:
    got: list[tuple[int, bool]] = []
    tasks.run_task(
        lambda: 6 * 7,
        lambda value: got.append((value, threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [(42, True)]


@pytest.mark.allow_logged_errors
def test_failure_reaches_the_error_callback(qtbot) -> None:
    errors: list[Exception] = []

    def broken() -> None:
        raise ValueError("no such resource")

    tasks.run_task(broken, lambda _value: pytest.fail("no result expected"), errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "no such resource"


def test_finished_tasks_leave_nothing_behind(qtbot) -> None:
    # Each search runs one task: a window used all day must not keep them all.
    owner = QObject()
    before = live_signal_objects()
    done: list[int] = []
    for number in range(30):
        tasks.run_task(lambda n=number: n, done.append, owner=owner)
    qtbot.waitUntil(lambda: len(done) == 30, timeout=10000)
    tasks.wait_for_tasks()
    qtbot.wait(10)
    assert live_signal_objects() <= before
