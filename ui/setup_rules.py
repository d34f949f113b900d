"""计分规则 tab: the counting rules (DESIGN §4) and the score components with their weights."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import setup
from models.errors import InputErrors, PingyiError
from models.setup.rules import POOR_GRADES_CHOICES

from .bus import SETUP
from .component_scores_table_model import ComponentScoresTableModel
from .components_table_model import ComponentsTableModel, balanced_pairs
from .setup_panel import TablePanel
from .setup_widgets import Field, FormGrid, MessageBar, RecordDialog, error_text, tr

GROUPS = (
    ("等次分值", ("points_good", "points_fairly_good", "points_average", "points_poor"), ""),
    ("等次最低分（按综合得分）", ("min_good", "min_fairly_good", "min_average"), ""),
    ("规则", ("poor_limit_pct", "good_quota_pct", "good_cap_pct"), "%"),
)
#: the 方案's sentences shown under the rules they state
POOR_GRADES_NOTE = ("方案：“现场测评‘一般’‘差’票超过10%的，综合评价等次确定为差”。"
                    "“一般和差”按两者合计；“差”只计差票。")
CAP_NOTE = "一张票上任一项目评为“好”的超过述职人数的此比例，整张按废票计（超比例）；留空表示不限。"
NOTE_STYLE = "color: #555;"

COMPONENT_HINT = ("综合得分 = 各构成得分 × 权重之和，权重合计 100。现场测评由测评票计算，"
                  "其权重自动取 100 减去其他构成的权重；其他构成（如平时考核）的分数在“评价分数”中录入。")


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


class RulesForm(QWidget):
    """Number fields committed on leaving them; the message stays beside a bad field."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        self.forms: dict[str, FormGrid] = {}
        for title, keys, suffix in GROUPS:
            box = QGroupBox(tr(title), self)
            form = FormGrid(QGridLayout(box), label_width=self.fontMetrics().horizontalAdvance("好等次比例上限（%）") + 8)
            for key in keys:
                self._add_number(form, key, suffix)
                if key == "poor_limit_pct":
                    self._add_poor_grades(form)
                if key == "good_cap_pct":
                    self._add_note(form, CAP_NOTE)
            if title == "规则":
                self._add_double_entry(form)
            layout.addWidget(box)
        self.message = MessageBar(self)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def _add_number(self, form: FormGrid, key: str, suffix: str) -> None:
        editor = QLineEdit(self)
        editor.setFixedWidth(90)
        if key == "good_quota_pct":
            editor.setPlaceholderText(tr("不限"))
            editor.setToolTip(tr("“好”等次人数占全部述职人的比例上限；留空表示不限"))
        if key == "good_cap_pct":
            editor.setPlaceholderText(tr("不限"))
            editor.setToolTip(tr(CAP_NOTE))
        editor.editingFinished.connect(lambda: self.commit(key, editor.text().strip()))
        self.editors[key] = editor
        self.forms[key] = form
        form.add_row(key, tr(setup.RULE_LABELS[key]) + (f"（{suffix}）" if suffix else ""), editor)

    def _add_poor_grades(self, form: FormGrid) -> None:
        """差票计入等次: a choice of 一般和差 / 差, with the 方案's sentence under it."""
        editor = QComboBox(self)
        for choice in POOR_GRADES_CHOICES:
            editor.addItem(tr(choice), choice)
        editor.setFixedWidth(110)
        editor.currentIndexChanged.connect(lambda _i: self.commit("poor_grades", editor.currentData()))
        self.editors["poor_grades"] = editor
        self.forms["poor_grades"] = form
        form.add_row("poor_grades", tr(setup.RULE_LABELS["poor_grades"]), editor)
        self.poor_grades_note = self._add_note(form, POOR_GRADES_NOTE)

    def _add_note(self, form: FormGrid, text: str) -> QLabel:
        note = QLabel(tr(text), self)
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        form.grid.addWidget(note, form.grid.rowCount(), 1, 1, 2)
        return note

    def _add_double_entry(self, form: FormGrid) -> None:
        editor = QCheckBox(tr("每张票录入两遍并核对（推荐）"), self)
        editor.toggled.connect(lambda on: self.commit("double_entry", bool(on)))
        self.editors["double_entry"] = editor
        self.forms["double_entry"] = form
        form.add_row("double_entry", tr(setup.RULE_LABELS["double_entry"]), editor)

    def _stored_text(self, key: str):
        value = getattr(setup.get_rules(self.meeting), key)
        return value if key in ("double_entry", "poor_grades") else _text(value)

    def commit(self, key: str, value) -> None:
        form = self.forms[key]
        if self._stored_text(key) == value:
            form.clear(key)
            return
        try:
            setup.set_rules(self.meeting, **{key: value})
        except InputErrors as err:
            form.fault(key, error_text(err))
            return
        except PingyiError as err:
            form.clear(key)
            self.message.error(error_text(err))
            self.refresh()
            return
        form.clear(key)
        self.message.saved(tr(setup.RULE_LABELS[key]))
        self.bus.changed.emit(SETUP)

    def refresh(self) -> None:
        rules = setup.get_rules(self.meeting)
        for key, editor in self.editors.items():
            if self.forms[key].has_fault(key):
                continue
            editor.blockSignals(True)
            if key == "double_entry":
                editor.setChecked(rules.double_entry)
            elif key == "poor_grades":
                editor.setCurrentIndex(editor.findData(rules.poor_grades))
            else:
                editor.setText(_text(getattr(rules, key)))
            editor.blockSignals(False)


