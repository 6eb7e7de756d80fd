"""Importing one source (a file, a folder or an http(s) address) in one transaction.

Every format becomes a ``Pack`` first, so there is one writing path
(``apply_pack``): nothing is written until the whole source has been read and
checked, and a rejected source changes nothing.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from resources_db.catalogue_writer import ImportCounts, apply_pack
from resources_db.database import backup_database
from resources_db.fetching import FetchError, fetch, is_web_address
from resources_db.importers import FeedInfo, ImportRejected, detect_format, parse_source
from resources_db.importers.identity import Identity, resolve_uids
from resources_db.importers.model import Skipped
from resources_db.library import Library
from resources_db.models import Subscription
from resources_db.packs import Pack, PackError, PackResource, read_pack
from resources_db.transcripts.links import EpisodeMedia
from resources_db.transcripts.report import NotKept, kept_line, not_kept_lines
from resources_db.user_data_file import (
    UserDataFileError,
    looks_like_user_data,
    merge_user_data,
    parse_user_data,
)

MAX_FILE_BYTES = 512 * 1024 * 1024
BACKUP_BEFORE_RESOURCES = 1000  # a large import is preceded by a backup
DETECT_BYTES = 4 * 1024 * 1024


# What a left-out row is called in each format, for the text summary.
_ROW_NOUNS = {"csv": "row", "json": "entry", "ris": "reference", "feed": "entry"}
SKIPPED_SHOWN = 5  # the text summary lists this many left-out rows, then counts the rest
log = logging.getLogger(__name__)


@dataclass
class SourceOutcome:
    source: str
    format: str
    status: str = "imported"  # or "rejected"
    added: int = 0
    updated: int = 0
    error: str | None = None
    skipped: list[Skipped] = field(default_factory=list)
    # Resources the source carries that the user deleted: left in the bin.
    binned: int = 0
    # A pack's reading lists: ``collections`` all it brought, ``collections_kept``
    # those of them the library already had (left as the user has them).
    collections: list[str] = field(default_factory=list)
    collections_kept: list[str] = field(default_factory=list)
    # Episodes whose transcript or chapters this import brought or changed, and the
    # files the feed names that were refused or could not be fetched.
    transcripts: int = 0
    chapters: int = 0
    not_kept: list[NotKept] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the library now holds something it did not (a source sent again
        unchanged changes nothing, and the window has nothing to show again)."""
        new_lists = len(self.collections) > len(self.collections_kept)
        return bool(self.added or self.updated or new_lists or self.transcripts or self.chapters)

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "format": self.format,
            "status": self.status,
            "added": self.added,
            "updated": self.updated,
            "error": self.error,
            "skipped": [item.as_json() for item in self.skipped],
            "collections": list(self.collections),
        }

    def text(self) -> str:
        """The outcome for people: one line, then any left-out rows and reading lists."""
        if self.status != "imported":
            return f"{self.source}: rejected"  # the reason goes to stderr as its own sentence
        lines = [
            f"{self.source}: imported as {self.format} ({self.added} added, {self.updated} updated)"
        ]
        if self.binned:
            lines.append(f"  {self.binned} left in the bin")
        lines += kept_line(self.transcripts, self.chapters)
        lines += not_kept_lines(self.not_kept)
        lines += self.collection_lines()
        lines += self.skipped_lines()
        return "\n".join(lines)

    def collection_lines(self) -> list[str]:
        new = [name for name in self.collections if name not in self.collections_kept]
        lines = []
        if new:
            lines.append(f"  Reading lists brought: {', '.join(new)}")
        if self.collections_kept:
            lines.append(
                f"  Already in your library, left as they are: {', '.join(self.collections_kept)}"
            )
        return lines

    def skipped_lines(self) -> list[str]:
        if not self.skipped:
            return []
        noun = _ROW_NOUNS.get(self.format, "row")
        count = len(self.skipped)
        lines = [f"  {count} {noun}{'s' * (count != 1)} skipped:"]
        lines += [f"    {noun} {s.row}: {s.reason}" for s in self.skipped[:SKIPPED_SHOWN]]
        if count > SKIPPED_SHOWN:
            lines.append(f"    and {count - SKIPPED_SHOWN} more")
        return lines


