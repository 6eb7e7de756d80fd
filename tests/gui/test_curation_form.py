"""Adding and editing resources in the window: the form, completion, attachments,
edits kept through re-imports with the source's new value on offer, undo and redo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from desktop_app.ui.completing_edit import ListEdit
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.resource_form import ResourceForm, parse_duration
from tests.gui.curation_support import TIMEOUT_MS, curated, open_resource, research
from tests.helpers import open_row, settle
from tests.resources_db.packs_fixtures import resource, write_pack

WEEK = "imhaw-2020/week"


def open_form(qtbot, window: MainWindow, key: Qt.Key | None = None) -> ResourceForm:
    curation = curated(window)
    before = curation.form
    if key is None:
        curation.new_resource()
    else:
        qtbot.keyClick(window.search_panel.results_view, key)
    qtbot.waitUntil(
        lambda: curation.form is not None and curation.form is not before, timeout=TIMEOUT_MS
    )
    form = curation.form
    assert form is not None
    qtbot.waitUntil(form.isVisible, timeout=TIMEOUT_MS)
    return form


def drop_files(target, mime: QMimeData) -> None:  # type: ignore[no-untyped-def]
    """A drag entering ``target`` and dropping there, as the window system delivers it."""
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, drop)


def shown_title(window: MainWindow) -> str | None:
    view = window.detail_pane.view
    return view.detail.document.title if view else None


def type_into(qtbot, form: ResourceForm, field: str, text: str) -> None:
    widget = form.widgets[field]  # type: ignore[index]
    if isinstance(widget, QLineEdit):
        widget.clear()
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)


def test_a_resource_added_by_hand_is_found_opened_and_undone(qtbot, window: MainWindow) -> None:
    curation = curated(window)
    assert curation.actions["new"].shortcut().toString() == "Ctrl+N"
    form = open_form(qtbot, window)
    assert form.windowTitle() == "New resource"
    type_into(qtbot, form, "title", "Reading with babies at bedtime")
    type_into(qtbot, form, "summary", "A handout on sharing books from birth.")
    form.widgets["kind"].setCurrentText("leaflet")  # type: ignore[attr-defined]
    type_into(qtbot, form, "authors", "Sally Hogg; A. New Author")
    type_into(qtbot, form, "published", "2021-03")
    type_into(qtbot, form, "duration_seconds", "1:05:30")
    form.save_button.click()
    qtbot.waitUntil(lambda: window.detail_pane.uid is not None, timeout=TIMEOUT_MS)
    uid = window.detail_pane.uid
    assert uid is not None and uid.startswith("local/")
    detail = window.ops.detail(uid).detail
    assert detail.document.title == "Reading with babies at bedtime"
    assert detail.document.kind == "leaflet"
    assert detail.document.authors == ("Sally Hogg", "A. New Author")
    assert (detail.document.published.year, detail.document.published.month) == (2021, 3)  # type: ignore[union-attr]
    assert detail.duration_seconds == 3930
    research(qtbot, window, "bedtime books")
    assert window.search_panel.model.hit(0).uid == uid  # type: ignore[union-attr]

    window.undo_stack.undo()
    research(qtbot, window, "bedtime books")
    assert window.search_panel.model.total == 0
    window.undo_stack.redo()  # the same resource comes back, not a copy
    research(qtbot, window, "bedtime books")
    assert [window.search_panel.model.hit(0).uid] == [uid]  # type: ignore[union-attr]


def test_f2_edits_the_selected_result_and_undo_puts_it_back(qtbot, window: MainWindow) -> None:
    research(qtbot, window, "where is the I in CAMHS")
    uid = open_row(qtbot, window, 0)
    old_title = window.ops.detail(uid).detail.document.title
    window.search_panel.results_view.setFocus()
    form = open_form(qtbot, window, key=Qt.Key.Key_F2)
    assert form.uid == uid and form.windowTitle() == f"Edit “{old_title}”"
    type_into(qtbot, form, "title", "Where is the infant in CAMHS?")
    form.accept()
    settle(qtbot, window)
    qtbot.waitUntil(
        lambda: shown_title(window) == "Where is the infant in CAMHS?", timeout=TIMEOUT_MS
    )
    [edit] = window.ops.edited_fields(uid)
    assert edit.field == "title" and edit.source_value == old_title
    notice = curated(window).notice
    qtbot.waitUntil(notice.isVisible, timeout=TIMEOUT_MS)
    assert "You edited the title" in _text_of(notice)

    window.undo_stack.undo()
    settle(qtbot, window)
    assert window.ops.detail(uid).detail.document.title == old_title
    assert window.ops.edited_fields(uid) == []  # back at the source's value: no longer an edit
    window.undo_stack.redo()
    settle(qtbot, window)
    assert window.ops.detail(uid).detail.document.title == "Where is the infant in CAMHS?"


def test_saving_an_untouched_form_changes_nothing(qtbot, window: MainWindow) -> None:
    open_resource(qtbot, window, WEEK)
    curation = curated(window)
    curation.edit_resource()
    qtbot.waitUntil(lambda: curation.form is not None, timeout=TIMEOUT_MS)
    form = curation.form
    assert form is not None and form.changed_fields() == []
    count = window.undo_stack.count()
    form.accept()
    settle(qtbot, window)
    assert window.undo_stack.count() == count and window.ops.edited_fields(WEEK) == []


def test_a_bad_value_keeps_the_form_open_with_one_sentence(qtbot, window: MainWindow) -> None:
    form = open_form(qtbot, window)
    type_into(qtbot, form, "title", "A title")
    type_into(qtbot, form, "published", "June 2020")
    form.save_button.click()
    assert form.isVisible()
    assert form.error_label.text() == (
        "'June 2020' is not a date; give it as YYYY, YYYY-MM or YYYY-MM-DD."
    )
    type_into(qtbot, form, "published", "2020")
    type_into(qtbot, form, "url", "ftp://example.org/file")
    form.save_button.click()
    assert form.isVisible() and "not a link the library can open" in form.error_label.text()
    type_into(qtbot, form, "url", "")
    type_into(qtbot, form, "title", "   ")
    form.save_button.click()
    assert form.isVisible() and form.error_label.text() == "A resource needs a title."


def test_names_complete_from_the_library_and_new_ones_are_kept(qtbot, window: MainWindow) -> None:
    form = open_form(qtbot, window)
    authors = form.widgets["authors"]
    assert isinstance(authors, ListEdit)
    qtbot.keyClicks(authors, "Karen Bateson; hogg")
    completer = authors.name_completer
    assert completer.completionPrefix() == "hogg"
    assert completer.currentCompletion() == "Sally Hogg"
    completer.activated.emit("Sally Hogg")
    assert authors.values() == ("Karen Bateson", "Sally Hogg")
    qtbot.keyClicks(authors, "Someone Quite New")
    assert authors.values() == ("Karen Bateson", "Sally Hogg", "Someone Quite New")
    orgs = form.widgets["organisations"]
    assert isinstance(orgs, ListEdit)
    qtbot.keyClicks(orgs, "infant found")
    assert orgs.name_completer.currentCompletion() == "Parent-Infant Foundation"


def test_files_dropped_on_the_form_are_kept_with_the_resource(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    handout = tmp_path / "bedtime handout.pdf"
    handout.write_bytes(b"%PDF-1.4 bedtime")
    open_resource(qtbot, window, WEEK)
    curation = curated(window)
    curation.edit_resource()
    qtbot.waitUntil(lambda: curation.form is not None, timeout=TIMEOUT_MS)
    form = curation.form
    assert form is not None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(handout))])
    drop_files(form.attachments.viewport(), mime)
    assert form.new_files == [handout]
    form.accept()
    settle(qtbot, window)
    [attachment] = window.ops.detail(WEEK).detail.attachments
    assert attachment.filename == "bedtime handout.pdf"
    assert window.ops.attachment_file(attachment.sha256, attachment.filename) is not None


def test_a_source_change_to_an_edited_field_is_offered_not_applied(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    curation = curated(window)
    pack = write_pack(tmp_path / "blog-pack", [resource("blog/one", title="Crying and comfort")])
    window.ops.import_sources([str(pack)])
    window.ops.edit_resource("blog/one", _fields(title="Crying, comfort and calm"))
    write_pack(tmp_path / "blog-pack", [resource("blog/one", title="Crying and comforting")])
    window.ops.import_sources([str(pack)])
    open_resource(qtbot, window, "blog/one")
    assert window.ops.detail("blog/one").detail.document.title == "Crying, comfort and calm"
    notice = curation.notice
    qtbot.waitUntil(notice.isVisible, timeout=TIMEOUT_MS)
    assert "“Crying and comforting”" in _text_of(notice)

    curation.edit_resource()
    qtbot.waitUntil(lambda: curation.form is not None, timeout=TIMEOUT_MS)
    form = curation.form
    assert form is not None
    assert form.labels["title"].text().endswith("(edited)")
    offer = form.offers["title"]
    offer.button.click()
    assert form.widgets["title"].text() == "Crying and comforting"  # type: ignore[attr-defined]
    form.accept()
    settle(qtbot, window)
    assert window.ops.detail("blog/one").detail.document.title == "Crying and comforting"
    assert window.ops.edited_fields("blog/one") == []  # the source's value again: not an edit


def test_use_the_sources_version_from_the_detail_pane_is_undoable(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    notice = curated(window).notice
    pack = write_pack(tmp_path / "p", [resource("blog/two", summary="First words.")])
    window.ops.import_sources([str(pack)])
    window.ops.edit_resource("blog/two", _fields(summary="My words."))
    write_pack(tmp_path / "p", [resource("blog/two", summary="Newer words.")])
    window.ops.import_sources([str(pack)])
    open_resource(qtbot, window, "blog/two")
    qtbot.waitUntil(notice.isVisible, timeout=TIMEOUT_MS)
    _button(notice, "Use the source's version").click()
    settle(qtbot, window)
    assert window.ops.detail("blog/two").detail.document.summary == "Newer words."
    window.undo_stack.undo()
    settle(qtbot, window)
    assert window.ops.detail("blog/two").detail.document.summary == "My words."


def test_durations_read_as_people_type_them() -> None:
    assert parse_duration("45") == 2700
    assert parse_duration("45 min") == 2700
    assert parse_duration("1:05:30") == 3930
    assert parse_duration("90:00") == 5400
    assert parse_duration("") is None


def _fields(**values: str):  # type: ignore[no-untyped-def]
    from resources_db.curation import ResourceFields

    return ResourceFields(**values)  # type: ignore[arg-type]


def _text_of(widget) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in widget.findChildren(QLabel))


def _button(widget, text: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)
