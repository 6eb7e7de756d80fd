"""Alerts: a change its source made to something the person uses.

A resource is *used* when it is bookmarked, in a collection or logged in the
CPD log. ``raise_alerts`` runs in the transaction that wrote the change (an
import, a feed refresh, a team sync), so an alert exists exactly when the
change does. ``raise_review_alerts`` runs when alerts are looked at (the
window's start, ``imh-library alerts``): a used resource whose review-due date
has passed is due for review, raised once per date (``review_notices``).
Alerts are the user's own data: nothing the catalogue does removes them; the
person dismisses them, and the user-data file carries them (``backup_part``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, func, select, union, update
from sqlalchemy.orm import Session

from resources_db import resource_bin
from resources_db.currency import Noticed
from resources_db.currency_models import Alert, ReviewNotice
from resources_db.currency_terms import CHANGES
from resources_db.models import Bookmark, Collection, CollectionItem, Resource
from resources_db.practice_models import CpdEntry

CHUNK = 500
# The change of an alert that a resource's review-due date passed (not a status).
REVIEW_DUE = "review_due"


@dataclass(frozen=True)
class AlertInfo:
    id: int
    uid: str
    title: str
    kind: str
    change: str  # updated, superseded, withdrawn, retracted
    detail: str
    replacement: str  # a uid in the library, an address, or ""
    replacement_title: str  # the replacement's title when it is in the library
    at: datetime
    seen: bool
    # Where the person uses it: collection names, and whether bookmarked or logged.
    collections: tuple[str, ...] = ()
    bookmarked: bool = False
    logged: bool = False


def used_uids(session: Session, uids: Iterable[str]) -> set[str]:
    """Those of ``uids`` the person bookmarked, collected or logged for CPD."""
    wanted = list(dict.fromkeys(uids))
    used: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for column in (Bookmark.resource_uid, CollectionItem.resource_uid, CpdEntry.resource_uid):
            used.update(session.scalars(select(column).where(column.in_(chunk)).distinct()))
    return used


def raise_alerts(session: Session, noticed: Sequence[Noticed], when: datetime | None = None) -> int:
    """An alert for each change to a resource in use; returns how many were raised."""
    used = used_uids(session, [n.uid for n in noticed])
    raised = 0
    for change in noticed:
        if change.uid in used:
            session.add(
                Alert(
                    resource_uid=change.uid,
                    change=change.change,
                    detail=change.detail,
                    replacement=change.replacement,
                    at=when or datetime.now(),
                )
            )
            raised += 1
    return raised


def raise_review_alerts(session: Session, today: date | None = None) -> int:
    """An alert for each used resource whose review-due date passed before ``today``, once
    per resource and date; returns how many were raised. Dated by the review-due date."""
    used = union(
        select(Bookmark.resource_uid.label("uid")),
        select(CollectionItem.resource_uid.label("uid")),
        select(CpdEntry.resource_uid.label("uid")),
    ).subquery()
    rows = session.execute(
        select(Resource.uid, Resource.review_due)
        .join(used, used.c.uid == Resource.uid)
        .outerjoin(
            ReviewNotice,
            (ReviewNotice.resource_uid == Resource.uid)
            & (ReviewNotice.review_due == Resource.review_due),
        )
        .where(Resource.review_due.is_not(None))
        .where(Resource.review_due < (today or date.today()))
        .where(ReviewNotice.resource_uid.is_(None))
        .where(resource_bin.not_binned(Resource.uid))
    ).all()
    for uid, due in rows:
        assert due is not None  # the query asked for a date
        session.add(ReviewNotice(resource_uid=uid, review_due=due))
        session.add(
            Alert(
                resource_uid=uid,
                change=REVIEW_DUE,
                detail="Check that it is still current before you rely on it.",
                at=datetime.combine(due, time()),
            )
        )
    return len(rows)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def alerts(session: Session) -> list[AlertInfo]:
    """Every alert not dismissed, newest first (alerts of resources since deleted for
    good are left out: there is nothing left to open)."""
    rows = session.execute(
        select(Alert, Resource.title, Resource.kind)
        .join(Resource, Resource.uid == Alert.resource_uid)
        .order_by(Alert.at.desc(), Alert.id.desc())
    ).all()
    uids = {row.Alert.resource_uid for row in rows}
    places = _collections_of(session, uids)
    marked = set(
        session.scalars(select(Bookmark.resource_uid).where(Bookmark.resource_uid.in_(uids)))
    )
    logged = set(
        session.scalars(select(CpdEntry.resource_uid).where(CpdEntry.resource_uid.in_(uids)))
    )
    replacements = {row.Alert.replacement for row in rows if row.Alert.replacement}
    titles = {
        row.uid: row.title
        for row in session.execute(
            select(Resource.uid, Resource.title).where(Resource.uid.in_(replacements))
        )
    }
    return [
        AlertInfo(
            id=row.Alert.id,
            uid=row.Alert.resource_uid,
            title=row.title,
            kind=row.kind,
            change=row.Alert.change,
            detail=row.Alert.detail,
            replacement=row.Alert.replacement,
            replacement_title=titles.get(row.Alert.replacement, ""),
            at=row.Alert.at,
            seen=row.Alert.seen,
            collections=tuple(places.get(row.Alert.resource_uid, ())),
            bookmarked=row.Alert.resource_uid in marked,
            logged=row.Alert.resource_uid in logged,
        )
        for row in rows
    ]


def _collections_of(session: Session, uids: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    rows = session.execute(
        select(CollectionItem.resource_uid, Collection.name)
        .join(Collection, Collection.id == CollectionItem.collection_id)
        .where(CollectionItem.resource_uid.in_(uids))
        .order_by(func.lower(Collection.name))
    )
    for uid, name in rows:
        found.setdefault(uid, []).append(name)
    return found


def unseen_count(session: Session) -> int:
    query = (
        select(func.count())
        .select_from(Alert)
        .join(Resource, Resource.uid == Alert.resource_uid)
        .where(Alert.seen.is_(False))
    )
    return session.scalar(query) or 0


def mark_seen(session: Session, ids: Sequence[int] | None = None) -> int:
    """Mark the given alerts (all, without ``ids``) as seen; returns how many changed."""
    statement = update(Alert).where(Alert.seen.is_(False)).values(seen=True)
    if ids is not None:
        statement = statement.where(Alert.id.in_(list(ids)))
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]


def dismiss(session: Session, ids: Sequence[int]) -> int:
    """Remove alerts the person has dealt with; returns how many went."""
    return session.execute(delete(Alert).where(Alert.id.in_(list(ids)))).rowcount or 0  # type: ignore[attr-defined]


_VERBS = {
    "updated": "was updated at its source",
    "superseded": "was superseded",
    "withdrawn": "was withdrawn",
    "retracted": "was retracted",
}


def sentence(alert: AlertInfo, emphasis: Callable[[str], str] = lambda name: f"“{name}”") -> str:
    """ "The briefing you use in “Induction week” was superseded on 3 December 2026."

    ``emphasis`` marks a collection's name (the window puts it in italics)."""
    names = [emphasis(name) for name in alert.collections[:2]]
    if len(alert.collections) > 2:
        names.append(f"{len(alert.collections) - 2} more")
    if names:
        where = " you use in " + (
            names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        )
    elif alert.bookmarked:
        where = " you bookmarked"
    elif alert.logged:
        where = " in your CPD log"
    else:
        where = ""
    kind = alert.kind or "resource"
    if alert.change == REVIEW_DUE:
        return f"The {kind}{where} is due for review since {_day(alert.at.date())}."
    verb = _VERBS.get(alert.change, f"changed ({alert.change})")
    return f"The {kind}{where} {verb} on {_day(alert.at.date())}."


