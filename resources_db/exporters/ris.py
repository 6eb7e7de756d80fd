"""RIS for reference managers (Zotero, EndNote, Mendeley), written as our RIS importer reads it.

One record per resource: TY from the kind (``reference_types``; M3 names
the kind where the TY alone would not), ID the resource's uid (a list read back
into IMH Library finds its resources again), TI, AU in order as "Family, Given",
PY and DA, T2/VL/IS/SP/EP for where it was published, PB for the
organisations, DO, UR (http(s) only: a feed's internal id is no link), AB,
KW for the topics and N1 for the trainer's note. CRLF line ends and UTF-8,
as Zotero writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from resources_db.dates import parse_date
from resources_db.importers.common import web_link
from resources_db.person_names import split_name
from resources_db.reference_types import reference_type

_LINE_END = "\r\n"
# A line of a long text that reads like a tag would start a new field when read back.
_LOOKS_LIKE_TAG = re.compile(r"^[A-Z][A-Z0-9] {1,2}-")
_PAGE_RANGE = re.compile(r"^\s*([^-–—\s]+)\s*[-–—]+\s*([^-–—\s]+)\s*$")
_WHOLE_WORKS = frozenset({"book", "thesis", "manuscript"})  # SP is a page count there


def to_ris(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows (``flat_row`` dicts) as one RIS file's text."""
    return "".join(_record(row) for row in rows)


def _record(row: Mapping[str, Any]) -> str:
    kind = str(row.get("kind") or "")
    found = reference_type(kind)
    tags: list[tuple[str, str]] = [("TY", found.ris), ("ID", _line(row.get("uid")))]
    tags.append(("TI", _line(row.get("title"))))
    tags += [("AU", author_name(name)) for name in _names(row.get("authors"))]
    tags += _dates(row.get("published"))
    tags += [("T2", _line(row.get("journal"))), ("VL", _line(row.get("volume")))]
    tags += [("IS", _line(row.get("issue")))]
    if kind not in _WHOLE_WORKS:
        tags += _pages(_line(row.get("pages")))
    tags.append(("PB", "; ".join(_names(row.get("organisations")))))
    tags += [("DO", _line(row.get("doi"))), ("UR", web_link(row.get("url")))]
    if found.ris_names_kind:
        tags.append(("M3", found.label))
    tags += [("AB", _block(row.get("summary")))]
    tags += [("KW", topic) for topic in _names(row.get("topics"))]
    tags.append(("N1", _block(row.get("note"))))
    lines = [f"{tag}  - {value}" for tag, value in tags if value]
    return _LINE_END.join([*lines, "ER  - ", "", ""])


def author_name(name: str) -> str:
    """ "Hogg, Sally" for a person; an organisation's name as it is (Zotero: one field)."""
    parts = split_name(name)
    return parts.inverted if parts else " ".join(name.split())


def _names(values: Any) -> list[str]:
    return [" ".join(str(value).split()) for value in values or [] if str(value).strip()]


def _line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _block(value: Any) -> str:
    """A text over several lines (paragraphs kept), none of them read as a new tag."""
    lines = [" ".join(line.split()) for line in str(value or "").splitlines()]
    kept = [(" " + line) if _LOOKS_LIKE_TAG.match(line) else line for line in lines if line]
    return _LINE_END.join(kept)


def _dates(value: Any) -> list[tuple[str, str]]:
    """PY the year; DA as precise as the date likely was (the 1st of a month stands for it)."""
    try:
        found = parse_date(value)
    except ValueError:
        return []
    if found is None:
        return []
    if found.day != 1:
        precise = f"{found.year:04d}/{found.month:02d}/{found.day:02d}/"
    elif found.month != 1:
        precise = f"{found.year:04d}/{found.month:02d}//"
    else:
        return [("PY", f"{found.year:04d}")]
    return [("PY", f"{found.year:04d}"), ("DA", precise)]


def _pages(pages: str) -> list[tuple[str, str]]:
    match = _PAGE_RANGE.match(pages)
    if match:
        return [("SP", match.group(1)), ("EP", match.group(2))]
    return [("SP", pages)] if pages else []