@dataclass
class _Read:
    format: str
    pack: Pack
    feeds: list[FeedInfo]
    skipped: list[Skipped] = field(default_factory=list)
    identities: dict[str, Identity] = field(default_factory=dict)
    episode_media: list[tuple[PackResource, EpisodeMedia]] = field(default_factory=list)
    base: Path | None = None  # the folder of a feed read from disk


def import_source(library: Library, source: str, fmt: str = "auto") -> SourceOutcome:
    """Read, check and write one source; errors become a rejected outcome."""
    outcome = SourceOutcome(source, fmt if fmt != "auto" else "unknown")
    try:
        user_file = _user_data_file(source) if fmt in ("auto", "user-data") else None
        if user_file is not None:
            outcome.format = "user-data"
            with library.db.session() as session:
                merged = merge_user_data(session, user_file)
            outcome.added, outcome.updated = merged.added, merged.updated
        else:
            read = _read(source, fmt)
            outcome.format = read.format
            if len(read.pack.resources) >= BACKUP_BEFORE_RESOURCES:
                backup_database(library.db.engine, library.paths.backups_dir, "before-import")
            with library.db.session() as session:
                resolve_uids(session, read.pack, read.identities)
                counts = apply_pack(session, read.pack, library.paths.attachments_dir)
                remember_feeds(session, read.feeds)
            outcome.added, outcome.updated = counts.added, counts.updated
            outcome.binned = counts.binned
            outcome.skipped = list(read.skipped)
            outcome.collections = list(dict.fromkeys(c.name for c in read.pack.collections))
            outcome.collections_kept = list(counts.collections_kept)
            _collect_transcripts(library, read, outcome)
    except (ImportRejected, PackError, FetchError, UserDataFileError) as error:
        outcome.status, outcome.error = "rejected", str(error)
    except SQLAlchemyError as error:
        # A full disk or a read-only folder: the transaction was rolled back whole.
        outcome.status = "rejected"
        outcome.error = (
            f"The library could not be written ({_reason(error)}); nothing from "
            f"{Path(source).name or source} was imported."
        )
    except OSError as error:
        outcome.status = "rejected"
        outcome.error = f"{source} could not be read ({error.strerror or error})."
    return outcome


def _collect_transcripts(library: Library, read: _Read, outcome: SourceOutcome) -> None:
    """Fetch the episodes' transcripts and chapters once the pack is written; a
    failure here loses only them, never the import."""
    written = {id(item) for item in read.pack.resources}
    episodes = [(item.uid, media) for item, media in read.episode_media if id(item) in written]
    if not episodes:
        return
    from resources_db.transcripts.collect import collect

    try:
        found = collect(library, episodes, base=read.base)
    except (SQLAlchemyError, OSError) as error:
        log.warning("Transcripts of %s were not kept: %s", read.pack.title, error)
        return
    titles = {item.uid: str(item.fields.get("title") or item.uid) for item, _ in read.episode_media}
    outcome.transcripts, outcome.chapters = found.transcripts, found.chapters
    outcome.not_kept = [NotKept(titles.get(r.uid, r.uid), r.kind, r.reason) for r in found.refused]


def _reason(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).rstrip(".")


def _user_data_file(source: str) -> dict | None:  # type: ignore[type-arg]
    """A user data file (bookmarks, notes, collections), or None for anything else."""
    path = Path(source).expanduser()
    if is_web_address(source) or not path.is_file():
        return None
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not looks_like_user_data(head):
        return None
    return parse_user_data(path.read_bytes())


