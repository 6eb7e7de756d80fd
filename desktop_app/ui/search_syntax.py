"""The search syntax, written once: *Help ▸ Search syntax* shows it, the README mirrors it.

``tests/gui/test_search_syntax_help.py`` checks that the README's "Search
syntax" section is ``markdown()`` word for word, so the two cannot drift.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

HEADER = ("you type", "finds")
# Each row: what is typed (examples, in backticks) and what it finds.
ROWS: tuple[tuple[str, str], ...] = (
    (
        "`babies sleep`",
        "resources with both words; stemming (`babies` finds `baby`), any accent or case",
    ),
    ("`behavior`, `program`, `pediatric`", "British and American spellings alike"),
    (
        "`IMH`, `CAMHS`, `HV`, `PIMH`, `NICU`, `ACEs`, `1001 days`",
        'acronyms and their long forms (the match is reported as "also searched")',
    ),
    ('`"open letter"`', "the exact phrase"),
    ("`covid OR pandemic`, `babies NOT covid`, `babies -covid`", "boolean operators"),
    ("`pand*`", "words starting with `pand`"),
    ("`pandemc`", 'typo tolerance: "did you mean pandemic" and its results'),
    ("`type:podcast`, `type:blog`, `kind:briefing`", "by kind of resource"),
    ('`org:ihv`, `org:"Parent-Infant Foundation"`', "by organisation (name or acronym)"),
    ('`author:hogg`, `by:"Karen Bateson"`', "by author"),
    (
        '`topic:policy`, `audience:commissioner`, `setting:"health visiting"`, `format:audio`',
        "by topic, audience, setting, format",
    ),
    ("`year:2020`, `year:2019..2021`, `year:..2020`", "by year or range"),
    ("`campaign:imhaw`, `campaign:#IMHAW2020`", "items of a campaign"),
    ('`tag:handout`, `tag:"week one"`', "your own tags"),
    (
        "`babies NOT type:organisation`, `-type:blog`, `type:blog OR type:podcast`",
        "filters with the boolean operators",
    ),
)
NOTE = (
    "Filters combine with words (`type:blog camhs`). A query the parser cannot\n"
    "read (unbalanced quotes, a dangling `AND`) is searched as plain words instead\n"
    "of failing."
)


def markdown() -> str:
    """The table and the note as the README's "Search syntax" section holds them."""
    lines = [f"| {HEADER[0]} | {HEADER[1]} |", "| --- | --- |"]
    lines += [f"| {typed} | {finds} |" for typed, finds in ROWS]
    return "\n".join(lines) + "\n\n" + NOTE + "\n"


def _inline(text: str) -> str:
    """Markdown's `code` as <code>, everything else escaped."""
    parts = re.split(r"`([^`]*)`", text)
    return "".join(
        f"<code>{escape(part)}</code>" if number % 2 else escape(part)
        for number, part in enumerate(parts)
    )


def html() -> str:
    rows = "".join(
        f"<tr><td>{_inline(typed)}</td><td>{_inline(finds)}</td></tr>" for typed, finds in ROWS
    )
    return (
        "<h3>Search syntax</h3>"
        '<table cellspacing="0" cellpadding="5" border="1" style="border-collapse:collapse">'
        f"<tr><th align='left'>{HEADER[0].capitalize()}</th>"
        f"<th align='left'>{HEADER[1].capitalize()}</th></tr>{rows}</table>"
        f"<p>{_inline(' '.join(NOTE.split()))}</p>"
        "<p>Ticked filters in the Filters tab combine the same way as typed ones.</p>"
    )


class SearchSyntaxDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchSyntaxDialog")
        self.setWindowTitle("Search syntax")
        self.browser = QTextBrowser()
        self.browser.setObjectName("searchSyntaxText")
        self.browser.setAccessibleName("Search syntax")
        self.browser.setHtml(html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(760, 560)
