"""One PDF shown page after page (QtPdf), and printed through Qt as page images."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog, QVBoxLayout, QWidget

#: raster resolution when printing through Qt (QtPdf renders pages to images)
PRINT_DPI = 300


class PdfPages(QWidget):
    """Shows one PDF, page after page, fitted to the width; prints chosen pages at full size."""

    #: the pages go to the printer as images of this format
    PRINT_FORMAT = QImage.Format.Format_RGB888

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf: bytes | None = None
        self._buffer: QBuffer | None = None
        # the view and its document are siblings, view first: Qt crashes deleting a view
        # that owns its document
        self.view = QPdfView(self)
        self.pdf_document = QPdfDocument(self)
        self.view.setDocument(self.pdf_document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)

    def show_pdf(self, pdf: bytes) -> None:
        """Load ``pdf`` and show its first page."""
        self.pdf_document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer, self.pdf = buffer, pdf
        self.view.pageNavigator().jump(0, QPointF())

    def clear(self) -> None:
        """Show nothing."""
        self.pdf_document.close()
        self.pdf = None

    def page_count(self) -> int:
        return self.pdf_document.pageCount() if self.pdf is not None else 0

    def landscape(self) -> bool:
        size = self.pdf_document.pagePointSize(0)
        return size.width() > size.height()

    def print_to(self, printer: QPrinter) -> tuple[bool, str]:
        """Paint the pages chosen in ``printer`` on it, with a progress dialog that can cancel.

        Returns (done, message for the clerk).
        """
        pages = chosen_pages(printer, self.page_count())
        painter = QPainter()
        if not painter.begin(printer):
            return False, self.tr("无法开始打印。请检查打印机是否连接、是否有纸，然后重试。")
        progress = QProgressDialog(self.tr("正在送打印机……"), self.tr("取消"), 0, len(pages), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(800)
        try:
            for sent, page in enumerate(pages):
                if progress.wasCanceled():
                    printer.abort()
                    return False, self.tr("已取消打印（已处理 {n} 页）。").format(n=sent)
                if sent:
                    printer.newPage()
                self._paint(painter, printer, page)
                progress.setValue(sent + 1)
                QApplication.processEvents()
        finally:
            painter.end()
            progress.close()
        return True, self.tr("已送打印机：{n} 页").format(n=len(pages))

    def _paint(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        target = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
        target.moveTo(0, 0)
        dpi = min(printer.resolution(), PRINT_DPI)
        points = self.pdf_document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        painter.drawImage(QRect(target.topLeft(), target.size()), self._page_image(page, size))

    def _page_image(self, page: int, size: QSize) -> QImage:
        # QtPdf renders on a transparent background, which turns black once the alpha is
        # dropped: lay the page on white paper first
        paper = QImage(size, QImage.Format.Format_RGB32)
        paper.fill(Qt.GlobalColor.white)
        painter = QPainter(paper)
        painter.drawImage(0, 0, self.pdf_document.render(page, size))
        painter.end()
        return paper.convertToFormat(self.PRINT_FORMAT)


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages picked in the print dialog (all of them unless a range was given)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        return list(range(printer.fromPage() - 1, min(printer.toPage(), count)))
    return list(range(count))
