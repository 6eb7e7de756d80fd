"""When two imported records are the same resource, and the uid each one gets.

A record is the same resource as another only when its identifiers say so:

- a *strong* identity (an explicit uid, a DOI, a feed entry's GUID, a file's
  hash) is its uid: the same uid is the same resource;
- a link is a *weak* identity: two records with the same link are the same
  resource only when their titles match too (many references share a
  publisher's landing page, or carry a placeholder link);
- with neither, the title and year give a weak identity that also needs the
  first author, the journal (or source) and the publishers to agree where
  both have them.

A weak record that is not the same resource as the one already holding its
uid gets a uid derived from its own details (``<uid>~<hash>``), so the same
file imported again finds the same uids: re-importing updates, never
duplicates. ``assign_uids`` decides within one file (no database);
``resolve_uids`` decides against the library, in the import's transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from resources_db.edits import FieldValue, source_values
from resources_db.importers.common import build_pack
from resources_db.importers.model import Skipped
from resources_db.importers.uids import best_uid, normalise_doi, normalise_title
from resources_db.models import Resource
from resources_db.packs import Pack, PackError, PackResource

_CHUNK = 500  # well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class Identity:
    uid: str  # the uid the record's identifiers give (before any derivation)
    strong: bool
    by_link: bool = False
    title: str = ""  # normalised
    author: str = ""  # the first author's family name, normalised
    source: str = ""  # the journal or source, normalised
    publishers: frozenset[str] = frozenset()  # organisations, normalised
    reason: str = ""  # what made it: "DOI", "uid", "link and title", "title and year"

    def derived_uid(self) -> str:
        # A link with another title is told apart by the title; a title with
        # no link by its author, source and publishers too (its uid already
        # holds the title and year).
        key = self.title
        if not self.by_link:
            key += f"|{self.author}|{self.source}|{'|'.join(sorted(self.publishers))}"
        return f"{self.uid}~{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"

    def matches(self, other: Details) -> bool:
        """Whether a record (or a resource) with these details is this one."""
        if self.strong:
            return True
        if other.title != self.title:
            return False
        if self.by_link:
            return True
        return (
            _agree(other.author, self.author)
            and _agree(other.source, self.source)
            and (
                not other.publishers
                or not self.publishers
                or bool(other.publishers & self.publishers)
            )
        )

    @property
    def details(self) -> Details:
        return Details(self.title, self.author, self.source, self.publishers)


@dataclass(frozen=True)
class Details:
    """What is compared when a title (and perhaps a link) is all that identifies a record."""

    title: str
    author: str
    source: str
    publishers: frozenset[str]

    @classmethod
    def of(cls, resource: Resource, source: Mapping[str, FieldValue] | None = None) -> Details:
        """``source``: the source's values of fields the user edited, which are
        what a record from that source is compared with."""
        source = source or {}
        title = source.get("title", resource.title)
        authors = source.get("authors", tuple(person.name for person in resource.authors))
        organisations = source.get("organisations", tuple(o.name for o in resource.organisations))
        return cls(
            normalise_title(str(title)),
            family_name(authors if isinstance(authors, tuple) else ()),
            normalise_title(resource.journal or resource.source),
            frozenset(
                normalise_title(name)
                for name in (organisations if isinstance(organisations, tuple) else ())
            ),
        )


def _agree(one: str, other: str) -> bool:
    return not one or not other or one == other


def family_name(authors: Iterable[str]) -> str:
    """The first author's family name (names are stored "First Last"), for matching."""
    first = next((name for name in authors if name.strip()), "")
    words = normalise_title(first).split()
    return words[-1] if words else ""


def identify(
    title: str,
    *,
    uid: str = "",
    doi: str = "",
    url: str = "",
    year: int | None = None,
    authors: Iterable[str] = (),
    source: str = "",
    publishers: Iterable[str] = (),
) -> Identity:
    """The identity of a record from a reference list (CSV, JSON, RIS)."""
    details: dict[str, Any] = {
        "title": normalise_title(title),
        "author": family_name(authors),
        "source": normalise_title(source),
        "publishers": frozenset(normalise_title(name) for name in publishers if name.strip()),
    }
    base = best_uid(title, uid=uid, doi=doi, url=url, year=year)
    if uid.strip():
        return Identity(base, strong=True, reason="uid", **details)
    if base.startswith("doi:") and normalise_doi(base[4:]):
        return Identity(base, strong=True, reason="DOI", **details)
    if url.strip():
        return Identity(base, strong=False, by_link=True, reason="link and title", **details)
    return Identity(base, strong=False, reason="title and year", **details)


