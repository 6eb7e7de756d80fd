"""The results and the Filters tree paint without the Python style (issue 18).

Each row painted through ``LibraryStyle`` cost a dozen calls into Python,
thousands per keystroke. The two lists paint with the base style, and their
delegates draw what the app's style adds: check boxes as big as the text
(edged in the dark theme) and a ring round the keyboard's place.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from desktop_app.ui import appearance
from desktop_app.ui.appearance import LibraryStyle, focus_colour
from desktop_app.ui.facet_delegate import FacetDelegate
from desktop_app.ui.facet_panel import FacetPanel
from desktop_app.ui.main_window import MainWindow
from tests.gui.test_accessibility_look import ring_share
from tests.helpers import search


def apply(settings: QSettings, size: int) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.store(settings, theme_key="system", size=size)
    appearance.apply(app, settings, QFont(app.font()))


def shown_panel(qtbot) -> FacetPanel:
    panel = FacetPanel()
    qtbot.addWidget(panel)
    panel.set_counts({"kind": {"blog post": 3, "podcast episode": 2}})
    panel.resize(400, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def row_parts(panel: FacetPanel, key: str, value: str):  # type: ignore[no-untyped-def]
    """The text's option and the check box of a value's row, as the tree lays it out."""
    item = panel.value_item(key, value)
    assert item is not None
    option = QStyleOptionViewItem()
    panel.initViewItemOption(option)
    option.rect = panel.visualRect(item.index())
    delegate = panel.itemDelegate()
    assert isinstance(delegate, FacetDelegate)
    text, box, _look = delegate.layout(option, item.index())
    return item, text, box


def test_a_facet_check_box_is_as_big_as_the_text_and_a_click_on_it_ticks(
    qtbot, look: QSettings
) -> None:
    apply(look, 18)
    panel = shown_panel(qtbot)
    _item, _text, box = row_parts(panel, "kind", "blog post")
    assert box is not None
    assert box.width() >= QFontMetrics(panel.font()).height() * 0.75
    # Near the far corner of the box: outside the base style's smaller one.
    qtbot.mouseClick(
        panel.viewport(), Qt.MouseButton.LeftButton, pos=box.bottomRight() - QPoint(2, 2)
    )
    assert panel.selected == {"kind": ["blog post"]}
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert panel.selected == {}


def test_space_still_ticks_the_current_value(qtbot) -> None:
    panel = shown_panel(qtbot)
    item = panel.value_item("kind", "podcast episode")
    assert item is not None
    panel.setCurrentIndex(item.index())
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.selected == {"kind": ["podcast episode"]}


def test_the_current_facet_value_is_ringed_in_the_focus_colour(qtbot) -> None:
    panel = shown_panel(qtbot)
    panel.activateWindow()
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    item, text, _box = row_parts(panel, "kind", "blog post")
    panel.selectionModel().setCurrentIndex(
        item.index(), panel.selectionModel().SelectionFlag.NoUpdate
    )
    image = panel.viewport().grab().toImage()
    assert ring_share(image, text.rect, focus_colour(panel.palette())) > 0.8


class CountingStyle(LibraryStyle):
    """Notes the widget of each call (another widget's calls are not ours to count:
    the menu bar, for one, asks on every event it sees)."""

    widgets: ClassVar[list[object]] = []

    def pixelMetric(self, metric, option=None, widget=None):  # type: ignore[no-untyped-def]
        CountingStyle.widgets.append(widget)
        return super().pixelMetric(metric, option, widget)

    def styleHint(self, hint, option=None, widget=None, data=None):  # type: ignore[no-untyped-def]
        CountingStyle.widgets.append(widget)
        return super().styleHint(hint, option, widget, data)

    def drawPrimitive(self, element, option, painter, widget=None):  # type: ignore[no-untyped-def]
        CountingStyle.widgets.append(widget)
        super().drawPrimitive(element, option, painter, widget)

    def drawControl(self, element, option, painter, widget=None):  # type: ignore[no-untyped-def]
        CountingStyle.widgets.append(widget)
        super().drawControl(element, option, painter, widget)


def test_painting_the_results_and_the_filters_calls_no_python_style(
    qtbot, window: MainWindow, look: QSettings
) -> None:
    search(qtbot, window, "pandemic")
    window.facet_panel.expandAll()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    current = app.style()
    assert isinstance(current, LibraryStyle)
    app.setStyle(CountingStyle(current.baseStyle().name(), current.indicator, edged=current.edged))
    views = (window.search_panel.results_view, window.facet_panel)
    for view in views:
        view.viewport().repaint()  # the new style's own first look (fonts, polish)
    CountingStyle.widgets = []
    for view in views:
        view.viewport().repaint()
        view.verticalScrollBar().repaint()
    ours = {id(w) for view in views for w in (view, view.viewport(), view.verticalScrollBar())}
    assert [w for w in CountingStyle.widgets if id(w) in ours] == []
