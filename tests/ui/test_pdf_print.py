"""Printing through Qt sends white paper with black print, not black pages (QtPdf renders on a
transparent background, which must be laid on white before the page goes to the printer)."""

import io

import pypdfium2
import pytest
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from reportlab.pdfgen import canvas

from ui.documents_preview import DocumentPreview
from ui.forms_preview import PdfPreview


def _sample_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("Helvetica", 40)
    page.drawString(100, 600, "Pingyi print check")
    page.rect(100, 200, 200, 100, fill=1)
    page.save()
    return buffer.getvalue()


def _pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


@pytest.mark.parametrize("widget_class", [DocumentPreview, PdfPreview])
def test_printed_page_is_white_paper_with_the_print_on_it(qtbot, tmp_path, widget_class):
    widget = widget_class()
    qtbot.addWidget(widget)
    pdf = _sample_pdf()
    if widget_class is PdfPreview:
        widget.show_pdf(pdf, "预览", "测评表.pdf")
    else:
        widget.show_pdf(pdf)
    out = tmp_path / "printed.pdf"
    done, message = widget.print_to(_pdf_printer(out))
    assert done, message
    image = pypdfium2.PdfDocument(str(out))[0].render(scale=0.5).to_pil().convert("L")
    pixels = image.tobytes()
    white = sum(p > 230 for p in pixels) / len(pixels)
    dark = sum(p < 60 for p in pixels) / len(pixels)
    assert white > 0.85, f"only {white:.0%} of the printed page is white"
    assert dark > 0.005, "the print itself is missing"
