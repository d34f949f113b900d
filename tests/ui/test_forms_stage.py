"""The 测评表 stage driven from the keyboard: print new forms, preview, print, save, 作废, 重印."""

from __future__ import annotations

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from models.ballots import forms
from models.setup import add_category, add_item, add_reporter, set_facts
from ui import forms_dialogs
from ui.bus import MeetingBus
from ui.forms_stage import FormsStage

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def stage(qtbot, meeting):
    set_facts(meeting, title="城关镇2026年度述职评议会", date="2026-12-01")
    for n in range(3):
        add_reporter(meeting, f"述职人{n + 1}", unit=f"第{n + 1}村党支部", title="书记")
    add_item(meeting, "履行职责情况")
    add_category(meeting, "A", "领导班子成员", weight=3, issued=4)
    add_category(meeting, "B", "党员代表", weight=1, issued=2)
    widget = FormsStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    widget.category_view.setFocus()
    QApplication.processEvents()
    return widget


def wait_preview(qtbot, stage, pages):
    qtbot.waitUntil(lambda: stage.job is None and stage.preview.page_count() == pages, timeout=10000)


def counts(stage):
    return [[stage.categories.data(stage.categories.index(r, c)) for c in range(2, 7)]
            for r in range(stage.categories.rowCount())]


def test_counts_and_default_count_per_category(stage, meeting):
    assert counts(stage) == [["4", "0", "0", "0", "4"], ["2", "0", "0", "0", "2"]]
    assert stage.current_code() == "A" and stage.count_spin.value() == 4


def test_print_new_forms_from_the_keyboard_then_save_as_pdf(qtbot, stage, meeting, monkeypatch, tmp_path):
    press(qtbot, K.Key_Down)  # category B
    assert stage.current_code() == "B" and stage.count_spin.value() == 2
    press(qtbot, K.Key_C, ALT)  # 份数(&C)
    assert QApplication.focusWidget() is stage.count_spin
    press(qtbot, K.Key_A, CTRL)
    qtbot.keyClicks(stage.count_spin, "3")
    press(qtbot, K.Key_N, ALT)  # 打印新表(&N)
    wait_preview(qtbot, stage, 3)
    serials = [f.serial for f in forms.list_forms(meeting, "B")]
    assert len(serials) == 3
    assert counts(stage)[1] == ["2", "3", "0", "3", "0"]
    assert stage.count_spin.value() == 1  # nothing more needed: at least one
    assert "B票 新打印 3 份" in stage.preview.title.text()
    assert QApplication.focusWidget() is stage.preview.print_button
    target = tmp_path / "B票.pdf"
    monkeypatch.setattr(forms_dialogs, "ask_save_path", lambda parent, suggested: str(target))
    press(qtbot, K.Key_E, ALT)  # 另存为 PDF(&E): an animated click
    qtbot.waitUntil(lambda: "已保存" in stage.status.text())
    with pdfplumber.open(target) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    assert sorted(s for t in texts for s in serials if s in t) == sorted(serials)
    assert all("B票" in t and "党员代表" in t and "述职人3" in t for t in texts)


def _pdf_printer(out, expected_pages):
    def ask(parent, pages):
        assert pages == expected_pages
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        p.setFullPage(True)
        return p
    return ask


def test_print_through_the_qt_printer(qtbot, stage, monkeypatch, tmp_path):
    press(qtbot, K.Key_N, ALT)
    wait_preview(qtbot, stage, 4)
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(forms_dialogs, "ask_printer", _pdf_printer(out, 4))
    press(qtbot, K.Key_P, CTRL)
    assert "已送打印机：4 页" in stage.status.text()
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 4
        assert pdf.pages[0].width == pytest.approx(595, abs=2)


def test_printing_can_be_cancelled(qtbot, stage, monkeypatch, tmp_path):
    from ui import forms_preview

    press(qtbot, K.Key_N, ALT)
    wait_preview(qtbot, stage, 4)
    monkeypatch.setattr(forms_dialogs, "ask_printer", _pdf_printer(tmp_path / "p.pdf", 4))
    monkeypatch.setattr(forms_preview.QProgressDialog, "wasCanceled", lambda self: True)
    press(qtbot, K.Key_P, CTRL)
    assert "已取消打印" in stage.status.text()


def test_cancelled_dialogs_change_nothing(qtbot, stage, meeting, monkeypatch):
    press(qtbot, K.Key_N, ALT)
    wait_preview(qtbot, stage, 4)
    monkeypatch.setattr(forms_dialogs, "ask_printer", lambda parent, pages: None)
    monkeypatch.setattr(forms_dialogs, "ask_save_path", lambda parent, suggested: None)
    monkeypatch.setattr(forms_dialogs, "ask_spoil_reason", lambda parent, serials: None)
    before = stage.status.text()
    press(qtbot, K.Key_P, CTRL)
    press(qtbot, K.Key_E, ALT)
    qtbot.wait(300)  # the animated click has fired
    press(qtbot, K.Key_B, ALT)
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Delete)
    assert stage.status.text() == before
    assert all(not f.spoiled_reason for f in forms.list_forms(meeting))


