"""The practice record's dialogs: a CPD entry, a reflective account, and the passphrase."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.date_field import DateField, pydate, qdate
from resources_db.practice_export import CODE_QUESTION, FORM_QUESTIONS
from resources_db.practice_privacy import identifying_hints, warning
from resources_db.practice_record import (
    CODE_THEMES,
    MAX_MINUTES,
    METHODS,
    CpdDraft,
    CpdInfo,
    ReflectionDraft,
    ReflectionInfo,
)

LOCK_WARNING = (
    "If you forget this passphrase, your CPD topics and notes and every reflective "
    "account are lost for good: nobody can open them again, not you, your employer's IT "
    "or IMH Library. Dates, methods and hours stay readable."
)


def date_edit(day: date, name: str) -> DateField:
    field = DateField(day)
    field.setObjectName(name)
    return field


class _AnswerBox(QPlainTextEdit):
    """A text box that asks for four lines, not Qt's 192 pixels, so a form of them fits."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing() * 4
        return QSize(hint.width(), lines + 2 * self.frameWidth() + 8)


def _text_box(name: str, accessible: str, text: str = "") -> QPlainTextEdit:
    box = _AnswerBox(text)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)
    return box


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setWordWrap(True)
    return label


class ThemeChoice(QGroupBox):
    """The Code's four themes as check boxes."""

    def __init__(self, chosen: list[str], parent: QWidget | None = None) -> None:
        super().__init__("The Code", parent)
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for theme in CODE_THEMES:
            box = QCheckBox(theme.capitalize())
            box.setChecked(theme in chosen)
            layout.addWidget(box)
            self.boxes[theme] = box

    def chosen(self) -> list[str]:
        return [theme for theme, box in self.boxes.items() if box.isChecked()]


FREE_STANDING_NEEDS_TOPIC = "A free-standing entry needs a topic: say what the learning was."
ACCOUNT_NEEDS = {
    "title": "A reflective account needs its title.",
    "what": "Say what the CPD, feedback or event was.",
    "learned": "Say what you learned.",
    "changed": "Say how you changed or improved your practice.",
}
ACCOUNT_NEEDS_THEME = "Choose at least one of the Code's themes for the account."


def _problem_label() -> QLabel:
    label = QLabel()
    label.setObjectName("dialogProblem")
    label.setWordWrap(True)
    label.hide()
    return label


