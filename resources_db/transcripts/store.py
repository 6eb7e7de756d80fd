"""Keeping episodes' transcripts and chapters in the catalogue database.

Every function works in the caller's session and transaction. A change to an
episode's transcript or chapters queues the episode for the search index in
the same transaction, as every catalogue change does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resources_db import index_queue
from resources_db.transcript_models import (
    EpisodeChapters,
    EpisodeTranscript,
    StoredChapter,
    StoredCue,
    TranscriptFile,
)
from resources_db.transcripts.model import (
    SOURCE_KINDS,
    Chapter,
    Cue,
    ParsedTranscript,
    Spoken,
)

# Which sources may replace which: the user's own file is never replaced by the
# feed's, and an automatic transcript gives way to any other.
_RANK = {"automatic": 0, "publisher": 1, "file": 2}
UID_CHUNK = 500


@dataclass(frozen=True)
class TranscriptInfo:
    """An episode's transcript as ``show`` and the window present it."""

    source_kind: str  # publisher, file or automatic
    format: str
    media_type: str
    language: str
    source_url: str
    fetched_at: datetime
    timed: bool
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Provenance:
    """Where an episode's transcript or chapters came from, to decide on a refresh."""

    source_kind: str
    source_url: str
    sha256: str
    fetched_at: datetime


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _keep_file(session: Session, data: bytes, media_type: str) -> str:
    sha = digest(data)
    if session.get(TranscriptFile, sha) is None:
        session.add(TranscriptFile(sha256=sha, media_type=media_type, size=len(data), data=data))
        session.flush()  # before the rows that refer to it (no relationship orders them)
    return sha


def _may_replace(existing_kind: str | None, incoming_kind: str) -> bool:
    if incoming_kind not in SOURCE_KINDS:
        raise ValueError(f"Unknown transcript source {incoming_kind!r}.")
    return existing_kind is None or _RANK[incoming_kind] >= _RANK.get(existing_kind, 0)


def save_transcript(
    session: Session,
    uid: str,
    transcript: ParsedTranscript,
    data: bytes,
    *,
    source_kind: str,
    source_url: str = "",
    media_type: str = "",
    language: str = "",
    fetched_at: datetime | None = None,
) -> bool:
    """Make ``transcript`` the episode's; False when it is the same file, or when
    the episode has one from a source that outranks this one."""
    row = session.scalar(select(EpisodeTranscript).where(EpisodeTranscript.resource_uid == uid))
    if not _may_replace(row.source_kind if row else None, source_kind):
        return False
    sha = digest(data)
    when = fetched_at or datetime.now()
    if row is not None and row.sha256 == sha and row.source_kind == source_kind:
        row.fetched_at, row.source_url = when, source_url or row.source_url
        return False
    _keep_file(session, data, media_type)
    if row is None:
        row = EpisodeTranscript(resource_uid=uid)
        session.add(row)
    old_sha = row.sha256
    row.sha256, row.format, row.source_kind = sha, transcript.format, source_kind
    row.source_url, row.media_type, row.language = source_url, media_type, language[:40]
    row.timed, row.fetched_at = transcript.timed, when
    row.cues = [_stored_cue(cue) for cue in transcript.cues]
    session.flush()
    _drop_unused_file(session, old_sha)
    index_queue.enqueue(session, [uid])
    return True


def save_chapters(
    session: Session,
    uid: str,
    chapters: list[Chapter],
    data: bytes,
    *,
    source_kind: str,
    source_url: str = "",
    media_type: str = "",
    fetched_at: datetime | None = None,
) -> bool:
    row = session.scalar(select(EpisodeChapters).where(EpisodeChapters.resource_uid == uid))
    if not _may_replace(row.source_kind if row else None, source_kind):
        return False
    sha = digest(data)
    when = fetched_at or datetime.now()
    if row is not None and row.sha256 == sha and row.source_kind == source_kind:
        row.fetched_at = when
        return False
    _keep_file(session, data, media_type)
    if row is None:
        row = EpisodeChapters(resource_uid=uid)
        session.add(row)
    old_sha = row.sha256
    row.sha256, row.source_kind, row.source_url = sha, source_kind, source_url
    row.media_type, row.fetched_at = media_type, when
    row.chapters = [[chapter.start, chapter.title, chapter.url] for chapter in chapters]
    session.flush()
    _drop_unused_file(session, old_sha)
    index_queue.enqueue(session, [uid])
    return True


