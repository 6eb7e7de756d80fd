"""What a feed says about an episode's transcripts and chapters (before fetching)."""

from __future__ import annotations

from dataclasses import dataclass, field

from resources_db.transcripts.model import Chapter


@dataclass(frozen=True)
class TranscriptLink:
    """A ``<podcast:transcript>``: its attributes as the feed gives them."""

    url: str
    type: str = ""
    language: str = ""
    rel: str = ""


@dataclass(frozen=True)
class ChaptersLink:
    url: str
    type: str = ""


@dataclass
class EpisodeMedia:
    """An item's transcripts and chapters, in the feed's order.

    ``inline_chapters`` are Podlove chapters in the item itself, else
    "12:34 Topic" lines of its show notes (``inline_from`` says which);
    ``enclosure`` is the audio address, for a sidecar file beside local audio."""

    transcripts: list[TranscriptLink] = field(default_factory=list)
    chapters: list[ChaptersLink] = field(default_factory=list)
    inline_chapters: list[Chapter] = field(default_factory=list)
    inline_from: str = ""  # "podlove" or "show notes"
    enclosure: str = ""

    @property
    def empty(self) -> bool:
        return not (self.transcripts or self.chapters or self.inline_chapters or self.enclosure)
