"""Suite-wide setup: headless Qt, and fresh library folders per test."""

from __future__ import annotations

import os

# Before anything imports Qt: the suite must run on machines with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("IMH_LIBRARY_HOME", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from resources_db.library import Library, open_library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """A new library on disk, filled from the starter catalogue as on first start."""
    opened = open_library(tmp_path / "library")
    yield opened
    opened.close()
