"""BibTeX for LaTeX writers: one entry per resource, UTF-8, every key unique.

The entry type comes from the kind (``reference_types``). Text fields have
LaTeX's special characters escaped (``& % $ # _ { } ~ ^ \\``) and keep
accented letters as UTF-8, which biber and modern BibTeX read. Titles are
braced twice so styles keep their capitals ("IMH", "CAMHS") as written.
People are "Family, Given" joined by "and"; an organisation is braced whole,
so BibTeX does not take its last word for a surname. ``url`` and ``doi`` are
verbatim fields and are written as they are, only http(s) addresses at that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from resources_db.dates import parse_date
from resources_db.importers.common import web_link
from resources_db.person_names import split_name
from resources_db.reference_types import reference_type

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_PATTERN = re.compile("|".join(re.escape(char) for char in _SPECIAL))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KEY_STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "in", "for", "and", "to", "with"})
# Where each entry type keeps the organisations behind the work.
_ORGANISATION_FIELD = {
    "techreport": "institution",
    "phdthesis": "school",
    "book": "publisher",
    "incollection": "publisher",
    "booklet": "howpublished",
    "inproceedings": "organization",
}
_CONTAINER_FIELD = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}
_URL_UNSAFE = re.compile(r"[{}\s\\]")


def latex_escape(text: str) -> str:
    """Text with LaTeX's special characters escaped and its whitespace on one line."""
    flat = " ".join(str(text).split())
    return _SPECIAL_PATTERN.sub(lambda match: _SPECIAL[match.group(0)], flat)


def to_bibtex(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows (``flat_row`` dicts) as one .bib file's text."""
    taken: set[str] = set()
    entries = []
    for row in rows:
        key = unique_key(citation_key(row), taken)
        entries.append(_entry(key, row))
    return "\n".join(entries)


def citation_key(row: Mapping[str, Any]) -> str:
    """hogg2020where: first author's family name (or organisation), year, first title word."""
    people = [str(name) for name in row.get("authors") or []]
    organisations = [str(name) for name in row.get("organisations") or []]
    parts = split_name(people[0]) if people else None
    if parts is not None:
        who = "".join(_ascii_words(parts.family))  # "van der Berg" is vanderberg
    else:  # an organisation (or a name kept whole): its first word
        whole = people[0] if people else organisations[0] if organisations else ""
        who = next(iter(_ascii_words(whole)), "")
    year = _year(row.get("published")) or "nd"
    words = [w for w in _ascii_words(str(row.get("title") or "")) if w not in _KEY_STOP_WORDS]
    return (who or "anon") + year + (words[0] if words else "")


def unique_key(key: str, taken: set[str]) -> str:
    """``key``, else ``key`` with a, b, c… (then 27, 28…) after it; the result is taken."""
    candidate, number = key, 0
    while candidate in taken:
        number += 1
        candidate = key + (chr(ord("a") + number - 1) if number <= 26 else str(number))
    taken.add(candidate)
    return candidate


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", folded.lower())


def _entry(key: str, row: Mapping[str, Any]) -> str:
    found = reference_type(str(row.get("kind") or ""))
    fields = [
        *_creators(found.bibtex, row),
        ("title", "{" + latex_escape(str(row.get("title") or "")) + "}"),
        *_published_in(found.bibtex, found.label, row),
        *_date_fields(row.get("published")),
        *_numbering(row),
        *_verbatim("doi", str(row.get("doi") or "")),
        *_verbatim("url", web_link(row.get("url"))),
        ("abstract", latex_escape(str(row.get("summary") or ""))),
        ("annote", latex_escape(str(row.get("note") or ""))),
        ("keywords", ", ".join(latex_escape(topic) for topic in _names(row.get("topics")))),
    ]
    body = ",\n".join(_field(name, value) for name, value in fields if value)
    return f"@{found.bibtex}{{{key},\n{body}\n}}\n"


def _names(values: Any) -> list[str]:
    return [str(value) for value in values or [] if str(value).strip()]


def _creators(entry_type: str, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The people as authors; with none, the organisations stand in (braced whole)."""
    people, organisations = _names(row.get("authors")), _names(row.get("organisations"))
    creators = [_person(name) for name in people] or [_whole(name) for name in organisations]
    fields = [("author", " and ".join(creators))]
    if organisations and (people or entry_type in ("techreport", "phdthesis")):
        field = _ORGANISATION_FIELD.get(entry_type, "organization")
        fields.append((field, " and ".join(latex_escape(name) for name in organisations)))
    return fields


def _published_in(entry_type: str, label: str, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    container = str(row.get("journal") or "")
    if container:
        return [(_CONTAINER_FIELD.get(entry_type, "howpublished"), latex_escape(container))]
    if entry_type == "misc" and label:
        return [("howpublished", latex_escape(label))]
    return []


def _numbering(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    pages = re.sub(r"\s*[-–—]+\s*", "--", str(row.get("pages") or ""))  # a range is 1--12
    return [
        ("volume", latex_escape(str(row.get("volume") or ""))),
        ("number", latex_escape(str(row.get("issue") or ""))),
        ("pages", latex_escape(pages)),
    ]


def _field(name: str, value: str) -> str:
    # A month is one of BibTeX's macros (jun), so styles can print it their way.
    return f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"


def _person(name: str) -> str:
    parts = split_name(name)
    # " and " inside a name would split it into two people: such a name is kept whole.
    if parts is None or re.search(r"\band\b", name, re.IGNORECASE):
        return _whole(name)
    return latex_escape(parts.inverted)


def _whole(name: str) -> str:
    return "{" + latex_escape(name) + "}"


def _year(value: Any) -> str:
    try:
        found = parse_date(value)
    except ValueError:
        return ""
    return f"{found.year:04d}" if found else ""


def _date_fields(value: Any) -> list[tuple[str, str]]:
    try:
        found = parse_date(value)
    except ValueError:
        return []
    if found is None:
        return []
    fields = [("year", f"{found.year:04d}")]
    if found.month != 1 or found.day != 1:  # the 1st of January stands for a year alone
        fields.append(("month", _MONTHS[found.month - 1]))
    return fields


def _verbatim(name: str, value: str) -> list[tuple[str, str]]:
    """A url or doi, which LaTeX reads verbatim: braces, spaces and backslashes encoded."""
    if not value:
        return []
    return [(name, _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", value))]
