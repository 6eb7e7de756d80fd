"""Copy citation: the selection's references on the clipboard as text and rich text."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from desktop_app.ui.citation_copy import STYLE_KEY, CitationCopier
from desktop_app.ui.main_window import MainWindow
from tests.gui.conftest import TIMEOUT_MS

BRIEFING = "imhaw-2020/briefing-for-commissioners"
BLOG = "imhaw-2020/blog-acamh-where-is-the-i-in-camhs"


def make_copier(window: MainWindow) -> CitationCopier:
    return CitationCopier(window.runner, window.settings, window)


def copy(qtbot, copier: CitationCopier, uids: list[str], style: str | None = None) -> str:
    with qtbot.waitSignal(copier.copied, timeout=TIMEOUT_MS) as copied:
        copier.copy(uids, style)
    return str(copied.args[0])


def test_copies_apa_references_as_text_and_rich_text(qtbot, window: MainWindow) -> None:
    QGuiApplication.clipboard().clear()
    copier = make_copier(window)
    message = copy(qtbot, copier, [BRIEFING, BLOG])
    assert message == "Copied 2 citations in APA 7th edition."
    mime = QGuiApplication.clipboard().mimeData()
    # APA orders a reference list by author: Hogg before the Parent-Infant Foundation.
    assert mime.text().splitlines() == [
        # The starter's blog has its public address since the links were added.
        "Hogg, S. (2020, June). Where is the I in CAMHS? ACAMH. "
        "https://acamh.org/blog/where-is-the-i-in-camhs",
        "Parent-Infant Foundation. (2020). Infant Mental Health Briefing for Commissioners "
        "[Briefing].",
    ]
    assert mime.hasHtml()
    assert "<i>Infant Mental Health Briefing for Commissioners</i>" in mime.html()
    assert mime.html().count("<p ") == 2


def test_the_chosen_style_is_remembered_and_used(qtbot, window: MainWindow) -> None:
    copier = make_copier(window)
    menu = copier.style_menu(window)
    assert [a.text() for a in menu.actions()] == ["APA 7th edition", "Harvard (Cite Them Right)"]
    assert [a.isChecked() for a in menu.actions()] == [True, False]
    with qtbot.waitSignal(copier.styleChanged):
        menu.actions()[1].trigger()
    assert window.settings.value(STYLE_KEY) == "harvard"
    assert make_copier(window).style == "harvard"  # a new window's copier reads it back
    assert copy(qtbot, copier, [BLOG]) == "Copied 1 citation in Harvard (Cite Them Right)."
    text = QGuiApplication.clipboard().mimeData().text()
    assert text == (
        "Hogg, S. (2020) ‘Where is the I in CAMHS?’, ACAMH, June. "
        "Available at: https://acamh.org/blog/where-is-the-i-in-camhs."
    )
    assert [a.isChecked() for a in copier.style_menu(window).actions()] == [False, True]


def test_an_explicit_style_wins_over_the_chosen_one(qtbot, window: MainWindow) -> None:
    copier = make_copier(window)
    copy(qtbot, copier, [BLOG], "harvard")
    assert QGuiApplication.clipboard().mimeData().text().startswith("Hogg, S. (2020) ‘")
    assert copier.style == "apa"


def test_nothing_to_cite_says_so_and_leaves_the_clipboard(qtbot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("kept")
    copier = make_copier(window)
    with qtbot.waitSignal(copier.failed) as failed:
        copier.copy([])
    assert failed.args == ["Select a resource to cite first."]
    with qtbot.waitSignal(copier.failed, timeout=TIMEOUT_MS) as failed:
        copier.copy(["no/such/resource"])
    assert failed.args == ["The selected resources are no longer in the library."]
    assert QGuiApplication.clipboard().text() == "kept"


def test_an_unknown_style_is_one_sentence(qtbot, window: MainWindow) -> None:
    copier = make_copier(window)
    with qtbot.waitSignal(copier.failed, timeout=TIMEOUT_MS) as failed:
        copier.copy([BLOG], "mla")
    assert failed.args[0].startswith("'mla' is not a citation style")
    assert "\n" not in failed.args[0]
