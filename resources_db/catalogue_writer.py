"""Writing validated packs into the catalogue: upsert by uid, never duplicate."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, object_session

from resources_db import edits, index_queue, resource_bin, user_tags
from resources_db.alerts import raise_alerts
from resources_db.catalogue import FULL_RESOURCE, AttachmentInfo
from resources_db.currency import CurrencyNotes
from resources_db.edits import VOCABULARY_OF, EditableField, FieldValue
from resources_db.models import (
    Attachment,
    Campaign,
    CampaignDay,
    CampaignFigure,
    Collection,
    CollectionItem,
    Hashtag,
    Organisation,
    Person,
    Resource,
    ResourceEdit,
    Term,
    resource_authors,
)
from resources_db.packs import Pack, PackAttachment, PackError, PackResource, parse_campaign


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    # Resources the source still carries that the user deleted: they stay in the bin.
    binned: int = 0
    collections: int = 0
    # The pack's reading lists: those it added, and those already here (left as they are).
    collection_names: list[str] = field(default_factory=list)
    collections_kept: list[str] = field(default_factory=list)


class Lookup:
    """Get-or-create for the small shared tables, cached for one pack (or one edit)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # These tables stay small (hundreds to a few thousand rows): load them
        # whole once instead of one query per name per resource.
        self.organisations = {o.name: o for o in session.scalars(select(Organisation))}
        self.people = {p.name: p for p in session.scalars(select(Person))}
        self.terms = {(t.vocabulary, t.name): t for t in session.scalars(select(Term))}

    def organisation(self, name: str) -> Organisation:
        if name not in self.organisations:
            self.organisations[name] = Organisation(name=name)
            self.session.add(self.organisations[name])
        return self.organisations[name]

    def person(self, name: str) -> Person:
        if name not in self.people:
            self.people[name] = Person(name=name)
            self.session.add(self.people[name])
        return self.people[name]

    def term(self, vocabulary: str, name: str) -> Term:
        key = (vocabulary, name.lower())
        if key not in self.terms:
            self.terms[key] = Term(vocabulary=vocabulary, name=name.lower())
            self.session.add(self.terms[key])
        return self.terms[key]


def apply_pack(session: Session, pack: Pack, attachments_dir: Path) -> ImportCounts:
    """Write ``pack`` into the catalogue inside the caller's transaction.

    This is the one place sources write resources: a field the user edited
    keeps the user's value (the source's is remembered beside it), and a
    resource the user deleted is updated but stays in the bin."""
    lookup = Lookup(session)
    _apply_directory(lookup, pack)
    counts = ImportCounts()
    uids = [r.uid for r in pack.resources]
    existing = _existing_resources(session, uids)
    edited = edits.edit_rows(session, existing)
    # A uid can be in the bin before it arrives (a deletion merged from a user-data file).
    binned = resource_bin.in_bin(session, uids)
    written: list[Resource] = []
    new_campaigns: list[str] = []
    currency = CurrencyNotes(session)
    # Without autoflush, a 100,000-resource pack is one flush, not one per lookup.
    with session.no_autoflush:
        for item in pack.resources:
            resource = existing.get(item.uid)
            if item.uid in binned:
                counts.binned += 1
            elif resource is None:
                counts.added += 1
            seen = currency.before(resource)
            if resource is None:
                resource = Resource(uid=item.uid)
                session.add(resource)
            values = _source_values(
                session, resource, item, edited.get(item.uid, {}), new=seen is None
            )
            if _fill_resource(resource, item, values, lookup, attachments_dir, new=seen is None):
                new_campaigns.append(item.uid)
            said = _as_last_known(resource, item, edited.get(item.uid, {})) if seen else item
            currency.after(resource, said, seen, binned=item.uid in binned)
            if seen is not None and item.uid not in binned and _changed(session, resource):
                counts.updated += 1  # what the source sent again unchanged is not "updated"
            written.append(resource)
    session.flush()
    _enqueue_parts(session, new_campaigns)
    order_authors(session, written)
    _check_links(session, pack)
    _withdraw(session, pack.withdrawn)
    # Changes to what the person uses become alerts in this same transaction.
    raise_alerts(session, currency.finish(pack.currency_updates))
    counts.collection_names, counts.collections_kept = _add_collections(session, pack)
    counts.collections = len(counts.collection_names)
    _add_tags(session, pack)
    return counts


