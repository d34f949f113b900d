"""Dialogs for a meeting file that cannot be opened or written (issue 17): the damaged file with the
offer to open a copy of its newest good backup, the read-only banner, a failed backup's warning."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QToolBar, QWidget

from models.errors import PingyiError
from models.meeting import backup
from models.meeting.failures import FILE_FAILURES, FileDamaged, explain_anywhere


def tr(text: str) -> str:
    return QCoreApplication.translate("files", text)


def refused_open(parent: QWidget, err: PingyiError) -> Path | None:
    """Show why a file did not open; for a damaged file with a good backup, offer to open a copy of
    the backup.  Returns the copy to open, or None."""
    if not (isinstance(err, FileDamaged) and err.backup is not None):
        QMessageBox.warning(parent, tr("无法打开会议文件"), str(err))
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, tr("会议文件已损坏"), str(err), parent=parent)
    box.setInformativeText(
        tr("可以打开这个备份的副本继续工作：程序把备份另存为新文件后打开它，损坏的文件和备份本身都不会改动。")
    )
    use = box.addButton(tr("打开备份的副本"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(use)
    box.exec()
    if box.clickedButton() is not use:
        return None
    try:
        return backup.restore_copy(err.backup, err.path or err.backup)
    except PingyiError as again:
        QMessageBox.warning(parent, tr("无法从备份复制"), str(again))
        return None


class ReadOnlyBanner(QToolBar):
    """A line across the top while the open file is read-only: what works and the way out."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setStyleSheet(
            "QLabel { background: #fde2e1; color: #7a1d17; padding: 6px 10px; font-weight: bold; }"
        )
        self.addWidget(self.label)
        self.toggleViewAction().setVisible(False)
        self.hide()

    def show_for(self, meeting) -> None:
        if meeting is None or not getattr(meeting, "read_only", False):
            self.hide()
            return
        self.label.setText(
            tr(
                "只读打开：{0} 或所在文件夹不可写。可以查看、计票和打印草稿，不能保存任何改动。"
                "如需修改，请把会议文件复制到可写的文件夹（如“文档”或桌面）后再打开。"
            ).format(meeting.path.name)
        )
        self.show()


_warned: set[int] = set()


def backup_warning(meeting) -> str | None:
    """The first time an automatic backup of ``meeting`` failed: the warning for the status line."""
    problem = backup.last_problem(meeting) if meeting is not None else None
    if not problem or id(meeting) in _warned:
        return None
    _warned.add(id(meeting))
    return tr("警告：自动备份未能写入，会议文件本身已保存。{0}").format(problem)


def install_error_hook(window: QWidget) -> None:
    """In the running application: an SQLite or file error that escaped a screen (a page SQLite cannot
    read, a disk pulled out) is shown as one sentence in a dialog instead of a traceback."""
    previous = sys.excepthook

    def hook(kind, exc, tb):
        if isinstance(exc, FILE_FAILURES):
            QMessageBox.critical(window, tr("会议文件出错"), str(explain_anywhere(exc)))
            return
        previous(kind, exc, tb)

    sys.excepthook = hook
