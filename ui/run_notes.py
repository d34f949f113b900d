"""The right-hand panel of the run screen: comments and problems of one reporter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models.errors import PingyiError
from models.labels import ProblemSource, ReportMode
from models.run import minutes as mn
from models.setup import list_reporters

from . import run_dialogs
from .run_editors import CommentEditor, ProblemEditor
from .run_previous import PreviousPanel


class NotesPanel(QWidget):
    """Comment and problem editors for the reporter on the podium (or any reporter chosen)."""

    saved = Signal()

    def __init__(self, meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.reporter_id: int | None = None
        self.default_source = ProblemSource.SUPERIOR
        self.comments: list[CommentEditor] = []
        self.problems: list[ProblemEditor] = []
        self._read_only = False
        self.who = QComboBox(self)
        self.who.setToolTip(self.tr("记录对象：随当前议程自动切换，也可手动选择其他述职人"))
        self.who.activated.connect(lambda _i: self.show_reporter(self.who.currentData(), follow=False))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.add_comment_button = QPushButton(self.tr("添加点评（Ctrl+K）"), self)
        self.add_comment_button.setToolTip(self.tr("为当前述职人添加一条点评（Ctrl+K）"))
        self.add_comment_button.clicked.connect(self.add_comment)
        self.add_problem_button = QPushButton(self.tr("添加问题（Ctrl+Shift+N）"), self)
        self.add_problem_button.setToolTip(self.tr("为当前述职人记录一个问题（Ctrl+Shift+N）"))
        self.add_problem_button.clicked.connect(self.add_problem)
        leaders = QPushButton(self.tr("点评人名单…"), self)
        leaders.setToolTip(self.tr("维护可选的点评领导名单"))
        leaders.clicked.connect(self.edit_leaders)
        self._build(leaders)
        self.reload_reporters()

    def _build(self, leaders: QPushButton) -> None:
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("记录对象"), self))
        head.addWidget(self.who, 1)
        head.addWidget(leaders)
        self.body = QWidget()
        self.comment_box, self.problem_box = QVBoxLayout(), QVBoxLayout()
        inner = QVBoxLayout(self.body)
        self.previous = PreviousPanel(self.body)  # 上年度问题 (整改台账 carried over)
        inner.addWidget(self.previous)
        inner.addWidget(self._heading(self.tr("点评")))
        inner.addLayout(self.comment_box)
        inner.addWidget(self.add_comment_button)
        inner.addWidget(self._heading(self.tr("问题（用于反馈意见和整改清单）")))
        inner.addLayout(self.problem_box)
        inner.addWidget(self.add_problem_button)
        inner.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet("font-weight: bold; font-size: 12pt; padding-top: 6px;")
        return label

    # -- which reporter ----------------------------------------------------------
    def reload_reporters(self) -> None:
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(self.tr("（当前议程没有对应的述职人）"), None)
        for r in list_reporters(self.meeting):
            self.who.addItem(r.name if r.mode is ReportMode.ONSITE else f"{r.name}（书面）", r.id)
            self.who.setItemData(self.who.count() - 1, r.unit, Qt.ItemDataRole.ToolTipRole)
        self.who.setCurrentIndex(max(0, self.who.findData(self.reporter_id)))
        self.who.blockSignals(False)
        if self.reporter_id is not None and self.who.findData(self.reporter_id) < 0:
            self.show_reporter(None)

    def show_reporter(self, reporter_id: int | None, default_source: ProblemSource | None = None,
                      follow: bool = True) -> None:
        """Flush what is typed, then show ``reporter_id``'s comments and problems."""
        if default_source is not None:
            self.default_source = default_source
        if reporter_id == self.reporter_id and self.comments + self.problems:
            return
        self.flush()
        self.reporter_id = reporter_id
        self.who.setCurrentIndex(max(0, self.who.findData(reporter_id)))
        self._rebuild()

    def _rebuild(self) -> None:
        for editor in self.comments + self.problems:
            editor.setParent(None)
            editor.deleteLater()
        self.comments, self.problems = [], []
        rid = self.reporter_id
        self.previous.show_reporter(self.meeting, rid)
        if rid is not None:
            for c in mn.list_comments(self.meeting, rid, include_blank=True):
                self._add_comment_editor(c)
            for p in mn.list_problems(self.meeting, rid, include_blank=True):
                self._add_problem_editor(p)
        self._update_enabled()

    def _update_enabled(self) -> None:
        has = self.reporter_id is not None and not self._read_only
        self.add_comment_button.setEnabled(has)
        self.add_problem_button.setEnabled(has)
        for editor in self.comments + self.problems:
            editor.set_read_only(self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_enabled()

    # -- editors -----------------------------------------------------------------
    def _wire(self, editor) -> None:
        editor.saved.connect(self._on_saved)
        editor.failed.connect(self._on_failed)
        editor.delete_requested.connect(self._delete)

    def _add_comment_editor(self, comment: mn.Comment | None) -> CommentEditor:
        editor = CommentEditor(self.meeting, self.reporter_id, comment, mn.commenter_choices(self.meeting),
                               len(self.comments) + 1, self.body)
        self._wire(editor)
        self.comments.append(editor)
        self.comment_box.addWidget(editor)
        return editor

    def _add_problem_editor(self, problem: mn.Problem | None) -> ProblemEditor:
        editor = ProblemEditor(self.meeting, self.reporter_id, problem, self.default_source,
                               len(self.problems) + 1, self.body)
        self._wire(editor)
        self.problems.append(editor)
        self.problem_box.addWidget(editor)
        return editor

    def add_comment(self) -> CommentEditor | None:
        """A new comment editor with the cursor in it (stored once something is typed)."""
        if self.reporter_id is None or self._read_only:
            return None
        editor = self._add_comment_editor(None)
        self._focus(editor, editor.text)
        return editor

    def add_problem(self) -> ProblemEditor | None:
        """A new problem editor with the cursor in it (stored once something is typed)."""
        if self.reporter_id is None or self._read_only:
            return None
        editor = self._add_problem_editor(None)
        self._focus(editor, editor.text)
        return editor

    def _focus(self, editor, field) -> None:
        field.setFocus()
        self.body.adjustSize()
        self.scroll.ensureWidgetVisible(editor)

    def _delete(self, editor) -> None:
        kind = self.tr("点评") if isinstance(editor, CommentEditor) else self.tr("问题")
        if editor.has_content() and not run_dialogs.confirm(
                self, self.tr("删除") + kind, self.tr("确定删除这条%1吗？删除后不能恢复。").replace("%1", kind)):
            return
        editor._debounce.stop()
        try:
            if editor.record_id is not None:
                if isinstance(editor, CommentEditor):
                    mn.delete_comment(self.meeting, editor.record_id)
                else:
                    mn.delete_problem(self.meeting, editor.record_id)
        except PingyiError as exc:
            self._on_failed(str(exc))
            return
        editor.dirty = False
        self._rebuild()
        self._on_saved(self.tr("已删除"))

    def flush(self) -> bool:
        """Save every editor with pending changes now; False if any save was refused."""
        return all([editor.flush() for editor in self.comments + self.problems])

    def pending(self) -> bool:
        return any(editor.dirty for editor in self.comments + self.problems)

    def _on_saved(self, text: str) -> None:
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(f"{text} {clock.now():%H:%M:%S}")
        self.saved.emit()

    def _on_failed(self, text: str) -> None:
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(self.tr("未能保存：") + text)

    def edit_leaders(self) -> None:
        self.flush()
        run_dialogs.edit_leaders(self, self.meeting)
        choices = mn.commenter_choices(self.meeting)
        for editor in self.comments:
            current = editor.commenter.currentText()
            editor._loading = True
            editor.commenter.clear()
            editor.commenter.addItems(choices)
            editor.commenter.setCurrentText(current)
            editor._loading = False
