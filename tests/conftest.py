"""Suite-wide setup: headless Qt, and fresh library folders per test."""

from __future__ import annotations

import logging
import os

# Before anything imports Qt: the suite must run on machines with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("IMH_LIBRARY_HOME", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from resources_db.library import Library, open_library
from tests.not_kept_feed import make_hostile
from tests.transcript_feed import TranscriptFeedServer


@pytest.fixture
def hostile_feed() -> Iterator[TranscriptFeedServer]:
    """A podcast feed on 127.0.0.1 naming transcripts that must be refused (not_kept_feed.py)."""
    running = TranscriptFeedServer()
    make_hostile(running)
    yield running
    running.close()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """A new library on disk, filled from the starter catalogue as on first start."""
    opened = open_library(tmp_path / "library")
    yield opened
    opened.close()


class _ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_logged_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """An error the app logs (a background task that failed, say) fails the test
    that caused it, unless the test is marked ``allow_logged_errors``."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("allow_logged_errors") is None:
        first = handler.records[0]
        pytest.fail(f"The app logged an error: {first.name}: {first.getMessage()}", False)
