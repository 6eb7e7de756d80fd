"""Preferences that change how the app looks: theme and text size, kept in QSettings.

A light or dark theme is first asked of the platform (GNOME, Windows and
macOS honour the request). Where the platform cannot (KDE, Xfce, a remote
desktop, the offscreen platform), the app draws the theme itself with the
Fusion style and a palette of its own. Check boxes grow with the text, and
in the app's own dark palette they keep a visible edge.

Keyboard focus is always visible (WCAG 2.4.7): a ring in a focus colour that
stands out at least 3:1 from the window in either theme follows the focused
widget (``FocusRing``), and the current item of a list is outlined in it.
Text colours in both palettes keep 4.5:1 against their background (1.4.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFocusFrame,
    QMenu,
    QMenuBar,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
MIN_POINT_SIZE, MAX_POINT_SIZE = 8, 24
_SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}
# A check box is about as tall as a capital letter plus its descender.
INDICATOR_PER_LINE = 0.85

_Role = QPalette.ColorRole
_DARK = {
    _Role.Window: "#2d2d30",
    _Role.WindowText: "#e8e8e8",
    _Role.Base: "#1f1f22",
    _Role.AlternateBase: "#2a2a2e",
    _Role.ToolTipBase: "#3a3a3e",
    _Role.ToolTipText: "#f0f0f0",
    _Role.PlaceholderText: "#a8a8ad",
    _Role.Text: "#e8e8e8",
    _Role.Button: "#37373b",
    _Role.ButtonText: "#e8e8e8",
    _Role.BrightText: "#ff6b6b",
    _Role.Light: "#505055",
    _Role.Midlight: "#424246",
    _Role.Mid: "#2a2a2d",
    _Role.Dark: "#1a1a1c",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#3d6fb4",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#7cb7ff",
    _Role.LinkVisited: "#c49cff",
}
_DARK_DISABLED = {
    _Role.WindowText: "#7d7d82",
    _Role.Text: "#7d7d82",
    _Role.ButtonText: "#7d7d82",
    _Role.Highlight: "#3a3a3e",
    _Role.HighlightedText: "#9a9a9f",
}
_LIGHT_BUTTON = "#efefef"

_platform_style: str | None = None  # the style the platform chose, kept for "system"


def open_settings(data_dir: Path) -> QSettings:
    """Settings live beside the library, so each data folder keeps its own window state."""
    return QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)


def default_point_size() -> int:
    return QApplication.font().pointSize() if QApplication.instance() else 10


def theme(settings: QSettings) -> str:
    value = str(settings.value("appearance/theme", "system"))
    return value if value in _SCHEMES else "system"


def point_size(settings: QSettings, fallback: int) -> int:
    try:
        size = int(str(settings.value("appearance/pointSize", fallback)))
    except (TypeError, ValueError):
        size = fallback
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))


def store(settings: QSettings, *, theme_key: str, size: int) -> None:
    settings.setValue("appearance/theme", theme_key if theme_key in _SCHEMES else "system")
    settings.setValue("appearance/pointSize", max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size)))
    settings.sync()


# --- palettes -------------------------------------------------------------------------


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    palette = QPalette(QColor(_LIGHT_BUTTON))  # Qt's own light palette, built from one colour
    # Muted text is read on the window's grey as well as on white: 4.5:1 on both.
    palette.setColor(_Role.PlaceholderText, QColor("#5f5f64"))
    palette.setColor(_Role.Link, QColor("#0b57d0"))
    palette.setColor(_Role.LinkVisited, QColor("#6a1b9a"))
    palette.setColor(_Role.Highlight, QColor("#1f5fbf"))
    palette.setColor(_Role.HighlightedText, QColor("#ffffff"))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(_Role.Window).lightness() < palette.color(_Role.WindowText).lightness()


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor, background: QColor, towards: QColor, minimum: float = 4.5) -> QColor:
    """``colour`` moved towards ``towards`` just far enough to stand ``minimum``:1
    against ``background`` (a platform's faint placeholder grey, a bright badge)."""
    for step in range(11):
        share = step / 10
        mixed = QColor.fromRgbF(
            colour.redF() * (1 - share) + towards.redF() * share,
            colour.greenF() * (1 - share) + towards.greenF() * share,
            colour.blueF() * (1 - share) + towards.blueF() * share,
        )
        if contrast(mixed, background) >= minimum:
            return mixed
    return QColor(towards)


def muted_text(palette: QPalette) -> QColor:
    """Secondary text (where a result is from): the placeholder colour, readable on Base."""
    return readable(
        palette.color(_Role.PlaceholderText),
        palette.color(_Role.Base),
        palette.color(_Role.Text),
    )


_FOCUS = {False: "#0b57d0", True: "#8ab4f8"}  # light theme, dark theme


def focus_colour(palette: QPalette) -> QColor:
    """A colour for focus rings that stands out 3:1 from both the window and the
    text boxes (WCAG 1.4.11); the platform's highlight when it does, else ours."""
    backgrounds = (palette.color(_Role.Window), palette.color(_Role.Base))
    for colour in (palette.color(_Role.Highlight), QColor(_FOCUS[is_dark(palette)])):
        if all(contrast(colour, b) >= 3 for b in backgrounds):
            return colour
    return palette.color(_Role.WindowText)


# --- the style ------------------------------------------------------------------------

_INDICATORS = (
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
)
_FOCUS_MARGINS = (
    QStyle.PixelMetric.PM_FocusFrameHMargin,
    QStyle.PixelMetric.PM_FocusFrameVMargin,
)
_CHECKS = (
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
)


class LibraryStyle(QProxyStyle):
    """The chosen base style, with check boxes sized to the text.

    ``edged``: draw an edge round each check box in the Text colour. Fusion
    outlines a box in a darker shade of the window colour, which vanishes on
    a dark background (unticked facets could not be seen)."""

    def __init__(self, base: str, indicator: int, *, edged: bool) -> None:
        styles: list[str] = QStyleFactory.keys()
        known = {name.lower() for name in styles}
        super().__init__(QStyleFactory.create(base if base.lower() in known else "Fusion"))
        self.indicator = indicator
        self.edged = edged

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric in _FOCUS_MARGINS:
            return RING  # the focus ring sits just outside the widget, this wide
        size = super().pixelMetric(metric, option, widget)
        return max(size, self.indicator) if metric in _INDICATORS else size

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            # Fusion draws a faint tint, and only after a key press; a current
            # item or tab is outlined plainly, whatever moved the focus.
            draw_focus(painter, option, QRectF(option.rect))
            return
        super().drawPrimitive(element, option, painter, widget)
        if self.edged and element in _CHECKS:
            draw_check_edge(painter, QRectF(option.rect), option.palette)

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1  # the ring sits on the window, never clipped by the widget's parent
        return super().styleHint(hint, option, widget, returnData)

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.ControlElement.CE_FocusFrame:
            draw_ring(painter, QRectF(option.rect), focus_colour(option.palette))
            return
        super().drawControl(element, option, painter, widget)


RING = 2  # pixels: the focus ring's width


def draw_ring(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, RING))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = RING / 2
    painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), 3, 3)
    painter.restore()


