"""Pane dividers that the keyboard can move, as GTK's are: F8 reaches a divider,
the arrow keys move it, Escape or Enter goes back to where you were.

The dividers stay out of the Tab order (two more stops on every round would
cost everyone); View ▸ Move a pane divider (F8) and Help ▸ Keyboard shortcuts
say how to reach them. Screen readers meet each one as a named separator.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QSplitter, QSplitterHandle, QWidget

from desktop_app.ui import appearance

STEP = 24  # pixels per arrow key; Page Up and Page Down move four steps


class PaneDivider(QSplitterHandle):
    ACCESSIBLE_ROLE = QAccessible.Role.Separator
    finished = Signal()  # Escape or Enter: done moving it

    def __init__(self, orientation: Qt.Orientation, splitter: QSplitter) -> None:
        super().__init__(orientation, splitter)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        arrows = "Left and Right" if orientation == Qt.Orientation.Horizontal else "Up and Down"
        self.setAccessibleDescription(
            f"{arrows} arrow keys move it; Escape goes back to where you were"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        back = (Qt.Key.Key_Left, Qt.Key.Key_Up)
        forward = (Qt.Key.Key_Right, Qt.Key.Key_Down)
        steps = {
            **dict.fromkeys(back, -1),
            **dict.fromkeys(forward, 1),
            Qt.Key.Key_PageUp: -4,
            Qt.Key.Key_PageDown: 4,
        }
        if key in steps:
            self.nudge(steps[key] * STEP)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finished.emit()
        else:
            super().keyPressEvent(event)

    def position(self) -> int:
        return self.x() if self.orientation() == Qt.Orientation.Horizontal else self.y()

    def nudge(self, pixels: int) -> None:
        self.moveSplitter(self.closestLegalPosition(self.position() + pixels))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # a divider the keyboard is moving is plainly marked
            painter = QPainter(self)
            painter.fillRect(self.rect(), appearance.focus_colour(self.palette()))
            painter.end()


class KeyboardSplitter(QSplitter):
    def createHandle(self) -> QSplitterHandle:
        return PaneDivider(self.orientation(), self)

    def dividers(self) -> list[PaneDivider]:
        found = [self.handle(i) for i in range(1, self.count())]
        return [h for h in found if isinstance(h, PaneDivider) and h.isVisible()]

    def name_dividers(self, panes: list[str]) -> None:
        """Name each divider after the panes on either side of it."""
        for i in range(1, self.count()):
            self.handle(i).setAccessibleName(f"Divider between {panes[i - 1]} and {panes[i]}")


class DividerCycle(QObject):
    """F8 goes to the first visible divider, then the next; Escape returns."""

    def __init__(self, splitters: list[KeyboardSplitter], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.splitters = splitters
        self._return_to: QWidget | None = None
        self._connected: set[int] = set()

    def dividers(self) -> list[PaneDivider]:
        return [d for s in self.splitters for d in s.dividers()]

    def next(self) -> None:
        dividers = self.dividers()
        if not dividers:
            return
        focused = QApplication.focusWidget()
        if focused in dividers:
            target = dividers[(dividers.index(focused) + 1) % len(dividers)]
        else:
            self._return_to, target = focused, dividers[0]
        if id(target) not in self._connected:
            self._connected.add(id(target))
            target.finished.connect(self.leave)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave(self) -> None:
        target, self._return_to = self._return_to, None
        if target is not None and shiboken6.isValid(target):
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