def _as_last_known(
    resource: Resource, item: PackResource, edited: dict[str, ResourceEdit]
) -> PackResource:
    """``item`` as its source gave it: a field it does not carry as the source last gave
    it, and a field the exporting person edited as their source gave it. So a file
    saying nothing of the full text, or a person's own edit, is no changed resource."""
    if item.carried is None and not item.edited:
        return item
    fields = dict(item.fields)
    for name in ("source", "media_url"):
        if not item.carries(name):
            fields[name] = getattr(resource, name)
    for editable in edits.EDITABLE_FIELDS:
        row = edited.get(editable)
        if editable in item.edited:
            value = edits.from_json(editable, item.edited[editable])
        elif item.carries(editable) and not (item.as_shown and row is not None):
            continue
        elif row is not None:
            value = edits.from_json(editable, row.source_value)
        else:
            value = edits.current_value(resource, editable)
        fields[editable] = list(value) if isinstance(value, tuple) else value
    return replace(item, fields=fields)


def _changed(session: Session, resource: Resource) -> bool:
    """Whether writing the source's values changed anything: names, fields or links."""
    return session.is_modified(resource, include_collections=True)


def _source_values(
    session: Session,
    resource: Resource,
    item: PackResource,
    edited: dict[str, ResourceEdit],
    *,
    new: bool,
) -> dict[EditableField, FieldValue]:
    """The editable fields' values to write: the source's, except where the user edited.

    A field the source says nothing about is left out (it stays as it is), unless
    the resource is new."""
    values = {
        name: edits.pack_value(item.fields, name)
        for name in edits.EDITABLE_FIELDS
        if new or item.carries(name)
    }
    for name, row in edited.items():
        field = next(f for f in edits.EDITABLE_FIELDS if f == name)
        if field not in values:
            continue
        users = edits.current_value(resource, field)
        if item.as_shown and values[field] == users:
            values[field] = users  # the person's own edit, exported and brought back
            continue
        # A pack exported by someone who had edited the field gives their value;
        # the source's value is the one they remembered beside it.
        incoming = (
            edits.from_json(field, item.edited[field]) if field in item.edited else values[field]
        )
        if edits.note_source_value(row, incoming, users):
            session.delete(row)
        values[field] = users
    return values


def write_fields(
    resource: Resource, values: Mapping[EditableField, FieldValue], lookup: Lookup
) -> None:
    """Set the editable fields given (in ``edits.normal`` form); others stay as they are."""
    vocabularies: dict[str, tuple[str, ...]] = {}
    for name, value in values.items():
        if name in VOCABULARY_OF:
            vocabularies[VOCABULARY_OF[name]] = _names(value)
        elif name == "authors":
            resource.authors = [lookup.person(person) for person in _names(value)]
        elif name == "organisations":
            resource.organisations = [lookup.organisation(org) for org in _names(value)]
        else:
            setattr(resource, name, value)
    if vocabularies:
        kept = [term for term in resource.terms if term.vocabulary not in vocabularies]
        new = [
            lookup.term(vocabulary, name)
            for vocabulary, names in vocabularies.items()
            for name in names
        ]
        resource.terms = list({id(term): term for term in kept + new}.values())


def _names(value: FieldValue) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else ()


def order_authors(session: Session, resources: list[Resource]) -> None:
    """Store each resource's authors in the order given (the association keeps no order)."""
    rows = [
        {"resource": resource.id, "person": person.id, "pos": position}
        for resource in resources
        if len(resource.authors) > 1
        for position, person in enumerate(resource.authors)
    ]
    if rows:
        session.execute(
            update(resource_authors)
            .where(resource_authors.c.resource_id == bindparam("resource"))
            .where(resource_authors.c.person_id == bindparam("person"))
            .values(position=bindparam("pos")),
            rows,
        )


UID_CHUNK = 5000  # well under SQLite's limit on bound parameters


def _existing_resources(session: Session, uids: list[str]) -> dict[str, Resource]:
    found: dict[str, Resource] = {}
    for start in range(0, len(uids), UID_CHUNK):
        query = (
            select(Resource)
            .where(Resource.uid.in_(uids[start : start + UID_CHUNK]))
            .options(*FULL_RESOURCE)
        )
        found.update((r.uid, r) for r in session.scalars(query))
    return found


