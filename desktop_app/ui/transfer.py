"""Import and export from the window: dialogs, drag and drop, progress, summaries.

The work itself is ``resources_db.importing`` and ``resources_db.exporters``,
the same code the command line runs; here it runs on a worker, one source at a
time, so Cancel takes effect between sources and never leaves half of one.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QWidget

from desktop_app.ui.dialogs import progress_dialog
from desktop_app.ui.services import LibraryService
from desktop_app.ui.tasks import run_task
from resources_db import exporters
from resources_db.importing import SourceOutcome, import_source

IMPORT_FILTER = (
    "Everything IMH Library reads (*.zip *.imhpack *.xml *.rss *.atom *.opml *.csv *.json "
    "*.ris *.html *.htm *.pdf);;All files (*)"
)
EXPORT_FILTERS = {
    "pack": "IMH Library pack (*.imhpack)",
    "csv": "Spreadsheet (*.csv)",
    "json": "JSON (*.json)",
    "html": "Printable handout (*.html)",
    "pdf": "PDF handout (*.pdf)",
}


class _Progress(QObject):
    step = Signal(int, str)


def summary_text(outcomes: list[SourceOutcome]) -> str:
    added = sum(o.added for o in outcomes)
    updated = sum(o.updated for o in outcomes)
    lines = [f"{added} added, {updated} updated."]
    for o in outcomes:
        if o.status == "rejected":
            lines.append(f"Rejected {Path(o.source).name or o.source}: {o.error}")
        else:
            lines.append(f"{Path(o.source).name or o.source}: {o.added} added, {o.updated} updated")
    return "\n".join(lines)


class Transfers(QObject):
    """Runs imports and exports for the window; ``imported`` fires when the catalogue changed."""

    imported = Signal(list)  # list[SourceOutcome]
    message = Signal(str)
    failed = Signal(str)  # one sentence; the window shows it like any other error

    def __init__(self, service: LibraryService, window: QWidget) -> None:
        super().__init__(window)
        self.service, self.window = service, window
        self._progress = _Progress(self)
        self._cancel = threading.Event()
        self.busy = False

    # --- importing --------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import", "", IMPORT_FILTER)
        if files:
            self.import_sources(files)

    def choose_address(self) -> None:
        url, ok = QInputDialog.getText(
            self.window, "Import from the web", "Address of a feed, pack or file (http/https):"
        )
        if ok and url.strip():
            self.import_sources([url.strip()])

    def import_sources(self, sources: list[str], *, quiet: bool = False) -> None:
        if self.busy or not sources:
            return
        self.busy = True
        self._cancel.clear()
        dialog = self._progress_dialog("Importing…", len(sources))

        def work() -> list[SourceOutcome]:
            outcomes = []
            for number, source in enumerate(sources):
                if self._cancel.is_set():
                    break
                self._progress.step.emit(number, f"Importing {Path(source).name or source}…")
                outcomes.append(import_source(self.service.library, source))
            self.service.index.catch_up()  # imported resources become searchable now
            return outcomes

        def done(outcomes: list[SourceOutcome]) -> None:
            self._finish(dialog)
            self.imported.emit(outcomes)
            self.message.emit(summary_text(outcomes).splitlines()[0])
            if not quiet:
                self._show_summary(outcomes)

        run_task(work, done, lambda error: self._failed(dialog, error), owner=self)

    def _show_summary(self, outcomes: list[SourceOutcome]) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("importSummary")
        box.setWindowTitle("Import finished")
        rejected = any(o.status == "rejected" for o in outcomes)
        box.setIcon(QMessageBox.Icon.Warning if rejected else QMessageBox.Icon.Information)
        box.setText(summary_text(outcomes).splitlines()[0])
        box.setInformativeText("\n".join(summary_text(outcomes).splitlines()[1:]))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- exporting --------------------------------------------------------------------

    def export(self, what: str, name: str = "", uids: list[str] | None = None) -> None:
        """``what`` is "collection" (with ``name``), "bookmarks" or "results" (with ``uids``)."""
        suggested = {"collection": name, "bookmarks": "Bookmarks"}.get(what, "Search results")
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export", suggested, ";;".join(EXPORT_FILTERS.values())
        )
        if not path:
            return
        fmt = next((k for k, v in EXPORT_FILTERS.items() if v == chosen), "pack")
        self.export_to(what, Path(path), fmt, name=name, uids=uids or [])

    def export_to(
        self, what: str, target: Path, fmt: str, *, name: str = "", uids: list[str] | None = None
    ) -> None:
        if self.busy:
            return
        self.busy = True
        dialog = self._progress_dialog("Exporting…", 0)

        def select(session) -> exporters.ExportSelection:  # type: ignore[no-untyped-def]
            if what == "collection":
                return exporters.select_collection(session, name)
            if what == "bookmarks":
                return exporters.select_bookmarks(session)
            return exporters.select_uids(session, "Search results", list(uids or []))

        attachments = self.service.library.paths.attachments_dir

        def work() -> tuple[int, str]:
            with self.service.session() as session:
                selection = select(session)
                if fmt == "pdf":
                    return _handout_html(session, selection, attachments)
                return exporters.export(session, selection, fmt, target, attachments), ""

        def done(result: tuple[int, str]) -> None:
            count, html = result
            if fmt == "pdf":
                print_pdf(html, target)  # Qt's text layout belongs on the GUI thread
            self._finish(dialog)
            self.message.emit(f"Exported {count} resource{'s' * (count != 1)} to {target.name}.")

        run_task(work, done, lambda error: self._failed(dialog, error), owner=self)

    # --- shared -----------------------------------------------------------------------

    def _progress_dialog(self, label: str, steps: int) -> QProgressDialog:
        dialog = progress_dialog(self.window, label, steps, "transferProgress")
        dialog.canceled.connect(self._cancel.set)
        self._progress.step.connect(lambda n, text: (dialog.setValue(n), dialog.setLabelText(text)))
        return dialog

    def _finish(self, dialog: QProgressDialog) -> None:
        self.busy = False
        self._progress.step.disconnect()
        dialog.close()
        dialog.deleteLater()

    def _failed(self, dialog: QProgressDialog, error: Exception) -> None:
        self._finish(dialog)
        self.failed.emit(str(error) if str(error).endswith(".") else f"{error}.")


def _handout_html(session, selection, attachments: Path) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="imh-handout-") as scratch:
        html_file = Path(scratch) / "handout.html"
        count = exporters.export(session, selection, "html", html_file, attachments)
        return count, html_file.read_text(encoding="utf-8")


def print_pdf(html: str, target: Path) -> None:
    """The printable handout, printed to PDF with Qt (no browser needed)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(target))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
