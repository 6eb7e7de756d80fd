"""CSV and JSON lists of resources, with loosely named columns.

Column names are matched ignoring case, spaces and punctuation, so "Author(s)",
"author" and "AUTHORS" are the same column. Recognised columns (first name
is the field it fills; any of the others mean the same):

=============  ==============================================================
title          title, name, resource, headline                  (required)
url            url, link, address, web address, website, href
published      date, published, date published, publication date, year
authors        author, authors, author(s), creator, creators, by
kind           type, kind, format, resource type
topics         tags, topics, keywords, subject, subjects, themes
summary        summary, abstract, description
body           body, text, content, full text
organisations  organisation, organization, publisher, org (and plurals)
audience       audience, audiences
settings       setting, settings
source         source, journal, series
media_url      media url, audio url, enclosure
duration       duration, duration seconds, length (seconds, or 1:02:03)
doi            doi
uid            uid
=============  ==============================================================

Multi-valued cells (authors, topics, organisations, audience, settings) are
split on ";" or "|". Kinds are matched to the catalogue's vocabulary
("blog" -> "blog post", "podcast" -> "podcast episode", …); anything else
becomes "report". CSV files are read as UTF-8 (with or without a BOM), falling
back to Windows-1252; the delimiter (comma, semicolon or tab) is sniffed from
the header row. JSON is an array of objects, or an object with "resources".
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from resources_db.importers.common import (
    ImportRejected,
    build_pack,
    decode_text,
    display_name,
    html_to_text,
    lenient_date,
    plain,
    split_values,
)
from resources_db.importers.feeds import parse_duration
from resources_db.importers.model import ParsedSource
from resources_db.importers.uids import best_uid
from resources_db.kinds import KINDS
from resources_db.packs import PackResource, new_resource

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "resource", "resourcetitle", "headline"),
    "url": ("url", "link", "address", "webaddress", "website", "href", "uri", "weblink"),
    "published": (
        "date",
        "published",
        "datepublished",
        "publisheddate",
        "publicationdate",
        "pubdate",
        "year",
        "publicationyear",
    ),
    "authors": ("author", "authors", "creator", "creators", "by", "writer", "writers"),
    "kind": ("type", "kind", "format", "resourcetype", "itemtype"),
    "topics": ("tags", "tag", "topics", "topic", "keywords", "keyword", "subject", "subjects"),
    "summary": ("summary", "abstract", "description"),
    "body": ("body", "text", "content", "fulltext"),
    "organisations": (
        "organisation",
        "organisations",
        "organization",
        "organizations",
        "publisher",
        "publishers",
        "org",
        "orgs",
    ),
    "audience": ("audience", "audiences"),
    "settings": ("setting", "settings"),
    "source": ("source", "journal", "series"),
    "media_url": ("mediaurl", "audiourl", "enclosure"),
    "duration": ("duration", "durationseconds", "length"),
    "doi": ("doi",),
    "uid": ("uid",),
}
_FIELD_FOR = {alias: target for target, aliases in _SYNONYMS.items() for alias in aliases}
_MULTI = ("authors", "topics", "organisations", "audience", "settings")
_KIND_WORDS = {
    "blog": "blog post",
    "post": "blog post",
    "podcast": "podcast episode",
    "episode": "podcast episode",
    "audio": "podcast episode",
    "webinar": "video",
    "film": "video",
    "course": "training",
    "elearning": "training",
    "workshop": "training",
    "letter": "open letter",
    "policybriefing": "briefing",
}
_KEY_NOISE = re.compile(r"[^a-z0-9]")


def field_for(header: str) -> str | None:
    """The resource field a loosely named column fills, or None when unknown."""
    return _FIELD_FOR.get(_KEY_NOISE.sub("", header.casefold()))


def kind_for(value: Any) -> str:
    """The catalogue kind closest to a free-text type; "report" when nothing fits."""
    text = " ".join(str(value or "").casefold().split())
    if text in KINDS:
        return text
    key = _KEY_NOISE.sub("", text)
    for kind in KINDS:
        if key == kind.replace(" ", ""):
            return kind
    return _KIND_WORDS.get(key, "report")


def record_resource(record: dict[str, Any]) -> PackResource | None:
    """One row/object as a resource, or None for a row with no title (blank rows)."""
    values: dict[str, Any] = {}
    for key, value in record.items():
        target = field_for(str(key)) if key is not None else None
        if target and target not in values and value not in (None, "", []):
            values[target] = value
    title = plain(values.get("title"))
    if not title:
        return None
    published = lenient_date(values.get("published"))
    url = plain(values.get("url"))
    uid = best_uid(
        title,
        uid=plain(values.get("uid")),
        doi=plain(values.get("doi")),
        url=url,
        year=published.year if published else None,
    )
    fields: dict[str, Any] = {name: split_values(values.get(name)) for name in _MULTI}
    return new_resource(
        uid,
        kind_for(values.get("kind")),
        title,
        summary=html_to_text(str(values.get("summary") or "")),
        body=html_to_text(str(values.get("body") or "")),
        url=url,
        source=plain(values.get("source")),
        media_url=plain(values.get("media_url")),
        published=published,
        duration_seconds=parse_duration(values.get("duration")),
        **fields,
    )


def parse_csv(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    text = decode_text(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = reader.fieldnames or []
        if "title" not in {field_for(header) for header in headers}:
            raise ImportRejected(f"{label} has no title column, so its rows cannot be imported.")
        records = list(reader)
    except csv.Error as error:
        raise ImportRejected(f"{label} is not a readable CSV file ({error}).") from error
    return _tabular_source("csv", label, records)


def parse_json(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportRejected(f"{label} is not valid JSON.") from error
    if isinstance(document, dict):
        document = document.get("resources")
    if not isinstance(document, list):
        raise ImportRejected(f"{label} holds no list of resources (an array of objects).")
    if not all(isinstance(item, dict) for item in document):
        raise ImportRejected(f"{label} lists something other than objects as resources.")
    return _tabular_source("json", label, document)


def _tabular_source(fmt: str, label: str, records: list[dict[str, Any]]) -> ParsedSource:
    resources = [item for item in map(record_resource, records) if item is not None]
    if not resources:
        raise ImportRejected(f"{label} holds no resources with a title.")
    return ParsedSource(fmt, build_pack(f"{fmt}:{label}", label, resources), [])


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most in the header row (comma when there is none)."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","
