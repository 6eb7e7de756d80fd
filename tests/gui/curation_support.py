"""Helpers for the curation tests: the pieces installed on a real window, waiting for them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.ui import facet_panel
from desktop_app.ui.curation_window import Curation, install_curation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tag_facet import TAG_FACET
from tests.helpers import TIMEOUT_MS, settle


def curated(window: MainWindow) -> Curation:
    """The window's curation pieces (installed here if the window does not install them)."""
    return install_curation(window)


@pytest.fixture
def tags_facet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The Filters tree lists the Tags facet (as it does once ``FACETS`` names it)."""
    if TAG_FACET not in facet_panel.FACETS:
        monkeypatch.setattr(facet_panel, "FACETS", (*facet_panel.FACETS, TAG_FACET))
    yield


def open_resource(qtbot, window: MainWindow, uid: str) -> None:
    window.show_resource(uid)
    qtbot.waitUntil(lambda: window.detail_pane.uid == uid, timeout=TIMEOUT_MS)


def research(qtbot, window: MainWindow, text: str) -> None:
    """Let every queued edit apply, then search ``text`` afresh and wait for its results."""
    settle(qtbot, window)
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.idle, timeout=TIMEOUT_MS)
    panel.search_box.setText(text)
    panel.search_now()
    qtbot.waitUntil(
        lambda: panel.idle and panel.last_results is not None and panel.last_results.query == text,
        timeout=TIMEOUT_MS,
    )


__all__ = ["TIMEOUT_MS", "curated", "open_resource", "research", "tags_facet"]
