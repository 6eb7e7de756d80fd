"""Browse by facet: counts for each value; checking values filters the results.

Ticked values of one facet are alternatives (blog posts *or* podcasts);
different facets all apply (AND). So a facet with a ticked value keeps
listing its other values, with the counts it had before its own filter
applied: ticking one of them adds exactly that many results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QStyle, QTreeView, QWidget

from desktop_app.ui.announce import focus_item_on_entry
from desktop_app.ui.appearance import item_look, paint_plainly
from desktop_app.ui.facet_delegate import FacetDelegate
from search_index import SearchResults

FACETS: tuple[tuple[str, str], ...] = (
    ("kind", "Kind"),
    ("topic", "Topic"),
    ("organisation", "Organisation"),
    ("year", "Year"),
    ("audience", "Audience"),
    ("setting", "Setting"),
    ("format", "Format"),
    ("status", "Status"),  # current, updated, superseded…: only when the index counts it
    ("tag", "Tags"),  # the user's own
)
# Facets listed only when the results count them (an index that has the field).
OPTIONAL_FACETS = frozenset({"status"})
FacetRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
MAX_VALUES = 40

Counts = dict[str, int]
# What a facet's counts depend on besides its own filter: the query and the
# other facets' filters.
Context = tuple[str, dict[str, list[str]]]


def results_text(count: int) -> str:
    return f"{count} result{'s' * (count != 1)}"


def context_without(query: str, filters: Mapping[str, Sequence[str]], key: str) -> Context:
    return query, {k: sorted(v) for k, v in filters.items() if k != key and v}


class FacetPanel(QTreeView):
    """A tree of facets; emits ``filtersChanged`` with {facet: [values]}."""

    filtersChanged = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.setAccessibleName("Filters")
        self.setAccessibleDescription(
            "Space ticks or unticks a value: values of one group are alternatives, groups all apply"
        )
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        # Values are never cut short ("podcast episode (1)" at large text): the
        # column is as wide as its longest value and the list scrolls sideways.
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Sized by _fit_column from the texts themselves: ResizeToContents asked every
        # row for its size hint after each search, a third of a keystroke's time.
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.header().setStretchLastSection(False)
        focus_item_on_entry(self)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        # The delegate draws the check boxes and the focus ring; the rows are
        # painted without the Python style, thousands of calls per keystroke.
        self.setItemDelegate(FacetDelegate(self))
        paint_plainly(self)
        self._selected: dict[str, list[str]] = {}
        # Per facet: its counts when none of its own values was ticked, and the
        # context they were counted in.
        self._own_counts: dict[str, tuple[Context | None, Counts]] = {}
        self._updating = False
        # Per facet: the title and the (value, count, ticked) rows on screen.
        self._shown: dict[str, tuple[str, list[tuple[str, int, bool]]]] = {}
        self._model.itemChanged.connect(self._on_item_changed)
        self._expanded: set[str] = {"kind", "topic", "year"}
        self.expanded.connect(lambda i: self._expanded.add(i.data(FacetRole)))
        self.collapsed.connect(lambda i: self._expanded.discard(i.data(FacetRole)))
        # A person opening a facet; set_counts fits the column once itself.
        self.expanded.connect(lambda _i: None if self._updating else self._fit_column())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_column()

    @property
    def selected(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self._selected.items() if v}

    def show_results(self, results: SearchResults) -> None:
        """The counts of ``results``, knowing the query and filters they were counted with."""
        self.set_counts(results.facets, query=results.query, filters=results.filters)

    def set_counts(
        self,
        facets: Mapping[str, Mapping[str, int]],
        *,
        query: str | None = None,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Show the counts of the latest results, keeping checked values visible.

        Without ``query`` and ``filters`` the counts a facet had before its own
        value was ticked are reused as they are (right until the words change).

        The tree is updated in place, two result sets per keystroke: only rows
        whose text changed are repainted, and the tree is laid out again only
        when a facet gains or loses values. A rebuild repainted all of it."""
        self._updating = True
        keep = self._current_key()
        scrolled = self.verticalScrollBar().value()
        shown = [(k, name) for k, name in FACETS if k not in OPTIONAL_FACETS or k in facets]
        if [self._model.item(r).data(FacetRole) for r in range(self._model.rowCount())] != [
            k for k, _ in shown
        ]:
            self._new_groups(shown)
        changed = False
        for row, (key, label) in enumerate(shown):
            context = None if query is None else context_without(query, filters or {}, key)
            counts = self._facet_counts(key, dict(facets.get(key, {})), context)
            parent = self._model.item(row)
            changed |= self._show_group(parent, key, label, counts)
            index = parent.index()
            if (key in self._expanded or key in self._selected) and not self.isExpanded(index):
                self.expand(index)
        self._updating = False
        if changed:
            self._fit_column()
        if keep is not None and keep != self._current_key():
            # The keyboard's value moved or went: focus follows it, and no other
            # value is left looking chosen where it was.
            self.selectionModel().clearSelection()
            self._restore_current(*keep)
        self.verticalScrollBar().setValue(scrolled)

    def _new_groups(self, shown: list[tuple[str, str]]) -> None:
        self._model.clear()
        self._shown.clear()
        for key, _label in shown:
            parent = QStandardItem()
            parent.setData(key, FacetRole)
            parent.setEditable(False)
            parent.setSelectable(False)
            self._model.appendRow(parent)

    def _show_group(self, parent: QStandardItem, key: str, label: str, counts: Counts) -> bool:
        """Bring one facet's rows up to date; whether any text changed."""
        if key == "year":
            ordered = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        ticked = self._selected.get(key, [])
        rows = [(value, count, value in ticked) for value, count in ordered[:MAX_VALUES]]
        title = f"{label} ({len(counts)})"
        before = self._shown.get(key)
        if before == (title, rows):
            return False
        old_title, old_rows = before if before is not None else ("", [])
        self._shown[key] = (title, rows)
        if title != old_title:
            parent.setText(title)
        for row, wanted in enumerate(rows[: parent.rowCount()]):
            if row >= len(old_rows) or old_rows[row] != wanted:
                self._show_value(parent.child(row), key, label, *wanted)
        if parent.rowCount() > len(rows):
            parent.removeRows(len(rows), parent.rowCount() - len(rows))
        elif parent.rowCount() < len(rows):
            parent.appendRows([self._new_value(key, label, *w) for w in rows[parent.rowCount() :]])
        return True

    def _new_value(
        self, key: str, label: str, value: str, count: int, checked: bool
    ) -> QStandardItem:
        child = QStandardItem()
        child.setData(key, FacetRole)
        child.setEditable(False)
        child.setCheckable(True)
        self._show_value(child, key, label, value, count, checked)
        return child

    def _show_value(
        self, child: QStandardItem, key: str, label: str, value: str, count: int, checked: bool
    ) -> None:
        # One change signal per row, so the view repaints it once.
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        roles = {
            Qt.ItemDataRole.DisplayRole: f"{value}  ({count})",
            Qt.ItemDataRole.AccessibleTextRole: f"{label}: {value}, {results_text(count)}",
            Qt.ItemDataRole.CheckStateRole: state,
            ValueRole: value,
        }
        index = child.index()
        if index.isValid():
            self._model.setItemData(index, roles)
        else:
            for role, data in roles.items():
                child.setData(data, role)

    def _current_key(self) -> tuple[str, str | None] | None:
        current = self.currentIndex()
        return (current.data(FacetRole), current.data(ValueRole)) if current.isValid() else None

    def _fit_column(self) -> None:
        """The column as wide as its widest shown text, measured with the font."""
        metrics = self.fontMetrics()
        style = self.style()
        indicator = item_look(self).indicator
        # Item margins, the ring round the current item, the check box's spacing.
        slack = 4 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 16
        widest = 0
        for row in range(self._model.rowCount()):
            parent = self._model.item(row)
            widest = max(widest, metrics.horizontalAdvance(parent.text()))
            if not self.isExpanded(parent.index()):
                continue
            for child_row in range(parent.rowCount()):
                text = parent.child(child_row).text()
                widest = max(
                    widest, self.indentation() + indicator + metrics.horizontalAdvance(text)
                )
        self.header().resizeSection(0, self.indentation() + widest + slack)

    def _restore_current(self, key: str, value: str | None) -> None:
        item = self.value_item(key, value) if value is not None else self.facet_item(key)
        if item is None and value is not None:
            item = self.facet_item(key)  # the value is gone: its facet, not the top
        if item is not None:
            self.selectionModel().setCurrentIndex(
                item.index(), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def facet_item(self, key: str) -> QStandardItem | None:
        for row in range(self._model.rowCount()):
            parent = self._model.item(row)
            if parent.data(FacetRole) == key:
                return parent
        return None

    def _facet_counts(self, key: str, counts: Counts, context: Context | None) -> Counts:
        ticked = self._selected.get(key, [])
        if not ticked:
            self._own_counts[key] = (context, counts)
            return counts
        before = self._own_counts.get(key)
        if before is not None and (context is None or before[0] == context):
            # The results are filtered by this facet's own ticked values, so their
            # counts would hide the other values; these were counted without it.
            counts = {**before[1], **{v: counts[v] for v in ticked if v in counts}}
        for value in ticked:
            counts.setdefault(value, 0)
        return counts

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._updating or item.data(ValueRole) is None:
            return
        key, value = item.data(FacetRole), item.data(ValueRole)
        self._shown.pop(key, None)  # a person's tick is on screen: compare with it afresh
        values = self._selected.setdefault(key, [])
        if item.checkState() == Qt.CheckState.Checked and value not in values:
            values.append(value)
        elif item.checkState() != Qt.CheckState.Checked and value in values:
            values.remove(value)
        self.filtersChanged.emit(self.selected)

    def toggle(self, key: str, value: str, on: bool = True) -> None:
        """Set a filter from elsewhere (a link in the detail pane, a chip)."""
        values = self._selected.setdefault(key, [])
        if on and value not in values:
            values.append(value)
        elif not on and value in values:
            values.remove(value)
        self.filtersChanged.emit(self.selected)

    def clear_filters(self) -> None:
        self._selected.clear()
        self.filtersChanged.emit({})

    def value_item(self, key: str, value: str) -> QStandardItem | None:
        parent = self.facet_item(key)
        if parent is None:
            return None
        for child_row in range(parent.rowCount()):
            child = parent.child(child_row)
            if child.data(ValueRole) == value:
                return child
        return None
