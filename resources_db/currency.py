"""Whether a resource is still current, and noticing when its source says it is not.

Each resource carries a status (``STATUSES``), the date someone last reviewed
it, a review-due date, and links to what superseded it or what it replaces (a
uid in the library or an address). Sources change these in two ways, both
seen while ``catalogue_writer.apply_pack`` writes a pack:

- an item the source carries again with other content (a hash of its title,
  summary, text, link and authors; never its dates, which feeds get wrong) is
  ``updated``; an item the source marks superseded, withdrawn or retracted
  (a pack's ``status``, or what a feed says, see ``importers/feed_currency``)
  takes that status;
- a ``CurrencyUpdate`` names a resource the source no longer carries but says
  something about (a feed's RFC 6721 tombstone: withdrawn).

An item merely missing from a source is never marked: feeds drop old items.
Each change to a resource the person uses becomes an alert (``alerts.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from resources_db import resource_bin
from resources_db.currency_terms import CHANGES, CURRENCY_FIELDS, STATUSES, CurrencyUpdate
from resources_db.models import Resource

if TYPE_CHECKING:
    from resources_db.packs import PackResource

# A source that stops saying "retracted" has not un-retracted anything, and an
# old export saying "current" must not undo a retraction found since: a
# superseded, withdrawn or retracted resource changes only to a graver status.
_STRENGTH = {status: rank for rank, status in enumerate(STATUSES)}


def _gives_way(old: str, new: str) -> bool:
    return old in ("current", "updated") or _STRENGTH.get(new, 0) > _STRENGTH.get(old, 0)


_HASHED = ("title", "summary", "body", "url", "media_url")
_LINKS = ("superseded_by", "replaces")


@dataclass(frozen=True)
class Currency:
    """A resource's currency as the detail pane and ``show`` display it."""

    status: str = "current"
    last_reviewed: date | None = None
    review_due: date | None = None
    superseded_by: str = ""  # a uid in the library, or an address
    superseded_by_title: str = ""  # its title when it is in the library
    replaces: str = ""
    replaces_title: str = ""

    def review_overdue(self, today: date | None = None) -> bool:
        return self.review_due is not None and self.review_due < (today or date.today())


@dataclass(frozen=True)
class Noticed:
    """A change found while writing: ``change`` is one of CHANGES."""

    uid: str
    change: str
    detail: str
    replacement: str = ""


def content_hash(fields: Mapping[str, Any]) -> str:
    """What a source says of a resource, less its dates, as a short hash."""
    parts = [" ".join(str(fields.get(name) or "").split()) for name in _HASHED]
    parts.append("; ".join(str(name) for name in fields.get("authors") or ()))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def effective_status(resource: Resource) -> str:
    """The status shown: a resource its pack withdrew reads as withdrawn."""
    status = resource.status or "current"
    return "withdrawn" if status == "current" and resource.withdrawn else status


def currency_of(session: Session, resource: Resource) -> Currency:
    linked = [uid for uid in (resource.superseded_by, resource.replaces) if uid]
    query = select(Resource.uid, Resource.title).where(Resource.uid.in_(linked))
    titles = {row.uid: row.title for row in session.execute(query)} if linked else {}
    return Currency(
        status=effective_status(resource),
        last_reviewed=resource.last_reviewed,
        review_due=resource.review_due,
        superseded_by=resource.superseded_by,
        superseded_by_title=titles.get(resource.superseded_by, ""),
        replaces=resource.replaces,
        replaces_title=titles.get(resource.replaces, ""),
    )


@dataclass(frozen=True)
class _Before:
    status: str
    content_hash: str
    source: str


