"""Undoable curation: each user action is a ``QUndoCommand`` on the window's undo stack.

``redo`` and ``undo`` run operations through ``OperationRunner.edit``, so
they apply in the order they were made; what ``redo`` learns (a new uid, the
values an edit replaced, which tags were new) is kept by the worker that
learns it, and the ``undo`` queued behind it always finds it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QUndoCommand

from desktop_app.operations import Changes, Operations
from desktop_app.ui.operation_runner import OperationRunner
from resources_db.curation import ResourceFields
from resources_db.edits import FIELD_LABELS, EditableField, FieldValue

Done = Callable[[object], None]


def _count(n: int) -> str:
    return f"{n} resource{'s' * (n != 1)}"


class AddResource(QUndoCommand):
    """Add a resource by hand; undo moves it to the bin, redo brings the same one back."""

    def __init__(
        self,
        runner: OperationRunner,
        values: ResourceFields,
        attachments: Sequence[Path] = (),
        on_added: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(f"Add “{values.title}”")
        self.runner, self.values, self.attachments = runner, values, tuple(attachments)
        self.on_added = on_added
        self.uid: str | None = None

    def redo(self) -> None:
        def work(ops: Operations) -> object:
            if self.uid is None:
                self.uid, changes = ops.add_resource(self.values, self.attachments)
            else:
                changes = ops.restore_resources([self.uid])
            return self.uid, changes

        self.runner.edit(work, self._added, what="The resource could not be added")

    def _added(self, uid: object) -> None:
        if self.on_added is not None and isinstance(uid, str):
            self.on_added(uid)

    def undo(self) -> None:
        def work(ops: Operations) -> object:
            return ops.delete_resources([self.uid]) if self.uid else None

        self.runner.edit(work)


class EditResource(QUndoCommand):
    """Write the user's values; undo writes back the values they replaced.

    Attachments dropped on the form are copied in once and stay through undo."""

    def __init__(
        self,
        runner: OperationRunner,
        uid: str,
        title: str,
        values: ResourceFields,
        attachments: Sequence[Path] = (),
    ) -> None:
        super().__init__(f"Edit “{title}”")
        self.runner, self.uid, self.values = runner, uid, values
        self.attachments = tuple(attachments)
        self.previous: ResourceFields | None = None

    def redo(self) -> None:
        def work(ops: Operations) -> object:
            self.previous, changes = ops.edit_resource(self.uid, self.values)
            if self.attachments:
                changes = changes | ops.attach_files(self.uid, self.attachments)
                self.attachments = ()
            return changes

        self.runner.edit(work, what="The changes could not be saved")

    def undo(self) -> None:
        def work(ops: Operations) -> object:
            return ops.edit_resource(self.uid, self.previous)[1] if self.previous else None

        self.runner.edit(work)


class UseSourceValue(QUndoCommand):
    """Take the source's latest value of an edited field; undo puts the user's back."""

    def __init__(self, runner: OperationRunner, uid: str, field: EditableField) -> None:
        super().__init__(f"Use the source's {FIELD_LABELS[field]}")
        self.runner, self.uid, self.field = runner, uid, field
        self.replaced: FieldValue | None = None
        self.done = False

    def redo(self) -> None:
        def work(ops: Operations) -> object:
            self.replaced, changes = ops.use_source_value(self.uid, self.field)
            self.done = True
            return changes

        self.runner.edit(work)

    def undo(self) -> None:
        def work(ops: Operations) -> object:
            if not self.done:
                return None
            values = ResourceFields.of({self.field: self.replaced})
            return ops.edit_resource(self.uid, values)[1]

        self.runner.edit(work)


class DeleteResources(QUndoCommand):
    """Move resources to the bin; undo restores them with everything the user attached."""

    def __init__(self, runner: OperationRunner, uids: Sequence[str], on_undone: Done | None = None):
        super().__init__(f"Delete {_count(len(uids))}")
        self.runner, self.uids, self.on_undone = runner, list(uids), on_undone

    def redo(self) -> None:
        uids = self.uids
        self.runner.edit(lambda ops: ops.delete_resources(uids), what="Nothing was deleted")

    def undo(self) -> None:
        uids = self.uids
        self.runner.edit(lambda ops: ops.restore_resources(uids), self.on_undone)


class RestoreResources(QUndoCommand):
    """Bring resources back from the bin; undo puts them back in it."""

    def __init__(self, runner: OperationRunner, uids: Sequence[str]) -> None:
        super().__init__(f"Restore {_count(len(uids))}")
        self.runner, self.uids = runner, list(uids)

    def redo(self) -> None:
        uids = self.uids
        self.runner.edit(lambda ops: ops.restore_resources(uids), what="Nothing was restored")

    def undo(self) -> None:
        uids = self.uids
        self.runner.edit(lambda ops: ops.delete_resources(uids))


class ChangeTags(QUndoCommand):
    """Add (or remove) own tags on resources; undo reverses only what this changed."""

    def __init__(
        self,
        runner: OperationRunner,
        uids: Sequence[str],
        names: Sequence[str],
        *,
        remove: bool = False,
    ) -> None:
        what = "Untag" if remove else "Tag"
        super().__init__(f"{what} {_count(len(uids))}: {', '.join(names)}")
        self.runner, self.uids, self.names, self.remove = runner, list(uids), list(names), remove
        self.changed: dict[str, list[str]] = {}  # uid -> the names this command added/removed

    def _apply(self, ops: Operations, adding: bool, pairs: dict[str, list[str]]) -> Changes:
        changes = Changes()
        for uid, names in pairs.items():
            if names:
                step = ops.tag if adding else ops.untag
                changes = changes | step([uid], names)[1]
        return changes

    def redo(self) -> None:
        def work(ops: Operations) -> object:
            wanted = {name.casefold() for name in self.names}
            self.changed = {}
            for uid in self.uids:
                had = {tag.casefold() for tag in ops.tags_of(uid)}
                if self.remove:
                    self.changed[uid] = [t for t in ops.tags_of(uid) if t.casefold() in wanted]
                else:
                    self.changed[uid] = [n for n in self.names if n.casefold() not in had]
            return self._apply(ops, not self.remove, self.changed)

        self.runner.edit(work, what="The tags could not be changed")

    def undo(self) -> None:
        self.runner.edit(lambda ops: self._apply(ops, self.remove, self.changed))
