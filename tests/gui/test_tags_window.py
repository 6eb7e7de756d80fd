"""Own tags in the window: the detail pane's tag box (with completion), a whole selection,
the Tags facet with counts, and renaming or merging a tag from the facet's menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.ui.facet_panel import FacetRole, ValueRole
from desktop_app.ui.main_window import MainWindow
from tests.gui.curation_support import TIMEOUT_MS, curated, open_resource, research, tags_facet
from tests.helpers import settle

WEEK = "imhaw-2020/week"
INFOGRAPHIC = "imhaw-2020/infographic"

__all__ = ["tags_facet"]


def chips(window: MainWindow) -> list[str]:
    return list(curated(window).tag_editor.tags)


def test_a_tag_typed_in_the_detail_pane_is_added_and_undone(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    window.ops.tag([INFOGRAPHIC], ["Induction week"])
    open_resource(qtbot, window, WEEK)
    editor = curation.tag_editor
    qtbot.waitUntil(editor.isVisible, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: editor.box.choices.stringList() == ["Induction week"], timeout=TIMEOUT_MS
    )
    qtbot.keyClicks(editor.box, "induc")
    assert editor.box.name_completer.currentCompletion() == "Induction week"
    editor.box.name_completer.activated.emit("Induction week")
    qtbot.keyClicks(editor.box, "handout")
    qtbot.keyClick(editor.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chips(window) == ["handout", "Induction week"], timeout=TIMEOUT_MS)
    assert window.ops.tags_of(WEEK) == ["handout", "Induction week"]

    window.undo_stack.undo()
    qtbot.waitUntil(lambda: chips(window) == [], timeout=TIMEOUT_MS)
    assert window.ops.tags_of(WEEK) == []
    assert window.ops.tags_of(INFOGRAPHIC) == ["Induction week"]  # untouched by the undo


def test_clicking_a_chip_removes_that_tag(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    window.ops.tag([WEEK], ["one", "two"])
    open_resource(qtbot, window, WEEK)
    qtbot.waitUntil(lambda: chips(window) == ["one", "two"], timeout=TIMEOUT_MS)
    from PySide6.QtWidgets import QToolButton

    chip = next(c for c in curation.tag_editor.chips.findChildren(QToolButton) if "one" in c.text())
    assert chip.accessibleName() == "one: remove this tag"
    chip.click()
    qtbot.waitUntil(lambda: chips(window) == ["two"], timeout=TIMEOUT_MS)


def test_a_whole_selection_is_tagged_at_once(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    research(qtbot, window, "sally hogg")
    panel = window.search_panel
    selection = panel.results_view.selectionModel()
    flag = QItemSelectionModel.SelectionFlag
    for row in range(3):
        selection.select(panel.model.index(row, 0), flag.Select | flag.Rows)
    uids = panel.selected_uids()
    assert len(uids) == 3
    curation.actions["tag"].trigger()  # Ctrl+T
    qtbot.waitUntil(lambda: curation.tagging.dialog is not None, timeout=TIMEOUT_MS)
    dialog = curation.tagging.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.box, "week one, handout")
    dialog.accept()
    settle(qtbot, window)
    for uid in uids:
        assert window.ops.tags_of(uid) == ["handout", "week one"]
    assert window.statusBar().currentMessage() == "Tagged 3 resources: week one, handout."


@pytest.mark.usefixtures("tags_facet")
def test_the_tags_facet_counts_filters_renames_and_merges(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    curation = curated(window)
    window.ops.tag([WEEK, INFOGRAPHIC], ["week one"])
    window.ops.tag([INFOGRAPHIC], ["Handout"])
    research(qtbot, window, "")
    facet = window.facet_panel
    qtbot.waitUntil(lambda: facet.value_item("tag", "week one") is not None, timeout=TIMEOUT_MS)
    assert facet.value_item("tag", "week one").text() == "week one  (2)"  # type: ignore[union-attr]
    facet.toggle("tag", "week one", True)
    qtbot.waitUntil(
        lambda: (
            window.search_panel.last_results is not None
            and window.search_panel.last_results.total == 2
        ),
        timeout=TIMEOUT_MS,
    )

    monkeypatch.setattr(
        "desktop_app.ui.tag_facet.QInputDialog.getText", lambda *a, **k: ("Week 1", True)
    )
    curation.tag_menu.ask_rename("week one")
    qtbot.waitUntil(lambda: window.ops.tags_of(WEEK) == ["Week 1"], timeout=TIMEOUT_MS)
    settle(qtbot, window)
    assert facet.selected == {"tag": ["Week 1"]}  # the filter followed the new name
    qtbot.waitUntil(
        lambda: (
            window.search_panel.last_results is not None
            and window.search_panel.last_results.filters == {"tag": ["Week 1"]}
            and window.search_panel.last_results.total == 2
        ),
        timeout=TIMEOUT_MS,
    )

    menu = curation.tag_menu.build_menu("Handout", ["Handout", "Week 1"], facet)
    merge = next(a.menu() for a in menu.actions() if a.menu() is not None)
    [into] = merge.actions()
    assert into.text() == "Week 1"
    into.trigger()
    settle(qtbot, window)
    assert window.ops.tags_of(INFOGRAPHIC) == ["Week 1"]
    assert [t.name for t in window.ops.tag_counts()] == ["Week 1"]


@pytest.mark.usefixtures("tags_facet")
def test_renaming_onto_an_existing_tag_asks_to_merge(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    curation = curated(window)
    window.ops.tag([WEEK], ["draft"])
    window.ops.tag([INFOGRAPHIC], ["Final"])
    questions: list[str] = []
    monkeypatch.setattr(
        "desktop_app.ui.tag_facet.QInputDialog.getText", lambda *a, **k: ("final", True)
    )

    def answer(_parent, _title, text, *rest):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QMessageBox

        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr("desktop_app.ui.tag_facet.QMessageBox.question", answer)
    curation.tag_menu.ask_rename("draft")
    qtbot.waitUntil(lambda: bool(questions), timeout=TIMEOUT_MS)
    settle(qtbot, window)
    assert questions == ["There is already a tag “Final”. Merge “draft” into it?"]
    assert window.ops.tags_of(WEEK) == ["Final"]


@pytest.mark.usefixtures("tags_facet")
def test_the_facet_menu_is_offered_on_tags_only(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    window.ops.tag([WEEK], ["week one"])
    research(qtbot, window, "")
    facet = window.facet_panel
    qtbot.waitUntil(lambda: facet.value_item("tag", "week one") is not None, timeout=TIMEOUT_MS)
    facet.expandAll()
    tag_item = facet.value_item("tag", "week one")
    assert tag_item is not None
    rect = facet.visualRect(tag_item.index())
    assert curation.tag_menu.tag_at(rect.center()) == "week one"
    model = facet.model()
    kind_index = model.index(0, 0, model.index(0, 0))
    assert kind_index.data(FacetRole) == "kind" and kind_index.data(ValueRole)
    assert curation.tag_menu.tag_at(facet.visualRect(kind_index).center()) is None
