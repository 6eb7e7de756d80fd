"""The Tags facet's context menu: rename a tag, or merge it into another.

The facet itself is one more group in the Filters tree (``FacetPanel``,
key ``tag``: the index counts tags like any facet). Renaming onto a name
another tag has is a merge, and the menu asks before doing it. A ticked tag
stays ticked under its new name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QTreeView, QWidget

from desktop_app.operations import Operations
from desktop_app.ui.facet_panel import FacetPanel, FacetRole, ValueRole
from desktop_app.ui.operation_runner import OperationRunner

TAG_FACET = ("tag", "Tags")


class TagFacetMenu(QObject):
    """Adds *Rename tag…* and *Merge into* to the context menu of the facet panel's tags."""

    def __init__(
        self,
        panel: FacetPanel,
        runner: OperationRunner,
        message: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or panel)
        self.panel, self.runner, self.message = panel, runner, message
        self.menu: QMenu | None = None
        panel.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.customContextMenuRequested.connect(self._on_menu)

    def tag_at(self, pos: QPoint) -> str | None:
        index = self.panel.indexAt(pos)
        if index.isValid() and index.data(FacetRole) == "tag" and index.data(ValueRole):
            return str(index.data(ValueRole))
        return None

    def _on_menu(self, pos: QPoint) -> None:
        tag = self.tag_at(pos)
        if tag is None:
            return
        self.runner.read(
            lambda ops: [t.name for t in ops.tag_counts()],
            lambda names: self._show(tag, names, self.panel.viewport().mapToGlobal(pos)),
            lambda _e: None,
        )

    def build_menu(self, tag: str, names: list[str], parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setObjectName("tagFacetMenu")
        menu.addAction(f"Rename tag “{tag}”…").triggered.connect(lambda: self.ask_rename(tag))
        merge = menu.addMenu(f"Merge “{tag}” into")
        others = [name for name in names if name.casefold() != tag.casefold()]
        for other in others:
            merge.addAction(other).triggered.connect(lambda _=False, o=other: self.merge(tag, o))
        merge.setEnabled(bool(others))
        return menu

    def _show(self, tag: str, names: list[str], where: QPoint) -> None:
        self.menu = self.build_menu(tag, names, self.panel)
        self.menu.popup(where)

    def ask_rename(self, tag: str) -> None:
        new, ok = QInputDialog.getText(self.panel, "Rename tag", f"New name for “{tag}”:", text=tag)
        new = " ".join(new.split())
        if not ok or not new or new == tag:
            return
        self.runner.read(
            lambda ops: [t.name for t in ops.tag_counts()],
            lambda names: self._rename_or_merge(tag, new, names),
            lambda _e: None,
        )

    def _rename_or_merge(self, tag: str, new: str, names: list[str]) -> None:
        existing = next(
            (n for n in names if n.casefold() == new.casefold() and n.casefold() != tag.casefold()),
            None,
        )
        if existing is None:
            self.rename(tag, new)
            return
        answer = QMessageBox.question(
            self.panel,
            "Merge tags",
            f"There is already a tag “{existing}”. Merge “{tag}” into it?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(tag, existing)

    def rename(self, tag: str, new: str) -> None:
        def done(_value: object) -> None:
            self._retick(tag, new)
            self.message(f"Renamed the tag “{tag}” to “{new}”.")

        self.runner.edit(lambda ops: ops.rename_tag(tag, new), done)

    def merge(self, tag: str, into: str) -> None:
        def work(ops: Operations) -> object:
            return ops.merge_tags([tag], into)

        def done(_value: object) -> None:
            self._retick(tag, into)
            self.message(f"Merged the tag “{tag}” into “{into}”.")

        self.runner.edit(work, done)

    def _retick(self, old: str, new: str) -> None:
        """A filter on the old name follows it to the new one."""
        if old in self.panel.selected.get("tag", []):
            self.panel.toggle("tag", old, False)
            self.panel.toggle("tag", new, True)


def tag_facet_shown(view: QTreeView) -> bool:
    """Whether the facet tree lists a Tags group (``FACETS`` includes ``TAG_FACET``)."""
    model = view.model()
    return any(model.index(row, 0).data(FacetRole) == "tag" for row in range(model.rowCount()))
