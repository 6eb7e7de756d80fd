"""The use cases of IMH Library, one typed method each, shared by every front end.

The command line (``desktop_app.cli_commands``) and the window
(``desktop_app.ui``) both call ``Operations``; neither reaches into the
database or the index on its own. Mutations return a ``Changes`` value that
says what they touched, so the window refreshes only that. Nothing here
imports Qt: the window decides which thread runs each call (writes on its
single write pool, reads on the search pool).
"""

from desktop_app.operations.changes import Changes
from desktop_app.operations.curation_ops import CurationOps
from desktop_app.operations.errors import (
    NotFoundError,
    OperationError,
    RejectedError,
    UsageError,
)
from desktop_app.operations.library_ops import (
    LibraryDamagedError,
    Operations,
    newest_good_backup,
    restore_library,
)
from desktop_app.operations.reading_ops import DetailView
from desktop_app.operations.transfer_ops import ExportRequest, ImportReport

__all__ = [
    "Changes",
    "CurationOps",
    "DetailView",
    "ExportRequest",
    "ImportReport",
    "LibraryDamagedError",
    "NotFoundError",
    "OperationError",
    "Operations",
    "RejectedError",
    "UsageError",
    "newest_good_backup",
    "restore_library",
]
