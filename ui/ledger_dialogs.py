"""Dialogs of the 整改台账 screen: a problem added after the meeting, deleting one added by mistake,
and the status editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
)

from models.labels import ProblemSource

from .ledger_table_model import STATUS_LABELS


class AddItemDialog(QDialog):
    """增加问题: reporter, source (default 考核反馈), problem, measure, owner, deadline."""

    def __init__(self, reporters, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("增加问题"))
        self.reporter = QComboBox(self)
        for r in reporters:
            self.reporter.addItem(f"{r.seq}. {r.name}（{r.unit}）" if r.unit else f"{r.seq}. {r.name}", r.seq)
        self.source = QComboBox(self)
        for source in ProblemSource:
            self.source.addItem(source.label, source.label)
        self.source.setCurrentIndex(list(ProblemSource).index(ProblemSource.FEEDBACK))
        self.problem = QPlainTextEdit(self)
        self.problem.setTabChangesFocus(True)
        self.problem.setFixedHeight(70)
        self.measure, self.owner, self.due = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.due.setPlaceholderText(self.tr("如 2027-06-30"))
        form = QFormLayout(self)
        for label, widget in (
            (self.tr("述职人"), self.reporter),
            (self.tr("问题来源"), self.source),
            (self.tr("问题"), self.problem),
            (self.tr("整改措施"), self.measure),
            (self.tr("责任人"), self.owner),
            (self.tr("完成时限"), self.due),
        ):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        return {
            "seq": self.reporter.currentData(),
            "source": self.source.currentData(),
            "problem": self.problem.toPlainText(),
            "measure": self.measure.text(),
            "owner": self.owner.text(),
            "due": self.due.text(),
        }


class DeleteItemDialog(QDialog):
    """删除问题: names the item, asks the reason (required, audited); 删除 only once a reason is typed,
    Enter then deletes, Esc cancels."""

    def __init__(self, item, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("删除问题"))
        self.setMinimumWidth(460)
        text = QLabel(
            self.tr("删除台账问题 {0}？\n{1}. {2}：{3}\n\n删除后不能恢复，整改进展一并删除；删除和理由记入审计日志。").format(
                item.id, item.seq, item.reporter, item.problem
            ),
            self,
        )
        text.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("必填，如：误加、与第 2 个问题重复"))
        form = QFormLayout(self)
        form.addRow(text)
        form.addRow(self.tr("删除理由"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.delete_button = buttons.addButton(self.tr("删除"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button.setEnabled(False)
        self.delete_button.setDefault(True)
        self.reason.textChanged.connect(lambda t: self.delete_button.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.reason.text().strip():  # Enter with no reason does nothing
            super().accept()


class StatusDelegate(QStyledItemDelegate):
    """The 状态 cell edits with a list of 未开始 / 整改中 / 已完成 (逾期 follows from the date)."""

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(list(STATUS_LABELS))
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or STATUS_LABELS[0])

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
