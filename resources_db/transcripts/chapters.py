"""Chapters: the podcast namespace's JSON, Podlove simple chapters, and "12:34 Topic"
lines in show notes. A chapter's image (``img``) is never fetched or kept."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import unescape
from itertools import pairwise
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from resources_db.transcripts.json_transcript import load_json
from resources_db.transcripts.model import Chapter, TranscriptRejected
from resources_db.transcripts.text import (
    MAX_CHAPTERS,
    MAX_CHAPTERS_BYTES,
    TIMECODE,
    clean,
    decode,
    seconds,
)

PODLOVE_NS = "http://podlove.org/simple-chapters"
MAX_TITLE_CHARS = 300
# "12:34 Topic", "(1:02:03) Topic", "[00:05] - Topic", "0:00 – Intro"
_NOTE_LINE = re.compile(rf"^\s*[\[(]?(?P<time>{TIMECODE})[\])]?\s*[-–—:|.]?\s+(?P<title>\S.*)$")
_BREAKS = re.compile(r"<\s*(?:br|/p|/li|/div|/h\d|/dd|/dt|/tr)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")


def read_chapters_json(data: bytes, name: str) -> list[Chapter]:
    loaded = load_json(data, name, MAX_CHAPTERS_BYTES)
    entries = loaded.get("chapters") if isinstance(loaded, Mapping) else None
    if not isinstance(entries, list):
        raise TranscriptRejected(f"{name} is not a chapters file (it has no chapters list).")
    chapters = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            raise TranscriptRejected(f"{name} has a chapter that is not an object.")
        if entry.get("toc") is False:
            continue  # the namespace's "not a jump point" (an image change mid-chapter)
        title = entry.get("title")
        if not isinstance(title, str) or not clean(title):
            continue
        chapters.append(
            Chapter(
                seconds(entry.get("startTime", 0), name),
                clean(title)[:MAX_TITLE_CHARS],
                web_url(entry.get("url")),
            )
        )
    return checked_chapters(chapters, name)


def read_podlove(data: bytes, name: str) -> list[Chapter]:
    """A document whose root (or a descendant) is ``<psc:chapters>``."""
    text = decode(data, name, MAX_CHAPTERS_BYTES)
    try:
        root = fromstring(text.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as error:
        # The entity bomb's way in; chapters never need one.
        raise TranscriptRejected(
            f"{name} declares a DTD or XML entities, which IMH Library refuses."
        ) from error
    except (ParseError, ValueError) as error:
        raise TranscriptRejected(f"{name} is not readable XML ({error}).") from error
    return podlove_chapters(root.iter(f"{{{PODLOVE_NS}}}chapter"), name)


def podlove_chapters(elements: Iterable[Element], name: str) -> list[Chapter]:
    chapters = []
    for element in elements:
        title = clean(element.get("title") or "")
        start = element.get("start")
        if title and start:
            chapters.append(
                Chapter(seconds(start, name), title[:MAX_TITLE_CHARS], web_url(element.get("href")))
            )
    return checked_chapters(chapters, name)


def chapters_from_notes(notes: str) -> list[Chapter]:
    """Chapters from show notes with lines like "12:34 Topic" (HTML or text).

    Three such lines at least, in time order, the first near the start: fewer
    is more likely a time mentioned in passing than a list of chapters."""
    text = unescape(_TAGS.sub(" ", _BREAKS.sub("\n", notes)))
    found: list[Chapter] = []
    for line in text.splitlines():
        match = _NOTE_LINE.match(line)
        if match is None:
            continue
        try:
            start = seconds(match.group("time"), "The show notes")
        except TranscriptRejected:
            continue
        title = clean(match.group("title"))[:MAX_TITLE_CHARS]
        if title:
            found.append(Chapter(start, title))
    starts = [chapter.start for chapter in found]
    ordered = all(a < b for a, b in pairwise(starts))
    if len(found) < 3 or not ordered or starts[0] > 600 or len(found) > MAX_CHAPTERS:
        return []
    return found


def checked_chapters(chapters: list[Chapter], name: str) -> list[Chapter]:
    if len(chapters) > MAX_CHAPTERS:
        raise TranscriptRejected(f"{name} has more than {MAX_CHAPTERS:,} chapters.")
    if not chapters:
        raise TranscriptRejected(f"{name} holds no chapters.")
    return sorted(chapters, key=lambda chapter: chapter.start)


def web_url(value: Any) -> str:
    """A chapter's link, kept only if it is an http(s) address."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value[:2000] if re.match(r"(?i)^https?://\S+$", value) else ""
