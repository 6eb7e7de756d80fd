"""Reading a transcript or chapters file in any accepted format.

The format is taken from the content when it says (a ``WEBVTT`` header, SRT's
numbered cues, JSON, markup), else from the declared media type, else from
the file name. Every failure is a ``TranscriptRejected`` with one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TypeVar

from resources_db.transcripts.model import Chapter, ParsedTranscript, TranscriptRejected
from resources_db.transcripts.text import MAX_TRANSCRIPT_BYTES

# Media types of transcripts (the podcast namespace's ``type``) and the format each is.
TRANSCRIPT_TYPES: dict[str, str] = {
    "text/vtt": "vtt",
    "application/x-subrip": "srt",
    "application/srt": "srt",
    "text/srt": "srt",
    "application/x-srt": "srt",
    "text/x-srt": "srt",
    "application/json": "json",
    "text/json": "json",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
EXTENSIONS: dict[str, str] = {
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".srt": "srt",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".xml": "xml",
}
# Timed formats first: a moment needs a time. Untimed ones still make an episode findable.
PREFERENCE = ("vtt", "srt", "json", "html", "text")
# A cue number then its times; some files leave the numbers out.
_SRT_START = re.compile(r"^(?:\s*\d+\s*\r?\n)?\s*\d+:\d{1,2}:\d{1,2}[,.]\d+\s*-->")
# "[00:00:05] Amy: …" is a text transcript, not a JSON list.
_JSON_START = re.compile(r'^(?:\{|\[\s*[\[{"\]])')
T = TypeVar("T")


def media_type(value: str) -> str:
    return value.split(";")[0].strip().lower()


def transcript_format(data: bytes, name: str, declared: str = "") -> str:
    """vtt, srt, json, html, text or xml (Podlove chapters) for these bytes."""
    head = data[:512].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(head):
        return "srt"
    if _JSON_START.match(head):
        return "json"
    if head.startswith("<"):
        lowered = head.lower()
        return "xml" if lowered.startswith("<?xml") and "<html" not in lowered else "html"
    kind = TRANSCRIPT_TYPES.get(media_type(declared))
    if kind is not None:
        return kind
    return EXTENSIONS.get(PurePosixPath(name).suffix.lower(), "text")


def read_transcript(data: bytes, name: str, declared: str = "") -> ParsedTranscript:
    fmt = transcript_format(data, name, declared)
    return _guarded(lambda: _transcript(data, name, fmt), name, "a transcript")


def _transcript(data: bytes, name: str, fmt: str) -> ParsedTranscript:
    if fmt == "vtt":
        from resources_db.transcripts.captions import read_vtt

        return read_vtt(data, name)
    if fmt == "srt":
        from resources_db.transcripts.captions import read_srt

        return read_srt(data, name)
    if fmt == "json":
        from resources_db.transcripts.json_transcript import read_json_transcript

        return read_json_transcript(data, name, MAX_TRANSCRIPT_BYTES)
    if fmt in ("html", "xml"):
        from resources_db.transcripts.html_transcript import read_html_transcript

        return read_html_transcript(data, name, MAX_TRANSCRIPT_BYTES)
    from resources_db.transcripts.text_transcript import read_text_transcript

    return read_text_transcript(data, name, MAX_TRANSCRIPT_BYTES)


def read_chapters(data: bytes, name: str, declared: str = "") -> list[Chapter]:
    """The podcast namespace's chapters JSON, or a Podlove simple chapters document."""
    fmt = transcript_format(data, name, declared)

    def read() -> list[Chapter]:
        from resources_db.transcripts import chapters

        if fmt == "json":
            return chapters.read_chapters_json(data, name)
        if fmt == "xml" or b"podlove.org/simple-chapters" in data[:4096]:
            return chapters.read_podlove(data, name)
        raise TranscriptRejected(f"{name} is not a chapters file (JSON or Podlove chapters).")

    return _guarded(read, name, "chapters")


def is_chapters_file(data: bytes, name: str) -> bool:
    """Whether a file given for an episode holds chapters rather than a transcript."""
    fmt = transcript_format(data, name)
    head = data[:4096]
    if fmt == "json":
        return b'"chapters"' in head and b'"segments"' not in head
    return fmt == "xml" and b"podlove.org/simple-chapters" in head


def _guarded(read: Callable[[], T], name: str, label: str) -> T:
    try:
        return read()
    except TranscriptRejected:
        raise
    except RecursionError as error:
        raise TranscriptRejected(f"{name} is nested too deeply to read.") from error
    except Exception as error:
        # Parsers raise many kinds of error on hostile input: the user gets one sentence.
        raise TranscriptRejected(
            f"{name} could not be read as {label} (the file looks damaged)."
        ) from error
