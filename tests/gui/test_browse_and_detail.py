"""Facets, filter chips and the detail pane."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QPushButton

from desktop_app.cli import main as cli_main
from desktop_app.ui.detail_pane import is_safe_external
from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import open_row, search, settle, titles

BLOG = "blog post"


def check_facet(qtbot, window: MainWindow, key: str, value: str) -> None:
    item = window.facet_panel.value_item(key, value)
    assert item is not None, f"no facet value {key}={value}"
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: (
            window.search_panel.idle
            and value in window.search_panel.last_results.filters.get(key, [])
        )
    )


def test_facets_show_counts_for_every_dimension(window: MainWindow) -> None:
    facets = window.search_panel.last_results.facets
    assert set(facets) == {
        "kind",
        "topic",
        "organisation",
        "year",
        "audience",
        "setting",
        "format",
        "tag",
        "status",
    }
    item = window.facet_panel.value_item("kind", BLOG)
    assert item is not None and item.text() == f"{BLOG}  (3)"


def test_clicking_a_facet_filters_and_combines_with_the_query(qtbot, window: MainWindow) -> None:
    check_facet(qtbot, window, "kind", BLOG)
    assert len(titles(window)) == 3
    assert window.search_panel.filter_bar.isVisible()
    search(qtbot, window, "CAMHS")
    assert titles(window)[0] == "Where is the I in CAMHS?"
    assert all(h.kind == BLOG for h in window.search_panel.last_results.hits)


def test_filters_are_removable_one_by_one_and_all_at_once(qtbot, window: MainWindow) -> None:
    check_facet(qtbot, window, "kind", BLOG)
    check_facet(qtbot, window, "organisation", "ACAMH")
    assert window.search_panel.model.total == 1
    bar = window.search_panel.filter_bar
    chip = next(b for b in bar.findChildren(QPushButton) if b.text().startswith("Organisation"))
    chip.click()
    qtbot.waitUntil(lambda: window.search_panel.idle and window.search_panel.model.total == 3)
    bar.findChild(QPushButton, "clearFiltersButton").click()
    qtbot.waitUntil(lambda: window.search_panel.idle and window.search_panel.model.total == 42)
    assert not window.search_panel.filter_bar.isVisible()


def test_selecting_a_result_shows_it_in_full(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "IMHAW 2020 week")
    uid = "imhaw-2020/week"
    row = next(
        r
        for r in range(window.search_panel.model.rowCount())
        if window.search_panel.model.hit(r).uid == uid
    )
    open_row(qtbot, window, row)
    text = window.detail_pane.browser.toPlainText()
    for fact in (
        "20:20 Vision",
        "#IMHAW2020",
        "7,400",
        "14,200,000",
        "Days and themes",
        "Babies in the pandemic",
    ):
        assert fact in text
    assert window.detail_pane.bookmark_button.isVisible()


def test_topic_links_in_the_detail_filter_the_results(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "CAMHS blog")
    open_row(qtbot, window, 0)
    window.detail_pane.browser.anchorClicked.emit(QUrl("filter:topic/camhs"))
    qtbot.waitUntil(
        lambda: (
            window.search_panel.idle
            and window.search_panel.last_results.filters.get("topic") == ["camhs"]
        )
    )
    assert window.side_tabs.currentWidget() is window.facet_panel


def test_only_web_and_mail_links_open_outside(window: MainWindow) -> None:
    assert is_safe_external("https://example.org/a")
    assert is_safe_external("mailto:someone@example.org")
    for unsafe in ("file:///etc/passwd", "javascript:alert(1)", "ftp://example.org", ""):
        assert not is_safe_external(unsafe)
    # The starter catalogue invents no links: the button says so rather than opening nothing.
    assert not window.detail_pane.open_button.isEnabled() or window.detail_pane.uid is None


def test_bookmark_button_bookmarks_and_show_reflects_it(
    qtbot, window: MainWindow, data_dir, capsys
) -> None:
    search(qtbot, window, "podcast")
    uid = open_row(qtbot, window, 0)
    button = window.detail_pane.bookmark_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and button.text() == "★ Bookmarked"
    assert window.detail_pane.note_edit.isVisible()
    qtbot.keyClicks(window.detail_pane.note_edit, "Play in session 3.")
    qtbot.waitUntil(lambda: getattr(window.ops.bookmark(uid), "note", None) == "Play in session 3.")
    settle(qtbot, window)
    assert window.bookmarks_tab.model.rowCount() == 1
    capsys.readouterr()
    assert cli_main(["--data-dir", str(data_dir), "show", uid, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["bookmarked"] is True and shown["note"] == "Play in session 3."
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.ops.bookmarks() == []


def test_bulk_bookmark_and_add_to_collection(qtbot, window: MainWindow, monkeypatch) -> None:
    search(qtbot, window, "type:blog")
    view = window.search_panel.results_view
    view.selectAll()
    window.bookmark_selected()
    settle(qtbot, window)
    assert len(window.ops.bookmarks()) == 3
    monkeypatch.setattr(
        "desktop_app.ui.main_window.QInputDialog.getItem",
        lambda *a, **k: ("IMHAW 2020 at a glance", True),
    )
    window.collect_selected()
    settle(qtbot, window)
    items = [i.uid for i in window.ops.collection("IMHAW 2020 at a glance").items]
    assert {
        "imhaw-2020/blog-nhs-confederation-where-is-the-i-in-mental-health",
        "imhaw-2020/blog-ihv-imh-matters-now-more-than-ever",
    } <= set(items)


def test_recently_viewed_lists_what_was_opened(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "infographic")
    open_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: window.recent_tab.model.rowCount() == 1)
    assert window.recent_tab.model.rows[0].title.startswith("Infographic")
