"""The window ends the start's pause of the garbage collector once its first results are shown."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from desktop_app.start_up import pause_collector, resume_collector
from tests.gui.conftest import OpenWindow
from tests.helpers import TIMEOUT_MS


@pytest.fixture
def paused() -> Iterator[None]:
    pause_collector()
    yield
    resume_collector()  # whatever the test did, the process collects again
    gc.enable()


def test_the_first_results_resume_the_collector(
    qtbot, paused: None, make_window: OpenWindow
) -> None:
    assert not gc.isenabled()
    window = make_window()  # waits for the first results and the index
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0, timeout=TIMEOUT_MS)
    assert gc.isenabled()
