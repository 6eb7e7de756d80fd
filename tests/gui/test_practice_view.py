"""The Practice record window: logging, totals, filters, accounts, the lock and printing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMainWindow

from desktop_app.operations import Operations
from desktop_app.ui.dates import long_date
from desktop_app.ui.operation_runner import OperationRunner
from desktop_app.ui.practice_dialogs import CpdDialog, PassphraseDialog, ReflectionDialog
from desktop_app.ui.practice_view import PracticePanel, install_practice_menu, practice_window
from resources_db import practice_crypto
from resources_db.practice_record import CpdDraft
from tests.gui.conftest import TIMEOUT_MS

WEEK = "imhaw-2020/week"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(practice_crypto, "SCRYPT_N", 2**12)


class Window(QMainWindow):
    """What the practice window needs of the main window: its runner and open resource."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self.runner = OperationRunner(ops, self)
        self.detail_pane = SimpleNamespace(uid=WEEK)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[Window]:
    ops = Operations.open(tmp_path / "lib")
    shown = Window(ops)
    qtbot.addWidget(shown)
    yield shown
    qtbot.waitUntil(lambda: shown.runner.idle, timeout=TIMEOUT_MS)
    shown.close()
    ops.close()


@pytest.fixture
def panel(qtbot, window: Window) -> PracticePanel:
    found = practice_window(window).panel  # type: ignore[arg-type]
    ready(qtbot, window, found)
    return found


def ready(qtbot, window: Window, panel: PracticePanel) -> None:
    qtbot.waitUntil(lambda: window.runner.idle, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.idle, timeout=TIMEOUT_MS)


def column(panel: PracticePanel, number: int) -> list[str]:
    table = panel.cpd_table
    return [table.item(row, number).text() for row in range(table.rowCount())]


def log(qtbot, window: Window, panel: PracticePanel, draft: CpdDraft) -> None:
    panel.save_entry(None, draft)
    ready(qtbot, window, panel)


def test_log_learning_from_the_open_resource_through_the_dialog(
    qtbot, window: Window, panel
) -> None:
    panel.add_entry(WEEK)
    qtbot.waitUntil(lambda: panel.findChild(CpdDialog) is not None, timeout=TIMEOUT_MS)
    dialog = panel.findChild(CpdDialog)
    assert dialog.topic_edit.text().startswith("Infant Mental Health Awareness Week 2020")
    dialog.minutes_box.setValue(90)
    dialog.participatory_box.setChecked(True)
    qtbot.keyClicks(dialog.note_edit, "Planned a session for the team.")
    dialog.themes.boxes["practise effectively"].setChecked(True)
    dialog.accept()
    ready(qtbot, window, panel)
    assert column(panel, 2) == ["1.5"] and column(panel, 3) == ["Yes"]
    assert column(panel, 5) == ["Planned a session for the team."]
    assert panel.hours_bar.text() == "1.5 of 35 hours"
    assert panel.participatory_bar.text() == "1.5 of 20 hours"
    [entry] = window.ops.cpd_entries().entries
    assert entry.code == ["practise effectively"] and entry.uid == WEEK


def test_totals_follow_the_renewal_date_and_the_filters(qtbot, window: Window, panel) -> None:
    today = date.today()
    log(qtbot, window, panel, CpdDraft(today, "podcast", 30, uid=WEEK))
    log(qtbot, window, panel, CpdDraft(today, "study day", 300, True, topic="Ashgrove day"))
    log(qtbot, window, panel, CpdDraft(today - timedelta(days=4 * 365), "course", 60, topic="Old"))
    assert "Set your renewal date" in panel.period_label.text()
    assert panel.hours_bar.text() == "6.5 of 35 hours"  # every entry until a date is set
    renewal = today + timedelta(days=200)
    panel.renewal_edit.setDate(QDate(renewal.year, renewal.month, renewal.day))
    panel.renewal_button = panel.findChild(type(panel.open_button), "renewalButton")
    panel.renewal_button.click()
    ready(qtbot, window, panel)
    assert long_date(renewal) in panel.period_label.text()
    assert panel.hours_bar.text() == "5.5 of 35 hours"
    assert panel.participatory_bar.text() == "5 of 20 hours"
    assert panel.cpd_table.rowCount() == 2  # this period only
    panel.span_box.setCurrentIndex(1)  # all entries
    assert panel.cpd_table.rowCount() == 3
    panel.participatory_only.setChecked(True)
    assert column(panel, 4) == ["Ashgrove day"]
    panel.participatory_only.setChecked(False)
    panel.method_filter.setCurrentIndex(1 + 1)  # podcast
    assert column(panel, 1) == ["Podcast"]
    panel.method_filter.setCurrentIndex(0)
    qtbot.keyClicks(panel.text_filter, "ashgrove")
    assert column(panel, 4) == ["Ashgrove day"]
    assert panel.shown_totals.text() == "Shown: 5 hours, 5 participatory"


def test_edit_and_delete_an_entry(qtbot, window: Window, panel) -> None:
    log(qtbot, window, panel, CpdDraft(date.today(), "podcast", 30, uid=WEEK))
    panel.cpd_table.selectRow(0)
    panel.edit_selected_entry()
    dialog = panel.findChild(CpdDialog)
    dialog.minutes_box.setValue(45)
    dialog.accept()
    ready(qtbot, window, panel)
    assert column(panel, 2) == ["0.75"]
    [entry] = window.ops.cpd_entries().entries
    panel.delete_entry(entry.id)
    ready(qtbot, window, panel)
    assert panel.cpd_table.rowCount() == 0 and panel.hours_bar.text() == "0 of 35 hours"


