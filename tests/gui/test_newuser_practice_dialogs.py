"""The practice record as a new user met it: a refused save keeps the writing, the Code's
boxes never overlap, one minute is not "1 minutes", and the greyed dates say the period."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMainWindow

from desktop_app.operations import Operations
from desktop_app.ui.date_field import pydate
from desktop_app.ui.operation_runner import OperationRunner
from desktop_app.ui.practice_dialogs import CpdDialog, PassphraseDialog, ReflectionDialog
from desktop_app.ui.practice_view import practice_window
from resources_db.practice_record import CpdDraft
from tests.gui.conftest import TIMEOUT_MS

ENTRIES = [(1, "15 Oct 2025 · Perinatal mental health study day")]


def click_save(qtbot, dialog: CpdDialog | ReflectionDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def written_account(qtbot) -> ReflectionDialog:
    dialog = ReflectionDialog(None, ENTRIES)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.title_edit, "Study day on perinatal mood")
    dialog.answers["what"].setPlainText("A study day with colleagues.")
    dialog.answers["learned"].setPlainText("When to ask the Whooley questions.")
    dialog.answers["changed"].setPlainText("I ask about mood at every contact.")
    return dialog


def test_saving_an_account_without_a_theme_keeps_the_dialog_and_the_writing(qtbot) -> None:
    dialog = written_account(qtbot)
    saved: list[bool] = []
    dialog.accepted.connect(lambda: saved.append(True))
    click_save(qtbot, dialog)
    assert dialog.isVisible() and not saved
    assert "Code's themes" in dialog.problem_label.text() and dialog.problem_label.isVisible()
    assert dialog.answers["learned"].toPlainText() == "When to ask the Whooley questions."
    dialog.themes.boxes["prioritise people"].setChecked(True)
    click_save(qtbot, dialog)
    assert saved and not dialog.isVisible()


def test_saving_an_account_without_an_answer_says_which_and_goes_there(qtbot) -> None:
    dialog = written_account(qtbot)
    dialog.answers["changed"].setPlainText("  ")
    dialog.themes.boxes["preserve safety"].setChecked(True)
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem_label.text() == "Say how you changed or improved your practice."
    qtbot.waitUntil(lambda: dialog.answers["changed"].hasFocus())


def test_a_free_standing_entry_without_a_topic_stays_open(qtbot) -> None:
    dialog = CpdDialog(CpdDraft(date.today(), "study day", 390))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.note_edit.setPlainText("Refreshed how I screen for low mood.")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and "needs a topic" in dialog.problem_label.text()
    assert dialog.note_edit.toPlainText() == "Refreshed how I screen for low mood."
    qtbot.keyClicks(dialog.topic_edit, "Perinatal mental health study day")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()


def test_the_codes_boxes_keep_their_height_when_the_name_warning_shows(qtbot) -> None:
    dialog = written_account(qtbot)
    dialog.answers["learned"].setPlainText("Mrs Jane Smith, NHS number 943 476 5919, told me.")
    qtbot.waitUntil(dialog.warning_label.isVisible)
    qtbot.waitUntil(lambda: not dialog.warning_label.visibleRegion().isEmpty())  # not scrolled off
    boxes = list(dialog.themes.boxes.values())
    qtbot.waitUntil(lambda: all(b.height() >= b.sizeHint().height() for b in boxes))
    for upper, lower in pairwise(boxes):
        assert upper.geometry().bottom() < lower.geometry().top()


def test_one_minute_is_said_in_the_singular(qtbot) -> None:
    dialog = CpdDialog(CpdDraft(date.today(), "reading", 1, uid="imhaw-2020/week"))
    qtbot.addWidget(dialog)
    assert dialog.minutes_box.text() == "1 minute"
    dialog.minutes_box.setValue(45)
    assert dialog.minutes_box.text() == "45 minutes"


def test_a_new_account_starts_in_its_title(qtbot) -> None:
    dialog = ReflectionDialog(None, ENTRIES)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.title_edit)


class Window(QMainWindow):
    """What the practice window needs of the main window: its runner and open resource."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self.runner = OperationRunner(ops, self)
        self.detail_pane = None


def test_the_greyed_dates_of_this_period_are_the_periods(qtbot, tmp_path: Path) -> None:
    ops = Operations.open(tmp_path / "lib")
    window = Window(ops)
    qtbot.addWidget(window)
    panel = practice_window(window).panel  # type: ignore[arg-type]

    def settled() -> None:
        qtbot.waitUntil(lambda: window.runner.idle and panel.idle, timeout=TIMEOUT_MS)

    settled()
    old_day = date.today() - timedelta(days=500)
    panel.save_entry(None, CpdDraft(old_day, "study day", 390, True, topic="Study day"))
    settled()
    assert pydate(panel.from_edit.date()) == old_day  # no period yet: every entry
    renewal = date.today() + timedelta(days=300)
    panel.set_renewal_date(renewal)
    settled()
    period = ops.practice_summary().period
    assert period is not None
    assert not panel.from_edit.isEnabled()
    assert pydate(panel.from_edit.date()) == period.start
    assert pydate(panel.to_edit.date()) == period.end == renewal
    window.close()
    ops.close()


def test_the_lock_warning_reads_as_a_paragraph_not_a_narrow_column(qtbot) -> None:
    dialog = PassphraseDialog("Lock the practice record", new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    warning = dialog.findChild(QLabel, "lockWarning")
    assert warning.height() <= 6 * warning.fontMetrics().lineSpacing()
    assert dialog.first.width() >= 240
