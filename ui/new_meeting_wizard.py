"""新建会议: title, date, where to save, and optionally a setup workbook to start from."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import setup
from models.clock import now
from models.errors import InputErrors, PingyiError
from models.meeting import SUFFIX, Meeting

from .setup_widgets import FaultsDialog, MessageBar, error_text

_BAD_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


def tr(text: str) -> str:
    return QCoreApplication.translate("wizard", text)


def file_name_for(title: str) -> str:
    """A safe file name for a meeting titled ``title``."""
    stem = _BAD_CHARS.sub("", title).strip(".")[:60] or "新会议"
    return stem + SUFFIX


class NewMeetingWizard(QDialog):
    """Creates the meeting file; emits ``created(meeting)`` with the open Meeting."""

    created = Signal(object)

    def __init__(self, default_folder: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("新建会议"))
        self.setMinimumWidth(640)
        self.default_folder = Path(default_folder)
        self.faults_dialog = None
        self._path_edited = False
        layout = QVBoxLayout(self)
        intro = QLabel(tr("填写会议名称和日期，选择会议文件保存的位置。会议的全部内容都保存在这一个文件中。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(tr("例如：2025年度党组织书记抓基层党建工作述职评议会"))
        self.title.textEdited.connect(self._suggest_path)
        self.date = QDateEdit(QDate.fromString(now().date().isoformat(), "yyyy-MM-dd"), self)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.path = QLineEdit(str(self.default_folder / file_name_for("")), self)
        self.path.textEdited.connect(lambda *_: setattr(self, "_path_edited", True))
        self.workbook = QLineEdit(self)
        self.workbook.setPlaceholderText(tr("可选：从准备表（Excel）导入述职人、类别、项目和规则"))
        form.addRow(tr("会议名称"), self.title)
        form.addRow(tr("日期"), self.date)
        form.addRow(tr("保存为"), self._with_button(self.path, tr("浏览…"), self._browse_path))
        form.addRow(tr("准备表"), self._with_button(self.workbook, tr("选择…"), self._browse_workbook))
        self.last_year = QLineEdit(self)  # 导入上年度会议 (整改台账 and 上年度 results; the file is only read)
        self.last_year.setPlaceholderText(tr("可选：上年度会议文件，转入上年度问题和得分（无准备表时沿用其名单和设置）"))
        form.addRow(tr("上年度会议"), self._with_button(self.last_year, tr("选择…"), self._browse_last_year))
        layout.addLayout(form)
        self.message = MessageBar(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("创建"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _with_button(self, editor: QLineEdit, text: str, slot) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(editor, 1)
        button = QPushButton(text, box)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _suggest_path(self, title: str) -> None:
        if not self._path_edited:
            folder = Path(self.path.text()).parent if self.path.text() else self.default_folder
            self.path.setText(str(folder / file_name_for(title)))

    def _browse_path(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, tr("会议文件保存为"), self.path.text(),
                                                tr("Pingyi 会议文件 (*.pingyi)"))
        if chosen:
            self.path.setText(chosen)
            self._path_edited = True

    def _browse_workbook(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("选择准备表"), str(self.default_folder),
                                                tr("Excel 工作簿 (*.xlsx)"))
        if chosen:
            self.workbook.setText(chosen)

    def _browse_last_year(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("选择上年度会议文件"), str(self.default_folder),
                                                tr("Pingyi 会议文件 (*.pingyi)"))
        if chosen:
            self.last_year.setText(chosen)

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)

    # -- creating ------------------------------------------------------------------
    def create(self) -> None:
        """Create the file; on any refusal nothing is left behind and the dialog stays open."""
        title = self.title.text().strip()
        if not title:
            self.message.error(tr("请填写会议名称。"))
            self.title.setFocus()
            return
        path = self.target()
        if path.parent == self.default_folder:
            self.default_folder.mkdir(parents=True, exist_ok=True)
        try:
            meeting = Meeting.create(path)
        except PingyiError as err:
            self.message.error(error_text(err))
            return
        try:
            self._fill(meeting, title)
        except PingyiError as err:
            meeting.close()
            path.unlink(missing_ok=True)
            self._refused(err)
            return
        self.created.emit(meeting)
        self.accept()

    def _fill(self, meeting: Meeting, title: str) -> None:
        if self.workbook.text().strip():
            import models.setup.workbook as workbook  # openpyxl only when needed

            workbook.import_setup(meeting, self.workbook.text().strip())
        if self.last_year.text().strip():
            from models.ledger import carry

            old = self.last_year.text().strip()
            if self.workbook.text().strip():
                carry.carry_over(meeting, old)
            else:
                carry.start_from_last_year(meeting, old)
        setup.set_facts(meeting, title=title, date=self.date.date().toString("yyyy-MM-dd"))

    def _refused(self, err: PingyiError) -> None:
        if isinstance(err, InputErrors) and len(err.faults) > 1:
            self.message.error(tr("准备表有 {0} 处问题，会议未创建。请改正后重试，或不选准备表。").format(len(err.faults)))
            self.faults_dialog = FaultsDialog(tr("准备表有问题"), err.heading or tr("准备表有问题："), err.faults, self)
            self.faults_dialog.open()
        else:
            self.message.error(error_text(err) + "\n" + tr("会议未创建。"))
