"""Small dialogs of the run screen.  Tests replace these functions (no modal loops in tests)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from models.errors import PingyiError
from models.run import minutes as mn
from models.run.agenda import LotDraw


def _tr(text: str) -> str:
    return QCoreApplication.translate("run", text)


def ask_text(parent, title: str, label: str, text: str = "") -> str | None:
    """One line of text, or None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def confirm(parent, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_free_item(parent) -> tuple[str, int | None] | None:
    """Title and optional time limit (0 = none) of a new agenda item."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_tr("添加议程"))
    title = QLineEdit(dialog)
    title.setPlaceholderText(_tr("例如：传达上级文件精神"))
    limit = QSpinBox(dialog)
    limit.setRange(0, 240)
    limit.setSpecialValueText(_tr("不限时"))
    limit.setSuffix(_tr(" 分钟"))
    form = QFormLayout(dialog)
    form.addRow(_tr("议程名称"), title)
    form.addRow(_tr("时限"), limit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return title.text(), (limit.value() or None)


def draw_text(draw: LotDraw) -> str:
    """The result of a draw as the clerk reads it out."""
    lines = [_tr("第 %1 次抽签（%2）").replace("%1", str(draw.round)).replace("%2", draw.at.strftime("%Y-%m-%d %H:%M:%S"))]
    lines += [f"{n}. {name}" for n, name in enumerate(draw.names, 1)]
    lines.append(_tr("随机种子 %1（已记入审计日志，可复核）").replace("%1", str(draw.seed)))
    if draw.reason:
        lines.append(_tr("重新抽签理由：%1").replace("%1", draw.reason))
    return "\n".join(lines)


def show_draw(parent, draw: LotDraw) -> None:
    QMessageBox.information(parent, _tr("抽签结果：述职顺序"), draw_text(draw))


class LeadersDialog(QDialog):
    """The list of leaders who may comment (点评人), kept in the meeting."""

    def __init__(self, meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.setWindowTitle(self.tr("点评人名单"))
        self.list = QListWidget(self)
        self.name, self.title = QLineEdit(self), QLineEdit(self)
        self.name.setPlaceholderText(self.tr("姓名"))
        self.title.setPlaceholderText(self.tr("职务（可不填）"))
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828;")
        add, remove = QPushButton(self.tr("添加"), self), QPushButton(self.tr("删除所选"), self)
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        self.name.returnPressed.connect(self.add)
        row = QHBoxLayout()
        for w in (self.name, self.title, add):
            row.addWidget(w)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("主持人（会议信息中填写）默认作为点评人，这里添加其他领导。"), self))
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(remove)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self._leaders = mn.list_leaders(self.meeting)
        self.list.addItems([x.label for x in self._leaders])

    def add(self) -> None:
        try:
            mn.add_leader(self.meeting, self.name.text(), self.title.text())
        except PingyiError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.name.clear()
        self.title.clear()
        self.reload()

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._leaders):
            mn.delete_leader(self.meeting, self._leaders[row].id)
            self.reload()


def edit_leaders(parent, meeting) -> None:
    LeadersDialog(meeting, parent).exec()
