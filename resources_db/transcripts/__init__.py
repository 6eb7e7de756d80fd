"""Transcripts and chapters of podcast episodes: reading them, storing them, finding them.

``model`` holds the plain data (cues, chapters) every layer shares; ``reading``
turns a file in any accepted format into it (WebVTT and SRT through webvtt-py,
the Podcasting 2.0 JSON, HTML, plain text, chapters JSON, Podlove simple
chapters, "12:34 Topic" lines in show notes). This package's ``__init__``
imports nothing heavy: the search index imports the model on every start.
"""

from resources_db.transcripts.model import (
    Chapter,
    Cue,
    Spoken,
    TranscriptRejected,
)

__all__ = ["Chapter", "Cue", "Spoken", "TranscriptRejected"]
