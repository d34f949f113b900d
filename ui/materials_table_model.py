"""A thin read-only table model over ``ReporterMaterials``: 序号, 姓名, 单位, 方式, 述职报告, 自我评价.

A cell reads “✓ 2,318 字”, “2,700 字（超限）” / “400 字（偏多）” (red) or “缺” (red); the tooltip names the file."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor

from models.materials import REPORT_LIMIT, SELF_EVAL_RANGE, ReporterMaterials

HEADERS = ("序号", "姓名", "单位", "方式", "述职报告", "自我评价")
REPORT_COLUMN, SELF_EVAL_COLUMN = 4, 5
ALERT = QColor("#b00020")
OK = QColor("#1b6e20")


def _tr(text: str) -> str:
    return QCoreApplication.translate("materials", text)


def cell_text(chars: int | None, flagged: bool, report: bool) -> str:
    """“✓ 2,318 字”, “2,700 字（超限）”, “400 字（偏多）” / “60 字（偏少）” or “缺”."""
    if chars is None:
        return _tr("缺")
    n = f"{chars:,}"
    if not flagged:
        return _tr("✓ {n} 字").format(n=n)
    if report:
        return _tr("{n} 字（超限）").format(n=n)
    return (_tr("{n} 字（偏多）") if chars > SELF_EVAL_RANGE[1] else _tr("{n} 字（偏少）")).format(n=n)


class MaterialsTableModel(QAbstractTableModel):
    def __init__(self, rows: tuple[ReporterMaterials, ...] = (), parent=None):
        super().__init__(parent)
        self._rows = list(rows)

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ReporterMaterials | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return _tr(HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.row_at(index.row()) if index.isValid() else None
        if r is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (REPORT_COLUMN, SELF_EVAL_COLUMN):
            chars, flagged = self._state(r, column)
            return ALERT if chars is None or flagged else OK
        if role == Qt.ItemDataRole.ToolTipRole and column in (REPORT_COLUMN, SELF_EVAL_COLUMN):
            return self._tip(r, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, REPORT_COLUMN, SELF_EVAL_COLUMN):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _state(self, r: ReporterMaterials, column: int) -> tuple[int | None, bool]:
        if column == REPORT_COLUMN:
            return r.report_chars, r.report_over
        return r.self_eval_chars, r.self_eval_off

    def _text(self, r: ReporterMaterials, column: int) -> str:
        if column < REPORT_COLUMN:
            return str((r.seq, r.name, r.unit, r.mode)[column])
        chars, flagged = self._state(r, column)
        return cell_text(chars, flagged, column == REPORT_COLUMN)

    def _tip(self, r: ReporterMaterials, column: int) -> str:
        material = r.report if column == REPORT_COLUMN else r.self_eval
        low, high = SELF_EVAL_RANGE
        rule = (
            _tr("述职报告应控制在 {n} 字以内").format(n=f"{REPORT_LIMIT:,}")
            if column == REPORT_COLUMN
            else _tr("自我评价约 150 字（{low}–{high} 字）").format(low=low, high=high)
        )
        if material is None:
            return _tr("尚未添加。") + rule
        return (
            _tr("{file}（{n} 字，{at} 添加）。").format(
                file=material.file_name, n=f"{material.chars:,}", at=material.attached_at
            )
            + rule
        )
