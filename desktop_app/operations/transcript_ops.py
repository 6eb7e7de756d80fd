"""Episodes' transcripts and chapters: bringing one from a file, reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import NOTHING, Changes
from desktop_app.operations.errors import NotFoundError, RejectedError, UsageError
from resources_db import catalogue
from resources_db.transcripts import store
from resources_db.transcripts.model import Chapter, TranscriptRejected
from resources_db.transcripts.reading import (
    is_chapters_file,
    media_type,
    read_chapters,
    read_transcript,
    transcript_format,
)
from resources_db.transcripts.store import TranscriptInfo
from resources_db.transcripts.text import MAX_TRANSCRIPT_BYTES

# What is listened to or watched: the kinds a transcript or chapters can belong to.
SPOKEN_KINDS = frozenset({"podcast episode", "video", "audio", "film", "training", "presentation"})
_MEDIA_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "html": "text/html",
    "text": "text/plain",
    "xml": "application/xml",
}


@dataclass(frozen=True)
class TranscriptImport:
    """What ``import FILE --for UID`` did: a transcript or chapters, replacing any before."""

    uid: str
    source: str
    kind: str  # "transcript" or "chapters"
    format: str  # vtt, srt, json, html, text or xml
    count: int  # cues or chapters read
    replaced: bool  # the episode had one already
    changed: bool  # False: the very same file was there already
    changes: Changes

    def text(self) -> str:
        noun = "cue" if self.kind == "transcript" else "chapter"
        what = f"{self.count} {noun}{'s' * (self.count != 1)}"
        if not self.changed:
            return f"{self.source}: the episode {self.uid} already has this {self.kind}."
        if self.replaced:
            done = f"replaced the {self.kind} of"
        else:  # "chapters" is plural: no article
            done = "added chapters to" if self.kind == "chapters" else "added a transcript to"
        return f"{self.source}: {done} {self.uid} ({self.format}, {what})."


class TranscriptOps(OperationsBase):
    def import_transcript(self, uid: str, source: str | Path) -> TranscriptImport:
        """Attach a transcript (WebVTT, SRT, JSON, HTML, text) or chapters file to ``uid``.

        The file is read whole before anything is written; a file that cannot be
        read is rejected with one sentence and the episode keeps what it had."""
        path = Path(source).expanduser()
        if not path.is_file():
            raise UsageError(f"There is no file {source}.")
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise RejectedError(f"{path.name} is larger than {MAX_TRANSCRIPT_BYTES // 2**20} MB.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(
                f"{path.name} could not be read ({error.strerror or error})."
            ) from error
        with self.unit_of_work() as session:
            kind = catalogue.kind_of(session, uid)
        if kind is None:
            raise NotFoundError(f"There is no resource with uid {uid!r}.")
        if kind not in SPOKEN_KINDS:
            raise UsageError(
                f"{uid} is a {kind}: transcripts and chapters belong to podcast episodes, "
                "videos, audio and recorded training."
            )
        chapters = is_chapters_file(data, path.name)
        fmt = transcript_format(data, path.name)
        kind = _MEDIA_TYPES.get(fmt, "text/plain")
        try:
            if chapters:
                read = read_chapters(data, path.name)
                count = len(read)
            else:
                transcript = read_transcript(data, path.name)
                count = len(transcript.cues)
        except TranscriptRejected as error:
            raise RejectedError(str(error)) from error
        with self.unit_of_work() as session:
            if chapters:
                replaced = bool(store.chapters_of(session, uid))
                changed = store.save_chapters(
                    session, uid, read, data, source_kind="file", media_type=media_type(kind)
                )
            else:
                replaced = store.transcript_of(session, uid) is not None
                changed = store.save_transcript(
                    session, uid, transcript, data, source_kind="file", media_type=kind
                )
        self.index.catch_up()
        return TranscriptImport(
            uid=uid,
            source=str(source),
            kind="chapters" if chapters else "transcript",
            format=fmt,
            count=count,
            replaced=replaced,
            changed=changed,
            changes=Changes(resources=frozenset({uid})) if changed else NOTHING,
        )

    def transcript(self, uid: str) -> TranscriptInfo | None:
        with self.unit_of_work() as session:
            return store.transcript_of(session, uid)

    def chapters(self, uid: str) -> list[Chapter]:
        with self.unit_of_work() as session:
            return store.chapters_of(session, uid)
