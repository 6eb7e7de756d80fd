"""The private practice record: CPD log, reflective accounts, and its lock.

A locked record opens for as long as this ``Operations`` lives (the window's
session, or one command) once ``open_practice`` is given its passphrase; the
key is kept in memory only. Nothing here is ever exported with resources,
packed or shared: only these methods read the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.changes import Changes
from desktop_app.operations.errors import RejectedError, UsageError
from resources_db import catalogue, practice_export, practice_lock, practice_record
from resources_db.practice_export import PracticeExportError
from resources_db.practice_record import (
    REQUIRED_HOURS,
    REQUIRED_PARTICIPATORY_HOURS,
    CpdDraft,
    CpdInfo,
    Period,
    ReflectionDraft,
    ReflectionInfo,
)

PRACTICE = Changes(practice=True)
CPD_FORMATS = ("csv", "html")


@dataclass(frozen=True)
class PracticeSummary:
    """What the record's header shows: the lock, the period and progress in it."""

    locked: bool
    readable: bool  # not locked, or opened for this session
    renewal_date: date | None
    period: Period | None
    minutes: int  # in the period (all entries while no renewal date is set)
    participatory_minutes: int
    required_minutes: int = REQUIRED_HOURS * 60
    required_participatory_minutes: int = REQUIRED_PARTICIPATORY_HOURS * 60


@dataclass(frozen=True)
class CpdListing:
    entries: list[CpdInfo]
    titles: dict[str, str]  # resource uid -> its title now
    total_minutes: int
    participatory_minutes: int

    def title(self, entry: CpdInfo) -> str:
        """The entry's topic, or its resource's title when the record is shut."""
        return entry.topic or self.titles.get(entry.uid, entry.uid)


@dataclass(frozen=True)
class LockOutcome:
    copies_left_unsealed: list[Path]  # backups that could not be opened to seal
    journal_cleared: bool  # False: another program held the journal; cleared when it lets go


@contextmanager
def wrong_passphrase_rejected() -> Iterator[None]:
    """A wrong passphrase is input read and refused (exit 3), not a misused command."""
    try:
        yield
    except practice_lock.WrongPassphraseError as error:
        raise RejectedError(str(error)) from error


