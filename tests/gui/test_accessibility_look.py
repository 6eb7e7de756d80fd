"""Issue 17: contrast of text (WCAG 1.4.3), visible focus (2.4.7, 1.4.11) in both
themes, and text at 200 % without loss (1.4.4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

from desktop_app.ui import appearance
from desktop_app.ui.appearance import contrast, focus_colour, readable
from desktop_app.ui.kind_badges import BADGES
from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import OpenWindow
from tests.helpers import TIMEOUT_MS, search

Role = QPalette.ColorRole
PALETTES = {"dark": appearance.dark_palette, "light": appearance.light_palette}
TEXT_ON = [
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.Window),
    (Role.Link, Role.Base),
    (Role.Link, Role.Window),
    (Role.LinkVisited, Role.Base),
    (Role.ToolTipText, Role.ToolTipBase),
]


@pytest.mark.parametrize("theme", PALETTES)
def test_text_stands_4_5_to_1_on_its_background(theme: str) -> None:
    palette = PALETTES[theme]()
    low = [
        (text.name, back.name, round(contrast(palette.color(text), palette.color(back)), 2))
        for text, back in TEXT_ON
        if contrast(palette.color(text), palette.color(back)) < 4.5
    ]
    assert low == []


@pytest.mark.parametrize("theme", PALETTES)
def test_the_focus_ring_stands_3_to_1_on_every_background(theme: str) -> None:
    palette = PALETTES[theme]()
    ring = focus_colour(palette)
    for role in (Role.Window, Role.Base, Role.Button, Role.AlternateBase):
        assert contrast(ring, palette.color(role)) >= 3, role.name


def test_muted_text_and_badges_stay_readable_on_any_palette() -> None:
    faint = QPalette()
    faint.setColor(Role.Base, QColor("#ffffff"))
    faint.setColor(Role.Text, QColor("#000000"))
    faint.setColor(Role.PlaceholderText, QColor("#a0a0a0"))  # 2.6:1, as some platforms give
    assert contrast(appearance.muted_text(faint), QColor("#ffffff")) >= 4.5
    white = QColor("#ffffff")
    for label, colour in BADGES.values():
        badge = readable(QColor(colour), white, QColor("#000000"))
        assert contrast(white, badge) >= 4.5, label


def near(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 48


def ring_share(image, rect, colour: QColor) -> float:  # type: ignore[no-untyped-def]
    """How much of the left edge of ``rect`` in ``image`` is drawn in ``colour``."""
    column = rect.left() + 1
    rows = range(rect.top() + 4, rect.bottom() - 4)
    hits = sum(near(QColor(image.pixel(column, y)), colour) for y in rows)
    return hits / max(1, len(rows))


def window_in(make_window: OpenWindow, data_dir: Path, theme: str, size: int) -> MainWindow:
    """A window started with this theme and text size (a palette set later reaches the
    open widgets only once the app's event loop runs, which tests do not run)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    appearance.store(appearance.open_settings(data_dir), theme_key=theme, size=size)
    return make_window()


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_keyboard_focus_is_visible_in_both_themes(
    qtbot, make_window: OpenWindow, data_dir: Path, look: QSettings, theme: str
) -> None:
    window = window_in(make_window, data_dir, theme, QApplication.font().pointSize())
    assert window.palette().color(Role.Window) == PALETTES[theme]().color(Role.Window)
    panel = window.search_panel
    window.activateWindow()
    panel.search_box.setFocus()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.sort_box
    ring = appearance.focus_ring()
    assert ring is not None and ring.widget is panel.sort_box
    frame = ring.frame
    assert frame is not None and frame.isVisible()
    # The ring surrounds the sort box and is drawn in the focus colour.
    box = panel.sort_box.rect().translated(panel.sort_box.mapTo(frame.parentWidget(), QPoint()))
    assert frame.geometry().contains(box)
    assert frame.parentWidget().rect().contains(frame.geometry())  # never clipped
    colour = focus_colour(QApplication.palette())
    assert ring_share(frame.grab().toImage(), frame.rect(), colour) > 0.8
    # In the results, the current row is outlined too.
    search(qtbot, window, "pandemic")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    view = panel.results_view
    row = view.visualRect(view.currentIndex())
    selected_text = QApplication.palette().color(Role.HighlightedText)
    assert ring_share(view.viewport().grab().toImage(), row, selected_text) > 0.8


def outside(widget: QWidget, window: QWidget) -> bool:
    corner = widget.mapTo(window, QPoint(widget.width() - 1, widget.height() - 1))
    return not window.rect().contains(corner)


def test_text_at_200_percent_loses_nothing_in_the_dark_theme(
    qtbot, make_window: OpenWindow, data_dir: Path, look: QSettings
) -> None:
    base = QApplication.font().pointSize()
    window = window_in(make_window, data_dir, "dark", base * 2)
    assert QApplication.font().pointSize() == base * 2
    window.resize(1280, 800)
    window.facet_panel.toggle("kind", "campaign day", True)
    search(qtbot, window, "pandemic")
    window.show_resource("imhaw-2020/day-3-wednesday")
    qtbot.waitUntil(lambda: window.detail_pane.uid is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] >= 300, timeout=TIMEOUT_MS)
    QApplication.processEvents()

    assert window.width() <= 1280
    cut: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if outside(widget, window):
            cut.append(f"{type(widget).__name__} {widget.objectName()} is off the window")
        shows_text = isinstance(widget, QComboBox) or (
            isinstance(widget, QAbstractButton) and bool(widget.text())
        )
        if shows_text and widget.width() < widget.sizeHint().width():
            cut.append(f"{type(widget).__name__} {widget.accessibleName()!r} is cut")
        one_line = isinstance(widget, QLabel) and widget.text() and not widget.wordWrap()
        if one_line and widget.width() < widget.sizeHint().width() - 1:
            cut.append(f"label {widget.text()!r} is cut")
    # Tab labels are whole; those beyond the panel's edge are a scroll arrow away.
    tabs = window.side_tabs.tabBar()
    for i in range(tabs.count()):
        if tabs.tabRect(i).width() < tabs.tabSizeHint(i).width():
            cut.append(f"tab {tabs.tabText(i)} is shortened")
    wide = tabs.sizeHint().width() > tabs.width()
    assert not wide or tabs.usesScrollButtons()
    facets = window.facet_panel
    if facets.header().sectionSize(0) < facets.sizeHintForColumn(0):
        cut.append("filter values are shortened")
    assert not window.detail_pane.browser.horizontalScrollBar().isVisible()
    assert cut == []


def test_at_first_start_the_results_are_wider_than_the_details(qtbot, window) -> None:
    """Found by a new user: the side panel's room was taken from the results as much as
    from the (still empty) details, and titles were cut off in a narrow results list."""
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] >= 300, timeout=TIMEOUT_MS)
    side, results, details = window.splitter.sizes()
    assert results > details and results >= side
