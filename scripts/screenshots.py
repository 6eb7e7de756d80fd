"""Take the README's screenshots from the real window.

Run under a display, e.g.: xvfb-run -s "-screen 0 1400x900x24" uv run python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from desktop_app.app import open_window
from desktop_app.ui.self_test import wait_until

DOCS = Path(__file__).resolve().parent.parent / "docs"


def search(window, text: str) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_panel
    panel.search_box.setText(text)
    panel.search_now()
    wait_until(lambda: panel.model.rowCount() > 0 and panel.last_results.query != "", 10)
    wait_until(lambda: False, 0.5)


def open_row(window, row: int) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_panel
    hit = panel.model.hit(row)
    panel.results_view.selectionModel().setCurrentIndex(
        panel.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    wait_until(lambda: window.detail_pane.uid == hit.uid, 10)
    wait_until(lambda: False, 0.3)


def shoot(window, name: str) -> None:  # type: ignore[no-untyped-def]
    wait_until(lambda: False, 0.3)
    path = DOCS / name
    window.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    with tempfile.TemporaryDirectory() as data:
        window = open_window(data)
        window.resize(1360, 860)
        window.show()
        wait_until(lambda: window.index_label.text() == "Search index ready")

        search(window, "babies pandemic")
        open_row(window, 0)
        shoot(window, "search.png")

        window.search_panel.search_box.clear()
        window.facet_panel.toggle("kind", "blog post")
        wait_until(
            lambda: (
                (shown := window.search_panel.last_results) is not None
                and shown.filters.get("kind") == ["blog post"]
            )
        )
        open_row(window, 0)
        window.detail_pane.bookmark_button.click()
        window.detail_pane.note_edit.setPlainText("Use in week 2: where infants fit in CAMHS.")
        window.detail_pane.save_note()
        shoot(window, "filters-and-bookmark.png")

        window.facet_panel.clear_filters()
        window.side_tabs.setCurrentWidget(window.collections_panel)
        panel = window.collections_panel
        panel.refresh(select="IMHAW 2020 at a glance")
        panel.objectives.setPlainText(
            "Explain what infant mental health is and why the first 1001 days matter."
        )
        panel.flush()
        search(window, "campaign:IMHAW2020 type:campaign")
        open_row(window, 0)
        shoot(window, "collections.png")
        window.close()
        window.ops.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
