"""Helpers shared by the tests: driving the window as a user would, and test data on disk."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel

from resources_db.catalogue_writer import add_download
from resources_db.packs import PackAttachment

if TYPE_CHECKING:
    from desktop_app.operations import Operations
    from desktop_app.ui.main_window import MainWindow

TIMEOUT_MS = 15000


def search(qtbot, window: MainWindow, text: str) -> None:
    """Type a search as a user would and wait for its results to be the ones shown."""
    panel = window.search_panel
    panel.search_box.clear()
    qtbot.keyClicks(panel.search_box, text)
    qtbot.waitUntil(
        lambda: (
            panel.last_results is not None
            and panel.last_results.query == text
            and not panel._debounce.isActive()
        ),
        timeout=TIMEOUT_MS,
    )


def open_row(qtbot, window: MainWindow, row: int) -> str:
    panel = window.search_panel
    hit = panel.model.hit(row)
    assert hit is not None
    panel.results_view.selectionModel().setCurrentIndex(
        panel.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.waitUntil(lambda: window.detail_pane.uid == hit.uid, timeout=TIMEOUT_MS)
    return hit.uid


def titles(window: MainWindow) -> list[str]:
    model = window.search_panel.model
    return [model.hit(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


def settle(qtbot, window: MainWindow) -> None:
    """Wait until every edit and job the window queued has been applied and reported."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=TIMEOUT_MS)


def attach_file(ops: Operations, uid: str, path: Path, media_type: str, label: str) -> None:
    """Keep ``path`` with the resource ``uid``, as a download or an import does."""
    with ops.unit_of_work() as session:
        add_download(
            session,
            uid,
            PackAttachment(path.name, label, media_type, path.read_bytes()),
            ops.library.paths.attachments_dir,
        )


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A local web server for ``folder``; its base address."""
    handler = partial(QuietFiles, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass
