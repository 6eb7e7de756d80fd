"""Import and export from the window: drag and drop, summaries, exported files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from desktop_app.operations import ExportRequest
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.transfer import export_target
from tests.gui.conftest import TIMEOUT_MS, search, titles
from tests.resources_db.test_importing import feed


def drop_files(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_a_feed_imports_it_and_makes_it_searchable(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    good = tmp_path / "attuned.xml"
    good.write_bytes(feed("Sleep and settling", "Crying and comfort"))
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table")
    with qtbot.waitSignal(window.transfers.imported, timeout=TIMEOUT_MS) as done:
        drop_files(window, good, bad)
    outcomes = done.args[0]
    assert [o.status for o in outcomes] == ["imported", "rejected"]
    box = window.findChild(QMessageBox, "importSummary")
    assert box is not None and box.text() == "2 added, 0 updated."
    assert "Rejected broken.csv" in box.informativeText()
    box.close()
    search(qtbot, window, "crying comfort")
    assert titles(window)[0] == "Crying and comfort"
    assert "44 resources" in window.count_label.text()  # the 42 of the starter packs and 2


def test_exporting_a_collection_writes_the_chosen_format(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "glance.json"
    window.transfers.export_to(
        ExportRequest("collection", name="IMHAW 2020 at a glance"), target, "json"
    )
    qtbot.waitUntil(lambda: not window.transfers.busy, timeout=TIMEOUT_MS)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["resources"][0]["uid"] == "imhaw-2020/week"
    assert "Exported 6 resources" in window.statusBar().currentMessage()


def test_exporting_a_handout_to_pdf(qtbot, window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    window.transfers.export_to(
        ExportRequest("collection", name="IMHAW 2020 at a glance"), target, "pdf"
    )
    qtbot.waitUntil(lambda: not window.transfers.busy, timeout=TIMEOUT_MS)
    assert target.read_bytes().startswith(b"%PDF")


def test_exporting_search_results_follows_the_search(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    search(qtbot, window, "type:blog")
    target = tmp_path / "blogs.csv"
    window.transfers.export_to(ExportRequest("query", query="type:blog"), target, "csv")
    qtbot.waitUntil(lambda: not window.transfers.busy, timeout=TIMEOUT_MS)
    text = target.read_text(encoding="utf-8-sig")
    assert text.count("\n") == 4 and "Where is the I in CAMHS?" in text


@pytest.mark.parametrize(
    ("typed", "chosen", "written", "fmt"),
    [
        ("induction.pdf", "IMH Library pack (*.imhpack)", "induction.pdf", "pdf"),
        ("induction", "Printable handout (*.html)", "induction.html", "html"),
        ("induction", "IMH Library pack (*.imhpack)", "induction.imhpack", "pack"),
        ("list.CSV", "JSON (*.json)", "list.CSV", "csv"),
        ("week.1", "Spreadsheet (*.csv)", "week.1.csv", "csv"),
    ],
)
def test_export_file_name_and_format_agree(typed, chosen, written, fmt, tmp_path: Path) -> None:
    target, chosen_format = export_target(str(tmp_path / typed), chosen)
    assert (target.name, chosen_format) == (written, fmt)


def test_export_from_the_dialog_adds_the_extension(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(
        "desktop_app.ui.transfer.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "induction"), "Printable handout (*.html)"),
    )
    window.export_bookmarks()
    qtbot.waitUntil(lambda: not window.transfers.busy, timeout=TIMEOUT_MS)
    assert (tmp_path / "induction.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    assert not (tmp_path / "induction").exists()
