"""Citing resources: their references in a chosen style, for a front end to copy or show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop_app.operations.base import OperationsBase
from desktop_app.operations.errors import UsageError

if TYPE_CHECKING:
    from resources_db.citations import FormattedCitation
    from resources_db.models import Resource

# The citation styles and the exporters are imported when a reference is
# asked for, not at every start of the window and of each command.


class CitationOps(OperationsBase):
    def citation_styles(self) -> dict[str, str]:
        """Style key -> the name a menu shows ("apa" -> "APA 7th edition")."""
        from resources_db.citations import STYLES

        return {key: style.name for key, style in STYLES.items()}

    def citations(self, uids: Sequence[str], style: str | None = None) -> list[FormattedCitation]:
        """The references of ``uids`` in ``style`` (None: the default, APA), in the
        style's order (APA: by author).

        Uids no longer in the catalogue are left out. A read: nothing changes.
        """
        from resources_db.citations import DEFAULT_STYLE, STYLES, CitationError, format_citations
        from resources_db.exporters.selection import load_resources

        style = DEFAULT_STYLE if style is None else style
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
    from resources_db.exporters.selection import flat_row

    row = flat_row(resource, "")
    # An undated page is cited with the day the library got it (APA's "Retrieved …, from").
    row["accessed"] = resource.added_at.date()
    return row
