"""Moments: a search that matches inside a transcript knows when the words were spoken."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from resources_db.documents import ResourceDocument
from resources_db.transcripts.model import Chapter, Cue, Spoken
from search_index import SearchIndex
from search_index.moments import WINDOW_SECONDS, pack


def _cues() -> tuple[Cue, ...]:
    """Twenty minutes of talk, one cue every ten seconds, with a few things worth finding."""
    said = {
        30: ("Amy", "Babies need adults who notice their cues."),
        40: ("Ben", "And when we miss them, what matters is serve"),
        50: ("Ben", "and return, coming back to the baby."),
        300: ("Amy", "Let us talk about behavior at bedtime."),
        610: ("Ben", "Rupture happens in every family."),
        620: ("Ben", "Repair is what counts: rupture then repair."),
        900: ("Amy", "One more thing about repair before we stop."),
        1000: ("Amy", "Another word on repair."),
        1100: ("Amy", "And a last word on repair."),
    }
    return tuple(
        Cue(float(t), t + 10.0, *reversed(said.get(t, ("Amy", f"Filler talk number {t}."))))
        for t in range(0, 1200, 10)
    )


EPISODE = ResourceDocument(
    uid="ep/1",
    kind="podcast episode",
    title="A conversation about babies",
    summary="Two practitioners talk.",
    spoken=Spoken(
        _cues(),
        (Chapter(0.0, "Welcome"), Chapter(600.0, "Rupture and repair"), Chapter(1150.0, "Goodbye")),
    ),
)
OTHERS = [
    ResourceDocument(
        uid="report/1",
        kind="report",
        title="Serve and return: a briefing",
        summary="Serve and return interactions shape the developing brain.",
    ),
    ResourceDocument(uid="blog/1", kind="blog post", title="Bedtime", summary="Sleep routines."),
]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(tmp_path / "index")
    opened.rebuild([EPISODE, *OTHERS])
    yield opened
    opened.close()


def _hit(index: SearchIndex, query: str, uid: str = "ep/1"):  # type: ignore[no-untyped-def]
    found = index.search(query, limit=10)
    return next(hit for hit in found.hits if hit.uid == uid)


def test_windows_hold_about_thirty_seconds_of_whole_cues() -> None:
    stored = json.loads(zlib.decompress(pack(EPISODE.spoken)))  # type: ignore[arg-type]
    starts = [stored["starts"][n] for n in stored["windows"]]
    assert starts[:3] == [0.0, 30.0, 60.0]
    ends = [*starts[1:], 1200.0]
    assert all(end - start <= WINDOW_SECONDS for start, end in zip(starts, ends, strict=True))


def test_a_phrase_across_a_cue_boundary_gives_its_moment(index: SearchIndex) -> None:
    hit = _hit(index, '"serve and return"')
    [moment] = hit.moments
    assert (moment.start, moment.speaker) == (40.0, "Ben")  # where the phrase begins
    assert moment.end == 60.0
    assert "<b>serve</b> and <b>return</b>" in moment.snippet


def test_transcript_hits_rank_with_the_rest(index: SearchIndex) -> None:
    found = index.search('"serve and return"')
    assert [hit.uid for hit in found.hits] == ["report/1", "ep/1"]  # the title match first
    assert found.hits[0].moments == []


def test_up_to_three_moments_best_first(index: SearchIndex) -> None:
    hit = _hit(index, "rupture repair")
    assert len(hit.moments) == 3
    # The chapter title and the window saying both words lead the windows with one.
    assert [m.start for m in hit.moments[:2]] == [600.0, 610.0]
    assert hit.moments[0].speaker == ""  # a chapter title
    assert hit.moments[2].start == 900.0


def test_the_last_chapter_ends_with_the_last_words_spoken(index: SearchIndex) -> None:
    """Found by a new user: the last chapter's moment ended where it began."""
    goodbye = next(m for m in _hit(index, "goodbye").moments if m.speaker == "")
    assert (goodbye.start, goodbye.end) == (1150.0, 1200.0)


def test_the_same_analysis_as_everything_else(index: SearchIndex) -> None:
    assert _hit(index, "baby").moments[0].start == 30.0  # "Babies" stems to baby
    assert _hit(index, "behaviour").moments[0].start == 300.0  # British finds American
    assert _hit(index, "behav*").moments[0].start == 300.0  # a prefix


def test_an_untimed_transcript_is_found_without_moments(tmp_path: Path) -> None:
    untimed = ResourceDocument(
        uid="ep/2",
        kind="podcast episode",
        title="Typed up later",
        spoken=Spoken((Cue(0.0, 0.0, "Attachment is a relationship."),), (), timed=False),
    )
    with SearchIndex.open(tmp_path / "index") as index:
        index.rebuild([untimed])
        [hit] = index.search("attachment relationship").hits
        assert hit.uid == "ep/2" and hit.moments == []


def test_episodes_without_transcripts_have_no_moments(index: SearchIndex) -> None:
    assert _hit(index, "sleep routines", "blog/1").moments == []
