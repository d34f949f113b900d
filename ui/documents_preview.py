"""The page preview of a rendered document, and sending it to a printer."""

from __future__ import annotations

from . import documents_dialogs
from .pdf_view import PdfPages


class DocumentPreview(PdfPages):
    """Shows one PDF, page after page, fitted to the width."""

    def print_pages(self) -> tuple[bool, str]:
        """Qt's print dialog, then the chosen pages at full size; (done, message for the clerk)."""
        if not self.page_count():
            return False, self.tr("还没有可打印的文档。")
        # looked up through the module at call time: tests patch documents_dialogs.ask_printer
        printer = documents_dialogs.ask_printer(self, self.page_count(), self.landscape())
        if printer is None:
            return False, self.tr("已取消打印。")
        return self.print_to(printer)
