"""`imh-library self-test`: drive the real window the way a user would, headless."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QThread
from PySide6.QtWidgets import QApplication

from desktop_app.ui.main_window import MainWindow

QUERY = "infant mental health"
TIMEOUT_S = 60.0


def wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return True
        QThread.msleep(10)
    return False


def run_self_test(window: MainWindow) -> tuple[bool, str]:
    """Search, open the first result, close; returns (passed, one sentence)."""
    window.show()
    panel = window.search_panel
    if not wait_until(lambda: window.index_label.text() == "Search index ready"):
        return False, f"The search index was not ready: {window.index_label.text()}"
    panel.search_box.setFocus()
    panel.search_box.setText(QUERY)
    panel.search_now()
    if not wait_until(lambda: panel.shows(QUERY) and panel.model.rowCount() > 0):
        return False, f"Searching for '{QUERY}' showed no results."
    first = panel.model.index(0, 0)
    hit = panel.model.hit(0)
    panel.results_view.selectionModel().setCurrentIndex(
        first, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    if hit is None or not wait_until(lambda: window.detail_pane.uid == hit.uid):
        return False, "The first result did not open in the detail pane."
    shown = window.detail_pane.title.text()  # the pane's heading
    if hit.title not in shown:
        return False, "The detail pane did not show the first result's title."
    # A reference in the default style exercises citeproc and the XML library under it,
    # which a frozen build could leave out without any other step noticing.
    try:
        references = window.ops.citations([hit.uid])
    except Exception as error:  # a self-test reports what broke instead of a traceback
        return False, f"The first result's reference could not be formatted: {error}"
    finally:
        window.close()
    if not references or hit.title.split(":")[0] not in references[0].text:
        return False, "The first result's reference did not name it."
    found = panel.model.total
    return True, (
        f"Self-test passed: '{QUERY}' found {found} resource{'s' * (found != 1)}; "
        f"opened '{hit.title}' and formatted its reference."
    )
