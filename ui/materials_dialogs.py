"""The questions the 述职材料 stage asks (tests patch these functions)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

FILE_PATTERN = "述职材料 (*.docx *.txt *.pdf);;Word 文档 (*.docx);;文本文件 (*.txt);;PDF 文件 (*.pdf)"


def ask_file(parent: QWidget, title: str) -> str | None:
    """A .docx / .txt / .pdf file to attach, or None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", parent.tr(FILE_PATTERN))
    return path or None


def ask_folder(parent: QWidget) -> str | None:
    """A folder of files named by reporter (张三-述职报告.docx …), or None when cancelled."""
    return QFileDialog.getExistingDirectory(parent, parent.tr("选择存放述职材料的文件夹")) or None


def ask_remarks(parent: QWidget, current: str) -> str | None:
    """The meeting's 点评 typed in (the current text offered for editing), or None when cancelled."""
    text, ok = QInputDialog.getMultiLineText(
        parent, parent.tr("会议点评"), parent.tr("对本次述职的总体点评（将随备案材料报送）："), current
    )
    return text if ok else None


def ask_booklet_path(parent: QWidget) -> str | None:
    """Where to save the 述职报告汇编 PDF, or None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("保存述职报告汇编"), parent.tr("述职报告汇编.pdf"), parent.tr("PDF 文件 (*.pdf)")
    )
    return path or None


def confirm_remove(parent: QWidget, what: str) -> bool:
    """Whether to remove ``what`` (“3 号 程刚的述职报告 程刚.docx”)."""
    answer = QMessageBox.question(
        parent,
        parent.tr("移除材料"),
        parent.tr("移除 {what}？\n旧文件的名称、SHA-256 和字数会留在审计日志中。").format(what=what),
    )
    return answer == QMessageBox.StandardButton.Yes
