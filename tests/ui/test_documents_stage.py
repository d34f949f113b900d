"""打印与归档 screen driven by keys: preview, print (dialog patched), save, export, filing package."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from models.documents.formatting import chinese_date_text
from models.documents.issue_date import issue_date, printed_issue_date
from models.meeting import Meeting
from models.run import minutes
from models.setup import list_reporters
from tests.printing.meetings import build_meeting
from tests.printing.pdftext import flat, pages_text
from ui import documents_dialogs, documents_issue_date
from ui.bus import MeetingBus
from ui.documents_stage import DocumentsStage

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as mp:
        final = build_meeting(folder / "final.pingyi", reporters=6, ballots=20, finalize=True, run=True,
                              monkeypatch=mp)
    draft = build_meeting(folder / "draft.pingyi", reporters=4, ballots=10)
    return {"final": final, "draft": draft}


@pytest.fixture(params=["final"])
def stage(request, built, tmp_path, qtbot):
    path = tmp_path / "m.pingyi"
    shutil.copy(built[request.param], path)
    meeting = Meeting.open(path)
    bus = MeetingBus()
    widget = DocumentsStage(meeting, bus)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    _settle(qtbot, widget)
    yield widget
    widget.pool.waitForDone()
    meeting.close()


def _settle(qtbot, widget):
    qtbot.waitUntil(lambda: not widget.busy() and not widget._preview_timer.isActive(), timeout=WAIT_MS)


def test_first_document_previewed_and_look(stage, qtbot):
    assert stage._shown == ("tally", None) and stage.preview.page_count() >= 1
    assert "共" in stage.status.text() and "正式文档" in stage.state.text()
    qtbot.wait(300)  # QPdfView paints its pages asynchronously
    stage.grab().save("/tmp/documents_stage.png")


def test_arrow_keys_pick_the_document_and_alt_r_the_reporter(stage, qtbot):
    stage.kinds.setFocus()
    qtbot.keyClick(stage.kinds, Qt.Key.Key_Down)
    _settle(qtbot, stage)
    assert stage._shown == ("ranking", None)
    assert not stage.reporter.isEnabled()
    for _ in range(2):
        qtbot.keyClick(stage.kinds, Qt.Key.Key_Down)
    _settle(qtbot, stage)
    assert stage._shown == ("feedback", None) and stage.reporter.isEnabled()
    all_pages = stage.preview.page_count()
    qtbot.keyClick(stage, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert stage.reporter.hasFocus()
    qtbot.keyClick(stage.reporter, Qt.Key.Key_Down)
    _settle(qtbot, stage)
    assert stage._shown == ("feedback", 1) and stage.preview.page_count() < all_pages


def test_ctrl_s_saves_the_previewed_pdf(stage, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "计票.pdf"
    monkeypatch.setattr(documents_dialogs, "ask_save_path", lambda parent, suggested, kind: str(target))
    qtbot.keyClick(stage.kinds, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes() == stage.preview.pdf
    assert "计票汇总表" in flat(pages_text(target.read_bytes())[0]) and "已保存" in stage.status.text()


def test_ctrl_p_prints_every_page_through_the_dialog(stage, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "printed.pdf"
    asked = []

    def printer(parent, pages, landscape):
        asked.append((pages, landscape))
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    monkeypatch.setattr(documents_dialogs, "ask_printer", printer)
    qtbot.keyClick(stage.kinds, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == [(stage.preview.page_count(), True)], "the tally sheet is landscape"
    assert len(pages_text(out.read_bytes())) == stage.preview.page_count()
    assert "已送打印机" in stage.status.text()


def test_cancelled_print_prints_nothing(stage, qtbot, monkeypatch):
    monkeypatch.setattr(documents_dialogs, "ask_printer", lambda *args: None)
    qtbot.keyClick(stage.kinds, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "已取消打印" in stage.status.text()


def test_ctrl_e_exports_the_workbook_in_the_background(stage, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "结果"
    monkeypatch.setattr(documents_dialogs, "ask_save_path", lambda parent, suggested, kind: str(target))
    qtbot.keyClick(stage.kinds, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot, stage)
    book = openpyxl.load_workbook(tmp_path / "结果.xlsx")
    assert book.sheetnames[0] == "汇总" and "已导出工作簿" in stage.status.text()


def test_archive_runs_in_a_worker_and_the_window_keeps_answering(stage, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(documents_dialogs, "ask_archive_folder", lambda parent: str(out))
    asked = []  # no 述职材料 in this meeting: the clerk gives a reason for filing without them
    monkeypatch.setattr(documents_dialogs, "ask_missing_reason", lambda parent, missing: asked.append(missing) or "另行报送")
    ticks = []
    timer = QTimer(interval=20, timeout=lambda: ticks.append(1))
    timer.start()
    seen = []
    stage.progress.valueChanged.connect(seen.append)
    qtbot.keyClick(stage.kinds, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stage.busy() and stage.progress.isVisible()
    _settle(qtbot, stage)
    timer.stop()
    folders = list(out.iterdir())
    assert len(folders) == 1 and (folders[0] / "MANIFEST.txt").is_file()
    assert "已生成正式备案材料" in stage.status.text() and not stage.progress.isVisible()
    assert "党组织书记讲话" in asked[0] and "备案期限：2027-01-05" in stage.state.text()
    assert len(ticks) >= 5, "the event loop kept running while the package was written"
    assert max(seen) == stage.progress.maximum() and len(set(seen)) > 3


@pytest.mark.parametrize("stage", ["draft"], indirect=True)
@pytest.mark.parametrize("agree", [False, True])
def test_before_finalising_only_a_draft_package_after_asking(stage, qtbot, tmp_path, monkeypatch, agree):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(documents_dialogs, "confirm_draft_archive", lambda parent: agree)
    monkeypatch.setattr(documents_dialogs, "ask_archive_folder", lambda parent: str(out))
    assert "草稿" in stage.state.text()
    stage.archive_button.click()
    _settle(qtbot, stage)
    folders = list(out.iterdir())
    assert [p.name.endswith("_草稿") for p in folders] == ([True] if agree else [])


@pytest.mark.parametrize("stage", ["draft"], indirect=True)
def test_a_change_elsewhere_refreshes_the_preview(stage, qtbot):
    stage.kinds.setCurrentRow(3)  # feedback
    _settle(qtbot, stage)
    before = stage._generation
    first = list_reporters(stage.meeting)[0]
    minutes.add_comment(stage.meeting, first.id, "周文斌", "会后补记的点评")
    stage.bus.changed.emit("run")
    _settle(qtbot, stage)
    assert stage._generation > before
    assert "会后补记的点评" in flat("".join(pages_text(stage.preview.pdf)))


def _walk_to(stage, qtbot, kind: str) -> None:
    """Down-arrow through the list until ``kind`` is picked and previewed."""
    stage.kinds.setFocus()
    while stage.current_kind() != kind:
        qtbot.keyClick(stage.kinds, Qt.Key.Key_Down)
    _settle(qtbot, stage)
    assert stage._shown == (kind, None)


def _date_text(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_ledger_previewed_as_of_the_date_picked_by_keys_and_saved(stage, qtbot, tmp_path, monkeypatch):
    _walk_to(stage, qtbot, "ledger")
    assert stage.as_of.isEnabled() and not stage.reporter.isEnabled()
    first = stage.as_of.date().toPython()
    text = flat("".join(pages_text(stage.preview.pdf)))
    assert "整改台账" in text and f"截至{_date_text(first)}" in text
    qtbot.wait(300)
    stage.resize(1366, 768)
    qtbot.wait(300)
    stage.grab().save("/tmp/documents_stage_ledger.png")
    qtbot.keyClick(stage, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert stage.as_of.hasFocus()
    stage.as_of.setCurrentSection(stage.as_of.Section.YearSection)
    qtbot.keyClick(stage.as_of, Qt.Key.Key_Up)  # one year later
    _settle(qtbot, stage)
    later = stage.as_of.date().toPython()
    assert later.year == first.year + 1 and stage._shown_day == later.isoformat()
    assert f"截至{_date_text(later)}" in flat("".join(pages_text(stage.preview.pdf)))
    suggested = []

    def ask(parent, name, kind):
        suggested.append(name)
        return str(tmp_path / "台账.pdf")

    monkeypatch.setattr(documents_dialogs, "ask_save_path", ask)
    qtbot.keyClick(stage.kinds, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert suggested == [f"整改台账_{later.isoformat()}.pdf"]
    assert (tmp_path / "台账.pdf").read_bytes() == stage.preview.pdf and "已保存" in stage.status.text()


def test_progress_report_printed_from_the_same_place(stage, qtbot, tmp_path, monkeypatch):
    _walk_to(stage, qtbot, "progress")
    out = tmp_path / "printed.pdf"

    def printer(parent, pages, landscape):
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    monkeypatch.setattr(documents_dialogs, "ask_printer", printer)
    day = stage.as_of.date().toPython()
    assert f"截至{_date_text(day)}" in flat(pages_text(stage.preview.pdf)[0])
    qtbot.keyClick(stage.kinds, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(pages_text(out.read_bytes())) == stage.preview.page_count()
    assert "已送打印机" in stage.status.text()


def test_booklet_previewed_last_without_a_date(stage, qtbot, tmp_path, monkeypatch):
    stage.kinds.setFocus()
    qtbot.keyClick(stage.kinds, Qt.Key.Key_End)
    _settle(qtbot, stage)
    assert stage._shown == ("booklet", None) and stage._shown_day is None
    assert not stage.as_of.isEnabled() and not stage.reporter.isEnabled()
    assert "述职报告汇编" in flat(pages_text(stage.preview.pdf)[0])
    monkeypatch.setattr(documents_dialogs, "ask_save_path", lambda parent, name, kind: str(tmp_path / name))
    qtbot.keyClick(stage.kinds, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "述职报告汇编.pdf").read_bytes() == stage.preview.pdf
    qtbot.wait(300)
    stage.grab().save("/tmp/documents_stage_booklet.png")


def test_a_document_that_cannot_be_made_leaves_nothing_to_print(stage, qtbot, monkeypatch):
    from ui import documents_stage

    def refuse(*args):
        raise documents_stage.PingyiError("台账读不出来。")

    monkeypatch.setattr(documents_stage, "document_data", refuse)
    stage.kinds.setFocus()
    qtbot.keyClick(stage.kinds, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "台账读不出来" in stage.status.text(), timeout=WAIT_MS)
    assert stage.preview.pdf is None and not stage.print_button.isEnabled() and not stage.save_button.isEnabled()


def test_issue_date_of_the_feedback_set_by_keys_in_its_dialog(stage, qtbot):
    """Alt+W on 反馈意见 opens the 成文日期 dialog; Space unticks 按定稿日期, ↑ moves the day, Enter stores it
    (audited) and the preview prints the new date in Chinese numerals."""
    _walk_to(stage, qtbot, "feedback")
    row = stage.issue_date
    assert row.isEnabled() and "（定稿日）" in row.value.text()
    assert row.value.toolTip().endswith(printed_issue_date(stage.meeting))
    seen = {}

    def answer(dialog):
        try:
            seen["title"] = dialog.windowTitle()
            assert dialog.final.isChecked() and not dialog.date.isEnabled()
            dialog.final.setFocus()
            qtbot.keyClick(dialog.final, Qt.Key.Key_Space)  # untick 按定稿日期
            assert dialog.date.isEnabled()
            dialog.date.setFocus()
            dialog.date.setCurrentSection(dialog.date.Section.DaySection)
            qtbot.keyClick(dialog.date, Qt.Key.Key_Up)
            seen["date"] = dialog.date.date().toString("yyyy-MM-dd")
            dialog.grab().save("/tmp/documents_issue_date_dialog.png")
            qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
        finally:  # never leave a modal dialog open: the test would wait in it for ever
            seen.setdefault("date", None)
            if dialog.isVisible():
                seen["left_open"] = True
                dialog.reject()

    _when_a_dialog_opens(answer)
    qtbot.keyClick(stage, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "date" in seen and QApplication.activeModalWidget() is None, timeout=WAIT_MS)
    _settle(qtbot, stage)
    assert seen["title"] == "反馈意见的成文日期" and "left_open" not in seen
    day = seen["date"]
    assert issue_date(stage.meeting) == day  # committed, with its audit row
    assert stage.meeting.db.execute("SELECT action FROM audit ORDER BY id DESC").fetchone()[0] == "设置成文日期"
    assert row.value.text() == day and chinese_date_text(day) in row.value.toolTip()
    assert "成文日期已改为" in stage.status.text()
    assert stage._shown == ("feedback", None)
    assert chinese_date_text(day) in flat("".join(pages_text(stage.preview.pdf)))
    stage.resize(1366, 768)
    qtbot.wait(300)
    stage.grab().save("/tmp/documents_stage_issue_date.png")


def _when_a_dialog_opens(act) -> None:
    """Run ``act(dialog)`` inside the dialog's own event loop, once it is open."""

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            act(dialog)

    QTimer.singleShot(0, poll)


def test_a_refused_issue_date_is_said_in_red_and_nothing_changes(stage, qtbot, monkeypatch):
    _walk_to(stage, qtbot, "feedback")
    monkeypatch.setattr(documents_issue_date, "ask_issue_date", lambda parent, current, suggested: (True, "2001-01-01"))
    pdf = stage.preview.pdf
    qtbot.keyClick(stage, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "早于会议日期" in stage.status.text(), timeout=WAIT_MS)
    assert "b00020" in stage.status.styleSheet()
    assert issue_date(stage.meeting) is None and stage.preview.pdf == pdf
    _walk_to(stage, qtbot, "rectification")
    assert not stage.issue_date.isEnabled()
