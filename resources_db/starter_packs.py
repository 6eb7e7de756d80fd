"""The starter catalogue: packs that ship with the app, each given to a library once.

``starter_packs`` records every pack a library was given and the digest of the
manifest it was given. On each start, a pack the library never had is written
whole (a new library gets them all; an older library gets a pack added in a
later release, once). A pack the library has whose manifest has changed since
only fills in what is missing: links, review dates and labelled details the
resources still lack, and organisations' addresses. Nothing the person made or
changed is touched: no reading list or tag is added again, no resource they
deleted comes back, no field they edited is overwritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db.catalogue_writer import ImportCounts, apply_pack
from resources_db.currency_models import StarterPack
from resources_db.models import Organisation, Resource, ResourceEdit
from resources_db.packs import Pack, read_pack


@dataclass
class StarterOutcome:
    given: list[str] = field(default_factory=list)  # packs written whole
    refreshed: list[str] = field(default_factory=list)  # packs whose gaps were filled
    counts: ImportCounts = field(default_factory=ImportCounts)


def manifest_digest(folder: Path) -> str:
    return hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()


def pending(session: Session, packs: dict[str, Path]) -> dict[str, str]:
    """The packs (name -> digest) the library lacks or has in another version."""
    given = {row.name: row.digest for row in session.scalars(select(StarterPack))}
    digests = {name: manifest_digest(folder) for name, folder in packs.items()}
    return {name: digest for name, digest in digests.items() if given.get(name) != digest}


def give_starter_packs(
    session: Session, packs: dict[str, Path], attachments_dir: Path
) -> StarterOutcome:
    """Give the library the starter packs it lacks, in the caller's transaction."""
    outcome = StarterOutcome()
    for name, digest in pending(session, packs).items():
        pack = read_pack(packs[name])
        row = session.get(StarterPack, name)
        if row is None:
            counts = apply_pack(session, pack, attachments_dir)
            outcome.counts.added += counts.added
            outcome.counts.updated += counts.updated
            outcome.counts.collections += counts.collections
            session.add(StarterPack(name=name, digest=digest))
            outcome.given.append(name)
        else:
            fill_in(session, pack)
            row.digest = digest
            outcome.refreshed.append(name)
    return outcome


def fill_in(session: Session, pack: Pack) -> None:
    """What a newer version of a pack gives that the library's copy lacks."""
    items = {item.uid: item for item in pack.resources}
    found = session.scalars(select(Resource).where(Resource.uid.in_(list(items))))
    resources = {resource.uid: resource for resource in found}
    edited_links = set(
        session.scalars(
            select(ResourceEdit.resource_uid).where(
                ResourceEdit.field == "url", ResourceEdit.resource_uid.in_(list(resources))
            )
        )
    )
    for uid, resource in resources.items():
        fields = items[uid].fields
        if not resource.url and fields["url"] and uid not in edited_links:
            resource.url = fields["url"]
        for name in ("last_reviewed", "review_due"):
            given, held = fields.get(name), getattr(resource, name)
            if given is not None and (held is None or given > held):
                setattr(resource, name, given)
        labels = {label for label, _value in resource.extra or []}
        missing = [list(pair) for pair in fields.get("extra", []) if pair[0] not in labels]
        if missing:
            resource.extra = [*(resource.extra or []), *missing]
    addresses = {entry["name"]: entry["url"] for entry in pack.organisations if entry["url"]}
    for organisation in session.scalars(
        select(Organisation).where(Organisation.name.in_(list(addresses)))
    ):
        if not organisation.url:
            organisation.url = addresses[organisation.name]
