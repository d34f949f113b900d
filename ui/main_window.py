"""The main window: start page or the stages of the open meeting, menus, status line."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget
from shiboken6 import Shiboken

from models import setup
from models.errors import FileLocked, FileRefused, PingyiError
from models.meeting import SUFFIX, Meeting

from .bus import FILE, MeetingBus
from .file_dialogs import ReadOnlyBanner, backup_warning, refused_open
from .new_meeting_wizard import NewMeetingWizard
from .recent_files import RecentFiles
from .stages import STAGES, Workspace, stage_shortcut
from .start_page import StartPage
from .station_merge import MergeStationsDialog
from .station_status import StationBanner, make_station_here, station_status

FILE_FILTER = "Pingyi 会议文件 (*.pingyi)"
DEMO_NAME = "示例会议.pingyi"
BALLOT_STATUS_DELAY_MS = 250


def tr(text: str) -> str:
    return QCoreApplication.translate("main", text)


class MainWindow(QMainWindow):
    """One window, at most one open meeting.  Closing the window closes the meeting."""

    def __init__(self, bus: MeetingBus, recent: RecentFiles, home: Path, parent=None):
        super().__init__(parent)
        self.bus, self.recent, self.home = bus, recent, Path(home)
        self.meeting: Meeting | None = None
        self.workspace: Workspace | None = None
        self.wizard = None
        self.pages = QStackedWidget(self)
        self.start_page = StartPage(recent, self.pages)
        self.start_page.new_requested.connect(self.new_meeting)
        self.start_page.open_requested.connect(lambda path: self.open_path(path) if path else self.ask_open())
        self.start_page.demo_requested.connect(self.open_demo)
        self.pages.addWidget(self.start_page)
        self.setCentralWidget(self.pages)
        self._build_menus()
        self._build_status()
        # counting ballots costs a little with thousands of them: once per burst of saves
        self._ballots_timer = QTimer(self, singleShot=True, interval=BALLOT_STATUS_DELAY_MS)
        self._ballots_timer.timeout.connect(self._refresh_ballots)
        bus.changed.connect(self._changed)
        self._update_state()

    # -- menus ----------------------------------------------------------------------
    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.rstrip('…')}（{shown}）")
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        # kept on the window: a menu's Python wrapper must outlive this method (shiboken may hand a
        # stale wrapper back from QAction.menu() once the local one is gone)
        self.file_menu = file_menu = bar.addMenu(tr("文件(&F)"))
        file_menu.setToolTipsVisible(True)
        self._action(file_menu, tr("新建会议…"), QKeySequence.StandardKey.New, self.new_meeting)
        self._action(file_menu, tr("打开…"), QKeySequence.StandardKey.Open, self.ask_open)
        self._action(file_menu, tr("打开示例会议"), None, self.open_demo)
        self.recent_menu = file_menu.addMenu(tr("最近打开"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.save_as_action = self._action(file_menu, tr("另存为…"), "Ctrl+Shift+S", self.save_as)
        self.close_action = self._action(file_menu, tr("关闭会议"), "Ctrl+W", self.close_meeting)
        file_menu.addSeparator()
        self.make_station_action = self._action(file_menu, tr("制作录入机…"), None, self.make_station)
        self.merge_action = self._action(file_menu, tr("合并录入机…"), None, self.merge_stations)
        file_menu.addSeparator()
        self._action(file_menu, tr("退出"), "Ctrl+Q", self.close)
        stage_menu = bar.addMenu(tr("阶段(&S)"))
        self.stage_actions = [
            self._action(stage_menu, f"&{n % 10} {spec.title}" if n <= 10 else spec.title, stage_shortcut(n) or None,
                         lambda i=n - 1: self.show_stage(i))
            for n, spec in enumerate(STAGES, start=1)
        ]
        help_menu = bar.addMenu(tr("帮助(&H)"))
        self._action(help_menu, tr("关于 Pingyi 评议"), None, self.about)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.paths()
        for path in paths:
            action = self.recent_menu.addAction(str(path) if path.exists() else f"{path}{tr('（文件已不存在）')}")
            action.setEnabled(path.exists())
            action.triggered.connect(lambda *_, p=path: self.open_path(p))
        if not paths:
            self.recent_menu.addAction(tr("（空）")).setEnabled(False)
        elif any(not p.exists() for p in paths):
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(tr("移除不存在的文件"), self._remove_missing)

    def _remove_missing(self) -> None:
        self.recent.remove_missing()
        self.start_page.refresh()

    # -- status line -------------------------------------------------------------------
    def _build_status(self) -> None:
        self.file_label, self.saved_label, self.ballots_label = QLabel(), QLabel(), QLabel()
        self.stations_label = QLabel()  # 录入机: per station what was merged and when
        for label in (self.file_label, self.saved_label, self.ballots_label, self.stations_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.station_banner = StationBanner(self)
        self.addToolBar(self.station_banner)
        self.read_only_banner = ReadOnlyBanner(self)  # a file opened read-only: what works, the way out
        self.addToolBar(self.read_only_banner)

    def _changed(self, topic: str) -> None:
        self.refresh_status(ballots_now=False)

    def refresh_status(self, ballots_now: bool = True) -> None:
        """File name, last commit time and entry/reconciliation state (soon after, when not ``ballots_now``)."""
        meeting = self.meeting
        if meeting is None:
            for label in (self.file_label, self.saved_label, self.ballots_label, self.stations_label):
                label.setText("")
            return
        self.file_label.setText(tr("文件：{0}").format(meeting.path.name))
        self.file_label.setToolTip(str(meeting.path))
        self.saved_label.setText(tr("最后保存：{0}").format(_last_commit(meeting)))
        warning = backup_warning(meeting)  # a backup that could not be written warns once
        if warning:
            self.statusBar().showMessage(warning, 60000)
        self.setWindowTitle(window_title(meeting))
        if ballots_now:
            self._refresh_ballots()
        else:
            self._ballots_timer.start()

    def _refresh_ballots(self) -> None:
        if self.meeting is not None:
            self.ballots_label.setText(ballot_status(self.meeting))
            text, tip = station_status(self.meeting, _dt.date.today().isoformat())
            self.stations_label.setText(text)
            self.stations_label.setToolTip(tip)

    def _update_state(self) -> None:
        is_open = self.meeting is not None
        for action in [self.save_as_action, self.close_action, *self.stage_actions]:
            action.setEnabled(is_open)
        is_main = is_open and self.meeting.station_name is None
        self.make_station_action.setEnabled(is_main)
        self.merge_action.setEnabled(is_main)
        self.station_banner.show_for(self.meeting)
        self.read_only_banner.show_for(self.meeting)
        if not is_open:
            self.setWindowTitle("Pingyi 评议")
        self.refresh_status()

    # -- opening and closing ----------------------------------------------------------
    def ask_open(self) -> None:
        start = str(self.meeting.path.parent if self.meeting else self.home)
        path, _ = QFileDialog.getOpenFileName(self, tr("打开会议文件"), start, tr(FILE_FILTER))
        if path:
            self.open_path(path)

    def open_path(self, path) -> bool:
        """Open a meeting file; a refusal is shown as a message and the current state kept."""
        path = Path(path)
        if self.meeting is not None and path.resolve() == self.meeting.path.resolve():
            self.pages.setCurrentWidget(self.workspace)
            return True
        try:
            meeting = Meeting.open(path)
        except PingyiError as err:
            restored = refused_open(self, err)  # a damaged file: offers a copy of its newest good backup
            self.start_page.refresh()
            return self.open_path(restored) if restored is not None else False
        self.adopt(meeting)
        return True

    def adopt(self, meeting: Meeting) -> None:
        """Show ``meeting`` (already open and locked), closing the previous one."""
        self.close_meeting()
        from models.meeting import backup  # rolling backups beside the file

        backup.install(meeting)
        self.meeting = meeting
        self.recent.add(meeting.path)
        self.start_page.refresh()
        self.workspace = Workspace(meeting, self.bus, self.pages)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self._update_state()

    def close_meeting(self) -> None:
        """Back to the start page; the file is closed and its lock released."""
        if self.meeting is None:
            return
        meeting, workspace = self.meeting, self.workspace
        self.meeting = self.workspace = None
        self.pages.setCurrentWidget(self.start_page)
        if workspace is not None:
            self.pages.removeWidget(workspace)
            # now, not later: its stages must not hear the bus once the file is closed
            Shiboken.delete(workspace)
        try:
            meeting.close()
        except PingyiError as err:
            self.refused(tr("关闭会议文件时出错"), err)
        self._update_state()

    def new_meeting(self) -> None:
        self.wizard = NewMeetingWizard(self.home, self)
        self.wizard.created.connect(self.adopt)
        self.wizard.open()

    def open_demo(self) -> None:
        """A fresh demo meeting in the user's Pingyi folder (the previous demo is replaced)."""
        path = self.home / DEMO_NAME
        if self.meeting is not None and self.meeting.path.resolve() == path.resolve():
            self.close_meeting()
        try:
            fresh_demo(path)
        except PingyiError as err:
            self.refused(tr("无法创建示例会议"), err)
            return
        self.open_path(path)

    def save_as(self) -> None:
        if self.meeting is None:
            return
        proposed = str(self.meeting.path.with_name(self.meeting.path.stem + "-副本" + SUFFIX))
        target, _ = QFileDialog.getSaveFileName(self, tr("另存为"), proposed, tr(FILE_FILTER))
        if not target:
            return
        target = Path(target if target.lower().endswith(SUFFIX) else target + SUFFIX)
        try:
            copy_meeting_file(self.meeting, target)
        except PingyiError as err:
            self.refused(tr("无法另存为"), err)
            return
        if self.open_path(target):
            self.statusBar().showMessage(tr("已另存为 {0}，现在编辑的是这个新文件。").format(target), 8000)

    # -- stations (录入机) ------------------------------------------------------------------
    def make_station(self) -> None:
        try:
            message = make_station_here(self, self.meeting)
        except PingyiError as err:
            self.refused(tr("无法制作录入机"), err)
            return
        if message:
            self.bus.changed.emit(FILE)
            self.statusBar().showMessage(message, 10000)

    def merge_stations(self) -> None:
        dialog = MergeStationsDialog(self.meeting, self.bus, self)
        if dialog.pick() and dialog.exec() and dialog.merged is not None:
            self.statusBar().showMessage(dialog.outcome(), 10000)
        self.refresh_status()

    # -- navigation and the rest -----------------------------------------------------------
    def show_stage(self, index: int) -> None:
        if self.workspace is not None:
            self.workspace.show_stage(index)

    def refused(self, title: str, err: PingyiError) -> None:
        QMessageBox.warning(self, title, str(err))

    def about(self) -> None:
        QMessageBox.about(self, tr("关于 Pingyi 评议"), tr(
            "Pingyi 评议：党组织书记抓基层党建工作述职评议会会务工具。\n"
            "离线使用；一次会议保存为一个 .pingyi 文件，每次修改立即保存并记入审计日志。"))

    def closeEvent(self, event) -> None:
        self.close_meeting()
        event.accept()


