"""CPD entries the app proposes from what it saw; the person confirms or dismisses each.

Two kinds of evidence, both kept with the private practice record:

- listening: the resume position the episode player saves. An episode heard to
  ``LISTENED_SHARE`` of its length is proposed once (``listened/<uid>``), as a
  podcast, for the minutes heard. Positions saved before suggestions existed
  count too (``gather``), dated by when they were saved.
- reading: the time a training resource (a kind logged as e-learning) stays
  open in the window, summed per day (``practice_reading``). A day with
  ``OPENED_SECONDS`` or more is proposed once (``opened/<day>/<uid>``); its
  minutes follow the day's total until the person decides.

A suggestion is never made for what is already logged: an episode with any
CPD entry, or a resource with an entry on that day. Deciding keeps the row
(its state), so nothing is proposed twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db import resource_bin
from resources_db.models import PlaybackPosition, Resource
from resources_db.practice_models import CpdEntry, CpdSuggestion, ReadingTime
from resources_db.practice_record import METHODS, PracticeError, suggested_method

LISTENED_SHARE = 0.8
OPENED_SECONDS = 10 * 60
# A pane left open overnight is not learning: one stretch counts for at most this.
MAX_STRETCH_SECONDS = 3 * 60 * 60
EPISODE_METHOD = "podcast"
READING_METHOD = "e-learning"
STATES = ("open", "confirmed", "dismissed")
REASONS = ("listened", "opened")


@dataclass(frozen=True)
class SuggestionInfo:
    id: int
    uid: str
    title: str
    kind: str
    day: date
    method: str
    minutes: int
    reason: str  # listened, opened

    @property
    def why(self) -> str:
        """What the app saw, in a few words."""
        if self.reason == "listened":
            return f"You listened to most of this {self.kind or 'episode'}."
        return f"It was open for {self.minutes} minutes that day."


def _key(reason: str, uid: str, day: date | None = None) -> str:
    return f"{reason}/{uid}" if day is None else f"{reason}/{day.isoformat()}/{uid}"


def _logged(session: Session, uid: str, day: date | None) -> bool:
    query = select(CpdEntry.id).where(CpdEntry.resource_uid == uid)
    if day is not None:
        query = query.where(CpdEntry.day == day)
    return session.scalar(query.limit(1)) is not None


def _propose(
    session: Session, key: str, uid: str, day: date, method: str, minutes: int, reason: str
) -> bool:
    """Add the suggestion unless it was made before; True when it is new."""
    if session.scalar(select(CpdSuggestion.id).where(CpdSuggestion.key == key)) is not None:
        return False
    session.add(
        CpdSuggestion(
            key=key,
            resource_uid=uid,
            day=day,
            method=method,
            minutes=max(1, minutes),
            reason=reason,
            state="open",
        )
    )
    session.flush()
    return True


def _resource(session: Session, uid: str) -> Any:
    return session.execute(
        select(Resource.kind, Resource.duration_seconds).where(Resource.uid == uid)
    ).first()


def note_listening(
    session: Session, uid: str, position: float, duration: float, today: date
) -> bool:
    """The player saved ``position`` of an episode ``duration`` seconds long (0: unknown,
    the catalogue's length is used). True when this made a new suggestion."""
    found = _resource(session, uid)
    if found is None or position <= 0:
        return False
    length = duration if duration > 0 else float(found.duration_seconds or 0)
    if length <= 0 or position < LISTENED_SHARE * length or _logged(session, uid, None):
        return False
    minutes = math.ceil(min(position, length) / 60)
    return _propose(session, _key("listened", uid), uid, today, EPISODE_METHOD, minutes, "listened")


def reading_kind(kind: str) -> bool:
    """Whether time open counts as learning for this kind (training, video, film)."""
    return suggested_method(kind) == READING_METHOD


def note_reading(session: Session, uid: str, seconds: float, today: date) -> bool:
    """``uid`` was open for ``seconds`` more today. True when this made a new suggestion."""
    found = _resource(session, uid)
    if found is None or seconds < 1 or not reading_kind(found.kind):
        return False
    added = int(min(seconds, MAX_STRETCH_SECONDS))
    row = session.get(ReadingTime, (uid, today))
    if row is None:
        row = ReadingTime(resource_uid=uid, day=today, seconds=0)
        session.add(row)
    row.seconds += added
    minutes = round(row.seconds / 60)
    key = _key("opened", uid, today)
    made = session.scalar(select(CpdSuggestion).where(CpdSuggestion.key == key))
    if made is not None:
        if made.state == "open":
            made.minutes = max(1, minutes)
        return False
    if row.seconds < OPENED_SECONDS or _logged(session, uid, today):
        return False
    return _propose(session, key, uid, today, READING_METHOD, minutes, "opened")


def gather(session: Session) -> int:
    """Suggestions from resume positions saved before they were noticed; how many are new."""
    rows = session.execute(
        select(PlaybackPosition.resource_uid, PlaybackPosition.seconds, PlaybackPosition.updated_at)
        .join(Resource, Resource.uid == PlaybackPosition.resource_uid)
        .where(Resource.duration_seconds > 0)
        .where(PlaybackPosition.seconds >= Resource.duration_seconds * LISTENED_SHARE)
    ).all()
    known = set(
        session.scalars(select(CpdSuggestion.key).where(CpdSuggestion.reason == "listened"))
    )
    made = 0
    for uid, seconds, saved in rows:
        if _key("listened", uid) not in known:
            made += note_listening(session, uid, seconds, 0, saved.date())
    return made


def suggestions(session: Session) -> list[SuggestionInfo]:
    """Open suggestions, newest first: none for a resource logged since, binned or gone."""
    rows = session.execute(
        select(CpdSuggestion, Resource.title, Resource.kind)
        .join(Resource, Resource.uid == CpdSuggestion.resource_uid)
        .where(CpdSuggestion.state == "open")
        .where(resource_bin.not_binned(CpdSuggestion.resource_uid))
        .order_by(CpdSuggestion.day.desc(), CpdSuggestion.id.desc())
    ).all()
    found = []
    for made, title, kind in rows:
        if _logged(session, made.resource_uid, made.day if made.reason == "opened" else None):
            continue
        found.append(
            SuggestionInfo(
                made.id,
                made.resource_uid,
                title,
                kind,
                made.day,
                made.method,
                made.minutes,
                made.reason,
            )
        )
    return found


def suggestion(session: Session, suggestion_id: int) -> SuggestionInfo:
    found = next((s for s in suggestions(session) if s.id == suggestion_id), None)
    if found is None:
        raise PracticeError(f"There is no open CPD suggestion {suggestion_id}.")
    return found


def decide(session: Session, ids: Sequence[int], state: str, when: datetime | None = None) -> int:
    """Confirm or dismiss open suggestions; returns how many changed."""
    assert state in STATES[1:]
    rows = session.scalars(
        select(CpdSuggestion).where(CpdSuggestion.id.in_(list(ids)), CpdSuggestion.state == "open")
    ).all()
    for row in rows:
        row.state, row.decided_at = state, when or datetime.now()
    return len(rows)


# --- the user-data backup -----------------------------------------------------------------


def backup_part(session: Session) -> dict[str, Any]:
    made = session.scalars(select(CpdSuggestion).order_by(CpdSuggestion.id))
    read = session.scalars(select(ReadingTime).order_by(ReadingTime.day))
    return {
        "suggestions": [
            {
                "key": s.key,
                "uid": s.resource_uid,
                "date": s.day.isoformat(),
                "method": s.method,
                "minutes": s.minutes,
                "reason": s.reason,
                "state": s.state,
            }
            for s in made
        ],
        "reading": [
            {"uid": r.resource_uid, "date": r.day.isoformat(), "seconds": r.seconds} for r in read
        ],
    }


def merge_part(session: Session, data: dict[str, Any]) -> int:
    """Add what the file has and this library lacks: a decision in the file holds here
    (a suggestion dismissed there is not offered again); reading time keeps the larger."""
    added = 0
    for s in data.get("suggestions") or []:
        if not _valid_suggestion(s):
            continue
        row = session.scalar(select(CpdSuggestion).where(CpdSuggestion.key == s["key"]))
        if row is None:
            session.add(
                CpdSuggestion(
                    key=s["key"],
                    resource_uid=s["uid"],
                    day=date.fromisoformat(s["date"]),
                    method=s["method"],
                    minutes=s["minutes"],
                    reason=s["reason"],
                    state=s["state"],
                )
            )
            added += 1
        elif row.state == "open" and s["state"] != "open":
            row.state, row.decided_at = s["state"], datetime.now()
    for r in data.get("reading") or []:
        if not _valid_reading(r):
            continue
        day = date.fromisoformat(r["date"])
        read = session.get(ReadingTime, (r["uid"], day))
        if read is None:
            session.add(ReadingTime(resource_uid=r["uid"], day=day, seconds=r["seconds"]))
        else:
            read.seconds = max(read.seconds, r["seconds"])
    session.flush()
    return added


def is_day(value: object) -> bool:
    """An ISO date as the user-data file writes one (the practice backup checks them too)."""
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _valid_suggestion(s: object) -> bool:
    return (
        isinstance(s, dict)
        and all(isinstance(s.get(k), str) and s[k] for k in ("key", "uid"))
        and is_day(s.get("date"))
        and s.get("method") in METHODS
        and isinstance(s.get("minutes"), int)
        and s["minutes"] > 0
        and s.get("reason") in REASONS
        and s.get("state") in STATES
    )


def _valid_reading(r: object) -> bool:
    return (
        isinstance(r, dict)
        and isinstance(r.get("uid"), str)
        and bool(r["uid"])
        and is_day(r.get("date"))
        and isinstance(r.get("seconds"), int)
        and r["seconds"] >= 0
    )
