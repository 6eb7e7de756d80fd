"""Importers that turn files in other formats into IMH Library packs.

``detect_format`` names a file's format from its content; ``parse_source``
reads any format except "pack" (packs have their own reader) into a
``ParsedSource``: a ``Pack`` built with ``new_resource``/``new_pack`` plus
any feeds to subscribe to. Every failure is an ``ImportRejected`` carrying
one plain sentence for the user; nothing is half-returned.
"""

from __future__ import annotations

from collections.abc import Callable

from resources_db.importers.bookmarks_html import parse_bookmarks
from resources_db.importers.common import ImportRejected, display_name
from resources_db.importers.detect import detect_format
from resources_db.importers.feeds import parse_feed
from resources_db.importers.model import FeedInfo, ParsedSource
from resources_db.importers.opml import parse_opml
from resources_db.importers.pdf import parse_pdf
from resources_db.importers.ris import parse_ris
from resources_db.importers.tabular import parse_csv, parse_json
from resources_db.packs import PackError

FORMATS = ("pack", "feed", "opml", "csv", "json", "ris", "bookmarks", "pdf")

_PARSERS: dict[str, Callable[[bytes, str], ParsedSource]] = {
    "feed": parse_feed,
    "opml": parse_opml,
    "csv": parse_csv,
    "json": parse_json,
    "ris": parse_ris,
    "bookmarks": parse_bookmarks,
    "pdf": parse_pdf,
}
_LABELS = {
    "feed": "a feed",
    "opml": "an OPML list",
    "csv": "a CSV file",
    "json": "a JSON file",
    "ris": "a RIS file",
    "bookmarks": "a bookmarks file",
    "pdf": "a PDF",
}


def parse_source(data: bytes, name: str, fmt: str) -> ParsedSource:
    """Read ``data`` as ``fmt`` into a pack, or raise ImportRejected (one sentence)."""
    parser = _PARSERS.get(fmt)
    if parser is None:
        known = ", ".join(_PARSERS)
        raise ImportRejected(f"IMH Library cannot read {fmt!r} here (it reads {known}).")
    try:
        return parser(data, name)
    except ImportRejected:
        raise
    except PackError as error:
        raise ImportRejected(str(error)) from error
    except RecursionError as error:
        raise ImportRejected(f"{display_name(name)} is nested too deeply to read.") from error
    except Exception as error:
        # Third-party parsers raise many error types on hostile input; the user needs
        # one sentence, never a traceback, and never a half-written import.
        raise ImportRejected(
            f"{display_name(name)} could not be read as {_LABELS[fmt]} (the file looks damaged)."
        ) from error


__all__ = [
    "FORMATS",
    "FeedInfo",
    "ImportRejected",
    "ParsedSource",
    "detect_format",
    "parse_source",
]
