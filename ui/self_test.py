"""The GUI half of ``pingyi --self-test`` (``cli/selftest.py`` runs the steps; ``main.py`` hands these in).

Each step checks one thing a build must bring along: every ``ui`` module, the main window on the
demo meeting, Qt's Chinese translation and the bundled fonts, the PDF preview (QtPdf), printing
(QtPrintSupport), charts (QtCharts) and the image formats.  Without a screen (Linux with no
DISPLAY/WAYLAND_DISPLAY) the window is drawn offscreen.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys


def choose_platform() -> str:
    """The Qt platform to use: the one asked for, else the screen, else offscreen when there is none."""
    asked = os.environ.get("QT_QPA_PLATFORM")
    if asked:
        return asked
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return "offscreen"
    return "（系统默认）"


def step_ui_modules(test) -> str:
    import ui

    names = ["ui"] + [m.name for m in pkgutil.walk_packages(ui.__path__, "ui.")]
    for name in names:
        importlib.import_module(name)
    import PySide6

    return f"{len(names)} 个界面模块可以导入，PySide6 {PySide6.__version__}，Qt {_qt_version()}"


def step_window(test) -> str:
    choose_platform()
    from PySide6.QtCore import QSettings

    from .app import build_window
    from .recent_files import RecentFiles

    settings = QSettings(str(test.folder / "settings.ini"), QSettings.Format.IniFormat)
    app, window = build_window(str(test.meeting_path), home=test.folder, recent=RecentFiles(settings))
    test.extra.update(app=app, window=window)
    app.processEvents()
    if window.meeting is None or window.workspace is None:
        raise AssertionError("主窗口没有打开示例会议")
    shot = window.grab()
    if shot.isNull() or not shot.save(str(test.folder / "主窗口.png")):
        raise AssertionError("无法绘制主窗口")
    return f"平台 {app.platformName()}，{shot.width()}×{shot.height()}，已打开 {window.meeting.path.name}"


def step_chinese(test) -> str:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFontDatabase

    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        raise AssertionError(f"Qt 的中文翻译（qtbase_zh_CN）没有加载：“Cancel”仍是“{cancel}”")
    families = set(QFontDatabase.families())
    bundled = [f for f in ("LXGW WenKai", "WenQuanYi Micro Hei") if f in families]
    if len(bundled) < 2:
        raise AssertionError(f"随程序提供的字体没有注册：只有 {bundled}")
    return (
        f"标准按钮为中文（Cancel → {cancel}），字体 {'、'.join(bundled)}，界面字体 {test.extra['app'].font().family()}"
    )


def step_pdf_preview(test) -> str:
    from PySide6.QtCore import QSize

    from .pdf_view import PdfPages

    tally_pdf = next(p for p in test.pdfs if p.name.startswith("计票汇总表"))
    pages = PdfPages()
    pages.show_pdf(tally_pdf.read_bytes())
    image = pages.pdf_document.render(0, QSize(420, 297))
    test.extra["page_image"] = image
    # the page is drawn on a transparent image: count opaque dark samples (the text and rules)
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if (c := image.pixelColor(x, y)).alpha() > 128 and c.lightness() < 128
    )
    image.save(str(test.folder / "预览首页.png"))
    pages.deleteLater()
    if pages.page_count() < 1 or image.isNull() or not 50 < dark < image.width() * image.height() // 8:
        raise AssertionError(f"QtPdf 没有画出 {tally_pdf.name}（{pages.page_count()} 页，{dark} 个深色点）")
    return f"{tally_pdf.name} {pages.page_count()} 页，首页画出 {dark} 个深色采样点"


def step_printing(test) -> str:
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    target = test.folder / "打印测试.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    painter = QPainter()
    if not painter.begin(printer):
        raise AssertionError("QPrinter 无法开始打印")
    painter.drawImage(printer.pageRect(QPrinter.Unit.DevicePixel).topLeft(), test.extra["page_image"])
    painter.end()
    if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
        raise AssertionError("通过 Qt 打印到 PDF 没有得到文件")
    printers = QPrinterInfo.availablePrinterNames()
    return f"经 Qt 打印到 PDF {target.stat().st_size // 1024} KB；本机打印机 {len(printers)} 台"


def step_charts(test) -> str:
    from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView
    from PySide6.QtCore import Qt

    bars = QBarSet("好")
    bars.append([3, 5, 2])
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    axis = QBarCategoryAxis()
    axis.append(["甲", "乙", "丙"])
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    view = QChartView(chart)
    view.resize(320, 200)
    shot = view.grab()
    view.deleteLater()
    if shot.isNull():
        raise AssertionError("QtCharts 无法绘制图表")
    return f"柱状图 {shot.width()}×{shot.height()}"


def step_image_formats(test) -> str:
    from PySide6.QtGui import QImageReader

    formats = sorted(bytes(f).decode() for f in QImageReader.supportedImageFormats())
    missing = [f for f in ("png", "jpeg", "bmp", "svg") if f not in formats]
    if missing:
        raise AssertionError(f"缺少图片格式插件：{'、'.join(missing)}（已有 {'、'.join(formats)}）")
    return "、".join(formats)


def step_close(test) -> str:
    window = test.extra.pop("window")
    window.close()
    test.extra["app"].processEvents()
    if window.meeting is not None:
        raise AssertionError("关闭主窗口后会议文件仍然打开")
    return "主窗口已关闭，会议文件已关闭"


GUI_STEPS = [
    ("界面模块", step_ui_modules),
    ("启动主窗口", step_window),
    ("中文界面与字体", step_chinese),
    ("PDF 预览", step_pdf_preview),
    ("打印", step_printing),
    ("图表", step_charts),
    ("图片格式", step_image_formats),
    ("关闭", step_close),
]


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()
