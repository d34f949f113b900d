"""Dialogs of the 定档 stage: the final grade with its reason, and a plain reason prompt.

They open window-modal without blocking (``open()``), so the stage applies the answer in a
slot and tests can type into them with real key presses.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from models.counting import ReporterResult
from models.labels import GRADE_LABELS, GRADES, Mark

from .results_table_model import grade_text, score_text


class ReasonDialog(QDialog):
    """Asks for one line of reason; OK stays disabled while it is empty."""

    def __init__(self, title: str, prompt: str, parent=None, *, placeholder: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(placeholder)
        self.reason_edit.setMinimumWidth(420)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self._update_ok()

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason()))


class DecideDialog(QDialog):
    """确定等次: pick the final grade; a grade other than the proposed one needs a reason."""

    def __init__(self, result: ReporterResult, parent=None):
        super().__init__(parent)
        self.result = result
        r = result.reporter
        self.setWindowTitle(self.tr("确定等次 — {0}").format(r.name))
        self.grade_box = QComboBox(self)
        for grade in GRADES:
            self.grade_box.addItem(GRADE_LABELS[grade], int(grade))
        current = result.final_grade or result.proposed_grade or Mark.GOOD
        self.grade_box.setCurrentIndex(GRADES.index(current))
        self.reason_edit = QLineEdit(result.override_reason or "", self)
        self.reason_edit.setPlaceholderText(self.tr("与拟定等次不同时必须填写，例如：经党委会研究确定"))
        self.reason_edit.setMinimumWidth(420)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("述职人"), QLabel(f"{r.seq}. {r.name}（{r.unit}）", self))
        form.addRow(self.tr("综合得分"), QLabel(score_text(result.combined_score), self))
        form.addRow(self.tr("拟定等次"), QLabel(grade_text(result.proposed_grade) + _reasons(result), self))
        form.addRow(self.tr("确定等次(&G)"), self.grade_box)
        form.addRow(self.tr("理由(&R)"), self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.grade_box.currentIndexChanged.connect(self._update)
        self.reason_edit.textChanged.connect(self._update)
        self._update()

    def grade(self) -> Mark:
        return Mark(self.grade_box.currentData())

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _update(self) -> None:
        differs = self.grade() != self.result.proposed_grade
        needs = differs and not self.reason()
        self.hint.setText(self.tr("确定等次与拟定等次不同，请填写理由。") if needs else "")
        self.hint.setStyleSheet("color: #b3261e;")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not needs)


def _reasons(result: ReporterResult) -> str:
    tags = [t for t in result.reason_tags if t != "调整等次"]
    return f"（{'、'.join(tags)}）" if tags else ""