def _read(source: str, fmt: str) -> _Read:
    if is_web_address(source):
        fetched = fetch(source)
        name = fetched.url.rsplit("/", 1)[-1] or "download"
        read = _read_bytes(fetched.data, name, fmt)
        read.feeds = [FeedInfo(f.url or fetched.url, f.title, f.kind) for f in read.feeds]
        if read.format == "feed" and not read.feeds:
            read.feeds.append(FeedInfo(fetched.url, read.pack.title, "feed"))
        return read
    path = Path(source).expanduser()
    if path.is_dir():
        if fmt not in ("auto", "pack"):
            raise ImportRejected(f"{path.name} is a folder; only a pack can be a folder.")
        return _Read("pack", read_pack(path), [])
    if not path.is_file():
        raise ImportRejected(f"{source} does not exist.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportRejected(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB.")
    with path.open("rb") as handle:
        head = handle.read(DETECT_BYTES)
    detected = detect_format(head, path.name) if fmt == "auto" else fmt
    if detected == "pack":
        return _Read("pack", read_pack(path), [])
    read = _read_bytes(path.read_bytes(), path.name, detected)
    read.base = path.resolve().parent
    return read


def _read_bytes(data: bytes, name: str, fmt: str) -> _Read:
    detected = detect_format(data, name) if fmt == "auto" else fmt
    if detected == "pack":
        # read_pack checks a zip on disk (paths, sizes, ratios); give it one.
        with tempfile.TemporaryDirectory(prefix="imh-import-") as scratch:
            target = Path(scratch) / "download.zip"
            target.write_bytes(data)
            return _Read("pack", read_pack(target), [])
    parsed = parse_source(data, name, detected)
    return _Read(
        parsed.format,
        parsed.pack,
        list(parsed.feeds),
        parsed.skipped,
        parsed.identities,
        parsed.episode_media,
    )


def remember_feeds(session: Session, feeds: list[FeedInfo]) -> None:
    """Add or update subscriptions, in the caller's transaction."""
    for feed in feeds:
        if not feed.url:
            continue
        existing = session.scalar(select(Subscription).where(Subscription.url == feed.url))
        if existing is None:
            session.add(Subscription(url=feed.url, title=feed.title, kind=feed.kind))
        else:
            existing.title = feed.title or existing.title
            existing.kind = feed.kind or existing.kind


@dataclass(frozen=True)
class RefreshOutcome:
    url: str
    title: str
    added: int
    updated: int
    error: str | None
    binned: int = 0  # entries the user deleted, left in the bin
    # Transcripts and chapters, as in ``SourceOutcome`` (for people; not in the JSON).
    transcripts: int = 0
    chapters: int = 0
    not_kept: tuple[NotKept, ...] = ()

    @classmethod
    def of(cls, url: str, title: str, result: SourceOutcome) -> RefreshOutcome:
        return cls(
            url,
            title,
            result.added,
            result.updated,
            result.error,
            result.binned,
            result.transcripts,
            result.chapters,
            tuple(result.not_kept),
        )

    def as_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "title": self.title,
            "added": self.added,
            "updated": self.updated,
            "error": self.error,
            "binned": self.binned,
        }

    def text(self) -> str:
        """One line for the feed, then what it kept and did not keep for offline use."""
        state = self.error or f"{self.added} added, {self.updated} updated" + (
            f", {self.binned} left in the bin" if self.binned else ""
        )
        lines = [f"{self.title or self.url}: {state}"]
        lines += kept_line(self.transcripts, self.chapters)
        lines += not_kept_lines(self.not_kept)
        return "\n".join(lines)


def subscriptions(session: Session) -> list[Subscription]:
    return list(session.scalars(select(Subscription).order_by(Subscription.title)))


def refresh_subscriptions(library: Library) -> list[RefreshOutcome]:
    """Fetch every subscribed feed once; one feed failing does not stop the others."""
    with library.db.session() as session:
        feeds = [(s.url, s.title) for s in subscriptions(session)]
    outcomes = []
    for url, title in feeds:
        result = import_source(library, url, "auto")
        with library.db.session() as session:
            row = session.scalar(select(Subscription).where(Subscription.url == url))
            if row is not None:
                row.checked_at = datetime.now()
                row.last_error = result.error or ""
        outcomes.append(RefreshOutcome.of(url, title, result))
    return outcomes


__all__ = [
    "ImportCounts",
    "RefreshOutcome",
    "SourceOutcome",
    "import_source",
    "refresh_subscriptions",
    "remember_feeds",
    "subscriptions",
]
