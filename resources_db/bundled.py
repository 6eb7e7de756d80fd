"""Finding the data files shipped with the app, from source or frozen.

From a source tree (or an installed wheel) the files sit next to the
packages; in a PyInstaller build they are collected under ``sys._MEIPASS``
(``_internal/`` beside the executable, ``Contents/Resources`` in a macOS
.app) at the same relative paths, e.g. ``resources_db/starter/...``. Paths
relative to the executable or the working directory break in both cases.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _base() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root)
    # resources_db/bundled.py -> the folder holding resources_db, search_index, ...
    return Path(__file__).resolve().parent.parent


def bundled_path(*parts: str) -> Path:
    """The path of a bundled file, e.g. ``bundled_path("search_index", "data", "x.json")``."""
    return _base().joinpath(*parts)