# --- the user-data backup -----------------------------------------------------------------


def backup_part(session: Session) -> dict[str, Any]:
    """The alerts not dismissed, and which review-due dates were already raised."""
    rows = session.scalars(select(Alert).order_by(Alert.at, Alert.id))
    notices = session.scalars(select(ReviewNotice).order_by(ReviewNotice.review_due))
    return {
        "alerts": [
            {
                "uid": a.resource_uid,
                "change": a.change,
                "detail": a.detail,
                "replacement": a.replacement,
                "at": a.at.isoformat(timespec="seconds"),
                "seen": a.seen,
            }
            for a in rows
        ],
        "review_notices": [
            {"uid": n.resource_uid, "review_due": n.review_due.isoformat()} for n in notices
        ],
    }


def merge_part(session: Session, data: dict[str, Any]) -> int:
    """Add the file's alerts this library lacks (the same resource, change and time)."""
    known = {(a.resource_uid, a.change, a.at) for a in session.scalars(select(Alert))}
    added = 0
    for entry in data.get("alerts") or []:
        found = _alert_of(entry)
        if found is not None and (found.resource_uid, found.change, found.at) not in known:
            session.add(found)
            known.add((found.resource_uid, found.change, found.at))
            added += 1
    noticed = {(n.resource_uid, n.review_due) for n in session.scalars(select(ReviewNotice))}
    for entry in data.get("review_notices") or []:
        try:
            uid, due = str(entry["uid"]), date.fromisoformat(str(entry["review_due"]))
        except (KeyError, TypeError, ValueError):
            continue
        if uid and (uid, due) not in noticed:
            session.add(ReviewNotice(resource_uid=uid, review_due=due))
            noticed.add((uid, due))
    return added


def _alert_of(entry: object) -> Alert | None:
    if not isinstance(entry, dict):
        return None
    uid, change = entry.get("uid"), entry.get("change")
    if not (isinstance(uid, str) and uid and change in (*CHANGES, REVIEW_DUE)):
        return None
    try:
        at = datetime.fromisoformat(str(entry.get("at")))
    except ValueError:
        return None
    return Alert(
        resource_uid=uid,
        change=change,
        detail=str(entry.get("detail") or ""),
        replacement=str(entry.get("replacement") or ""),
        at=at,
        seen=bool(entry.get("seen")),
    )
