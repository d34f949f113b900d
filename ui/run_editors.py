"""One comment and one problem editor: saved as typed (debounced), flushed on demand.

A new comment or problem is stored the first time something is typed into it, so an
editor opened by mistake leaves nothing behind.  A failed save keeps the text on screen
and retries on the next change or flush.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
)

from models.errors import PingyiError
from models.labels import ProblemSource
from models.run import minutes as mn

DEBOUNCE_MS = 500


class _Editor(QFrame):
    """Shared behaviour: debounce, dirty flag, flush, save/failed signals."""

    saved = Signal(str)
    failed = Signal(str)
    delete_requested = Signal(object)

    def __init__(self, meeting, reporter_id: int, parent=None):
        super().__init__(parent)
        self.meeting, self.reporter_id = meeting, reporter_id
        self.record_id: int | None = None
        self.dirty = False
        self._loading = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self.dirty = True
        self._debounce.start()

    def flush(self) -> bool:
        """Save now if anything changed; False when the save was refused."""
        self._debounce.stop()
        if not self.dirty:
            return True
        try:
            self.save()
        except PingyiError as exc:
            self.failed.emit(str(exc))
            return False
        self.dirty = False
        self.saved.emit(self.tr("已保存"))
        return True

    def _delete_button(self, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(self.tr("删除"))
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.delete_requested.emit(self))
        return button

    def set_read_only(self, read_only: bool) -> None:
        for kind in (QPlainTextEdit, QLineEdit):
            for child in self.findChildren(kind):
                child.setReadOnly(read_only)
        for kind in (QComboBox, QToolButton):
            for child in self.findChildren(kind):
                child.setEnabled(not read_only)


class CommentEditor(_Editor):
    """Commenter (chair, a leader, or a typed name) and the text of one comment."""

    def __init__(self, meeting, reporter_id: int, comment: mn.Comment | None, choices: list[str], number: int,
                 parent=None):
        super().__init__(meeting, reporter_id, parent)
        self.record_id = comment.id if comment else None
        self.number = QLabel(self.tr("点评 %1").replace("%1", str(number)), self)
        self.commenter = QComboBox(self)
        self.commenter.setEditable(True)
        self.commenter.addItems(choices)
        self.commenter.setToolTip(self.tr("点评人：默认是主持人，可选名单中的领导，也可直接输入姓名"))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("记录点评要点，边输入边自动保存"))
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.text.setTabChangesFocus(True)
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addWidget(self.commenter, 1)
        head.addWidget(self._delete_button(self.tr("删除这条点评")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.text)
        self._loading = True
        if comment:
            self.commenter.setCurrentText(comment.commenter)
            self.text.setPlainText(comment.text)
        self._loading = False
        self.text.textChanged.connect(self._changed)
        self.commenter.currentTextChanged.connect(self._changed)

    def save(self) -> None:
        text, who = self.text.toPlainText(), self.commenter.currentText().strip()
        if self.record_id is None:
            if text.strip():
                self.record_id = mn.add_comment(self.meeting, self.reporter_id, who, text).id
            return
        mn.update_comment(self.meeting, self.record_id, text=text, commenter=who)

    def has_content(self) -> bool:
        return bool(self.text.toPlainText().strip())


class ProblemEditor(_Editor):
    """A problem raised: source, text, and the 整改 measure, owner and deadline."""

    def __init__(self, meeting, reporter_id: int, problem: mn.Problem | None, default_source: ProblemSource,
                 number: int, parent=None):
        super().__init__(meeting, reporter_id, parent)
        self.record_id = problem.id if problem else None
        self.number = QLabel(self.tr("问题 %1").replace("%1", str(number)), self)
        self.source = QComboBox(self)
        for source in ProblemSource:
            self.source.addItem(source.label, source.value)
        self.source.setToolTip(self.tr("问题来源：自身查摆、上级点评或群众评议"))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("存在的问题"))
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.text.setTabChangesFocus(True)
        self.measure, self.owner, self.deadline = (QLineEdit(self) for _ in range(3))
        self.measure.setPlaceholderText(self.tr("可稍后补充"))
        self.deadline.setPlaceholderText(self.tr("例如 2027-03-31 或 长期坚持"))
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addWidget(self.source, 1)
        head.addWidget(self._delete_button(self.tr("删除这个问题")))
        form = QFormLayout()
        form.addRow(self.tr("整改措施"), self.measure)
        form.addRow(self.tr("责任人"), self.owner)
        form.addRow(self.tr("完成时限"), self.deadline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addLayout(form)
        self._load(problem, default_source)
        self.text.textChanged.connect(self._changed)
        self.source.currentIndexChanged.connect(self._changed)
        for edit in (self.measure, self.owner, self.deadline):
            edit.textEdited.connect(self._changed)

    def _load(self, problem: mn.Problem | None, default_source: ProblemSource) -> None:
        self._loading = True
        source = problem.source if problem else default_source
        self.source.setCurrentIndex(list(ProblemSource).index(source))
        if problem:
            self.text.setPlainText(problem.text)
            self.measure.setText(problem.measure)
            self.measure.setCursorPosition(0)
            self.owner.setText(problem.owner)
            self.deadline.setText(problem.deadline)
        self._loading = False

    def values(self) -> dict:
        return {"text": self.text.toPlainText(), "source": ProblemSource(self.source.currentData()),
                "measure": self.measure.text(), "owner": self.owner.text(), "deadline": self.deadline.text()}

    def save(self) -> None:
        values = self.values()
        if self.record_id is None:
            if any(str(v).strip() for k, v in values.items() if k != "source"):
                self.record_id = mn.add_problem(self.meeting, self.reporter_id, **values).id
            return
        mn.update_problem(self.meeting, self.record_id, **values)

    def has_content(self) -> bool:
        return any(str(v).strip() for k, v in self.values().items() if k != "source")
