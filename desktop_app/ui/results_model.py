"""A lazy list model over search results: pages are fetched as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop_app.ui.announce import as_sentence
from search_index import Hit, SearchResults

PAGE_SIZE = 25

HitRole = Qt.ItemDataRole.UserRole + 1
UidRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

# What a result says of a resource that is not current (nothing when it is).
STATUS_LABELS = {
    "updated": "Updated",
    "superseded": "Superseded",
    "withdrawn": "Withdrawn",
    "retracted": "Retracted",
}


def status_label(hit: Hit) -> str:
    return STATUS_LABELS.get(hit.status, "")


@dataclass(frozen=True)
class SearchRequest:
    query: str
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: str = "relevance"
    as_you_type: bool = False


def spoken(hit: Hit) -> str:
    """What a screen reader says for a result: title, its status when not current, kind and
    year, authors, organisations."""
    kind = ", ".join([hit.kind.capitalize(), *([str(hit.year)] if hit.year else [])])
    parts = [as_sentence(hit.title), as_sentence(status_label(hit)), as_sentence(kind)]
    parts = [part for part in parts if part]
    if hit.authors:
        parts.append(as_sentence("By " + ", ".join(hit.authors[:3])))
    if hit.organisations:
        parts.append(as_sentence(", ".join(hit.organisations[:3])))
    return " ".join(parts)


# (request, offset, deliver, failed): runs the search on a worker and calls back.
PageFetcher = Callable[
    [SearchRequest, int, Callable[[SearchResults], None], Callable[[Exception], None]], None
]


class ResultsModel(QAbstractListModel):
    """Rows are the hits fetched so far; ``fetchMore`` asks for the next page."""

    pageLoaded = Signal()

    def __init__(self, fetch_page: PageFetcher | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._total = 0
        self._request: SearchRequest | None = None
        self._fetch_page = fetch_page
        self._fetching = False

    # --- filling ----------------------------------------------------------------------

    def reset_results(self, request: SearchRequest, results: SearchResults) -> None:
        if self._same_rows(results):
            # The same resources in the same order (the real search after the kept
            # first page, a refresh after an edit): update them where they are, so
            # the chosen row, the selection and the scroll position stay.
            self._request, self._hits, self._total = request, list(results.hits), results.total
            self._fetching = False
            if self._hits:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._hits) - 1, 0))
            return
        self.beginResetModel()
        self._request = request
        self._hits = list(results.hits)
        self._total = results.total
        self._fetching = False
        self.endResetModel()

    def _same_rows(self, results: SearchResults) -> bool:
        return (
            self._request is not None
            and results.total == self._total
            and [hit.uid for hit in results.hits] == [hit.uid for hit in self._hits]
        )

    def clear(self) -> None:
        self.beginResetModel()
        self._request, self._hits, self._total = None, [], 0
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    # --- lazy paging ------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and self._request is not None
            and self._fetch_page is not None
            and not self._fetching
            and len(self._hits) < self._total
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._request is None or self._fetch_page is None:
            return
        self._fetching = True
        request, offset = self._request, len(self._hits)
        self._fetch_page(
            request,
            offset,
            lambda page: self._append(request, offset, page),
            lambda _error: self._fetch_failed(request),
        )

    def _fetch_failed(self, request: SearchRequest) -> None:
        if request is self._request:
            self._fetching = False  # scrolling again retries

    def _append(self, request: SearchRequest, offset: int, page: SearchResults) -> None:
        # Identity, not equality: the same words searched again are a new search.
        if request is not self._request or offset != len(self._hits):
            return
        if not page.hits:
            self._fetching = False
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(page.hits) - 1)
        self._hits.extend(page.hits)
        self.endInsertRows()
        # Only now: views ask for more while rows are being inserted.
        self._fetching = False
        self.pageLoaded.emit()

    # --- the model API ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.title
        if role == HitRole:
            return hit
        if role == UidRole:
            return hit.uid
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
