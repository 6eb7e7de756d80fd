"""PDF documents, read with pypdf: one "report" carrying the file as an attachment.

The title comes from the document's metadata, else the first non-empty line
of page 1, else the file name; the body is the text of every page (capped,
since a scanned book can yield megabytes of noise), in paragraphs: pypdf's
layout mode shows the gaps between paragraphs as blank lines, and the lines
of a wrapped paragraph are joined again. The published date is the
document's own (XMP dc:date, else the creation date in its information
dictionary or its XMP). The uid is the sha256 of the bytes, so the same file
imported twice is one resource.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from pypdf import PdfReader

from resources_db.importers.common import (
    ImportRejected,
    build_pack,
    display_name,
    lenient_date,
    plain,
    shorten,
    split_values,
    tidy_text,
)
from resources_db.importers.model import ParsedSource
from resources_db.importers.uids import pdf_uid
from resources_db.packs import PackAttachment, new_resource

# pypdf explains damaged files on its logger; the user gets one sentence instead.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

MAX_BODY_CHARS = 2_000_000
MAX_TITLE_CHARS = 200


def parse_pdf(data: bytes, name: str) -> ParsedSource:
    label = display_name(name)
    if b"%PDF-" not in data[:1024]:
        raise ImportRejected(f"{label} is not a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportRejected(f"{label} is encrypted, so its text cannot be read.")
        metadata: Any = reader.metadata or {}
        pages = _page_lines(reader)
        published = _published(reader, metadata)
    except ImportRejected:
        raise
    except Exception as error:
        # pypdf raises many kinds of error for damaged files; all mean the same to the user.
        raise ImportRejected(f"{label} is a damaged PDF that cannot be read.") from error
    body = "\n\n".join(text for text in map(_paragraphs, pages) if text)[:MAX_BODY_CHARS].strip()
    first_line = next((line for lines in pages for line in lines if line.strip()), "")
    title = _title(metadata, first_line, label)
    resource = new_resource(
        pdf_uid(data),
        "report",
        title,
        summary=shorten(plain(_meta(metadata, "/Subject"))),
        body=body,
        authors=split_values(_meta(metadata, "/Author")),
        topics=split_values(_meta(metadata, "/Keywords").replace(",", ";")),
        published=published,
        formats=["document"],
        attachments=[PackAttachment(label, title, "application/pdf", data)],
    )
    return ParsedSource("pdf", build_pack(f"pdf:{label}", title, [resource]), [])


def _page_lines(reader: PdfReader) -> list[list[str]]:
    """Each page's lines, a blank line where the page leaves a gap (a paragraph break)."""
    pages: list[list[str]] = []
    length = 0
    for page in reader.pages:
        try:
            text = page.extract_text(extraction_mode="layout") or ""
        except Exception:  # layout mode trips on some odd fonts; plain mode still reads them
            text = page.extract_text() or ""
        lines = tidy_text(text).split("\n")
        pages.append(lines)
        length += sum(len(line) + 1 for line in lines)
        if length >= MAX_BODY_CHARS:
            break
    return pages


_LIST_ITEM = re.compile(r"^(?:[•▪◦‣*-]|\d{1,3}[.)]|[a-z][.)])\s")
FULL_LINE_SHARE = 0.75  # a line this long (of the page's longest) was wrapped, not ended
FULL_LINE_CHARS = 40


def _paragraphs(lines: list[str]) -> str:
    """A page's text with one paragraph per block: wrapped lines joined, short lines kept."""
    longest = max((len(line) for line in lines), default=0)
    full = max(FULL_LINE_CHARS, int(longest * FULL_LINE_SHARE))
    blocks: list[str] = []
    current = ""
    for line in lines:
        if not line:
            blocks.append(current)
            current = ""
        elif not current:
            current = line
        elif len(current.rsplit("\n", 1)[-1]) >= full and not _LIST_ITEM.match(line):
            current = _join(current, line)
        else:
            current += "\n" + line
    blocks.append(current)
    return "\n\n".join(block for block in blocks if block)


def _join(text: str, line: str) -> str:
    # "develop-" + "ment" is one word; "parent-" + "Infant" keeps its hyphen.
    if re.search(r"[a-z]-$", text) and line[:1].islower():
        return text[:-1] + line
    return f"{text} {line}"


def _meta(metadata: Any, key: str) -> str:
    try:
        value = metadata.get(key)
    except Exception:  # damaged metadata dictionaries: treat as absent
        return ""
    return str(value or "").strip()


def _title(metadata: Any, first_line: str, label: str) -> str:
    title = plain(_meta(metadata, "/Title"))
    if not title or title.casefold() in ("untitled", "microsoft word - document1"):
        title = plain(first_line) or PurePosixPath(label).stem or label
    return title[:MAX_TITLE_CHARS].strip()


def _published(reader: PdfReader, metadata: Any) -> date | None:
    """The document's own date: XMP dc:date, else its creation date (Info, then XMP)."""
    xmp = _xmp(reader)
    for value in (
        _xmp_value(xmp, "dc_date"),
        _pdf_date(_meta(metadata, "/CreationDate")),
        _xmp_value(xmp, "xmp_create_date"),
    ):
        if value is not None:
            return value
    return None


def _xmp(reader: PdfReader) -> Any:
    try:
        return reader.xmp_metadata
    except Exception:  # a damaged XMP packet: the information dictionary still counts
        return None


def _xmp_value(xmp: Any, name: str) -> date | None:
    try:
        value = getattr(xmp, name) if xmp is not None else None
    except Exception:  # an unreadable date in the packet is no date
        return None
    if isinstance(value, list):
        value = value[0] if value else None
    return value.date() if isinstance(value, datetime) else None


def _pdf_date(raw: str) -> date | None:
    """A date from a PDF date stamp ("D:YYYYMMDDHHmmSS…"), or one written another way."""
    text = raw.strip().removeprefix("D:")
    stamp = re.match(r"^(\d{4})(\d{2})?(\d{2})?", text)
    if stamp and (len(text) == 4 or text[4:5].isdigit()):
        year, month, day = (int(part) if part else 1 for part in stamp.groups())
        return lenient_date(f"{year:04d}-{max(month, 1):02d}-{max(day, 1):02d}")
    return lenient_date(text)
