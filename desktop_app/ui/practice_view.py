"""The *Practice record* window: the CPD log and reflective accounts for NMC revalidation.

Entries by date with running totals against 35 hours (20 participatory) for
the three-year period ending on the renewal date the person sets; filters;
add, edit and delete; reflective accounts on the NMC form; exports; and the
lock. Everything runs through the window's ``OperationRunner``; the panel
refreshes itself whenever a change names the practice record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Changes, Operations
from desktop_app.operations.practice_ops import CpdListing, LockOutcome, PracticeSummary
from desktop_app.operations.practice_suggestions import draft_of_suggestion
from desktop_app.practice_print import print_pdf
from desktop_app.ui.cpd_suggestions_box import SuggestionsBox
from desktop_app.ui.date_field import pydate, qdate
from desktop_app.ui.dates import long_date, short_date
from desktop_app.ui.dialogs import documents_folder
from desktop_app.ui.operation_runner import OperationRunner, sentence_for
from desktop_app.ui.practice_dialogs import (
    LOCK_WARNING,
    CpdDialog,
    PassphraseDialog,
    ReflectionDialog,
    date_edit,
    draft_of,
)
from desktop_app.ui.tables import row_table
from resources_db.practice_export import hours
from resources_db.practice_record import METHODS, CpdDraft, CpdInfo, ReflectionInfo
from resources_db.practice_suggestions import SuggestionInfo

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

CPD_COLUMNS = ("Date", "Method", "Hours", "Participatory", "Topic", "How it relates to practice")
LOCKED_TEXT = "🔒 locked"


@dataclass(frozen=True)
class Snapshot:
    summary: PracticeSummary
    listing: CpdListing
    accounts: list[ReflectionInfo]
    suggestions: list[SuggestionInfo] = field(default_factory=list)


def _button(text: str, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda _=False: slot())
    return button


def _cell(text: str, key: int | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, key)
    return item


class PracticePanel(QWidget):
    message = Signal(str)

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practicePanel")
        self.runner = runner
        self.snapshot: Snapshot | None = None
        self._readable = True  # the record can be read and written (not locked shut)
        self._reads = 0
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addLayout(self._lock_row())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cpd_tab(), "&CPD log")
        self.tabs.addTab(self._reflections_tab(), "&Reflective accounts")
        layout.addWidget(self.tabs)
        self._update_row_buttons()
        runner.changed.connect(self.apply_changes)
        self.refresh()

    # --- layout -------------------------------------------------------------------------

    def _header(self) -> QVBoxLayout:
        self.period_label = QLabel()
        self.period_label.setObjectName("practicePeriod")
        self.period_label.setWordWrap(True)
        self.hours_bar = QProgressBar()
        self.hours_bar.setObjectName("cpdHoursBar")
        self.hours_bar.setAccessibleName("CPD hours towards 35")
        self.participatory_bar = QProgressBar()
        self.participatory_bar.setObjectName("participatoryHoursBar")
        self.participatory_bar.setAccessibleName("Participatory hours towards 20")
        self.renewal_edit = date_edit(date.today(), "renewalDateEdit")
        self.renewal_edit.setAccessibleName("Your next NMC renewal date")
        bars = QHBoxLayout()
        bars.addWidget(QLabel("CPD:"))
        bars.addWidget(self.hours_bar, 1)
        bars.addWidget(QLabel("Participatory:"))
        bars.addWidget(self.participatory_bar, 1)
        bars.addWidget(QLabel("Renewal date:"))
        bars.addWidget(self.renewal_edit)
        bars.addWidget(_button("Set", "renewalButton", self._set_renewal_from_edit))
        header = QVBoxLayout()
        header.addWidget(self.period_label)
        header.addLayout(bars)
        return header

    def _lock_row(self) -> QHBoxLayout:
        self.lock_label = QLabel()
        self.lock_label.setObjectName("practiceLockState")
        self.lock_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("practiceStatus")
        self.open_button = _button("Open…", "openRecordButton", self.open_interactive)
        self.lock_button = _button(
            "Lock practice record…", "lockRecordButton", self.lock_interactive
        )
        self.lock_button.setToolTip(LOCK_WARNING)
        self.unlock_button = _button("Remove lock…", "unlockRecordButton", self.unlock_interactive)
        # Once opened, the record stayed open until the app quit: closing it leaves the
        # notes and accounts needing the passphrase again (a shared or unattended laptop).
        self.close_button = _button("Close for now", "closeRecordButton", self.close_record)
        row = QHBoxLayout()
        row.addWidget(self.lock_label, 1)
        row.addWidget(self.status)
        for button in (self.open_button, self.close_button, self.lock_button, self.unlock_button):
            row.addWidget(button)
        return row

    def _cpd_tab(self) -> QWidget:
        self.span_box = QComboBox()
        self.span_box.setObjectName("cpdSpan")
        self.span_box.setAccessibleDescription("Which entries to show")
        self.span_box.addItems(["This period", "All entries", "Between dates"])
        self.from_edit = date_edit(date(date.today().year, 1, 1), "cpdFrom")
        self.to_edit = date_edit(date.today(), "cpdTo")
        self.from_edit.setAccessibleName("Show entries from")
        self.to_edit.setAccessibleName("Show entries up to")
        self.method_filter = QComboBox()
        self.method_filter.setObjectName("cpdMethodFilter")
        self.method_filter.setAccessibleDescription("Method of learning to show")
        self.method_filter.addItems(["Any method", *(m.capitalize() for m in METHODS)])
        self.participatory_only = QCheckBox("Participatory only")
        self.participatory_only.setObjectName("cpdParticipatoryOnly")
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("cpdTextFilter")
        self.text_filter.setPlaceholderText("Filter by words")
        self.text_filter.setAccessibleName("Filter entries by words")
        self.text_filter.setClearButtonEnabled(True)
        for signal in (
            self.span_box.currentIndexChanged,
            self.from_edit.dateChanged,
            self.to_edit.dateChanged,
            self.method_filter.currentIndexChanged,
            self.participatory_only.toggled,
            self.text_filter.textChanged,
        ):
            signal.connect(lambda *_: self.show_entries())
        filters = QHBoxLayout()
        for widget in (
            self.span_box,
            self.from_edit,
            self.to_edit,
            self.method_filter,
            self.participatory_only,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.text_filter, 1)
        self.suggestions_box = SuggestionsBox()
        self.suggestions_box.confirmRequested.connect(self.confirm_suggestion)
        self.suggestions_box.dismissRequested.connect(self.dismiss_suggestion)
        self.cpd_table = row_table("cpdTable", CPD_COLUMNS)
        self.cpd_table.setAccessibleName("CPD entries")
        self.cpd_table.doubleClicked.connect(lambda _index: self.edit_selected_entry())
        self.cpd_table.itemSelectionChanged.connect(self._update_row_buttons)
        self.shown_totals = QLabel()
        self.shown_totals.setObjectName("cpdShownTotals")
        buttons = QHBoxLayout()
        self.add_entry_button = _button("&Log learning…", "addCpdButton", self.add_entry)
        self.edit_entry_button = _button("&Edit…", "editCpdButton", self.edit_selected_entry)
        buttons.addWidget(self.add_entry_button)
        buttons.addWidget(self.edit_entry_button)
        self.delete_entry_button = _button("&Delete", "deleteCpdButton", self.delete_selected_entry)
        buttons.addWidget(self.delete_entry_button)
        buttons.addWidget(self.shown_totals, 1)
        buttons.addWidget(_button("E&xport log…", "exportCpdButton", self.export_cpd_interactive))
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.suggestions_box)
        layout.addLayout(filters)
        layout.addWidget(self.cpd_table)
        layout.addLayout(buttons)
        return tab

    def _reflections_tab(self) -> QWidget:
        self.reflections_table = row_table("reflectionsTable", ("Date", "Title", "The Code"))
        self.reflections_table.setAccessibleName("Reflective accounts")
        self.reflections_table.doubleClicked.connect(lambda _index: self.edit_selected_account())
        self.reflections_table.itemSelectionChanged.connect(self._update_row_buttons)
        self.write_button = _button("&Write an account…", "addReflectionButton", self.add_account)
        self.edit_account_button = _button(
            "&Edit…", "editReflectionButton", self.edit_selected_account
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.edit_account_button)
        self.delete_account_button = _button(
            "&Delete", "deleteReflectionButton", self.delete_selected_account
        )
        buttons.addWidget(self.delete_account_button)
        buttons.addStretch(1)
        buttons.addWidget(
            _button("&Print accounts…", "exportReflectionsButton", self.export_accounts_interactive)
        )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.reflections_table)
        layout.addLayout(buttons)
        return tab

    # --- reading --------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        return self._reads == 0

    def apply_changes(self, changes: Changes) -> None:
        if changes.practice or changes.catalogue:
            self.refresh()

    def refresh(self) -> None:
        def work(ops: Operations) -> Snapshot:
            return Snapshot(
                ops.practice_summary(), ops.cpd_entries(), ops.reflections(), ops.cpd_suggestions()
            )

        def done(snapshot: Snapshot) -> None:
            self._reads -= 1
            self.show_snapshot(snapshot)

        def failed(error: Exception) -> None:
            self._reads -= 1
            self.status.setText(sentence_for(error, "The practice record could not be read"))

        self._reads += 1
        self.runner.read(work, done, failed, owner=self)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        summary = snapshot.summary
        self._show_summary(summary)
        self._show_lock(summary)
        self.show_entries()
        self._show_accounts(snapshot.accounts)
        self.suggestions_box.show_suggestions(snapshot.suggestions)

    def _show_summary(self, summary: PracticeSummary) -> None:
        if summary.period is None:
            self.period_label.setText(
                "Set your renewal date to see the three-year period; the totals cover every entry."
            )
        else:
            self.period_label.setText(
                f"This revalidation period: {long_date(summary.period.start)} to "
                f"{long_date(summary.period.end)}."
            )
            self.renewal_edit.setDate(qdate(summary.period.end))
        for bar, done, needed in (
            (self.hours_bar, summary.minutes, summary.required_minutes),
            (
                self.participatory_bar,
                summary.participatory_minutes,
                summary.required_participatory_minutes,
            ),
        ):
            bar.setRange(0, needed)
            bar.setValue(min(done, needed))
            bar.setFormat(f"{hours(done)} of {hours(needed)} hours")

    def _show_lock(self, summary: PracticeSummary) -> None:
        if not summary.locked:
            text = "Not locked: anyone using this computer account can read the record."
        elif summary.readable:
            text = "Locked, and open for this session."
        else:
            text = "Locked: open it with its passphrase to read and write notes and accounts."
        self.lock_label.setText(text)
        self.open_button.setVisible(summary.locked and not summary.readable)
        self.close_button.setVisible(summary.locked and summary.readable)
        self.lock_button.setVisible(not summary.locked)
        self.unlock_button.setVisible(summary.locked)
        self._readable = summary.readable
        for button in (self.add_entry_button, self.write_button):
            button.setEnabled(summary.readable)
        self._update_row_buttons()
        self.suggestions_box.set_can_log(summary.readable)

    def _update_row_buttons(self) -> None:
        """Edit and Delete act on the chosen row: without one they are greyed out
        (they used to look usable with nothing chosen). Editing needs the record open."""
        readable = self._readable
        for table, edit, delete in (
            (self.cpd_table, self.edit_entry_button, self.delete_entry_button),
            (self.reflections_table, self.edit_account_button, self.delete_account_button),
        ):
            chosen = bool(table.selectionModel().selectedRows())
            edit.setEnabled(readable and chosen)
            delete.setEnabled(chosen)

    def _span(self) -> tuple[date | None, date | None]:
        choice = self.span_box.currentIndex()
        self.from_edit.setEnabled(choice == 2)
        self.to_edit.setEnabled(choice == 2)
        if choice == 2:
            return pydate(self.from_edit.date()), pydate(self.to_edit.date())
        period = self.snapshot.summary.period if self.snapshot else None
        if choice == 0 and period is not None:
            start, end = period.start, period.end
        else:
            start, end = None, None
        self._show_span(start, end)
        return start, end

    def _show_span(self, start: date | None, end: date | None) -> None:
        """The greyed dates say what the period or "all entries" covers, not January to today."""
        entries = self.snapshot.listing.entries if self.snapshot else []
        days = [e.day for e in entries]
        for edit, day in (
            (self.from_edit, start or min(days, default=date.today())),
            (self.to_edit, end or max([*days, date.today()])),
        ):
            blocker = QSignalBlocker(edit)  # showing the span is not a change of filter
            edit.setDate(qdate(day))
            blocker.unblock()

    def shown_entries(self) -> list[CpdInfo]:
        if self.snapshot is None:
            return []
        start, end = self._span()
        method = self.method_filter.currentIndex() - 1
        words = self.text_filter.text().strip().lower()
        listing = self.snapshot.listing
        return [
            e
            for e in reversed(listing.entries)  # newest first
            if (start is None or e.day >= start)
            and (end is None or e.day <= end)
            and (method < 0 or e.method == METHODS[method])
            and (e.participatory or not self.participatory_only.isChecked())
            and (not words or words in f"{listing.title(e)} {e.note}".lower())
        ]

    def show_entries(self) -> None:
        entries = self.shown_entries()
        listing = self.snapshot.listing if self.snapshot else None
        self.cpd_table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            title = listing.title(e) if listing else e.topic
            cells = (
                _cell(short_date(e.day), e.id),
                _cell(e.method.capitalize()),
                _cell(hours(e.minutes)),
                _cell("Yes" if e.participatory else ""),
                _cell(title),
                _cell(LOCKED_TEXT if e.sealed else e.note),
            )
            for column, cell in enumerate(cells):
                self.cpd_table.setItem(row, column, cell)
        total = sum(e.minutes for e in entries)
        participatory = sum(e.participatory_minutes for e in entries)
        self.shown_totals.setText(
            f"Shown: {hours(total)} hours, {hours(participatory)} participatory"
        )

    def _show_accounts(self, accounts: list[ReflectionInfo]) -> None:
        self.reflections_table.setRowCount(len(accounts))
        for row, a in enumerate(reversed(accounts)):
            themes = "; ".join(t.capitalize() for t in a.code)
            self.reflections_table.setItem(row, 0, _cell(short_date(a.written), a.id))
            self.reflections_table.setItem(row, 1, _cell(LOCKED_TEXT if a.sealed else a.title))
            self.reflections_table.setItem(row, 2, _cell(themes))

    def _selected_id(self, table: QTableWidget) -> int | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        item = table.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    # --- the CPD log ----------------------------------------------------------------------

    def add_entry(self, uid: str = "") -> None:
        """Log learning, from the resource ``uid`` if given (its title, kind and length)."""
        if not uid:
            self._edit_entry(None, CpdDraft(date.today(), "reading", 60))
            return
        self.runner.read(
            lambda ops: ops.suggested_cpd(uid),
            lambda draft: self._edit_entry(None, draft),
            lambda error: self.status.setText(sentence_for(error, "That resource")),
            owner=self,
        )

    def edit_selected_entry(self) -> None:
        entry_id = self._selected_id(self.cpd_table)
        entry = self._entry(entry_id)
        if entry is not None and not entry.sealed:
            self._edit_entry(entry.id, draft_of(entry))

    def _entry(self, entry_id: int | None) -> CpdInfo | None:
        entries = self.snapshot.listing.entries if self.snapshot else []
        return next((e for e in entries if e.id == entry_id), None)

    def _edit_entry(self, entry_id: int | None, draft: CpdDraft) -> None:
        dialog = CpdDialog(draft, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_entry(entry_id, dialog.draft()))
        dialog.open()

    def save_entry(self, entry_id: int | None, draft: CpdDraft) -> None:
        if entry_id is None:
            self.runner.edit(lambda ops: ops.log_cpd(draft), what="The entry could not be saved")
        else:
            self.runner.edit(
                lambda ops: ops.update_cpd(entry_id, draft), what="The entry could not be saved"
            )

    def delete_selected_entry(self) -> None:
        entry = self._entry(self._selected_id(self.cpd_table))
        if entry is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete CPD entry",
            f"Delete the entry of {long_date(entry.day)} ({hours(entry.minutes)} hours)?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_entry(entry.id)

    def delete_entry(self, entry_id: int) -> None:
        self.runner.edit(lambda ops: ops.delete_cpd(entry_id))

    # --- suggestions ------------------------------------------------------------------------

    def confirm_suggestion(self, found: SuggestionInfo) -> None:
        """The entry dialog filled in from the suggestion; saving it logs the entry."""
        dialog = CpdDialog(draft_of_suggestion(found), self, title="Confirm CPD entry")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_suggestion(found.id, dialog.draft()))
        dialog.open()

    def save_suggestion(self, suggestion_id: int, draft: CpdDraft) -> None:
        self.runner.edit(
            lambda ops: ops.confirm_suggestion(suggestion_id, draft),
            what="The entry could not be saved",
        )

    def dismiss_suggestion(self, suggestion_id: int) -> None:
        self.runner.edit(lambda ops: ops.dismiss_suggestions([suggestion_id]))

    # --- reflective accounts --------------------------------------------------------------

    def _entry_labels(self) -> list[tuple[int, str]]:
        listing = self.snapshot.listing if self.snapshot else None
        if listing is None:
            return []
        return [(e.id, f"{short_date(e.day)} · {listing.title(e)}") for e in listing.entries]

    def add_account(self, cpd_ids: list[int] | None = None) -> None:
        dialog = ReflectionDialog(None, self._entry_labels(), self, cpd_ids=cpd_ids)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_account(None, dialog))
        dialog.open()

    def edit_selected_account(self) -> None:
        account_id = self._selected_id(self.reflections_table)
        accounts = self.snapshot.accounts if self.snapshot else []
        account = next((a for a in accounts if a.id == account_id), None)
        if account is None or account.sealed:
            return
        dialog = ReflectionDialog(account, self._entry_labels(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_account(account, dialog))
        dialog.open()

    def save_account(self, account: ReflectionInfo | None, dialog: ReflectionDialog) -> None:
        if account is None:
            draft = dialog.draft()
            self.runner.edit(
                lambda ops: ops.add_reflection(draft), what="The account could not be saved"
            )
        else:
            draft = dialog.draft(account.written)
            self.runner.edit(
                lambda ops: ops.update_reflection(account.id, draft),
                what="The account could not be saved",
            )

    def delete_selected_account(self) -> None:
        account_id = self._selected_id(self.reflections_table)
        if account_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete reflective account", "Delete this reflective account?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.edit(lambda ops: ops.delete_reflection(account_id))

    # --- the period, exports --------------------------------------------------------------

    def _set_renewal_from_edit(self) -> None:
        self.set_renewal_date(pydate(self.renewal_edit.date()))

    def set_renewal_date(self, renewal: date | None) -> None:
        self.runner.edit(lambda ops: ops.set_renewal_date(renewal))

    def export_cpd_interactive(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export the CPD log",
            str(documents_folder() / "CPD log.pdf"),
            "PDF (*.pdf);;Printable page (*.html);;Spreadsheet (*.csv)",
        )
        if path:
            fmt = {"PDF (*.pdf)": "pdf", "Spreadsheet (*.csv)": "csv"}.get(chosen, "html")
            self.export_cpd_to(Path(path), fmt)

    def export_cpd_to(self, target: Path, fmt: str) -> None:
        """CSV or HTML as files; a PDF is the HTML printed here (Qt's layout is GUI-thread work)."""
        start, end = self._span()

        def work(ops: Operations) -> tuple[int, str]:
            if fmt == "pdf":
                return ops.cpd_log_text("html", start, end)
            return ops.export_cpd(fmt, target, start, end), ""

        self.runner.job(work, lambda result: self._exported(result, fmt, target), self._failed)

    def export_accounts_interactive(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Print the reflective accounts",
            str(documents_folder() / "Reflective accounts.pdf"),
            "PDF (*.pdf);;Printable page (*.html)",
        )
        if path:
            self.export_accounts_to(Path(path), "pdf" if chosen.startswith("PDF") else "html")

    def export_accounts_to(self, target: Path, fmt: str) -> None:
        def work(ops: Operations) -> tuple[int, str]:
            if fmt == "pdf":
                return ops.reflections_html()
            return ops.export_reflections(target), ""

        self.runner.job(work, lambda result: self._exported(result, fmt, target), self._failed)

    def _exported(self, result: tuple[int, str], fmt: str, target: Path) -> None:
        count, html = result
        if fmt == "pdf":
            print_pdf(html, target)
        self.status.setText(f"Wrote {target.name}.")
        self.message.emit(f"Wrote {count} to {target.name}.")

    def _failed(self, error: Exception) -> None:
        self.status.setText(sentence_for(error, "That did not work"))

    # --- the lock -------------------------------------------------------------------------

    def open_record(self, passphrase: str) -> None:
        self._lock_job(lambda ops: ops.open_practice(passphrase), "Opened for this session.")

    def close_record(self) -> None:
        self._lock_job(
            lambda ops: ops.close_practice(), "Closed: it needs the passphrase to open again."
        )

    def lock(self, passphrase: str) -> None:
        self.status.setText("Working…")
        self.runner.job(lambda ops: ops.lock_practice(passphrase), self._locked, self._failed)

    def _locked(self, outcome: LockOutcome) -> None:
        self.status.setText("")  # the lock's own line says it is locked and open

        if outcome.copies_left_unsealed:
            names = ", ".join(p.name for p in outcome.copies_left_unsealed)
            self.message.emit(f"These backups could not be encrypted: {names}.")

    def unlock(self, passphrase: str) -> None:
        self._lock_job(lambda ops: ops.unlock_practice(passphrase), "The lock was removed.")

    def _lock_job(self, work, done_text: str) -> None:  # type: ignore[no-untyped-def]
        self.status.setText("Working…")
        self.runner.job(work, lambda _r: self.status.setText(done_text), self._failed)

    def open_interactive(self) -> None:
        self._ask("Open the practice record", new=False, then=self.open_record)

    def lock_interactive(self) -> None:
        self._ask("Lock the practice record", new=True, then=self.lock)

    def unlock_interactive(self) -> None:
        self._ask("Remove the lock", new=False, then=self.unlock)

    def _ask(self, title: str, *, new: bool, then) -> None:  # type: ignore[no-untyped-def]
        dialog = PassphraseDialog(title, new=new, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: then(dialog.passphrase()))
        dialog.open()


class PracticeWindow(QDialog):
    """The panel in its own window (a table this wide does not fit a side tab)."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceWindow")
        self.setWindowTitle("Practice record — private to you")
        self.resize(1000, 640)
        self.panel = PracticePanel(runner, self)
        QVBoxLayout(self).addWidget(self.panel)
        # Nothing took the focus on opening, so a screen reader read only the title.
        self.panel.cpd_table.setFocus()


def practice_window(window: MainWindow) -> PracticeWindow:
    """The one practice window of ``window``, made on first use."""
    found = window.findChild(PracticeWindow, "practiceWindow")
    if found is None:
        found = PracticeWindow(window.runner, window)
        found.panel.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    found.show()
    found.raise_()
    found.activateWindow()
    return found


def install_practice_menu(window: MainWindow) -> None:
    """A *Practice* menu: the record, logging the open resource, and the lock."""
    bar = window.menuBar()
    menu = QMenu("&Practice", bar)
    # Help stays the last menu, where people look for it.
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)

    def add(text: str, slot, shortcut: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        return action

    add("Practice &record…", lambda: practice_window(window), "Ctrl+Shift+R")
    add(
        "&Log learning from this resource…",
        lambda: practice_window(window).panel.add_entry(window.detail_pane.uid or ""),
    )
    add("Write a reflective &account…", lambda: practice_window(window).panel.add_account())
    menu.addSeparator()
    add("Loc&k practice record…", lambda: practice_window(window).panel.lock_interactive())
