"""Application-wide look: Chinese fonts registered with Qt, Qt's own zh_CN translation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_PREFERRED_UI = ["Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]


def install_fonts(app: QApplication, point_size: int = 11) -> str:
    """Register the bundled CJK fonts with Qt and pick the UI font; returns its family."""
    for path in sorted(FONT_DIR.glob("*.tt[fc]")):
        QFontDatabase.addApplicationFont(str(path))
    families = set(QFontDatabase.families())
    family = next((f for f in _PREFERRED_UI if f in families), "WenQuanYi Micro Hei")
    app.setFont(QFont(family, point_size))
    return family


def install_translations(app: QApplication) -> None:
    """Load qtbase_zh_CN so standard dialogs and buttons speak Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        app._pingyi_translator = translator  # keep it alive with the app


def setup_application(app: QApplication) -> None:
    install_translations(app)
    install_fonts(app)
