"""Dark theme on every desktop, and a layout that holds at 14 pt and 18 pt text.

The offscreen platform, like KDE or Xfce, cannot switch the colour scheme on
request: the app must draw the dark theme itself (Fusion and its own palette).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.ui import appearance
from desktop_app.ui.facet_panel import FacetPanel
from desktop_app.ui.kind_badges import BADGES
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.result_delegate import badge_font, badge_width
from tests.gui.conftest import OpenWindow, search

Role = QPalette.ColorRole


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def apply(settings: QSettings, theme: str, size: int) -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.store(settings, theme_key=theme, size=size)
    appearance.apply(app, settings, QFont(app.font()))
    return app


def test_dark_theme_works_where_the_platform_gives_none(look: QSettings) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    platform_window = app.palette().color(Role.Window)
    apply(look, "dark", 10)
    palette = app.palette()
    assert palette.color(Role.Window).lightness() < 80
    assert contrast(palette.color(Role.Text), palette.color(Role.Base)) >= 7
    assert contrast(palette.color(Role.PlaceholderText), palette.color(Role.Base)) >= 4.5
    assert contrast(palette.color(Role.Link), palette.color(Role.Base)) >= 4.5
    assert app.style().baseStyle().name().lower() == "fusion"
    apply(look, "system", 10)
    assert app.palette().color(Role.Window) == platform_window


def unticked_facet_box_contrast(qtbot) -> float:
    """How well an unticked facet's check box stands out from the list behind it."""
    panel = FacetPanel()
    qtbot.addWidget(panel)
    panel.set_counts({"kind": {"blog post": 3, "podcast episode": 2}})
    panel.resize(300, 200)
    panel.show()
    qtbot.waitExposed(panel)
    item = panel.value_item("kind", "blog post")
    assert item is not None
    rect = panel.visualRect(item.index())
    image = panel.viewport().grab().toImage()
    base = panel.palette().color(Role.Base)
    box = panel.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 6
    return max(
        contrast(QColor(image.pixel(x, y)), base)
        for x in range(rect.left(), min(rect.left() + box, image.width()))
        for y in range(rect.top(), min(rect.bottom(), image.height()))
    )


def test_facet_check_boxes_are_readable_in_the_dark_theme(qtbot, look: QSettings) -> None:
    apply(look, "dark", 10)
    assert unticked_facet_box_contrast(qtbot) >= 3  # WCAG's minimum for a control's edge


@pytest.mark.parametrize("size", [14, 18])
def test_check_boxes_grow_with_the_text(look: QSettings, size: int) -> None:
    app = apply(look, "system", 10)
    small = app.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    apply(look, "system", size)
    large = app.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    assert large > small
    assert large >= QFontMetrics(app.font()).height() * 0.75


@pytest.mark.parametrize("size", [14, 18])
def test_results_fit_the_list_at_large_text(
    qtbot, make_window: OpenWindow, look: QSettings, size: int
) -> None:
    window: MainWindow = make_window()
    appearance.store(window.settings, theme_key="system", size=size)
    window.apply_preferences()
    window.resize(1280, 800)
    search(qtbot, window, "infant mental health")
    view = window.search_panel.results_view
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0)
    # No sideways scrolling: the titles end in "…" inside the list, none runs off
    # under a horizontal scroll bar.
    assert not view.horizontalScrollBar().isVisible()
    first = view.visualRect(window.search_panel.model.index(0, 0))
    assert first.width() <= view.viewport().width()
    metrics = QFontMetrics(view.font())
    assert first.height() >= metrics.height() * 2 + metrics.lineSpacing() * 2


@pytest.mark.parametrize("size", [10, 14, 18])
def test_kind_badges_hold_their_labels(size: int) -> None:
    font = QFont(QApplication.font())
    font.setPointSize(size)
    metrics = QFontMetrics(badge_font(font))
    widest = max(metrics.horizontalAdvance(label) for label, _ in BADGES.values())
    assert badge_width(font) >= widest + 4
