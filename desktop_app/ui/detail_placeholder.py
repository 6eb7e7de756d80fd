"""What the detail pane says before a resource is chosen, also shown while the library opens."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

PLACEHOLDER_TEXT = (
    "Select a resource to read it here.\n\nTip: type in the search box, then press Down and Enter."
)


def placeholder_label() -> QLabel:
    label = QLabel(PLACEHOLDER_TEXT)
    label.setWordWrap(True)
    return label
