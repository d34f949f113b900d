"""扫描 stage and 审核 driven by real key presses, on scans of the meeting's own printed forms."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from models import scans
from models.ballots.form_data import form_batch
from models.setup import add_reporter
from printing.form import render_forms
from scanning import geometry as G
from scanning.read import FormShape
from tests.scanning import synth as Y
from ui.bus import MeetingBus
from ui.scan_stage import PageDialog, ScanStage

SHOTS = "/tmp"


def _scan(tmp_path, meeting, serial, pens, name, tear=False):
    image = Y.render(render_forms(form_batch(meeting, [serial])), 0, 150)
    Y.draw(image, FormShape(*scans.form_shape(meeting)).spots(0), pens, np.random.default_rng(3))
    if tear:
        x0, y0, x1, y1 = (round(v) for v in G.qr_rect())
        image[y0:y1, x0:x1] = 255
    path = tmp_path / name
    cv2.imwrite(str(path), Y.scan(image, np.random.default_rng(4), skew=1.0, dpi_from=150, dpi_to=150))
    return path


@pytest.fixture
def stage(qtbot, roster_meeting, tmp_path):
    meeting = roster_meeting
    for name in ("赵敏", "钱进", "孙立"):
        add_reporter(meeting, name, "白云镇党委", "书记")
    from models.ballots import forms

    serials = forms.create_forms(meeting, "A", 3)
    pens = {
        0: [Y.Pen("tick", 0)],
        1: [Y.Pen("faint", 1)],
        2: [Y.Pen("cross", 2)],
        3: [Y.Pen("tick", 3)],
        4: [Y.Pen("scribble", 0), Y.Pen("tick", 1)],
        5: [Y.Pen("fill", 2)],
    }
    files = [
        _scan(tmp_path, meeting, serials[0], pens, "01.png"),
        _scan(tmp_path, meeting, serials[1], {0: [Y.Pen("tick", 0)]}, "02.png", tear=True),
    ]
    widget = ScanStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.read(files)
    qtbot.waitUntil(lambda: widget.reader is None, timeout=60_000)
    return widget, meeting, serials


def test_counts_and_the_review_queue_with_a_real_crop(stage, qtbot):
    widget, meeting, serials = stage
    assert "已读入 1 页" in widget.counts.text() and "未读入 1 页" in widget.counts.text()
    panel = widget.review
    # the faint tick (reporter 1, 履行职责情况), the crossed-out fill (reporter 3, 总体评价) and the rows above
    # and below it, whose 好 cells its strokes reach (5 mm boxes: the cross reaches 1.2 mm past the row line),
    # then the torn page
    assert [(w.seq, w.item) for w in panel.waiting] == [
        (1, "履行职责情况"),
        (2, "总体评价"),
        (3, "总体评价"),
        (4, "总体评价"),
        (None, None),
    ]
    assert "第 1 位述职人" in panel.heading.text() and not panel.crop.pixmap().isNull()
    assert panel.crop.pixmap().width() > 600
    widget.grab().save(f"{SHOTS}/pingyi_scan_review.png")


def test_keys_decide_each_row_and_enter_goes_on(stage, qtbot):
    widget, meeting, serials = stage
    panel = widget.review
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_2)  # the faint tick is 较好
    assert "较好" in panel.message.text()
    assert meeting.db.execute("SELECT count(*) FROM audit WHERE action = '审核扫描'").fetchone()[0] == 1
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert panel.current.seq == 2
    qtbot.keyClick(panel, Qt.Key.Key_3)  # 一般 crossed; the strokes below belong to the next row
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert panel.current.seq == 3
    qtbot.keyClick(panel, Qt.Key.Key_2)  # 好 filled and crossed out, 较好 ticked
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert panel.current.seq == 4
    qtbot.keyClick(panel, Qt.Key.Key_0)  # nothing ticked: 弃权
    assert "计入扫描选票" in panel.message.text()
    digest = meeting.db.execute("SELECT digest FROM ballots WHERE pass_no = 4").fetchone()[0]
    assert digest == "123423000000"
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert panel.current.seq is None and panel.serial_edit.isVisible()
    qtbot.keyClicks(panel.serial_edit, serials[1])
    qtbot.keyClick(panel.serial_edit, Qt.Key.Key_Return)
    assert meeting.db.execute("SELECT count(*) FROM ballots WHERE pass_no = 4").fetchone()[0] == 2
    assert panel.heading.text() == "没有待审核的行"
    widget.refresh()
    assert "待审核 0 条" in widget.counts.text() and "扫描计入 2 张" in widget.counts.text()


def test_a_page_opens_with_the_read_marks_boxed_in_red(stage, qtbot):
    widget, meeting, _ = stage
    page_id = widget._page_ids[-1]  # the first page read
    dialog = PageDialog(meeting, page_id, widget)
    qtbot.addWidget(dialog)
    image = dialog.label.pixmap().toImage()
    reds = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 60 and c.blue() < 60
    )
    assert reds > 50
    dialog.resize(1000, 760)
    dialog.show()
    dialog.grab().save(f"{SHOTS}/pingyi_scan_page_red_boxes.png")


def test_a_watched_folder_is_read_as_the_scanner_finishes_each_file(stage, qtbot, tmp_path):
    widget, meeting, serials = stage
    folder = tmp_path / "scanner"
    folder.mkdir()
    widget.watch(folder)
    assert "正在监视" in widget.watching.text() and widget.stop_button.isEnabled()
    source = _scan(tmp_path, meeting, serials[2], {0: [Y.Pen("tick", 3)]}, "03.png")
    data = source.read_bytes()
    target = folder / "scan0001.png"
    target.write_bytes(data[: len(data) // 2])  # the scanner is still writing
    widget._poll()
    target.write_bytes(data)
    widget._poll()
    assert widget.reader is None  # the size changed since the last look: not read yet
    widget._poll()
    qtbot.waitUntil(lambda: widget.reader is None and "已读入 2 页" in widget.counts.text(), timeout=60_000)
    widget._poll()
    assert widget.reader is None  # read once only
    widget.stop_watching()
    assert not widget.timer.isActive() and widget.watching.text() == ""


def test_a_refused_page_opens_with_its_image(stage, qtbot):
    widget, meeting, _ = stage
    widget.tabs.setCurrentIndex(2)
    assert widget.refused.rowCount() == 1 and "二维码" in widget.refused.item(0, 2).text()
    dialog = PageDialog(meeting, widget._refused_ids[0], widget)
    qtbot.addWidget(dialog)
    assert not dialog.label.pixmap().isNull()


def test_a_scan_and_a_keying_that_differ_show_in_核对_by_their_names(stage, qtbot):
    from models.ballots import enter_ballot, layout
    from models.labels import Mark
    from ui.reconcile_stage import ReconcileStage

    widget, meeting, serials = stage
    for waiting in scans.pending(meeting):
        if waiting.seq is not None:
            scans.decide(meeting, waiting.id, Mark.FAIRLY_GOOD)
    enter_ballot(meeting, 1, serials[0], {layout(meeting)[0]: 4})  # keyed 差 where the paper says 好
    screen = ReconcileStage(meeting, MeetingBus())
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen._select(0)
    assert "一录与扫描" in screen.caption.text()
    headers = [screen.compare_model.headerData(n, Qt.Orientation.Horizontal) for n in range(3, 5)]
    assert headers == ["总体评价\n一录", "总体评价\n扫描"]
    screen.grab().save(f"{SHOTS}/pingyi_reconcile_scan_vs_keying.png")
