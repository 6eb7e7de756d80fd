"""Within one facet ticked values combine with OR; across facets, AND.

Ticking "blog post" used to leave only "blog post" in the Kind facet (the
counts came from results already filtered by it), so "podcast episode" could
not be ticked beside it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui.facet_panel import FacetPanel
from desktop_app.ui.main_window import MainWindow
from search_index import SearchResults
from tests.gui.conftest import TIMEOUT_MS


def tick(qtbot, window: MainWindow, key: str, value: str) -> None:
    panel = window.search_panel
    item = window.facet_panel.value_item(key, value)
    assert item is not None, f"{key} {value!r} is not listed"
    before = panel.last_results
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: panel.idle and panel.last_results is not before, timeout=TIMEOUT_MS)


def kinds(window: MainWindow) -> set[str]:
    model = window.search_panel.model
    return {hit.kind for row in range(model.rowCount()) if (hit := model.hit(row))}


def count_shown(window: MainWindow, key: str, value: str) -> str:
    item = window.facet_panel.value_item(key, value)
    assert item is not None
    return item.text()


def test_two_kinds_ticked_show_both(qtbot, window: MainWindow) -> None:
    tick(qtbot, window, "kind", "blog post")
    assert kinds(window) == {"blog post"}
    # Podcasts are still offered, with the number ticking them would add.
    assert count_shown(window, "kind", "podcast episode") == "podcast episode  (1)"
    tick(qtbot, window, "kind", "podcast episode")
    assert kinds(window) == {"blog post", "podcast episode"}
    assert window.search_panel.model.total == 4
    assert window.search_panel.filters == {"kind": ["blog post", "podcast episode"]}


def test_different_facets_all_apply(qtbot, window: MainWindow) -> None:
    tick(qtbot, window, "kind", "blog post")
    tick(qtbot, window, "kind", "podcast episode")
    tick(qtbot, window, "topic", "policy")
    ops = window.ops
    for row in range(window.search_panel.model.rowCount()):
        hit = window.search_panel.model.hit(row)
        assert hit is not None and hit.kind in {"blog post", "podcast episode"}
        assert "policy" in ops.detail(hit.uid).detail.document.topics
    assert 0 < window.search_panel.model.total < 4


def results(query: str, filters: dict[str, list[str]], kinds: dict[str, int]) -> SearchResults:
    return SearchResults(query, sum(kinds.values()), None, [], [], {"kind": kinds}, filters)


def test_counts_before_a_tick_are_reused_only_for_the_same_search(qtbot) -> None:
    panel = FacetPanel()
    qtbot.addWidget(panel)
    panel.show_results(results("baby", {}, {"blog post": 3, "podcast episode": 1}))
    panel.toggle("kind", "blog post")
    panel.show_results(results("baby", {"kind": ["blog post"]}, {"blog post": 3}))
    assert panel.value_item("kind", "podcast episode") is not None
    # New words: the old counts no longer apply, so none are made up.
    panel.show_results(results("sleep", {"kind": ["blog post"]}, {"blog post": 2}))
    assert panel.value_item("kind", "podcast episode") is None
    ticked = panel.value_item("kind", "blog post")
    assert ticked is not None and ticked.text() == "blog post  (2)"
