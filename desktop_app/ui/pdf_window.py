"""A PDF from the library folder in a window of its own: page number, zoom, Esc to close.

Imported only when a PDF is first opened (``media_views.open_pdf``), so a
machine without QtPdf still runs the rest of the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0


class PdfWindow(QWidget):
    """Shows one PDF; ``page_box`` tells and sets the page, the buttons zoom."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("pdfWindow")
        self.setWindowTitle(f"{title} — IMH Library")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName(f"PDF: {title}")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.status = QLabel()
        self.page_box = QSpinBox()
        self.page_box.setObjectName("pdfPage")
        self.page_box.setAccessibleName("Page number")
        self.page_box.setPrefix("Page ")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(self.go_to_page)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.view, 1)
        self._add_close_keys()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.status.setText(f"This PDF could not be opened ({error.name}).")
            self.page_box.setEnabled(False)
        else:
            pages = self.page_count
            self.status.setText(f"{pages} page{'s' * (pages != 1)}")
            self.page_box.setRange(1, max(1, pages))
            self.page_box.setSuffix(f" of {pages}")
        self.resize(820, 900)

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        buttons = (
            ("−", "Zoom out", QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            ("+", "Zoom in", QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            ("Fit width", "Fit the page to the width", QKeySequence("Ctrl+0"), self.fit_width),
        )
        for text, name, keys, slot in buttons:
            button = QToolButton()
            button.setText(text)
            button.setAccessibleName(name)
            button.setToolTip(f"{name} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
            button.clicked.connect(slot)
            action = QAction(name, self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(self.page_box)
        bar.addStretch(1)
        bar.addWidget(self.status)
        return bar

    def _add_close_keys(self) -> None:
        close = QAction("Close", self)
        keys = [
            QKeySequence(Qt.Key.Key_Escape),
            QKeySequence("Ctrl+W"),
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Close),
        ]
        # Ctrl+W is often the platform's Close too; a key bound twice does nothing.
        close.setShortcuts(list({key.toString(): key for key in keys}.values()))
        close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        close.triggered.connect(self.close)
        self.addAction(close)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    @property
    def current_page(self) -> int:
        """The page shown at the top, counted from 1."""
        return self.view.pageNavigator().currentPage() + 1

    def go_to_page(self, number: int) -> None:
        if 1 <= number <= self.page_count and number != self.current_page:
            navigator = self.view.pageNavigator()
            navigator.jump(number - 1, QPointF(), navigator.currentZoom())

    def _show_page(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)

    def zoom_in(self) -> None:
        self._set_zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _set_zoom(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # Fit-to-width keeps its own scale; start from what is on screen now.
            factor = factor / self.view.zoomFactor() * self._shown_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, factor)))

    def _shown_zoom(self) -> float:
        """The scale fit-to-width is showing: the viewport's width over the page's."""
        page = self.document.pagePointSize(self.view.pageNavigator().currentPage())
        if page.width() <= 0:
            return self.view.zoomFactor()
        # QPdfView draws points at the screen's resolution (72 points per inch).
        dpi = self.logicalDpiX() / 72.0
        margins = self.view.documentMargins()
        usable = self.view.viewport().width() - margins.left() - margins.right()
        return max(MIN_ZOOM, usable / (page.width() * dpi))