class CurrencyNotes:
    """Currency while one pack is written: ``before`` and ``after`` each resource,
    then ``finish`` once the pack is flushed (links resolved, changes gathered)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._superseded: list[Resource] = []
        self._replacing: list[Resource] = []  # ``replaces`` an address not found yet
        # uid -> (change, the resource, a detail the source gave or "").
        self._changed: dict[str, tuple[str, Resource, str]] = {}

    @staticmethod
    def before(resource: Resource | None) -> _Before | None:
        if resource is None or resource.id is None:
            return None
        return _Before(resource.status or "current", resource.content_hash, resource.source)

    def after(
        self, resource: Resource, item: PackResource, seen: _Before | None, *, binned: bool
    ) -> None:
        """Write the item's currency fields and note any change a person should hear of."""
        fields = item.fields
        for name in CURRENCY_FIELDS[1:]:
            value = fields.get(name)
            if value is None:  # the source says nothing of it
                continue
            if name in _LINKS:
                value = self._linked(resource, name, value)
            setattr(resource, name, value)
        old = seen.status if seen is not None else "current"
        given = fields.get("status")
        status = given if given is not None and _gives_way(old, given) else old
        new_hash = content_hash(fields)
        # A hash from another source (the same item from a list, then a feed) says nothing.
        moved = (
            seen is not None
            and bool(seen.content_hash)
            and seen.content_hash != new_hash
            and seen.source == fields.get("source", "")
        )
        if moved and status in ("current", "updated"):
            status = "updated"
        resource.status = status
        resource.content_hash = new_hash
        if status == "superseded" and resource.superseded_by:
            self._superseded.append(resource)
        news = status != old or (status == "updated" and moved)
        if seen is not None and not binned and status in CHANGES and news:
            self._changed[resource.uid] = (status, resource, "")

    def finish(self, updates: Iterable[CurrencyUpdate]) -> list[Noticed]:
        """Resolve replacement links, apply the source's word on items it no longer
        carries, and return every change noticed."""
        self._link_replacements()
        for update in updates:
            self._apply_update(update)
        return [
            Noticed(uid, change, detail or self._detail(change, resource), resource.superseded_by)
            for uid, (change, resource, detail) in self._changed.items()
        ]

    def _linked(self, resource: Resource, name: str, given: str) -> str:
        """``given`` (a uid or an address) as the uid of the library's resource it names,
        so a source repeating an address it gave before changes nothing. A resource
        new in this pack is not found yet: ``finish`` links it."""
        target = self._find(given)
        if target is None:
            if name == "replaces" and given:
                self._replacing.append(resource)
            return given
        return given if target.uid == resource.uid else target.uid

    def _link_replacements(self) -> None:
        """A replacement given as an address becomes the uid of the resource at that
        address, when the library has it; that resource then replaces this one."""
        for resource in self._replacing:
            target = self._find(resource.replaces)
            if target is not None and target.uid != resource.uid:
                resource.replaces = target.uid
        for resource in self._superseded:
            target = self._find(resource.superseded_by)
            if target is None or target.uid == resource.uid:
                continue
            resource.superseded_by = target.uid
            if not target.replaces:
                target.replaces = resource.uid

    def _find(self, reference: str) -> Resource | None:
        from resources_db.importers.uids import normalise_url

        wanted = reference.strip()
        if not wanted:
            return None
        options = {wanted, normalise_url(wanted), f"feed:{wanted}", f"feed:{normalise_url(wanted)}"}
        query = select(Resource).where(
            or_(Resource.uid.in_(options), Resource.url.in_(options | {wanted + "/"}))
        )
        return self.session.scalars(query.order_by(Resource.id).limit(1)).first()

    def _apply_update(self, update: CurrencyUpdate) -> None:
        for uid in update.uids:
            resource = self.session.scalar(select(Resource).where(Resource.uid == uid))
            if resource is None:
                continue
            old = resource.status or "current"
            if old != update.status and _gives_way(old, update.status):
                resource.status = update.status
                if not resource_bin.in_bin(self.session, [uid]):
                    self._changed[uid] = (update.status, resource, update.detail)
            return

    def _detail(self, change: str, resource: Resource) -> str:
        if change == "superseded":
            target = resource.superseded_by
            title = self.session.scalar(select(Resource.title).where(Resource.uid == target))
            return f"Replaced by “{title}”." if title else f"Replaced by {target}."
        return {
            "updated": "Its source changed what it says (the title, summary, text or link).",
            "withdrawn": "Its source withdrew it.",
            "retracted": "Its source retracted it.",
        }.get(change, "")
