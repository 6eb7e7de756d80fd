"""Issue 17, in the window itself: what screen readers are told, and what the keyboard reaches.

These run offscreen with Qt's own accessibility interfaces; tests/a11y reads
the same window over AT-SPI as Orca does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QTabBar,
    QToolButton,
    QWidget,
)

from desktop_app.ui.announce import announcements
from desktop_app.ui.keyboard_splitter import PaneDivider
from desktop_app.ui.main_window import MainWindow
from tests.helpers import TIMEOUT_MS, search, settle

CAMHS = "imhaw-2020/blog-acamh-where-is-the-i-in-camhs"
WEDNESDAY = "imhaw-2020/day-3-wednesday"


@pytest.fixture
def said() -> Iterator[list[str]]:
    """Every sentence the window announces while the test runs."""
    heard: list[str] = []
    announcements().made.connect(heard.append)
    yield heard
    announcements().made.disconnect(heard.append)


def show(qtbot, window: MainWindow, uid: str) -> None:
    window.show_resource(uid)
    qtbot.waitUntil(lambda: window.detail_pane.uid == uid, timeout=TIMEOUT_MS)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """A key pressed wherever the focus is, as the keyboard would."""
    window = QApplication.activeWindow()
    target = QApplication.focusWidget() or window
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def focus(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=TIMEOUT_MS)


# --- text boxes let Tab go --------------------------------------------------------------


def test_tab_leaves_the_bookmark_note(qtbot, window: MainWindow) -> None:
    show(qtbot, window, CAMHS)
    pane = window.detail_pane
    pane.bookmark_button.click()
    qtbot.waitUntil(pane.note_edit.isVisible, timeout=TIMEOUT_MS)
    focus(qtbot, pane.note_edit)
    qtbot.keyClicks(pane.note_edit, "Week one")
    qtbot.keyClick(pane.note_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pane.note_save
    qtbot.keyClick(pane.note_save, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is pane.note_edit
    assert pane.note_edit.toPlainText() == "Week one"


def test_tab_leaves_the_objectives_for_the_items(qtbot, window: MainWindow) -> None:
    panel = window.collections_panel
    window._show_tab(2)
    qtbot.waitUntil(lambda: panel.current_name is not None, timeout=TIMEOUT_MS)
    focus(qtbot, panel.objectives)
    panel.objectives.moveCursor(panel.objectives.textCursor().MoveOperation.End)
    qtbot.keyClick(panel.objectives, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.items_view
    assert "\t" not in panel.objectives.toPlainText()
    qtbot.keyClick(panel.items_view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is panel.objectives


# --- the menus keep their access keys ---------------------------------------------------


def menu_keys(window: MainWindow) -> set[str]:
    return {
        QKeySequence.mnemonic(action.text()).toString()
        for action in window.menuBar().actions()
        if action.text()
    }


def test_no_control_takes_a_menus_alt_key(window: MainWindow) -> None:
    menus = menu_keys(window)
    assert {"Alt+F", "Alt+E", "Alt+V", "Alt+R", "Alt+H"} <= menus
    taken: list[tuple[str, str]] = []
    bar = window.side_tabs.tabBar()
    texts = [bar.tabText(i) for i in range(bar.count())]
    for widget in window.findChildren(QWidget):
        if widget.window() is not window:
            continue  # a dialog of its own: the menus' keys do not reach into it
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar) and widget is not bar:
            texts += [widget.tabText(i) for i in range(widget.count())]
    for text in texts:
        key = QKeySequence.mnemonic(text).toString()
        if key:
            taken.append((key, text))
    assert [t for t in taken if t[0] in menus] == []


@pytest.mark.parametrize(("key", "title"), [(Qt.Key.Key_F, "File"), (Qt.Key.Key_V, "View")])
def test_alt_key_opens_its_menu_every_time(
    qtbot, window: MainWindow, key: Qt.Key, title: str
) -> None:
    tab = window.side_tabs.currentIndex()
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)
    for _ in range(2):  # a clashing mnemonic takes every second press
        focus(qtbot, window.search_panel.search_box)
        qtbot.keyClick(window.search_panel.search_box, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: window.menuBar().activeAction() is not None, timeout=TIMEOUT_MS)
        assert window.menuBar().activeAction().menu() is menu
        assert window.side_tabs.currentIndex() == tab
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
        menu.hide()
        window.menuBar().setActiveAction(None)  # type: ignore[arg-type]


# --- announcements ------------------------------------------------------------------------


def test_result_counts_empty_results_and_corrections_are_announced(
    qtbot, window: MainWindow, said: list[str]
) -> None:
    search(qtbot, window, "Where is the I in CAMHS")
    qtbot.waitUntil(
        lambda: bool(said) and re.fullmatch(r"\d+ results?\.", said[-1]) is not None,
        timeout=TIMEOUT_MS,
    )
    search(qtbot, window, "qqqzzz")
    qtbot.waitUntil(lambda: said[-1] == "No resources match “qqqzzz”.", timeout=TIMEOUT_MS)
    search(qtbot, window, "pandemc")
    qtbot.waitUntil(lambda: "Did you mean pandemic?" in said[-1], timeout=TIMEOUT_MS)
    assert said[-1].startswith("No matches for pandemc.")


def test_one_result_is_one_result(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "Where is the I in CAMHS")
    texts = [
        window.facet_panel.value_item(key, value).accessibleText()  # type: ignore[union-attr]
        for key, counts in window.search_panel.last_results.facets.items()  # type: ignore[union-attr]
        for value, count in counts.items()
        if count == 1 and window.facet_panel.value_item(key, value) is not None
    ]
    assert texts
    assert all(t.endswith(", 1 result") for t in texts), texts


def test_status_messages_are_announced(qtbot, window: MainWindow, said: list[str]) -> None:
    show(qtbot, window, CAMHS)
    window.bookmark_selected()
    qtbot.waitUntil(lambda: "Bookmarked 1 resource." in said, timeout=TIMEOUT_MS)


def test_moving_a_collection_item_is_announced(qtbot, window: MainWindow, said: list[str]) -> None:
    panel = window.collections_panel
    window._show_tab(2)
    qtbot.waitUntil(lambda: panel.items_model.rowCount() > 2, timeout=TIMEOUT_MS)
    focus(qtbot, panel.items_view)
    panel.items_view.setCurrentIndex(panel.items_model.index(0, 0))
    first = panel.items_model.rows[0].title
    qtbot.keyClick(panel.items_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    count = panel.items_model.rowCount()
    assert said[-1] == f"Moved {first} to position 2 of {count}."
    settle(qtbot, window)


def test_links_reached_by_tab_in_the_text_are_announced(
    qtbot, window: MainWindow, said: list[str]
) -> None:
    show(qtbot, window, WEDNESDAY)
    browser = window.detail_pane.browser
    focus(qtbot, browser)
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    link = browser.textCursor().selectedText()
    assert link
    assert said[-1] == f"{link}, link"
    assert browser.hasFocus()


# --- what the detail pane reads as ---------------------------------------------------------


def test_the_title_is_a_heading_and_facts_read_with_their_labels(qtbot, window: MainWindow) -> None:
    show(qtbot, window, WEDNESDAY)
    title = QAccessible.queryAccessibleInterface(window.detail_pane.title)
    assert title.role() == QAccessible.Role.Heading
    assert title.text(QAccessible.Text.Name) == "IMHAW 2020 Wednesday: Babies in the pandemic"
    text = window.detail_pane.browser.toPlainText()
    assert "Kind: Campaign day" in text
    assert "Published: 10 June 2020" in text


def test_results_are_spoken_with_authors_and_no_stray_full_stop(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "Where is the I in CAMHS")
    model = window.search_panel.model
    row = next(r for r in range(model.rowCount()) if model.hit(r).uid == CAMHS)  # type: ignore[union-attr]
    spoken = model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Where is the I in CAMHS? Blog post, 2020.")
    assert "?." not in spoken
    assert "By Sally Hogg." in spoken


# --- names ------------------------------------------------------------------------------


def visible_label(text: str) -> str:
    """What a voice-control user reads on a button: no access key, symbol or dots."""
    return re.sub(r"^[^\w#]+|[^\w?!)]+$", "", text.replace("&", "")).strip()


def test_every_button_is_named_by_its_visible_label_first(qtbot, window: MainWindow) -> None:
    show(qtbot, window, CAMHS)
    window.detail_pane.bookmark_button.click()
    window.facet_panel.toggle("kind", "blog post", True)
    qtbot.waitUntil(lambda: window.search_panel.filter_bar.isVisible(), timeout=TIMEOUT_MS)
    wrong = []
    checked = 0
    for index in range(window.side_tabs.count()):
        window.side_tabs.setCurrentIndex(index)
        for button in window.findChildren(QAbstractButton):
            label = visible_label(button.text())
            if not button.isVisible() or not label:
                continue
            checked += 1
            name = QAccessible.queryAccessibleInterface(button).text(QAccessible.Text.Name)
            if not name.startswith(label):
                wrong.append((label, name))
    assert checked > 15
    assert wrong == []
    settle(qtbot, window)


def test_clear_button_sort_box_and_item_list_are_named(window: MainWindow) -> None:
    panel = window.search_panel
    clear = panel.search_box.findChildren(QToolButton)
    assert [b.accessibleName() for b in clear] == ["Clear search"]
    label = next(w for w in panel.findChildren(QLabel) if w.buddy() is panel.sort_box)
    assert label.accessibleName() == "Sort results by"
    assert window.facet_panel.accessibleName() == "Filters"
    items = window.collections_panel.items_view
    assert len(items.accessibleName()) <= 30
    assert "Ctrl+Up" in items.accessibleDescription()


# --- focus ---------------------------------------------------------------------------------


def test_space_on_a_filter_keeps_the_focus_on_that_filter(qtbot, window: MainWindow) -> None:
    facets = window.facet_panel
    focus(qtbot, facets)
    item = facets.value_item("kind", "blog post")
    assert item is not None
    facets.setCurrentIndex(item.index())
    qtbot.keyClick(facets, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: window.search_panel.idle and window.search_panel.filters == {"kind": ["blog post"]},
        timeout=TIMEOUT_MS,
    )
    current = facets.currentIndex()
    assert current.data(Qt.ItemDataRole.UserRole + 2) == "blog post"
    assert facets.model().itemFromIndex(current).checkState() == Qt.CheckState.Checked  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("number", "name"),
    [
        (1, "facetPanel"),
        (2, "bookmarksView"),
        (3, "collectionsView"),
        (4, "savedSearchesView"),
        (5, "recentView"),
    ],
)
def test_ctrl_number_puts_the_focus_on_the_tabs_list(
    qtbot, window: MainWindow, number: int, name: str
) -> None:
    focus(qtbot, window.search_panel.search_box)
    qtbot.keyClick(
        window.search_panel.search_box,
        Qt.Key(Qt.Key.Key_0 + number),
        Qt.KeyboardModifier.ControlModifier,
    )
    assert QApplication.focusWidget() is window.findChild(QWidget, name)


def test_also_searched_and_filter_chips_come_between_the_box_and_the_results(
    qtbot, window: MainWindow
) -> None:
    window.facet_panel.toggle("kind", "campaign day", True)
    search(qtbot, window, "pandemic")
    panel = window.search_panel
    qtbot.waitUntil(
        lambda: (
            panel.info_label.isVisible()
            and all(chip.isVisible() for chip in panel.filter_bar.focus_chain())
        )
    )
    chain = []
    widget = panel.sort_box.nextInFocusChain()
    while widget is not panel.results_view and len(chain) < 50:
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain[0] is panel.info_label
    assert chain[1:] == panel.filter_bar.focus_chain()


def test_pane_dividers_move_with_the_keyboard(qtbot, window: MainWindow) -> None:
    box = window.search_panel.search_box
    focus(qtbot, box)
    before = window.splitter.sizes()
    qtbot.keyClick(box, Qt.Key.Key_F8)
    divider = QApplication.focusWidget()
    assert isinstance(divider, PaneDivider)
    assert divider.accessibleName() == "Divider between the side panel and the results"
    assert QAccessible.queryAccessibleInterface(divider).role() == QAccessible.Role.Separator
    qtbot.keyClick(divider, Qt.Key.Key_Right)
    qtbot.keyClick(divider, Qt.Key.Key_Right)
    assert window.splitter.sizes()[0] > before[0]
    qtbot.keyClick(divider, Qt.Key.Key_F8)
    assert QApplication.focusWidget() is window.splitter.handle(2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is box


def test_the_players_buttons_are_named_by_their_labels(window: MainWindow) -> None:
    player = window.detail_pane.player
    assert player.play_button.accessibleName() == ""  # so its label ("Play", "Pause") names it
    assert player.play_button.accessibleDescription() == "Play or pause the episode"
    name = QAccessible.queryAccessibleInterface(player.open_button).text(QAccessible.Text.Name)
    assert name == "Open in another app"
