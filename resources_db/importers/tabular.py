"""CSV and JSON lists of resources, with loosely named columns.

Column names are matched ignoring case, spaces and punctuation, so "Author(s)",
"author" and "AUTHORS" are the same column. Recognised columns (first name
is the field it fills; any of the others mean the same, and when a row fills
several, the one listed first wins):

=============  ==============================================================
title          title, name, resource, headline                  (required)
url            url, link, address, web address, website, href
published      date, published, date published, publication date, year
authors        author, authors, author(s), creator, creators, by
kind           type, kind, format, resource type, item type
topics         tags, topics, keywords, subject, subjects, themes
summary        summary, abstract, description, notes, note, comments
body           body, text, content, full text
organisations  organisation, organization, publisher, org (and plurals)
audience       audience, audiences
settings       setting, settings
source         source, series
journal        journal, publication, publication title, periodical
volume         volume, vol; issue: issue, number; pages: pages, page
media_url      media url, audio url, enclosure
duration       duration, duration seconds, length (seconds, or 1:02:03)
doi            doi
uid            uid
status         status (current, updated, superseded, withdrawn, retracted)
last_reviewed  last reviewed, reviewed, reviewed on, date reviewed
review_due     review due, next review, review by
superseded_by  superseded by, replaced by, is replaced by (a uid or an address)
replaces       replaces, supersedes
=============  ==============================================================

No column is dropped: a cell that fills no field (an unknown column, or a
second summary-like column) is kept as an extra field under its column's
name. The one exception is the "note" column of a list IMH Library exported
(it has uid, kind, title, summary and note columns): that is a reading list's
note on the item, not the resource's, and is not read; and its values are the
library's as shown, so one equal to a field the person edited keeps the edit.
A re-import changes only the fields the file has columns for; the others stay
as they are.
Tags are split on commas, semicolons or "|"; authors, organisations, audience
and settings on ";" or "|" ("Hogg, Sally" reads as "Sally Hogg").
Dates are read as people write them ("3rd March 2021"; "03/03/2021" is day
first); "www." addresses become links. Kinds are matched to the catalogue's
vocabulary ("blog" -> "blog post", "journalArticle" -> "journal article", …);
anything else becomes "report". A row with no title is left out and reported
with its reason, as is a row that is the same resource as an earlier one
(see importers.identity). CSV files are read as UTF-8 (with or without a
BOM), falling back to Windows-1252; the delimiter (comma, semicolon or tab)
is sniffed from the header row. JSON is an array of objects, or an object
with "resources".
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from resources_db.currency_terms import normal_status
from resources_db.importers.common import (
    ImportRejected,
    decode_text,
    display_name,
    html_to_text,
    lenient_date,
    person_name,
    plain,
    split_tags,
    split_values,
    web_link,
)
from resources_db.importers.feeds import parse_duration
from resources_db.importers.identity import Identity, UidAssigner, identify
from resources_db.importers.model import ParsedSource, Skipped
from resources_db.importers.uids import doi_from_url, normalise_doi, normalise_url
from resources_db.kinds import ALL_KINDS
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
    "topics": (
        "tags",
        "tag",
        "topics",
        "topic",
        "keywords",
        "keyword",
        "subject",
        "subjects",
        "themes",
        "manualtags",
        "automatictags",
    ),
    "summary": (
        "summary",
        "abstract",
        "abstractnote",
        "description",
        "notes",
        "note",
        "comments",
        "comment",
        "annotation",
    ),
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
    "source": ("source", "series"),
    "journal": (
        "journal",
        "journaltitle",
        "publicationtitle",
        "publication",
        "periodical",
        "containertitle",
    ),
    "volume": ("volume", "vol"),
    "issue": ("issue", "number", "no"),
    "pages": ("pages", "page", "pp"),
    "media_url": ("mediaurl", "audiourl", "enclosure"),
    "duration": ("duration", "durationseconds", "length"),
    "doi": ("doi",),
    "uid": ("uid",),
    # Currency (resources_db/currency.py), as an export writes it.
    "status": ("status",),
    "last_reviewed": ("lastreviewed", "reviewed", "reviewedon", "datereviewed"),
    "review_due": ("reviewdue", "nextreview", "reviewby"),
    "superseded_by": ("supersededby", "replacedby", "isreplacedby"),
    "replaces": ("replaces", "supersedes"),
}
_FIELD_FOR = {alias: target for target, aliases in _SYNONYMS.items() for alias in aliases}
_RANK = {alias: rank for aliases in _SYNONYMS.values() for rank, alias in enumerate(aliases)}
_NAMES = ("authors", "organisations", "audience", "settings")
_TEXT = ("journal", "volume", "issue", "pages", "source")
_KIND_WORDS = {
    "blog": "blog post",
    "post": "blog post",
    "blogpost": "blog post",
    "podcast": "podcast episode",
    "episode": "podcast episode",
    "audio": "podcast episode",
    "webinar": "video",
    "videorecording": "video",
    "film": "video",
    "course": "training",
    "elearning": "training",
    "workshop": "training",
    "letter": "open letter",
    "policybriefing": "briefing",
    "article": "journal article",
    "paper": "journal article",
    "booksection": "book chapter",
    "chapter": "book chapter",
    "newspaperarticle": "news article",
    "audiorecording": "audio",
    "website": "web page",
    "webpage": "web page",
    "dissertation": "thesis",
    "case": "legal",
    "statute": "legal",
    "bill": "legal",
    "hearing": "legal",
}
_KEY_NOISE = re.compile(r"[^a-z0-9]")


def _key(header: str) -> str:
    return _KEY_NOISE.sub("", header.casefold())


def field_for(header: str) -> str | None:
    """The resource field a loosely named column fills, or None when unknown."""
    return _FIELD_FOR.get(_key(header))


def kind_for(value: Any) -> str:
    """The catalogue kind closest to a free-text type; "report" when nothing fits."""
    text = " ".join(str(value or "").casefold().split())
    if text in ALL_KINDS:
        return text
    key = _KEY_NOISE.sub("", text)
    for kind in ALL_KINDS:
        if key == kind.replace(" ", ""):
            return kind
    return _KIND_WORDS.get(key, "report")


def _cell_text(value: Any) -> str:
    """A cell or JSON value as text: lists joined, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(text for text in map(_cell_text, value) if text)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str | list | tuple | dict) and not value)
        or (isinstance(value, str) and not value.strip())
    )


