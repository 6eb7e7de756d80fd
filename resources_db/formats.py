"""The names of the formats IMH Library reads and writes, declared once.

Kept apart from the importers and exporters (and free of imports) so that the
command line can offer them as choices without loading any of that code.
"""

from __future__ import annotations

IMPORT_FORMATS: tuple[str, ...] = ("pack", "feed", "opml", "csv", "json", "ris", "bookmarks", "pdf")
EXPORT_FORMATS: tuple[str, ...] = ("pack", "csv", "json", "html", "ris", "bibtex")