class ComponentsPanel(TablePanel):
    def __init__(self, meeting, bus, parent=None):
        super().__init__(meeting, bus, ComponentsTableModel(meeting), hint=tr(COMPONENT_HINT), parent=parent)
        self.view.fit_columns({0: 160, 1: 90}, stretch=2)
        self.add = self.add_action(tr("增加构成"), ["Insert", "Ctrl+Shift+N"], self.add_component)
        self.delete = self.add_action(tr("删除"), "Delete", self.delete_component, tr("删除所选构成"))
        self.finish_buttons()

    def add_component(self) -> None:
        fields = [Field("name", tr("名称"), tr("平时考核")), Field("weight", tr("权重（%）"), "30")]

        def submit(values):
            pairs = balanced_pairs(setup.list_components(self.meeting), add=(values["name"], values["weight"]))
            stored = setup.set_components(self.meeting, pairs)
            return next(c for c in stored if c.name == values["name"].strip())
        self.show_dialog(RecordDialog(tr("增加评价构成"), fields, submit, self),
                         lambda comp: self.select_record(comp.id, 1))

    def delete_component(self) -> None:
        component = self.current_record()
        if component is not None and component.is_onsite:
            self.message.error(tr("“现场测评”是必备的评价构成，不能删除。"))
            return

        def remove(meeting, component_id):
            setup.set_components(meeting, balanced_pairs(setup.list_components(meeting), remove=component_id))
        self.delete_current(
            tr("删除评价构成"),
            lambda c: tr("删除评价构成“{0}”？已录入的该项分数也会删除，其权重并入现场测评。").format(c.name),
            remove, lambda c: tr("已删除 {0}").format(c.name))


class RulesTab(QWidget):
    """Rules on the left, components on the right."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self.rules = RulesForm(meeting, bus, self)
        self.components = ComponentsPanel(meeting, bus, self)
        box = QGroupBox(tr("评价构成"), self)
        QVBoxLayout(box).addWidget(self.components)
        # the form is taller than a 1366×768 laptop leaves for it: it scrolls, the window stays on the screen
        scroll = QScrollArea(self)
        scroll.setWidget(self.rules)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        layout.addWidget(box, 1)

    def refresh(self) -> None:
        self.rules.refresh()
        self.components.refresh()


class ScoresPanel(TablePanel):
    """评价分数: per-reporter scores of the clerk-entered components."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(meeting, bus, ComponentScoresTableModel(meeting), parent=parent)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.layout().insertWidget(0, self.note)
        self.refresh()

    def refresh(self) -> None:
        self.model.refresh()
        extra = self.model.components()
        self.view.fit_columns({0: 56, 1: 110, **{3 + i: 150 for i in range(len(extra))}}, stretch=2)
        self.view.setVisible(bool(extra))
        self.note.setText(tr("在表格中直接输入 0 到 100 的分数，回车保存；留空表示尚未录入。") if extra else tr(
            "目前只有“现场测评”一项评价构成，不需要在这里录入分数。"
            "如需计入平时考核等分数，请先在“计分规则”页增加评价构成。"))
