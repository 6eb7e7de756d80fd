"""A locked practice record: unreadable at rest, in its backups and in the user-data file."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from desktop_app.operations import Operations, RejectedError, UsageError
from resources_db import exporters, practice_crypto
from resources_db.importing import import_source
from resources_db.library import open_library
from resources_db.practice_record import CpdDraft, ReflectionDraft
from resources_db.user_data_file import user_data_dict, write_user_data

WEEK = "imhaw-2020/week"
PASSPHRASE = "correct horse battery staple"
NOTE = "Talked it through after seeing Baby Q"
ANSWER = "Learned to wait for the baby's cues"
TOPIC = "Perinatal study day at Ashgrove"


@pytest.fixture(autouse=True)
def quick_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheaper scrypt for speed; ``test_a_new_lock_uses_the_full_cost`` keeps the real one."""
    monkeypatch.setattr(practice_crypto, "SCRYPT_N", 2**12)


@pytest.fixture
def ops(tmp_path: Path) -> Iterator[Operations]:
    opened = Operations.open(tmp_path / "lib")
    yield opened
    opened.close()


def fill(ops: Operations) -> None:
    ops.log_cpd(CpdDraft(date(2026, 1, 5), "podcast", 45, uid=WEEK, note=NOTE))
    entry, _ = ops.log_cpd(CpdDraft(date(2026, 2, 5), "study day", 360, True, topic=TOPIC))
    ops.add_reflection(
        ReflectionDraft("Waiting", "A visit", ANSWER, "I pause now", ["people"], cpd_ids=[entry.id])
    )


def files_hold(paths: list[Path], text: str) -> bool:
    needle = text.encode("utf-8")
    return any(p.exists() and needle in p.read_bytes() for p in paths)


def database_files(ops: Operations) -> list[Path]:
    database = ops.library.paths.database
    return [database, database.with_name(database.name + "-wal")]


def platform_without_secure_delete(ops: Operations) -> None:
    """Debian's SQLite overwrites deleted data by default; Windows' and macOS' do not."""
    engine = ops.library.db.engine
    event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute(_NO_SECURE_DELETE))
    engine.dispose()


_NO_SECURE_DELETE = "PRAGMA secure_delete = OFF"


def test_locked_words_are_not_in_the_files_and_open_with_the_passphrase(ops) -> None:
    platform_without_secure_delete(ops)
    fill(ops)
    assert files_hold(database_files(ops), NOTE)
    outcome, changes = ops.lock_practice(PASSPHRASE)
    assert changes.practice and outcome.journal_cleared
    for text in (NOTE, ANSWER, TOPIC):
        assert not files_hold(database_files(ops), text), text
    # open for the session that locked it
    assert ops.cpd_entries().entries[0].note == NOTE
    ops.close_practice()
    shut = ops.cpd_entries()
    # shut: hours and totals still show, the words do not
    assert (shut.total_minutes, shut.participatory_minutes) == (405, 360)
    assert [e.note for e in shut.entries] == ["", ""] and shut.entries[0].sealed
    assert ops.practice_summary().minutes == 405
    with pytest.raises(UsageError, match="locked"):
        ops.log_cpd(CpdDraft(date(2026, 3, 1), "reading", 10, uid=WEEK))
    wrong = r"^That passphrase does not open the practice record\.$"
    with pytest.raises(RejectedError, match=wrong):
        ops.open_practice("not the passphrase")
    assert ops.cpd_entries().entries[0].note == ""
    ops.open_practice(PASSPHRASE)
    assert ops.reflections()[0].learned == ANSWER


def test_a_new_lock_uses_the_full_cost(monkeypatch, ops) -> None:
    monkeypatch.undo()
    assert practice_crypto.SCRYPT_N == 2**17
    params = practice_crypto.new_params()
    assert (params.n, params.r, params.p, len(params.salt)) == (2**17, 8, 1, 16)


def test_entries_written_while_locked_are_sealed_and_unlock_opens_all(ops) -> None:
    ops.lock_practice(PASSPHRASE)
    fill(ops)
    assert not files_hold(database_files(ops), NOTE)
    with pytest.raises(RejectedError, match="does not open"):
        ops.unlock_practice("wrong passphrase")
    ops.unlock_practice(PASSPHRASE)
    assert not ops.practice_locked()
    assert ops.cpd_entries().entries[0].note == NOTE


def test_lock_refuses_a_short_passphrase_and_a_second_lock(ops) -> None:
    fill(ops)
    with pytest.raises(UsageError, match="at least 8"):
        ops.lock_practice("short")
    assert not ops.practice_locked()
    ops.lock_practice(PASSPHRASE)
    with pytest.raises(UsageError, match="already locked"):
        ops.lock_practice("another passphrase")


