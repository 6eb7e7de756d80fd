"""Importers that turn files in other formats into IMH Library packs.

``detect_format`` names a file's format from its content; ``parse_source``
reads any format except "pack" (packs have their own reader) into a
``ParsedSource``: a ``Pack`` built with ``new_resource``/``new_pack`` plus
any feeds to subscribe to. Every failure is an ``ImportRejected`` carrying
one plain sentence for the user; nothing is half-returned.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from resources_db.formats import IMPORT_FORMATS
from resources_db.importers.common import ImportRejected, display_name
from resources_db.importers.detect import detect_format
from resources_db.importers.model import FeedInfo, ParsedSource
from resources_db.packs import PackError

FORMATS = IMPORT_FORMATS

# (module, function) per format, imported on first use: the parsers' libraries
# (pypdf, feedparser, rispy) cost a quarter of a second that starting the
# window or a search should not pay.
_PARSERS: dict[str, tuple[str, str]] = {
    "feed": ("feeds", "parse_feed"),
    "opml": ("opml", "parse_opml"),
    "csv": ("tabular", "parse_csv"),
    "json": ("tabular", "parse_json"),
    "ris": ("ris", "parse_ris"),
    "bookmarks": ("bookmarks_html", "parse_bookmarks"),
    "pdf": ("pdf", "parse_pdf"),
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
    if fmt not in _PARSERS:
        known = ", ".join(_PARSERS)
        raise ImportRejected(f"IMH Library cannot read {fmt!r} here (it reads {known}).")
    parser = _parser(fmt)
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


def _parser(fmt: str) -> Callable[[bytes, str], ParsedSource]:
    module, function = _PARSERS[fmt]
    try:
        parser: Callable[[bytes, str], ParsedSource] = getattr(
            importlib.import_module(f"{__name__}.{module}"), function
        )
        return parser
    except ImportError as error:  # a damaged installation: still one sentence
        raise ImportRejected(
            f"This installation of IMH Library lacks what it needs to read {_LABELS[fmt]} "
            f"({error})."
        ) from error


__all__ = [
    "FORMATS",
    "FeedInfo",
    "ImportRejected",
    "ParsedSource",
    "detect_format",
    "parse_source",
]