def _apply_directory(lookup: Lookup, pack: Pack) -> None:
    for entry in pack.organisations:
        organisation = lookup.organisation(entry["name"])
        organisation.short_name = entry["short_name"] or organisation.short_name
        organisation.description = entry["description"] or organisation.description
        organisation.url = entry["url"] or organisation.url
    for entry in pack.people:
        person = lookup.person(entry["name"])
        person.description = entry["description"] or person.description
        person.url = entry["url"] or person.url


def _fill_resource(
    resource: Resource,
    item: PackResource,
    values: Mapping[EditableField, FieldValue],
    lookup: Lookup,
    attachments_dir: Path,
    *,
    new: bool,
) -> bool:
    """Write the source's values; a field it does not carry stays as it is.

    Returns whether the resource's campaign changed (its parts are found by it)."""
    fields = item.fields

    def given(name: str) -> bool:
        return new or item.carries(name)

    write_fields(resource, values, lookup)
    for name in ("source", "media_url", "journal", "volume", "issue", "pages", "doi"):
        if given(name):
            setattr(resource, name, fields.get(name, ""))
    if given("episode"):
        resource.episode_number = fields.get("episode")
    if given("season"):
        resource.season_number = fields.get("season")
    if given("part_of"):
        resource.part_of_uid = fields["part_of"] or None
    if given("extra"):
        resource.extra = [list(pair) for pair in fields.get("extra", [])]
    resource.withdrawn = False
    if item.attachments or not resource.attachments:
        # A feed never carries files: an episode downloaded for offline use stays.
        resource.attachments = [store_attachment(a, attachments_dir) for a in item.attachments]
    return given("campaign") and _set_campaign(resource, item.campaign)


def _set_campaign(resource: Resource, incoming: dict[str, Any] | None) -> bool:
    """Replace the campaign when the source's differs; returns whether it did."""
    old = resource.campaign
    if incoming is not None:
        incoming = _with_known_days(incoming, old)
    if (old is None and incoming is None) or (
        old is not None and incoming is not None and _campaign_data(old) == _by_day(incoming)
    ):
        return False
    if old is not None:
        # One campaign per resource: the old row must go before its replacement arrives.
        resource.campaign = None
        session = object_session(resource)
        if session is not None:
            session.flush()
    resource.campaign = _campaign(incoming) if incoming else None
    return True


def _with_known_days(incoming: dict[str, Any], old: Campaign | None) -> dict[str, Any]:
    """A day whose link the source left out (outside its pack) keeps the library's link."""
    known = {day.day: day.resource_uid for day in old.days} if old is not None else {}
    days = [
        {**day, "uid": known.get(day["day"], "")} if day["uid"] is None else day
        for day in incoming["days"]
    ]
    return {**incoming, "days": days}


def _by_day(campaign: dict[str, Any]) -> dict[str, Any]:
    # Stored days come back in date order.
    return {**campaign, "days": sorted(campaign["days"], key=lambda day: day["day"])}


def _campaign_data(campaign: Campaign) -> dict[str, Any]:
    """A stored campaign in the form ``packs`` reads one, to compare with a source's:
    written as an export writes it, then read as an import reads it (one definition
    of each form)."""
    from resources_db.exporters.pack import campaign_entry  # it imports this module

    return parse_campaign(campaign_entry(campaign), "the library")


def _enqueue_parts(session: Session, uids: list[str]) -> None:
    """A part (a campaign's day) is found by its whole's campaign: re-index the parts
    of the resources whose campaign changed."""
    parts: set[str] = set()
    for start in range(0, len(uids), UID_CHUNK):
        chunk = uids[start : start + UID_CHUNK]
        parts.update(session.scalars(select(Resource.uid).where(Resource.part_of_uid.in_(chunk))))
    index_queue.enqueue(session, sorted(parts))


