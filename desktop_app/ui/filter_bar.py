"""The active filters as removable chips, and "Clear all"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.ui.facet_panel import FACETS

LABELS = dict(FACETS)


class FilterBar(QWidget):
    removeRequested = Signal(str, str)
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.hide()

    def set_filters(self, filters: dict[str, list[str]]) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        if not any(filters.values()):
            self.hide()
            return
        self._layout.addWidget(QLabel("Filters:"))
        for key, values in filters.items():
            for value in values:
                chip = QPushButton(f"{LABELS.get(key, key)}: {value}  ✕")
                chip.setAccessibleName(f"Remove filter {LABELS.get(key, key)} {value}")
                chip.setFlat(True)
                chip.setStyleSheet(
                    "QPushButton { border: 1px solid palette(mid);"
                    " border-radius: 9px; padding: 1px 8px; }"
                )
                chip.clicked.connect(
                    lambda _=False, k=key, v=value: self.removeRequested.emit(k, v)
                )
                self._layout.addWidget(chip)
        clear = QPushButton("Clear all")
        clear.setObjectName("clearFiltersButton")
        clear.setAccessibleName("Clear all filters")
        clear.clicked.connect(self.clearRequested)
        self._layout.addWidget(clear)
        self._layout.addStretch(1)
        self.show()
