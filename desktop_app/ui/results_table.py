"""Results as a table: sortable, resizable columns over the same lazy results as the list.

``ResultsTableModel`` has no results of its own: its rows are the list
model's (``ResultsModel``), so both views show one search, page for page, and
scrolling the table fetches the next page the same way. The columns a hit
does not carry (date added, duration, tags, new from a feed) are read for the
rows the table actually paints, a batch at a time, on a worker.

Sorting asks the search for an order (the sort box's keys); the index sorts
by relevance, title and date, and ``ListingOps`` by date added and author.
The other columns (kind, organisations, duration, tags) are not sortable:
the index has no order for them, and sorting only the rows fetched so far
would show a wrong order for a long result list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from desktop_app.ui.durations import spoken_duration
from desktop_app.ui.results_model import HitRole, ResultsModel, UidRole
from resources_db.listing import ListingRow
from search_index import Hit

Index = QModelIndex | QPersistentModelIndex
UIDS_MIME = "application/x-imh-uids"
HEADER_KEY = "resultsTable/header"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    sort: str | None  # the search's sort key for this column, if it can be sorted


COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", 300, "title"),
    Column("kind", "Kind", 100, None),
    Column("authors", "Authors", 120, "author"),
    Column("organisations", "Organisations", 140, None),
    Column("year", "Year", 50, "date"),
    Column("added", "Date added", 90, "added"),
    Column("duration", "Duration", 70, None),
    Column("tags", "Tags", 120, None),
)
COLUMN_OF = {column.key: number for number, column in enumerate(COLUMNS)}
# Columns read from the database, not carried by a search hit.
EXTRA_COLUMNS = frozenset(COLUMN_OF[key] for key in ("added", "duration", "tags"))
# Each sort's arrow: the order the search gives it in.
SORT_ORDER = {
    "title": Qt.SortOrder.AscendingOrder,
    "author": Qt.SortOrder.AscendingOrder,
    "date": Qt.SortOrder.DescendingOrder,
    "added": Qt.SortOrder.DescendingOrder,
}

# (uids, deliver): reads the listing rows on a worker and calls back on the GUI thread.
ExtrasFetcher = Callable[[list[str], Callable[[dict[str, ListingRow]], None]], None]


def local_date(stamp: datetime) -> str:
    """A date the database keeps (SQLite's CURRENT_TIMESTAMP: UTC, no zone) in local time."""
    return stamp.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d")


class ResultsTableModel(QAbstractTableModel):
    """The list model's hits in columns, plus the database-only columns, read as painted."""

    def __init__(
        self, source: ResultsModel, fetch_extras: ExtrasFetcher, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.source = source
        self._fetch_extras = fetch_extras
        self.extras: dict[str, ListingRow] = {}
        self._wanted: set[str] = set()
        self._asked: set[str] = set()
        self.seen_up_to: int | None = None  # ListingRow.number the user has seen up to
        self.opened: set[str] = set()  # opened this session (the history may lag behind)
        self._batch = QTimer(self)
        self._batch.setSingleShot(True)
        self._batch.setInterval(10)  # the cells of one paint, asked for in one batch
        self._batch.timeout.connect(self._ask_extras)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self.endResetModel)
        source.rowsAboutToBeInserted.connect(
            lambda _p, first, last: self.beginInsertRows(QModelIndex(), first, last)
        )
        source.rowsInserted.connect(lambda *_: self.endInsertRows())

    # --- lazy rows: the list model's paging ------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.source.canFetchMore()

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self.source.fetchMore()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.source.rowCount()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def hit(self, row: int) -> Hit | None:
        return self.source.hit(row)

    # --- the extra columns ------------------------------------------------------------

    def _extra(self, uid: str) -> ListingRow | None:
        found = self.extras.get(uid)
        if found is None and uid not in self._asked:
            self._wanted.add(uid)
            if not self._batch.isActive():  # restarting on every painted cell would starve it
                self._batch.start()
        return found

    def _ask_extras(self) -> None:
        uids = sorted(self._wanted - self._asked)
        self._wanted.clear()
        if not uids:
            return
        self._asked.update(uids)
        self._fetch_extras(uids, self._got_extras)

    def _got_extras(self, rows: dict[str, ListingRow]) -> None:
        self.extras.update(rows)
        self.refresh_all()

    def forget(self, uids: Sequence[str] | None = None) -> None:
        """Read these rows' extra columns again (all when None): their data changed."""
        if uids is None:
            self.extras.clear()
            self._asked.clear()
        else:
            for uid in uids:
                self.extras.pop(uid, None)
                self._asked.discard(uid)
        self.refresh_all()

    def mark_opened(self, uid: str) -> None:
        """The user opened ``uid``: it is no longer new."""
        if self.is_new(uid):
            self.opened.add(uid)
            self.refresh_all()
        else:
            self.opened.add(uid)

    def refresh_all(self) -> None:
        if self.rowCount():
            last = self.index(self.rowCount() - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def is_new(self, uid: str) -> bool:
        """Brought by a feed since the user last marked feeds as seen, and not opened yet."""
        row = self.extras.get(uid)
        return (
            row is not None
            and self.seen_up_to is not None
            and row.from_feed
            and not row.viewed
            and uid not in self.opened
            and row.number > self.seen_up_to
        )

    # --- the model API ----------------------------------------------------------------

    def _text(self, hit: Hit, column: int) -> str:
        key = COLUMNS[column].key
        if key == "title":
            self._extra(hit.uid)  # whether it is new is in the database's columns
            return ("● " if self.is_new(hit.uid) else "") + hit.title
        if key == "kind":
            return hit.kind
        if key == "authors":
            return "; ".join(hit.authors)
        if key == "organisations":
            return "; ".join(hit.organisations)
        if key == "year":
            return str(hit.year) if hit.year else ""
        extra = self._extra(hit.uid)
        if extra is None:
            return ""
        if key == "added":
            return local_date(extra.added_at)
        if key == "duration":
            return spoken_duration(extra.duration_seconds) if extra.duration_seconds else ""
        return ", ".join(extra.tags)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        hit = self.source.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(hit, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(hit, column) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(hit, column).removeprefix("● ")
            if column == COLUMN_OF["title"] and self.is_new(hit.uid):
                return f"New: {text}"
            return text
        if role == Qt.ItemDataRole.FontRole and column == 0 and self.is_new(hit.uid):
            font = QFont()
            font.setBold(True)
            return font
        if role == UidRole:
            return hit.uid
        if role == HitRole:
            return hit
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            column = COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    f"Click to sort by {column.header.lower()}"
                    if column.sort
                    else f"The results cannot be sorted by {column.header.lower()}"
                )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [UIDS_MIME, "text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        uids = [hit.uid for row in rows if (hit := self.source.hit(row))]
        mime = QMimeData()
        mime.setData(UIDS_MIME, QByteArray("\n".join(uids).encode()))
        mime.setText("\n".join(uids))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class ResultsTable(QTableView):
    """The table view: one row per result, column set and widths kept per data folder."""

    def __init__(self, model: ResultsTableModel, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("resultsTable")
        self.setAccessibleName("Search results as a table")
        self.settings = settings
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        # Fixed row heights: the view never measures rows, so 100,000 scroll smoothly.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.column_menu().popup(header.mapToGlobal(pos))
        )
        for number, column in enumerate(COLUMNS):
            self.setColumnWidth(number, column.width)
        self.restore_columns()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_columns)
        header.sectionResized.connect(lambda *_: self._save_timer.start())
        header.sectionMoved.connect(lambda *_: self._save_timer.start())

    def restore_columns(self) -> None:
        state = self.settings.value(HEADER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.horizontalHeader().restoreState(state)
        self.setColumnHidden(0, False)  # the title always shows

    def save_columns(self) -> None:
        self._save_timer.stop()
        self.settings.setValue(HEADER_KEY, self.horizontalHeader().saveState())

    def column_menu(self) -> QMenu:
        """Show or hide columns (the title stays)."""
        menu = QMenu(self)
        menu.setObjectName("tableColumnsMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for number, column in enumerate(COLUMNS):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(number))
            action.setEnabled(number != 0)
            action.toggled.connect(lambda on, n=number: self.show_column(n, on))
        return menu

    def show_column(self, number: int, on: bool) -> None:
        self.setColumnHidden(number, not on)
        self.save_columns()

    def uid_at(self, row: int) -> str | None:
        model = self.model()
        hit = model.hit(row) if isinstance(model, ResultsTableModel) else None
        return hit.uid if hit else None
