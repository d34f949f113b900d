"""述职材料 — per reporter: 报告 ✓ 2,318 字 / 自我评价 ✓ 152 字 / 缺 / 超限, the text previewed; attach by file,
by a folder of files named by reporter, or by dropping files or folders on the screen; the chair's speech and
the meeting's 点评; print the 汇编.

Every change goes through ``models.materials`` (one audited transaction; allowed after 定稿, outside the
results' fingerprint) and is announced on the bus; the screen then re-reads the meeting file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.documents.workbook import write_file_atomically
from models.errors import PingyiError
from models.materials import (
    REPORT_LIMIT,
    SELF_EVAL_RANGE,
    attach_file,
    attach_files,
    attach_folder,
    booklet_data,
    materials_status,
    remove_material,
    set_remarks_text,
)
from models.materials.folder import folder_files
from models.materials.store import Material
from printing.documents.booklet import render_booklet

from . import materials_dialogs
from .documents_worker import Job
from .materials_table_model import MaterialsTableModel

TOPIC = "materials"  # the bus topic of a change here (打印与归档 re-reads the 备案 state on any topic)


class MaterialsStage(QWidget):
    """The materials screen."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.jobs: list[Job] = []
        self.model = MaterialsTableModel(parent=self)
        self._build()
        self.setAcceptDrops(True)  # files or a folder dragged from the file manager
        bus.changed.connect(lambda _topic: self.refresh())
        self.refresh()
        self.table.selectRow(0)

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        low, high = SELF_EVAL_RANGE
        rule = QLabel(
            self.tr(
                "述职报告控制在 {limit} 字以内，自我评价约 150 字（{low}–{high} 字）；字数按 Word“字数统计”计算。"
                "按文件夹添加时，文件名须含述职人姓名和“述职报告”或“自我评价”，例如 张三-述职报告.docx；也可把文件或文件夹拖到此处。"
            ).format(limit=f"{REPORT_LIMIT:,}", low=low, high=high),
            wordWrap=True,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.file_label = QLabel(wordWrap=True)
        self.previews = QTabWidget()
        self.report_text, self.self_eval_text = QPlainTextEdit(readOnly=True), QPlainTextEdit(readOnly=True)
        self.previews.addTab(self.report_text, self.tr("述职报告"))
        self.previews.addTab(self.self_eval_text, self.tr("自我评价"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.file_label)
        right_layout.addWidget(self.previews, 1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.meeting_label = QLabel(wordWrap=True)
        self.status = QLabel(wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addLayout(self._buttons())
        layout.addWidget(splitter, 1)
        layout.addWidget(self.meeting_label)
        layout.addWidget(self.status)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        specs = (
            (
                "folder_button",
                self.tr("按文件夹添加…"),
                "Alt+F",
                self.tr("选择一个文件夹，按文件名中的姓名逐个匹配"),
                self.add_folder,
            ),
            (
                "report_button",
                self.tr("添加述职报告…"),
                "Alt+R",
                self.tr("为选中的述职人添加或替换述职报告"),
                lambda: self.add_file("report"),
            ),
            (
                "self_eval_button",
                self.tr("添加自我评价…"),
                "Alt+E",
                self.tr("为选中的述职人添加或替换自我评价"),
                lambda: self.add_file("self_eval"),
            ),
            (
                "speech_button",
                self.tr("书记讲话…"),
                "Alt+S",
                self.tr("添加党组织书记在会上的讲话"),
                lambda: self.add_file("speech"),
            ),
            (
                "remove_button",
                self.tr("移除…"),
                "Delete",
                self.tr("移除选中述职人在预览中显示的那份材料（旧文件的名称和 SHA-256 留在审计日志中）"),
                self.remove_shown,
            ),
            ("remarks_button", self.tr("会议点评…"), "Alt+M", self.tr("填写对本次述职的总体点评"), self.edit_remarks),
            (
                "booklet_button",
                self.tr("打印汇编…"),
                "Alt+B",
                self.tr("把全部述职报告和自我评价汇编成一份 PDF"),
                self.save_booklet,
            ),
        )
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for name, text, keys, tip, slot in specs:
            button = QPushButton(text)
            button.setToolTip(f"{tip}（{keys}）")
            button.clicked.connect(slot)
            setattr(self, name, button)
            row.addWidget(button)
            QShortcut(QKeySequence(keys), self, context=context, activated=slot)
        row.addStretch(1)
        return row

    # -- state -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read every reporter's materials and the meeting's; keep the selected row."""
        row = max(0, self.table.currentIndex().row())
        self.state = materials_status(self.meeting)
        self.model.set_rows(self.state.reporters)
        if self.state.reporters:
            self.table.selectRow(min(row, len(self.state.reporters) - 1))
        rows = self.state.reporters
        self.meeting_label.setText(
            self.tr(
                "述职报告 {reports}/{total} 份（超限 {over}）　自我评价 {evals}/{total} 份（偏多或偏少 {off}）　"
                "书记讲话：{speech}　会议点评：{remarks}"
            ).format(
                reports=sum(r.report is not None for r in rows),
                evals=sum(r.self_eval is not None for r in rows),
                total=len(rows),
                over=sum(r.report_over for r in rows),
                off=sum(r.self_eval_off for r in rows),
                speech=self._describe(self.state.speech),
                remarks=self._describe(self.state.remarks),
            )
        )
        self._show_selected()

    def _describe(self, material: Material | None) -> str:
        if material is None:
            return self.tr("未添加")
        return self.tr("{file}（{n} 字）").format(file=material.file_name, n=f"{material.chars:,}")

    def selected(self):
        return self.model.row_at(self.table.currentIndex().row())

    def _show_selected(self) -> None:
        r = self.selected()
        for button in (self.report_button, self.self_eval_button):
            button.setEnabled(r is not None)
        if r is None:
            self.file_label.setText(self.tr("尚未录入述职人。请先在“准备”中录入名单。"))
            self.report_text.setPlainText("")
            self.self_eval_text.setPlainText("")
            return
        parts = [f"{r.seq}　{r.name}　{r.unit}"]
        for label, material in ((self.tr("述职报告"), r.report), (self.tr("自我评价"), r.self_eval)):
            parts.append(f"{label}：" + (self._describe(material) if material else self.tr("缺")))
        self.file_label.setText("　".join(parts))
        self.report_text.setPlainText(r.report.text if r.report else self.tr("（尚未添加述职报告）"))
        self.self_eval_text.setPlainText(r.self_eval.text if r.self_eval else self.tr("（尚未添加自我评价）"))

    def _say(self, text: str, ok: bool = True) -> None:
        self.status.setStyleSheet("" if ok else "color: #b00020;")
        self.status.setText(text)

    # -- actions ---------------------------------------------------------------------
    def add_file(self, kind: str) -> None:
        r = self.selected()
        if kind in ("report", "self_eval") and r is None:
            return
        title = {
            "report": self.tr("选择 {name} 的述职报告"),
            "self_eval": self.tr("选择 {name} 的自我评价"),
            "speech": self.tr("选择党组织书记讲话"),
        }[kind].format(name=r.name if r else "")
        path = materials_dialogs.ask_file(self, title)
        if not path:
            return
        try:
            done = attach_file(self.meeting, kind, path, r.seq if kind in ("report", "self_eval") else None)
        except PingyiError as err:
            self._say(str(err), False)
            return
        m = done.material
        self._say(
            self.tr("已添加：{label} {file}（{n} 字）").format(label=m.label, file=m.file_name, n=f"{m.chars:,}")
            if done.changed
            else self.tr("未改变：{file} 与已添加的{label}完全相同。").format(file=m.file_name, label=m.label)
        )
        self.bus.changed.emit(TOPIC)

    def add_folder(self) -> None:
        folder = materials_dialogs.ask_folder(self)
        if folder:
            self._attach_many(lambda: attach_folder(self.meeting, folder))

    def attach_dropped(self, paths: list[Path]) -> None:
        """Files and folders dropped on the screen: matched by their names like a folder's files."""
        files = [p for p in paths if p.is_file()]
        try:
            for folder in (p for p in paths if p.is_dir()):
                files += folder_files(folder)
        except PingyiError as err:
            self._say(str(err), False)
            return
        self._attach_many(lambda: attach_files(self.meeting, files, "拖入述职材料"))

    def _attach_many(self, attach) -> None:
        try:
            result = attach()
        except PingyiError as err:
            self._say(str(err), False)
            return
        changed = sum(a.changed for a in result.attached)
        lines = [
            self.tr("已添加或替换 {n} 份，{same} 份与已添加的相同。").format(
                n=changed, same=len(result.attached) - changed
            )
        ]
        lines += [self.tr("未匹配：{file}——{why}").format(file=m.file_name, why=m.reason) for m in result.unmatched]
        self._say("\n".join(lines), not result.unmatched)
        self.bus.changed.emit(TOPIC)

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if paths:
            self.attach_dropped(paths)

    def remove_shown(self) -> None:
        """Remove the selected reporter's material shown in the preview (述职报告 or 自我评价), after asking."""
        r = self.selected()
        kind = ("report", "self_eval")[self.previews.currentIndex()]
        material = r and (r.report if kind == "report" else r.self_eval)
        if not material:
            return
        if not materials_dialogs.confirm_remove(self, f"{r.seq} 号 {r.name}的{material.label} {material.file_name}"):
            return
        try:
            remove_material(self.meeting, kind, r.seq)
        except PingyiError as err:
            self._say(str(err), False)
            return
        self._say(self.tr("已移除：{what}").format(what=f"{r.name}的{material.label} {material.file_name}"))
        self.bus.changed.emit(TOPIC)

    def edit_remarks(self) -> None:
        current = self.state.remarks.text if self.state.remarks else ""
        text = materials_dialogs.ask_remarks(self, current)
        if text is None:
            return
        try:
            set_remarks_text(self.meeting, text)
        except PingyiError as err:
            self._say(str(err), False)
            return
        self._say(self.tr("已保存会议点评。"))
        self.bus.changed.emit(TOPIC)

    def save_booklet(self) -> None:
        if self.jobs and self.pool.activeThreadCount():
            return
        path = materials_dialogs.ask_booklet_path(self)
        if not path:
            return
        path = path if path.lower().endswith(".pdf") else path + ".pdf"
        data = booklet_data(self.meeting)  # gathered here; rendered and written in the worker
        job = Job(lambda progress: write_file_atomically(path, render_booklet(data), ".pdf"))
        job.signals.done.connect(lambda target: self._say(self.tr("已保存述职报告汇编：{path}").format(path=target)))
        job.signals.failed.connect(lambda why: self._say(self.tr("未能保存汇编：{why}").format(why=why), False))
        self.jobs = [j for j in self.jobs if self.pool.activeThreadCount()] + [job]
        self._say(self.tr("正在生成述职报告汇编……"))
        self.pool.start(job)
