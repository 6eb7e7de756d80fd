"""RIS reference lists (Zotero, EndNote, Mendeley, databases), read as Zotero reads them.

Zotero's RIS translator is the reference: a tag is two characters followed by
one or two spaces and a dash; AU and A1 are both authors, in the file's order
("Hogg, Sally" becomes "Sally Hogg"); DA is the date and PY/Y1 stand in when
it is missing; TY chooses the kind (journal article, book, chapter, thesis…),
or TY with the kind's name in M3 as this library writes them (RPRT "Briefing");
T2 (else JF, JO, JA, J2) is the journal or the book a chapter is in; VL, IS
and SP/EP are volume, issue and pages; DO (or a DOI in M3 or a doi.org link)
is the DOI; AB (else N2) the summary; KW the topics; PB the publisher; N1
notes and every other tag are kept as labelled extra fields. rispy reads the
lines; this module decides what they mean.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

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
from resources_db.importers.identity import UidAssigner, identify
from resources_db.importers.model import ParsedSource, Skipped
from resources_db.importers.uids import doi_from_url, normalise_doi
from resources_db.packs import PackResource, new_resource
from resources_db.reference_types import kind_named_in_ris

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
_END_LINE = re.compile(r"^ER {1,2}-")

# Tag -> the key it is read into. AU and A1 share one list, so authors keep the file's order.
_MAPPING = {
    "TY": "type",
    "TI": "title",
    "T1": "title",
    "CT": "title",
    "ST": "short_title",
    "BT": "book_title",
    "AU": "authors",
    "A1": "authors",
    "A2": "editors",
    "ED": "editors",
    "A3": "series_editors",
    "A4": "translators",
    "T2": "container",
    "JF": "journal_full",
    "JO": "journal_abbreviation",
    "JA": "journal_abbreviation",
    "J2": "journal_abbreviation",
    "T3": "series",
    "AB": "abstract",
    "N2": "abstract_n2",
    "N1": "notes",
    "KW": "keywords",
    "DA": "date",
    "PY": "year",
    "Y1": "year",
    "UR": "urls",
    "L1": "files",
    "L2": "files",
    "L4": "files",
    "DO": "doi",
    "M3": "type_of_work",
    "VL": "volume",
    "IS": "issue",
    "SP": "start_page",
    "EP": "end_page",
    "PB": "publisher",
    "ER": "end",
    "UK": "unknown",
}
_LIST_TAGS = ["AU", "A1", "A2", "ED", "A3", "A4", "KW", "N1", "UR", "L1", "L2", "L4"]

# Tags kept as extra fields, with the label they are shown under.
_EXTRA_LABELS = {
    "CY": "Place",
    "SN": "ISBN/ISSN",
    "LA": "Language",
    "ET": "Edition",
    "M1": "Number",
    "M2": "Extra",
    "Y2": "Accessed",
    "DP": "Library catalogue",
    "DB": "Archive",
    "AN": "Accession number",
    "CN": "Call number",
    "AD": "Author address",
    "NV": "Number of volumes",
    "SE": "Section",
    "OP": "Original publication",
    "RP": "Reprint",
    "CA": "Caption",
    "TT": "Translated title",
    "LB": "Label",
    "RN": "Research notes",
}
_SKIP_TAGS = frozenset({"ID", "ER"})  # a reference manager's own record number
# IMH Library writes a resource's uid as its ID ("imhaw-2020/week", "doi:10…", "url:…"):
# read back, it finds the same resource. Other managers' IDs (numbers, keys) stay skipped.
_OUR_UID = re.compile(r"^[a-z][a-z0-9-]*[:/]\S+$")

# TY -> kind (Zotero's import type map, folded into the catalogue's kinds).
_KINDS = {
    "JOUR": "journal article",
    "EJOUR": "journal article",
    "JFULL": "journal article",
    "ABST": "journal article",
    "INPR": "journal article",
    "MGZN": "magazine article",
    "NEWS": "news article",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CLSWK": "book",
    "SER": "book",
    "CHAP": "book chapter",
    "ECHAP": "book chapter",
    "RPRT": "report",
    "GOVDOC": "report",
    "STAND": "report",
    "THES": "thesis",
    "CONF": "conference paper",
    "CPAPER": "conference paper",
    "ELEC": "web page",
    "ICOMM": "web page",
    "BLOG": "blog post",
    "PAT": "patent",
    "CASE": "legal",
    "STAT": "legal",
    "BILL": "legal",
    "UNBILL": "legal",
    "HEAR": "legal",
    "LEGAL": "legal",
    "MPCT": "film",
    "VIDEO": "video",
    "ADVS": "video",
    "MULTI": "video",
    "SOUND": "audio",
    "MUSIC": "audio",
    "SLIDE": "presentation",
    "DATA": "dataset",
    "DBASE": "dataset",
    "AGGR": "dataset",
    "COMP": "software",
    "MAP": "map",
    "ART": "image",
    "FIGURE": "image",
    "CHART": "image",
    "MANSCPT": "manuscript",
    "UNPB": "manuscript",
    "UNPD": "manuscript",
    "DICT": "encyclopedia entry",
    "ENCYC": "encyclopedia entry",
    "PCOMM": "personal communication",
    "PAMP": "leaflet",
    "CTLG": "document",
    "EQUA": "document",
    "GRANT": "document",
    "GRNT": "document",
    "ANCIENT": "document",
    "GEN": "document",
}
_FORMATS = {
    "video": ["video"],
    "film": ["video"],
    "audio": ["audio"],
    "image": ["image"],
    "map": ["image"],
    "web page": ["web page"],
    "blog post": ["web page"],
}
# Kinds whose SP is a number of pages rather than a page range (as Zotero reads it).
_WHOLE_WORKS = frozenset({"book", "thesis", "manuscript"})


class _ZoteroLikeParser(rispy.RisParser):  # type: ignore[misc]  # rispy ships no types
    """rispy's parser with Zotero's tag rule (one or two spaces) and multi-line values."""

    START_TAG = "TY"
    PATTERN = _TAG_LINE.pattern
    DEFAULT_MAPPING = _MAPPING
    DEFAULT_LIST_TAGS = _LIST_TAGS

    def parse_line(self, line: str) -> tuple[str, str] | tuple[None, str]:
        match = _TAG_LINE.match(line.rstrip())
        if match:
            return match.group(1), (match.group(2) or "").strip()
        return None, line.strip()

    def _add_tag(
        self, record: dict[str, Any], tag: str, content: str, extend_multiline: bool = False
    ) -> None:
        if tag == "ID" and _OUR_UID.match(content.strip()):
            record["imh_uid"] = content.strip()
            return
        if tag in _SKIP_TAGS:
            return
        if extend_multiline:
            # A line with no tag continues the previous value (paragraphs of an
            # abstract or a note), as Zotero reads it; it is not a new value.
            name = self.mapping.get(tag)
            value = record.get(name) if name else None
            if isinstance(value, list) and value and isinstance(value[-1], str):
                value[-1] = f"{value[-1]}\n{content}"
                return
            if name and isinstance(value, str):
                record[name] = f"{value}\n{content}"
                return
            if not content:
                return
        super()._add_tag(record, tag, content, extend_multiline)


def parse_ris(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    lines = decode_text(data).replace("\r\n", "\n").replace("\r", "\n").rstrip().splitlines()
    if not lines or not _END_LINE.match(lines[-1]):
        # A list cut short loses its last reference to rispy; close it so it is kept.
        lines.append("ER  - ")
    try:
        entries = rispy.loads("\n".join(lines) + "\n", implementation=_ZoteroLikeParser)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise ImportRejected(f"{label} is not a readable RIS file.") from error
    assigner = UidAssigner()
    skipped: list[Skipped] = []
    for number, entry in enumerate(entries, 1):
        resource = _resource(entry)
        if resource is None:
            skipped.append(Skipped(number, "it has no title"))
            continue
        ours = str(entry.get("imh_uid") or "")
        _note_carried(resource, as_shown=bool(ours))
        assigner.add(number, _identity(resource, ours), resource, noun="reference")
    if not assigner.records:
        raise ImportRejected(f"{label} holds no references with a title.")
    return ParsedSource(
        "ris",
        assigner.pack(f"ris:{label}", label),
        [],
        skipped=sorted([*skipped, *assigner.skipped], key=lambda item: item.row),
        identities=assigner.identities(),
    )


# What a RIS record can say; of these, only the ones it gives a value count (a tag
# left out is not an empty field), so a re-import never blanks what RIS cannot hold.
_RIS_FIELDS = (
    "authors", "published", "journal", "volume", "issue", "pages", "organisations",
    "doi", "url", "summary", "topics", "extra",
)  # fmt: skip


def _note_carried(resource: PackResource, *, as_shown: bool) -> None:
    fields = resource.fields
    given = {name for name in _RIS_FIELDS if fields.get(name)}
    if as_shown:
        # Its N1 is a reading list's item note and its other extras are what it
        # wrote from the resource's own: neither is news about the resource.
        given.discard("extra")
    resource.carried = frozenset({"uid", "kind", "title", *given})
    # A list IMH Library wrote (its uids as IDs) holds the values as that library
    # showed them, edits included.
    resource.as_shown = as_shown


def _identity(resource: PackResource, uid: str = "") -> Any:
    fields = resource.fields
    published = fields["published"]
    return identify(
        fields["title"],
        uid=uid,
        doi=fields["doi"],
        url=fields["url"],
        year=published.year if published else None,
        authors=fields["authors"],
        source=fields["journal"],
        publishers=fields["organisations"],
    )


def _text(entry: dict[str, Any], *keys: str) -> str:
    """The first of the keys that has a value, as one line of plain text."""
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = next((item for item in value if str(item).strip()), None)
        text = plain(value)
        if text:
            return text
    return ""


def _resource(entry: dict[str, Any]) -> PackResource | None:
    ty, work_type = _text(entry, "type").upper(), _text(entry, "type_of_work")
    # A kind this library wrote as TY plus its name in M3 (a briefing: RPRT, "Briefing").
    own_kind = kind_named_in_ris(ty, work_type)
    kind = own_kind or _KINDS.get(ty, "document")
    title = _text(entry, "title") or _text(entry, "short_title")
    if not title and kind == "book":
        title = _text(entry, "book_title")
    if not title:
        return None
    published = lenient_date(_text(entry, "date")) or lenient_date(_text(entry, "year"))
    links = [link for link in map(web_link, _values(entry, "urls")) if link]
    doi = _doi(entry, links)
    notes = [
        html_to_text(note)
        for note in _values(entry, "notes")
        if html_to_text(note) and plain(note) != title
    ]
    extra = _extra(entry, links[1:], notes, kind_in_m3=own_kind is not None)
    pages = _pages(entry)
    if kind in _WHOLE_WORKS and pages:
        extra.append(("Number of pages", pages))
        pages = ""
    return new_resource(
        "ris:pending",  # the uid is given by the UidAssigner
        kind,
        title,
        summary=html_to_text(_block(entry, "abstract") or _block(entry, "abstract_n2")),
        url=links[0] if links else "",
        published=published,
        authors=[name for name in map(person_name, _values(entry, "authors")) if name],
        topics=_keywords(entry),
        organisations=split_values(_values(entry, "publisher")),
        formats=_FORMATS.get(kind, ["text"]),
        journal=_text(entry, "container", "journal_full", "journal_abbreviation", "book_title"),
        volume=_text(entry, "volume"),
        issue=_text(entry, "issue"),
        pages=pages,
        doi=doi,
        extra=extra,
    )


def _values(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def _block(entry: dict[str, Any], key: str) -> str:
    """A text that may run over several lines (an abstract): paragraphs kept."""
    return "\n".join(_values(entry, key))


def _doi(entry: dict[str, Any], links: list[str]) -> str:
    for candidate in (_text(entry, "doi"), _text(entry, "type_of_work")):
        found = normalise_doi(candidate)
        if found:
            return found
    return next((found for found in map(doi_from_url, links) if found), "")


def _pages(entry: dict[str, Any]) -> str:
    start, end = _text(entry, "start_page"), _text(entry, "end_page")
    if start and end and "-" not in start and start != end:
        return f"{start}-{end}"
    return start or end


def _keywords(entry: dict[str, Any]) -> list[str]:
    keywords = [part for value in _values(entry, "keywords") for part in value.split("\n")]
    # One KW holding a list: split it on semicolons, or on commas (as Zotero does).
    if len(keywords) == 1:
        return split_tags(keywords)
    return split_values(keywords)


def _extra(
    entry: dict[str, Any], other_links: list[str], notes: list[str], *, kind_in_m3: bool
) -> list[tuple[str, str]]:
    extra: list[tuple[str, str]] = [("Notes", note) for note in notes]
    for label, key in (
        ("Editors", "editors"),
        ("Series editors", "series_editors"),
        ("Translators", "translators"),
    ):
        names = [person_name(name) for name in _values(entry, key)]
        if names:
            extra.append((label, "; ".join(names)))
    series = _text(entry, "series")
    if series:
        extra.append(("Series", series))
    work_type = _text(entry, "type_of_work")
    if work_type and not normalise_doi(work_type) and not kind_in_m3:
        extra.append(("Type of work", work_type))
    if other_links:
        extra.append(("Other links", " ".join(other_links)))
    files = [link for link in map(web_link, _values(entry, "files")) if link]
    if files:
        extra.append(("Full text", " ".join(files)))
    for tag, values in (entry.get("unknown") or {}).items():
        texts = [plain(value) for value in values if plain(value)]
        if texts and tag:
            extra.append((_EXTRA_LABELS.get(str(tag), str(tag)), "; ".join(texts)))
    return extra
