"""述职材料 screen driven by keys: attach by folder and by file, counts and flags per reporter, preview,
bad files refused in Chinese, the meeting's 点评, the 汇编 saved in the background."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from models.meeting import Meeting
from models.setup import list_reporters
from tests.models.materials.samples import (
    chinese_text,
    make_docx,
    make_renamed_zip,
    make_report_docx,
    make_self_eval_docx,
)
from tests.printing.pdftext import flat, pages_text
from ui import materials_dialogs
from ui.bus import MeetingBus
from ui.materials_stage import MaterialsStage
from ui.materials_table_model import ALERT, OK, REPORT_COLUMN, SELF_EVAL_COLUMN


@pytest.fixture
def stage(draft_path, tmp_path, qtbot):
    path = tmp_path / "m.pingyi"
    shutil.copy(draft_path, path)
    meeting = Meeting.open(path)
    widget = MaterialsStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    yield widget
    meeting.close()


@pytest.fixture
def folder(stage, tmp_path):
    names = [r.name for r in list_reporters(stage.meeting)]
    out = tmp_path / "材料"
    make_report_docx(out / f"{names[0]}-述职报告.docx", names[0], 2400)
    make_self_eval_docx(out / f"{names[0]}-自我评价.docx", names[0], 150)
    make_report_docx(out / f"{names[1]}-述职报告.docx", names[1], 2700)
    make_self_eval_docx(out / f"{names[1]}-自我评价.docx", names[1], 400)
    make_docx(out / "书记讲话.docx", ["在述职评议会上的讲话", chinese_text(1800)])
    (out / "会议通知.txt").write_text("通知", encoding="utf-8")
    return out


def _cells(stage, column):
    model = stage.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_folder_by_keys_shows_counts_flags_and_unmatched(stage, folder, qtbot, monkeypatch, qtmodeltester):
    monkeypatch.setattr(materials_dialogs, "ask_folder", lambda parent: str(folder))
    qtbot.keyClick(stage.table, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert _cells(stage, REPORT_COLUMN) == ["✓ 2,400 字", "2,700 字（超限）", "缺", "缺"]
    assert _cells(stage, SELF_EVAL_COLUMN) == ["✓ 150 字", "400 字（偏多）", "缺", "缺"]
    colours = [stage.model.data(stage.model.index(r, REPORT_COLUMN), Qt.ItemDataRole.ForegroundRole) for r in range(4)]
    assert colours == [OK, ALERT, ALERT, ALERT]
    assert "未匹配：会议通知.txt" in stage.status.text() and "书记讲话.docx（1,810 字）" in stage.meeting_label.text()
    assert "述职报告 2/4 份（超限 1）　自我评价 2/4 份（偏多或偏少 1）" in stage.meeting_label.text()
    qtmodeltester.check(stage.model)
    stage.table.setFocus()
    qtbot.keyClick(stage.table, Qt.Key.Key_Down)
    assert stage.selected().seq == 2 and stage.report_text.toPlainText().startswith("2026年度抓基层党建工作述职报告")
    assert "400 字" in stage.file_label.text()


def test_bad_file_is_refused_and_nothing_changes(stage, tmp_path, qtbot, monkeypatch):
    bad = make_renamed_zip(tmp_path / "报告.docx")
    monkeypatch.setattr(materials_dialogs, "ask_file", lambda parent, title: str(bad))
    qtbot.keyClick(stage.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert "是一个压缩包" in stage.status.text() and "b00020" in stage.status.styleSheet()
    assert _cells(stage, REPORT_COLUMN) == ["缺"] * 4


def test_file_for_the_selected_reporter_and_typed_remarks(stage, tmp_path, qtbot, monkeypatch):
    name = list_reporters(stage.meeting)[2].name
    report = make_report_docx(tmp_path / "r.docx", name, 2400)
    monkeypatch.setattr(materials_dialogs, "ask_file", lambda parent, title: str(report))
    stage.table.selectRow(2)
    qtbot.keyClick(stage.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert _cells(stage, REPORT_COLUMN)[2] == "✓ 2,400 字" and "已添加：述职报告 r.docx" in stage.status.text()
    assert stage.selected().seq == 3, "the selection stays on the reporter"
    monkeypatch.setattr(materials_dialogs, "ask_remarks", lambda parent, current: "会议总体点评：材料扎实。")
    qtbot.keyClick(stage.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert "会议点评.txt（12 字）" in stage.meeting_label.text()


def test_booklet_is_saved_in_the_background(stage, folder, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(materials_dialogs, "ask_folder", lambda parent: str(folder))
    stage.folder_button.click()
    out = tmp_path / "汇编"
    monkeypatch.setattr(materials_dialogs, "ask_booklet_path", lambda parent: str(out))
    qtbot.keyClick(stage.table, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "已保存述职报告汇编" in stage.status.text(), timeout=60_000)
    stage.pool.waitForDone()
    text = flat("".join(pages_text((tmp_path / "汇编.pdf").read_bytes())))
    assert "述职报告汇编" in text and "未提交" in text


def test_cell_texts():
    from ui.materials_table_model import cell_text

    assert [
        cell_text(None, False, True),
        cell_text(2318, False, True),
        cell_text(2700, True, True),
        cell_text(400, True, False),
        cell_text(60, True, False),
    ] == ["缺", "✓ 2,318 字", "2,700 字（超限）", "400 字（偏多）", "60 字（偏少）"]


def test_files_and_a_folder_dropped_on_the_screen(stage, folder, tmp_path, qtbot):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    name = list_reporters(stage.meeting)[3].name
    loose = make_report_docx(tmp_path / f"{name}述职报告（定稿）.docx", name, 2400)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(loose))])
    point, action = QPoint(200, 200), Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, action, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(stage, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        stage, QDropEvent(point, action, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    )
    assert _cells(stage, REPORT_COLUMN) == ["✓ 2,400 字", "2,700 字（超限）", "缺", "✓ 2,400 字"]
    assert "未匹配：会议通知.txt" in stage.status.text()


def test_delete_removes_the_shown_material_after_asking(stage, folder, qtbot, monkeypatch):
    monkeypatch.setattr(materials_dialogs, "ask_folder", lambda parent: str(folder))
    stage.folder_button.click()
    asked = []
    monkeypatch.setattr(materials_dialogs, "confirm_remove", lambda parent, what: asked.append(what) or len(asked) > 1)
    stage.table.selectRow(1)
    stage.previews.setCurrentIndex(1)  # 自我评价
    qtbot.keyClick(stage.table, Qt.Key.Key_Delete)
    assert _cells(stage, SELF_EVAL_COLUMN)[1] == "400 字（偏多）", "declined: nothing removed"
    qtbot.keyClick(stage.table, Qt.Key.Key_Delete)
    assert _cells(stage, SELF_EVAL_COLUMN)[1] == "缺" and _cells(stage, REPORT_COLUMN)[1] == "2,700 字（超限）"
    assert "的自我评价" in asked[0] and "已移除" in stage.status.text()
