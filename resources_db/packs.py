"""Reading IMH Library packs (a folder or a zip holding ``manifest.json``).

The starter catalogue is a pack too, so there is one loading path for
everything. Reading is split from writing: ``read_pack`` validates the whole
pack into plain data first, so a bad pack is refused before anything is
written; ``catalogue_writer.apply_pack`` then writes it in one transaction.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from resources_db.currency_terms import CURRENCY_FIELDS, CurrencyUpdate, normal_status
from resources_db.dates import parse_date
from resources_db.errors import PackError as PackError  # re-exported: callers import it here
from resources_db.user_tags import clean_tag

PACK_FORMAT = "imh-library-pack"
PACK_FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 1024 * 1024 * 1024  # 100,000 resources with full text is ~400 MB
MAX_PACK_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ENTRIES = 100_000


@dataclass
class PackAttachment:
    path: str
    title: str
    media_type: str
    data: bytes


@dataclass
class PackResource:
    fields: dict[str, Any]
    campaign: dict[str, Any] | None = None
    attachments: list[PackAttachment] = field(default_factory=list)
    # The fields the source says something about (a pack's keys, a file's columns);
    # None when it gives every one. A re-import leaves the others as they are.
    carried: frozenset[str] | None = None
    # Fields the person who exported this had edited: the field, and the value its
    # source gave (``edits.to_json`` form). The field's own value is the person's.
    edited: dict[str, Any] = field(default_factory=dict)
    # The values are a library's as a person saw them, edits included (a list it
    # exported), not a source's: one equal to an edit here is that edit, not news.
    as_shown: bool = False

    @property
    def uid(self) -> str:
        return str(self.fields["uid"])

    def carries(self, name: str) -> bool:
        """Whether the source gives ``name`` (a key of ``fields``, or "campaign")."""
        return self.carried is None or name in self.carried


@dataclass
class PackCollection:
    name: str
    description: str
    objectives: str
    items: list[tuple[str, str]]  # (uid, note) in order


@dataclass
class PackTag:
    """One of the user's own tags and the resources carrying it (a collection's pack)."""

    name: str
    uids: list[str]


@dataclass
class Pack:
    pack_id: str
    title: str
    resources: list[PackResource]
    organisations: list[dict[str, str]]
    people: list[dict[str, str]]
    collections: list[PackCollection]
    withdrawn: list[str]
    tags: list[PackTag] = field(default_factory=list)
    # What the source says of resources it no longer carries (a feed's tombstones).
    currency_updates: list[CurrencyUpdate] = field(default_factory=list)


class _PackFiles:
    """Uniform, safe read access to a pack folder or zip."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.zip: zipfile.ZipFile | None = None
        if source.is_dir():
            return
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError) as error:
            raise PackError(f"{source.name} is not a readable pack (not a zip file).") from error
        self._check_zip(self.zip)

    @staticmethod
    def _check_zip(archive: zipfile.ZipFile) -> None:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackError("The pack holds too many files to be a genuine pack.")
        total = 0
        for info in infos:
            _safe_member(info.filename)
            total += info.file_size
            if info.file_size > 0 and info.file_size / max(info.compress_size, 1) > (
                MAX_COMPRESSION_RATIO
            ):
                raise PackError(
                    f"The pack entry {info.filename!r} is compressed too much to be safe to open."
                )
        if total > MAX_PACK_BYTES:
            raise PackError("The pack unpacks to more than 2 GB, which is too large to import.")

    def read(self, name: str, limit: int) -> bytes:
        member = _safe_member(name)
        if self.zip is not None:
            try:
                info = self.zip.getinfo(str(member))
            except KeyError as error:
                raise PackError(f"The pack has no file {name!r}.") from error
            if info.file_size > limit:
                raise PackError(f"The pack file {name!r} is too large.")
            with self.zip.open(info) as handle:
                return handle.read(limit + 1)[:limit]
        path = (self.source / member).resolve()
        if not path.is_relative_to(self.source.resolve()) or not path.is_file():
            raise PackError(f"The pack has no file {name!r}.")
        if path.stat().st_size > limit:
            raise PackError(f"The pack file {name!r} is too large.")
        return path.read_bytes()

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _safe_member(name: str) -> PurePosixPath:
    member = PurePosixPath(name.replace("\\", "/"))
    if member.is_absolute() or ".." in member.parts or ":" in name:
        raise PackError(f"The pack entry {name!r} points outside the pack and was refused.")
    return member


