"""会议进行: the clerk drives the agenda, the timer, the notes and the projector from here.

Keys (also while the agenda list has focus; presenter remotes send PageUp/PageDown):
Space start/pause · → / PageDown next · ← / PageUp previous · F5 projector · Ctrl+K comment ·
Ctrl+Shift+N problem (Ctrl+P is 打印 everywhere).  Space and the arrows keep their usual meaning inside a text field.
"""

from __future__ import annotations

import time
import weakref

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.errors import PingyiError
from models.labels import ProblemSource
from models.run import agenda as ag
from models.run import run_state as rs
from models.setup import get_facts

from . import bus as topics
from . import run_dialogs
from .agenda_table_model import KEY_ROLE, AgendaListModel
from .projector import ProjectorView, ProjectorWindow, ranking_rows
from .run_current import CurrentPanel, MessageLine, describe, next_text
from .run_notes import NotesPanel
from .run_timer import RunTimer
from .run_toolbar import RunToolbar

_K = Qt.Key
_TYPING = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


class RunStage(QWidget):
    """The run screen: agenda (left), current reporter and timer (centre), notes (right)."""

    def __init__(self, meeting, bus, parent=None, *, monotonic=time.monotonic):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.timer = RunTimer(monotonic)
        self.items: list[ag.AgendaItem] = []
        self.current: ag.AgendaItem | None = None
        self.projector: ProjectorWindow | None = None
        self.announcing = False
        self._ranking = None
        self._notes_key: str | None = None
        self._stale = self._roster_changed = False
        self._build()
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self.tick)
        self._tick.start()
        bus.changed.connect(self.on_changed)
        ref = weakref.ref(self)
        meeting.on_close(lambda _m: ref() and ref()._closing())
        self.reload()

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.toolbar = RunToolbar(self)
        self.model = AgendaListModel(self)
        self.agenda_view = QListView(self)
        self.agenda_view.setModel(self.model)
        self.agenda_view.setAccessibleName(self.tr("议程"))
        self.agenda_view.setToolTip(self.tr("双击或回车跳到该项；方向键上下只移动选择"))
        self.agenda_view.setMinimumWidth(self.fontMetrics().horizontalAdvance("10. 述职：欧阳建国（8 分钟）") + 40)
        self.agenda_view.activated.connect(lambda index: self.go_to(index.data(KEY_ROLE)))
        self.centre = CurrentPanel(self)
        self.notes = NotesPanel(self.meeting, self)
        self.notes.saved.connect(lambda: self.bus.changed.emit(topics.RUN))
        self.message = MessageLine(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.centre.setMinimumWidth(300)
        self.notes.setMinimumWidth(280)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.agenda_view, 1)
        column.addWidget(self.toolbar.agenda_tools)
        for widget in (left, self.centre, self.notes):
            split.addWidget(widget)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 5)
        split.setStretchFactor(2, 4)
        split.setChildrenCollapsible(False)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        c = self.centre
        c.prev_button.clicked.connect(self.previous)
        c.start_button.clicked.connect(self.toggle_timer)
        c.reset_button.clicked.connect(self.reset_timer)
        c.next_button.clicked.connect(self.next)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        w = self.splitter.width()
        if not getattr(self, "_sized", False) and w > 0:
            self.splitter.setSizes([w * 25 // 100, w * 40 // 100, w * 35 // 100])
            self._sized = True

    # -- state ---------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the agenda and run state from the meeting file."""
        self.items = ag.agenda(self.meeting)
        state = rs.run_state(self.meeting, self.items)
        if self.timer.key != state.current_key or self.timer.running != state.running:
            self.timer.set(state.current_key, state.elapsed_ms, state.running)
        self.current = next(i for i in self.items if i.key == state.current_key)
        self.finalized = self.meeting.finalized
        facts = get_facts(self.meeting)
        self.title = facts.title + (self.tr("（演练）") if self.meeting.rehearsal else "")
        self.model.set_agenda(self.items, state.current_key)
        self.centre.show_item(self.current, self.following())
        self.toolbar.update_state(self)
        self._follow_notes()
        self.tick()

    def following(self) -> ag.AgendaItem | None:
        index = self.items.index(self.current)
        return self.items[index + 1] if index + 1 < len(self.items) else None

    def _follow_notes(self) -> None:
        item = self.current
        if item.key != self._notes_key:
            self._notes_key = item.key
            rid = item.reporter_id or (item.reporters[0].id if item.reporters else None)
            source = ProblemSource.SELF if item.kind == "report" else ProblemSource.SUPERIOR
            self.notes.show_reporter(rid, source)
            row = self.model.row_of(item.key)
            self.agenda_view.setCurrentIndex(self.model.index(row))
        self.notes.set_read_only(self.finalized)

    def on_changed(self, topic: str) -> None:
        if self.meeting.db is None:
            return
        if topic == topics.DECISIONS:
            self._ranking = None
        if topic in (topics.SETUP, topics.FILE):
            self._roster_changed = True
        if self.isVisible() or (self.projector is not None and self.projector.isVisible()):
            self._refresh()
        else:
            self._stale = True  # re-read when shown

    def _refresh(self) -> None:
        self._stale = False
        if self._roster_changed:
            self._roster_changed = False
            self.notes.reload_reporters()
        self.reload()

    def tick(self) -> None:
        """Refresh the timer on screen and on the projector."""
        item = self.current
        face = self.timer.face(item.time_limit_min if item else None)
        self.centre.show_timer(item, face, self.timer.running, self.timer.elapsed_ms())
        if self.projector is not None and self.projector.isVisible():
            self.projector.show_view(self.projector_view(face))

    # -- operations ---------------------------------------------------------------------
    def _call(self, fn, *args, **kwargs):
        """Run a models/ operation; a refusal goes to the message line, never lost silently."""
        try:
            result = fn(self.meeting, *args, **kwargs)
        except PingyiError as exc:
            self.message.show_error(str(exc))
            return None
        self.message.clear()
        return result

    def _changed(self) -> None:
        self.bus.changed.emit(topics.RUN)

    def toggle_timer(self) -> None:
        """Space: start or pause the current item's timer."""
        running = self.timer.running
        fn = rs.pause_timer if running else rs.start_timer
        if self._call(fn, self.timer.elapsed_ms()) is not None:
            self.timer.pause() if running else self.timer.start()
            self._changed()

    def reset_timer(self) -> None:
        if self.timer.elapsed_ms() and not run_dialogs.confirm(
                self, self.tr("计时归零"), self.tr("本项计时和实际开始时间将清除。确定归零吗？")):
            return
        if self._call(rs.reset_timer) is not None:
            self.timer.set(self.current.key, 0, False)
            self._changed()

    def _navigate(self, fn, *args) -> None:
        self.notes.flush()
        state = self._call(fn, *args, elapsed_ms=self.timer.elapsed_ms())
        if state is None:
            return
        item = ag.item_by_key(self.meeting, state.current_key)
        self.timer.set(state.current_key, item.elapsed_ms, state.running)
        self._changed()

    def next(self) -> None:
        self._navigate(rs.next_item)

    def previous(self) -> None:
        self._navigate(rs.previous_item)

    def go_to(self, key: str) -> None:
        if key and key != self.current.key:
            self._navigate(rs.go_to, key)

    def add_comment(self) -> None:
        if self.notes.add_comment() is None:
            self.message.show_info(self.tr("当前议程没有对应的述职人：请先在右侧“记录对象”中选择述职人。"))

    def add_problem(self) -> None:
        if self.notes.add_problem() is None:
            self.message.show_info(self.tr("当前议程没有对应的述职人：请先在右侧“记录对象”中选择述职人。"))

    # -- projector -----------------------------------------------------------------------
    def toggle_projector(self) -> None:
        """F5: open the projector window (second screen, full screen) or close it."""
        if self.projector is not None and self.projector.isVisible():
            self.projector.close()
            return
        if self.projector is None:
            self.projector = ProjectorWindow(self)
            self.projector.closed.connect(lambda: self.toolbar.update_state(self))
        self.projector.show_view(self.projector_view())
        self.projector.present(self.screen())
        self.toolbar.update_state(self)

    def set_announcing(self, on: bool) -> None:
        """公布结果: the projector shows the ranking (only after 定稿)."""
        if on and not self.meeting.finalized:
            self.message.show_error(self.tr("定稿后才能公布结果。"))
            on = False
        if on and self._ranking is None:
            try:
                self._ranking = ranking_rows(self.meeting)
            except (ImportError, PingyiError) as exc:
                self.message.show_error(self.tr("无法读取计票结果：") + str(exc))
                on = False
        self.announcing = on
        if on and (self.projector is None or not self.projector.isVisible()):
            self.toggle_projector()
        self.toolbar.update_state(self)
        self.tick()

    def projector_view(self, face: tuple[str, str] | None = None) -> ProjectorView:
        """What the room sees now."""
        if self.announcing and self.finalized and self._ranking is not None:
            return ProjectorView(self.title, self.tr("述职评议测评结果"), ranking=self._ranking)
        item = self.current
        text, phase = face or self.timer.face(item.time_limit_min)
        name, detail = describe(item)
        upcoming = next_text(self.following())
        instructions = ag.FILLING_INSTRUCTIONS if item.kind == "evaluation" else ()
        return ProjectorView(self.title, item.heading, name, detail, text if item.time_limit_min else "", phase,
                             self.tr("下一项：") + upcoming if upcoming else "", instructions)

    # -- keys ----------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        QApplication.instance().installEventFilter(self)
        if self.meeting.db is not None:
            if self._stale:
                self._refresh()
            self._tick.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self)
        self.notes.flush()
        if self.projector is None or not self.projector.isVisible():
            self._tick.stop()  # nothing on screen shows the clock
        super().hideEvent(event)

    def _owns(self, obj) -> bool:
        if not isinstance(obj, QWidget):
            return False
        if obj is self or self.isAncestorOf(obj):
            return True
        p = self.projector
        return p is not None and (obj is p or p.isAncestorOf(obj))

    @staticmethod
    def _typing(obj) -> bool:
        focus = QApplication.focusWidget()
        for w in (obj, focus):
            if isinstance(w, _TYPING) or (isinstance(w, QComboBox) and w.isEditable()):
                return True
        return False

    def _action_for(self, event, obj):
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods == Qt.KeyboardModifier.NoModifier
        ctrl = mods == Qt.KeyboardModifier.ControlModifier
        ctrl_shift = mods == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if plain and key in (_K.Key_PageDown, _K.Key_PageUp, _K.Key_F5):
            return {_K.Key_PageDown: self.next, _K.Key_PageUp: self.previous, _K.Key_F5: self.toggle_projector}[key]
        if ctrl and key == _K.Key_K:
            return self.add_comment
        if ctrl_shift and key == _K.Key_N:  # 增加 a row, as everywhere else; Ctrl+P stays 打印
            return self.add_problem
        if plain and key in (_K.Key_Space, _K.Key_Right, _K.Key_Left) and not self._typing(obj):
            return {_K.Key_Space: self.toggle_timer, _K.Key_Right: self.next, _K.Key_Left: self.previous}[key]
        return None

    def _presenter_key_elsewhere(self, obj, event) -> bool:
        """A presenter remote's key (PageUp/PageDown, F5) pressed while focus sits elsewhere in this
        window, e.g. in the stage list the clerk just clicked: it still drives the meeting."""
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        return (plain and event.key() in (_K.Key_PageDown, _K.Key_PageUp, _K.Key_F5)
                and isinstance(obj, QWidget) and obj.window() is self.window())

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not (self._owns(obj) or self._presenter_key_elsewhere(obj, event)):
            return False
        action = self._action_for(event, obj)
        if action is None:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
            action()
        return True

    # -- closing ----------------------------------------------------------------------------------
    def _closing(self) -> None:
        """The meeting file is about to close: save what is typed, stop the clock display."""
        try:
            self.notes.flush()
            self._tick.stop()
            if self.projector is not None:
                self.projector.close()
        except RuntimeError:  # the widgets are already gone
            pass

    def closeEvent(self, event) -> None:
        self.notes.flush()
        super().closeEvent(event)

