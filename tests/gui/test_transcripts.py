"""Transcripts in the window: moments under results, playing from one, the Transcript view."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from desktop_app.ui.announce import announcements
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.result_delegate import ResultDelegate
from desktop_app.ui.result_moments import moment_rects
from desktop_app.ui.results_model import HitRole, ResultsModel, SearchRequest
from desktop_app.ui.transcript_view import (
    LEAD_IN_S,
    TranscriptDrops,
    TranscriptPanel,
    transcript_text,
)
from resources_db.catalogue import ResourceDetail
from resources_db.documents import ResourceDocument
from resources_db.transcripts.model import Chapter
from resources_db.transcripts.reading import read_transcript
from resources_db.transcripts.store import TranscriptInfo
from search_index import Hit, SearchResults
from search_index.moments import Moment
from tests.gui.conftest import TIMEOUT_MS, search
from tests.gui.test_media import NO_SOUND_DEVICE, make_wav
from tests.helpers import attach_file, serving
from tests.resources_db.packs_fixtures import resource, write_pack
from tests.transcript_feed import FIXTURES

PODCAST = "imhaw-2020/podcast-mind-matters-karen-bateson"
VTT = FIXTURES / "episode.vtt"


def _detail() -> ResourceDetail:
    parsed = read_transcript(VTT.read_bytes(), "episode.vtt")
    transcript = TranscriptInfo(
        "publisher", "vtt", "text/vtt", "en-GB", "", datetime.now(), True, parsed.cues
    )
    return ResourceDetail(
        document=ResourceDocument(uid="ep/1", kind="podcast episode", title="Rupture and repair"),
        duration_seconds=None,
        source="",
        part_of=None,
        transcript=transcript,
        chapters=[Chapter(0.0, "Introduction"), Chapter(9.25, "Serve and return")],
    )


@pytest.fixture
def panel(qtbot) -> TranscriptPanel:
    shown = TranscriptPanel()
    qtbot.addWidget(shown)
    shown.resize(600, 500)
    shown.show()
    shown.show_episode(_detail())
    return shown


def test_the_panel_shows_chapters_a_badge_and_the_transcript(panel: TranscriptPanel) -> None:
    assert panel.isVisible()
    assert panel.badge.text() == (
        "Transcript from the publisher (en-GB). Times can shift when a feed inserts adverts."
    )
    assert panel.chapters_view.count() == 2
    assert panel.chapters_view.item(1).text() == "0:09  Serve and return"
    assert panel.text.document().blockCount() == len(panel.cues)
    blocks = panel.text.document()
    assert blocks.findBlockByNumber(2).text() == "0:04  Ben Okafor: Thanks for having me."
    # The speaker is named when the turn changes, not on every cue.
    assert blocks.findBlockByNumber(3).text().startswith("0:09  Every parent misses cues.")


def test_an_episode_without_transcript_or_chapters_hides_the_panel(
    panel: TranscriptPanel,
) -> None:
    bare = ResourceDetail(
        document=ResourceDocument(uid="b/1", kind="blog post", title="A post"),
        duration_seconds=None,
        source="",
        part_of=None,
    )
    panel.show_episode(bare)
    assert not panel.isVisible()


def test_chapters_and_cue_times_ask_to_play(qtbot, panel: TranscriptPanel) -> None:
    with qtbot.waitSignal(panel.playRequested) as chapter:
        panel.chapters_view.itemActivated.emit(panel.chapters_view.item(1))
    assert chapter.args == [9.25]
    with qtbot.waitSignal(panel.playRequested) as cue:
        panel.text.anchorClicked.emit(QUrl("cue:4"))
    assert cue.args == [15.0]


def test_the_transcript_follows_the_audio_and_scrolls_to_a_moment(panel: TranscriptPanel) -> None:
    panel.follow(16.2)
    assert panel.current_cue == 4
    panel.reveal(9.25)
    assert panel.current_cue == 3
    assert panel.text.textCursor().blockNumber() == 3
    # A moment for another episode waits until that episode is shown.
    panel.reveal(3723.5, "ep/1-other")
    assert panel.current_cue == 3


def test_find_within_the_transcript(panel: TranscriptPanel) -> None:
    panel.find_box.setText("again")
    assert panel.find_status.text() == "2 found"
    assert panel.text.textCursor().selectedText() == "again"
    first = panel.text.textCursor().selectionStart()
    panel.find_next()
    assert panel.text.textCursor().selectionStart() > first
    panel.find_box.clear()
    assert panel.find_status.text() == ""


def test_copy_with_and_without_times(panel: TranscriptPanel) -> None:
    with_times = panel.copy(with_times=True)
    assert QGuiApplication.clipboard().text() == with_times
    assert "0:09  Ben Okafor: Every parent misses cues." in with_times
    plain = panel.copy(with_times=False)
    assert "0:09" not in plain
    assert plain.startswith("Amy Brown: Welcome to the Little Minds podcast")
    # One paragraph per turn: Ben's three cues are one.
    assert plain.count("Ben Okafor:") == 1
    assert transcript_text(panel.cues, with_times=True, timed=False) == plain


def test_print_the_transcript(panel: TranscriptPanel, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "transcript.pdf"))
    panel.print_to(printer)
    assert (tmp_path / "transcript.pdf").read_bytes().startswith(b"%PDF")


def _results(*moments: Moment) -> SearchResults:
    hit = Hit("ep/1", "podcast episode", "Rupture and repair", [], [], 2026, "", 1.0, "snippet",
              list(moments))  # fmt: skip
    plain = Hit("b/1", "blog post", "A post", [], [], 2026, "", 0.5, "other")
    return SearchResults("q", 2, None, [], [hit, plain], {})


@pytest.fixture
def results_view(qtbot) -> QListView:
    view = QListView()
    qtbot.addWidget(view)
    model = ResultsModel(parent=view)
    view.setModel(model)
    view.setItemDelegate(ResultDelegate(view))
    moments = (
        Moment(9.25, 21.3, "what we call <b>serve</b> and <b>return</b>", "Ben Okafor"),
        Moment(95.5, 120.0, "What is <b>rupture</b>?", ""),
    )
    model.reset_results(SearchRequest("q"), _results(*moments))
    view.resize(500, 400)
    view.show()
    return view


def test_a_result_with_moments_is_taller_and_shows_them(results_view: QListView) -> None:
    with_moments = results_view.visualRect(results_view.model().index(0, 0)).height()
    without = results_view.visualRect(results_view.model().index(1, 0)).height()
    assert with_moments > without


def test_a_click_on_a_moment_plays_it(qtbot, results_view: QListView) -> None:
    delegate = results_view.itemDelegate()
    assert isinstance(delegate, ResultDelegate)
    index = results_view.model().index(0, 0)
    option = QStyleOptionViewItem()
    results_view.initViewItemOption(option)
    option.rect = results_view.visualRect(index)
    left, width = delegate.text_columns(option)
    hit = index.data(HitRole)
    second = moment_rects(hit, option, left, width)[1].center()
    with qtbot.waitSignal(delegate.momentActivated) as played:
        qtbot.mouseClick(
            results_view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(int(second.x()), int(second.y())),
        )
    assert played.args == ["ep/1", 95.5]


def test_moments_are_reached_with_right_and_played_with_enter(
    qtbot, results_view: QListView
) -> None:
    delegate = results_view.itemDelegate()
    assert isinstance(delegate, ResultDelegate)
    results_view.setFocus()
    results_view.setCurrentIndex(results_view.model().index(0, 0))
    qtbot.keyClick(results_view, Qt.Key.Key_Right)
    qtbot.keyClick(results_view, Qt.Key.Key_Right)
    assert "Moment 2 of 2" in results_view.accessibleDescription()
    qtbot.keyClick(results_view, Qt.Key.Key_Left)
    with qtbot.waitSignal(delegate.momentActivated) as played:
        qtbot.keyClick(results_view, Qt.Key.Key_Return)
    assert played.args == ["ep/1", 9.25]
    # Without a moment reached, Enter opens the result as before.
    qtbot.keyClick(results_view, Qt.Key.Key_Left)
    with qtbot.waitSignal(results_view.activated):
        qtbot.keyClick(results_view, Qt.Key.Key_Return)


def wire(window: MainWindow) -> None:
    """The lines docs give for main_window.py and detail_pane.py (skipped once they are there)."""
    pane = window.detail_pane
    if hasattr(pane, "transcript"):
        return
    pane.transcript = TranscriptPanel()  # type: ignore[attr-defined]
    pane.transcript.playRequested.connect(pane.player.play_from)  # type: ignore[attr-defined]
    pane.player.positionChanged.connect(pane.transcript.follow)  # type: ignore[attr-defined]
    pane.transcript_drops = TranscriptDrops(  # type: ignore[attr-defined]
        pane, pane.runner, lambda: pane.uid, pane.downloadFailed.emit
    )
    pane.layout().addWidget(pane.transcript, 1)  # type: ignore[attr-defined]
    shown = pane.show_view

    def show_view(view):  # type: ignore[no-untyped-def]
        shown(view)
        pane.transcript.show_episode(view.detail if view else None)  # type: ignore[attr-defined]

    pane.show_view = show_view  # type: ignore[method-assign]

    def play_moment(uid: str, seconds: float) -> None:
        pane.player.play_from(max(0.0, seconds - LEAD_IN_S), uid)
        pane.transcript.reveal(seconds, uid)  # type: ignore[attr-defined]
        window.show_resource(uid)

    window.search_panel.results_view.itemDelegate().momentActivated.connect(play_moment)


@NO_SOUND_DEVICE
def test_a_moment_opens_the_episode_and_plays_from_just_before(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    wire(window)
    attach_file(
        window.ops, PODCAST, make_wav(tmp_path / "ep.wav", seconds=14.0), "audio/wav", "Audio"
    )
    window.ops.import_transcript(PODCAST, VTT)
    window.ops.set_playback_position(PODCAST, 2.0)
    search(qtbot, window, '"serve and return"')
    view = window.search_panel.results_view
    row = next(r for r in range(window.search_panel.model.rowCount())
               if window.search_panel.model.hit(r).uid == PODCAST)  # type: ignore[union-attr]  # fmt: skip
    view.setFocus()
    view.setCurrentIndex(window.search_panel.model.index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    player = window.detail_pane.player
    qtbot.waitUntil(lambda: player.uid == PODCAST and player.loaded, timeout=TIMEOUT_MS)
    # From two seconds before the words, not from the saved position (which is kept).
    qtbot.waitUntil(lambda: 7000 <= player.position_ms < 9250, timeout=TIMEOUT_MS)
    assert window.ops.playback_position(PODCAST) == 2.0
    transcript = window.detail_pane.transcript  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: transcript.current_cue == 3, timeout=TIMEOUT_MS)
    assert transcript.badge.text().startswith("Transcript from a file")


def test_a_transcript_dropped_on_an_episode_is_imported(qtbot, window: MainWindow) -> None:
    wire(window)
    window.show_resource(PODCAST)
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.uid == PODCAST, timeout=TIMEOUT_MS)
    pane.transcript_drops.drop(PODCAST, FIXTURES / "episode.srt")  # type: ignore[attr-defined]
    transcript = pane.transcript  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: transcript.isVisible() and len(transcript.cues) == 5, timeout=TIMEOUT_MS
    )
    assert "DR CHEN" in transcript.text.toPlainText()


def activate_first_moment(qtbot, window: MainWindow, uid: str, query: str) -> list[str]:
    """Search, reach ``uid``'s first moment with the keyboard and press Enter; what was said."""
    search(qtbot, window, query)
    view, model = window.search_panel.results_view, window.search_panel.model
    row = next(r for r in range(model.rowCount()) if model.hit(r).uid == uid)  # type: ignore[union-attr]
    view.setFocus()
    view.setCurrentIndex(model.index(row, 0))
    spoken: list[str] = []
    announcements().made.connect(spoken.append)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    return spoken