def notes_chapters_data(chapters: list[Chapter]) -> bytes:
    """What is stored for chapters read from show notes (there is no file to keep)."""
    return json.dumps(
        {"chapters": [{"startTime": c.start, "title": c.title} for c in chapters]},
        ensure_ascii=False,
    ).encode("utf-8")


def _stored_cue(cue: Cue) -> StoredCue:
    return [cue.start, cue.end, cue.speaker, cue.text]


def _cue(stored: StoredCue) -> Cue:
    start, end, speaker, text = stored
    return Cue(float(start), float(end), str(text), str(speaker))


def _chapter(stored: StoredChapter) -> Chapter:
    start, title, url = stored
    return Chapter(float(start), str(title), str(url))


def _drop_unused_file(session: Session, sha: str | None) -> None:
    if not sha:
        return
    used = session.scalar(
        select(func.count()).select_from(EpisodeTranscript).where(EpisodeTranscript.sha256 == sha)
    ) or session.scalar(
        select(func.count()).select_from(EpisodeChapters).where(EpisodeChapters.sha256 == sha)
    )
    if not used:
        stale = session.get(TranscriptFile, sha)
        if stale is not None:
            session.delete(stale)


def transcript_of(session: Session, uid: str) -> TranscriptInfo | None:
    row = session.scalar(select(EpisodeTranscript).where(EpisodeTranscript.resource_uid == uid))
    if row is None:
        return None
    return TranscriptInfo(
        source_kind=row.source_kind,
        format=row.format,
        media_type=row.media_type,
        language=row.language,
        source_url=row.source_url,
        fetched_at=row.fetched_at,
        timed=row.timed,
        cues=tuple(_cue(cue) for cue in row.cues),
    )


def chapters_of(session: Session, uid: str) -> list[Chapter]:
    row = session.scalar(select(EpisodeChapters).where(EpisodeChapters.resource_uid == uid))
    return [_chapter(chapter) for chapter in row.chapters] if row is not None else []


def spoken_for(session: Session, uids: Iterable[str]) -> dict[str, Spoken]:
    """The transcripts and chapters of these resources, for the search index."""
    wanted = list(dict.fromkeys(uids))
    cues: dict[str, tuple[tuple[Cue, ...], bool]] = {}
    chapters: dict[str, tuple[Chapter, ...]] = {}
    for start in range(0, len(wanted), UID_CHUNK):
        chunk = wanted[start : start + UID_CHUNK]
        rows = session.execute(
            select(
                EpisodeTranscript.resource_uid, EpisodeTranscript.cues, EpisodeTranscript.timed
            ).where(EpisodeTranscript.resource_uid.in_(chunk))
        )
        for uid, stored, timed in rows:
            cues[uid] = (tuple(_cue(cue) for cue in stored), timed)
        chapter_rows = session.execute(
            select(EpisodeChapters.resource_uid, EpisodeChapters.chapters).where(
                EpisodeChapters.resource_uid.in_(chunk)
            )
        )
        for uid, stored in chapter_rows:
            chapters[uid] = tuple(_chapter(chapter) for chapter in stored)
    spoken: dict[str, Spoken] = {}
    for uid in cues.keys() | chapters.keys():
        said, timed = cues.get(uid, ((), True))
        spoken[uid] = Spoken(said, chapters.get(uid, ()), timed)
    return spoken


def provenance(session: Session, uids: Iterable[str]) -> dict[str, dict[str, Provenance]]:
    """uid -> {"transcript": …, "chapters": …} for the episodes that have them."""
    wanted = list(dict.fromkeys(uids))
    found: dict[str, dict[str, Provenance]] = {}
    for start in range(0, len(wanted), UID_CHUNK):
        chunk = wanted[start : start + UID_CHUNK]
        for table, key in ((EpisodeTranscript, "transcript"), (EpisodeChapters, "chapters")):
            rows = session.execute(
                select(
                    table.resource_uid,
                    table.source_kind,
                    table.source_url,
                    table.sha256,
                    table.fetched_at,
                ).where(table.resource_uid.in_(chunk))
            )
            for uid, kind, url, sha, when in rows:
                found.setdefault(uid, {})[key] = Provenance(kind, url, sha, when)
    return found
