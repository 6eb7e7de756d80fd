"""Paints a row of the Filters tree with the base style, as ``LibraryStyle`` would.

The check box is as big as the text asks (``ItemLook.indicator``) and edged in
the dark theme; the current value is ringed in the focus colour. Drawn here
rather than by the Python style, each row costs one call into Python, not a
dozen (see ``appearance.item_look``).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.ui.appearance import ItemLook, draw_check_edge, draw_focus, item_look

Index = QModelIndex | QPersistentModelIndex
_State = QStyle.StateFlag
_CHECK_STATES = {
    Qt.CheckState.Unchecked: _State.State_Off,
    Qt.CheckState.PartiallyChecked: _State.State_NoChange,
    Qt.CheckState.Checked: _State.State_On,
}
_MOUSE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)


class FacetDelegate(QStyledItemDelegate):
    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view  # the style to measure with when an option names no widget

    def layout(
        self, option: QStyleOptionViewItem, index: Index
    ) -> tuple[QStyleOptionViewItem, QRect | None, ItemLook]:
        """The option for the text (right of the check box) and the box, if any."""
        text = QStyleOptionViewItem(option)
        self.initStyleOption(text, index)
        widget: QWidget | None = option.widget  # None when measured outside a view
        look = item_look(widget if widget is not None else self._view)
        if not text.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator:
            return text, None, look
        text.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        # Qt's own layout: the box centred in a margin either side of it.
        margin = look.style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        row = text.rect
        side = look.indicator
        box = QRect(row.left() + margin, row.top() + (row.height() - side) // 2, side, side)
        text.rect = row.adjusted(side + 2 * margin, 0, 0, 0)
        return text, box, look

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text, box, look = self.layout(option, index)
        widget = option.widget
        focused = bool(text.state & _State.State_HasFocus)
        text.state &= ~_State.State_HasFocus
        if box is not None:
            panel = QStyleOptionViewItem(text)
            panel.rect = option.rect
            look.style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, panel, painter, widget
            )
            check = QStyleOptionViewItem(text)
            check.rect = box
            check.state |= _CHECK_STATES[text.checkState]
            look.style.drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, check, painter, widget
            )
            if look.edged:
                draw_check_edge(painter, QRectF(box), text.palette)
        look.style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text, painter, widget)
        if focused:
            draw_focus(painter, text, QRectF(text.rect))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        text, box, look = self.layout(option, index)
        size = look.style.sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, text, QSize(), option.widget
        )
        if box is None:
            return size
        check = text.rect.left() - option.rect.left()
        return QSize(size.width() + check, max(size.height(), box.height()))

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        """A click on the (larger) box ticks it; keys are Qt's (Space ticks)."""
        if event.type() not in _MOUSE or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        _text, box, _look = self.layout(option, index)
        flags = model.flags(index)
        checkable = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
        if (
            box is None
            or (flags & checkable) != checkable
            or event.button() != Qt.MouseButton.LeftButton
            or not box.contains(event.position().toPoint())
        ):
            return False
        if event.type() != QEvent.Type.MouseButtonRelease:
            return True  # the press and a double click are the box's, not the row's
        ticked = Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole)) == Qt.CheckState.Checked
        new = Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked
        return model.setData(index, new, Qt.ItemDataRole.CheckStateRole)
