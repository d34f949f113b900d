"""The stages of the meeting day (DESIGN §3) and how the main window builds them.

A stage is built the first time it is shown.  A stage whose module does not exist yet
shows a plain page saying so and what it will do; it never pretends to work.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

#: the item role holding a stage's shortcut, drawn at the right of its line in the stage list
KEYS_ROLE = Qt.ItemDataRole.UserRole + 1


class _ShortcutDelegate(QStyledItemDelegate):
    """Draws each stage's shortcut (Ctrl+1 …) in grey at the right of its line, so it is seen, not hunted for."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        keys = index.data(KEYS_ROLE)
        if not keys:
            return
        painter.save()
        font = option.font
        font.setPointSizeF(font.pointSizeF() * 0.75)
        painter.setFont(font)
        selected = option.state & QStyle.StateFlag.State_Selected
        painter.setPen(option.palette.highlightedText().color() if selected else QColor("#7a7a7a"))
        painter.drawText(option.rect.adjusted(0, 0, -6, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         keys)
        painter.restore()


@dataclass(frozen=True)
class StageSpec:
    key: str
    title: str
    module: str
    cls: str
    purpose: str


STAGES: tuple[StageSpec, ...] = (
    StageSpec("setup", "准备", "ui.setup_stage", "SetupStage",
              "会议信息、述职人名单、测评人类别、测评项目、计分规则与评价构成。"),
    StageSpec("run", "会议进行", "ui.run_stage", "RunStage",
              "按述职顺序显示议程，每位述职人的计时器，记录点评和查摆的问题，投影窗口。"),
    StageSpec("forms", "测评表", "ui.forms_stage", "FormsStage",
              "按类别打印带编号和二维码的测评表，登记作废的表格。"),
    StageSpec("entry", "录入", "ui.entry_stage", "EntryStage",
              "逐张录入收回的测评表：输入或扫描编号，每行按一个键。"),
    StageSpec("scan", "扫描", "ui.scan_stage", "ScanStage",
              "读入扫描仪或手机拍摄的测评表，看不准的行在“审核”中对照原图判定，拒读的页写明原因。"),
    StageSpec("reconcile", "核对", "ui.reconcile_stage", "ReconcileStage",
              "第二遍盲录，列出两遍不一致的票，对照纸质表格重新录入解决。"),
    StageSpec("results", "计票", "ui.results_stage", "ResultsStage",
              "票数、比例、得分、排名、规则提示和拟定等次，录入时实时更新。"),
    StageSpec("decide", "定档", "ui.decide_stage", "DecideStage",
              "记录党委确定的等次（调整须填写理由），定稿并锁定结果。"),
    StageSpec("documents", "打印与归档", "ui.documents_stage", "DocumentsStage",
              "计票表、排名表、反馈意见、整改清单、议程与会议记录、Excel 工作簿和归档材料包。"),
    StageSpec("ledger", "整改台账", "ui.ledger_stage", "LedgerStage",
              "会后跟踪每个问题的整改：措施、责任人、时限、进展，单位交回的整改清单，上年度问题转入。"),
    StageSpec("materials", "述职材料", "ui.materials_stage", "MaterialsStage",
              "每位述职人的述职报告和自我评价（字数检查、预览），书记讲话和会议点评，打印述职报告汇编。"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("stages", text)


def stage_shortcut(number: int) -> str:
    """Ctrl+1 … Ctrl+9 for the first nine stages, Ctrl+0 for the tenth; "" for later ones (menu and list only)."""
    return f"Ctrl+{number % 10}" if number <= 10 else ""


def stage_class(spec: StageSpec):
    """The stage's widget class, or None when its module is not built yet."""
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name == spec.module:
            return None
        raise
    return getattr(module, spec.cls)


def build_stage(spec: StageSpec, meeting, bus, parent=None) -> QWidget:
    """The stage widget; a plain notice page when it is not built yet or failed to load."""
    try:
        cls = stage_class(spec)
        if cls is None:
            return NotBuiltPage(spec, parent)
        return cls(meeting, bus, parent)
    except Exception:  # a broken stage must not take the whole window down
        text = traceback.format_exc()
        print(text, file=sys.stderr)
        return FailedPage(spec, text, parent)


def _notice(parent: QWidget, heading: str, body: str) -> None:
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(40, 40, 40, 40)
    title = QLabel(heading, parent)
    title.setStyleSheet("font-size: 18pt; font-weight: bold;")
    text = QLabel(body, parent)
    text.setWordWrap(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addStretch(1)


class NotBuiltPage(QWidget):
    """此阶段尚未完成: says plainly what the stage will do once it is built."""

    def __init__(self, spec: StageSpec, parent=None):
        super().__init__(parent)
        self.spec = spec
        _notice(self, spec.title, _tr("此阶段尚未完成。") + "\n\n" + _tr("完成后可以：") + spec.purpose)


class FailedPage(QWidget):
    """The stage exists but could not be built; shows the error instead of a fake screen."""

    def __init__(self, spec: StageSpec, detail: str, parent=None):
        super().__init__(parent)
        self.spec = spec
        _notice(self, spec.title, _tr("此阶段加载失败，请把下面的信息告诉技术人员：") + "\n\n" + detail[-2000:])


class Workspace(QWidget):
    """The stage list on the left and the current stage on the right; stages built when first shown."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget(self)
        self.nav.setObjectName("stageList")
        self.nav.setFixedWidth(190)
        self.nav.setItemDelegate(_ShortcutDelegate(self.nav))
        self.nav.setStyleSheet("QListWidget#stageList { font-size: 12pt; } "
                               "QListWidget#stageList::item { padding: 8px 6px; }")
        for number, spec in enumerate(STAGES, start=1):
            item = QListWidgetItem(f"{number}  {spec.title}")
            keys = stage_shortcut(number)
            item.setToolTip(f"{spec.title}（{keys}）：{spec.purpose}" if keys else f"{spec.title}：{spec.purpose}")
            item.setData(KEYS_ROLE, keys)
            self.nav.addItem(item)
        self.stack = QStackedWidget(self)
        self.pages: list[QWidget | None] = [None] * len(STAGES)
        for _ in STAGES:
            self.stack.addWidget(QWidget(self.stack))
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self.show_stage)
        self.nav.setCurrentRow(0)

    def show_stage(self, index: int) -> None:
        if not 0 <= index < len(STAGES):
            return
        if self.pages[index] is None:
            placeholder = self.stack.widget(index)
            page = build_stage(STAGES[index], self.meeting, self.bus, self.stack)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[index] = page
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through currentRowChanged
            return
        self.stack.setCurrentIndex(index)

    def current_stage(self) -> QWidget:
        return self.stack.currentWidget()
