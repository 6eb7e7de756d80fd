"""Writing a selection as an IMH Library pack (see docs/PACK_FORMAT.md).

The manifest is the inverse of ``packs.read_pack`` and ``catalogue_writer.apply_pack``,
so importing an exported pack gives back the same resources and reading list.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import object_session

from resources_db import edits, user_tags
from resources_db.catalogue_writer import attachment_path
from resources_db.currency import effective_status
from resources_db.exporters.selection import ExportError, ExportSelection
from resources_db.models import Attachment, Campaign, CampaignDay, Resource
from resources_db.packs import MAX_COMPRESSION_RATIO, PACK_FORMAT, PACK_FORMAT_VERSION

DEFAULT_TITLE = "Exported resources"  # the loader refuses a reading list with no name
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")


def write_pack(
    handle: IO[bytes],
    selection: ExportSelection,
    resources: list[Resource],
    attachments_dir: Path,
) -> None:
    """Write the zip to ``handle``: manifest.json plus attachments under files/."""
    in_pack = {resource.uid for resource in resources}
    edited = _edited(resources)
    with zipfile.ZipFile(handle, "w") as archive:
        files = _AttachmentFiles(archive, attachments_dir)
        entries = [_resource_entry(r, in_pack, files) for r in resources]
        for entry in entries:
            if entry["uid"] in edited:
                entry["edited"] = edited[entry["uid"]]
        manifest = {
            "format": PACK_FORMAT,
            "format_version": PACK_FORMAT_VERSION,
            "id": _slug(selection.title),
            "title": selection.title,
            "created": date.today().isoformat(),
            "organisations": _organisations(resources),
            "people": _people(resources),
            "resources": entries,
            "collections": [_collection_entry(selection, resources)],
        }
        tags = _tags(resources)
        if tags:
            manifest["tags"] = tags
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        _write_member(archive, "manifest.json", data)


def _write_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    # read_pack refuses entries compressed beyond MAX_COMPRESSION_RATIO (zip-bomb
    # guard), so very repetitive data is stored rather than deflated.
    ratio = len(data) / max(len(zlib.compress(data)), 1)
    method = zipfile.ZIP_DEFLATED if ratio < MAX_COMPRESSION_RATIO / 2 else zipfile.ZIP_STORED
    archive.writestr(name, data, compress_type=method)


class _AttachmentFiles:
    """Copies each attachment file into the zip once, however many resources share it."""

    def __init__(self, archive: zipfile.ZipFile, attachments_dir: Path) -> None:
        self.archive = archive
        self.attachments_dir = attachments_dir
        self.written: set[str] = set()

    def add(self, attachment: Attachment, owner: str) -> str:
        # files/<sha>/<filename>: unique per content, and the importer takes the
        # last path part as the filename, so the original name survives the trip.
        name = f"files/{attachment.sha256}/{_safe_filename(attachment.filename)}"
        if name in self.written:
            return name
        source = attachment_path(self.attachments_dir, attachment.sha256, attachment.filename)
        try:
            data = source.read_bytes()
        except OSError as error:
            raise ExportError(
                f"The attachment {attachment.filename!r} of {owner!r} is missing "
                "from the library folder."
            ) from error
        _write_member(self.archive, name, data)
        self.written.add(name)
        return name


def _safe_filename(filename: str) -> str:
    # read_pack refuses member names with ':' or '..'; keep names portable too.
    cleaned = _UNSAFE_NAME.sub("_", filename).strip(". ")
    return cleaned or "attachment"


def _resource_entry(
    resource: Resource, in_pack: set[str], files: _AttachmentFiles
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "uid": resource.uid,
        "kind": resource.kind,
        "title": resource.title,
        "summary": resource.summary,
        "body": resource.body,
        "url": resource.url,
        "published": _iso(resource.published),
        "duration_seconds": resource.duration_seconds,
        "source": resource.source,
        "authors": [person.name for person in resource.authors],
        "organisations": [org.name for org in resource.organisations],
        "topics": resource.vocabulary("topic"),
        "audience": resource.vocabulary("audience"),
        "settings": resource.vocabulary("setting"),
        "formats": resource.vocabulary("format"),
        "episode": resource.episode_number,
        "season": resource.season_number,
        "media_url": resource.media_url,
        "journal": resource.journal,
        "volume": resource.volume,
        "issue": resource.issue,
        "pages": resource.pages,
        "doi": resource.doi,
        # Currency (docs/PACK_FORMAT.md): carried so a re-import keeps it.
        "status": effective_status(resource),
        "last_reviewed": _iso(resource.last_reviewed),
        "review_due": _iso(resource.review_due),
        "superseded_by": resource.superseded_by,
        "replaces": resource.replaces,
    }
    if resource.extra:
        entry["extra"] = [{"label": label, "value": value} for label, value in resource.extra]
    # The loader refuses links to resources that are neither in the pack nor in
    # the receiving library, so only links inside the pack are kept.
    if resource.part_of_uid and resource.part_of_uid in in_pack:
        entry["part_of"] = resource.part_of_uid
    if resource.attachments:
        entry["attachments"] = [
            {
                "path": files.add(attachment, resource.uid),
                "title": attachment.title,
                "media_type": attachment.media_type,
            }
            for attachment in resource.attachments
        ]
    if resource.campaign is not None:
        entry["campaign"] = campaign_entry(resource.campaign, in_pack)
    return entry


def campaign_entry(campaign: Campaign, in_pack: set[str] | None = None) -> dict[str, Any]:
    """The inverse of ``catalogue_writer._campaign`` (packs and the team library's documents).

    With ``in_pack``, a day links only to resources in that set."""
    return {
        "name": campaign.name,
        "short_name": campaign.short_name,
        "edition": campaign.edition,
        "first_held": campaign.first_held,
        "recurrence": campaign.recurrence,
        "starts": _iso(campaign.starts),
        "ends": _iso(campaign.ends),
        "theme": campaign.theme,
        "hashtags": [hashtag.tag for hashtag in campaign.hashtags],
        "figures": [
            {
                "metric": figure.metric,
                "value": _number(figure.value),
                "platform": figure.platform,
                "hashtag": figure.hashtag,
                "note": figure.note,
            }
            for figure in campaign.figures
        ],
        "days": [_day_entry(day, in_pack) for day in campaign.days],
    }


def _day_entry(day: CampaignDay, in_pack: set[str] | None) -> dict[str, Any]:
    entry = {"date": day.day.isoformat(), "theme": day.theme, "uid": day.resource_uid}
    if in_pack is not None and day.resource_uid and day.resource_uid not in in_pack:
        # Same rule as part_of: a link outside the pack could make it unloadable, so
        # it is left out, and a library that has the day keeps its link on import.
        del entry["uid"]
    return entry


def _organisations(resources: list[Resource]) -> list[dict[str, str]]:
    used = {org.name: org for resource in resources for org in resource.organisations}
    return [
        {"name": o.name, "short_name": o.short_name, "description": o.description, "url": o.url}
        for o in sorted(used.values(), key=lambda org: org.name.lower())
    ]


def _people(resources: list[Resource]) -> list[dict[str, str]]:
    used = {person.name: person for resource in resources for person in resource.authors}
    return [
        {"name": p.name, "short_name": "", "description": p.description, "url": p.url}
        for p in sorted(used.values(), key=lambda person: person.name.lower())
    ]


def _collection_entry(selection: ExportSelection, resources: list[Resource]) -> dict[str, Any]:
    """The reading list: the collection itself, or one named after the selection's title."""
    info = selection.collection
    return {
        "name": info.name if info else (selection.title.strip() or DEFAULT_TITLE),
        "description": info.description if info else "",
        "objectives": info.objectives if info else "",
        "items": [{"uid": r.uid, "note": selection.notes.get(r.uid, "")} for r in resources],
    }


def _edited(resources: list[Resource]) -> dict[str, dict[str, Any]]:
    """The fields the person edited, each with its source's value: the entry holds
    the person's value, and a re-import here keeps the edit (docs/PACK_FORMAT.md)."""
    session = object_session(resources[0]) if resources else None
    if session is None:
        return {}
    found = edits.source_values(session, [r.uid for r in resources])
    return {
        uid: {name: edits.to_json(value) for name, value in fields.items()}
        for uid, fields in found.items()
        if fields
    }


def _tags(resources: list[Resource]) -> list[dict[str, Any]]:
    """The user's own tags on these resources, so the reading list keeps them."""
    session = object_session(resources[0]) if resources else None
    if session is None:
        return []
    grouped: dict[str, list[str]] = {}
    for uid, names in user_tags.tags_by_uid(session, [r.uid for r in resources]).items():
        for name in names:
            grouped.setdefault(name, []).append(uid)
    return [
        {"name": name, "uids": uids}
        for name, uids in sorted(grouped.items(), key=lambda pair: pair[0].casefold())
    ]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: float) -> float | int:
    # 7400 rather than 7400.0 in the manifest; the loader reads either.
    return int(value) if float(value).is_integer() else value


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "export"
