"""Facet values are never cut short: the column is as wide as the widest shown value.

The column used to be sized by Qt asking every row for its size after each search
(a third of a keystroke's time); it is now measured from the texts, and must still
give each value all the room Qt's own delegate says it needs, at any text size.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStyleOptionViewItem

from desktop_app.ui.facet_panel import FacetPanel
from desktop_app.ui.main_window import MainWindow


def cut_short(panel: FacetPanel) -> list[str]:
    """Shown rows whose text needs more width than the column gives them."""
    model = panel.model()
    found = []
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        rows = [parent]
        if panel.isExpanded(parent):
            rows += [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
        for index in rows:
            option = QStyleOptionViewItem()
            option.initFrom(panel)
            needed = panel.itemDelegate().sizeHint(option, index).width()
            room = panel.header().sectionSize(0) - panel.visualRect(index).left()
            room += panel.horizontalOffset()
            if needed > room:
                found.append(f"{index.data()}: needs {needed}, has {room}")
    return found


def test_every_shown_value_fits_its_column(window: MainWindow) -> None:
    panel = window.facet_panel
    panel.expandAll()
    assert panel.model().rowCount() > 0
    assert cut_short(panel) == []


def test_values_still_fit_after_the_text_grows(window: MainWindow) -> None:
    panel = window.facet_panel
    panel.expandAll()
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 1.8)
    panel.setFont(font)
    assert cut_short(panel) == []