def store_attachment(attachment: PackAttachment, attachments_dir: Path) -> Attachment:
    """Keep the bytes under ``attachments/ab/<sha256><ext>``; identical files are stored once."""
    digest = hashlib.sha256(attachment.data).hexdigest()
    name = PurePosixPath(attachment.path).name
    target = attachment_path(attachments_dir, digest, name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        partial.write_bytes(attachment.data)
        partial.replace(target)
    media_type = attachment.media_type
    if media_type == "application/octet-stream":
        media_type = mimetypes.guess_type(name)[0] or media_type
    return Attachment(
        sha256=digest,
        title=attachment.title,
        filename=name,
        media_type=media_type,
        size=len(attachment.data),
    )


def attachment_path(attachments_dir: Path, digest: str, filename: str) -> Path:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return attachments_dir / digest[:2] / f"{digest}{suffix}"


def _campaign(data: dict[str, Any]) -> Campaign:
    return Campaign(
        name=data["name"],
        short_name=data["short_name"],
        edition=data["edition"],
        first_held=data["first_held"],
        recurrence=data["recurrence"],
        starts=data["starts"],
        ends=data["ends"],
        theme=data["theme"],
        hashtags=[Hashtag(tag=tag, position=i) for i, tag in enumerate(data["hashtags"])],
        figures=[CampaignFigure(position=i, **figure) for i, figure in enumerate(data["figures"])],
        days=[
            CampaignDay(day=day["day"], theme=day["theme"], resource_uid=day["uid"])
            for day in data["days"]
        ],
    )


def _check_links(session: Session, pack: Pack) -> None:
    wanted = {r.fields["part_of"] for r in pack.resources if r.fields["part_of"]}
    for item in pack.resources:
        if item.campaign:
            wanted.update(day["uid"] for day in item.campaign["days"] if day["uid"])
    known = set(session.scalars(select(Resource.uid).where(Resource.uid.in_(wanted))))
    missing = sorted(wanted - known)
    if missing:
        raise PackError(
            f"The pack refers to {missing[0]!r}, which is neither in it nor in the library."
        )


def _withdraw(session: Session, uids: list[str]) -> None:
    # Withdrawn items are kept (marked) rather than deleted: someone may have
    # bookmarked them or put them in a reading list.
    for resource in session.scalars(select(Resource).where(Resource.uid.in_(uids))):
        resource.withdrawn = True


def _add_collections(session: Session, pack: Pack) -> tuple[list[str], list[str]]:
    """Bring the pack's reading lists in; a list of the same name is left as the user has it.

    Returns the names of the lists added and of those already in the library.
    """
    added: list[str] = []
    kept: list[str] = []
    for incoming in pack.collections:
        if session.scalar(select(Collection.id).where(Collection.name == incoming.name)):
            kept.append(incoming.name)
            continue
        collection = Collection(
            name=incoming.name, description=incoming.description, objectives=incoming.objectives
        )
        unique_items = dict(incoming.items)
        collection.items = [
            CollectionItem(resource_uid=uid, note=note, position=position)
            for position, (uid, note) in enumerate(unique_items.items())
        ]
        session.add(collection)
        added.append(incoming.name)
    return added, kept


def _add_tags(session: Session, pack: Pack) -> None:
    """A pack's tags (a collection exported with them) join the user's own, never replacing."""
    if not pack.tags:
        return
    tagged = sorted({uid for tag in pack.tags for uid in tag.uids})
    known: set[str] = set()
    for start in range(0, len(tagged), UID_CHUNK):
        chunk = tagged[start : start + UID_CHUNK]
        known.update(session.scalars(select(Resource.uid).where(Resource.uid.in_(chunk))))
    user_tags.merge_tag_links(
        session, [(tag.name, [uid for uid in tag.uids if uid in known]) for tag in pack.tags]
    )


def add_download(
    session: Session, uid: str, attachment: PackAttachment, attachments_dir: Path
) -> AttachmentInfo:
    """Keep a downloaded file (an episode's audio) with its resource for offline use."""
    resource = session.scalar(select(Resource).where(Resource.uid == uid))
    if resource is None:
        raise ValueError(f"There is no resource with uid {uid!r}.")
    stored = store_attachment(attachment, attachments_dir)
    if all(a.sha256 != stored.sha256 for a in resource.attachments):
        resource.attachments.append(stored)
    return AttachmentInfo(
        stored.title, stored.filename, stored.media_type, stored.size, stored.sha256
    )
