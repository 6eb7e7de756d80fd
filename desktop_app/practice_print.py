"""Printing the practice record's HTML (the CPD log, reflective accounts) to a PDF with Qt.

Used by the window and by ``imh-library reflection export --format pdf``; the
command line makes an offscreen application for Qt's text layout. The PDF is
written to a private temporary file beside the target and renamed over it,
like every copy of the record the app writes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_APP: object = None


def print_pdf(html: str, target: Path) -> None:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication

    global _APP
    if QApplication.instance() is None:  # the command line: no window, no display needed
        # A widgets application, kept for the process: anything later in the same
        # process that needs one (a window, the tests) finds the kind it expects.
        _APP = QApplication(["imh-library", "-platform", "offscreen"])
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    os.close(descriptor)
    try:
        writer = QPdfWriter(temporary)
        writer.setTitle(target.stem)
        writer.setCreator("IMH Library")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        document = QTextDocument()
        document.setHtml(html)
        document.print_(writer)
        del writer  # the file is finished when the writer goes
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
