"""Offline content inside the app: the episode player and the PDF viewer, loaded lazily.

Nothing here imports Qt Multimedia or QtPdf at start: the player loads Qt
Multimedia for the first episode (``audio_player``), and QtPdf is loaded when
the first PDF opens (``open_pdf``). Without either, the window still opens,
searches and bookmarks, and says in one sentence what it cannot do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop_app.ui.audio_player import AudioPlayer, PositionStore
from desktop_app.ui.durations import clock, spoken_duration

if TYPE_CHECKING:
    from desktop_app.ui.pdf_window import PdfWindow

__all__ = [
    "AudioPlayer",
    "PdfWindow",
    "clock",
    "create_audio_player",
    "open_pdf",
    "spoken_duration",
]

log = logging.getLogger(__name__)


def create_audio_player(service: PositionStore, parent: QWidget | None = None) -> AudioPlayer:
    """The detail pane's player; it loads Qt Multimedia only when an episode is shown."""
    return AudioPlayer(service, parent)


def import_pdf_window() -> type[PdfWindow]:
    """The viewer class, loading QtPdf; raises ``ImportError`` where it cannot load."""
    from desktop_app.ui.pdf_window import PdfWindow

    return PdfWindow


def open_pdf(path: Path, title: str, parent: QWidget | None = None) -> QWidget | None:
    """Show a PDF from the library folder in the app's viewer, and return that window.

    Without QtPdf the file goes to the computer's own PDF viewer instead (it is
    inside the library folder: the caller checked) and None is returned."""
    try:
        viewer = import_pdf_window()
    except ImportError as error:
        log.warning("QtPdf could not be loaded (%s); opening the PDF outside the app", error)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return None
    window = viewer(path, title, parent)
    window.show()
    return window


def __getattr__(name: str) -> Any:
    # ``PdfWindow`` stays importable from here, but QtPdf loads only when it is asked for.
    if name == "PdfWindow":
        return import_pdf_window()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