def read_pack(source: Path) -> Pack:
    """Validate a pack fully into memory, or raise ``PackError``."""
    if not source.exists():
        raise PackError(f"{source} does not exist.")
    files = _PackFiles(source)
    try:
        raw = files.read("manifest.json", MAX_MANIFEST_BYTES)
        try:
            manifest = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PackError(f"The pack's manifest.json is not valid JSON ({error}).") from error
        return _parse_manifest(manifest, files)
    finally:
        files.close()


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PackError(message)


def _parse_manifest(manifest: Any, files: _PackFiles) -> Pack:
    _require(isinstance(manifest, dict), "The pack's manifest.json is not a JSON object.")
    _require(
        manifest.get("format") == PACK_FORMAT,
        "This file is not an IMH Library pack (its manifest has no pack format).",
    )
    version = manifest.get("format_version")
    _require(isinstance(version, int), "The pack's format version is missing.")
    _require(
        version <= PACK_FORMAT_VERSION,
        f"The pack uses format version {version}; this app reads up to {PACK_FORMAT_VERSION}.",
    )
    raw_resources = manifest.get("resources", [])
    _require(isinstance(raw_resources, list), "The pack's resources are not a list.")
    resources = [
        _carried(item, _parse_resource(item, position, files))
        for position, item in enumerate(raw_resources)
    ]
    uids = [resource.uid for resource in resources]
    duplicates = sorted(uid for uid, n in Counter(uids).items() if n > 1)
    _require(
        not duplicates,
        f"The pack lists the uid {duplicates[0]!r} more than once." if duplicates else "",
    )
    return Pack(
        pack_id=str(manifest.get("id", "")),
        title=str(manifest.get("title", "")),
        resources=resources,
        organisations=_named_entries(manifest.get("organisations", []), "organisations"),
        people=_named_entries(manifest.get("people", []), "people"),
        collections=[
            _parse_collection(c) for c in _list(manifest.get("collections", []), "collections")
        ],
        withdrawn=[str(uid) for uid in _list(manifest.get("withdrawn", []), "withdrawn")],
        tags=[_parse_tag(t) for t in _list(manifest.get("tags", []), "tags")],
    )


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise PackError(f"The pack's {what} are not a list.")
    return value


def _named_entries(value: Any, what: str) -> list[dict[str, str]]:
    entries = []
    for entry in _list(value, what):
        _require(
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and entry["name"].strip(),
            f"An entry in the pack's {what} has no name.",
        )
        entries.append(
            {key: str(entry.get(key) or "") for key in ("name", "short_name", "description", "url")}
        )
    return entries


TEXT_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "url",
    "source",
    "part_of",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
)
LIST_FIELDS = ("authors", "organisations", "topics", "audience", "settings", "formats")


def _parse_resource(item: Any, position: int, files: _PackFiles) -> PackResource:
    where = f"resource {position + 1}"
    _require(isinstance(item, dict), f"The pack's {where} is not a JSON object.")
    uid = item.get("uid")
    _require(isinstance(uid, str) and uid.strip() != "", f"The pack's {where} has no uid.")
    where = f"resource {uid!r}"
    _require(
        isinstance(item.get("title"), str) and item["title"].strip() != "",
        f"The pack's {where} has no title.",
    )
    _require(
        isinstance(item.get("kind"), str) and item["kind"].strip() != "",
        f"The pack's {where} has no kind.",
    )
    fields: dict[str, Any] = {"uid": uid.strip()}
    for name in TEXT_FIELDS:
        value = item.get(name)
        _require(value is None or isinstance(value, str), f"The {name} of {where} is not text.")
        fields[name] = (value or "").strip()
    for name in LIST_FIELDS:
        values = item.get(name) or []
        _require(
            isinstance(values, list) and all(isinstance(v, str) for v in values),
            f"The {name} of {where} are not a list of text.",
        )
        fields[name] = [v.strip() for v in values if v.strip()]
    try:
        fields["published"] = parse_date(item.get("published"))
    except ValueError as error:
        raise PackError(f"The published date of {where} is not a date ({error}).") from error
    duration = item.get("duration_seconds")
    _require(
        duration is None or (isinstance(duration, int | float) and duration >= 0),
        f"The duration of {where} is not a number of seconds.",
    )
    fields["duration_seconds"] = int(duration) if duration is not None else None
    for name in ("episode", "season"):
        number = item.get(name)
        _require(
            number is None or (isinstance(number, int) and number >= 0),
            f"The {name} number of {where} is not a whole number.",
        )
        fields[name] = number
    media_url = item.get("media_url") or ""
    _require(isinstance(media_url, str), f"The media_url of {where} is not text.")
    fields["media_url"] = media_url.strip()
    fields["extra"] = _parse_extra(item.get("extra") or [], where)
    fields.update(_parse_currency(item, where))
    campaign = item.get("campaign")
    _require(
        campaign is None or isinstance(campaign, dict), f"The campaign of {where} is not an object."
    )
    attachments = [
        _read_attachment(entry, where, files)
        for entry in _list(item.get("attachments") or [], "attachments")
    ]
    return PackResource(
        fields=fields,
        campaign=parse_campaign(campaign, where) if campaign else None,
        attachments=attachments,
    )


