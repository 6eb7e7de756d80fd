"""Exporting a collection, the bookmarks or any list of resources.

Four formats: ``pack`` (an IMH Library pack another library can import, see
docs/PACK_FORMAT.md), ``csv`` (for spreadsheets), ``json`` and ``html`` (a
printable reading list / handout).

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
from typing import IO

from sqlalchemy.orm import Session

from resources_db.exporters.lists import to_csv, to_html, to_json
from resources_db.exporters.pack import write_pack
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
) -> int:
    """Write ``selection`` to ``target`` as ``fmt``; return how many resources were written."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(
            f"{fmt!r} is not an export format; choose one of {', '.join(EXPORT_FORMATS)}."
        )
    target = Path(target)
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")
    resources = load_resources(session, selection.uids)
    if fmt == "pack":
        _write_atomically(target, lambda h: write_pack(h, selection, resources, attachments_dir))
        return len(resources)
    rows = [flat_row(r, selection.notes.get(r.uid, "")) for r in resources]
    if fmt == "csv":
        # utf-8-sig: the BOM is what makes Excel read the file as UTF-8.
        data = to_csv(rows).encode("utf-8-sig")
    elif fmt == "json":
        data = to_json(selection, rows).encode("utf-8")
    else:
        data = to_html(selection, rows).encode("utf-8")
    _write_atomically(target, lambda handle: handle.write(data))
    return len(resources)


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
