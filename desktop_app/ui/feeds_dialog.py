"""*File ▸ Feeds…*: the feeds the library follows, refreshing them, and unsubscribing.

A refresh runs on the window's job pool, one feed at a time, with a
progress bar and Cancel (taking effect between feeds); each feed that fails
gets one sentence. Unsubscribing keeps everything the feed brought. Items a
refresh brings are marked new in the results table until opened, or until
*Mark all as seen*.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.operations import Operations
from desktop_app.ui.operation_runner import OperationRunner, sentence_for
from resources_db.transcripts.report import not_kept_lines, not_kept_sentence

if TYPE_CHECKING:
    # Only for annotations: the window's start need not load the importers.
    from resources_db.importing import RefreshOutcome
    from resources_db.subscriptions import SubscriptionInfo

HEADERS = ("Feed", "Kind", "Items", "Last refreshed", "Status")
UrlRole = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def when(stamp: datetime | None) -> str:
    return f"{stamp:%d %b %Y %H:%M}" if stamp else "Never"


def refresh_summary(outcomes: Sequence[RefreshOutcome], cancelled: bool = False) -> str:
    """A line of totals, then one sentence per feed that failed, then per feed each
    transcript or chapters file it names that was not kept, and why."""
    added = sum(o.added for o in outcomes)
    updated = sum(o.updated for o in outcomes)
    failed = [o for o in outcomes if o.error]
    done = len(outcomes) - len(failed)
    not_kept = not_kept_sentence([item for o in outcomes for item in o.not_kept])
    lines = [
        f"Refreshed {done} feed{'s' * (done != 1)}: {added} new, {updated} updated."
        + (" Cancelled before the rest." if cancelled else "")
        + (f" {not_kept}" if not_kept else "")
    ]
    kept = sum(o.binned for o in outcomes)
    if kept:
        lines.append(f"{kept} item{'s' * (kept != 1)} you deleted stayed in the bin.")
    lines += [f"{o.title or o.url}: {o.error}" for o in failed]
    for o in outcomes:
        if o.not_kept:
            lines += [f"{o.title or o.url}:", *not_kept_lines(o.not_kept)]
    return "\n".join(lines)


class _Progress(QObject):
    step = Signal(int, str)


class FeedsDialog(QDialog):
    """``refreshed`` carries the summary once a refresh has finished."""

    refreshed = Signal(str)

    def __init__(
        self,
        runner: OperationRunner,
        mark_seen: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("feedsDialog")
        self.setWindowTitle("Feeds")
        self.runner, self.mark_seen = runner, mark_seen
        self.feeds: list[SubscriptionInfo] = []
        self.refreshing = False
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.step.connect(self._on_step)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("feedsTable")
        self.table.setAccessibleName("Feeds the library follows")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._enable)

        self.empty_label = QLabel(
            "The library follows no feeds yet. Import a blog's or podcast's feed address "
            "(File ▸ Import from a web address…) to follow it."
        )
        self.empty_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("feedsStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("feedsProgress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the refresh")
        self.cancel_button.clicked.connect(self._cancel.set)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.refresh_all_button = self._button("Refresh &all", lambda: self.refresh(None))
        self.refresh_one_button = self._button("Refresh &selected", self.refresh_selected)
        self.unsubscribe_button = self._button("&Unsubscribe…", self.unsubscribe_selected)
        self.seen_button = self._button("&Mark all as seen", self._mark_seen)
        self.seen_button.setToolTip("Items feeds brought so far are no longer marked new")
        close = self._button("Close", self.hide)
        buttons = QHBoxLayout()
        for button in (self.refresh_all_button, self.refresh_one_button, self.unsubscribe_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.seen_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._show_progress(False)
        self.resize(760, 420)
        self.load()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _=False: slot())
        return button

    # --- the list ---------------------------------------------------------------------

    def load(self) -> None:
        self.runner.read(lambda ops: ops.subscriptions(), self._fill, lambda _e: None, owner=self)

    def _fill(self, feeds: list[SubscriptionInfo]) -> None:
        chosen = set(self.selected_urls())
        self.feeds = feeds
        self.table.setRowCount(len(feeds))
        for row, info in enumerate(feeds):
            status = "OK" if info.checked_at and not info.last_error else info.last_error
            for column, text in enumerate(
                (info.title, info.kind, str(info.items), when(info.checked_at), status)
            ):
                item = QTableWidgetItem(text)
                item.setData(UrlRole, info.url)
                item.setToolTip(info.url if column == 0 else text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            if info.url in chosen:
                self.table.selectRow(row)
        self.empty_label.setVisible(not feeds)
        self.table.setVisible(bool(feeds))
        self._enable()

    def selected_urls(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.feeds[row].url for row in rows if row < len(self.feeds)]

    def _enable(self) -> None:
        idle, chosen = not self.refreshing, bool(self.selected_urls())
        self.refresh_all_button.setEnabled(idle and bool(self.feeds))
        self.refresh_one_button.setEnabled(idle and chosen)
        self.unsubscribe_button.setEnabled(idle and chosen)

    # --- refreshing -------------------------------------------------------------------

    def refresh_selected(self) -> None:
        urls = self.selected_urls()
        if urls:
            self.refresh(urls)

    def refresh(self, urls: list[str] | None) -> None:
        """Refresh ``urls`` (all feeds when None) in the background."""
        if self.refreshing:
            return
        count = len(urls) if urls is not None else len(self.feeds)
        self.refreshing = True
        self._cancel.clear()
        self.progress.setRange(0, max(count, 1))
        self.progress.setValue(0)
        self.status.setText("Refreshing…")
        self._show_progress(True)
        self._enable()

        def work(ops: Operations) -> object:
            return ops.refresh_subscribed(
                urls, on_feed=self._progress.step.emit, should_cancel=self._cancel.is_set
            )

        self.runner.job(
            work,
            lambda outcomes: self._done(outcomes, count),
            self._failed,
            what="The feeds could not be refreshed",
        )

    def _on_step(self, number: int, url: str) -> None:
        self.progress.setValue(number)
        title = next((f.title for f in self.feeds if f.url == url), url)
        self.status.setText(f"Refreshing {title}…")

    def _done(self, outcomes: list[RefreshOutcome], asked: int) -> None:
        self._finish()
        summary = refresh_summary(outcomes, cancelled=len(outcomes) < asked)
        self.status.setText(summary)
        self.refreshed.emit(summary)
        self.load()

    def _failed(self, error: Exception) -> None:
        self._finish()
        self.status.setText(sentence_for(error, "The feeds could not be refreshed"))
        self.load()

    def _finish(self) -> None:
        self.refreshing = False
        self._show_progress(False)
        self._enable()

    def _show_progress(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)

    # --- unsubscribing and "new" ------------------------------------------------------

    def unsubscribe_selected(self) -> None:
        urls = self.selected_urls()
        if not urls:
            return
        titles = [f.title for f in self.feeds if f.url in urls]
        named = f"“{titles[0]}”" if len(titles) == 1 else f"{len(titles)} feeds"
        if not self.confirm(
            f"Stop following {named}? What {'it' if len(titles) == 1 else 'they'} brought "
            "stays in the library."
        ):
            return

        def work(ops: Operations) -> object:
            for url in urls:
                ops.unsubscribe(url)
            return None

        def done(_value: object) -> None:
            self.status.setText(f"Unsubscribed from {named}.")
            self.load()

        self.runner.edit(work, done, what="The feed could not be unsubscribed")

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Unsubscribe", question)
        return answer == QMessageBox.StandardButton.Yes

    def _mark_seen(self) -> None:
        self.mark_seen()
        self.status.setText("Every item the feeds brought so far is marked as seen.")

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._cancel.set()  # a refresh still running stops after the feed it is on
        super().closeEvent(event)
