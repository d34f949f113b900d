"""The questions the 测评表 stage asks (tests patch these functions)."""

from __future__ import annotations

from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

#: reasons offered for spoiling a form (作废); the clerk may type another
SPOIL_REASONS = ("打印污损", "多印未发", "卡纸", "发错类别，已收回")


def ask_spoil_reason(parent: QWidget, serials: list[str]) -> str | None:
    """Why these forms are spoiled, or None when the clerk cancels."""
    shown = "、".join(serials[:3]) + (parent.tr(" 等 {n} 张").format(n=len(serials)) if len(serials) > 3 else "")
    text, ok = QInputDialog.getItem(
        parent, parent.tr("作废测评表"),
        parent.tr("作废 {serials} 的原因（可选择，也可直接输入）：").format(serials=shown),
        list(SPOIL_REASONS), 0, True)
    return text.strip() if ok and text.strip() else None


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    """Where to save the PDF, or None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, parent.tr("另存为 PDF"), suggested, parent.tr("PDF 文件 (*.pdf)"))
    return path or None


def ask_printer(parent: QWidget, page_count: int) -> QPrinter | None:
    """A printer chosen in Qt's print dialog (A4, whole page), or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("打印测评表"))
    dialog.setMinMax(1, page_count)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None
