"""The search index: a Whoosh index derived from the catalogue.

The rest of the app uses only this API; nothing outside this package imports
``whoosh``.

The names are loaded when first used (PEP 562): the window paints its first
page with ``Hit`` and ``SearchResults`` alone, before numpy and Whoosh are
imported (see docs/ARCHITECTURE.md, "Start").
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search_index.index import IndexState, RebuildCancelled, SearchIndex
    from search_index.results import Hit, SearchResults
    from search_index.schema import SCHEMA_VERSION
    from search_index.whoosh_internals import WhooshMismatchError
    from search_index.writer_lock import IndexBusyError

_HOMES = {
    "SCHEMA_VERSION": "search_index.schema",
    "Hit": "search_index.results",
    "IndexBusyError": "search_index.writer_lock",
    "IndexState": "search_index.index",
    "RebuildCancelled": "search_index.index",
    "SearchIndex": "search_index.index",
    "SearchResults": "search_index.results",
    "WhooshMismatchError": "search_index.whoosh_internals",
}

__all__ = [
    "SCHEMA_VERSION",
    "Hit",
    "IndexBusyError",
    "IndexState",
    "RebuildCancelled",
    "SearchIndex",
    "SearchResults",
    "WhooshMismatchError",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'search_index' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value
