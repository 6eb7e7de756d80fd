"""HTML transcripts as the podcast namespace describes them: a ``<cite>`` names
the speaker, a ``<time>`` gives when the next paragraph is spoken, ``<p>`` holds
the words. Pages without those are read as paragraphs ("Name: words" still
names a speaker)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from resources_db.transcripts.model import Cue, ParsedTranscript, TranscriptRejected
from resources_db.transcripts.text import (
    MAX_CUES,
    checked,
    clean,
    decode,
    label_speakers,
    seconds,
    timecode_seconds,
)

_BLOCKS = {
    "p",
    "div",
    "li",
    "dd",
    "dt",
    "blockquote",
    "br",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "section",
}
_SKIPPED = {"script", "style", "head", "title", "template", "noscript"}
_ENTITY_DECLARATION = re.compile(r"<!ENTITY\b", re.I)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[float | None, str, str]] = []  # time, speaker, text
        self.cited = False
        self.timed = False
        self._speaker = ""
        self._time: float | None = None
        self._inside: str | None = None  # "cite" or "time" while reading one
        self._special: list[str] = []
        self._words: list[str] = []
        self._skipping = 0
        self._datetime = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in ("cite", "time"):
            self._end_paragraph()
            self._inside, self._special = tag, []
            if tag == "time":
                self._datetime = dict(attrs).get("datetime") or ""
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == self._inside:
            self._special_done(tag, clean("".join(self._special)))
            self._inside = None
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        (self._special if self._inside else self._words).append(data)

    def _special_done(self, tag: str, text: str) -> None:
        if tag == "cite":
            self._speaker = text.rstrip(":：").strip()[:200]
            self.cited = True
            return
        found = timecode_seconds(text) if text else None
        if found is None and self._datetime:
            found = timecode_seconds(self._datetime)
        if found is not None:
            self._time = seconds(found, "The transcript")
            self.timed = True

    def _end_paragraph(self) -> None:
        text = clean("".join(self._words))
        self._words = []
        if text:
            self.paragraphs.append((self._time, self._speaker, text))
            if len(self.paragraphs) > MAX_CUES:
                raise TranscriptRejected("The transcript has too many paragraphs.")

    def close(self) -> None:
        super().close()
        self._end_paragraph()


def read_html_transcript(data: bytes, name: str, limit: int) -> ParsedTranscript:
    text = decode(data, name, limit)
    if _ENTITY_DECLARATION.search(text):
        # HTMLParser would not expand them, but the bomb's declarations and references
        # would become the transcript's words in place of the one kept before.
        raise TranscriptRejected(f"{name} declares XML entities, which IMH Library refuses.")
    reader = _Reader()
    try:
        reader.feed(text)
        reader.close()
    except TranscriptRejected as error:
        raise TranscriptRejected(str(error).replace("The transcript", name, 1)) from error
    paragraphs = reader.paragraphs
    if not reader.cited:
        labelled = label_speakers([text for _, _, text in paragraphs])
        paragraphs = [
            (time, speaker, text)
            for (time, _, _), (speaker, text) in zip(paragraphs, labelled, strict=True)
        ]
    return ParsedTranscript("html", tuple(checked(_cues(paragraphs), name)), reader.timed)


def _cues(paragraphs: list[tuple[float | None, str, str]]) -> list[Cue]:
    """Each paragraph from its time (or the last one given) to the next later one."""
    starts = [time or 0.0 for time, _, _ in paragraphs]
    for index in range(1, len(starts)):
        if paragraphs[index][0] is None:
            starts[index] = starts[index - 1]
    ends = list(starts)
    following = starts[-1] if starts else 0.0
    for index in range(len(starts) - 1, -1, -1):
        ends[index] = following if following > starts[index] else starts[index]
        if index and starts[index] > starts[index - 1]:
            following = starts[index]
    return [
        Cue(start, end, text, speaker)
        for start, end, (_, speaker, text) in zip(starts, ends, paragraphs, strict=True)
    ]
