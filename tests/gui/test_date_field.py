"""Typing a whole date as people write it, in the practice record's date fields."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from desktop_app.ui.announce import announcements
from desktop_app.ui.date_field import DateField, parse_typed_date

START = date(2026, 12, 2)


@pytest.mark.parametrize(
    "typed",
    [
        "1 Mar 2026",
        "1 march 2026",
        "01/03/2026",
        "1/3/2026",
        "1.3.26",
        "2026-03-01",
        "March 1, 2026",
    ],
)
def test_a_whole_date_typed_is_read_whole(qtbot, typed: str) -> None:
    field = DateField(START)
    qtbot.addWidget(field)
    field.show()
    changed: list[QDate] = []
    field.dateChanged.connect(changed.append)
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, typed)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 3, 1)
    assert field.edit.text() == "1 Mar 2026" and changed == [QDate(2026, 3, 1)]


def test_what_is_not_a_date_is_put_back_and_said(qtbot) -> None:
    field = DateField(START)
    qtbot.addWidget(field)
    field.show()
    spoken: list[str] = []
    announcements().made.connect(spoken.append)
    field.edit.setText("31/02/2026")
    field.edit.editingFinished.emit()
    assert field.date() == QDate(2026, 12, 2) and field.edit.text() == "2 Dec 2026"
    assert spoken == ["“31/02/2026” is not a date: type one such as 1 Mar 2026."]


def test_the_latest_date_holds_and_arrows_move_a_day(qtbot) -> None:
    field = DateField(START)
    qtbot.addWidget(field)
    field.show()
    field.setMaximumDate(QDate(2026, 12, 2))
    field.edit.setText("3 Dec 2026")
    field.edit.editingFinished.emit()
    assert field.date() == QDate(2026, 12, 2)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    assert field.edit.text() == "1 Dec 2026"
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)  # not past the latest
    assert field.date() == QDate(2026, 12, 2)


def test_the_calendar_picks_a_date(qtbot) -> None:
    field = DateField(START)
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar.isVisible()
    field.calendar.activated.emit(QDate(2026, 11, 20))
    assert not field.calendar.isVisible() and field.date() == QDate(2026, 11, 20)


def test_parsing_rules() -> None:
    assert parse_typed_date("2/12/2026") == date(2026, 12, 2)  # day first, as in the UK
    assert parse_typed_date("2026-12-02") == date(2026, 12, 2)
    assert parse_typed_date("2 Sept 2026") == date(2026, 9, 2)
    for nonsense in ("", "soon", "32 Jan 2026", "1 Smarch 2026", "2026"):
        assert parse_typed_date(nonsense) is None
