"""The practice record's part of the user-data backup file, and merging it back.

Values go into the file as they are stored: a locked record's words stay
sealed there, with the lock's salt and key check (neither is secret) so the
same passphrase opens them in the library they are merged into. Merging adds
entries the library does not have (matched by their stable keys) and never
changes or removes one it has.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resources_db import practice_suggestions
from resources_db.practice_models import CpdEntry, PracticeState, ReflectiveAccount
from resources_db.practice_record import (
    METHODS,
    PracticeError,
    code_themes,
    is_locked,
    state,
    state_for_update,
)

_LOCK_FIELDS = ("salt", "n", "r", "p", "check")


def _lock_of(found: PracticeState | None) -> dict[str, Any] | None:
    if found is None or not is_locked(found):
        return None
    assert found.lock_salt is not None and found.lock_check is not None
    return {
        "salt": base64.b64encode(found.lock_salt).decode("ascii"),
        "n": found.lock_n,
        "r": found.lock_r,
        "p": found.lock_p,
        "check": base64.b64encode(found.lock_check).decode("ascii"),
    }


def backup_dict(session: Session) -> dict[str, Any]:
    found = state(session)
    entries = session.scalars(select(CpdEntry).order_by(CpdEntry.day, CpdEntry.id))
    accounts = session.scalars(select(ReflectiveAccount).order_by(ReflectiveAccount.id))
    return {
        "renewal_date": found.renewal_date.isoformat() if found and found.renewal_date else None,
        "lock": _lock_of(found),
        "cpd": [
            {
                "key": e.key,
                "date": e.day.isoformat(),
                "method": e.method,
                "minutes": e.minutes,
                "participatory": e.participatory,
                "uid": e.resource_uid,
                "topic": e.topic,
                "note": e.note,
                "code": list(e.code),
            }
            for e in entries
        ],
        "reflections": [
            {
                "key": a.key,
                "date": a.written.isoformat(),
                "uid": a.resource_uid,
                "title": a.title,
                "what": a.what,
                "learned": a.learned,
                "changed": a.changed,
                "relevance": a.relevance,
                "code": list(a.code),
                "cpd": [e.key for e in a.cpd_entries],
            }
            for a in accounts
        ],
        # What the app proposed and what it saw (no words: dates, minutes, uids).
        **practice_suggestions.backup_part(session),
    }


def merge_backup(session: Session, data: object) -> int:
    """Add the file's entries this library lacks; returns how many were added."""
    if data is None:
        return 0
    if not isinstance(data, dict):
        raise PracticeError("The user data file's practice record is not readable.")
    cpd = [e for e in data.get("cpd") or [] if _valid_cpd(e)]
    accounts = [a for a in data.get("reflections") or [] if _valid_reflection(a)]
    if cpd or accounts:
        _match_locks(session, data.get("lock"))
    _fill_renewal_date(session, data.get("renewal_date"))
    added = 0
    known = set(session.scalars(select(CpdEntry.key)))
    for e in cpd:
        if e["key"] not in known:
            session.add(_cpd_entry(e))
            known.add(e["key"])
            added += 1
    session.flush()
    by_key = {e.key: e for e in session.scalars(select(CpdEntry))}
    known = set(session.scalars(select(ReflectiveAccount.key)))
    for a in accounts:
        if a["key"] not in known:
            session.add(_account(a, by_key))
            known.add(a["key"])
            added += 1
    return added + practice_suggestions.merge_part(session, data)


def _match_locks(session: Session, file_lock: object) -> None:
    found = state(session)
    ours = _lock_of(found)
    if file_lock == ours:
        return
    if ours is None and isinstance(file_lock, dict) and not _has_rows(session):
        _adopt(session, file_lock)
        return
    raise PracticeError(
        "The practice record in this file is locked with another passphrase than this "
        "library's (or only one of them is locked); unlock both, then import the file again."
    )


def _has_rows(session: Session) -> bool:
    counted = session.scalar(select(func.count()).select_from(CpdEntry)) or 0
    counted += session.scalar(select(func.count()).select_from(ReflectiveAccount)) or 0
    return counted > 0


def _adopt(session: Session, lock: dict[str, Any]) -> None:
    """An empty, unlocked record takes the file's lock, so its sealed words open here too."""
    try:
        salt = base64.b64decode(str(lock["salt"]), validate=True)
        check = base64.b64decode(str(lock["check"]), validate=True)
        n, r, p = (int(lock[k]) for k in ("n", "r", "p"))
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise PracticeError("The practice record's lock in this file is damaged.") from None
    found = state_for_update(session)
    found.lock_salt, found.lock_check = salt, check
    found.lock_n, found.lock_r, found.lock_p = n, r, p


def _fill_renewal_date(session: Session, value: object) -> None:
    if not isinstance(value, str):
        return
    try:
        renewal = date.fromisoformat(value)
    except ValueError:
        return
    found = state_for_update(session)
    if found.renewal_date is None:
        found.renewal_date = renewal


def _valid_themes(value: object) -> bool:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return False
    try:
        code_themes(value)
    except PracticeError:
        return False
    return True


def _valid_cpd(e: object) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("key"), str)
        and bool(e["key"])
        and practice_suggestions.is_day(e.get("date"))
        and e.get("method") in METHODS
        and isinstance(e.get("minutes"), int)
        and e["minutes"] > 0
        and all(isinstance(e.get(k, ""), str) for k in ("uid", "topic", "note"))
        and _valid_themes(e.get("code", []))
    )


def _valid_reflection(a: object) -> bool:
    texts = ("uid", "title", "what", "learned", "changed", "relevance")
    return (
        isinstance(a, dict)
        and isinstance(a.get("key"), str)
        and bool(a["key"])
        and practice_suggestions.is_day(a.get("date"))
        and all(isinstance(a.get(k, ""), str) for k in texts)
        and _valid_themes(a.get("code", []))
        and isinstance(a.get("cpd", []), list)
    )


def _cpd_entry(e: dict[str, Any]) -> CpdEntry:
    return CpdEntry(
        key=e["key"],
        day=date.fromisoformat(e["date"]),
        method=e["method"],
        minutes=e["minutes"],
        participatory=bool(e.get("participatory")),
        resource_uid=e.get("uid", ""),
        topic=e.get("topic", ""),
        note=e.get("note", ""),
        code=code_themes(e.get("code", [])),
    )


def _account(a: dict[str, Any], cpd_by_key: dict[str, CpdEntry]) -> ReflectiveAccount:
    return ReflectiveAccount(
        key=a["key"],
        written=date.fromisoformat(a["date"]),
        resource_uid=a.get("uid", ""),
        title=a.get("title", ""),
        what=a.get("what", ""),
        learned=a.get("learned", ""),
        changed=a.get("changed", ""),
        relevance=a.get("relevance", ""),
        code=code_themes(a.get("code", [])),
        cpd_entries=[cpd_by_key[k] for k in a.get("cpd", []) if k in cpd_by_key],
    )
