"""The user curating the catalogue: resources added by hand, and edits to any resource.

A new resource goes through the same write point as every import
(``catalogue_writer.apply_pack``) with a uid of its own, ``local/<uuid4>``.
An edit writes the user's value into the resource's row and remembers the
source's value in ``resource_edits`` (see ``edits``), so re-imports keep it.
Resources added by hand have no source: their edits are simply written.
"""

from __future__ import annotations

import mimetypes
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db import edits
from resources_db.catalogue import FULL_RESOURCE, LOCAL_PREFIX
from resources_db.catalogue_writer import Lookup, apply_pack, order_authors, write_fields
from resources_db.edits import FIELD_LABELS, EditableField, FieldValue
from resources_db.kinds import ALL_KINDS
from resources_db.models import Organisation, Person, Resource, ResourceEdit, Term
from resources_db.packs import MAX_ATTACHMENT_BYTES, PackAttachment, new_pack, new_resource
from resources_db.user_data import UserDataError, require_resource

DEFAULT_KIND = "document"
LINK_SCHEMES = ("http", "https", "mailto")


class Keep(Enum):
    """The value of a field left as it is (``ResourceFields`` names only what changes)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class ResourceFields:
    """Values for a resource's editable fields; a field left at ``KEEP`` is not touched.

    For a new resource, ``KEEP`` means empty (the kind: ``document``). List
    fields given replace the whole list. ``published`` and
    ``duration_seconds`` accept None to clear them."""

    kind: str | Keep = KEEP
    title: str | Keep = KEEP
    summary: str | Keep = KEEP
    body: str | Keep = KEEP
    url: str | Keep = KEEP
    authors: tuple[str, ...] | Keep = KEEP
    organisations: tuple[str, ...] | Keep = KEEP
    topics: tuple[str, ...] | Keep = KEEP
    audience: tuple[str, ...] | Keep = KEEP
    settings: tuple[str, ...] | Keep = KEEP
    formats: tuple[str, ...] | Keep = KEEP
    published: date | Keep | None = KEEP
    duration_seconds: int | Keep | None = KEEP

    def given(self) -> dict[EditableField, FieldValue]:
        """The fields that carry a value, by name (in the order of ``EDITABLE_FIELDS``)."""
        values: dict[EditableField, FieldValue] = {}
        for name in edits.EDITABLE_FIELDS:
            value = getattr(self, name)
            if value is not KEEP:
                values[name] = value
        return values

    @classmethod
    def of(cls, values: Mapping[EditableField, FieldValue]) -> ResourceFields:
        """From field names and values (e.g. what an edit replaced, for undo)."""
        return cls(**{name: values[name] for name in edits.EDITABLE_FIELDS if name in values})  # type: ignore[arg-type]


assert [f.name for f in fields(ResourceFields)] == list(edits.EDITABLE_FIELDS)


def known_kinds(session: Session) -> list[str]:
    """The kinds a resource may take: the library's vocabulary and any an import brought."""
    present = set(session.scalars(select(Resource.kind).distinct()))
    return sorted(set(ALL_KINDS) | present)


def check_values(
    session: Session, given: Mapping[EditableField, FieldValue]
) -> dict[EditableField, FieldValue]:
    """The given values in stored form, or ``UserDataError`` with one sentence."""
    checked = {name: edits.normal(name, value) for name, value in given.items()}
    if "title" in checked:
        checked["title"] = " ".join(str(checked["title"]).split())
        if not checked["title"]:
            raise UserDataError("A resource needs a title.")
    if "kind" in checked:
        kind = " ".join(str(checked["kind"]).split())
        if kind not in known_kinds(session):
            raise UserDataError(
                f"{kind or 'An empty kind'!r} is not a kind of resource; use one of "
                f"{', '.join(ALL_KINDS)}."
            )
        checked["kind"] = kind
    if checked.get("url"):
        _check_link(str(checked["url"]))
    duration = checked.get("duration_seconds")
    if isinstance(duration, int) and duration < 0:
        raise UserDataError("A duration cannot be negative.")
    return checked


