"""The search box, what the search understood, the active filters and the results.

Typing searches after a short pause, on a worker; a result that arrives after a
newer search started is dropped, so the list never flickers back to old hits.
"""

from __future__ import annotations

import re
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.announce import announce, focus_item_on_entry
from desktop_app.ui.filter_bar import FilterBar
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.result_delegate import ResultDelegate
from desktop_app.ui.results_model import PAGE_SIZE, ResultsModel, SearchRequest, UidRole
from desktop_app.ui.tasks import run_task

if TYPE_CHECKING:
    from desktop_app.operations import Operations
    from search_index import SearchResults

DEBOUNCE_MS = 150
SORTS = (("relevance", "Relevance"), ("date", "Newest first"), ("title", "Title A–Z"))
PLACEHOLDER = 'Search: words, "a phrase", type:blog, year:2020'


def count_text(total: int) -> str:
    return f"{total:,} result{'s' * (total != 1)}"


def also_searched(query: str, expansions: list[str]) -> list[str]:
    """Each added word once, leaving out what the user typed themselves."""
    words = re.findall(r"[\w-]+", query.casefold())
    typed = " " + " ".join(words) + " "
    listed: dict[str, str] = {}
    for expansion in expansions:
        key = expansion.casefold()
        if f" {key} " not in typed:
            listed.setdefault(key, expansion)
    return list(listed.values())


def _same_search(a: SearchRequest, b: SearchRequest) -> bool:
    return (a.query, dict(a.filters), a.sort) == (b.query, dict(b.filters), b.sort)


