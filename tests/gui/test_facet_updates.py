"""The Filters tree follows each result set in place (issue 18).

It used to be rebuilt twice per keystroke; now only the rows whose counts
changed are rewritten, and what a person did in it stays as it was: ticks,
the keyboard's place, opened and closed groups, what a screen reader hears.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.ui.facet_panel import FacetPanel, ValueRole

FIRST = {"kind": {"blog post": 3, "podcast episode": 2, "video": 1}, "year": {"2020": 4}}
# The same values, counted again and now in another order; "video" is gone.
SECOND = {"kind": {"podcast episode": 5, "blog post": 1}, "year": {"2020": 6}}


def panel_with(qtbot, facets: dict[str, dict[str, int]]) -> FacetPanel:
    panel = FacetPanel()
    qtbot.addWidget(panel)
    panel.set_counts(facets)
    panel.resize(300, 400)
    panel.show()
    return panel


def shown_values(panel: FacetPanel, key: str) -> list[str]:
    parent = panel.facet_item(key)
    assert parent is not None
    return [parent.child(row).text() for row in range(parent.rowCount())]


def test_new_counts_replace_the_old_ones_in_order(qtbot) -> None:
    panel = panel_with(qtbot, FIRST)
    panel.set_counts(SECOND)
    assert shown_values(panel, "kind") == ["podcast episode  (5)", "blog post  (1)"]
    item = panel.value_item("kind", "podcast episode")
    assert item is not None
    assert item.accessibleText() == "Kind: podcast episode, 5 results"
    assert panel.facet_item("kind").text() == "Kind (2)"  # type: ignore[union-attr]
    panel.set_counts(FIRST)
    assert shown_values(panel, "kind") == [
        "blog post  (3)",
        "podcast episode  (2)",
        "video  (1)",
    ]


def test_ticks_focus_and_open_groups_stay_across_result_sets(qtbot) -> None:
    panel = panel_with(qtbot, FIRST)
    ticked = panel.value_item("kind", "blog post")
    assert ticked is not None
    ticked.setCheckState(Qt.CheckState.Checked)
    year = panel.facet_item("year")
    assert year is not None and panel.isExpanded(year.index())
    panel.collapse(year.index())
    current = panel.value_item("kind", "podcast episode")
    assert current is not None
    panel.selectionModel().setCurrentIndex(
        current.index(), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    # The ticked filter's results: its facet keeps the counts it had before.
    panel.set_counts({"kind": {"blog post": 3}, "year": {"2020": 3}})
    panel.set_counts(SECOND)
    assert panel.selected == {"kind": ["blog post"]}
    item = panel.value_item("kind", "blog post")
    assert item is not None and item.checkState() == Qt.CheckState.Checked
    assert panel.currentIndex().data(ValueRole) == "podcast episode"
    assert not panel.isExpanded(year.index())
    kind = panel.facet_item("kind")
    assert kind is not None and panel.isExpanded(kind.index())


def test_a_tick_then_clear_before_the_results_leaves_nothing_ticked(qtbot) -> None:
    panel = panel_with(qtbot, FIRST)
    item = panel.value_item("kind", "video")
    assert item is not None
    item.setCheckState(Qt.CheckState.Checked)
    panel.clear_filters()
    panel.set_counts(FIRST)
    item = panel.value_item("kind", "video")
    assert item is not None and item.checkState() == Qt.CheckState.Unchecked


def test_the_same_counts_again_change_no_row(qtbot) -> None:
    panel = panel_with(qtbot, FIRST)
    changes: list[object] = []
    model = panel.model()
    groups = model.rowCount()
    for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
        signal.connect(lambda *args: changes.append(args))
    panel.set_counts(FIRST)
    assert changes == []
    # A count that changes rewrites that row alone (its group's title is the same).
    panel.set_counts({**FIRST, "year": {"2020": 5}})
    assert len(changes) == 1
    assert model.rowCount() == groups
    assert shown_values(panel, "year") == ["2020  (5)"]