def draw_focus(painter: QPainter, option: QStyleOption, rect: QRectF) -> None:
    """The ring round a current item: the focus colour, or the selected text's on a
    selected row (the focus colour may not stand out from the highlight)."""
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    palette = option.palette
    draw_ring(
        painter, rect, palette.color(_Role.HighlightedText) if selected else focus_colour(palette)
    )


def draw_check_edge(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
    """An edge in the Text colour round a check box drawn in ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    edge = QColor(palette.color(_Role.Text))
    edge.setAlphaF(0.7)
    painter.setPen(QPen(edge, 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    side = min(rect.width(), rect.height())
    box = QRectF(0, 0, side, side)
    box.moveCenter(rect.center())
    painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
    painter.restore()


# --- the item views -------------------------------------------------------------------
# Every call Qt makes to LibraryStyle runs Python and converts its enum arguments:
# painting the results and the Filters tree made about 4,000 of them per keystroke
# (pixelMetric, styleHint, drawPrimitive for each part of each row). Those views
# paint with the base style itself, and their delegates draw what LibraryStyle adds
# (text-sized check boxes with an edge, the focus ring) with the helpers above.


@dataclass(frozen=True)
class ItemLook:
    """How an item view paints rows: ``style`` one of Qt's own (no Python in its
    calls), ``indicator`` the check box's side, ``edged`` whether it needs an edge."""

    style: QStyle
    indicator: int
    edged: bool