# Keys whose value a reader needs whatever the pack says (and so always "carried").
_ALWAYS = frozenset({"uid", "kind", "title"})


def _carried(item: dict[str, Any], resource: PackResource) -> PackResource:
    """Note which fields the manifest gives: a key left out keeps what the library has."""
    resource.carried = _ALWAYS | frozenset(item)
    resource.edited = _parse_edited(item.get("edited"), resource.uid)
    return resource


def _parse_edited(value: Any, uid: str) -> dict[str, Any]:
    """``edited``: {field: the source's value} for the fields the exporter had edited."""
    if value is None:
        return {}
    where = f"resource {uid!r}"
    _require(isinstance(value, dict), f"The edited fields of {where} are not an object.")
    for name, source in value.items():
        _require(
            source is None
            or isinstance(source, str | int)
            or (isinstance(source, list) and all(isinstance(v, str) for v in source)),
            f"The source's value of the edited {name} of {where} is not text, names or a number.",
        )
        if name == "published" and source:
            try:
                date.fromisoformat(str(source))
            except ValueError as error:
                raise PackError(f"The source's published date of {where} is not a date.") from error
    return dict(value)


def _parse_currency(item: dict[str, Any], where: str) -> dict[str, Any]:
    """status, last_reviewed, review_due, superseded_by, replaces: None when the pack
    leaves one out (a re-import then keeps what the library has)."""
    try:
        return currency_values(**{name: item.get(name) for name in CURRENCY_FIELDS})
    except ValueError as error:
        raise PackError(f"The currency of {where} is refused: {error}") from error


def currency_values(
    status: Any = None,
    last_reviewed: Any = None,
    review_due: Any = None,
    superseded_by: Any = None,
    replaces: Any = None,
) -> dict[str, Any]:
    """The currency fields checked and in stored form; None stays None (not given)."""
    values: dict[str, Any] = dict.fromkeys(CURRENCY_FIELDS)
    if status is not None and status != "":
        values["status"] = normal_status(status)
        if values["status"] is None:
            raise ValueError(
                f"{status!r} is not a status (current, updated, superseded, "
                "withdrawn or retracted)."
            )
    for name, value in (("last_reviewed", last_reviewed), ("review_due", review_due)):
        if value is not None and value != "":
            values[name] = parse_date(value)
    for name, value in (("superseded_by", superseded_by), ("replaces", replaces)):
        if value is not None:
            if not isinstance(value, str):
                raise ValueError(f"the {name.replace('_', ' ')} link is not text.")
            values[name] = value.strip()[:2000]
    return values


def _parse_extra(value: Any, where: str) -> list[list[str]]:
    """Other fields a source carried: a list of {"label", "value"} objects."""
    _require(isinstance(value, list), f"The extra fields of {where} are not a list.")
    pairs = []
    for entry in value:
        _require(
            isinstance(entry, dict)
            and isinstance(entry.get("label"), str)
            and isinstance(entry.get("value"), str),
            f"An extra field of {where} is not a label and a value.",
        )
        pairs.append([entry["label"], entry["value"]])
    return extra_pairs(pairs)


def extra_pairs(pairs: Any) -> list[list[str]]:
    """(label, value) pairs as stored: both stripped, empty values left out."""
    kept = []
    for label, value in pairs or []:
        label, value = str(label).strip(), str(value).strip()
        if label and value:
            kept.append([label, value])
    return kept


MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024


def _read_attachment(entry: Any, where: str, files: _PackFiles) -> PackAttachment:
    _require(
        isinstance(entry, dict) and isinstance(entry.get("path"), str),
        f"An attachment of {where} has no path.",
    )
    data = files.read(entry["path"], MAX_ATTACHMENT_BYTES)
    return PackAttachment(
        path=entry["path"],
        title=str(entry.get("title") or PurePosixPath(entry["path"]).name),
        media_type=str(entry.get("media_type") or "application/octet-stream"),
        data=data,
    )


