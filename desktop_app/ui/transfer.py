"""Import and export from the window: dialogs, drag and drop, progress, summaries.

The work itself is ``Operations.import_sources`` and ``Operations.export``,
the same calls the command line makes; here they run on the window's job
pool, one source at a time, so Cancel takes effect between sources and never
leaves half of one.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QWidget

from desktop_app.operations import ExportRequest, ImportReport, Operations
from desktop_app.ui.dialogs import documents_folder, progress_dialog
from desktop_app.ui.operation_runner import OperationRunner, sentence_for
from resources_db.transcripts.report import not_kept_sentence

if TYPE_CHECKING:
    # Only for annotations: the window's start need not load the importers.
    from resources_db.importing import SourceOutcome

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
    "ris": "RIS for reference managers (*.ris)",
    "bibtex": "BibTeX for LaTeX (*.bib)",
}
# A typed extension decides the format; these are the ones each format answers to.
EXPORT_EXTENSIONS = {
    "pack": (".imhpack", ".zip"),
    "csv": (".csv",),
    "json": (".json",),
    "html": (".html", ".htm"),
    "pdf": (".pdf",),
    "ris": (".ris",),
    "bibtex": (".bib", ".bibtex"),
}


def export_target(path: str, chosen_filter: str) -> tuple[Path, str]:
    """The file and format an export writes: the typed extension wins; without
    one, the chosen file type decides and its extension is added."""
    target = Path(path)
    suffix = target.suffix.lower()
    for fmt, extensions in EXPORT_EXTENSIONS.items():
        if suffix in extensions:
            return target, fmt
    fmt = next((k for k, v in EXPORT_FILTERS.items() if v == chosen_filter), "pack")
    return target.with_name(target.name + EXPORT_EXTENSIONS[fmt][0]), fmt


class _Progress(QObject):
    step = Signal(int, str)


def summary_text(outcomes: list[SourceOutcome]) -> str:
    """First line the totals (and how many of a feed's transcripts were not kept, for
    the status bar); then each source as the command line reports it (skipped rows,
    reading lists brought, what stayed in the bin, each transcript not kept and why)."""
    added = sum(o.added for o in outcomes)
    updated = sum(o.updated for o in outcomes)
    not_kept = not_kept_sentence([item for o in outcomes for item in o.not_kept])
    lines = [f"{added} added, {updated} updated." + (f" {not_kept}" if not_kept else "")]
    for o in outcomes:
        name = Path(o.source).name or o.source
        if o.status == "rejected":
            lines.append(f"Rejected {name}: {o.error}")
        else:
            lines.append(o.text().replace(o.source, name, 1))
    return "\n".join(lines)


class Transfers(QObject):
    """Runs imports and exports for the window; ``imported`` fires when the catalogue changed."""

    imported = Signal(list)  # list[SourceOutcome]
    message = Signal(str)
    failed = Signal(str)  # one sentence; the window shows it like any other error

    def __init__(self, runner: OperationRunner, window: QWidget) -> None:
        super().__init__(window)
        self.runner, self.window = runner, window
        self._progress = _Progress(self)
        self._cancel = threading.Event()
        self.busy = False

    # --- importing --------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.window, "Import", str(documents_folder()), IMPORT_FILTER
        )
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

        def step(number: int, source: str) -> None:
            self._progress.step.emit(number, f"Importing {Path(source).name or source}…")

        def work(ops: Operations) -> tuple[ImportReport, object]:
            report = ops.import_sources(sources, on_source=step, should_cancel=self._cancel.is_set)
            return report, report.changes

        def done(report: ImportReport) -> None:
            self._finish(dialog)
            self.imported.emit(report.outcomes)
            self.message.emit(summary_text(report.outcomes).splitlines()[0])
            if not quiet:
                self._show_summary(report.outcomes)

        self.runner.job(work, done, lambda error: self._failed(dialog, error))

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

    def export(self, request: ExportRequest) -> None:
        suggested = str(documents_folder() / request.suggested_name)
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export", suggested, ";;".join(EXPORT_FILTERS.values())
        )
        if path:
            target, fmt = export_target(path, chosen)
            self.export_to(request, target, fmt)

    def export_to(self, request: ExportRequest, target: Path, fmt: str) -> None:
        if self.busy:
            return
        self.busy = True
        dialog = self._progress_dialog("Exporting…", 0)

        def work(ops: Operations) -> tuple[int, str]:
            if fmt == "pdf":
                return ops.handout_html(request)
            return ops.export(request, fmt, target), ""

        def done(result: tuple[int, str]) -> None:
            count, html = result
            if fmt == "pdf":
                print_pdf(html, target)  # Qt's text layout belongs on the GUI thread
            self._finish(dialog)
            self.message.emit(f"Exported {count} resource{'s' * (count != 1)} to {target.name}.")

        self.runner.job(work, done, lambda error: self._failed(dialog, error))

    # --- shared -----------------------------------------------------------------------

    def _progress_dialog(self, label: str, steps: int) -> QProgressDialog:
        dialog = progress_dialog(self.window, label, steps, "transferProgress")
        dialog.canceled.connect(self._cancel.set)

        def step(number: int, text: str) -> None:
            dialog.setValue(number)
            dialog.setLabelText(text)

        self._progress.step.connect(step)
        return dialog

    def _finish(self, dialog: QProgressDialog) -> None:
        self.busy = False
        self._progress.step.disconnect()
        dialog.close()
        dialog.deleteLater()

    def _failed(self, dialog: QProgressDialog, error: Exception) -> None:
        self._finish(dialog)
        self.failed.emit(sentence_for(error, "The transfer failed"))


def print_pdf(html: str, target: Path) -> None:
    """The printable handout, printed to PDF with Qt (no browser needed)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(target))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