def test_a_moment_of_an_episode_without_audio_says_why_nothing_plays(
    qtbot, window: MainWindow
) -> None:
    window.ops.import_transcript(PODCAST, VTT)
    spoken = activate_first_moment(qtbot, window, PODCAST, '"serve and return"')
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.media_hint.isVisible(), timeout=TIMEOUT_MS)
    hint = pane.media_hint.text()
    assert hint == (
        "This episode has no audio in the library, so it cannot play from 0:07; "
        "its transcript shows the words."
    )  # two seconds before the words at 0:09
    assert hint in spoken
    window.show_resource("imhaw-2020/day-1-monday")  # another resource: the hint goes
    qtbot.waitUntil(lambda: not pane.media_hint.isVisible(), timeout=TIMEOUT_MS)


@NO_SOUND_DEVICE
def test_a_moment_waits_for_the_download_and_then_plays_from_there(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    make_wav(site / "ep.wav", seconds=14.0)
    with serving(site) as base:
        pack = write_pack(
            tmp_path / "pack",
            [resource("ep/1", kind="podcast episode", title="Rupture and repair",
                      media_url=f"{base}/ep.wav")],
        )  # fmt: skip
        window.ops.import_sources([str(pack)])
        window.ops.import_transcript("ep/1", VTT)
        activate_first_moment(qtbot, window, "ep/1", '"serve and return"')
        pane = window.detail_pane
        qtbot.waitUntil(lambda: pane.media_hint.isVisible(), timeout=TIMEOUT_MS)
        assert pane.media_hint.text() == (
            "This episode's audio is not in the library yet: choose Download episode, "
            "and it plays from 0:07."
        )
        assert pane.download_button.isVisible()
        pane.download_button.click()
        player = pane.player
        qtbot.waitUntil(lambda: player.uid == "ep/1" and player.loaded, timeout=TIMEOUT_MS)
        assert not pane.media_hint.isVisible()
        qtbot.waitUntil(lambda: 7000 <= player.position_ms < 9250, timeout=TIMEOUT_MS)


def test_a_long_moment_keeps_its_matched_words_in_view_and_bold(qtbot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from desktop_app.ui.result_moments import fitted_runs, snippet_runs

    words = "and so we talked for a long while about what the baby was doing " * 4
    runs = snippet_runs(f"…{words}then <b>serve</b> and <b>return</b> &amp; more words after…")
    assert ("serve", True) in runs and runs[-1] == (" & more words after…", False)
    font = QFont()
    strong = QFont(font)
    strong.setBold(True)
    plain_metrics, strong_metrics = QFontMetrics(font), QFontMetrics(strong)
    room = plain_metrics.horizontalAdvance("x" * 40)
    fitted = fitted_runs(runs, plain_metrics, strong_metrics, room)
    assert fitted[0][0].startswith("…") and ("serve", True) in fitted
    used = sum((strong_metrics if m else plain_metrics).horizontalAdvance(t) for t, m in fitted)
    assert used <= room
    short = snippet_runs("<b>serve</b> and return")
    assert fitted_runs(short, plain_metrics, strong_metrics, room) == short
