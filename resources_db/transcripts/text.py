"""What every transcript reader shares: decoding, caps, times, speakers, clean text."""

from __future__ import annotations

import math
import re
from html import unescape

from resources_db.transcripts.model import Cue, TranscriptRejected

# An hour of word-level JSON is 2-5 MB; nothing genuine comes near these.
MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024
MAX_CHAPTERS_BYTES = 2 * 1024 * 1024
MAX_CUES = 60_000
MAX_CHAPTERS = 2_000
MAX_CUE_CHARS = 5_000
MAX_SECONDS = 100 * 3600  # no episode is longer; larger times are damage

_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
# "1:02:03.5", "62:03", "0:05", "00:01:02,500" (SRT's comma), "12:34:56:789" is not one.
TIMECODE = r"(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMECODE_PARTS = re.compile(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?")
# "Dr Amy Brown: …", "HOST: …", "Speaker 2: …": up to five words before a colon.
_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|\d{1,2})"
_SPEAKER = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|de|van|von)){{0,4}})"
    r"[ \t]*:[ \t]+(?P<rest>\S.*)$",
    re.S,
)


def decode(data: bytes, name: str, limit: int = MAX_TRANSCRIPT_BYTES) -> str:
    """The text of a transcript file: BOMs honoured, UTF-8 first, Windows-1252 else."""
    if len(data) > limit:
        raise TranscriptRejected(f"{name} is larger than {limit // 2**20} MB.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TranscriptRejected(f"{name} is not readable text.") from error
    if b"\x00" in data[:4096]:
        raise TranscriptRejected(f"{name} is not a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Subtitle tools on Windows still write 1252; it decodes any byte but five.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TranscriptRejected(f"{name} is not readable text.") from error


def seconds(value: object, name: str) -> float:
    """Seconds from a number or a timecode; one sentence for anything else."""
    if isinstance(value, bool):
        raise TranscriptRejected(f"{name} has a time that is not a number.")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        parsed = timecode_seconds(text)
        if parsed is None:
            try:
                number = float(text)
            except ValueError as error:
                raise TranscriptRejected(f"{name} has a time that is not a number.") from error
        else:
            number = parsed
    else:
        raise TranscriptRejected(f"{name} has a time that is not a number.")
    if not math.isfinite(number) or number < 0 or number > MAX_SECONDS:
        raise TranscriptRejected(f"{name} has a time outside any episode ({value!r}).")
    return round(number, 3)


def timecode_seconds(text: str) -> float | None:
    """Seconds in "h:mm:ss.mmm", "m:ss", "mm:ss,mmm"; None when it is no timecode."""
    match = _TIMECODE_PARTS.fullmatch(text.strip())
    if match is None:
        return None
    hours, minutes, secs, fraction = match.groups()
    if int(secs) > 59 or (hours is not None and int(minutes) > 59):
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    return value + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0)


def clean(text: str) -> str:
    """Plain text of a cue: tags gone, entities decoded, spaces collapsed."""
    # Tags go without a trace: they sit inside words' spacing ("<i>Minds</i>.").
    return _SPACES.sub(" ", unescape(_TAGS.sub("", text))).strip()[:MAX_CUE_CHARS]


def split_speaker(text: str) -> tuple[str, str]:
    """("Amy Brown", "text") from "Amy Brown: text"; ("", text) when no one is named."""
    match = _SPEAKER.match(text)
    if match is None:
        return "", text
    name = match.group("name").lower()
    if name in _NOT_SPEAKERS or name.split()[0] in _HEADINGS:
        return "", text
    return match.group("name"), match.group("rest")


# Words that begin a sentence with a colon far more often than they name anyone.
_NOT_SPEAKERS = {"note", "example", "warning", "tip", "update", "edit", "see", "source"}
# A transcript's title line ("Transcript: …", "Episode 12: …") names no speaker.
_HEADINGS = {"transcript", "episode", "season", "chapter"}


def label_speakers(texts: list[str]) -> list[tuple[str, str]]:
    """(speaker, text) for each piece of a transcript written "Name: words".

    Names count only when the text follows the habit (a name begins two
    pieces, or two names appear): "So: we began" once is a sentence. A piece
    with no name carries on the previous speaker's turn."""
    split = [split_speaker(text) for text in texts]
    counts: dict[str, int] = {}
    for name, _ in split:
        if name:
            counts[name] = counts.get(name, 0) + 1
    habit = len(counts) >= 2 or any(count >= 2 for count in counts.values()) or len(texts) == 1
    labelled: list[tuple[str, str]] = []
    current = ""
    for (name, rest), text in zip(split, texts, strict=True):
        if name and habit:
            current = name
            labelled.append((name, rest))
        else:
            labelled.append((current, text))
    return labelled


def checked(cues: list[Cue], name: str) -> list[Cue]:
    """Cues with text, in time order; too many of them is a damaged or hostile file."""
    kept = [cue for cue in cues if cue.text]
    if len(kept) > MAX_CUES:
        raise TranscriptRejected(f"{name} has more than {MAX_CUES:,} cues.")
    if not kept:
        raise TranscriptRejected(f"{name} holds no transcript text.")
    return sorted(kept, key=lambda cue: cue.start)  # stable: same-time cues keep their order
