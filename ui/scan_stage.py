"""扫描 — read the returned forms from a scanner's folder (or chosen files) while the meeting goes on.

Reading runs in a worker thread (and one process per core); each page is stored on the GUI thread
as it comes.  The counts — read, waiting for review, refused — are always on screen.  Tabs: 审核
(the review queue), 已读入 (every page; double-click shows it with the read marks in red), 未读入
(refused pages with their reason and image).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import scans
from models.errors import PingyiError
from scanning import view
from scanning.images import IMAGE_SUFFIXES
from scanning.read import FormShape

from .bus import BALLOTS
from .scan_review import ReviewPanel, to_pixmap
from .scan_worker import ScanReader

STATUS_TEXT = {"read": "已读入", "review": "待审核", "refused": "未读入", "duplicate": "重复", "incomplete": "缺页"}
POLL_MS = 1500


class ScanStage(QWidget):
    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.reader: ScanReader | None = None
        self.queue: list[Path] = []
        self.folder: Path | None = None
        self.seen: dict[Path, int] = {}  # file → size at the last look (read once it stops growing)
        self.done_files: set[Path] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self._build()
        bus.changed.connect(lambda topic: self.refresh() if topic == BALLOTS else None)
        self.refresh()

    def _build(self) -> None:
        self.files_button = QPushButton(self.tr("读入文件…"), self)
        self.files_button.clicked.connect(self.choose_files)
        self.watch_button = QPushButton(self.tr("监视文件夹…"), self)
        self.watch_button.clicked.connect(self.choose_folder)
        self.stop_button = QPushButton(self.tr("停止监视"), self)
        self.stop_button.clicked.connect(self.stop_watching)
        self.cancel_button = QPushButton(self.tr("取消读入"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.watching = QLabel(self)
        self.counts = QLabel(self)
        self.counts.setObjectName("scanCounts")
        self.counts.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("%v / %m 个文件"))
        self.progress.hide()  # shown while files are read
        top = QHBoxLayout()
        for widget in (self.files_button, self.watch_button, self.stop_button, self.cancel_button):
            top.addWidget(widget)
        top.addWidget(self.watching, 1)
        self.review = ReviewPanel(self.meeting, self)
        self.review.decided.connect(self._after_decision)
        self.pages = QTableWidget(0, 6, self)
        self.pages.setHorizontalHeaderLabels([self.tr(t) for t in ("文件", "页", "编号", "表页", "状态", "说明")])
        self.pages.horizontalHeader().setStretchLastSection(True)
        self.pages.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.pages.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.pages.cellDoubleClicked.connect(lambda row, _: self.show_page(self._page_ids[row]))
        self.refused = QTableWidget(0, 3, self)
        self.refused.setHorizontalHeaderLabels([self.tr("文件"), self.tr("页"), self.tr("原因")])
        self.refused.horizontalHeader().setStretchLastSection(True)
        self.refused.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.refused.cellDoubleClicked.connect(lambda row, _: self.show_page(self._refused_ids[row]))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.review, self.tr("审核"))
        self.tabs.addTab(self.pages, self.tr("已读入的页"))
        self.tabs.addTab(self.refused, self.tr("未读入的页"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        self._page_ids: list[int] = []
        self._refused_ids: list[int] = []
        self._update_buttons()

    # -- what is on screen ------------------------------------------------------------------------
    def refresh(self) -> None:
        c = scans.scan_counts(self.meeting)
        self.counts.setText(
            self.tr("已读入 %1 页 · 待审核 %2 条 · 未读入 %3 页 · 扫描计入 %4 张")
            .replace("%1", str(c.read))
            .replace("%2", str(c.waiting))
            .replace("%3", str(c.refused))
            .replace("%4", str(c.ballots))
        )
        self.tabs.setTabText(0, self.tr("审核（%1）").replace("%1", str(c.waiting)))
        pages = scans.list_pages(self.meeting)
        self._page_ids = [p.id for p in pages]
        self.pages.setRowCount(len(pages))
        for row, p in enumerate(pages):
            status = "review" if p.waiting else p.status
            values = (
                p.file_name,
                str(p.page_index + 1),
                p.serial or "",
                "" if p.form_page is None else str(p.form_page + 1),
                STATUS_TEXT.get(status, status),
                self.tr("%1 行待审核").replace("%1", str(p.waiting)) if p.waiting else p.reason,
            )
            for col, text in enumerate(values):
                self.pages.setItem(row, col, QTableWidgetItem(text))
        refused = scans.refused_pages(self.meeting)
        self._refused_ids = [r.page_id for r in refused]
        self.refused.setRowCount(len(refused))
        for row, r in enumerate(refused):
            for col, text in enumerate((r.file_name, str(r.page_index + 1), r.reason)):
                self.refused.setItem(row, col, QTableWidgetItem(text))
        self.pages.resizeColumnsToContents()
        self.refused.resizeColumnToContents(0)
        self.review.refresh()

    def _after_decision(self) -> None:
        self.bus.changed.emit(BALLOTS)

    def _update_buttons(self) -> None:
        busy = self.reader is not None
        self.cancel_button.setEnabled(busy)
        self.stop_button.setEnabled(self.folder is not None)
        self.watching.setText(self.tr("正在监视：%1").replace("%1", str(self.folder)) if self.folder else "")

    # -- reading ------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        pattern = self.tr("扫描文件") + " (" + " ".join(f"*{s}" for s in IMAGE_SUFFIXES) + ")"
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择扫描文件"), "", pattern)
        self.read([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择扫描仪保存文件的文件夹"))
        if folder:
            self.watch(Path(folder))

    def watch(self, folder: Path) -> None:
        """Read what is in ``folder`` now, then every new file as the scanner finishes writing it."""
        self.folder, self.seen = folder, {}
        self.timer.start()
        self._update_buttons()
        self._poll()

    def stop_watching(self) -> None:
        self.timer.stop()
        self.folder = None
        self._update_buttons()

    def _poll(self) -> None:
        if self.folder is None:
            return
        try:
            files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
        except OSError:
            return
        ready = []
        for path in files:
            if path in self.done_files:
                continue
            size = path.stat().st_size
            if self.seen.get(path) == size and size > 0:  # stopped growing: the scanner is done with it
                ready.append(path)
            self.seen[path] = size
        if ready:
            self.done_files.update(ready)
            self.read(ready)

    def read(self, paths: list[Path]) -> None:
        if not paths:
            return
        self.queue.extend(paths)
        if self.reader is None:
            self._start()

    def _start(self) -> None:
        paths, self.queue = self.queue, []
        shape = FormShape(*scans.form_shape(self.meeting))
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self._files_done: set[str] = set()
        self.reader = ScanReader(paths, shape, self)
        self.reader.page.connect(self._store)
        self.reader.failed.connect(lambda text: self.review.message.setText(text))
        self.reader.finished.connect(self._finished)
        self.reader.start()
        self._update_buttons()

    def _store(self, record, data) -> None:
        try:
            scans.store_page(self.meeting, record, data)
        except PingyiError as exc:
            self.review.message.setText(str(exc))
            self.cancel()
            return
        self._files_done.add(record.file_name)
        self.progress.setValue(len(self._files_done))
        self.bus.changed.emit(BALLOTS)

    def cancel(self) -> None:
        if self.reader is not None:
            self.reader.cancel()

    def _finished(self) -> None:
        self.reader = None
        self.progress.hide()
        self._update_buttons()
        self.refresh()
        if self.queue:
            self._start()

    # -- pictures ----------------------------------------------------------------------------------
    def show_page(self, page_id: int) -> None:
        try:
            dialog = PageDialog(self.meeting, page_id, self)
        except PingyiError as exc:
            self.review.message.setText(str(exc))
            return
        dialog.exec()


class PageDialog(QDialog):
    """A stored page upright, the boxes read as marked in red (doubtful in orange)."""

    def __init__(self, meeting, page_id: int, parent=None):
        super().__init__(parent)
        data, suffix, index, to_page, rows = scans.page_evidence(meeting, page_id)
        page = scans.page_caption(meeting, page_id)
        canon = view.upright_page(data, suffix, index, to_page)
        if rows and page[2] is not None:
            rids, iids = scans.cell_ids(meeting)
            spots = FormShape(*scans.form_shape(meeting)).spots(page[2])
            canon = view.marked_page(canon, spots, rows, lambda r, i: (rids[r], iids[i]))
        self.setWindowTitle(self.tr("扫描页 %1").replace("%1", page[1] or page[0]))
        label = QLabel(self)
        label.setPixmap(to_pixmap(canon, 760))
        scroller = QScrollArea(self)
        scroller.setWidget(label)
        legend = self.tr("红框：读到的勾选；橙框：看不准，需审核")
        caption = QLabel(f"{page[0]} · {page[1] or self.tr('编号未知')} · {page[3] or legend}", self)
        caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(scroller, 1)
        self.resize(820, 700)
        self.scroller = scroller
        self.label = label
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
