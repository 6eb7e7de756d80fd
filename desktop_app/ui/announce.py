"""What the window tells assistive technology beyond what Qt's widgets say themselves.

- ``announce``: a sentence for the screen reader to speak (a new result count,
  a status message, an item moved), as a ``QAccessibleAnnouncementEvent`` (Qt
  6.8+; AT-SPI ``object:announcement``, UI Automation notifications, macOS
  announcement requests). ``announcements().made`` repeats each one, for tests.
- ``focus_item_on_entry``: when a list or tree gains focus, its current item
  is reported focused after the list itself, so the reader speaks the item,
  not just "list".
- ``install_roles``: widgets that declare ``ACCESSIBLE_ROLE`` (a heading, a
  pane divider) are given that role; Qt's widgets have no way to say it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import QAbstractItemView, QAccessibleWidget, QWidget


class Announcements(QObject):
    made = Signal(str)  # every sentence announced, in order


_hub: Announcements | None = None


def announcements() -> Announcements:
    global _hub
    if _hub is None:
        _hub = Announcements()
    return _hub


def announce(source: QObject, message: str, *, assertive: bool = False) -> None:
    """Have the screen reader speak ``message`` (politely: after what it is saying)."""
    message = message.strip()
    if not message:
        return
    event = QAccessibleAnnouncementEvent(source, message)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
    announcements().made.emit(message)


def as_sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence ("…?" stays)."""
    text = text.strip()
    return text if not text or text[-1] in ".?!…" else text + "."


# --- the current item when a list gains focus ---------------------------------------


class _ItemFocus(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractItemView):
            view = watched
            # After Qt has reported the list itself focused (it does so once the
            # focus-in event has been handled), report its current item.
            QTimer.singleShot(0, view, lambda: _report_current(view))
        return False


def _report_current(view: QAbstractItemView) -> None:
    current = view.currentIndex()
    if view.hasFocus() and current.isValid():
        # The view's own handler reports a focused item (with the row numbering
        # its accessible interface uses); the index is unchanged otherwise.
        view.currentChanged(current, current)


_item_focus: _ItemFocus | None = None


def focus_item_on_entry(*views: QAbstractItemView) -> None:
    global _item_focus
    if _item_focus is None:
        _item_focus = _ItemFocus()
    for view in views:
        view.installEventFilter(_item_focus)


# --- roles Qt's widgets cannot declare -------------------------------------------------


class _RoleInterface(QAccessibleWidget):
    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)

    def text(self, kind: QAccessible.Text) -> str:
        widget = self.widget()
        if kind == QAccessible.Text.Name and not widget.accessibleName():
            label = getattr(widget, "text", None)
            return str(label()) if callable(label) else ""
        return super().text(kind)


def _role_factory(_class_name: str, target: QObject) -> QAccessibleInterface | None:
    role = getattr(type(target), "ACCESSIBLE_ROLE", None)
    if isinstance(role, QAccessible.Role) and isinstance(target, QWidget):
        return _RoleInterface(target, role)
    return None


_roles_installed = False


def install_roles() -> None:
    """Once per process, before the widgets are first asked about."""
    global _roles_installed
    if not _roles_installed:
        _roles_installed = True
        QAccessible.installFactory(_role_factory)
