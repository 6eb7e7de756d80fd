"""Starting the window, or saying in one sentence why it cannot start."""

from __future__ import annotations

import os
import sys

from desktop_app.cli_errors import CommandError


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch(data_dir: str | None, *, self_test: bool = False) -> int:
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not display_available():
        raise CommandError(
            "No display is available to open the window; use the command line instead "
            '(for example: imh-library search "infant mental health"), or see imh-library --help.'
        )
    try:
        from desktop_app.app import run_gui
    except ImportError as error:
        raise CommandError(
            "The window is not part of this build yet; use the command line (imh-library --help)."
        ) from error
    return run_gui(data_dir, self_test=self_test)
