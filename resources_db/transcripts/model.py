"""The plain data of a transcript: cues with times and speakers, and chapters."""

from __future__ import annotations

from dataclasses import dataclass

# Where a transcript came from, as ``show --json`` names it.
SOURCE_KINDS = ("publisher", "file", "automatic")


class TranscriptRejected(ValueError):
    """A transcript or chapters file is refused; the message is one plain sentence."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A stretch of speech: seconds from the start of the audio (0 when untimed)."""

    start: float
    end: float
    text: str
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class Chapter:
    start: float
    title: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """A transcript read from a file: ``timed`` is False for text with no times at all."""

    format: str  # vtt, srt, json, html or text
    cues: tuple[Cue, ...]
    timed: bool = True


@dataclass(frozen=True, slots=True)
class Spoken:
    """What the search index is told about an episode's transcript and chapters."""

    cues: tuple[Cue, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    timed: bool = True

    @property
    def empty(self) -> bool:
        return not self.cues and not self.chapters
