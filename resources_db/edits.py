"""The fields a user can edit, their values as plain data, and what is remembered of an edit.

A resource's row holds what the user sees. For every field the user edited, a
``ResourceEdit`` row keeps the value its source last gave, so that a re-import
(``catalogue_writer.apply_pack``) leaves the user's value alone, records the
source's new one and says when it moved. Values are compared in one normal
form (``FieldValue``): names in the order they are shown, vocabulary terms in
lower case and sorted, text stripped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from resources_db.models import Resource, ResourceEdit, SourceValue

EditableField = Literal[
    "kind",
    "title",
    "summary",
    "body",
    "url",
    "authors",
    "organisations",
    "topics",
    "audience",
    "settings",
    "formats",
    "published",
    "duration_seconds",
]
EDITABLE_FIELDS: tuple[EditableField, ...] = get_args(EditableField)
TEXT_FIELDS: tuple[EditableField, ...] = ("kind", "title", "summary", "body", "url")
# Each list field that is a controlled vocabulary, and the vocabulary's name.
VOCABULARY_OF: dict[EditableField, str] = {
    "topics": "topic",
    "audience": "audience",
    "settings": "setting",
    "formats": "format",
}
NAME_FIELDS: tuple[EditableField, ...] = ("authors", "organisations")
LIST_FIELDS: tuple[EditableField, ...] = (*NAME_FIELDS, *VOCABULARY_OF)
# How a field is named in sentences ("The title of ... was not edited").
FIELD_LABELS: dict[EditableField, str] = {
    "kind": "kind",
    "title": "title",
    "summary": "summary",
    "body": "full text",
    "url": "link",
    "authors": "authors",
    "organisations": "organisations",
    "topics": "topics",
    "audience": "audience",
    "settings": "settings",
    "formats": "formats",
    "published": "published date",
    "duration_seconds": "duration",
}

# A field's value: text, names (a tuple), a date, a number of seconds, or None.
FieldValue = str | tuple[str, ...] | date | int | None


@dataclass(frozen=True)
class FieldEdit:
    """A field the user edited: the source's latest value, and whether it moved
    since the source last gave it (the user may want to take it)."""

    field: EditableField
    source_value: FieldValue
    source_changed: bool
    edited_at: datetime


def is_editable(name: str) -> bool:
    return name in EDITABLE_FIELDS


def normal(field: EditableField, value: Any) -> FieldValue:
    """``value`` in the form it is stored and compared in."""
    if field in VOCABULARY_OF:
        return tuple(sorted(dict.fromkeys(_names(value, lower=True))))
    if field == "organisations":
        return tuple(sorted(dict.fromkeys(_names(value))))
    if field == "authors":
        return tuple(dict.fromkeys(_names(value)))
    if field == "kind":
        return str(value or "").strip().lower()
    if field in TEXT_FIELDS:
        return str(value or "").strip()
    if field == "published":
        return value if isinstance(value, date) else None
    return int(value) if value is not None else None


def _names(values: Any, *, lower: bool = False) -> list[str]:
    cleaned = [" ".join(str(v).split()) for v in values or ()]
    return [v.lower() if lower else v for v in cleaned if v]


def current_value(resource: Resource, field: EditableField) -> FieldValue:
    """What the resource's row holds for ``field`` (the user's value when edited)."""
    if field in VOCABULARY_OF:
        return normal(field, resource.vocabulary(VOCABULARY_OF[field]))
    if field == "authors":
        return normal(field, [person.name for person in resource.authors])
    if field == "organisations":
        return normal(field, [org.name for org in resource.organisations])
    return normal(field, getattr(resource, field))


def pack_value(fields: Mapping[str, Any], field: EditableField) -> FieldValue:
    """The value a pack's resource (``PackResource.fields``) gives ``field``."""
    return normal(field, fields.get(field))


def to_json(value: FieldValue) -> SourceValue:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_json(field: EditableField, raw: SourceValue) -> FieldValue:
    if field == "published":
        return date.fromisoformat(raw) if isinstance(raw, str) and raw else None
    if field == "duration_seconds":
        return raw if isinstance(raw, int) else None
    if field in LIST_FIELDS:
        return tuple(raw) if isinstance(raw, list) else ()
    return raw if isinstance(raw, str) else ""


def _info(row: ResourceEdit) -> FieldEdit:
    field = _field(row.field)
    return FieldEdit(field, from_json(field, row.source_value), row.source_changed, row.edited_at)


def _field(name: str) -> EditableField:
    for field in EDITABLE_FIELDS:
        if field == name:
            return field
    raise ValueError(f"{name!r} is not an editable field")


def edits_of(session: Session, uid: str) -> list[FieldEdit]:
    """The fields of ``uid`` the user edited, in the order the fields are listed."""
    rows = session.scalars(select(ResourceEdit).where(ResourceEdit.resource_uid == uid))
    found = {row.field: _info(row) for row in rows if is_editable(row.field)}
    return [found[name] for name in EDITABLE_FIELDS if name in found]


def edit_rows(session: Session, uids: Iterable[str]) -> dict[str, dict[str, ResourceEdit]]:
    """The edit rows of these resources, by uid and field (for a re-import to consult)."""
    wanted = list(dict.fromkeys(uids))
    found: dict[str, dict[str, ResourceEdit]] = {}
    for start in range(0, len(wanted), 500):
        query = select(ResourceEdit).where(
            ResourceEdit.resource_uid.in_(wanted[start : start + 500])
        )
        for row in session.scalars(query):
            if is_editable(row.field):
                found.setdefault(row.resource_uid, {})[row.field] = row
    return found


def source_values(session: Session, uids: Iterable[str]) -> dict[str, dict[str, FieldValue]]:
    """For edited resources, the source's value of each edited field."""
    return {
        uid: {name: from_json(_field(name), row.source_value) for name, row in rows.items()}
        for uid, rows in edit_rows(session, uids).items()
    }


def note_source_value(row: ResourceEdit, incoming: FieldValue, users: FieldValue) -> bool:
    """A re-import brought ``incoming`` for an edited field: remember it.

    Returns True when the edit should be forgotten because the source now
    agrees with what the user wrote (so later changes flow in again)."""
    if incoming == users:
        return True
    stored = to_json(incoming)
    if stored != row.source_value:
        row.source_value = stored
        row.source_changed = True
    return False
