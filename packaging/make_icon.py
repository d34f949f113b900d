"""Draw the program icon (packaging/pingyi.ico and .png): “评” in white on a party-red rounded square.

Run once after changing it: ``python packaging/make_icon.py`` (needs PySide6; uses the bundled font).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter  # noqa: E402

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "resources" / "fonts" / "wqy-microhei.ttc"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#C8102E"))
    painter.setPen(Qt.PenStyle.NoPen)
    margin = size * 0.04
    painter.drawRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18)
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))[0]
    font = QFont(family)
    font.setPixelSize(int(size * 0.68))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size * 0.98), Qt.AlignmentFlag.AlignCenter, "评")
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    image = draw(256)
    ok = image.save(str(HERE / "pingyi.png")) and image.save(str(HERE / "pingyi.ico"))
    print("packaging/pingyi.ico, packaging/pingyi.png" if ok else "could not write the icon")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
