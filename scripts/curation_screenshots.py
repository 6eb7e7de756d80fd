"""Take the curation screenshots (edit form, bin, tags, table) from the real window.

Run under a display, e.g.:
xvfb-run -s "-screen 0 1400x900x24" uv run python scripts/curation_screenshots.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QWidget

from desktop_app.app import open_window
from desktop_app.operations import Changes
from desktop_app.ui import facet_panel
from desktop_app.ui.curation_window import Curation, install_curation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.self_test import wait_until
from desktop_app.ui.tag_facet import TAG_FACET
from resources_db.curation import ResourceFields

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOG = "attuned-practice/crying-and-comfort"


def pause(seconds: float = 0.4) -> None:
    wait_until(lambda: False, seconds)


def shoot(widget: QWidget, name: str) -> None:
    pause()
    path = DOCS / name
    widget.grab().save(str(path))
    print(f"wrote {path}")


def search(window: MainWindow, text: str) -> None:
    panel = window.search_panel
    wait_until(lambda: window.runner.idle)
    panel.search_box.setText(text)
    panel.search_now()
    wait_until(lambda: panel.idle and panel.last_results is not None, 10)
    pause(0.3)


def open_uid(window: MainWindow, uid: str) -> None:
    window.show_resource(uid)
    wait_until(lambda: window.detail_pane.uid == uid, 10)
    pause(0.3)


def write_pack(folder: Path, title: str, summary: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": "imh-library-pack",
        "format_version": 1,
        "id": "attuned-practice",
        "title": "Attuned Practice Blog",
        "resources": [
            {
                "uid": BLOG,
                "kind": "blog post",
                "title": title,
                "summary": summary,
                "authors": ["Sally Hogg"],
                "organisations": ["Parent-Infant Foundation"],
                "topics": ["attachment", "crying"],
                "audience": ["practitioner", "parent"],
                "published": "2021-05-04",
                "url": "https://example.org/blog/crying-and-comfort",
            }
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def edit_form(window: MainWindow, curation: Curation, scratch: Path) -> None:
    """A resource whose title the user edited, and whose source has since changed it."""
    pack = write_pack(scratch / "pack", "Crying and comfort", "How parents settle a crying baby.")
    window.ops.import_sources([str(pack)])
    window.ops.edit_resource(BLOG, ResourceFields(title="Crying, comfort and calm"))
    write_pack(scratch / "pack", "Crying and comforting", "How parents settle a crying baby.")
    window.ops.import_sources([str(pack)])
    open_uid(window, BLOG)
    curation.edit_resource(BLOG)
    wait_until(lambda: curation.form is not None and curation.form.isVisible(), 10)
    form = curation.form
    assert form is not None
    form.attachments.add_files([scratch / "Settling handout.pdf"])
    shoot(form, "edit-form.png")
    form.reject()


def bin_tab(window: MainWindow, curation: Curation) -> None:
    window.ops.set_bookmark("imhaw-2020/infographic", "Print for the waiting room.")
    window.ops.tag(["imhaw-2020/infographic"], ["handout"])
    for uid in ("imhaw-2020/social-media", "imhaw-2020/online-training-resources"):
        window.ops.delete_resources([uid])
    search(window, "infographic")
    open_uid(window, "imhaw-2020/infographic")
    window.search_panel.results_view.setFocus()
    curation.delete_chosen()
    wait_until(lambda: window.runner.idle)
    window.side_tabs.setCurrentWidget(curation.bin_tab)
    wait_until(lambda: curation.bin_tab.model.rowCount() == 3, 10)
    curation.bin_tab.view.setCurrentIndex(curation.bin_tab.model.index(0, 0))
    curation.bin_tab.view.activated.emit(curation.bin_tab.model.index(0, 0))
    wait_until(lambda: window.detail_pane.uid == "imhaw-2020/infographic", 10)
    search(window, "infographic")
    curation.undo_offer.offer("Moved 1 resource to the bin.")
    shoot(window, "bin.png")
    curation.undo_offer.button.hide()
    window.statusBar().clearMessage()
    window.ops.restore_resources([b.uid for b in window.ops.binned()])
    window.apply_changes(Changes(catalogue=True, bin=True))  # made outside the runner


def tags(window: MainWindow, curation: Curation) -> None:
    window.ops.tag(
        ["imhaw-2020/day-3-wednesday", "imhaw-2020/briefing-for-commissioners", "imhaw-2020/week"],
        ["week one"],
    )
    window.ops.tag(["imhaw-2020/briefing-for-commissioners"], ["commissioners"])
    window.ops.tag(["imhaw-2020/infographic", "imhaw-2020/week"], ["handout"])
    window.side_tabs.setCurrentWidget(window.facet_panel)
    search(window, "")
    facet = window.facet_panel
    for row in range(facet.model().rowCount()):
        index = facet.model().index(row, 0)
        facet.setExpanded(index, index.data(facet_panel.FacetRole) in ("kind", "tag"))
    window.facet_panel.toggle("tag", "week one", True)
    wait_until(lambda: window.search_panel.idle, 10)
    pause(0.3)
    open_uid(window, "imhaw-2020/week")
    wait_until(lambda: curation.tag_editor.tags == ["handout", "week one"], 10)
    for row in range(facet.model().rowCount()):
        index = facet.model().index(row, 0)
        facet.setExpanded(index, index.data(facet_panel.FacetRole) in ("kind", "tag"))
    item = facet.value_item("tag", "week one")
    if item is not None:
        facet.scrollTo(item.index())
    shoot(window, "tags.png")
    window.facet_panel.clear_filters()


def table(window: MainWindow, curation: Curation) -> None:
    mode = curation.table_mode
    mode.action.setChecked(True)
    window.side_tabs.setCurrentWidget(window.collections_panel)
    window.splitter.setSizes([220, 900, 240])  # a table wants the width
    search(window, "")
    mode.sort_by_column(0)
    wait_until(lambda: window.search_panel.idle, 10)
    pause(0.5)
    flag = QItemSelectionModel.SelectionFlag
    selection = mode.table.selectionModel()
    for row in (10, 14):
        selection.select(mode.model.index(row, 0), flag.Select | flag.Rows)
    selection.setCurrentIndex(mode.model.index(14, 0), flag.NoUpdate)
    wait_until(lambda: window.detail_pane.uid is not None, 10)
    mode.table.setFocus(Qt.FocusReason.OtherFocusReason)
    shoot(window, "table-view.png")
    mode.action.setChecked(False)


def main() -> int:
    if TAG_FACET not in facet_panel.FACETS:  # until the window lists the Tags facet itself
        facet_panel.FACETS = (*facet_panel.FACETS, TAG_FACET)
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "Settling handout.pdf").write_bytes(b"%PDF-1.4 settling")
        window = open_window(data)
        window.resize(1360, 860)
        window.show()
        wait_until(lambda: window.index_label.text() == "Search index ready")
        curation = install_curation(window)
        edit_form(window, curation, Path(scratch))
        bin_tab(window, curation)
        tags(window, curation)
        table(window, curation)
        window.close()
        window.ops.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