def _sort_columns(
    record: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, str], list[tuple[str, Any]]]:
    """Each field's value from its best-named non-empty column, that column's
    name, and every other non-empty cell."""
    chosen: dict[str, tuple[int, str, Any]] = {}
    others: list[tuple[str, Any]] = []
    for key, value in record.items():
        if _is_empty(value):
            continue
        header = str(key)
        target = field_for(header)
        if target is None:
            others.append((header, value))
            continue
        rank = _RANK[_key(header)]
        best = chosen.get(target)
        if best is None or rank < best[0]:
            if best is not None:
                others.append((best[1], best[2]))
            chosen[target] = (rank, header, value)
        else:
            others.append((header, value))
    values = {target: value for target, (_, _, value) in chosen.items()}
    return values, {target: header for target, (_, header, _) in chosen.items()}, others


def _redundant(target: str | None, value: Any, values: dict[str, Any]) -> bool:
    """Whether a second column only repeats what its field already holds."""
    if target is None or target not in values:
        return False
    used, text = _cell_text(values[target]), _cell_text(value)
    if target == "published":
        first, second = lenient_date(used), lenient_date(text)
        return bool(first and second and first.year == second.year)
    if target == "url":
        return normalise_url(web_link(used)) == normalise_url(web_link(text))
    return " ".join(html_to_text(used).split()) == " ".join(html_to_text(text).split())


def record_resource(record: dict[str, Any]) -> PackResource | None:
    """One row/object as a resource, or None for a row with no title."""
    found = _read_record(record)
    return found[0] if found else None


# A list exported by IMH Library (exporters.lists) has these columns; its "note"
# is a reading list's note on the item, not anything of the resource's own.
_LIST_EXPORT_COLUMNS = frozenset({"uid", "kind", "title", "summary", "note"})
_ITEM_NOTE = "note"
# The resource field each column target fills, where the names differ.
_FIELD_OF = {"duration": "duration_seconds"}


def _is_list_export(record: dict[str, Any]) -> bool:
    return record.keys() >= _LIST_EXPORT_COLUMNS


def _carried(record: dict[str, Any], fields: dict[str, Any]) -> frozenset[str]:
    """The fields this row's columns give (even empty): a re-import leaves the others."""
    targets = {field_for(str(header)) for header in record}
    carried = {_FIELD_OF.get(target, target) for target in targets if target}
    # A link names its DOI; and a cell that filled no field is kept as an extra one.
    carried.update(name for name in ("doi", "extra") if fields[name])
    return frozenset(carried)