def _refuse(label: QLabel, field: QWidget, sentence: str) -> None:
    label.setText(sentence)
    label.show()
    field.setFocus()


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CpdDialog(QDialog):
    """A new or edited CPD entry; ``draft()`` gives what the person wrote."""

    def __init__(
        self, draft: CpdDraft, parent: QWidget | None = None, *, title: str = "CPD entry"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cpdDialog")
        self.setWindowTitle(title)
        self.uid = draft.uid
        self.date_edit = date_edit(draft.day, "cpdDate")
        self.date_edit.setMaximumDate(qdate(date.today()))
        self.date_edit.setAccessibleName("Date")
        self.method_box = QComboBox()
        self.method_box.setObjectName("cpdMethod")
        self.method_box.addItems([m.capitalize() for m in METHODS])
        self.method_box.setCurrentIndex(METHODS.index(draft.method))
        self.minutes_box = QSpinBox()
        self.minutes_box.setObjectName("cpdMinutes")
        self.minutes_box.setRange(1, MAX_MINUTES)
        self.minutes_box.valueChanged.connect(self._say_minutes)
        self.minutes_box.setValue(max(1, draft.minutes))
        self._say_minutes(self.minutes_box.value())
        self.participatory_box = QCheckBox("Participatory (learning with others)")
        self.participatory_box.setChecked(draft.participatory)
        self.topic_edit = QLineEdit(draft.topic)
        self.topic_edit.setObjectName("cpdTopic")
        self.topic_edit.setCursorPosition(0)  # a long title shows its start, not its end
        self.note_edit = _text_box("cpdNote", "How it relates to your practice", draft.note)
        self.themes = ThemeChoice(list(draft.code))
        form = QFormLayout(self)
        if draft.uid:
            form.addRow("Resource:", QLabel(draft.topic or draft.uid))
        form.addRow("&Date:", self.date_edit)
        form.addRow("&Method:", self.method_box)
        form.addRow("&Time:", self.minutes_box)
        form.addRow("", self.participatory_box)
        form.addRow("To&pic:", self.topic_edit)
        form.addRow("How it relates to your &practice:", self.note_edit)
        form.addRow(self.themes)
        self.problem_label = _problem_label()
        form.addRow(self.problem_label)
        form.addRow(_buttons(self))

    def _say_minutes(self, value: int) -> None:
        self.minutes_box.setSuffix(" minute" if value == 1 else " minutes")

    def accept(self) -> None:
        # Checked here so a refused entry keeps what was typed instead of closing the dialog.
        if not self.uid and not self.topic_edit.text().strip():
            _refuse(self.problem_label, self.topic_edit, FREE_STANDING_NEEDS_TOPIC)
            return
        super().accept()

    def draft(self) -> CpdDraft:
        return CpdDraft(
            day=pydate(self.date_edit.date()),
            method=METHODS[self.method_box.currentIndex()],
            minutes=self.minutes_box.value(),
            participatory=self.participatory_box.isChecked(),
            uid=self.uid,
            topic=self.topic_edit.text(),
            note=self.note_edit.toPlainText(),
            code=self.themes.chosen(),
        )


def draft_of(entry: CpdInfo) -> CpdDraft:
    return CpdDraft(
        entry.day,
        entry.method,
        entry.minutes,
        entry.participatory,
        entry.uid,
        entry.topic,
        entry.note,
        entry.code,
    )


class ReflectionDialog(QDialog):
    """A reflective account on the NMC form's questions, with the gentle identity check."""

    def __init__(
        self,
        account: ReflectionInfo | None,
        entries: list[tuple[int, str]],
        parent: QWidget | None = None,
        *,
        cpd_ids: list[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionDialog")
        self.setWindowTitle("Reflective account")
        self.resize(640, 720)
        linked = account.cpd_ids if account else (cpd_ids or [])
        self.title_edit = QLineEdit(account.title if account else "")
        self.title_edit.setObjectName("reflectionTitle")
        self.cpd_list = QListWidget()
        self.cpd_list.setObjectName("reflectionCpd")
        self.cpd_list.setAccessibleName("The CPD entries it reflects on")
        for entry_id, label in entries:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, entry_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if entry_id in linked else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            self.cpd_list.addItem(item)
        self.cpd_list.setMaximumHeight(110)
        self.answers: dict[str, QPlainTextEdit] = {}
        # The questions scroll: squeezed into a fixed window, the Code's boxes overlapped
        # (wrapped labels' heights are not counted in a window's minimum size).
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(_label("&Title:", self.title_edit))
        layout.addWidget(self.title_edit)
        layout.addWidget(QLabel("CPD entries it reflects on (optional):"))
        layout.addWidget(self.cpd_list)
        for name, question in FORM_QUESTIONS:
            box = _text_box(f"reflection_{name}", question, getattr(account, name, ""))
            layout.addWidget(_label(question, box))
            layout.addWidget(box)
            self.answers[name] = box
        layout.addWidget(QLabel(f"<b>{CODE_QUESTION}</b>"))
        self.themes = ThemeChoice(account.code if account else [])
        layout.addWidget(self.themes)
        self.relevance = _text_box(
            "reflection_relevance",
            "How it is relevant (optional)",
            getattr(account, "relevance", ""),
        )
        self.relevance.setMaximumHeight(80)
        layout.addWidget(self.relevance)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("identityWarning")
        self.warning_label.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setObjectName("reflectionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the title, not the frame, starts focused
        scroll.setWidget(body)
        self.problem_label = _problem_label()
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(self.warning_label)  # outside the scroll, so it is seen at once
        outer.addWidget(self.problem_label)
        outer.addWidget(_buttons(self))
        for box in (*self.answers.values(), self.relevance):
            box.textChanged.connect(self.check_identity)
        self.title_edit.textChanged.connect(self.check_identity)
        self.check_identity()

    def accept(self) -> None:
        # Checked here so a refused account keeps what was written instead of closing.
        written: list[tuple[str, QWidget, str]] = [
            ("title", self.title_edit, self.title_edit.text())
        ]
        written += [(name, box, box.toPlainText()) for name, box in self.answers.items()]
        for name, field, text in written:
            if not text.strip():
                _refuse(self.problem_label, field, ACCOUNT_NEEDS[name])
                return
        if not self.themes.chosen():
            _refuse(self.problem_label, next(iter(self.themes.boxes.values())), ACCOUNT_NEEDS_THEME)
            return
        super().accept()

    def check_identity(self) -> None:
        texts = [self.title_edit.text(), *(b.toPlainText() for b in self.answers.values())]
        said = warning(identifying_hints("\n".join([*texts, self.relevance.toPlainText()])))
        self.warning_label.setText(said)
        self.warning_label.setVisible(bool(said))

    def draft(self, written: date | None = None) -> ReflectionDraft:
        checked = [
            int(self.cpd_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.cpd_list.count())
            if self.cpd_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        return ReflectionDraft(
            title=self.title_edit.text(),
            what=self.answers["what"].toPlainText(),
            learned=self.answers["learned"].toPlainText(),
            changed=self.answers["changed"].toPlainText(),
            code=self.themes.chosen(),
            relevance=self.relevance.toPlainText(),
            cpd_ids=checked,
            written=written,
        )


class PassphraseDialog(QDialog):
    """Asks for the passphrase; when ``new``, twice, with what forgetting it costs."""

    def __init__(self, title: str, *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog" if new else "passphraseDialog")
        self.setWindowTitle(title)
        # Qt sized it to its fields: the warning ran to nine lines in a narrow column.
        self.setMinimumWidth(480 if new else 380)
        self.first = QLineEdit()
        self.first.setObjectName("passphraseEdit")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgainEdit")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        if new:
            explain = QLabel(
                "Your CPD notes and reflective accounts will be encrypted on this computer "
                f"and in its backups. <b>{LOCK_WARNING}</b>"
            )
            explain.setObjectName("lockWarning")
            explain.setWordWrap(True)
            form.addRow(explain)
        form.addRow("&Passphrase:", self.first)
        if new:
            form.addRow("The same &again:", self.second)
        self.problem = QLabel()
        self.problem.setObjectName("passphraseProblem")
        form.addRow(self.problem)
        self.new = new
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.new and self.first.text() != self.second.text():
            self.problem.setText("The two passphrases differ.")
            return
        super().accept()

    def passphrase(self) -> str:
        return self.first.text()
