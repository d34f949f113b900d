"""A stacked bar chart of grade shares per reporter, readable from across the room.

Each bar starts with the grades the 差票 rule counts (差, then 一般), so the red dashed line at the
rule's limit tells at a glance who is over it; shares are written on the bars; the bars follow the
ballot order or, ticked, the ranking.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalPercentBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QScrollArea, QVBoxLayout, QWidget

from models.counting import ReporterResult
from models.labels import GRADE_LABELS, Mark

COLORS = {Mark.GOOD: "#2e7d32", Mark.FAIRLY_GOOD: "#1565c0", Mark.AVERAGE: "#f9a825", Mark.POOR: "#c62828"}
ABSTAIN_COLOR = "#9e9e9e"
LIMIT_COLOR = "#b71c1c"
ROW_HEIGHT = 34
#: left to right: the grades the 差票 rule counts first, so its limit line reads against them
BAR_ORDER = (Mark.POOR, Mark.AVERAGE, Mark.FAIRLY_GOOD, Mark.GOOD)


class GradeShareChart(QWidget):
    """One horizontal bar per reporter (ballot order or rank, top to bottom), split by grade share."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 12, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self.chart.legend().setFont(_font(13))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.by_rank = QCheckBox(self.tr("按名次排列(&K)"))
        self.by_rank.setToolTip(self.tr("勾选后按名次从上到下排列，否则按测评表顺序（Alt+K）"))
        self.by_rank.toggled.connect(self._redraw)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.by_rank)
        layout.addWidget(scroll)
        self.names: list[str] = []
        self.limit_pct: float | None = None
        self._shown: tuple = ([], None, None)
        # the axes stay; only their categories and the series change (a removed axis can linger on screen)
        self.categories = QBarCategoryAxis()
        self.categories.setLabelsFont(_font(13))
        self.values = QValueAxis()
        self.values.setRange(0, 100)
        self.values.setLabelFormat("%d%%")
        self.values.setLabelsFont(_font(11))
        self.height_axis = QValueAxis()
        self.height_axis.setVisible(False)
        self.chart.addAxis(self.categories, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.values, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.height_axis, Qt.AlignmentFlag.AlignRight)

    def set_results(self, results: list[ReporterResult], previous: dict | None = None, rules=None) -> None:
        """Redraw for ``results`` (those with no valid ballot show an empty bar); ``previous`` (reporter
        id → last year's result, 整改台账 carry-over) puts last year's score and grade beside each name;
        ``rules`` draws the 差票 limit line."""
        self._shown = (list(results), previous, rules)
        self._redraw()

    def _redraw(self) -> None:
        results, previous, rules = self._shown
        self.chart.removeAllSeries()
        if self.by_rank.isChecked():
            results = sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.reporter.seq))
        rows = list(reversed(results))  # Qt draws the first category at the bottom
        series = QHorizontalPercentBarSeries()
        for grade in BAR_ORDER:
            series.append(_bar_set(GRADE_LABELS[grade], COLORS[grade], [_share(r, r.counts.of(grade)) for r in rows]))
        series.append(_bar_set("弃权", ABSTAIN_COLOR, [_share(r, r.counts.abstain) for r in rows]))
        series.setBarWidth(0.7)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        self.chart.addSeries(series)
        self.names = [f"{r.reporter.seq}. {r.reporter.name}" + _last_year((previous or {}).get(r.reporter.id))
                      for r in rows]
        self.categories.clear()
        self.categories.append(self.names)
        series.attachAxis(self.categories)
        series.attachAxis(self.values)
        self._limit_line(rules, len(rows))
        self.view.setMinimumHeight(max(320, 90 + ROW_HEIGHT * len(rows)))

    def _limit_line(self, rules, rows: int) -> None:
        """A red dashed line at the 差票 rule's limit, measured from the left where 差 (and 一般) begin."""
        self.limit_pct = float(rules.poor_limit_pct) if rules is not None and rows else None
        if self.limit_pct is None:
            return
        label = rules.limit_label() if hasattr(rules, "limit_label") else "差票"
        line = QLineSeries()
        line.setName(self.tr("%1上限 %2%").replace("%1", label).replace("%2", f"{self.limit_pct:g}"))
        line.append([QPointF(self.limit_pct, -0.5), QPointF(self.limit_pct, rows - 0.5)])
        line.setPen(QPen(QColor(LIMIT_COLOR), 3, Qt.PenStyle.DashLine))
        self.chart.addSeries(line)
        self.height_axis.setRange(-0.5, rows - 0.5)
        line.attachAxis(self.values)
        line.attachAxis(self.height_axis)


def _share(result: ReporterResult, count: int) -> float:
    """The share of valid ballots in percent, one decimal (what the bar's label shows)."""
    return round(100 * count / result.valid, 1) if result.valid else 0.0


def _last_year(result) -> str:
    return f"（上年度 {result.score} {result.grade}）" if result is not None else ""


def _bar_set(label: str, color: str, values: list[int]) -> QBarSet:
    bar = QBarSet(label)
    bar.setColor(QColor(color))
    bar.setBorderColor(QColor(color))
    bar.append([float(v) for v in values])
    return bar


def _font(points: int) -> QFont:
    font = QFont()
    font.setPointSize(points)
    return font
