"""Guards against Qt bindings that lose references to Python's singletons.

PySide6 6.12.0 under Python 3.11 dropped one reference to ``True`` on every
``Signal.emit()`` and one to ``None`` on every ``QModelIndex.data()`` that had
no value. A window emits and reads roles thousands of times per search, so the
interpreter aborted ("deallocating None") after a few dozen searches. From
Python 3.12 these objects are immortal and the bug cannot bite, nor be seen.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QStandardItem

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12"
)
CALLS = 500
Index = QModelIndex | QPersistentModelIndex


class _Emitter(QObject):
    changed = QtSignal(object)


class _EmptyModel(QAbstractListModel):
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return None


def test_emitting_signals_keeps_every_reference_to_true(qapp) -> None:
    emitter = _Emitter()
    emitter.changed.connect(lambda _value: None)
    emitter.changed.emit(None)  # the first call may cache things of its own
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.changed.emit(None)
    lost = before - sys.getrefcount(True)  # outside assert: pytest's rewrite holds refs
    assert lost == 0, f"{lost} references to True lost"


def test_reading_an_empty_role_keeps_every_reference_to_none(qapp) -> None:
    model = _EmptyModel()
    item = QStandardItem("facet")
    index = model.index(0, 0)
    index.data(Qt.ItemDataRole.UserRole)  # the first calls may cache things of their own
    item.data(Qt.ItemDataRole.UserRole + 1)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data(Qt.ItemDataRole.UserRole)
        item.data(Qt.ItemDataRole.UserRole + 1)
    lost = before - sys.getrefcount(None)
    assert lost == 0, f"{lost} references to None lost"
