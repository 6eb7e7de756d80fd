"""Help ▸ Search syntax shows the syntax table the README carries (written once)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui import search_syntax
from desktop_app.ui.main_window import MainWindow
from tests.gui.curation_support import curated

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_mirrors_the_apps_syntax_table() -> None:
    section = README.read_text(encoding="utf-8").split("## Search syntax\n\n", 1)[1]
    assert section.split("\n## ", 1)[0] == search_syntax.markdown()


def test_help_search_syntax_shows_the_table(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    [syntax] = [a for a in help_menu.actions() if a.text() == "&Search syntax"]
    syntax.trigger()
    dialog = curation.syntax_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for typed, _finds in search_syntax.ROWS:
        for example in typed.split("`")[1::2]:
            assert example in text
    assert "year:2019..2021" in text and "tag:handout" in text
