"""Plain-text transcripts, with or without leading timecodes.

Read forms: "[00:01:02] Amy: words", "(1:02) words", "00:01:02 - words",
and the export style of a speaker line with a time ("Amy Brown  0:03", or
Rev's "Amy Brown: (00:03)", then the words on the following lines). Text
with no timecode at all becomes untimed paragraphs (blank lines part them),
still searchable.
"""

from __future__ import annotations

import re

from resources_db.transcripts.model import Cue, ParsedTranscript, TranscriptRejected
from resources_db.transcripts.text import (
    MAX_CUES,
    TIMECODE,
    checked,
    clean,
    decode,
    label_speakers,
    seconds,
    timecode_seconds,
)

_LEADING = re.compile(rf"^\s*[\[(]?(?P<time>{TIMECODE})[\])]?\s*(?:[-–—|:]\s*)?(?P<rest>.*)$", re.S)
# "Amy Brown  0:03", "Speaker 1 (00:00:03)" or Rev's "Amy Brown: (00:03)" on a line of its own.
_SPEAKER_LINE = re.compile(
    rf"^\s*(?P<name>[^\d\s:][^:\n]{{0,40}}?):?\s+[\[(]?(?P<time>{TIMECODE})[\])]?:?\s*$"
)


def read_text_transcript(data: bytes, name: str, limit: int) -> ParsedTranscript:
    lines = decode(data, name, limit).splitlines()
    if len(lines) > MAX_CUES * 4:
        raise TranscriptRejected(f"{name} has too many lines to be a transcript.")
    # Two timecodes at least: one "10:30" at the start of a line may be words.
    timed = sum(_time_of(line) is not None for line in lines[:2000]) >= 2
    if not timed:
        return ParsedTranscript("text", tuple(checked(_paragraphs(lines), name)), timed=False)
    return ParsedTranscript("text", tuple(checked(_timed(lines, name), name)))


def _time_of(line: str) -> float | None:
    for pattern in (_LEADING, _SPEAKER_LINE):
        match = pattern.match(line)
        if match is not None:
            found = timecode_seconds(match.group("time"))
            if found is not None:
                return found
    return None


def _timed(lines: list[str], name: str) -> list[Cue]:
    """One cue per timecode: its words run until the next timecode."""
    pieces: list[tuple[float, str, list[str]]] = []  # start, speaker named by a line, words
    for line in lines:
        speaker_line = _SPEAKER_LINE.match(line)
        leading = _LEADING.match(line)
        if speaker_line and timecode_seconds(speaker_line.group("time")) is not None:
            start = seconds(speaker_line.group("time"), name)
            pieces.append((start, clean(speaker_line.group("name")), []))
        elif leading and timecode_seconds(leading.group("time")) is not None:
            pieces.append((seconds(leading.group("time"), name), "", [leading.group("rest")]))
        elif pieces:
            pieces[-1][2].append(line)
        elif line.strip():
            pieces.append((0.0, "", [line]))
    texts = [clean(" ".join(words)) for _, _, words in pieces]
    labelled = label_speakers(texts)
    cues = []
    for index, ((start, named, _), (speaker, text)) in enumerate(
        zip(pieces, labelled, strict=True)
    ):
        end = pieces[index + 1][0] if index + 1 < len(pieces) else start
        cues.append(
            Cue(start, max(start, end), text if not named else texts[index], named or speaker)
        )
    return cues


def _paragraphs(lines: list[str]) -> list[Cue]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(clean(" ".join(current)))
            current = []
    labelled = label_speakers(paragraphs)
    return [Cue(0.0, 0.0, text, speaker) for speaker, text in labelled]