def _check_link(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in LINK_SCHEMES or not (parts.netloc or parts.scheme == "mailto"):
        raise UserDataError(
            f"{url!r} is not a link the library can open; give an http://, https:// "
            "or mailto: address."
        )


def read_attachments(paths: Sequence[Path]) -> list[PackAttachment]:
    """Files to keep with a new resource, read whole (each under the pack size limit)."""
    attachments = []
    for path in paths:
        if not path.is_file():
            raise UserDataError(f"There is no file {path}.")
        if path.stat().st_size > MAX_ATTACHMENT_BYTES:
            raise UserDataError(f"{path.name} is too large to keep in the library.")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachments.append(PackAttachment(path.name, path.name, media_type, path.read_bytes()))
    return attachments


def add_resource(
    session: Session,
    values: ResourceFields,
    attachments_dir: Path,
    attachments: Sequence[PackAttachment] = (),
) -> str:
    """Add a resource made by hand; returns its new uid (``local/<uuid4>``)."""
    given = check_values(session, values.given())
    if "title" not in given:
        raise UserDataError("A resource needs a title.")
    uid = f"{LOCAL_PREFIX}{uuid.uuid4()}"
    kind = str(given.pop("kind", DEFAULT_KIND))
    title = str(given.pop("title"))
    item = new_resource(
        uid,
        kind,
        title,
        **{name: value for name, value in given.items() if value is not None},
        attachments=list(attachments),
    )
    apply_pack(session, new_pack(uid, title, [item]), attachments_dir)
    return uid


def _resource(session: Session, uid: str) -> Resource:
    require_resource(session, uid)
    found = session.scalar(select(Resource).where(Resource.uid == uid).options(*FULL_RESOURCE))
    assert found is not None
    return found


def edit_resource(session: Session, uid: str, values: ResourceFields) -> ResourceFields:
    """Write the user's values; returns the values they replaced (for undo).

    A field set back to the source's value is no longer an edit. Values equal
    to what the resource already has change nothing."""
    resource = _resource(session, uid)
    given = check_values(session, values.given())
    previous = {name: edits.current_value(resource, name) for name in given}
    changed = {name: value for name, value in given.items() if value != previous[name]}
    if not changed:
        return ResourceFields()
    if not uid.startswith(LOCAL_PREFIX):
        _remember_edits(session, resource, changed, previous)
    _write(session, resource, changed)
    return ResourceFields.of({name: previous[name] for name in changed})


def _remember_edits(
    session: Session,
    resource: Resource,
    changed: Mapping[EditableField, FieldValue],
    previous: Mapping[EditableField, FieldValue],
) -> None:
    rows = edits.edit_rows(session, [resource.uid]).get(resource.uid, {})
    now = datetime.now()
    for name, value in changed.items():
        row = rows.get(name)
        if row is None:
            # Not edited before: what the row holds is the source's value.
            row = ResourceEdit(
                resource_uid=resource.uid,
                field=name,
                source_value=edits.to_json(previous[name]),
                source_changed=False,
            )
            session.add(row)
        if edits.to_json(value) == row.source_value:
            session.delete(row)  # back to the source's value: no longer an edit
        else:
            row.edited_at = now


def _write(
    session: Session, resource: Resource, values: Mapping[EditableField, FieldValue]
) -> None:
    write_fields(resource, values, Lookup(session))
    session.flush()
    if "authors" in values:
        order_authors(session, [resource])


def _edit_row(session: Session, uid: str, field: EditableField) -> ResourceEdit:
    row = edits.edit_rows(session, [uid]).get(uid, {}).get(field)
    if row is None:
        raise UserDataError(f"The {FIELD_LABELS[field]} of {uid!r} has not been edited.")
    return row


def use_source_value(session: Session, uid: str, field: EditableField) -> FieldValue:
    """Put the source's latest value back and forget the edit; returns the user's value."""
    resource = _resource(session, uid)
    row = _edit_row(session, uid, field)
    users = edits.current_value(resource, field)
    source = edits.from_json(field, row.source_value)
    session.delete(row)
    _write(session, resource, {field: source})
    return users


def keep_edit(session: Session, uid: str, field: EditableField) -> None:
    """The user has seen the source's new value and keeps their own: stop pointing it out."""
    require_resource(session, uid)
    _edit_row(session, uid, field).source_changed = False


@dataclass(frozen=True)
class Choices:
    """What the library knows, for completion in an edit form."""

    kinds: list[str]
    people: list[str]
    organisations: list[str]
    topics: list[str]
    audience: list[str]
    settings: list[str]
    formats: list[str]


def choices(session: Session) -> Choices:
    terms: dict[str, list[str]] = {}
    for vocabulary, name in session.execute(select(Term.vocabulary, Term.name).order_by(Term.name)):
        terms.setdefault(vocabulary, []).append(name)
    return Choices(
        kinds=known_kinds(session),
        people=list(session.scalars(select(Person.name).order_by(Person.name))),
        organisations=list(session.scalars(select(Organisation.name).order_by(Organisation.name))),
        topics=terms.get("topic", []),
        audience=terms.get("audience", []),
        settings=terms.get("setting", []),
        formats=terms.get("format", []),
    )


_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_published(text: str) -> date | None:
    """A published date typed as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (empty: none).

    A year alone is kept as 1 January of it, as imports do."""
    text = text.strip()
    if not text:
        return None
    match = _PUBLISHED.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = (int(part) if part else 1 for part in match.groups())
        return date(year, month, day)
    except ValueError:
        raise UserDataError(
            f"{text!r} is not a date; give it as YYYY, YYYY-MM or YYYY-MM-DD."
        ) from None
