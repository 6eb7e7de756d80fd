"""A row of widgets that wraps onto more lines when the text is large or the pane narrow.

Buttons keep their whole label at any text size (WCAG 1.4.4: text up to
200 % without loss): instead of squeezing or pushing the window off the
screen, what does not fit moves to the next line. A widget whose horizontal
size policy expands (the search box) takes the room left on its line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # --- the QLayout API ------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        widths = [self._width(item) for item in self._visible()]
        height = max((item.sizeHint().height() for item in self._visible()), default=0)
        return QSize(sum(widths) + self._spacing * max(0, len(widths) - 1), height)

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item: everything else can wrap."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(QSize(self._narrowest(item), item.minimumSize().height()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # --- laying out -------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    @staticmethod
    def _width(item: QLayoutItem) -> int:
        """The width an item asks for."""
        return max(item.sizeHint().width(), item.minimumSize().width())

    def _narrowest(self, item: QLayoutItem) -> int:
        """An item that wraps itself (a row of its own) can go down to its minimum;
        a button cannot go below the width of its label."""
        if item.hasHeightForWidth():
            return item.minimumSize().width()
        return self._width(item)

    def _fitted(self, item: QLayoutItem, room: int) -> int:
        return max(self._narrowest(item), min(self._width(item), room))

    @staticmethod
    def _expands(item: QLayoutItem) -> bool:
        widget = item.widget()
        if widget is None:
            return False
        policy = widget.sizePolicy().horizontalPolicy()
        return bool(policy.value & QSizePolicy.PolicyFlag.ExpandFlag.value)

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            needed = self._width(item) + (self._spacing if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                needed, used = self._fitted(item, width), 0
            lines[-1].append(item)
            used += needed
        return [line for line in lines if line]

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for line in self._lines(area.width()):
            widths = [self._fitted(item, area.width()) for item in line]
            spare = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [i for i, item in enumerate(line) if self._expands(item)]
            if spare > 0:
                for i in growing:
                    widths[i] += spare // len(growing)
            heights = [self._height(item, width) for item, width in zip(line, widths, strict=True)]
            height = max(heights)
            x = area.x()
            for item, width, item_height in zip(line, widths, heights, strict=True):
                if apply:
                    top = y + (height - item_height) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, item_height)))
                x += width + self._spacing
            y += height + self._spacing
        return y - self._spacing - rect.y() + margins.bottom() if y > area.y() else 0
