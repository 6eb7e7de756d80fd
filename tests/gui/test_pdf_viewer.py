"""The PDF viewer: a page number, zoom, Esc and Ctrl+W to close; library files only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pdf_window import PdfWindow
from tests.gui.conftest import TIMEOUT_MS
from tests.gui.test_media import make_pdf
from tests.helpers import attach_file

WEEK = "imhaw-2020/week"


@pytest.fixture
def handout(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "handout.pdf", pages=2)


def viewers_open() -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "pdfWindow"]


def open_viewer(qtbot, path: Path) -> PdfWindow:
    viewer = PdfWindow(path, "Handout")
    viewer.show()
    qtbot.waitExposed(viewer)
    viewer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer, timeout=TIMEOUT_MS)
    return viewer


def test_the_page_number_follows_and_sets_the_page(qtbot, handout: Path) -> None:
    viewer = open_viewer(qtbot, handout)
    qtbot.addWidget(viewer)
    assert viewer.page_box.text() == "Page 1 of 2"
    viewer.page_box.setValue(2)
    assert viewer.current_page == 2
    viewer.view.pageNavigator().jump(0, QPointF())
    assert viewer.page_box.text() == "Page 1 of 2"


def test_zoom_in_and_out_from_the_keyboard(qtbot, handout: Path) -> None:
    viewer = open_viewer(qtbot, handout)
    qtbot.addWidget(viewer)
    qtbot.keyClick(viewer.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.Custom
    larger = viewer.view.zoomFactor()
    qtbot.keyClick(viewer.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoomFactor() < larger
    viewer.fit_width()
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_esc_and_ctrl_w_close_the_viewer(
    qtbot, handout: Path, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    viewer = open_viewer(qtbot, handout)
    with qtbot.waitSignal(viewer.destroyed, timeout=TIMEOUT_MS):
        qtbot.keyClick(viewer.view, key, modifier)


def test_only_files_in_the_library_folder_open(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "desktop_app.ui.detail_pane.QDesktopServices.openUrl",
        lambda url: opened.append(url.toString()),
    )
    pdf = make_pdf(tmp_path / "handout.pdf")
    attach_file(window.ops, WEEK, pdf, "application/pdf", "Handout")
    window.show_resource(WEEK)
    pane = window.detail_pane
    qtbot.waitUntil(
        lambda: pane.uid == WEEK and "handout" in pane.browser.toHtml(), timeout=TIMEOUT_MS
    )
    attachment = pane.view.detail.attachments[0] if pane.view else None
    assert attachment is not None
    before = set(viewers_open())
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(pdf.read_bytes())
    # Files are found by their digest; a made-up one must not lead out of the folder.
    for sneaky in ("../elsewhere", str(tmp_path / "elsewhere")):
        pane._on_anchor(QUrl("attachment:" + quote(sneaky, safe="") + "/elsewhere.pdf"))
    assert set(viewers_open()) == before
    assert opened == []
    pane._on_anchor(QUrl(f"attachment:{attachment.sha256}/handout.pdf"))
    new = set(viewers_open()) - before
    assert len(new) == 1
    new.pop().close()
