"""WebVTT and SRT through webvtt-py.

webvtt-py's ``start_in_seconds`` drops the milliseconds, so times come from
``start_time.in_milliseconds()``; its text keeps entities (``&amp;``), so
every cue goes through ``text.clean``. WebVTT names speakers with voice spans
(``<v Amy Brown>``), possibly one per line; SRT writes "Name: words".
"""

from __future__ import annotations

import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from resources_db.transcripts.model import Cue, ParsedTranscript, TranscriptRejected
from resources_db.transcripts.text import checked, clean, decode, label_speakers

_VOICE = re.compile(r"<v(?:\.[\w-]+)*(?:\s+([^>]*))?>")


def read_vtt(data: bytes, name: str) -> ParsedTranscript:
    captions = _captions(decode(data, name), "vtt", name)
    cues: list[Cue] = []
    voiced = any(_VOICE.search(caption.raw_text) for caption in captions)
    for caption in captions:
        start, end = _times(caption)
        if voiced:
            cues += [Cue(start, end, text, speaker) for speaker, text in _voices(caption.raw_text)]
        else:
            cues.append(Cue(start, end, clean(caption.raw_text)))
    if not voiced:
        cues = _named(cues)
    return ParsedTranscript("vtt", tuple(checked(cues, name)))


def read_srt(data: bytes, name: str) -> ParsedTranscript:
    captions = _captions(_numbered(decode(data, name)), "srt", name)
    cues = []
    for caption in captions:
        start, end = _times(caption)
        cues.append(Cue(start, end, clean(caption.raw_text)))
    return ParsedTranscript("srt", tuple(checked(_named(cues), name)))


_TIMING = re.compile(r"^\s*\d+:\d{1,2}:\d{1,2}[,.]\d+\s*-->")


def _numbered(text: str) -> str:
    """SRT with a number before every cue: some tools write none, and webvtt-py
    refuses a cue without one."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    numbered = [
        f"{number}\n{block}" if _TIMING.match(block) else block
        for number, block in enumerate(blocks, start=1)
    ]
    return "\n\n".join(numbered) + "\n"


def _captions(text: str, fmt: str, name: str) -> list[webvtt.Caption]:
    try:
        captions = list(webvtt.WebVTT.from_buffer([text], format=fmt).captions)
    except (MalformedFileError, MalformedCaptionError) as error:
        label = "WebVTT" if fmt == "vtt" else "SRT"
        raise TranscriptRejected(f"{name} is not a readable {label} file ({error}).") from error
    if not captions:
        raise TranscriptRejected(f"{name} holds no cues.")
    return captions


def _times(caption: webvtt.Caption) -> tuple[float, float]:
    start = caption.start_time.in_milliseconds() / 1000
    end = caption.end_time.in_milliseconds() / 1000
    return start, max(start, end)


def _voices(raw: str) -> list[tuple[str, str]]:
    """(speaker, text) for each voice span of a cue; text before any span has no speaker."""
    pieces: list[tuple[str, str]] = []
    speaker = ""
    cursor = 0
    for match in _VOICE.finditer(raw):
        pieces.append((speaker, raw[cursor : match.start()]))
        speaker = clean(match.group(1) or "")
        cursor = match.end()
    pieces.append((speaker, raw[cursor:]))
    merged: list[tuple[str, str]] = []
    for who, words in pieces:
        text = clean(words)
        if not text:
            continue
        if merged and merged[-1][0] == who:
            merged[-1] = (who, f"{merged[-1][1]} {text}")
        else:
            merged.append((who, text))
    return merged


def _named(cues: list[Cue]) -> list[Cue]:
    """Speakers from "Name: words" at the start of cues (SRT's habit, and some VTT)."""
    labelled = label_speakers([cue.text.lstrip("-– ") for cue in cues])
    return [
        Cue(cue.start, cue.end, text if speaker else cue.text, speaker)
        for cue, (speaker, text) in zip(cues, labelled, strict=True)
    ]