def parse_campaign(campaign: dict[str, Any], where: str) -> dict[str, Any]:
    """A pack entry's campaign in the form the catalogue writer takes (dates as dates)."""
    try:
        parsed: dict[str, Any] = {
            "name": str(campaign.get("name") or ""),
            "short_name": str(campaign.get("short_name") or ""),
            "edition": str(campaign.get("edition") or ""),
            "first_held": int(campaign["first_held"]) if campaign.get("first_held") else None,
            "recurrence": str(campaign.get("recurrence") or ""),
            "starts": parse_date(campaign.get("starts")),
            "ends": parse_date(campaign.get("ends")),
            "theme": str(campaign.get("theme") or ""),
            "hashtags": [str(tag) for tag in _list(campaign.get("hashtags") or [], "hashtags")],
            "figures": [
                {
                    "metric": str(figure["metric"]),
                    "value": float(figure["value"]),
                    "platform": str(figure.get("platform") or ""),
                    "hashtag": str(figure.get("hashtag") or ""),
                    "note": str(figure.get("note") or ""),
                }
                for figure in _list(campaign.get("figures") or [], "figures")
            ],
            "days": [
                {
                    "day": parse_date(day["date"]),
                    "theme": str(day["theme"]),
                    # None: the exporter left out a link outside its pack (keep ours).
                    "uid": str(day.get("uid") or "") if "uid" in day else None,
                }
                for day in _list(campaign.get("days") or [], "days")
            ],
        }
    except (KeyError, TypeError, ValueError) as error:
        raise PackError(
            f"The campaign details of {where} are incomplete or malformed ({error})."
        ) from error
    _require(all(day["day"] for day in parsed["days"]), f"A campaign day of {where} has no date.")
    return parsed


def _parse_collection(raw: Any) -> PackCollection:
    _require(
        isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"].strip(),
        "A collection in the pack has no name.",
    )
    items = []
    for item in _list(raw.get("items") or [], "collection items"):
        _require(
            isinstance(item, dict) and isinstance(item.get("uid"), str),
            "A collection item in the pack has no uid.",
        )
        items.append((item["uid"], str(item.get("note") or "")))
    return PackCollection(
        name=raw["name"].strip(),
        description=str(raw.get("description") or ""),
        objectives=str(raw.get("objectives") or ""),
        items=items,
    )


def _parse_tag(raw: Any) -> PackTag:
    _require(
        isinstance(raw, dict) and isinstance(raw.get("name"), str),
        "A tag in the pack has no name.",
    )
    try:
        name = clean_tag(raw["name"])
    except ValueError as error:
        raise PackError(f"A tag in the pack is refused: {error}") from error
    uids = _list(raw.get("uids") or [], "tagged uids")
    _require(
        all(isinstance(uid, str) for uid in uids), f"The tag {name!r} lists a uid that is not text."
    )
    return PackTag(name, [uid.strip() for uid in uids if uid.strip()])


def new_resource(uid: str, kind: str, title: str, **values: Any) -> PackResource:
    """A resource built in code (by an importer) with every field a pack would have.

    ``values`` may hold any of TEXT_FIELDS and LIST_FIELDS, ``published`` (a
    date or text ``parse_date`` reads), ``duration_seconds``, ``episode``,
    ``season``, ``media_url``, ``extra`` ((label, value) pairs), the currency
    fields (``status``, ``last_reviewed``, ``review_due``, ``superseded_by``,
    ``replaces``: None or left out when the source says nothing) and
    ``attachments`` (a list of PackAttachment).
    """
    attachments = values.pop("attachments", [])
    fields: dict[str, Any] = {"uid": uid.strip(), "kind": kind.strip(), "title": title.strip()}
    for name in TEXT_FIELDS[2:]:
        fields[name] = str(values.pop(name, "") or "").strip()
    for name in LIST_FIELDS:
        fields[name] = [str(v).strip() for v in values.pop(name, []) or [] if str(v).strip()]
    published = values.pop("published", None)
    fields["published"] = published if isinstance(published, date) else parse_date(published)
    for name in ("duration_seconds", "episode", "season"):
        number = values.pop(name, None)
        fields[name] = int(number) if number is not None else None
    fields["media_url"] = str(values.pop("media_url", "") or "").strip()
    fields["extra"] = extra_pairs(values.pop("extra", []))
    fields.update(currency_values(**{name: values.pop(name, None) for name in CURRENCY_FIELDS}))
    if values:
        raise TypeError(f"unknown resource fields: {', '.join(sorted(values))}")
    if not fields["uid"] or not fields["title"] or not fields["kind"]:
        raise PackError("A resource needs a uid, a kind and a title.")
    return PackResource(fields=fields, attachments=list(attachments))


def new_pack(
    pack_id: str,
    title: str,
    resources: list[PackResource],
    collections: list[PackCollection] | None = None,
) -> Pack:
    """A pack built in code, checked like one read from a file (unique uids)."""
    seen: set[str] = set()
    for item in resources:
        _require(item.uid not in seen, f"The uid {item.uid!r} appears twice in {title}.")
        seen.add(item.uid)
    return Pack(pack_id, title, resources, [], [], list(collections or []), [])
