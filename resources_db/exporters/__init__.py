"""Exporting a collection, the bookmarks or any list of resources.

Six formats: ``pack`` (an IMH Library pack another library can import, see
docs/PACK_FORMAT.md), ``csv`` (for spreadsheets), ``json``, ``html`` (a
printable reading list / handout, its references in a chosen citation style
if asked), and ``ris`` and ``bibtex`` for reference managers and LaTeX.

Every pack carries one reading list: the exported collection itself (name,
description, objectives, items and notes in order), or else a list named after
the selection's title -- "Bookmarks" for the bookmarks, with the bookmark notes
as item notes -- so notes survive the trip into another library.

Files are written to a temporary file beside the target and moved into place,
so a failed export never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from resources_db.citations import STYLES
from resources_db.exporters.bibtex import to_bibtex
from resources_db.exporters.lists import to_csv, to_html, to_json
from resources_db.exporters.pack import write_pack
from resources_db.exporters.ris import to_ris
from resources_db.exporters.selection import (
    ExportError,
    ExportSelection,
    flat_row,
    load_resources,
    select_bookmarks,
    select_collection,
    select_uids,
)
from resources_db.formats import EXPORT_FORMATS

__all__ = [
    "EXPORT_FORMATS",
    "ExportError",
    "ExportSelection",
    "export",
    "select_bookmarks",
    "select_collection",
    "select_uids",
]


def export(
    session: Session,
    selection: ExportSelection,
    fmt: str,
    target: Path,
    attachments_dir: Path,
    *,
    citation_style: str | None = None,
) -> int:
    """Write ``selection`` to ``target`` as ``fmt``; return how many resources were written.

    ``citation_style`` (a key of ``citations.STYLES``) gives the handout's
    references in that style; without it the handout keeps its own short form.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(
            f"{fmt!r} is not an export format; choose one of {', '.join(EXPORT_FORMATS)}."
        )
    if citation_style is not None and citation_style not in STYLES:
        raise ExportError(
            f"{citation_style!r} is not a citation style; choose one of {', '.join(STYLES)}."
        )
    target = Path(target)
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")
    resources = load_resources(session, selection.uids)
    if fmt == "pack":
        _write_atomically(target, lambda h: write_pack(h, selection, resources, attachments_dir))
        return len(resources)
    rows = [flat_row(r, selection.notes.get(r.uid, "")) for r in resources]
    if fmt == "html":
        # An undated page is cited with the day the library got it ("Retrieved …").
        for row, resource in zip(rows, resources, strict=True):
            row["accessed"] = resource.added_at.date()
    data = _encoded(fmt, selection, rows, citation_style)
    _write_atomically(target, lambda handle: handle.write(data))
    return len(resources)


def _encoded(
    fmt: str, selection: ExportSelection, rows: list[dict[str, Any]], citation_style: str | None
) -> bytes:
    if fmt == "csv":
        # utf-8-sig: the BOM is what makes Excel read the file as UTF-8.
        return to_csv(rows).encode("utf-8-sig")
    writers: dict[str, Callable[[], str]] = {
        "json": lambda: to_json(selection, rows),
        "ris": lambda: to_ris(rows),
        "bibtex": lambda: to_bibtex(rows),
        "html": lambda: to_html(selection, rows, citation_style=citation_style),
    }
    return writers[fmt]().encode("utf-8")


def _write_atomically(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a temporary file in the target's folder, then rename over the target."""
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as error:
        raise ExportError(f"Cannot write to {target.parent} ({error.strerror}).") from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give the export ordinary permissions.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ExportError(f"Cannot write {target.name} ({error.strerror}).") from error
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644
