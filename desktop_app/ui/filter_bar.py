"""The active filters as removable chips, and "Clear all"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop_app.ui.facet_panel import FACETS
from desktop_app.ui.flow_layout import FlowLayout

LABELS = dict(FACETS)


class FilterBar(QWidget):
    removeRequested = Signal(str, str)
    clearRequested = Signal()
    rebuilt = Signal()  # new chips: the search panel puts them in its tab order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        # Chips wrap onto more lines rather than run off the pane at large text.
        self._layout = FlowLayout(self, spacing=4)
        self.hide()
        self._buttons: list[QPushButton] = []

    def focus_chain(self) -> list[QPushButton]:
        return list(self._buttons)

    def set_filters(self, filters: dict[str, list[str]]) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self._buttons = []
        if not any(filters.values()):
            self.hide()
            self.rebuilt.emit()
            return
        self._layout.addWidget(QLabel("Filters:"))
        for key, values in filters.items():
            for value in values:
                shown = f"{LABELS.get(key, key)}: {value}"
                chip = QPushButton(f"{shown}  ✕")
                # The name starts with what is on the chip, so voice control finds it.
                chip.setAccessibleName(f"{shown}, remove filter")
                chip.setToolTip("Remove this filter")
                chip.setFlat(True)
                chip.setStyleSheet(
                    "QPushButton { border: 1px solid palette(mid);"
                    " border-radius: 9px; padding: 1px 8px; }"
                )
                chip.clicked.connect(
                    lambda _=False, k=key, v=value: self.removeRequested.emit(k, v)
                )
                self._layout.addWidget(chip)
                self._buttons.append(chip)
        clear = QPushButton("Clear all")
        clear.setObjectName("clearFiltersButton")
        clear.setAccessibleName("Clear all filters")
        clear.clicked.connect(self.clearRequested)
        self._layout.addWidget(clear)
        self._buttons.append(clear)
        self.show()
        self.rebuilt.emit()
