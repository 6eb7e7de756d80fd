"""Moving resources in and out: imports, exports, feed refreshes, backups, downloads."""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import NOTHING, Changes
from desktop_app.operations.errors import UsageError
from resources_db import backups
from resources_db.backups import BackupInfo
from resources_db.database import backup_database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from resources_db.exporters import ExportSelection
    from resources_db.importing import RefreshOutcome, SourceOutcome

# Importing, fetching and exporting are imported by the operation that runs
# them: together they bring the importers, the exporters, the citation styles
# and the practice record's encryption, which a start never uses.

MAX_MEDIA_BYTES = 1024 * 1024 * 1024

# The formats a handout can take beyond the files ``resources_db.exporters``
# writes itself: a PDF is the HTML handout printed by the front end.
PRINTED_FORMATS = ("pdf",)


@dataclass(frozen=True)
class ImportReport:
    outcomes: list[SourceOutcome]
    changes: Changes

    @property
    def added(self) -> int:
        return sum(o.added for o in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(o.updated for o in self.outcomes)

    @property
    def rejected(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


ExportWhat = Literal["collection", "bookmarks", "query", "uids"]


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a collection, the bookmarks, a search's results or given resources."""

    what: ExportWhat
    name: str = ""  # the collection's name, or the title of a list of uids
    query: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    uids: Sequence[str] = ()
    citation_style: str | None = None  # the handout's references in this style (citations.STYLES)

    @property
    def suggested_name(self) -> str:
        if self.what == "collection":
            return self.name
        return "Bookmarks" if self.what == "bookmarks" else self.name or "Search results"


class TransferOps(OperationsBase):
    # --- importing ----------------------------------------------------------------------

    def import_sources(
        self,
        sources: Sequence[str],
        fmt: str = "auto",
        *,
        on_source: Callable[[int, str], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import each source in its own transaction, then make them searchable.

        A cancel takes effect between sources, never inside one."""
        from resources_db.importing import import_source

        outcomes: list[SourceOutcome] = []
        for number, source in enumerate(sources):
            if should_cancel is not None and should_cancel():
                break
            if on_source is not None:
                on_source(number, source)
            outcomes.append(import_source(self.library, source, fmt))
        self.index.catch_up()
        changed = any(o.changed for o in outcomes)
        # An import can bring collections and bookmarks (packs, user-data files).
        changes = (
            Changes(catalogue=True, bookmarks=True, collection_list=True) if changed else NOTHING
        )
        return ImportReport(outcomes, changes)

    def refresh_feeds(self) -> tuple[list[RefreshOutcome], Changes]:
        from resources_db.importing import refresh_subscriptions

        outcomes = refresh_subscriptions(self.library)
        self.index.catch_up()
        changed = any(o.added or o.updated for o in outcomes)
        return outcomes, Changes(catalogue=True) if changed else NOTHING

    def download_media(self, uid: str, url: str) -> Changes:
        """Fetch an episode's audio once and keep it with the resource for offline use."""
        from resources_db.catalogue_writer import add_download
        from resources_db.fetching import fetch
        from resources_db.packs import PackAttachment

        fetched = fetch(url, max_bytes=MAX_MEDIA_BYTES)
        name = PurePosixPath(urlsplit(fetched.url).path).name or "episode.mp3"
        media_type = fetched.content_type.split(";")[0].strip() or "audio/mpeg"
        if not media_type.startswith("audio/"):
            media_type = mimetypes.guess_type(name)[0] or "audio/mpeg"
        with self.unit_of_work() as session:
            add_download(
                session,
                uid,
                PackAttachment(name, "Episode audio", media_type, fetched.data),
                self.library.paths.attachments_dir,
            )
        self.index.catch_up()
        return Changes(resources=frozenset({uid}))

    # --- exporting ----------------------------------------------------------------------

    def export(self, request: ExportRequest, fmt: str, target: Path) -> int:
        """Write the request's resources to ``target``; returns how many were written."""
        from resources_db import exporters

        self.outside_library(target)
        with self.unit_of_work() as session:
            selection = self._selection(session, request)
            try:
                return exporters.export(
                    session,
                    selection,
                    fmt,
                    target,
                    self.library.paths.attachments_dir,
                    citation_style=request.citation_style,
                )
            except exporters.ExportError as error:
                raise UsageError(str(error)) from error

    def handout_html(self, request: ExportRequest) -> tuple[int, str]:
        """The printable handout as HTML, for a front end to print (to PDF, say)."""
        with tempfile.TemporaryDirectory(prefix="imh-handout-") as scratch:
            html_file = Path(scratch) / "handout.html"
            count = self.export(request, "html", html_file)
            return count, html_file.read_text(encoding="utf-8")

    def _selection(self, session: Session, request: ExportRequest) -> ExportSelection:
        from resources_db import exporters

        try:
            if request.what == "collection":
                return exporters.select_collection(session, request.name)
            if request.what == "bookmarks":
                return exporters.select_bookmarks(session)
            if request.what == "query":
                uids = self.index.index.matching_uids(request.query, request.filters)
                return exporters.select_uids(session, f"Search: {request.query}", uids)
            return exporters.select_uids(
                session, request.name or "Search results", list(request.uids)
            )
        except exporters.ExportError as error:
            raise UsageError(str(error)) from error

    # --- backups and the user's own file --------------------------------------------------

    def back_up(self, reason: str = "manual") -> Path:
        return backup_database(self.library.db.engine, self.library.paths.backups_dir, reason)

    def back_up_if_due(self) -> Path | None:
        return self.library.back_up_if_due()

    def list_backups(self) -> list[BackupInfo]:
        return backups.list_backups(self.library.paths)

    def save_user_data(self, target: Path) -> None:
        """Bookmarks, notes, collections and saved searches in one file any library imports."""
        if not target.parent.is_dir():
            raise UsageError(f"The folder {target.parent} does not exist.")
        self.outside_library(target)
        from resources_db.user_data_file import write_user_data

        with self.unit_of_work() as session:
            write_user_data(session, target)
