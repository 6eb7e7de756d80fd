"""The moments under a search result: "▶ 12:34 — …words…  (Speaker)", one line each.

A click on one plays it; from the keyboard, Right moves into the current
result's moments (Left back out) and Enter plays the one reached. Both end in
the delegate's ``momentActivated(uid, seconds)``; the window opens the episode
and plays from a little before.
"""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

from desktop_app.ui.durations import clock
from desktop_app.ui.results_model import HitRole

if TYPE_CHECKING:
    from desktop_app.ui.result_delegate import ResultDelegate
    from search_index import Hit
    from search_index.moments import Moment

LINE_GAP = 2
PAD = 8  # the delegate's padding inside a row

Index = QModelIndex | QPersistentModelIndex


def moment_label(moment: Moment) -> tuple[str, str, str]:
    """("▶ 12:34 — ", "words of the snippet", "  (Speaker)") as plain text."""
    words = unescape(re.sub(r"</?b>", "", moment.snippet))
    who = f"  ({moment.speaker})" if moment.speaker else ""
    return f"▶ {clock(int(moment.start * 1000))} — ", words, who


def spoken_moment(moment: Moment, number: int, count: int) -> str:
    """What a screen reader says for a moment reached with the keyboard."""
    start, words, _ = moment_label(moment)
    speaker = f", {moment.speaker}" if moment.speaker else ""
    return (
        f"Moment {number + 1} of {count}: {start.strip(' ▶—')}{speaker}. {words} "
        "Press Enter to play from here."
    )


def _line_height(metrics: QFontMetrics) -> int:
    return metrics.lineSpacing() + LINE_GAP


def moments_height(hit: Hit | None, metrics: QFontMetrics) -> int:
    return len(hit.moments) * _line_height(metrics) if hit is not None else 0


