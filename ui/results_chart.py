"""A stacked bar chart of grade shares per reporter, readable from across the room."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalPercentBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from models.counting import ReporterResult
from models.labels import GRADE_LABELS, GRADES, Mark

COLORS = {Mark.GOOD: "#2e7d32", Mark.FAIRLY_GOOD: "#1565c0", Mark.AVERAGE: "#f9a825", Mark.POOR: "#c62828"}
ABSTAIN_COLOR = "#9e9e9e"
ROW_HEIGHT = 34


class GradeShareChart(QWidget):
    """One horizontal bar per reporter (ballot order, top to bottom), split by grade share."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 12, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self.chart.legend().setFont(_font(13))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.names: list[str] = []

    def set_results(self, results: list[ReporterResult], previous: dict | None = None) -> None:
        """Redraw for ``results`` (those with no valid ballot show an empty bar); ``previous`` (reporter
        id → last year's result, 整改台账 carry-over) puts last year's score and grade beside each name."""
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        rows = list(reversed(results))  # Qt draws the first category at the bottom
        series = QHorizontalPercentBarSeries()
        for grade in GRADES:
            series.append(_bar_set(GRADE_LABELS[grade], COLORS[grade], [r.counts.of(grade) for r in rows]))
        series.append(_bar_set("弃权", ABSTAIN_COLOR, [r.counts.abstain for r in rows]))
        series.setBarWidth(0.7)
        series.setLabelsVisible(False)
        self.chart.addSeries(series)
        self.names = [f"{r.reporter.seq}. {r.reporter.name}" + _last_year((previous or {}).get(r.reporter.id))
                      for r in rows]
        categories = QBarCategoryAxis()
        categories.append(self.names)
        categories.setLabelsFont(_font(13))
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d%%")
        values.setLabelsFont(_font(11))
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.view.setMinimumHeight(max(320, 90 + ROW_HEIGHT * len(rows)))


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
