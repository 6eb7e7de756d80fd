"""A date typed as people write it ("1 Mar 2026", "01/03/2026", "2026-03-01"), or picked.

Qt's ``QDateEdit`` edits a date one section at a time: typing a whole date into
it moves between sections on each space or slash and inserts digits beside the
old ones, so "1 Mar 2026" became 12 Mar 2026. This field reads the whole text
when the person leaves it or presses Enter; a text that is not a date is put
back as it was, and the field says why. Up and Down move a day, Alt+Down (or the
button) opens a calendar.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QToolTip,
    QWidget,
)

from desktop_app.ui.announce import announce
from desktop_app.ui.dates import short_date
from resources_db.importers.common import lenient_date

EXAMPLE = "1 Mar 2026"
Day = date  # inside DateField, ``date`` is Qt's method name


def parse_typed_date(text: str) -> date | None:
    """A whole date from what a person typed, read as the importers read dates (day
    first, as in the UK; ISO; month names); a year or a month alone is not one."""
    if len(re.findall(r"[A-Za-z]+|\d+", text)) < 3:
        return None
    return lenient_date(text)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QWidget):
    """A line of text holding one date, with ``QDateEdit``'s ``date``, ``setDate``,
    ``setMaximumDate`` and ``dateChanged`` (the window's code uses only those)."""

    dateChanged = Signal(QDate)

    def __init__(self, day: Day, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day = day
        self._latest: Day | None = None
        self.edit = QLineEdit(short_date(day))
        self.edit.setPlaceholderText(EXAMPLE)
        self.edit.editingFinished.connect(self._read)
        self.edit.installEventFilter(self)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setAccessibleName("Choose a date on a calendar")
        self.button.setToolTip("Choose a date on a calendar (Alt+Down)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down does it from the text
        self.button.clicked.connect(self.open_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("28 Sept 2026 ") + 12)

    # --- QDateEdit's interface --------------------------------------------------------

    def date(self) -> QDate:
        self._read()  # a date typed and not yet left counts
        return qdate(self._day)

    def setDate(self, value: QDate) -> None:
        self._set(pydate(value))

    def setMaximumDate(self, value: QDate) -> None:
        self._latest = pydate(value)
        self.calendar.setMaximumDate(value)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)  # the line a screen reader lands on

    # --- typing and picking -------------------------------------------------------------

    def _read(self) -> None:
        text = self.edit.text()
        if text == short_date(self._day):
            return
        typed = parse_typed_date(text)
        if typed is None or (self._latest is not None and typed > self._latest):
            self._refuse(text, typed)
            return
        self._set(typed)

    def _refuse(self, text: str, typed: Day | None) -> None:
        if typed is None:
            sentence = f"“{text.strip()}” is not a date: type one such as {EXAMPLE}."
        else:
            latest = short_date(self._latest or typed)
            sentence = f"{short_date(typed)} is after {latest}, the latest date allowed here."
        self.edit.setText(short_date(self._day))
        QToolTip.showText(self.edit.mapToGlobal(self.edit.rect().bottomLeft()), sentence, self.edit)
        announce(self.edit, sentence, assertive=True)

    def _set(self, day: Day) -> None:
        changed = day != self._day
        self._day = day
        self.edit.setText(short_date(day))
        if changed:
            self.dateChanged.emit(qdate(day))

    def _picked(self, value: QDate) -> None:
        self.calendar.hide()
        self.setDate(value)
        self.edit.setFocus()

    def open_calendar(self) -> None:
        self._read()
        self.calendar.setSelectedDate(qdate(self._day))
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.edit or not isinstance(event, QKeyEvent):
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not mods:
            self._read()
            step = timedelta(days=1 if key == Qt.Key.Key_Up else -1)
            if self._latest is None or self._day + step <= self._latest:
                self._set(self._day + step)
            return True
        return False