class SearchPanel(QWidget):
    resourceSelected = Signal(str)
    syntaxRequested = Signal()  # the empty state's link to Help > Search syntax
    resourceActivated = Signal(str)
    searchFinished = Signal(object)  # SearchResults
    searchFailed = Signal(str)

    def __init__(self, ops: Operations | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # None while the window's frame shows a kept first page (see MainWindow):
        # searches asked for meanwhile wait for ``attach``.
        self.ops = ops
        self._waiting: bool | None = None  # as_you_type of the search waiting for ops
        self.filters: dict[str, list[str]] = {}
        self.generation = 0
        self.shown_generation = 0
        self.last_results: SearchResults | None = None

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName("Search the library")
        self.search_box.setPlaceholderText(PLACEHOLDER)
        self.search_box.setClearButtonEnabled(True)
        for button in self.search_box.findChildren(QToolButton):
            button.setAccessibleName("Clear search")  # an icon, with no text of its own
            button.setToolTip("Clear search (Escape)")
        self.search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._debounce = QTimer(self)
        self.search_box.textEdited.connect(lambda _: self._debounce.start())
        self.search_box.returnPressed.connect(self.search_now)
        self.search_box.installEventFilter(self)
        self._fit_search_box()

        self.sort_box = QComboBox()
        self.sort_box.setObjectName("sortBox")
        self.sort_box.setAccessibleName("Sort results by")
        for key, label in SORTS:
            self.sort_box.addItem(label, key)
        self.sort_box.currentIndexChanged.connect(lambda _: self.search_now())

        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.search(as_you_type=True))

        self.info_label = QLabel()
        self.info_label.setObjectName("searchInfo")
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.RichText)
        self.info_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.info_label.linkActivated.connect(self._on_info_link)

        self.filter_bar = FilterBar()

        self.model = ResultsModel(self._fetch_page, self)
        self.results_view = QListView()
        self.results_view.setObjectName("resultsView")
        self.results_view.setAccessibleName("Search results")
        self.results_view.setModel(self.model)
        self.delegate = ResultDelegate(self.results_view)
        self.results_view.setItemDelegate(self.delegate)
        self.results_view.installEventFilter(self)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.selectionModel().currentChanged.connect(self._on_current)
        self.results_view.activated.connect(
            lambda index: self.resourceActivated.emit(index.data(UidRole))
        )
        focus_item_on_entry(self.results_view)
        self._announced: tuple[SearchRequest, str] | None = None

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.linkActivated.connect(lambda _link: self.syntaxRequested.emit())
        self._empty_message = ""
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.results_view)
        self.stack.addWidget(self.empty_label)

        # On Linux a combo box's name is its current value; screen readers name
        # it by its label, so the label carries the full name.
        sort_label = QLabel("&Sort by:")
        sort_label.setAccessibleName("Sort results by")
        sort_label.setBuddy(self.sort_box)
        sorting = QWidget()
        sort_row = FlowLayout(sorting)  # the label goes above the box when space is short
        sort_row.addWidget(sort_label)
        sort_row.addWidget(self.sort_box)
        # At large text the sort box moves under the search box instead of squeezing it.
        top = FlowLayout()
        top.addWidget(self.search_box)
        top.addWidget(sorting)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.info_label)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)
        self._order_tabs()
        self.filter_bar.rebuilt.connect(self._order_tabs)

    def _order_tabs(self) -> None:
        """Tab follows the screen: search, sort, what the search understood, the
        filter chips, then the results (new chips would otherwise come last)."""
        chain = [
            self.search_box,
            self.sort_box,
            self.info_label,
            *self.filter_bar.focus_chain(),
            self.results_view,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- running searches -------------------------------------------------------------

    def request(self, *, as_you_type: bool = False) -> SearchRequest:
        return SearchRequest(
            self.search_box.text().strip(),
            {k: list(v) for k, v in self.filters.items() if v},
            self.sort_box.currentData(),
            as_you_type,
        )

    def search_now(self) -> None:
        self._debounce.stop()
        self.search(as_you_type=False)

    def attach(self, ops: Operations) -> None:
        self.ops = ops
        if self._waiting is not None:
            self.search(as_you_type=self._waiting)

    def opening_results(self) -> SearchResults:
        """The first page of the search the window opens with, run here and now."""
        return self._run(SearchRequest("", {}, SORTS[0][0]), 0)

    def show_first_page(self, results: SearchResults) -> None:
        """Results kept from the last session for the opening search, shown as its own."""
        self.generation += 1
        self._show(self.generation, self.request(), results)

    def search(self, *, as_you_type: bool = False) -> None:
        self.generation += 1
        if self.ops is None:
            self._waiting = as_you_type
            return
        self._waiting = None
        generation, request = self.generation, self.request(as_you_type=as_you_type)
        run_task(
            lambda: self._run(request, 0),
            lambda results: self._show(generation, request, results),
            lambda error: self._failed(generation, error),
            owner=self,
        )

    def _run(self, request: SearchRequest, offset: int) -> SearchResults:
        if self.ops is None:
            raise RuntimeError("the library is still opening")
        return self.ops.search(
            request.query,
            filters=request.filters,
            sort=request.sort,
            offset=offset,
            limit=PAGE_SIZE,
            as_you_type=request.as_you_type,
        )

    def _fetch_page(self, request: SearchRequest, offset: int, deliver, failed) -> None:  # type: ignore[no-untyped-def]
        if self.ops is None:  # the kept first page: more comes once the library is open
            failed(RuntimeError("the library is still opening"))
            return
        run_task(lambda: self._run(request, offset), deliver, failed, owner=self)

    @property
    def idle(self) -> bool:
        """No search is waiting to run or to be shown."""
        return self.shown_generation == self.generation and not self._debounce.isActive()

    def shows(self, query: str) -> bool:
        """``query``'s results are the ones on screen, and nothing newer is coming."""
        return self.idle and self.last_results is not None and self.last_results.query == query

    def _failed(self, generation: int, error: Exception) -> None:
        if generation == self.generation:
            self.shown_generation = generation
            self.searchFailed.emit(f"The search could not run: {error}")

    def _show(self, generation: int, request: SearchRequest, results: SearchResults) -> None:
        if generation != self.generation:
            return  # a newer search is on its way; this one is stale
        self.shown_generation = generation
        self.last_results = results
        self.model.reset_results(request, results)
        self.filter_bar.set_filters({k: list(v) for k, v in request.filters.items()})
        self.info_label.setText(self._info_html(request, results))
        self.info_label.setVisible(bool(self.info_label.text()))
        self._show_empty_state(request, results)
        self._announce(request, results)
        self.searchFinished.emit(results)

    def _announce(self, request: SearchRequest, results: SearchResults) -> None:
        """Say what the search found; the same search shown again (a refresh) is not repeated."""
        if results.corrected:
            message = (
                f"No matches for {request.query}. Did you mean {results.corrected}? "
                f"Showing {count_text(results.total)} for {results.corrected}."
            )
        elif results.total:
            message = count_text(results.total) + "."
            partial = results.partial_match_note()
            if partial:
                message = f"{partial} {message}"
        else:
            message = self._empty_message
        said = (request, message)
        if self._announced is not None and (
            self._announced[1] == message and _same_search(self._announced[0], request)
        ):
            return
        self._announced = said
        announce(self.results_view, message)

    def _info_html(self, request: SearchRequest, results: SearchResults) -> str:
        parts = []
        if results.approximate:
            parts.append(
                "The search index is being rebuilt; until it is ready, only titles and "
                "summaries are searched."
            )
        if results.corrected:
            parts.append(
                f"No matches for “{escape(request.query)}”. Did you mean "
                f'<a href="correct:{escape(results.corrected)}">{escape(results.corrected)}</a>?'
                " Showing those results."
            )
        partial = results.partial_match_note()
        if partial:
            parts.append(escape(partial))
        if results.expansions:
            listed = also_searched(request.query, results.expansions)
            if listed:
                parts.append("Also searched: " + escape(", ".join(listed)))
        return "<br>".join(parts)

    def _show_empty_state(self, request: SearchRequest, results: SearchResults) -> None:
        if results.total:
            self.stack.setCurrentWidget(self.results_view)
            return
        if request.filters:
            hint = "Remove a filter above, or use fewer or more general words."
        else:
            hint = (
                "Check the spelling, use fewer or more general words, "
                "or try an acronym such as IMH or CAMHS."
            )
        what = f"“{request.query}”" if request.query else "these filters"
        self._empty_message = f"No resources match {what}."
        self.empty_label.setText(
            f"{escape(self._empty_message)}<br><br>{escape(hint)}<br><br>"
            '<a href="help:syntax">How to search: the search syntax</a>'
        )
        self.stack.setCurrentWidget(self.empty_label)

    def _on_info_link(self, link: str) -> None:
        if link.startswith("correct:"):
            self.search_box.setText(link.removeprefix("correct:"))
            self.search_now()

    def saved_query(self) -> str:
        """The search as one line of query syntax, filters included, for saving."""
        parts = [self.search_box.text().strip()]
        for key, values in self.filters.items():
            parts.extend(f'{key}:"{value}"' for value in values)
        return " ".join(p for p in parts if p)

    # --- filters ----------------------------------------------------------------------

    def set_filters(self, filters: dict[str, list[str]]) -> None:
        self.filters = {k: list(v) for k, v in filters.items() if v}
        self.search_now()

    # --- selection --------------------------------------------------------------------

    def _on_current(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        uid = current.data(UidRole) if current.isValid() else None
        if uid:
            self.resourceSelected.emit(uid)

    def selected_uids(self) -> list[str]:
        rows = sorted(i.row() for i in self.results_view.selectionModel().selectedRows())
        return [uid for row in rows if (hit := self.model.hit(row)) and (uid := hit.uid)]

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _show_current_on_focus(self) -> None:
        """Tabbing into the results lands on a row the user can see, never on none."""
        if self.model.rowCount() and not self.results_view.currentIndex().isValid():
            self.results_view.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
        current = self.results_view.currentIndex()
        target = current if current.isValid() else self.model.index(0, 0)
        self.results_view.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if current.isValid():  # unchanged, so no currentChanged: open it ourselves
            self._on_current(target, None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_search_box()
        super().changeEvent(event)

    def _fit_search_box(self) -> None:
        """Room for about 24 characters at any text size, so what is typed stays visible."""
        self.search_box.setMinimumWidth(self.search_box.fontMetrics().averageCharWidth() * 24)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.results_view and event.type() == QEvent.Type.FocusIn:
            self._show_current_on_focus()
        if watched is self.search_box and isinstance(event, QKeyEvent):
            key = event.key() if event.type() == QEvent.Type.KeyPress else None
            if key == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                self.search_now()
                return True
            if key == Qt.Key.Key_Down:
                self.focus_results()
                return True
        return super().eventFilter(watched, event)