def link_identity(uid: str, title: str) -> Identity:
    """A record known by a link alone (a feed entry with no GUID): the title must match."""
    return Identity(
        uid, strong=False, by_link=True, title=normalise_title(title), reason="link and title"
    )


def strong_identity(uid: str, reason: str) -> Identity:
    return Identity(uid, strong=True, reason=reason)


@dataclass
class _Record:
    row: int
    identity: Identity
    resource: PackResource


class UidAssigner:
    """Gives each record of one file its uid; records that are one resource are merged.

    ``add`` returns None when the record is new, or the row of the earlier
    record it is the same resource as (the later one is left out and reported).
    """

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.skipped: list[Skipped] = []
        self._by_uid: dict[str, _Record] = {}
        self._by_base: dict[str, list[_Record]] = {}

    def add(self, row: int, identity: Identity, resource: PackResource, noun: str = "row") -> None:
        earlier = self._same_as(identity)
        if earlier is not None:
            self.skipped.append(
                Skipped(row, f"the same resource as {noun} {earlier.row} (same {identity.reason})")
            )
            return
        uid = identity.uid if identity.uid not in self._by_uid else identity.derived_uid()
        while uid in self._by_uid:  # only when two records' details hash alike
            uid += "~"
        resource.fields["uid"] = uid
        record = _Record(row, identity, resource)
        self.records.append(record)
        self._by_uid[uid] = record
        self._by_base.setdefault(identity.uid, []).append(record)

    def _same_as(self, identity: Identity) -> _Record | None:
        if identity.strong:
            earlier = self._by_uid.get(identity.uid)
            return earlier if earlier is not None and earlier.identity.strong else None
        for earlier in self._by_base.get(identity.uid, []):
            if not earlier.identity.strong and identity.matches(earlier.identity.details):
                return earlier
        return None

    def pack(self, pack_id: str, title: str) -> Pack:
        return build_pack(pack_id, title, [record.resource for record in self.records])

    def identities(self) -> dict[str, Identity]:
        """The weak identities by the uid given here, for ``resolve_uids``."""
        return {
            record.resource.uid: record.identity
            for record in self.records
            if not record.identity.strong
        }


def resolve_uids(session: Session, pack: Pack, identities: dict[str, Identity]) -> None:
    """Give each weakly identified resource the uid it has in the library, or a free one.

    In order: the uid its identifiers give, when the resource there is the
    same one; else its derived uid, when the library has it; else the uid its
    identifiers give, when free; else its derived uid.
    """
    weak = [(item, identities[item.uid]) for item in pack.resources if item.uid in identities]
    if not weak:
        return
    wanted = {uid for _, identity in weak for uid in (identity.uid, identity.derived_uid())}
    found = _details(session, wanted)
    taken = {item.uid for item in pack.resources if item.uid not in identities}
    for item, identity in weak:
        base, derived = identity.uid, identity.derived_uid()
        if base in found and base not in taken and identity.matches(found[base]):
            uid = base
        elif derived in found or base in found or base in taken:
            uid = derived
        else:
            uid = base
        if uid in taken:
            raise PackError(f"Two resources in {pack.title} would share the uid {uid!r}.")
        taken.add(uid)
        item.fields["uid"] = uid


def _details(session: Session, uids: set[str]) -> dict[str, Details]:
    """The details of the resources the library has under these uids."""
    wanted = sorted(uids)
    found: dict[str, Details] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = (
            select(Resource)
            .where(Resource.uid.in_(wanted[start : start + _CHUNK]))
            .options(selectinload(Resource.authors), selectinload(Resource.organisations))
        )
        resources = list(session.scalars(query))
        edited = source_values(session, [resource.uid for resource in resources])
        found.update(
            (resource.uid, Details.of(resource, edited.get(resource.uid))) for resource in resources
        )
    return found


__all__ = [
    "Identity",
    "UidAssigner",
    "identify",
    "link_identity",
    "resolve_uids",
    "strong_identity",
]
