"""Starting the window: the QApplication, the library, error reporting, the self-test."""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.cli_errors import CommandError
from desktop_app.first_page import write_first_page
from desktop_app.start_up import pause_collector, resume_collector
from desktop_app.ui import appearance, dialogs
from desktop_app.ui.frame_start import load_library_code, open_frame
from desktop_app.ui.single_instance import InstanceServer, hand_over
from resources_db.paths import LibraryPaths, default_root

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

log = logging.getLogger("imh_library")
# Qt's messages go to the log file when there is one, and never to the terminal.
logging.getLogger("qt").addHandler(logging.NullHandler())

# Platforms that draw nowhere a person can see: a dialog there waits for ever.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl"})


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # Qt's chatter belongs in the log file, not on a user's terminal.
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), message)


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qInstallMessageHandler(_qt_message)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("IMH Library")
    app.setOrganizationName("IMH Library")
    app.setApplicationDisplayName("IMH Library")
    return app


def _log_to(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(folder / "imh-library.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


def install_error_dialog(window: MainWindow) -> None:
    """Any uncaught error becomes one sentence in a dialog; the traceback goes to the log."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("uncaught error\n%s", details)
        sentence = f"Something went wrong: {str(error) or kind.__name__}."
        dialogs.show_error(window, sentence, details)

    sys.excepthook = hook


def open_window(data_dir: str | Path | None, frame: MainWindow | None = None) -> MainWindow:
    """The window on the library at ``data_dir``: ``frame`` (from ``open_frame``)
    attached to it, or a new window."""
    app = _application()
    # Imported only now: Qt Multimedia talks while loading, and the message
    # handler installed with the application sends that to the log.
    from desktop_app.operations import Operations
    from desktop_app.ui.main_window import MainWindow

    ops = Operations.open(data_dir, daily_backup=False)
    if frame is not None:
        frame.attach(ops)
        return frame
    settings = appearance.open_settings(ops.root)
    window = MainWindow(ops, settings, QFont(app.font()))
    window.apply_preferences()
    return window


def run_gui(data_dir: str | None, *, self_test: bool = False) -> int:
    # The window's start runs with the garbage collector paused (as from
    # cli.main); the window resumes it at its first results.
    pause_collector()
    try:
        return _run_gui(data_dir, self_test=self_test)
    finally:
        resume_collector()


def _run_gui(data_dir: str | None, *, self_test: bool) -> int:
    app = _application()
    if self_test:
        return _self_test(data_dir)
    root = Path(data_dir) if data_dir else default_root()
    if hand_over(root):
        print("IMH Library already has this library open; its window was brought to the front.")
        return 0
    frame = open_frame(root, _application())
    if frame is not None:
        load_library_code()  # the frame answers the person meanwhile
    from desktop_app.operations import LibraryDamagedError

    try:
        window = open_window(root, frame)
    except LibraryDamagedError as error:
        _discard(frame)
        # With no screen to ask on, nothing is restored: the sentence printed
        # names 'imh-library restore' when a backup exists.
        if not dialogs_can_show() or not offer_restore(root, str(error)):
            raise CommandError(str(error)) from error
        window = open_window(root)
    except Exception as error:
        _discard(frame)
        sentence = _could_not_open(error)
        if dialogs_can_show():
            QMessageBox.critical(None, "IMH Library", sentence)
        raise CommandError(sentence) from error
    if window.closed_early:  # closed while it opened: the person meant to quit
        window.ops.close()
        return 0
    _log_to(window.ops.library.paths.logs_dir)
    install_error_dialog(window)
    server = InstanceServer(root, window)
    server.activated.connect(window.bring_to_front)
    window.show()
    window.search_panel.search_box.setFocus()
    code = app.exec()
    page = window.first_page_to_keep()
    window.ops.close()
    if page is not None:  # stamped now that the library is closed
        write_first_page(root, page)
    return code


def _discard(frame: MainWindow | None) -> None:
    if frame is not None:
        frame.close()
        frame.deleteLater()


def dialogs_can_show() -> bool:
    """Whether someone can see and answer a dialog: a real screen, not offscreen or minimal."""
    return (
        QGuiApplication.platformName() not in HEADLESS_PLATFORMS
        and QGuiApplication.primaryScreen() is not None
    )


def _could_not_open(error: Exception) -> str:
    from desktop_app.operations import OperationError

    if isinstance(error, OperationError):
        return str(error)  # already one sentence for the user
    text = str(error).strip().rstrip(".") or type(error).__name__
    return f"The library could not be opened: {text}."


def offer_restore(root: Path, problem: str) -> bool:
    """Ask to put back the newest good backup; True if it was restored."""
    from desktop_app.operations import restore_library
    from resources_db import backups

    paths = LibraryPaths(root)
    good = backups.newest_good_backup(paths) if paths.backups_dir.exists() else None
    if good is None:
        QMessageBox.critical(None, "IMH Library", problem)
        return False
    answer = QMessageBox.question(
        None,
        "IMH Library",
        f"{problem}\n\nRestore the backup from {good.taken_at:%d %B %Y at %H:%M}? "
        "The damaged file is kept beside it (library.sqlite3.before-restore-…) in case "
        "it is needed.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    restore_library(root, good.path)
    return True


def _self_test(data_dir: str | None) -> int:
    from desktop_app.ui.self_test import run_self_test

    # Without --data-dir the self-test works in a throwaway folder, so a smoke
    # test never touches a user's bookmarks or history.
    with tempfile.TemporaryDirectory(prefix="imh-self-test-") as scratch:
        try:
            window = open_window(data_dir or scratch)
        except Exception as error:
            raise CommandError(_could_not_open(error)) from error
        try:
            passed, sentence = run_self_test(window)
        finally:
            window.close()
            window.ops.close()
    print(sentence, file=sys.stdout if passed else sys.stderr)
    return 0 if passed else 1
