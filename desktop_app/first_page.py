"""The window's first page, kept from the last session so the next start can show it at once.

Opening the library takes importing SQLAlchemy with every model, numpy and the
search index: about 0.7 s at 100,000 resources, longer than the rest of the
start together. The window opens with an empty search, whose answer (the
newest resources, their count and the Filters' counts) only changes when the
library does. So when the window closes, the answer to that search is written
beside the library with a stamp of the library's database file; the next start
reads it back with the standard library alone and paints it while the rest
loads, then the real search replaces it.

A page is used only when its stamp still matches the database (size and
modification time of the file and of its write-ahead log): any write since, by
the window, the command line, a sync, a restore or an upgrade's migration,
changes the stamp and the start goes the slow way, showing nothing it has not
just read. A page whose results no longer fit ``Hit`` (another version's) is
not used either. The page holds what the results list shows of the catalogue
(titles, kinds, authors, organisations, summaries' starts), never the person's
own data.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from resources_db.paths import LibraryPaths
from search_index.results import Hit, SearchResults

log = logging.getLogger(__name__)

FORMAT = 1
MOST_BYTES = 1 << 20  # a page of 25 results is about 20 KB


@dataclass(frozen=True)
class FirstPage:
    """What the window shows before the library is open."""

    results: SearchResults
    resource_count: int
    menus: list[str]  # the menu bar's titles, so the bar does not appear later


def library_stamp(paths: LibraryPaths) -> list[list[int] | None]:
    """What changes when the database does: each file's size and modification time."""
    stamp: list[list[int] | None] = []
    for path in (paths.database, paths.database.with_name(paths.database.name + "-wal")):
        try:
            found = path.stat()
        except OSError:
            stamp.append(None)
        else:
            stamp.append([found.st_size, found.st_mtime_ns])
    return stamp


def read_first_page(root: Path) -> FirstPage | None:
    """The page kept at the last close, or None when there is none or the library changed."""
    paths = LibraryPaths(root)
    try:
        with paths.first_page.open("rb") as file:
            saved = json.loads(file.read(MOST_BYTES + 1)[:MOST_BYTES])
        if saved.get("format") != FORMAT:
            return None
        if saved.get("stamp") != library_stamp(paths):
            return None
        return FirstPage(
            results=_results(saved["results"]),
            resource_count=int(saved["resource_count"]),
            menus=[str(title) for title in saved["menus"]],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        # A damaged or foreign file costs only the fast start.
        log.info("first page not used: %s", error)
        return None


def write_first_page(root: Path, page: FirstPage) -> None:
    """Keep ``page`` for the next start; call it once the library is closed, so the
    stamp is taken after the last write. A failure only loses the fast start."""
    paths = LibraryPaths(root)
    saved = {
        "format": FORMAT,
        "stamp": library_stamp(paths),
        "resource_count": page.resource_count,
        "menus": page.menus,
        "results": _plain(page.results),
    }
    partial = paths.first_page.with_name(paths.first_page.name + ".partial")
    try:
        partial.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, paths.first_page)
    except OSError as error:
        log.info("first page not kept: %s", error)


def _plain(results: SearchResults) -> dict[str, Any]:
    # Moments belong to words searched for; the empty search has none.
    plain = asdict(results)
    for hit in plain["hits"]:
        hit["moments"] = []
    return plain


def _results(saved: dict[str, Any]) -> SearchResults:
    hits = [Hit(**hit) for hit in saved.pop("hits")]
    return SearchResults(hits=hits, **saved)
