"""Locking the practice record: its words encrypted at rest, opened with a passphrase.

Locking seals every CPD topic and note and every reflective account's answers
in one transaction, with SQLite's secure delete on so the plain text's old
space is overwritten, and seals the copies in the backups folder the same way
(a backup taken later is a copy of the sealed file: sealed by construction).
Unlocking opens them all again and removes the lock. Dates, methods, hours
and the Code's themes stay readable, so totals show while the record is shut.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from resources_db import practice_crypto
from resources_db.practice_crypto import KeyParams
from resources_db.practice_models import CpdEntry, PracticeState, ReflectiveAccount
from resources_db.practice_record import (
    CPD_TEXT_FIELDS,
    REFLECTION_TEXT_FIELDS,
    STATE_ID,
    PracticeError,
    cpd_label,
    is_locked,
    reflection_label,
    state,
    state_for_update,
)

MIN_PASSPHRASE = 8
Transform = Callable[[str, str], str]  # (stored value, label) -> new stored value
_SEALED_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("practice_cpd", CPD_TEXT_FIELDS),
    ("practice_reflections", REFLECTION_TEXT_FIELDS),
)


class WrongPassphraseError(PracticeError):
    """The passphrase does not open the record; nothing was read."""


def params_of(found: PracticeState) -> KeyParams:
    assert found.lock_salt is not None and found.lock_n and found.lock_r and found.lock_p
    return KeyParams(found.lock_salt, found.lock_n, found.lock_r, found.lock_p)


def open_record(session: Session, passphrase: str) -> bytes | None:
    """The key for this session, or None when the record is not locked."""
    found = state(session)
    if found is None or not is_locked(found):
        return None
    assert found.lock_check is not None
    key = practice_crypto.derive_key(passphrase, params_of(found))
    if not practice_crypto.key_matches(key, found.lock_check):
        raise WrongPassphraseError("That passphrase does not open the practice record.")
    return key


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise PracticeError(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")


def lock(session: Session, passphrase: str) -> bytes:
    """Seal the record with a key from ``passphrase``; returns the key (open for the session)."""
    found = state_for_update(session)
    if is_locked(found):
        raise PracticeError("The practice record is already locked.")
    check_new_passphrase(passphrase)
    params = practice_crypto.new_params()
    key = practice_crypto.derive_key(passphrase, params)
    session.execute(text("PRAGMA secure_delete = ON"))  # overwrite the plain text's old space
    _transform_rows(session, lambda value, label: practice_crypto.seal(key, value, label))
    found.lock_salt, found.lock_n, found.lock_r, found.lock_p = (
        params.salt,
        params.n,
        params.r,
        params.p,
    )
    found.lock_check = practice_crypto.key_check(key)
    found.locked_at = datetime.now()
    return key


def unlock(session: Session, passphrase: str) -> None:
    """Open every sealed word again and remove the lock."""
    key = open_record(session, passphrase)
    if key is None:
        raise PracticeError("The practice record is not locked.")

    def opened(value: str, label: str) -> str:
        try:
            return practice_crypto.unseal(key, value, label)
        except practice_crypto.PracticeCryptoError:
            raise PracticeError(
                "Part of the practice record does not open with this passphrase; "
                "it was left locked."
            ) from None

    _transform_rows(session, opened)
    found = state_for_update(session)
    found.lock_salt = found.lock_check = None
    found.lock_n = found.lock_r = found.lock_p = None
    found.locked_at = None


def _transform_rows(session: Session, change: Transform) -> None:
    for entry in session.scalars(select(CpdEntry)):
        for name in CPD_TEXT_FIELDS:
            setattr(entry, name, change(getattr(entry, name), cpd_label(entry.key, name)))
    for account in session.scalars(select(ReflectiveAccount)):
        for name in REFLECTION_TEXT_FIELDS:
            label = reflection_label(account.key, name)
            setattr(account, name, change(getattr(account, name), label))
    session.flush()


# --- copies of the database (backups, files set aside by a restore) ----------------------


def seal_database_copy(path: Path, key: bytes, found: PracticeState) -> bool:
    """Seal an unlocked copy's record with the live record's lock; False if nothing to seal.

    Works on the file with ``sqlite3`` and names only columns this schema has
    had since the record began, so it holds for copies of older releases."""
    connection = sqlite3.connect(path)
    try:
        if not _has_table(connection, "practice_state"):
            return False
        row = connection.execute(
            "SELECT lock_check FROM practice_state WHERE id = ?", (STATE_ID,)
        ).fetchone()
        if row is not None and row[0] is not None:
            return False  # already sealed (perhaps with another passphrase): left as it is
        connection.execute("PRAGMA secure_delete = ON")
        _seal_copy_rows(connection, key)
        _copy_lock(connection, found, exists=row is not None)
        connection.commit()
        connection.execute("VACUUM")  # no page of the old plain text left in the file
        return True
    finally:
        connection.close()


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return found is not None


def _seal_copy_rows(connection: sqlite3.Connection, key: bytes) -> None:
    for table, fields in _SEALED_TABLES:
        columns = ", ".join(fields)
        rows = connection.execute(f"SELECT id, key, {columns} FROM {table}").fetchall()
        assignments = ", ".join(f"{name} = ?" for name in fields)
        for row_id, row_key, *values in rows:
            sealed = [
                practice_crypto.seal(key, value or "", f"{table}/{row_key}/{name}")
                for name, value in zip(fields, values, strict=True)
            ]
            connection.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*sealed, row_id))


def _copy_lock(connection: sqlite3.Connection, found: PracticeState, *, exists: bool) -> None:
    values = (
        found.lock_salt,
        found.lock_n,
        found.lock_r,
        found.lock_p,
        found.lock_check,
        # SQLAlchemy's own text form; sqlite3's datetime adapter is deprecated.
        str(found.locked_at) if found.locked_at is not None else None,
    )
    if exists:
        connection.execute(
            "UPDATE practice_state SET lock_salt = ?, lock_n = ?, lock_r = ?, lock_p = ?,"
            " lock_check = ?, locked_at = ? WHERE id = ?",
            (*values, STATE_ID),
        )
    else:
        connection.execute(
            "INSERT INTO practice_state"
            " (id, lock_salt, lock_n, lock_r, lock_p, lock_check, locked_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (STATE_ID, *values),
        )


def database_copies(root: Path, backups_dir: Path) -> list[Path]:
    """Every copy of the database the library folder keeps: backups and restore's set-asides."""
    copies = sorted(backups_dir.glob("library-*.sqlite3"))
    copies += sorted(
        p
        for p in root.glob("library.sqlite3.before-restore-*")
        if not p.name.endswith(("-wal", "-shm"))
    )
    return copies


def seal_copies(root: Path, backups_dir: Path, key: bytes, found: PracticeState) -> list[Path]:
    """Seal every copy; returns the ones that could not be opened to seal (damaged, say)."""
    failed = []
    for copy in database_copies(root, backups_dir):
        try:
            seal_database_copy(copy, key, found)
        except sqlite3.Error:
            failed.append(copy)
    return failed
