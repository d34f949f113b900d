"""The run screen's tool row: lot draw, agenda options and free items, projector, 公布结果."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from models import setup
from models.run import agenda as ag

from . import run_dialogs
from .agenda_table_model import KEY_ROLE


class RunToolbar(QWidget):
    """Buttons above the three panes, and ``agenda_tools`` (to go under the agenda list)."""

    def __init__(self, stage):
        super().__init__(stage)
        self.stage = stage
        self.agenda_tools = QWidget(stage)
        self.draw = self._button(self.tr("抽签…"), self.tr("随机抽签确定现场述职顺序（述职开始后不能再抽）"), self.draw_lots)
        self.options = QToolButton(self)
        self.options.setText(self.tr("议程设置"))
        self.options.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.options)
        self.option_actions = {}
        for name, text in (("opening", "开场"), ("grouped", "集中述职、集中点评（否则一述一评）"),
                           ("closing", "总结讲话")):
            action = QAction(self.tr(text), menu, checkable=True)
            action.toggled.connect(lambda on, n=name: self.set_option(n, on))
            menu.addAction(action)
            self.option_actions[name] = action
        self.options.setMenu(menu)
        tools = self.agenda_tools
        self.add = self._button(self.tr("添加…"), self.tr("在所选议程之后添加一项（如：传达文件精神）"), self.add_item, tools)
        self.rename = self._button(self.tr("改名…"), self.tr("修改所选议程的名称；留空恢复默认"), self.rename_item, tools)
        self.limit = self._button(self.tr("时限…"), self.tr("调整所选述职人的述职时限（留空用会议默认）"),
                                  self.set_limit, tools)
        self.up = self._button(self.tr("上移"), self.tr("上移所选的自行添加议程"), lambda: self.move_item(-1), tools)
        self.down = self._button(self.tr("下移"), self.tr("下移所选的自行添加议程"), lambda: self.move_item(1), tools)
        self.remove = self._button(self.tr("删除"), self.tr("删除所选的自行添加议程"), self.delete_item, tools)
        grid = QGridLayout(tools)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, w in enumerate((self.add, self.rename, self.limit, self.up, self.down, self.remove)):
            grid.addWidget(w, n // 3, n % 3)
        self.projector = self._button(self.tr("投影（F5）"), self.tr("打开或关闭投影窗口（F5）"),
                                      stage.toggle_projector)
        self.projector.setCheckable(True)
        self.announce = self._button(self.tr("公布结果"), self.tr("定稿后在投影上公布排名"), None)
        self.announce.setCheckable(True)
        self.announce.clicked.connect(stage.set_announcing)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.draw, self.options):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(self.projector)
        layout.addWidget(self.announce)

    def _button(self, text: str, tip: str, slot, parent=None) -> QPushButton:
        button = QPushButton(text, parent or self)
        button.setToolTip(tip)
        if slot is not None:
            button.clicked.connect(lambda _checked=False: slot())
        return button

    def update_state(self, stage) -> None:
        """Enable what the meeting allows now (everything but the projector is locked after 定稿)."""
        writable = not stage.finalized
        options = ag.get_options(stage.meeting)
        for name, action in self.option_actions.items():
            action.blockSignals(True)
            action.setChecked(getattr(options, name))
            action.blockSignals(False)
        for w in (self.options, self.add, self.rename, self.up, self.down, self.remove, self.limit):
            w.setEnabled(writable)
        self.draw.setEnabled(writable and not ag.reporting_started(stage.meeting))
        for w in (stage.centre.prev_button, stage.centre.start_button, stage.centre.reset_button,
                  stage.centre.next_button):
            w.setEnabled(writable)
        self.projector.setChecked(stage.projector is not None and stage.projector.isVisible())
        self.announce.setEnabled(stage.finalized)
        self.announce.setChecked(stage.announcing)

    # -- actions --------------------------------------------------------------------------
    def _selected_key(self) -> str:
        index = self.stage.agenda_view.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else self.stage.current.key

    def _do(self, fn, *args) -> bool:
        if self.stage._call(fn, *args) is None:
            return False
        self.stage._changed()
        return True

    def draw_lots(self) -> None:
        reason = ""
        if ag.lot_draws(self.stage.meeting):
            reason = run_dialogs.ask_text(self.stage, self.tr("重新抽签"),
                                          self.tr("已经抽过签。重新抽签须填写理由（记入审计日志）："))
            if reason is None:
                return
        draw = self.stage._call(ag.draw_lots, reason)
        if draw is not None:
            self.stage._changed()
            run_dialogs.show_draw(self.stage, draw)

    def set_option(self, name: str, on: bool) -> None:
        self._do(lambda m: ag.set_options(m, **{name: on}))

    def add_item(self) -> None:
        answer = run_dialogs.ask_free_item(self.stage)
        if answer is None:
            return
        item = self.stage._call(ag.add_free_item, answer[0], self._selected_key(), answer[1])
        if item is not None:
            self.stage._changed()
            self._select(item.key)

    def _select(self, key: str) -> None:
        self.stage.agenda_view.setCurrentIndex(self.stage.model.index(self.stage.model.row_of(key)))

    def rename_item(self) -> None:
        key = self._selected_key()
        item = next(i for i in self.stage.items if i.key == key)
        title = run_dialogs.ask_text(self.stage, self.tr("议程改名"), self.tr("新的名称（留空恢复默认）："), item.title)
        if title is not None:
            self._do(ag.rename_item, key, title)

    def move_item(self, delta: int) -> None:
        key = self._selected_key()
        if self._do(ag.move_item, key, delta):
            self._select(key)

    def delete_item(self) -> None:
        key = self._selected_key()
        item = next(i for i in self.stage.items if i.key == key)
        if not item.free:
            self.stage.message.show_error(
                self.tr("“%1”由述职人名单生成，不能删除。开场和总结讲话可在“议程设置”中关闭。").replace("%1", item.title))
            return
        if run_dialogs.confirm(self.stage, self.tr("删除议程"), self.tr("确定删除“%1”吗？").replace("%1", item.title)):
            self._do(ag.delete_free_item, key)


    def set_limit(self) -> None:
        key = self._selected_key()
        item = next(i for i in self.stage.items if i.key == key)
        if item.kind not in ("report", "comment"):
            self.stage.message.show_error(self.tr("请先在议程中选中一位现场述职人的述职，再调整时限。"))
            return
        reporter, default = item.reporter, setup.get_facts(self.stage.meeting).time_limit_min
        text = run_dialogs.ask_text(
            self.stage, self.tr("述职时限"),
            self.tr("%1 的述职时限（分钟；留空使用会议默认的 %2 分钟）：").replace("%1", reporter.name)
            .replace("%2", str(default)), str(reporter.time_limit_min or ""))
        if text is None:
            return
        text = text.strip()
        if text and not text.isdigit():
            self.stage.message.show_error(self.tr("时限“%1”不是整数分钟。请填写 1 到 120 之间的整数，或留空。")
                                          .replace("%1", text))
            return
        if self.stage._call(setup.update_reporter, reporter.id, time_limit_min=int(text) if text else None):
            self.stage.bus.changed.emit("setup")
