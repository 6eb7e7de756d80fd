"""*Copy citation*: the chosen resources' references on the clipboard, as text and rich text.

The references come from ``Operations.citations`` (citeproc with the CSL
styles shipped in the app), made on the reads pool so the window never waits
for them. The clipboard gets both forms at once: a word processor or an email
pastes the rich text (italics, links, hanging indents), a plain text field
pastes the text. The chosen style is remembered in the window's settings.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.ui.operation_runner import OperationRunner, sentence_for
from resources_db.citations import DEFAULT_STYLE, STYLES, FormattedCitation

STYLE_KEY = "citations/style"
# APA and Harvard lay a reference list out with a hanging indent.
_PARAGRAPH = '<p style="margin:0 0 0.6em 0.5in; text-indent:-0.5in;">{}</p>'


def citation_mime(citations: Sequence[FormattedCitation]) -> QMimeData:
    """One reference a paragraph: text/plain one a line, text/html one a paragraph."""
    mime = QMimeData()
    mime.setText("\n".join(c.text for c in citations))
    body = "\n".join(_PARAGRAPH.format(c.html) for c in citations)
    mime.setHtml(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>')
    return mime


def _count(n: int) -> str:
    return "1 citation" if n == 1 else f"{n} citations"


class CitationCopier(QObject):
    """Copies citations for the window; ``copied`` and ``failed`` carry one sentence."""

    copied = Signal(str)
    failed = Signal(str)
    styleChanged = Signal(str)

    def __init__(
        self, runner: OperationRunner, settings: QSettings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.settings = runner, settings

    @property
    def style(self) -> str:
        chosen = str(self.settings.value(STYLE_KEY, DEFAULT_STYLE) or DEFAULT_STYLE)
        return chosen if chosen in STYLES else DEFAULT_STYLE

    def set_style(self, style: str) -> None:
        if style in STYLES and style != self.style:
            self.settings.setValue(STYLE_KEY, style)
            self.styleChanged.emit(style)

    def copy(self, uids: Sequence[str], style: str | None = None) -> None:
        """Put the references of ``uids`` (in ``style``, else the chosen one) on the clipboard."""
        wanted, chosen = list(dict.fromkeys(uids)), style or self.style
        if not wanted:
            self.failed.emit("Select a resource to cite first.")
            return

        def done(citations: list[FormattedCitation]) -> None:
            if not citations:
                self.failed.emit("The selected resources are no longer in the library.")
                return
            QGuiApplication.clipboard().setMimeData(citation_mime(citations))
            self.copied.emit(f"Copied {_count(len(citations))} in {STYLES[chosen].name}.")

        self.runner.read(
            lambda ops: ops.citations(wanted, chosen),
            done,
            lambda error: self.failed.emit(sentence_for(error, "No citation could be made")),
            owner=self,
        )

    def style_menu(self, parent: QWidget) -> QMenu:
        """*Citation style*: one checkable entry per style, the chosen one ticked."""
        menu = QMenu("Citation st&yle", parent)
        group = QActionGroup(menu)
        group.setExclusive(True)
        for key, found in STYLES.items():
            action = QAction(found.name, menu)
            action.setCheckable(True)
            action.setChecked(key == self.style)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, k=key: self.set_style(k))
            group.addAction(action)
            menu.addAction(action)
        return menu