def test_reflective_account_on_the_form_warns_gently_about_names(
    qtbot, window: Window, panel
) -> None:
    log(qtbot, window, panel, CpdDraft(date.today(), "podcast", 30, uid=WEEK))
    [entry] = window.ops.cpd_entries().entries
    panel.add_account([entry.id])
    dialog = panel.findChild(ReflectionDialog)
    labels = [w.text() for w in dialog.findChildren(type(dialog.warning_label))]
    assert "How did you change or improve your practice as a result?" in labels
    assert not dialog.warning_label.isVisible()
    qtbot.keyClicks(dialog.title_edit, "A home visit")
    qtbot.keyClicks(dialog.answers["what"], "I visited Mrs Patel and her baby.")
    assert dialog.warning_label.isVisible() and "Mrs Patel" in dialog.warning_label.text()
    dialog.answers["what"].setPlainText("I visited a mother and her baby.")
    assert not dialog.warning_label.isVisible()
    dialog.answers["learned"].setPlainText("To wait for cues.")
    dialog.answers["changed"].setPlainText("I pause before I speak.")
    dialog.themes.boxes["prioritise people"].setChecked(True)
    dialog.accept()
    ready(qtbot, window, panel)
    assert panel.reflections_table.item(0, 1).text() == "A home visit"
    [account] = window.ops.reflections()
    assert account.cpd_ids == [entry.id] and account.code == ["prioritise people"]


def test_lock_says_what_a_forgotten_passphrase_costs_and_opens_only_with_it(
    qtbot, window: Window, panel
) -> None:
    log(qtbot, window, panel, CpdDraft(date.today(), "podcast", 30, uid=WEEK, note="private"))
    panel.lock_interactive()
    dialog = panel.findChild(PassphraseDialog)
    warning = dialog.findChild(type(panel.status), "lockWarning").text()
    assert "lost for good" in warning and "nobody can open them again" in warning
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText("something else")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "differ" in dialog.problem.text()
    dialog.second.setText(PASSPHRASE)
    dialog.accept()
    ready(qtbot, window, panel)
    assert panel.lock_label.text() == "Locked, and open for this session."
    assert column(panel, 5) == ["private"]
    # The person closes it for now (before, only quitting did), as a new session starts.
    assert panel.close_button.isVisibleTo(panel) and not panel.open_button.isVisibleTo(panel)
    panel.close_button.click()
    ready(qtbot, window, panel)
    assert "needs the passphrase" in panel.status.text()
    assert column(panel, 5) == ["🔒 locked"] and column(panel, 2) == ["0.5"]
    assert not panel.add_entry_button.isEnabled() and panel.open_button.isVisibleTo(panel)
    panel.open_record("not the passphrase")
    ready(qtbot, window, panel)
    assert panel.status.text() == "That passphrase does not open the practice record."
    assert column(panel, 5) == ["🔒 locked"]
    panel.open_record(PASSPHRASE)
    ready(qtbot, window, panel)
    assert column(panel, 5) == ["private"] and panel.add_entry_button.isEnabled()


def test_print_the_log_and_the_accounts_to_pdf(qtbot, window: Window, panel, tmp_path) -> None:
    log(qtbot, window, panel, CpdDraft(date.today(), "podcast", 30, uid=WEEK))
    target = tmp_path / "log.pdf"
    panel.export_cpd_to(target, "pdf")
    ready(qtbot, window, panel)
    assert target.read_bytes().startswith(b"%PDF")
    page = tmp_path / "accounts.html"
    panel.export_accounts_to(page, "html")
    ready(qtbot, window, panel)
    assert "reflective accounts" in page.read_text("utf-8")
    panel.export_cpd_to(Path(tmp_path / "missing" / "log.csv"), "csv")
    ready(qtbot, window, panel)
    assert "does not exist" in panel.status.text()


def test_the_practice_menu_opens_the_record_and_logs_the_open_resource(
    qtbot, window: Window
) -> None:
    install_practice_menu(window)  # type: ignore[arg-type]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Practice")
    texts = [a.text() for a in menu.actions()]
    assert "Loc&k practice record…" in texts
    menu.actions()[0].trigger()
    found = window.findChild(PracticePanel, "practicePanel")
    assert found is not None and found.window().isVisible()
    ready(qtbot, window, found)
    menu.actions()[1].trigger()  # log learning from the resource open in the detail pane
    qtbot.waitUntil(lambda: found.findChild(CpdDialog) is not None, timeout=TIMEOUT_MS)
    assert found.findChild(CpdDialog).uid == WEEK


def test_edit_and_delete_wait_for_a_chosen_row(qtbot, window: Window, panel) -> None:
    log(qtbot, window, panel, CpdDraft(date.today(), "podcast", 30, uid=WEEK))
    panel.cpd_table.clearSelection()
    # Nothing chosen: the buttons used to look usable and then do nothing.
    assert not panel.edit_entry_button.isEnabled()
    assert not panel.delete_entry_button.isEnabled()
    assert not panel.edit_account_button.isEnabled()
    assert not panel.delete_account_button.isEnabled()
    panel.cpd_table.selectRow(0)
    assert panel.edit_entry_button.isEnabled() and panel.delete_entry_button.isEnabled()
