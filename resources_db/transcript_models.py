"""Transcripts and chapters of episodes, kept in the library for offline use.

A fetched or imported file is stored once by its SHA-256 (``transcript_files``:
the bytes as they came, so a changed transcript is noticed by its hash and a
better reader can read it again); each episode points at its current
transcript and chapters, with where they came from. Episodes are referred to
by ``uid`` with no foreign key, like the user's own data: a re-import never
cascades into a transcript the user brought from a file.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from resources_db.models import Base

# Cues as stored: [start seconds, end seconds, speaker, text].
StoredCue = list[float | str]
# Chapters as stored: [start seconds, title, url].
StoredChapter = list[float | str]


class TranscriptFile(Base):
    """A transcript or chapters file, byte for byte, named by its content."""

    __tablename__ = "transcript_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class EpisodeTranscript(Base):
    """An episode's transcript: ``source_kind`` is publisher, file or automatic."""

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), unique=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("transcript_files.sha256"), index=True)
    format: Mapped[str] = mapped_column(String(20))  # vtt, srt, json, html, text
    source_kind: Mapped[str] = mapped_column(String(20))
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    media_type: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(40), default="")
    timed: Mapped[bool] = mapped_column(default=True)
    cues: Mapped[list[StoredCue]] = mapped_column(JSON, default=list)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class EpisodeChapters(Base):
    """An episode's chapters (the feed's chapters file, Podlove chapters, or show notes)."""

    __tablename__ = "episode_chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_uid: Mapped[str] = mapped_column(String(500), unique=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("transcript_files.sha256"), index=True)
    source_kind: Mapped[str] = mapped_column(String(20))
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    media_type: Mapped[str] = mapped_column(String(200), default="")
    chapters: Mapped[list[StoredChapter]] = mapped_column(JSON, default=list)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


TRANSCRIPT_TABLES: tuple[str, ...] = ("transcript_files", "transcripts", "episode_chapters")