def window_title(meeting: Meeting) -> str:
    facts = setup.get_facts(meeting)
    marks = (tr("［演练］") if facts.rehearsal else "") + (tr("［已定稿］") if meeting.finalized else "")
    marks += tr("［录入机：{0}］").format(meeting.station_name) if meeting.station_name is not None else ""
    return f"{facts.title or meeting.path.stem}{marks} — {meeting.path.name} — Pingyi 评议"


def _last_commit(meeting: Meeting) -> str:
    if meeting.last_commit_at:
        return meeting.last_commit_at
    try:
        return _dt.datetime.fromtimestamp(meeting.path.stat().st_mtime).replace(microsecond=0).isoformat(sep=" ")
    except OSError:
        return "—"


def ballot_status(meeting: Meeting) -> str:
    """“一录 N 张 · 二录 M 张 · 已核对 … · 待核对 …”, or “尚未录入选票” before any ballot exists."""
    from models.ballots import entry_summary

    from .ballot_words import ballot_counts  # the same words as 录入 and 核对

    return ballot_counts(entry_summary(meeting))


# -- files ------------------------------------------------------------------------------
def copy_meeting_file(meeting: Meeting, target: Path) -> None:
    """另存为: a consistent copy written by models.meeting.backup (temporary name, then renamed)."""
    from models.meeting.backup import save_copy

    try:
        save_copy(meeting, target)
    except FileLocked:
        raise
    except PingyiError as err:
        raise FileRefused(str(err)) from err


def fresh_demo(path: Path) -> None:
    """Replace the demo meeting at ``path`` with a new one (refused while another window has it open)."""
    from models.demo import create_demo
    from models.meeting.lock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path).acquire()
    try:
        path.unlink(missing_ok=True)
    finally:
        lock.release()
    create_demo(path, run=True)  # held: every document and screen shows real content
