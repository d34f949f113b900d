"""会议信息 tab: the meeting facts, each field committed when the clerk leaves it."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import setup
from models.errors import InputErrors, PingyiError

from .bus import SETUP
from .setup_widgets import FormGrid, MessageBar, error_text, tr

TEXT_FIELDS = ("title", "organiser", "venue", "chair", "form_title")
NO_DATE = QDate(2000, 1, 1)  # shown as “未填写”
HINT = "每项在离开输入框（或按回车）时立即保存。会议名称、日期等印在测评表和各类文件上。"


class FactsForm(QWidget):
    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        outer = QVBoxLayout(self)
        hint = QLabel(tr(HINT), self)
        hint.setWordWrap(True)
        outer.addWidget(hint)
        grid = QGridLayout()
        self.form = FormGrid(grid)
        self.editors: dict[str, QWidget] = {}
        for key in ("title", "organiser"):
            self._add_text(key)
        self._add_date()
        for key in ("venue", "chair"):
            self._add_text(key)
        self._add_check("rehearsal", tr("演练（所有打印页面都标注“演练”）"))
        self._add_text("form_title")
        self._add_minutes()
        self._add_check("show_rank_in_feedback", tr("在反馈意见中显示名次"))
        outer.addLayout(grid)
        self.message = MessageBar(self)
        outer.addWidget(self.message)
        outer.addStretch(1)
        self.refresh()

    # -- building -------------------------------------------------------------
    def _label(self, key: str) -> str:
        return tr(setup.FACT_LABELS[key])

    def _add_text(self, key: str) -> None:
        editor = QLineEdit(self)
        editor.setMinimumWidth(520)
        editor.editingFinished.connect(lambda: self.commit(key, editor.text().strip()))
        self.editors[key] = editor
        self.form.add_row(key, self._label(key), editor)

    def _add_date(self) -> None:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        editor = QDateEdit(box)
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setCalendarPopup(True)
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText(tr("未填写"))
        editor.setMinimumWidth(160)
        editor.editingFinished.connect(lambda: self.commit("date", self.date_text()))
        clear = QToolButton(box)
        clear.setText(tr("清除"))
        clear.setToolTip(tr("清除日期"))
        clear.clicked.connect(lambda: (editor.setDate(NO_DATE), self.commit("date", "")))
        row.addWidget(editor)
        row.addWidget(clear)
        row.addStretch(1)
        self.editors["date"] = editor
        self.form.add_row("date", self._label("date"), box)

    def _add_check(self, key: str, text: str) -> None:
        editor = QCheckBox(text, self)
        editor.toggled.connect(lambda on: self.commit(key, bool(on)))
        self.editors[key] = editor
        self.form.add_row(key, self._label(key), editor)

    def _add_minutes(self) -> None:
        editor = QSpinBox(self)
        editor.setRange(1, 120)
        editor.setSuffix(tr(" 分钟"))
        editor.setMaximumWidth(160)
        editor.editingFinished.connect(lambda: self.commit("time_limit_min", editor.value()))
        self.editors["time_limit_min"] = editor
        self.form.add_row("time_limit_min", tr("述职时限"), editor)

    def date_text(self) -> str:
        date = self.editors["date"].date()
        return "" if date == NO_DATE else date.toString("yyyy-MM-dd")

    # -- storing ----------------------------------------------------------------
    def commit(self, key: str, value) -> None:
        """Store one fact; a bad value stays in the field with the message beside it."""
        if getattr(setup.get_facts(self.meeting), key) == value:
            self.form.clear(key)
            return
        try:
            setup.set_facts(self.meeting, **{key: value})
        except InputErrors as err:
            self.form.fault(key, error_text(err))
            return
        except PingyiError as err:
            self.form.clear(key)
            self.message.error(error_text(err))
            self.refresh()
            return
        self.form.clear(key)
        self.message.saved(self._label(key))
        self.bus.changed.emit(SETUP)

    def refresh(self) -> None:
        """Show the stored facts; a field with an open fault keeps what the clerk typed."""
        facts = setup.get_facts(self.meeting)
        for key, editor in self.editors.items():
            if self.form.has_fault(key):
                continue
            value = getattr(facts, key)
            editor.blockSignals(True)
            if key in TEXT_FIELDS:
                editor.setText(value)
            elif key == "date":
                editor.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
            elif key == "time_limit_min":
                editor.setValue(value)
            else:
                editor.setChecked(bool(value))
            editor.blockSignals(False)
