"""Page preview of a rendered PDF (QtPdf), with 打印 (Qt print dialog) and 另存为 PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import PingyiError
from models.files import write_atomically

from . import forms_dialogs

#: raster resolution for printing through Qt (QtPdf renders pages to images)
PRINT_DPI = 300


class PdfPreview(QWidget):
    """Shows one PDF; ``message(text, ok)`` reports what printing or saving did."""

    message = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pdf: bytes | None = None
        self.suggested_name = "测评表.pdf"
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = QLabel(self.tr("预览：尚未生成测评表。选择类别后按“打印新表”，或选中已打印的编号后按“重印”。"))
        self.title.setWordWrap(True)
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        self.print_button.setToolTip(self.tr("用打印机打印预览中的测评表（Ctrl+P 或 Alt+P）"))
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton(self.tr("另存为 PDF(&E)…"))
        self.save_button.setToolTip(self.tr("把预览中的测评表保存为 PDF 文件（Alt+E）"))
        self.save_button.clicked.connect(self.save_pdf)
        shortcut = QShortcut(QKeySequence("Ctrl+P"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.print_pdf)
        self._layout()
        self._enable()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    def _enable(self) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(self.pdf is not None)

    def show_pdf(self, pdf: bytes, title: str, suggested_name: str) -> None:
        """Load ``pdf`` into the preview (first page shown)."""
        self.document.close()
        self.pdf, self.suggested_name = pdf, suggested_name
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.title.setText(title)
        self.view.pageNavigator().jump(0, QPointF())
        self._enable()

    def page_count(self) -> int:
        return self.document.pageCount()

    # -- actions -----------------------------------------------------------------------
    def save_pdf(self) -> None:
        """Ask where, then write the PDF (a temporary file renamed into place)."""
        if self.pdf is None:
            return
        path = forms_dialogs.ask_save_path(self, self.suggested_name)
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        try:
            write_atomically(target, self.pdf, way_out=self.tr("请换一个位置。"))
        except PingyiError as err:
            self.message.emit(str(err), False)
            return
        self.message.emit(self.tr("已保存到 {path}").format(path=target), True)

    def print_pdf(self) -> None:
        """Qt's print dialog, then every chosen page at full A4 size (so the corner marks stay put)."""
        if self.pdf is None or not self.page_count():
            return
        printer = forms_dialogs.ask_printer(self, self.page_count())
        if printer is None:
            return
        pages = self._chosen_pages(printer)
        painter = QPainter()
        if not painter.begin(printer):
            self.message.emit(self.tr("无法开始打印。请检查打印机是否连接、是否有纸，然后重试。"), False)
            return
        progress = QProgressDialog(self.tr("正在送打印机……"), self.tr("取消"), 0, len(pages), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(800)
        sent = 0
        try:
            for sent, page in enumerate(pages):
                if progress.wasCanceled():
                    printer.abort()
                    break
                if sent:
                    printer.newPage()
                self._paint_page(painter, printer, page)
                progress.setValue(sent + 1)
                QApplication.processEvents()
            else:
                sent = len(pages)
        finally:
            painter.end()
            progress.close()
        if sent < len(pages):
            self.message.emit(self.tr("已取消打印（已处理 {n} 页）。").format(n=sent), False)
        else:
            self.message.emit(self.tr("已送打印机：{n} 页").format(n=len(pages)), True)

    def _chosen_pages(self, printer: QPrinter) -> list[int]:
        count = self.page_count()
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            return list(range(printer.fromPage() - 1, min(printer.toPage(), count)))
        return list(range(count))

    def _paint_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        target = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
        target.moveTo(0, 0)
        dpi = min(printer.resolution(), PRINT_DPI)
        points = self.document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        # grey levels are enough for a form and a quarter of the data to spool
        image = self.document.render(page, size).convertToFormat(QImage.Format.Format_Grayscale8)
        painter.drawImage(QRect(target.topLeft(), target.size()), image)
