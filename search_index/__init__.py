"""The search index: a Whoosh index derived from the catalogue.

The rest of the app uses only this API; nothing outside this package imports
``whoosh``.
"""

from search_index.index import IndexState, RebuildCancelled, SearchIndex
from search_index.results import Hit, SearchResults
from search_index.schema import SCHEMA_VERSION
from search_index.whoosh_internals import WhooshMismatchError
from search_index.writer_lock import IndexBusyError

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