def moment_rects(hit: Hit, option: QStyleOptionViewItem, left: float, width: float) -> list[QRectF]:
    """Where the moment lines go: at the foot of the row, as many as fit below the
    title, the details and one line of snippet."""
    metrics = option.fontMetrics
    height = _line_height(metrics)
    bottom = option.rect.bottom() - PAD
    lowest_top = option.rect.top() + PAD + metrics.height() * 2 + 8 + metrics.lineSpacing() + 2
    count = min(len(hit.moments), max(0, int((bottom - lowest_top) // height)))
    return [QRectF(left, bottom - (count - n) * height, width, height) for n in range(count)]


Run = tuple[str, bool]  # text, and whether it is words the search matched


def snippet_runs(snippet: str) -> list[Run]:
    """A moment's snippet (HTML-escaped, matches in <b>…</b>) as plain runs of text."""
    runs = []
    for part in re.split(r"(<b>.*?</b>)", snippet):
        if part:
            runs.append((unescape(re.sub(r"</?b>", "", part)), part.startswith("<b>")))
    return runs


def fitted_runs(runs: list[Run], plain: QFontMetrics, strong: QFontMetrics, room: int) -> list[Run]:
    """``runs`` shortened to ``room`` pixels, keeping the first matched words in view:
    the text before them gives way first (from the left), then the end."""

    def width(run: Run) -> int:
        return (strong if run[1] else plain).horizontalAdvance(run[0])

    if sum(width(run) for run in runs) <= room:
        return runs
    first = next((n for n, run in enumerate(runs) if run[1]), 0)
    before = "".join(text for text, _ in runs[:first])
    if first and plain.horizontalAdvance(before) > room // 4:
        lead = plain.elidedText(before, Qt.TextElideMode.ElideLeft, room // 4)
        runs = [(lead, False), *runs[first:]]
    return _cut_right(runs, plain, strong, room)


def _cut_right(runs: list[Run], plain: QFontMetrics, strong: QFontMetrics, room: int) -> list[Run]:
    kept: list[Run] = []
    used = 0
    for text, matched in runs:
        metrics = strong if matched else plain
        advance = metrics.horizontalAdvance(text)
        if used + advance <= room:
            kept.append((text, matched))
            used += advance
            continue
        kept.append((metrics.elidedText(text, Qt.TextElideMode.ElideRight, room - used), matched))
        break
    return kept


def moment_line(
    painter: QPainter,
    option: QStyleOptionViewItem,
    box: QRectF,
    moment: Moment,
    *,
    focused: bool,
) -> None:
    """One moment's line: the time and speaker kept whole, the words shortened to fit
    around the first matched words, which are drawn bold as in the snippet above."""
    start, _, who = moment_label(moment)
    plain_font = QFont(option.font)
    strong_font = QFont(option.font)
    strong_font.setBold(True)
    plain, strong = QFontMetrics(plain_font), QFontMetrics(strong_font)
    room = max(int(box.width()) - plain.horizontalAdvance(start + who), 20)
    runs = fitted_runs(snippet_runs(moment.snippet), plain, strong, room)
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    painter.save()
    if focused:
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.setBrush(option.palette.color(QPalette.ColorRole.Highlight).darker(120))
        painter.drawRoundedRect(box.adjusted(-3, 0, 3, 0), 3, 3)
    role = QPalette.ColorRole.HighlightedText if selected or focused else QPalette.ColorRole.Link
    painter.setPen(option.palette.color(role))
    align = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
    x = box.left()
    for text, matched in [(start, False), *runs, (who, False)]:
        painter.setFont(strong_font if matched else plain_font)
        painter.drawText(QRectF(x, box.top(), box.right() - x, box.height()), align, text)
        x += (strong if matched else plain).horizontalAdvance(text)
    painter.restore()


class MomentKeys(QObject):
    """Which moment of the current result the keyboard is on, and clicks on moments."""

    def __init__(self, delegate: ResultDelegate, view: QWidget | None) -> None:
        super().__init__(delegate)
        self.delegate = delegate
        self.view = view if isinstance(view, QAbstractItemView) else None
        self._on: tuple[QPersistentModelIndex, int] | None = None
        if self.view is not None:
            self.view.installEventFilter(self)

    def focused(self, index: Index) -> int | None:
        """The moment of ``index`` the keyboard is on, if any."""
        if self._on is None or self.view is None:
            return None
        row, number = self._on
        current = self.view.currentIndex()
        if row != QPersistentModelIndex(index) or row != QPersistentModelIndex(current):
            return None
        return number

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.view or not isinstance(event, QKeyEvent):
            return False
        if event.type() != QEvent.Type.KeyPress or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return False
        return self._key(event.key())

    def _key(self, key: int) -> bool:
        assert self.view is not None
        index = self.view.currentIndex()
        hit: Hit | None = index.data(HitRole) if index.isValid() else None
        if hit is None or not hit.moments:
            self._on = None
            return False
        number = self.focused(index)
        if key == Qt.Key.Key_Right:
            self._move(index, hit, 0 if number is None else min(number + 1, len(hit.moments) - 1))
            return True
        if key == Qt.Key.Key_Left and number is not None:
            self._move(index, hit, number - 1 if number else None)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and number is not None:
            self.delegate.momentActivated.emit(hit.uid, hit.moments[number].start)
            return True
        if key not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on = None
        return False

    def _move(self, index: QModelIndex, hit: Hit, number: int | None) -> None:
        assert self.view is not None
        self._on = (QPersistentModelIndex(index), number) if number is not None else None
        self.view.viewport().update()
        if number is None:
            said = "Back on the result."
        else:
            said = spoken_moment(hit.moments[number], number, len(hit.moments))
        self.view.setAccessibleDescription(said)
        QAccessible.updateAccessibility(
            QAccessibleEvent(self.view, QAccessible.Event.DescriptionChanged)
        )

    def clicked(self, event: QEvent, option: QStyleOptionViewItem, index: Index) -> bool:
        """A left click released on a moment line: play it."""
        if not isinstance(event, QMouseEvent) or event.type() != QEvent.Type.MouseButtonRelease:
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        hit: Hit | None = index.data(HitRole)
        if hit is None or not hit.moments:
            return False
        left, width = self.delegate.text_columns(option)
        for moment, box in zip(hit.moments, moment_rects(hit, option, left, width), strict=False):
            if box.contains(event.position()):
                self.delegate.momentActivated.emit(hit.uid, moment.start)
                return True
        return False