class PracticeOps(OperationsBase):
    _practice_key: bytes | None = None

    @contextmanager
    def _practice(self) -> Iterator[tuple[Session, bytes | None]]:
        with self.unit_of_work() as session:
            key = self._practice_key
            if key is not None and not practice_record.key_opens(session, key):
                # Locked again elsewhere (the command line) with another passphrase.
                self._practice_key = key = None
            yield session, key

    # --- the lock -----------------------------------------------------------------------

    def practice_locked(self) -> bool:
        with self.unit_of_work() as session:
            return practice_record.is_locked(practice_record.state(session))

    def open_practice(self, passphrase: str) -> Changes:
        """Open a locked record for this session; a wrong passphrase reads nothing."""
        with self.unit_of_work() as session, wrong_passphrase_rejected():
            self._practice_key = practice_lock.open_record(session, passphrase)
        return PRACTICE

    def close_practice(self) -> Changes:
        self._practice_key = None
        return PRACTICE

    def lock_practice(self, passphrase: str) -> tuple[LockOutcome, Changes]:
        """Seal the record and its backups; it stays open for this session."""
        with self.unit_of_work() as session:
            key = practice_lock.lock(session, passphrase)
            state = practice_record.state_for_update(session)
        self._practice_key = key
        cleared = self._clear_journal()
        paths = self.library.paths
        unsealed = practice_lock.seal_copies(paths.root, paths.backups_dir, key, state)
        return LockOutcome(unsealed, cleared), PRACTICE

    def unlock_practice(self, passphrase: str) -> Changes:
        """Remove the lock: the record is stored as plain text again (its backups stay sealed)."""
        with self.unit_of_work() as session, wrong_passphrase_rejected():
            practice_lock.unlock(session, passphrase)
        self._practice_key = None
        return PRACTICE

    def _clear_journal(self) -> bool:
        """Move the write-ahead log into the file and empty it, taking the old plain text out."""
        with self.library.db.engine.connect() as connection:
            busy = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).scalar()
        return busy == 0

    # --- the period and its totals --------------------------------------------------------

    def practice_summary(self, today: date | None = None) -> PracticeSummary:
        today = today or date.today()
        with self._practice() as (session, key):
            state = practice_record.state(session)
            renewal = practice_record.renewal_date(session)
            period = practice_record.current_period(renewal, today) if renewal else None
            entries = practice_record.cpd_entries(
                session, None, period.start if period else None, period.end if period else None
            )
            locked = practice_record.is_locked(state)
        minutes, participatory = practice_record.totals(entries)
        readable = not locked or key is not None
        return PracticeSummary(locked, readable, renewal, period, minutes, participatory)

    def set_renewal_date(self, renewal: date | None) -> Changes:
        with self.unit_of_work() as session:
            practice_record.set_renewal_date(session, renewal)
        return PRACTICE

    # --- the CPD log ----------------------------------------------------------------------

    def cpd_entries(self, start: date | None = None, end: date | None = None) -> CpdListing:
        with self._practice() as (session, key):
            entries = practice_record.cpd_entries(session, key, start, end)
            titles = catalogue.titles(session, {e.uid for e in entries if e.uid})
        total, participatory = practice_record.totals(entries)
        return CpdListing(entries, titles, total, participatory)

    def suggested_cpd(self, uid: str) -> CpdDraft:
        with self.unit_of_work() as session:
            return practice_record.suggested_cpd(session, uid, date.today())

    def log_cpd(self, draft: CpdDraft) -> tuple[CpdInfo, Changes]:
        with self._practice() as (session, key):
            entry = practice_record.log_cpd(session, key, draft, date.today())
        return entry, PRACTICE

    def update_cpd(self, entry_id: int, draft: CpdDraft) -> tuple[CpdInfo, Changes]:
        with self._practice() as (session, key):
            entry = practice_record.update_cpd(session, key, entry_id, draft, date.today())
        return entry, PRACTICE

    def delete_cpd(self, entry_id: int) -> tuple[CpdInfo, Changes]:
        with self._practice() as (session, key):
            gone = practice_record.delete_cpd(session, key, entry_id)
        return gone, PRACTICE

    # --- reflective accounts ----------------------------------------------------------------

    def reflections(self) -> list[ReflectionInfo]:
        with self._practice() as (session, key):
            return practice_record.reflections(session, key)

    def add_reflection(self, draft: ReflectionDraft) -> tuple[ReflectionInfo, Changes]:
        with self._practice() as (session, key):
            account = practice_record.add_reflection(session, key, draft, date.today())
        return account, PRACTICE

    def update_reflection(
        self, account_id: int, draft: ReflectionDraft
    ) -> tuple[ReflectionInfo, Changes]:
        with self._practice() as (session, key):
            account = practice_record.update_reflection(
                session, key, account_id, draft, date.today()
            )
        return account, PRACTICE

    def delete_reflection(self, account_id: int) -> tuple[ReflectionInfo, Changes]:
        with self._practice() as (session, key):
            gone = practice_record.delete_reflection(session, key, account_id)
        return gone, PRACTICE

    # --- printing and exporting ---------------------------------------------------------------

    def cpd_log_text(
        self, fmt: str, start: date | None = None, end: date | None = None
    ) -> tuple[int, str]:
        """The CPD log as CSV or printable HTML (for a front end to print, say)."""
        if fmt not in CPD_FORMATS:
            raise UsageError(f"{fmt!r} is not a CPD log format; choose csv or html.")
        listing = self._readable_listing(start, end)
        with self.unit_of_work() as session:
            resources = practice_record.resource_links(
                session, {e.uid for e in listing.entries if e.uid}
            )
        if fmt == "csv":
            return len(listing.entries), practice_export.cpd_csv(listing.entries, resources)
        period = Period(start, end) if start and end else None
        html = practice_export.cpd_html(listing.entries, resources, period=period)
        return len(listing.entries), html

    def export_cpd(
        self, fmt: str, target: Path, start: date | None = None, end: date | None = None
    ) -> int:
        self.outside_library(target)
        count, data = self.cpd_log_text(fmt, start, end)
        # utf-8-sig: the BOM is what makes Excel read the CSV as UTF-8.
        _write(target, data.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
        return count

    def reflections_html(self) -> tuple[int, str]:
        accounts = self.reflections()
        if accounts and accounts[0].sealed:
            raise _locked_error()
        listing = self.cpd_entries()
        titles = {e.id: listing.title(e) for e in listing.entries}
        with self.unit_of_work() as session:
            links = practice_record.resource_links(session, {a.uid for a in accounts if a.uid})
        resources = {uid: title for uid, (title, _url) in links.items()}
        return len(accounts), practice_export.reflections_html(accounts, titles, resources)

    def export_reflections(self, target: Path) -> int:
        self.outside_library(target)
        count, html = self.reflections_html()
        _write(target, html.encode("utf-8"))
        return count

    def _readable_listing(self, start: date | None, end: date | None) -> CpdListing:
        listing = self.cpd_entries(start, end)
        if any(e.sealed for e in listing.entries):
            raise _locked_error()
        return listing


def _locked_error() -> UsageError:
    return UsageError("The practice record is locked; open it with its passphrase first.")


def _write(target: Path, data: bytes) -> None:
    try:
        practice_export.write_private(target, data)
    except PracticeExportError as error:
        raise UsageError(str(error)) from error
