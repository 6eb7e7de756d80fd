"""Suggested CPD entries in the Practice record window, and the evidence the window records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop_app.operations import Operations
from desktop_app.ui.operation_runner import OperationRunner
from desktop_app.ui.practice_dialogs import CpdDialog
from desktop_app.ui.practice_view import PracticePanel, practice_window
from desktop_app.ui.reading_clock import ReadingClock
from tests.gui.conftest import TIMEOUT_MS
from tests.resources_db.packs_fixtures import resource, write_pack

EPISODE, COURSE = "ep/1", "course/1"


class Window(QMainWindow):
    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self.runner = OperationRunner(ops, self)
        self.detail_pane = SimpleNamespace(uid=None)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[Window]:
    ops = Operations.open(tmp_path / "lib")
    ops.library.import_pack(
        write_pack(
            tmp_path / "pack",
            [
                resource(EPISODE, kind="podcast episode", title="Rupture and repair",
                         duration_seconds=40 * 60),
                resource(COURSE, kind="training", title="Perinatal mental health module"),
            ],
        )
    )  # fmt: skip
    shown = Window(ops)
    qtbot.addWidget(shown)
    yield shown
    qtbot.waitUntil(lambda: shown.runner.idle, timeout=TIMEOUT_MS)
    shown.close()
    ops.close()


def ready(qtbot, window: Window, panel: PracticePanel) -> None:
    qtbot.waitUntil(lambda: window.runner.idle, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.idle, timeout=TIMEOUT_MS)


def titles(panel: PracticePanel) -> list[str]:
    table = panel.suggestions_box.table
    return [table.item(row, 3).text() for row in range(table.rowCount())]


def test_suggestions_show_and_confirm_opens_the_filled_in_entry(qtbot, window: Window) -> None:
    panel = practice_window(window).panel  # type: ignore[arg-type]
    ready(qtbot, window, panel)
    assert not panel.suggestions_box.isVisibleTo(panel)  # nothing to suggest yet
    window.ops.note_listening(EPISODE, 36 * 60, 40 * 60)
    window.runner.edit(lambda ops: ops.note_reading(COURSE, 12 * 60))  # the window's way
    ready(qtbot, window, panel)
    box = panel.suggestions_box
    qtbot.waitUntil(lambda: box.table.rowCount() == 2, timeout=TIMEOUT_MS)
    assert box.isVisibleTo(panel) and box.title() == "Suggested (2)"
    assert set(titles(panel)) == {"Rupture and repair", "Perinatal mental health module"}
    row = titles(panel).index("Rupture and repair")
    box.table.selectRow(row)
    first = box.table.item(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert first.startswith("Rupture and repair: podcast, 36 minutes on ")  # read out whole
    box.confirm_button.click()
    qtbot.waitUntil(lambda: panel.findChild(CpdDialog) is not None, timeout=TIMEOUT_MS)
    dialog = panel.findChild(CpdDialog)
    assert dialog.windowTitle() == "Confirm CPD entry"
    assert (dialog.method_box.currentText(), dialog.minutes_box.value()) == ("Podcast", 36)
    assert dialog.topic_edit.text() == "Rupture and repair"
    assert window.ops.cpd_entries().entries == []  # nothing logged until saved
    dialog.minutes_box.setValue(40)
    dialog.accept()
    ready(qtbot, window, panel)
    qtbot.waitUntil(lambda: panel.cpd_table.rowCount() == 1, timeout=TIMEOUT_MS)
    [entry] = window.ops.cpd_entries().entries
    assert (entry.uid, entry.minutes, entry.method) == (EPISODE, 40, "podcast")
    assert titles(panel) == ["Perinatal mental health module"]
    box.table.selectRow(0)
    box.dismiss_button.click()
    ready(qtbot, window, panel)
    qtbot.waitUntil(lambda: not box.isVisibleTo(panel), timeout=TIMEOUT_MS)
    assert window.ops.cpd_suggestions() == []


def test_the_reading_clock_counts_only_while_the_app_is_active(qtbot) -> None:
    now = [100.0]
    clock = ReadingClock(now=lambda: now[0])
    clock.set_active(True)
    reported: list[tuple[str, float]] = []
    clock.stretch.connect(lambda uid, seconds: reported.append((uid, seconds)))
    clock.hold(COURSE, "pane")
    now[0] += 300
    clock.set_active(False)  # another program in front: the time stops
    now[0] += 3000
    clock.set_active(True)
    clock.hold(COURSE, "pdf")  # its PDF open as well: counted once
    now[0] += 200
    clock.release(COURSE, "pane")
    now[0] += 100
    clock.release(COURSE, "pdf")
    assert reported == [(COURSE, 300), (COURSE, 300)]


def test_the_detail_pane_reports_time_a_training_resource_is_shown(qtbot, make_window) -> None:
    window = make_window()
    window.ops.library.import_pack(
        write_pack(
            window.ops.root.parent / "course-pack",
            [resource(COURSE, kind="training", title="Perinatal mental health module")],
        )
    )
    now = [0.0]
    pane = window.detail_pane
    pane.reading._now = lambda: now[0]
    pane.reading.set_active(True)
    pane.show_view(window.ops.detail(COURSE))
    now[0] += 11 * 60
    pane.show_view(None)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=TIMEOUT_MS)
    [found] = window.ops.cpd_suggestions()
    assert (found.uid, found.minutes, found.method) == (COURSE, 11, "e-learning")
