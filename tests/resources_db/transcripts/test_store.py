"""Transcripts kept in the library: content-addressed, by source, queued for the index."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from resources_db import index_queue
from resources_db.library import Library
from resources_db.transcript_models import TranscriptFile
from resources_db.transcripts import store
from resources_db.transcripts.model import Chapter, Cue
from resources_db.transcripts.reading import read_transcript

FIXTURES = Path(__file__).parents[2] / "fixtures" / "transcripts"
EPISODE = "imhaw-2020/podcast-mind-matters-karen-bateson"


def _save(library: Library, name: str, kind: str, url: str = "") -> bool:
    data = (FIXTURES / name).read_bytes()
    with library.db.session() as session:
        return store.save_transcript(
            session,
            EPISODE,
            read_transcript(data, name),
            data,
            source_kind=kind,
            source_url=url,
            media_type="text/vtt",
            language="en-GB",
        )


def _files(library: Library) -> int:
    with library.db.session() as session:
        return session.scalar(select(func.count()).select_from(TranscriptFile)) or 0


def test_a_transcript_is_kept_with_where_it_came_from(library: Library) -> None:
    assert _save(library, "episode.vtt", "publisher", "https://example.org/e.vtt")
    with library.db.session() as session:
        kept = store.transcript_of(session, EPISODE)
        queued = [uid for _, uid in index_queue.pending(session)]
    assert kept is not None
    assert (kept.source_kind, kept.language, kept.source_url, kept.format) == (
        "publisher",
        "en-GB",
        "https://example.org/e.vtt",
        "vtt",
    )
    assert kept.cues[0] == Cue(
        0.0, 4.5, "Welcome to the Little Minds podcast & thank you for listening.", "Amy Brown"
    )
    assert EPISODE in queued  # the index learns of it in the same transaction


def test_the_same_file_again_changes_nothing_and_a_changed_one_replaces_it(
    library: Library,
) -> None:
    assert _save(library, "episode.vtt", "publisher")
    assert not _save(library, "episode.vtt", "publisher")
    assert _files(library) == 1
    assert _save(library, "episode.srt", "publisher")
    assert _files(library) == 1  # the old file went with the last episode using it
    with library.db.session() as session:
        assert store.transcript_of(session, EPISODE).format == "srt"  # type: ignore[union-attr]


def test_the_users_file_is_never_replaced_by_the_feeds(library: Library) -> None:
    assert _save(library, "episode.srt", "file")
    assert not _save(library, "episode.vtt", "publisher")
    assert not _save(library, "episode.vtt", "automatic")
    with library.db.session() as session:
        assert store.transcript_of(session, EPISODE).source_kind == "file"  # type: ignore[union-attr]
    assert _save(library, "episode.vtt", "file")  # the user may bring another


def test_chapters_and_the_index_view_of_an_episode(library: Library) -> None:
    _save(library, "episode.vtt", "publisher")
    chapters = [Chapter(0.0, "Introduction"), Chapter(95.5, "Repair", "https://example.org/r")]
    with library.db.session() as session:
        assert store.save_chapters(
            session,
            EPISODE,
            chapters,
            b"{}",
            source_kind="publisher",
            media_type="application/json",
        )
        assert store.chapters_of(session, EPISODE) == chapters
        spoken = store.spoken_for(session, [EPISODE, "imhaw-2020/week"])
    assert list(spoken) == [EPISODE]
    assert spoken[EPISODE].chapters == tuple(chapters)
    assert spoken[EPISODE].cues[1].text.startswith("Today we talk about rupture")
