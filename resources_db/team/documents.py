"""A resource as the team server keeps it: one JSON document in the pack's own terms.

``resource_doc`` writes a local resource in one canonical form (names in the
order they are shown, vocabulary terms sorted, dates in ISO form), so that a
document pulled, applied and written out again is the same document, and a
field's hash says whether it changed. ``pack_of`` turns pulled documents back
into a ``Pack`` for ``catalogue_writer.apply_pack``: the one path by which
resources are written, so edits, the bin and the search index's queue all
behave as for any import. Attachments travel as content hashes; the bytes are
fetched once into the library's own content-addressed folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from resources_db import packs
from resources_db.catalogue_writer import attachment_path
from resources_db.currency_terms import CURRENCY_FIELDS
from resources_db.errors import PackError
from resources_db.exporters.pack import campaign_entry
from resources_db.models import Resource
from resources_db.packs import Pack, PackResource

Doc = dict[str, Any]
log = logging.getLogger(__name__)

TEXT_FIELDS = (
    "kind", "title", "summary", "body", "url", "source", "part_of", "media_url",
    "journal", "volume", "issue", "pages", "doi",
)  # fmt: skip
LIST_FIELDS = ("authors", "organisations", "topics", "audience", "settings", "formats")
OTHER_FIELDS = ("published", "duration_seconds", "episode", "season", "extra")
# A document written before the currency fields travelled lacks them: read as a
# pack that says nothing of currency, it leaves the laptop's values as they are.
DOC_FIELDS = (
    *TEXT_FIELDS, *LIST_FIELDS, *OTHER_FIELDS, *CURRENCY_FIELDS, "campaign", "attachments",
)  # fmt: skip
_VOCABULARIES = {
    "topics": "topic",
    "audience": "audience",
    "settings": "setting",
    "formats": "format",
}


def resource_doc(resource: Resource) -> Doc:
    doc: Doc = {name: getattr(resource, name) or "" for name in TEXT_FIELDS if name != "part_of"}
    doc["part_of"] = resource.part_of_uid or ""
    doc["authors"] = [person.name for person in resource.authors]
    doc["organisations"] = sorted(org.name for org in resource.organisations)
    for field, vocabulary in _VOCABULARIES.items():
        doc[field] = sorted(resource.vocabulary(vocabulary))
    doc["published"] = _iso(resource.published)
    doc["duration_seconds"] = resource.duration_seconds
    doc["episode"] = resource.episode_number
    doc["season"] = resource.season_number
    doc["extra"] = [{"label": label, "value": value} for label, value in resource.extra or []]
    doc["status"] = resource.status or "current"
    doc["last_reviewed"] = _iso(resource.last_reviewed)
    doc["review_due"] = _iso(resource.review_due)
    doc["superseded_by"] = resource.superseded_by or ""
    doc["replaces"] = resource.replaces or ""
    doc["campaign"] = campaign_entry(resource.campaign) if resource.campaign else None
    doc["attachments"] = [
        {
            "sha256": a.sha256,
            "filename": a.filename,
            "title": a.title,
            "media_type": a.media_type,
            "size": a.size,
        }
        for a in resource.attachments
    ]
    return doc


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# One encoder for every value: json.dumps with options builds a new one per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def value_hash(value: Any) -> str:
    """A short, stable fingerprint of a field's value (keys sorted: JSONB reorders them)."""
    if isinstance(value, str):
        encoded = "s" + value
    elif value is None or isinstance(value, bool | int | float):
        encoded = "v" + repr(value)
    else:
        encoded = "j" + _CANONICAL.encode(value)
    return hashlib.blake2b(encoded.encode("utf-8"), digest_size=10).hexdigest()


def field_hashes(doc: Mapping[str, Any]) -> dict[str, str]:
    return {name: value_hash(value) for name, value in doc.items()}


def changed_fields(doc: Mapping[str, Any], base: Mapping[str, str]) -> list[str]:
    """The fields of ``doc`` whose value is not the one ``base`` hashed."""
    return [name for name, value in doc.items() if value_hash(value) != base.get(name)]


def missing_blobs(docs: Iterable[Doc], attachments_dir: Path) -> dict[str, str]:
    """Attachments the documents name that are not in the library folder: sha256 → filename."""
    wanted: dict[str, str] = {}
    for doc in docs:
        for attachment in doc.get("attachments") or []:
            sha, name = str(attachment.get("sha256", "")), str(attachment.get("filename", ""))
            if sha and not attachment_path(attachments_dir, sha, name).exists():
                wanted[sha] = name
    return wanted


def store_blob(attachments_dir: Path, sha256: str, filename: str, content: bytes) -> None:
    """Keep fetched bytes under their hash, checked first (a server is no trusted source)."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise PackError(f"The team server sent an attachment whose content is not {sha256}.")
    target = attachment_path(attachments_dir, sha256, filename)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(content)
    partial.replace(target)


class _LibraryBlobs(packs._PackFiles):
    """Pack-file access over the library's attachment folder: ``<sha256>/<filename>``."""

    def __init__(self, attachments_dir: Path) -> None:
        self.attachments_dir = attachments_dir
        self.zip = None

    def read(self, name: str, limit: int) -> bytes:
        sha, _, filename = name.partition("/")
        path = attachment_path(self.attachments_dir, sha, filename)
        try:
            return path.read_bytes()[:limit]
        except OSError as error:
            raise PackError(f"The attachment {filename!r} has not been fetched.") from error


def _pack_item(uid: str, doc: Doc) -> Doc:
    item = {name: doc.get(name) for name in DOC_FIELDS if name not in ("attachments", "campaign")}
    item["uid"] = uid
    if doc.get("campaign"):
        item["campaign"] = doc["campaign"]
    item["attachments"] = [
        {
            "path": f"{a.get('sha256', '')}/{a.get('filename', '')}",
            "title": a.get("title", ""),
            "media_type": a.get("media_type", ""),
        }
        for a in doc.get("attachments") or []
    ]
    return item


@dataclass
class ReadDocs:
    resources: list[PackResource]
    refused: dict[str, str]  # uid → why it could not be read


def read_docs(docs: Mapping[str, Doc], attachments_dir: Path) -> ReadDocs:
    """Check each document as a pack's resource would be checked; a bad one is left out."""
    files = _LibraryBlobs(attachments_dir)
    read = ReadDocs([], {})
    for position, (uid, doc) in enumerate(docs.items()):
        try:
            read.resources.append(packs._parse_resource(_pack_item(uid, doc), position, files))
        except (PackError, TypeError, AttributeError, ValueError) as error:
            read.refused[uid] = str(error)
            log.warning("Team resource %s could not be read: %s", uid, error)
    return read


def drop_dangling_links(resources: list[PackResource], known: set[str]) -> None:
    """Links to resources neither pulled nor here would refuse the whole pack: drop them."""
    for item in resources:
        if item.fields.get("part_of") and item.fields["part_of"] not in known:
            item.fields["part_of"] = ""
        if item.campaign:
            for day in item.campaign["days"]:
                if day["uid"] and day["uid"] not in known:
                    day["uid"] = ""


def pack_of(
    resources: list[PackResource],
    organisations: list[dict[str, str]],
    people: list[dict[str, str]],
) -> Pack:
    return Pack("team", "Team library", resources, organisations, people, [], [])
