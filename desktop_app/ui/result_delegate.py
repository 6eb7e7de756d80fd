"""Paints a search result: kind badge, title, where it is from, the snippet, and the
moments in an episode's transcript where the words were spoken."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.ui.appearance import draw_focus, item_look, muted_text, paint_plainly, readable
from desktop_app.ui.kind_badges import BADGES, badge
from desktop_app.ui.result_moments import MomentKeys, moment_line, moment_rects, moments_height
from desktop_app.ui.results_model import HitRole, status_label
from search_index import Hit

PAD = 8
BADGE_W = 58  # at the usual 10 pt; wider with larger text
SNIPPET_LINES = 2
# Enough for a few words of title: a result never asks for more width than the
# list has, so no horizontal scroll bar appears and titles end in "…" instead.
MIN_TEXT_CHARS = 4


def badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
    small.setBold(True)
    return small


@lru_cache(maxsize=8)
def _badge_width(font_key: str) -> int:
    font = QFont()
    font.fromString(font_key)
    metrics = QFontMetrics(badge_font(font))
    widest = max(metrics.horizontalAdvance(label) for label, _ in BADGES.values())
    return max(BADGE_W, widest + 10)


def badge_width(font: QFont) -> int:
    """The badge column: the longest label in the text's size, never narrower than before."""
    return _badge_width(font.toString())


def _whole_lines_height(doc: QTextDocument, lines: int) -> float:
    """The height of the snippet's first lines, so no line is ever cut in half."""
    full = doc.size().height()  # lays the document out, so its lines exist
    layout = doc.firstBlock().layout()
    if layout.lineCount() == 0:
        return full
    last = layout.lineAt(min(lines, layout.lineCount()) - 1)
    return layout.position().y() + last.y() + last.height() + 1


class ResultDelegate(QStyledItemDelegate):
    # A moment chosen (clicked, or Right then Enter): the episode's uid and seconds.
    momentActivated = Signal(str, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.moment_keys = MomentKeys(self, parent)
        if isinstance(parent, QAbstractItemView):
            # This delegate draws the ring itself: its list paints without the
            # Python style (a dozen calls into Python per row otherwise).
            paint_plainly(parent)

    def editorEvent(self, event, model, option, index) -> bool:  # type: ignore[no-untyped-def]
        """A click on a moment line plays it (the row is selected as well)."""
        return self.moment_keys.clicked(event, option, index) or super().editorEvent(
            event, model, option, index
        )

    def text_columns(self, option: QStyleOptionViewItem) -> tuple[float, float]:
        """Where the text beside the badge starts, and how wide it is."""
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        left = rect.left() + badge_width(option.font) + PAD
        return left, rect.right() - left

    def _snippet_doc(self, hit: Hit, option: QStyleOptionViewItem, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(f'<span style="white-space: normal">{hit.snippet}</span>')
        doc.setTextWidth(max(width, 50))
        return doc

    def _paint_status(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        hit: Hit,
        right: float,
        palette: QPalette,
        selected: bool,
    ) -> int:
        """ "Superseded", "Withdrawn"…: a small word at the end of the title line for a
        resource that is not current (screen readers hear it in the row's text). Returns
        the width it takes from the title."""
        label = status_label(hit)
        if not label:
            return 0
        font = QFont(option.font)
        font.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(label)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setFont(font)
        painter.setPen(palette.color(role))
        box = QRectF(right - width, option.rect.top() + PAD, width, option.fontMetrics.height() + 4)
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
        return width + PAD

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = option.fontMetrics
        line = metrics.height()
        width = badge_width(option.font) + PAD * 3 + metrics.averageCharWidth() * MIN_TEXT_CHARS
        height = PAD * 2 + line * 2 + 8 + SNIPPET_LINES * (metrics.lineSpacing() + 2)
        hit: Hit | None = index.data(HitRole)
        return QSize(width, height + moments_height(hit, metrics))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit: Hit | None = index.data(HitRole)
        if hit is None:
            return super().paint(painter, option, index)
        painter.save()
        widget: QWidget | None = option.widget  # None when painted outside a view
        style = item_look(widget).style
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        line = option.fontMetrics.height()

        label, colour = badge(hit.kind)
        badge_w = badge_width(option.font)
        badge_rect = QRectF(rect.left(), rect.top() + 2, badge_w, line + 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        # White labels stand 4.5:1 on every badge (a bright one is darkened a little).
        painter.setBrush(readable(colour, QColor(Qt.GlobalColor.white), QColor("#000000")))
        painter.drawRoundedRect(badge_rect, 4, 4)
        painter.setFont(badge_font(option.font))
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, label)

        left = rect.left() + badge_w + PAD
        width = rect.right() - left
        title_width = width - self._paint_status(
            painter, option, hit, left + width, palette, selected
        )
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        title = painter.fontMetrics().elidedText(
            hit.title, Qt.TextElideMode.ElideRight, title_width
        )
        painter.drawText(
            left, rect.top(), title_width, line + 4, Qt.AlignmentFlag.AlignVCenter, title
        )

        painter.setFont(option.font)
        meta_parts = [hit.kind.capitalize()]
        if hit.year:
            meta_parts.append(str(hit.year))
        if hit.authors:
            meta_parts.append(", ".join(hit.authors[:2]))
        if hit.organisations:
            meta_parts.append(
                ", ".join(hit.organisations[:2]) + ("…" if len(hit.organisations) > 2 else "")
            )
        meta = painter.fontMetrics().elidedText(
            " · ".join(meta_parts), Qt.TextElideMode.ElideRight, width
        )
        muted = palette.color(text_role) if selected else muted_text(palette)
        painter.setPen(muted)
        painter.drawText(
            left, rect.top() + line + 4, width, line, Qt.AlignmentFlag.AlignVCenter, meta
        )

        doc = self._snippet_doc(hit, option, width)
        snippet_top = rect.top() + line * 2 + 8
        # Moments take the lines below the snippet; where rows are all one height,
        # the snippet gives up its second line to them.
        lines = SNIPPET_LINES
        rects = moment_rects(hit, option, left, width)
        if rects and rects[0].top() < snippet_top + _whole_lines_height(doc, SNIPPET_LINES):
            lines = 1
        painter.save()
        painter.translate(left, snippet_top)
        clip = QRectF(0, 0, width, _whole_lines_height(doc, lines))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(text_role))
        painter.setClipRect(clip)
        doc.documentLayout().draw(painter, context)
        painter.restore()
        focused = self.moment_keys.focused(index)
        for number, (moment, box) in enumerate(zip(hit.moments, rects, strict=False)):
            moment_line(painter, option, box, moment, focused=number == focused)
        if option.state & QStyle.StateFlag.State_HasFocus:
            draw_focus(painter, option, QRectF(option.rect))  # the keyboard's place in the list
        painter.restore()
