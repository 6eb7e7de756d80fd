"""A result that is not current says so (painted and spoken), and a Status facet filters by it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.operations import Operations
from desktop_app.ui.results_model import spoken
from search_index import Hit
from tests.gui.conftest import TIMEOUT_MS, OpenWindow, search, settle
from tests.resources_db.packs_fixtures import resource, write_pack


def zebra_library(data_dir: Path, tmp_path: Path) -> None:
    ops = Operations.open(data_dir)
    try:
        pack = [
            resource("z/old", title="Zebra sleep guidance 2019", status="superseded"),
            resource("z/gone", title="Zebra sleep leaflet", status="withdrawn"),
            resource("z/new", title="Zebra sleep guidance 2024"),
        ]
        ops.library.import_pack(write_pack(tmp_path / "pack", pack))
    finally:
        ops.close()


def test_spoken_text_names_a_status_that_is_not_current() -> None:
    hit = Hit("a/1", "briefing", "Safe sleep", [], [], 2019, "", 1.0, "", status="retracted")
    assert spoken(hit) == "Safe sleep. Retracted. Briefing, 2019."
    current = Hit("a/2", "briefing", "Safe sleep", [], [], 2019, "", 1.0, "")
    assert spoken(current) == "Safe sleep. Briefing, 2019."


def test_results_show_status_and_the_status_facet_filters(
    qtbot, make_window: OpenWindow, data_dir: Path, tmp_path: Path
) -> None:
    zebra_library(data_dir, tmp_path)
    window = make_window()
    search(qtbot, window, "zebra")
    model = window.search_panel.model
    said = {
        model.hit(row).uid: model.data(model.index(row, 0), Qt.ItemDataRole.AccessibleTextRole)
        for row in range(model.rowCount())
    }
    assert "Superseded." in said["z/old"] and "Withdrawn." in said["z/gone"]
    assert "Superseded" not in said["z/new"] and "Withdrawn" not in said["z/new"]
    assert not window.search_panel.results_view.grab().isNull()  # the delegate paints them

    facets = window.facet_panel
    group = facets.facet_item("status")
    assert group is not None and group.text() == "Status (3)"
    item = facets.value_item("status", "superseded")
    assert item is not None and item.text() == "superseded  (1)"
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: [model.hit(r).uid for r in range(model.rowCount())] == ["z/old"],
        timeout=TIMEOUT_MS,
    )
    settle(qtbot, window)