def test_spoil_selected_forms_with_a_reason_then_reprint_refuses_them(qtbot, stage, meeting, monkeypatch):
    press(qtbot, K.Key_N, ALT)
    wait_preview(qtbot, stage, 4)
    reasons = []
    monkeypatch.setattr(forms_dialogs, "ask_spoil_reason",
                        lambda parent, serials: reasons.append(list(serials)) or "打印污损")
    press(qtbot, K.Key_B, ALT)  # 已打印的编号(&B)
    assert QApplication.focusWidget() is stage.printed_view
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = stage.selected_serials()
    assert len(chosen) == 2
    press(qtbot, K.Key_Delete)
    assert reasons == [chosen]
    spoiled = {f.serial: f.spoiled_reason for f in forms.list_forms(meeting, "A")}
    assert [s for s, r in spoiled.items() if r] == chosen and set(spoiled.values()) == {None, "打印污损"}
    assert "已作废 2 张" in stage.status.text()
    assert counts(stage)[0] == ["4", "4", "2", "2", "2"]
    assert stage.count_spin.value() == 2
    assert "作废：打印污损" in stage.printed.data(stage.printed.index(1, 2))
    stage.printed_view.setFocus()
    press(qtbot, K.Key_R, CTRL)  # 重印 a spoiled form: refused with the reason
    assert "已作废" in stage.status.text() and "不能重印" in stage.status.text()
    assert stage.job is None


def test_reprint_keeps_the_serials_and_records_nothing(qtbot, stage, meeting):
    press(qtbot, K.Key_N, ALT)
    wait_preview(qtbot, stage, 4)
    first = stage.preview.pdf
    press(qtbot, K.Key_B, ALT)
    press(qtbot, K.Key_A, CTRL)  # select all four
    press(qtbot, K.Key_R, ALT)  # 重印(&R): an animated click
    qtbot.waitUntil(lambda: "重印 4 份" in stage.preview.title.text(), timeout=10000)
    wait_preview(qtbot, stage, 4)
    assert len(forms.list_forms(meeting)) == 4
    texts_first = _texts(first)
    texts_again = _texts(stage.preview.pdf)
    assert sorted(texts_first) == sorted(texts_again)


def _texts(pdf: bytes) -> list[str]:
    import io

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [p.extract_text() for p in doc.pages]


def test_refusal_is_shown_and_stores_nothing(qtbot, meeting):
    add_category(meeting, "A", "领导班子成员", issued=5)
    stage = FormsStage(meeting, MeetingBus())
    qtbot.addWidget(stage)
    stage.show()
    stage.print_new()  # no reporters yet: forms would be empty
    assert "还没有述职人" in stage.status.text()
    assert stage.job is None and forms.list_forms(meeting) == []


def test_no_category_says_what_to_do(qtbot, meeting):
    stage = FormsStage(meeting, MeetingBus())
    qtbot.addWidget(stage)
    assert not stage.print_new_button.isEnabled()
    assert "还没有测评人类别" in stage.status.text()


def test_refreshes_when_another_screen_changes_the_file(qtbot, stage, meeting):
    forms.create_forms(meeting, "A", 2)
    stage.bus.changed.emit("ballots")
    assert counts(stage)[0] == ["4", "2", "0", "2", "2"]
    assert stage.printed.rowCount() == 2


def test_forms_already_keyed_show_returned_and_cannot_be_spoiled(qtbot, stage, meeting, monkeypatch):
    from models.ballots import enter_ballot

    first, second = forms.create_forms(meeting, "A", 2)
    enter_ballot(meeting, 1, first, {})
    stage.bus.changed.emit("ballots")
    states = {stage.printed.data(stage.printed.index(r, 0)): stage.printed.data(stage.printed.index(r, 2))
              for r in range(stage.printed.rowCount())}
    assert states == {first: "已收回", second: "可用"}
    assert stage.categories.data(stage.categories.index(0, 7)) == "1"  # 已收回 per category
    assert stage.spoil_button.isEnabled()  # the second can still be spoiled
    asked = []
    monkeypatch.setattr(forms_dialogs, "ask_spoil_reason", lambda parent, serials: asked.append(serials) or "污损")
    press(qtbot, K.Key_B, ALT)
    stage.printed_view.selectRow(0 if stage.printed.records[0].serial == first else 1)
    press(qtbot, K.Key_Delete)
    assert asked == [] and "已收回" in stage.status.text() and "不能作废" in stage.status.text()
    enter_ballot(meeting, 1, second, {})
    stage.bus.changed.emit("ballots")
    assert not stage.spoil_button.isEnabled()  # every printed form came back: nothing left to spoil
