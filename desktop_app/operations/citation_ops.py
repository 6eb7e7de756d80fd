"""Citing resources: their references in a chosen style, for a front end to copy or show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.errors import UsageError
from resources_db.citations import (
    DEFAULT_STYLE,
    STYLES,
    CitationError,
    FormattedCitation,
    format_citations,
)
from resources_db.exporters.selection import flat_row, load_resources
from resources_db.models import Resource


class CitationOps(OperationsBase):
    def citation_styles(self) -> dict[str, str]:
        """Style key -> the name a menu shows ("apa" -> "APA 7th edition")."""
        return {key: style.name for key, style in STYLES.items()}

    def citations(self, uids: Sequence[str], style: str = DEFAULT_STYLE) -> list[FormattedCitation]:
        """The references of ``uids`` in ``style``, in the style's order (APA: by author).

        Uids no longer in the catalogue are left out. A read: nothing changes.
        """
        if style not in STYLES:
            raise UsageError(
                f"{style!r} is not a citation style; choose one of {', '.join(STYLES)}."
            )
        with self.unit_of_work() as session:
            rows = [_citation_row(resource) for resource in load_resources(session, uids)]
        try:
            return format_citations(rows, style)
        except CitationError as error:
            raise UsageError(str(error)) from error


def _citation_row(resource: Resource) -> dict[str, Any]:
    row = flat_row(resource, "")
    # An undated page is cited with the day the library got it (APA's "Retrieved …, from").
    row["accessed"] = resource.added_at.date()
    return row