def _read_record(record: dict[str, Any]) -> tuple[PackResource, Identity] | None:
    """One row/object as a resource and what identifies it, or None with no title."""
    exported = _is_list_export(record)
    if exported:
        record = {key: value for key, value in record.items() if key != _ITEM_NOTE}
    values, headers, others = _sort_columns(record)
    title = plain(values.get("title"))
    if not title:
        return None
    published = lenient_date(values.get("published"))
    currency = _currency(values)
    url = web_link(values.get("url"))
    doi = normalise_doi(plain(values.get("doi"))) or doi_from_url(url)
    kind = kind_for(values.get("kind"))
    duration = parse_duration(values.get("duration"))
    # A value that does not read as its field is kept as written rather than lost.
    unread = {
        "published": published is None,
        "duration": duration is None,
        "kind": kind == "report" and _key(_cell_text(values.get("kind"))) not in ("", "report"),
        "doi": not normalise_doi(plain(values.get("doi"))),
        **{name: currency[name] is None for name in _CURRENCY_READ},
    }
    extra = [
        (header, html_to_text(_cell_text(value)))
        for header, value in others
        if not _redundant(field_for(header), value, values)
    ]
    extra += [
        (headers[name], html_to_text(_cell_text(values[name])))
        for name, bad in unread.items()
        if bad and name in values
    ]
    resource = new_resource(
        "tabular:pending",  # the uid is given by the UidAssigner
        kind,
        title,
        summary=html_to_text(_cell_text(values.get("summary"))),
        body=html_to_text(_cell_text(values.get("body"))),
        url=url,
        media_url=plain(values.get("media_url")),
        published=published,
        duration_seconds=duration,
        topics=split_tags(values.get("topics")),
        authors=[person_name(name) for name in split_values(values.get("authors"))],
        doi=doi,
        extra=extra,
        **{name: split_values(values.get(name)) for name in _NAMES if name != "authors"},
        **{name: plain(_cell_text(values.get(name))) for name in _TEXT},
        **currency,
    )
    fields = resource.fields
    resource.carried = _carried(record, fields)
    resource.as_shown = exported
    identity = identify(
        title,
        uid=plain(values.get("uid")),
        doi=doi,
        url=url,
        year=published.year if published else None,
        authors=fields["authors"],
        source=fields["journal"] or fields["source"],
        publishers=fields["organisations"],
    )
    return resource, identity


_CURRENCY_READ = ("status", "last_reviewed", "review_due")


def _currency(values: dict[str, Any]) -> dict[str, Any]:
    """The currency columns a row fills; None where it has none or they do not read
    (an unreadable one is kept as an extra field, like any other)."""
    found: dict[str, Any] = {
        "status": normal_status(plain(values["status"])) if "status" in values else None,
        "superseded_by": plain(values.get("superseded_by")) or None,
        "replaces": plain(values.get("replaces")) or None,
    }
    for name in ("last_reviewed", "review_due"):
        found[name] = lenient_date(values.get(name)) if name in values else None
    return found


def parse_csv(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    text = decode_text(data)
    delimiter = _sniff_delimiter(text)
    if _ends_inside_quotes(text, delimiter):
        # Python's reader would take the rest of the file as one cell of one row.
        raise ImportRejected(
            f"{label} has a quotation mark that is never closed, so its rows cannot be "
            "told apart; nothing was imported."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [header.strip() for header in next(reader, [])]
        if "title" not in {field_for(header) for header in headers}:
            raise ImportRejected(f"{label} has no title column, so its rows cannot be imported.")
        # Numbered as a spreadsheet shows them: the header is row 1.
        rows = [(number, _row_record(headers, cells)) for number, cells in enumerate(reader, 2)]
    except csv.Error as error:
        raise ImportRejected(f"{label} is not a readable CSV file ({error}).") from error
    # Rows with nothing in them (a spreadsheet's trailing blank lines) hold nothing to lose.
    records = [(number, record) for number, record in rows if any(record.values())]
    return _tabular_source("csv", label, records, "row")


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether a quoted cell runs to the end of the file (its closing quote missing)."""
    if text.count('"') % 2 == 0:
        return False  # quotes in pairs: nothing left open (the common case, no second read)
    try:
        for _row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _row_record(headers: list[str], cells: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for position, cell in enumerate(cells):
        header = headers[position] if position < len(headers) else ""
        # A cell beyond the header row, or under an empty heading, is still kept.
        name = header or f"Column {position + 1}"
        if name in record and cell.strip():
            name = f"{name} ({position + 1})"
        if name not in record or cell.strip():
            record[name] = cell
    return record


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
    return _tabular_source("json", label, list(enumerate(document, 1)), "entry")


def _tabular_source(
    fmt: str, label: str, records: Iterable[tuple[int, dict[str, Any]]], noun: str
) -> ParsedSource:
    assigner = UidAssigner()
    skipped: list[Skipped] = []
    for number, record in records:
        found = _read_record(record)
        if found is None:
            skipped.append(Skipped(number, "it has no title"))
            continue
        assigner.add(number, found[1], found[0], noun=noun)
    if not assigner.records:
        raise ImportRejected(f"{label} holds no resources with a title.")
    return ParsedSource(
        fmt,
        assigner.pack(f"{fmt}:{label}", label),
        [],
        skipped=sorted([*skipped, *assigner.skipped], key=lambda item: item.row),
        identities=assigner.identities(),
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most in the header row (comma when there is none)."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","
