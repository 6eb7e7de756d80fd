"""The fast start: the window's frame with the kept first page on screen, then the
library's code loaded behind it.

Importing SQLAlchemy with every model, numpy and the index takes most of a
start (about 0.7 s at 100,000 resources on a two-core laptop). With a first
page kept from the last session (``desktop_app/first_page.py``), the frame is
built and painted from light modules first; the heavy imports then run on a
worker thread, so the window keeps repainting and takes typing (searched once
the library is open) while they run; ``MainWindow.attach`` does the rest.
"""

from __future__ import annotations

import threading
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QMetaObject, QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop_app.first_page import read_first_page
from desktop_app.ui import appearance

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

# What ``Operations`` needs; the window's own panels are imported by ``attach``
# on the GUI thread, as widget code belongs there.
LIBRARY_MODULES = ("desktop_app.operations",)


def open_frame(root: Path, app: QApplication) -> MainWindow | None:
    """The window's frame showing the first page kept at the last close, painted;
    None when no page fits the library (the start then goes the slow way)."""
    page = read_first_page(root)
    if page is None:
        return None
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(None, appearance.open_settings(root), QFont(app.font()), page)
    window.apply_preferences()
    window.show()
    _wait_for_paint(window.search_panel.results_view.viewport())
    return window


def load_library_code() -> None:
    """Import the library's modules on a worker thread while this (the GUI) thread
    runs the event loop; raises what the import raised."""
    loop = QEventLoop()
    failed: list[BaseException] = []

    def load() -> None:
        try:
            for name in LIBRARY_MODULES:
                import_module(name)
        except BaseException as error:
            failed.append(error)
        finally:
            # Queued: delivered by the loop even if it has not started yet.
            QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)

    worker = threading.Thread(target=load, name="library-code", daemon=True)
    worker.start()
    loop.exec()
    worker.join()
    if failed:
        raise failed[0]


class _PaintWatch(QObject):
    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.loop.quit)  # once this paint is done
        return False


def _wait_for_paint(widget: QObject, most_ms: int = 500) -> None:
    """Let the frame reach the screen before anything else runs; a window that is
    never painted (minimised, another desktop) holds the start back ``most_ms``.
    What the person types or clicks meanwhile waits for the next loop."""
    loop = QEventLoop()
    watch = _PaintWatch(loop)
    widget.installEventFilter(watch)
    QTimer.singleShot(most_ms, loop.quit)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    widget.removeEventFilter(watch)
