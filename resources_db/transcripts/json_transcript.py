"""The Podcasting 2.0 JSON transcript: ``segments`` of ``startTime``, ``endTime``,
``speaker`` and ``body``, often one word each.

Word-level segments are merged into cues (a speaker's sentence, at most
``CUE_SECONDS`` long, broken at a pause), so a moment shows words in context
and the index holds one text per cue, not one per word.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from resources_db.transcripts.model import Cue, ParsedTranscript, TranscriptRejected
from resources_db.transcripts.text import MAX_CUES, checked, clean, decode, seconds

CUE_SECONDS = 8.0
CUE_WORDS = 40
PAUSE_SECONDS = 1.5
_SENTENCE_END = (".", "?", "!", "…")
_NO_SPACE_BEFORE = (",", ".", "?", "!", ";", ":", "…", "'s", "’s", "n't", "%", ")")


def load_json(data: bytes, name: str, limit: int) -> Any:
    text = decode(data, name, limit)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError as error:
        raise TranscriptRejected(f"{name} is nested too deeply to read.") from error
    except ValueError as error:
        raise TranscriptRejected(f"{name} is not readable JSON ({error}).") from error


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a number")


def read_json_transcript(data: bytes, name: str, limit: int) -> ParsedTranscript:
    loaded = load_json(data, name, limit)
    segments = loaded.get("segments") if isinstance(loaded, Mapping) else loaded
    if not isinstance(segments, list) or not segments:
        raise TranscriptRejected(f"{name} is not a podcast transcript (it has no segments).")
    if len(segments) > MAX_CUES * 20:
        raise TranscriptRejected(f"{name} has too many segments to be a transcript.")
    return ParsedTranscript("json", tuple(checked(merge(_segments(segments, name)), name)))


def _segments(segments: Iterable[object], name: str) -> list[Cue]:
    read: list[Cue] = []
    for segment in segments:
        if not isinstance(segment, Mapping):
            raise TranscriptRejected(f"{name} has a segment that is not an object.")
        start = seconds(segment.get("startTime", 0), name)
        end = seconds(segment.get("endTime", start), name) if "endTime" in segment else start
        body = segment.get("body")
        speaker = segment.get("speaker")
        text = clean(body) if isinstance(body, str) else ""
        who = clean(speaker) if isinstance(speaker, str) else ""
        read.append(Cue(start, max(start, end), text, who[:200]))
    return read


def merge(words: list[Cue]) -> list[Cue]:
    """Join short segments into cues: same speaker, no long pause, a sentence at most."""
    cues: list[Cue] = []
    current: list[Cue] = []
    for word in words:
        if not word.text:
            continue
        if current and _breaks(current, word):
            cues.append(_joined(current))
            current = []
        current.append(word)
    if current:
        cues.append(_joined(current))
    return cues


def _breaks(current: list[Cue], word: Cue) -> bool:
    first, last = current[0], current[-1]
    return (
        word.speaker != first.speaker
        or word.start - max(last.end, last.start) > PAUSE_SECONDS
        or word.start - first.start >= CUE_SECONDS
        or sum(len(c.text.split()) for c in current) >= CUE_WORDS
        or (last.text.endswith(_SENTENCE_END) and len(current) > 3)
    )


def _joined(words: list[Cue]) -> Cue:
    text = words[0].text
    for word in words[1:]:
        glue = "" if word.text.startswith(_NO_SPACE_BEFORE) else " "
        text += glue + word.text
    end = max(max(word.end for word in words), words[-1].start)
    return Cue(words[0].start, end, text, words[0].speaker)
