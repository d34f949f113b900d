"""Thin read-only table models over the tally's frozen results (计票 / 定档 screens)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.counting import ReporterResult, round_half_up
from models.counting.tally_rules import GradeCounts
from models.labels import GRADE_LABELS, GRADES

POOR_ROW = QColor("#fde2e1")
TAG_TEXT = QColor("#b3261e")


def score_text(value: Fraction | None) -> str:
    return "—" if value is None else f"{round_half_up(value, 2):.2f}"


def pct_text(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{round_half_up(Fraction(part * 100, whole), 2):.2f}%"


def grade_text(grade) -> str:
    return GRADE_LABELS.get(grade, "—") if grade is not None else "—"


def rank_text(result: ReporterResult) -> str:
    if result.rank is None:
        return "—"
    return f"{result.rank}（并列）" if result.tied else str(result.rank)


@dataclass(frozen=True)
class ResultColumn:
    header: str
    text: Callable[[object], str]
    numeric: bool = False
    tooltip: str = ""


def _count_columns(counts_of: Callable[[object], GradeCounts], valid_of: Callable[[object], int]) -> list[ResultColumn]:
    columns = []
    for grade in GRADES:
        label = GRADE_LABELS[grade]
        columns.append(ResultColumn(label, lambda r, g=grade: str(counts_of(r).of(g)), True, f"{label}票数"))
        columns.append(ResultColumn(f"{label}%", lambda r, g=grade: pct_text(counts_of(r).of(g), valid_of(r)),
                                    True, f"{label}票占有效票的比例"))
    columns.append(ResultColumn("弃权", lambda r: str(counts_of(r).abstain), True, "未划或多划的票"))
    return columns


def _reporter_columns() -> list[ResultColumn]:
    return [
        ResultColumn("序号", lambda r: str(r.reporter.seq), True),
        ResultColumn("姓名", lambda r: r.reporter.name),
        ResultColumn("单位", lambda r: r.reporter.unit),
    ]


def limit_column(rules=None) -> ResultColumn:
    """The share the 差票 rule compares (``limit_rate``), named as the tally sheet names it:
    一般和差票率 or 差票率 (差票计入等次); 差票率 until the rules are known."""
    if rules is None:
        return ResultColumn("差票率", lambda r: rate_text(r.limit_rate, r.valid), True, "差票规则比较的票占有效票的比例")
    label, limit = rules.limit_label(), format(rules.poor_limit_pct.normalize(), "f")
    return ResultColumn(f"{label}率", lambda r: rate_text(r.limit_rate, r.valid), True,
                        f"{label}占有效票的比例（差票计入等次：{rules.poor_grades}）；超过 {limit}% 的拟定等次为差")


def rate_text(rate: Fraction, valid: int) -> str:
    return f"{round_half_up(rate * 100, 2):.2f}%" if valid else "—"


def summary_columns(rules=None) -> list[ResultColumn]:
    """计票 main table: counts and shares per grade, scores, the 差票 rule's share, grades, rank, reason tags."""
    return _reporter_columns() + _count_columns(lambda r: r.counts, lambda r: r.valid) + [
        ResultColumn("有效票", lambda r: str(r.valid), True),
        ResultColumn("测评得分", lambda r: score_text(r.onsite_score), True, "按类别权重加权的现场测评得分"),
        ResultColumn("综合得分", lambda r: score_text(r.combined_score), True, "现场测评与其他评价构成按权重合成"),
        limit_column(rules),
        ResultColumn("拟定等次", lambda r: grade_text(r.proposed_grade)),
        ResultColumn("确定等次", lambda r: grade_text(r.final_grade)),
        ResultColumn("排名", rank_text, True),
        ResultColumn("说明", lambda r: r.reason_text),
    ]


def category_columns(code: str) -> list[ResultColumn]:
    """分类别 table for category ``code``: counts, shares and the category score."""
    def counts(r):
        return r.by_category[code].counts if code in r.by_category else GradeCounts()

    return _reporter_columns() + _count_columns(counts, lambda r: counts(r).total) + [
        ResultColumn("类别得分", lambda r: score_text(r.by_category[code].score) if code in r.by_category else "—",
                     True),
    ]


def item_columns(item_index: int) -> list[ResultColumn]:
    """分项 table for the item at ``item_index`` of each result's ``items``."""
    def counts(r):
        return r.items[item_index][1]

    return _reporter_columns() + _count_columns(counts, lambda r: counts(r).total)


class ResultsTableModel(QAbstractTableModel):
    """Rows are ReporterResult (ballot order); columns are ResultColumn."""

    def __init__(self, columns: list[ResultColumn], parent=None):
        super().__init__(parent)
        self._columns = columns
        self._rows: list[ReporterResult] = []

    def set_rows(self, rows: list[ReporterResult], columns: list[ResultColumn] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = columns
        self.endResetModel()

    def result(self, row: int) -> ReporterResult:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        result, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(result)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and "poor_rate" in result.grade_reasons:
            return QBrush(POOR_ROW)
        if role == Qt.ItemDataRole.ForegroundRole and column.header == "说明":
            return QBrush(TAG_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and column.header == "说明":
            return _reasons_tooltip(result)
        return None


def _reasons_tooltip(result: ReporterResult) -> str | None:
    lines = []
    if "poor_rate" in result.grade_reasons:
        lines.append(f"{result.limit_note or '差票率超过上限'}，拟定等次确定为差。")
    if result.flag_reason:
        lines.append(f"定性为差：{result.flag_reason}")
    if "quota" in result.grade_reasons:
        lines.append("好等次比例超过上限，按排名调整为较好。")
    if result.override_reason:
        lines.append(f"调整等次理由：{result.override_reason}")
    return "\n".join(lines) or None