def test_a_stale_key_never_writes_words_the_new_lock_cannot_open(ops, tmp_path) -> None:
    fill(ops)
    ops.lock_practice(PASSPHRASE)
    other = Operations.open(tmp_path / "lib")  # the command line, while the window is open
    try:
        other.open_practice(PASSPHRASE)
        other.unlock_practice(PASSPHRASE)
        other.lock_practice("a different passphrase")
    finally:
        other.close()
    assert not ops.practice_summary().readable  # the old key is dropped, not used
    with pytest.raises(UsageError, match="locked"):
        ops.log_cpd(CpdDraft(date(2026, 3, 1), "reading", 10, uid=WEEK, note="x"))
    ops.open_practice("a different passphrase")
    assert [e.note for e in ops.cpd_entries().entries] == [NOTE, ""]


def test_backups_before_and_after_locking_are_sealed(ops) -> None:
    fill(ops)
    before = ops.back_up("manual")
    assert files_hold([before], NOTE)
    outcome, _ = ops.lock_practice(PASSPHRASE)
    after = ops.back_up("manual")
    assert outcome.copies_left_unsealed == []
    for copy in (before, after):
        assert not files_hold([copy], NOTE) and not files_hold([copy], ANSWER)
        assert sqlite3.connect(copy).execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_a_restored_backup_needs_the_passphrase(ops, tmp_path) -> None:
    fill(ops)
    copy = ops.back_up("manual")
    ops.lock_practice(PASSPHRASE)
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(copy, restored / "library.sqlite3")
    elsewhere = Operations.open(restored)
    try:
        assert elsewhere.practice_locked()
        assert elsewhere.cpd_entries().entries[0].note == ""
        elsewhere.open_practice(PASSPHRASE)
        assert elsewhere.cpd_entries().entries[0].note == NOTE
    finally:
        elsewhere.close()


def test_user_data_file_carries_the_record_sealed_and_merges_it(ops, tmp_path) -> None:
    fill(ops)
    ops.set_renewal_date(date(2027, 4, 30))
    ops.lock_practice(PASSPHRASE)
    saved = tmp_path / "mine.json"
    ops.save_user_data(saved)
    assert NOTE not in saved.read_text("utf-8")
    fresh = open_library(tmp_path / "new")
    try:
        outcome = import_source(fresh, str(saved))
        assert outcome.status == "imported", outcome.error
        # a second merge adds nothing twice
        assert import_source(fresh, str(saved)).status == "imported"
    finally:
        fresh.close()
    moved = Operations.open(tmp_path / "new")
    try:
        assert moved.practice_locked() and len(moved.cpd_entries().entries) == 2
        moved.open_practice(PASSPHRASE)
        assert moved.reflections()[0].learned == ANSWER
        assert moved.reflections()[0].cpd_ids == [moved.cpd_entries().entries[1].id]
        assert moved.practice_summary().renewal_date == date(2027, 4, 30)
    finally:
        moved.close()


def test_a_sealed_record_is_not_merged_into_another_one(ops, tmp_path) -> None:
    fill(ops)
    ops.lock_practice(PASSPHRASE)
    saved = tmp_path / "mine.json"
    ops.save_user_data(saved)
    other = Operations.open(tmp_path / "other")
    try:
        other.log_cpd(CpdDraft(date(2026, 1, 1), "reading", 20, uid=WEEK, note="mine"))
        other.set_bookmark(WEEK, "kept")
        report = other.import_sources([str(saved)])
        assert report.rejected and "passphrase" in (report.rejected[0].error or "")
        # all of the file or none of it: the record and the bookmarks are as they were
        assert [e.note for e in other.cpd_entries().entries] == ["mine"]
        assert other.bookmark(WEEK).note == "kept"
    finally:
        other.close()


def test_an_unlocked_record_round_trips_through_the_user_data_file(ops, tmp_path) -> None:
    fill(ops)
    with ops.library.db.session() as session:
        data = user_data_dict(session)
        write_user_data(session, tmp_path / "mine.json")
    assert data["practice"]["lock"] is None and len(data["practice"]["cpd"]) == 2
    assert json.loads((tmp_path / "mine.json").read_text("utf-8"))["practice"]["cpd"][0]["note"]
    other = Operations.open(tmp_path / "other")
    try:
        assert not other.import_sources([str(tmp_path / "mine.json")]).rejected
        assert [e.note for e in other.cpd_entries().entries] == [NOTE, ""]
    finally:
        other.close()


@pytest.mark.parametrize("fmt", ["pack", "csv", "json", "html", "ris", "bibtex"])
def test_resource_exports_never_carry_the_practice_record(ops, tmp_path, fmt: str) -> None:
    fill(ops)
    ops.set_bookmark(WEEK, "a bookmark note")
    target = tmp_path / f"out.{fmt}"
    with ops.library.db.session() as session:
        selection = exporters.select_bookmarks(session)
        exporters.export(session, selection, fmt, target, ops.library.paths.attachments_dir)
    data = target.read_bytes()
    if fmt == "pack":
        with zipfile.ZipFile(target) as pack:
            data = b"".join(pack.read(name) for name in pack.namelist())
    assert b"a bookmark note" in data or fmt in ("ris", "bibtex", "html")
    for text in (NOTE, ANSWER, TOPIC):
        assert text.encode() not in data
