"""Thin read-only table models of the 测评表 stage: counts per category, printed forms of one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.ballots.forms import CategoryAccounting, FormRecord

_SPOILED = QBrush(QColor("#777777"))
_SHORT = QBrush(QColor("#fff2cc"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("forms", text)


def usable(row: CategoryAccounting) -> int:
    """Printed forms of the category that can still be handed out (not spoiled)."""
    return row.printed - row.spoiled


def still_needed(row: CategoryAccounting) -> int:
    """Forms to print so that every issued form exists on paper: issued − usable, at least 0."""
    return max(0, row.issued - usable(row))


@dataclass(frozen=True)
class _Column:
    title: str
    value: Callable
    tooltip: str = ""


class _RecordsModel(QAbstractTableModel):
    """A list of frozen records shown through columns; rows are replaced, never edited."""

    columns: tuple[_Column, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.records: list = []

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.columns[section].title)
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tooltip:
            return _tr(self.columns[section].tooltip)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.columns[index.column()].value(record))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != self.text_column:
            return int(Qt.AlignmentFlag.AlignCenter)
        return self.style(record, role)

    text_column = 1

    def style(self, record, role):
        return None


class CategoryFormsModel(_RecordsModel):
    """Per category: 发出, 已打印, 作废, 可用, 还需打印, 已收回."""

    columns = (
        _Column("类别", lambda r: f"{r.code}票"),
        _Column("名称", lambda r: r.name),
        _Column("发出", lambda r: r.issued, "准备阶段填写的发出票数"),
        _Column("已打印", lambda r: r.printed, "本类别已打印（登记了编号）的测评表张数"),
        _Column("作废", lambda r: r.spoiled, "已登记作废、不会发出的张数"),
        _Column("可用", lambda r: usable(r), "已打印且未作废的张数"),
        _Column("还需打印", lambda r: still_needed(r), "发出票数减去可用张数"),
        _Column("已收回", lambda r: r.returned, "已录入或扫描读入的张数（收回的纸质表）"),
    )

    def style(self, record: CategoryAccounting, role):
        if role == Qt.ItemDataRole.BackgroundRole and still_needed(record):
            return _SHORT
        return None


def form_state(form: FormRecord) -> str:
    """作废：原因 / 已收回 (keyed or scanned: it can no longer be spoiled) / 可用 (printed, not back yet)."""
    if form.spoiled_reason:
        return _tr("作废：") + form.spoiled_reason
    return _tr("已收回") if form.returned else _tr("可用")


class PrintedFormsModel(_RecordsModel):
    """The printed forms of one category: 编号, 打印时间, 状态."""

    columns = (
        _Column("编号", lambda f: f.serial),
        _Column("打印时间", lambda f: f.printed_at[:16]),
        _Column("状态", lambda f: form_state(f)),
    )
    text_column = 2

    def style(self, record: FormRecord, role):
        if role == Qt.ItemDataRole.ForegroundRole and record.spoiled_reason:
            return _SPOILED
        return None
