"""Fetching episodes' transcripts and chapters once, when a feed is imported or refreshed.

For each episode the feed's transcripts are tried best first (timed formats
before untimed ones, in the feed's order otherwise) and the first that
downloads and reads is kept; one that fails to fetch or to parse is passed
over for the next. A transcript already kept from the same address is only
fetched again after ``RECHECK_DAYS`` (its hash tells whether it changed). An
address whose server cannot be reached is not tried again in the same run,
so an offline import does not wait for every episode in turn. A sidecar
``.vtt``/``.srt`` beside a local audio file is read from the disk.

Network work happens outside any transaction; what was read is written in
small transactions afterwards. Nothing here ever rejects the feed itself;
each file refused or not fetched is a ``Refusal`` naming its episode, so the
import can say so.
"""

from __future__ import annotations

import urllib.error
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from resources_db import fetching
from resources_db.library import Library
from resources_db.transcripts import store
from resources_db.transcripts.links import ChaptersLink, EpisodeMedia, TranscriptLink
from resources_db.transcripts.model import Chapter, ParsedTranscript, TranscriptRejected
from resources_db.transcripts.reading import (
    PREFERENCE,
    TRANSCRIPT_TYPES,
    media_type,
    read_chapters,
    read_transcript,
)
from resources_db.transcripts.text import MAX_CHAPTERS_BYTES, MAX_TRANSCRIPT_BYTES

RECHECK_DAYS = 30
FETCH_TIMEOUT_S = 15.0
MAX_FETCHES = 600  # per import: a larger back catalogue is completed by later refreshes
SAVE_BATCH = 25
SIDECARS = (".vtt", ".srt")

Fetcher = Callable[[str, int], fetching.Fetched]


def _fetch(url: str, max_bytes: int) -> fetching.Fetched:
    return fetching.fetch(url, timeout_s=FETCH_TIMEOUT_S, max_bytes=max_bytes)


@dataclass(frozen=True)
class Refusal:
    """A file an episode's feed names that was not kept: one sentence, saying too
    what the episode has instead (another file, or the one kept before)."""

    uid: str
    kind: str  # "transcript" or "chapters"
    reason: str


@dataclass
class Collected:
    """How many episodes gained or changed a transcript or chapters, and what failed."""

    transcripts: int = 0
    chapters: int = 0
    refused: list[Refusal] = field(default_factory=list)


@dataclass
class _Found:
    uid: str
    transcript: tuple[ParsedTranscript, bytes, str, TranscriptLink | None] | None = None
    chapters: tuple[list[Chapter], bytes, str, str, str] | None = None  # …, url, type, kind


class _Run:
    def __init__(self, fetch: Fetcher) -> None:
        self.fetch = fetch
        self.fetches = 0
        self.unreachable: set[str] = set()
        self.failed: list[str] = []  # the sentences of the episode's files tried so far
        self.refused: list[Refusal] = []

    def get(self, url: str, max_bytes: int) -> fetching.Fetched | None:
        host = urlsplit(url).netloc.lower()
        if host in self.unreachable or self.fetches >= MAX_FETCHES:
            return None
        self.fetches += 1
        try:
            return self.fetch(url, max_bytes)
        except fetching.FetchError as error:
            if _server_down(error):
                self.unreachable.add(host)  # offline, or that server is down: skip its others
            self.failed.append(str(error))
            return None

    def settle(self, uid: str, kind: str, *, kept: bool, had: bool) -> None:
        """Turn the episode's failures into refusals that say what it has instead."""
        noun = "transcript" if kind == "transcript" else "chapter list"
        if kept:
            instead = f"another {noun} was kept"
        elif had:
            instead = f"the {noun} kept before stays"
        else:
            instead = ""
        for reason in self.failed:
            sentence = f"{reason.rstrip('.')}; {instead}." if instead else reason
            self.refused.append(Refusal(uid, kind, sentence))
        self.failed = []


def _server_down(error: fetching.FetchError) -> bool:
    """Whether the server did not answer at all. One that answered with an HTTP error,
    or with a file over the cap, still serves the next episode's transcript."""
    cause = error.__cause__
    return cause is not None and not isinstance(cause, urllib.error.HTTPError)


def collect(
    library: Library,
    episodes: Sequence[tuple[str, EpisodeMedia]],
    *,
    base: Path | None = None,
    fetch: Fetcher = _fetch,
    now: datetime | None = None,
) -> Collected:
    """Fetch, read and keep the transcripts and chapters ``episodes`` (uid, media) name.

    ``base`` is the folder of a feed read from disk (relative enclosures)."""
    when = now or datetime.now()
    with library.db.session() as session:
        known = store.provenance(session, [uid for uid, _ in episodes])
    run = _Run(fetch)
    outcome = Collected()
    pending: list[_Found] = []
    for uid, media in episodes:
        had = known.get(uid, {})
        found = _Found(uid)
        found.transcript = _sidecar(media.enclosure, base) or _transcript(
            run, media.transcripts, had.get("transcript"), when
        )
        run.settle(uid, "transcript", kept=bool(found.transcript), had="transcript" in had)
        found.chapters = _chapters(run, media, had.get("chapters"), when)
        run.settle(uid, "chapters", kept=bool(found.chapters), had="chapters" in had)
        if found.transcript or found.chapters:
            pending.append(found)
        if len(pending) >= SAVE_BATCH:
            _save(library, pending, when, outcome)
            pending = []
    _save(library, pending, when, outcome)
    outcome.refused = run.refused
    return outcome


