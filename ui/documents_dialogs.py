"""The questions the 打印与归档 stage asks (tests patch these functions)."""

from __future__ import annotations

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_save_path(parent: QWidget, suggested: str, kind: str) -> str | None:
    """Where to save a PDF (kind "pdf") or a workbook (kind "xlsx"), or None when cancelled."""
    title, pattern = ((parent.tr("另存为 PDF"), parent.tr("PDF 文件 (*.pdf)")) if kind == "pdf"
                      else (parent.tr("导出 Excel 工作簿"), parent.tr("Excel 工作簿 (*.xlsx)")))
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return path or None


def ask_archive_folder(parent: QWidget) -> str | None:
    """The folder in which to create the filing package, or None when cancelled."""
    return QFileDialog.getExistingDirectory(parent, parent.tr("选择备案材料的保存位置")) or None


def confirm_draft_archive(parent: QWidget) -> bool:
    """Before 定稿 only a draft package can be made: ask whether that is wanted."""
    answer = QMessageBox.question(
        parent, parent.tr("生成草稿备案材料"),
        parent.tr("会议尚未定稿，只能生成草稿备案材料：所有文件都标为“草稿”，不作为正式结果。\n\n"
                  "正式备案材料请在“定档”中定稿后再生成。现在生成草稿吗？"))
    return answer == QMessageBox.StandardButton.Yes


def ask_missing_reason(parent: QWidget, missing: list[str]) -> str | None:
    """An official package with 备案 items missing: the clerk's reason (recorded), or None to stop."""
    from PySide6.QtWidgets import QInputDialog

    while True:
        text, ok = QInputDialog.getText(
            parent, parent.tr("备案材料不齐"),
            parent.tr("备案材料清单中缺少：\n{items}\n\n建议先在“述职材料”中补齐。如确需先生成正式备案材料，"
                      "请填写理由（将记入审计日志和备案材料清单）：").format(items="\n".join(missing)))
        if not ok:
            return None
        if text.strip():
            return text.strip()


def ask_printer(parent: QWidget, page_count: int, landscape: bool) -> QPrinter | None:
    """A printer chosen in Qt's print dialog (A4, whole page, the document's orientation), or None."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("打印文档"))
    dialog.setMinMax(1, page_count)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None
