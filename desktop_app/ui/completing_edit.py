"""A line for several names ("Sally Hogg; Karen Bateson") that completes the one being typed.

A plain ``QLineEdit.setCompleter`` completes the whole line; here the
completer is told only the text after the last separator, and a chosen
completion replaces just that part. The names offered are what the library
knows; anything else typed is kept as a new name.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

# Keys the completer's popup answers while it is open.
_POPUP_KEYS = {
    Qt.Key.Key_Enter,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
}


def split_names(text: str, separator: str) -> tuple[str, ...]:
    """The names in ``text``, each once, spaces tidied, empty ones left out."""
    names = (" ".join(part.split()) for part in text.split(separator))
    return tuple(dict.fromkeys(name for name in names if name))


class ListEdit(QLineEdit):
    """Names separated by ``separator``; ``values()`` and ``set_values()`` read and fill it."""

    def __init__(
        self, choices: Sequence[str] = (), separator: str = ";", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.separator = separator
        self.choices = QStringListModel(list(choices), self)
        self.name_completer = QCompleter(self.choices, self)
        self.name_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name_completer.setWidget(self)
        self.name_completer.activated.connect(self._take)
        self.textEdited.connect(self._offer)

    def set_choices(self, choices: Sequence[str]) -> None:
        self.choices.setStringList(list(choices))

    def values(self) -> tuple[str, ...]:
        return split_names(self.text(), self.separator)

    def set_values(self, values: Sequence[str]) -> None:
        self.setText(f"{self.separator} ".join(values))

    def _current_part(self) -> str:
        return self.text()[: self.cursorPosition()].rsplit(self.separator, 1)[-1].strip()

    def _offer(self, _text: str = "") -> None:
        part = self._current_part()
        self.name_completer.setCompletionPrefix(part)
        if part and self.name_completer.completionCount():
            self.name_completer.complete()
        elif (popup := self.name_completer.popup()) is not None:
            popup.hide()

    def _take(self, chosen: str) -> None:
        """Replace the part being typed with ``chosen``, ready for the next name."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        head = ""
        if self.separator in before:
            head = before.rsplit(self.separator, 1)[0] + f"{self.separator} "
        rest = after.split(self.separator, 1)[1] if self.separator in after else ""
        text = f"{head}{chosen}{self.separator} "
        self.setText(text + rest.lstrip())
        self.setCursorPosition(len(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.name_completer.popup()
        if popup is not None and popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the popup takes it (choose, or close)
            return
        super().keyPressEvent(event)
