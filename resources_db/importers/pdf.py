"""PDF documents, read with pypdf: one "report" carrying the file as an attachment.

The title comes from the document's metadata, else the first non-empty line
of page 1, else the file name; the body is the text of every page (capped,
since a scanned book can yield megabytes of noise). The uid is the sha256 of
the bytes, so the same file imported twice is one resource.
"""

from __future__ import annotations

import io
import logging
from datetime import date
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
        metadata = reader.metadata or {}
        body = _text(reader)
    except ImportRejected:
        raise
    except Exception as error:
        # pypdf raises many kinds of error for damaged files; all mean the same to the user.
        raise ImportRejected(f"{label} is a damaged PDF that cannot be read.") from error
    title = _title(metadata, body, label)
    resource = new_resource(
        pdf_uid(data),
        "report",
        title,
        summary=shorten(plain(_meta(metadata, "/Subject"))),
        body=body,
        authors=split_values(_meta(metadata, "/Author")),
        topics=split_values(_meta(metadata, "/Keywords").replace(",", ";")),
        published=_created(metadata),
        formats=["document"],
        attachments=[PackAttachment(label, title, "application/pdf", data)],
    )
    return ParsedSource("pdf", build_pack(f"pdf:{label}", title, [resource]), [])


def _text(reader: PdfReader) -> str:
    pages: list[str] = []
    length = 0
    for page in reader.pages:
        text = tidy_text(page.extract_text() or "")
        pages.append(text)
        length += len(text) + 2
        if length >= MAX_BODY_CHARS:
            break
    return "\n\n".join(pages)[:MAX_BODY_CHARS].strip()


def _meta(metadata: Any, key: str) -> str:
    try:
        value = metadata.get(key)
    except Exception:  # damaged metadata dictionaries: treat as absent
        return ""
    return str(value or "").strip()


def _title(metadata: Any, body: str, label: str) -> str:
    title = plain(_meta(metadata, "/Title"))
    if not title or title.casefold() in ("untitled", "microsoft word - document1"):
        first_line = next((line for line in body.splitlines() if line.strip()), "")
        title = plain(first_line) or PurePosixPath(label).stem or label
    return title[:MAX_TITLE_CHARS].strip()


def _created(metadata: Any) -> date | None:
    """The creation date from the PDF's "D:YYYYMMDD..." stamp, when it reads."""
    raw = _meta(metadata, "/CreationDate").removeprefix("D:")
    digits = raw[:8]
    if len(digits) == 8 and digits.isdigit():
        return lenient_date(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}")
    return lenient_date(raw[:4]) if raw[:4].isdigit() else None
