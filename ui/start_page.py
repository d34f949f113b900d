"""The start page: 新建会议, 打开, 打开示例会议 and the recently opened files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .recent_files import RecentFiles
from .setup_widgets import make_action

MISSING = QColor("#9a9a9a")


def tr(text: str) -> str:
    return QCoreApplication.translate("start", text)


class StartPage(QWidget):
    """Asks the window to open something; it opens nothing itself."""

    new_requested = Signal()
    open_requested = Signal(str)  # "" = ask with a file dialog
    demo_requested = Signal()

    def __init__(self, recent: RecentFiles, parent=None):
        super().__init__(parent)
        self.recent = recent
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        outer.setSpacing(40)
        outer.addLayout(self._actions_column(), 0)
        outer.addLayout(self._recent_column(), 1)
        self.refresh()

    def _actions_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        title = QLabel("Pingyi 评议", self)
        title.setStyleSheet("font-size: 26pt; font-weight: bold;")
        subtitle = QLabel(tr("党组织书记抓基层党建工作述职评议会\n会务工具：准备、会议、测评、计票、归档"), self)
        subtitle.setStyleSheet("color: #555555;")
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(24)
        self.new_button = self._button(tr("新建会议…"), "Ctrl+N", self.new_requested.emit)
        self.open_button = self._button(tr("打开会议文件…"), "Ctrl+O", lambda: self.open_requested.emit(""))
        self.demo_button = self._button(tr("打开示例会议"), "", self.demo_requested.emit)
        for button in (self.new_button, self.open_button, self.demo_button):
            column.addWidget(button)
        column.addStretch(1)
        return column

    def _button(self, text: str, shortcut: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumSize(240, 44)
        button.setToolTip(f"{text}（{shortcut}）" if shortcut else text)
        button.clicked.connect(slot)
        return button

    def _recent_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(10)
        heading = QLabel(tr("最近打开"), self)
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        column.addWidget(heading)
        self.list = QListWidget(self)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.list.itemActivated.connect(self._open_item)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        column.addWidget(self.list, 1)
        self.empty_note = QLabel(tr("还没有打开过会议文件。可以先打开示例会议看看。"), self)
        self.empty_note.setStyleSheet("color: #777777;")
        column.addWidget(self.empty_note)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.open_selected = QPushButton(tr("打开所选"), self)
        self.open_selected.setToolTip(tr("打开所选文件（Enter，或双击）"))
        self.open_selected.clicked.connect(lambda: self._open_item(self.list.currentItem()))
        self.remove_button = QPushButton(tr("从列表中移除"), self)
        self.remove_button.setToolTip(tr("从列表中移除所选文件（Delete），文件本身不会删除"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.prune_button = QPushButton(tr("移除所有不存在的文件"), self)
        self.prune_button.clicked.connect(self.remove_missing)
        for button in (self.open_selected, self.remove_button, self.prune_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        remove = make_action(self.list, tr("从列表中移除"), "Delete", self.remove_selected)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        return column

    # -- the recent list ----------------------------------------------------------
    def refresh(self) -> None:
        self.list.clear()
        for path in self.recent.paths():
            self.list.addItem(self._item(path))
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty_note.setVisible(self.list.count() == 0)
        self.prune_button.setVisible(any(not p.exists() for p in self.recent.paths()))
        self._update_buttons()

    def _item(self, path: Path) -> QListWidgetItem:
        exists = path.exists()
        text = f"{path.name}\n{path.parent}" + ("" if exists else tr("　（文件已不存在）"))
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        if not exists:
            item.setForeground(MISSING)
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
        return item

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        self.open_selected.setEnabled(item is not None and Path(item.data(Qt.ItemDataRole.UserRole)).exists())
        self.remove_button.setEnabled(item is not None)

    def _open_item(self, item) -> None:
        if item is not None:
            self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        row = self.list.currentRow()
        self.recent.remove(item.data(Qt.ItemDataRole.UserRole))
        self.refresh()
        self.list.setCurrentRow(min(row, self.list.count() - 1))

    def remove_missing(self) -> None:
        self.recent.remove_missing()
        self.refresh()