_checks: tuple[QStyle, int, bool] | None = None  # the app's style, its indicator, edged
_plain_views: list[QAbstractItemView] = []


def item_look(view: QWidget | None) -> ItemLook:
    """The look of ``view``'s rows (made plain by ``paint_plainly``) under the
    application's style; without a view, the application's style paints them."""
    global _checks
    app_style = QApplication.style()
    if _checks is None or _checks[0] is not app_style:
        indicator = app_style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        edged = isinstance(app_style, LibraryStyle) and app_style.edged
        _checks = (app_style, indicator, edged)
    style = view.style() if view is not None else app_style
    return ItemLook(style, _checks[1], _checks[2])


def _base_name() -> str:
    style = QApplication.style()
    return style.baseStyle().name() if isinstance(style, QProxyStyle) else style.name()


def paint_plainly(view: QAbstractItemView) -> None:
    """Let ``view`` and its scroll bars paint with the base style itself (its delegate
    draws the check boxes and the focus ring); they follow the base style when the
    theme changes. LibraryStyle changes nothing else they draw."""
    _plain_views[:] = [v for v in _plain_views if shiboken6.isValid(v)]
    _plain_views.append(view)
    _restyle(view)


def _restyle(view: QAbstractItemView) -> None:
    name = _base_name()
    if view.testAttribute(Qt.WidgetAttribute.WA_SetStyle) and view.style().name() == name:
        return
    # One per view, a Qt child deleted with it: one style shared from Python was
    # found deleted (its wrapper gone) once the first view using it went away.
    style: QStyle | None = QStyleFactory.create(name)
    if style is None:  # a style Qt cannot make again: the view keeps the app's
        return
    style.setParent(view)
    view.setStyle(style)
    # Its scroll bars are redrawn with every result set, a few hundred calls more.
    view.verticalScrollBar().setStyle(style)
    view.horizontalScrollBar().setStyle(style)


def _restyle_plain_views() -> None:
    _plain_views[:] = [v for v in _plain_views if shiboken6.isValid(v)]
    for view in _plain_views:
        _restyle(view)


class FocusRing(QObject):
    """One focus frame (drawn by the style as a ring round the widget) that
    follows keyboard focus around the app; menus show their own highlight."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._frame: QFocusFrame | None = None
        app.focusChanged.connect(self._follow)

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._frame is None or not shiboken6.isValid(self._frame):
            self._frame = QFocusFrame()
        if new is None or new.isWindow() or isinstance(new, QMenu | QMenuBar):
            self._frame.setWidget(None)  # type: ignore[arg-type]  # Qt takes nullptr
            self._frame.hide()
            return
        self._frame.setWidget(new)
        self._frame.show()

    @property
    def frame(self) -> QFocusFrame | None:
        frame = self._frame
        return frame if frame is not None and shiboken6.isValid(frame) else None

    @property
    def widget(self) -> QWidget | None:
        frame = self.frame
        return frame.widget() if frame is not None else None


_focus_ring: FocusRing | None = None


def focus_ring() -> FocusRing | None:
    return _focus_ring


def indicator_size(font: QFont) -> int:
    return round(QFontMetrics(font).height() * INDICATOR_PER_LINE)


# --- applying -------------------------------------------------------------------------


def apply(app: QApplication, settings: QSettings, base_font: QFont) -> None:
    global _platform_style
    if _platform_style is None:
        _platform_style = app.style().name()
    font = QFont(base_font)
    font.setPointSize(point_size(settings, base_font.pointSize()))
    app.setFont(font)

    key = theme(settings)
    wanted = _SCHEMES[key]
    app.styleHints().setColorScheme(wanted)
    own_palette: QPalette | None = None
    if key != "system" and app.styleHints().colorScheme() != wanted:
        # The platform did not take the request: draw the theme ourselves.
        own_palette = dark_palette() if key == "dark" else light_palette()
    base = "Fusion" if own_palette is not None else _platform_style
    edged = own_palette is not None and is_dark(own_palette)
    app.setStyle(LibraryStyle(base, indicator_size(font), edged=edged))
    _restyle_plain_views()
    global _focus_ring
    if _focus_ring is None or not shiboken6.isValid(_focus_ring):
        _focus_ring = FocusRing(app)
    # An empty palette hands colours back to the platform (and its theme changes).
    app.setPalette(own_palette if own_palette is not None else QPalette())
