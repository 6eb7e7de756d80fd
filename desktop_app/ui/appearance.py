"""Preferences that change how the app looks: theme and text size, kept in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
MIN_POINT_SIZE, MAX_POINT_SIZE = 8, 24
_SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}


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
        size = int(settings.value("appearance/pointSize", fallback))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        size = fallback
    return max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))


def apply(app: QApplication, settings: QSettings, base_font: QFont) -> None:
    app.styleHints().setColorScheme(_SCHEMES[theme(settings)])
    font = QFont(base_font)
    font.setPointSize(point_size(settings, base_font.pointSize()))
    app.setFont(font)


def store(settings: QSettings, *, theme_key: str, size: int) -> None:
    settings.setValue("appearance/theme", theme_key if theme_key in _SCHEMES else "system")
    settings.setValue("appearance/pointSize", max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size)))
    settings.sync()