def _due(had: store.Provenance | None, urls: Sequence[str], when: datetime) -> bool:
    """Whether to fetch an episode's ``urls`` when it has ``had`` already."""
    if had is None:
        return True
    if had.source_kind == "file":
        return False  # the user's own transcript stays; the feed's is not wanted
    return had.source_url not in urls or when - had.fetched_at > timedelta(days=RECHECK_DAYS)


def ranked(links: Sequence[TranscriptLink]) -> list[TranscriptLink]:
    """Timed formats first (WebVTT, SRT, JSON, then HTML, text), the feed's order otherwise."""

    def rank(link: TranscriptLink) -> int:
        fmt = TRANSCRIPT_TYPES.get(media_type(link.type))
        if fmt is None:
            suffix = Path(urlsplit(link.url).path).suffix.lower()
            fmt = {".vtt": "vtt", ".srt": "srt", ".json": "json", ".html": "html"}.get(suffix)
        return PREFERENCE.index(fmt) if fmt in PREFERENCE else len(PREFERENCE)

    return sorted(links, key=rank)


def _transcript(
    run: _Run, links: Sequence[TranscriptLink], had: store.Provenance | None, when: datetime
) -> tuple[ParsedTranscript, bytes, str, TranscriptLink | None] | None:
    candidates = ranked(links)
    if not candidates or not _due(had, [link.url for link in candidates], when):
        return None
    untimed = None
    for link in candidates:
        fetched = run.get(link.url, MAX_TRANSCRIPT_BYTES)
        if fetched is None:
            continue
        declared = link.type or fetched.content_type
        try:
            parsed = read_transcript(fetched.data, _name(link.url), declared)
        except TranscriptRejected as error:
            run.failed.append(str(error))
            continue
        found = (parsed, fetched.data, media_type(declared), link)
        if parsed.timed:
            return found
        untimed = untimed or found
    return untimed


def _chapters(
    run: _Run, media: EpisodeMedia, had: store.Provenance | None, when: datetime
) -> tuple[list[Chapter], bytes, str, str, str] | None:
    links: list[ChaptersLink] = media.chapters
    if links and _due(had, [link.url for link in links], when):
        for link in links:
            fetched = run.get(link.url, MAX_CHAPTERS_BYTES)
            if fetched is None:
                continue
            try:
                chapters = read_chapters(fetched.data, _name(link.url), link.type)
            except TranscriptRejected as error:
                run.failed.append(str(error))
                continue
            kind = media_type(link.type or fetched.content_type)
            return chapters, fetched.data, link.url, kind, "publisher"
    if media.inline_chapters and not links and (had is None or had.source_kind != "file"):
        data = store.notes_chapters_data(media.inline_chapters)
        kind = "application/json" if media.inline_from == "show notes" else "application/xml"
        return media.inline_chapters, data, "", kind, "publisher"
    return None


def _sidecar(
    enclosure: str, base: Path | None
) -> tuple[ParsedTranscript, bytes, str, TranscriptLink | None] | None:
    """A ``.vtt`` or ``.srt`` of the same name beside an episode's local audio file."""
    audio = local_audio(enclosure, base)
    if audio is None:
        return None
    for suffix in SIDECARS:
        sidecar = audio.with_suffix(suffix)
        if not sidecar.is_file() or sidecar.stat().st_size > MAX_TRANSCRIPT_BYTES:
            continue
        data = sidecar.read_bytes()
        try:
            parsed = read_transcript(data, sidecar.name)
        except TranscriptRejected:
            continue
        return parsed, data, "text/vtt" if suffix == ".vtt" else "application/x-subrip", None
    return None


def local_audio(enclosure: str, base: Path | None) -> Path | None:
    """The audio file an enclosure names on this computer (file: URL, or a path
    relative to a feed read from disk), if it exists."""
    if not enclosure:
        return None
    parts = urlsplit(enclosure)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
    elif not parts.scheme and base is not None:
        path = base / unquote(parts.path)
    else:
        return None
    return path if path.is_file() else None


def _name(url: str) -> str:
    return Path(urlsplit(url).path).name or url


def _save(library: Library, pending: list[_Found], when: datetime, outcome: Collected) -> None:
    if not pending:
        return
    with library.db.session() as session:
        for found in pending:
            if found.transcript is not None:
                parsed, data, kind, link = found.transcript
                changed = store.save_transcript(
                    session,
                    found.uid,
                    parsed,
                    data,
                    source_kind="publisher" if link is not None else "file",
                    source_url=link.url if link is not None else "",
                    media_type=kind,
                    language=link.language if link is not None else "",
                    fetched_at=when,
                )
                outcome.transcripts += changed
            if found.chapters is not None:
                chapters, data, url, kind, source = found.chapters
                outcome.chapters += store.save_chapters(
                    session,
                    found.uid,
                    chapters,
                    data,
                    source_kind=source,
                    source_url=url,
                    media_type=kind,
                    fetched_at=when,
                )
    pending.clear()
