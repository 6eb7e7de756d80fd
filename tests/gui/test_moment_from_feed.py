"""The whole journey of a moment, as a new user meets it: a feed with a transcript and
real audio imported over http, the network gone, a search, a click on the moment, and
the episode playing from two seconds before the words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.result_moments import moment_rects
from desktop_app.ui.transcript_view import LEAD_IN_S
from tests.gui.conftest import TIMEOUT_MS, search
from tests.gui.test_media import NO_SOUND_DEVICE, make_wav
from tests.helpers import serving

UID = "feed:nursery-talk-7"
SPOKEN_AT = 9.25  # where the phrase begins in the WebVTT below
# The older namespace URI under a prefix of the publisher's choosing, attributes in capitals.
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
     xmlns:pod2="https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md">
<channel>
  <title>Nursery Talk</title>
  <link>https://nursery-talk.example.org/</link>
  <description>Talks for practitioners.</description>
  <item>
    <title>Settling in at nursery</title>
    <guid isPermaLink="false">nursery-talk-7</guid>
    <pubDate>Mon, 02 Feb 2026 09:00:00 GMT</pubDate>
    <description>Key persons and the first weeks.</description>
    <enclosure url="{base}/ep7.wav" type="audio/wav" length="224044"/>
    <pod2:transcript URL="{base}/ep7.txt" Type="text/plain"/>
    <pod2:transcript URL="{base}/ep7.vtt" Type="text/vtt" Language="en-GB"/>
  </item>
</channel>
</rss>
"""
VTT = """\ufeffWEBVTT

NOTE written by the publisher's caption tool

1
0:00.000 --> 0:04.000
<v Jo Hart>Welcome to Nursery Talk.

2
0:09.250 --> 0:13.000
<v Mo Patel>A key person helps a toddler borrow calm from a familiar adult.
"""


def _publish(site: Path, base: str) -> str:
    (site / "feed.xml").write_text(FEED.replace("{base}", base), "utf-8")
    (site / "ep7.vtt").write_text(VTT, "utf-8")
    (site / "ep7.txt").write_text("Mo Patel: borrow calm from a familiar adult\n", "utf-8")
    make_wav(site / "ep7.wav", seconds=14.0)
    return f"{base}/feed.xml"


def _click_first_moment(qtbot, window: MainWindow, uid: str) -> None:
    view, model = window.search_panel.results_view, window.search_panel.model
    row = next(r for r in range(model.rowCount()) if model.hit(r).uid == uid)  # type: ignore[union-attr]
    index = model.index(row, 0)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    left, width = window.search_panel.delegate.text_columns(option)
    first = moment_rects(model.hit(row), option, left, width)[0].center()  # type: ignore[arg-type]
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(first.x()), int(first.y()))
    )


@NO_SOUND_DEVICE
def test_a_moment_of_a_feed_imported_over_http_plays_offline(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    with serving(site) as base:
        url = _publish(site, base)
        window.ops.import_sources([url])
        window.ops.download_media(UID, f"{base}/ep7.wav")
    # The server is gone: the search, the moment and the audio come from the library.
    search(qtbot, window, '"borrow calm"')
    hit = window.search_panel.model.hit(0)
    assert hit is not None and hit.uid == UID
    [moment] = hit.moments
    assert (moment.start, moment.speaker) == (SPOKEN_AT, "Mo Patel")  # the WebVTT, not the text
    _click_first_moment(qtbot, window, UID)
    player = window.detail_pane.player
    qtbot.waitUntil(lambda: player.uid == UID and player.loaded, timeout=TIMEOUT_MS)
    start_ms = (SPOKEN_AT - LEAD_IN_S) * 1000
    qtbot.waitUntil(lambda: start_ms <= player.position_ms < SPOKEN_AT * 1000, timeout=TIMEOUT_MS)
    assert window.detail_pane.uid == UID
