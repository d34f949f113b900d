"""打印与归档 says which fonts the papers use and which official ones to install (issue #11)."""

from __future__ import annotations

import pytest

from models.demo import create_demo
from models.meeting import Meeting
from printing import fonts
from ui.bus import MeetingBus
from ui.documents_stage import DocumentsStage


@pytest.fixture
def stage(tmp_path, qtbot):
    meeting = Meeting.open(create_demo(tmp_path / "示例.pingyi", run=True))
    widget = DocumentsStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not widget.busy() and not widget._preview_timer.isActive(), timeout=60_000)
    yield widget
    widget.pool.waitForDone()
    meeting.close()


def test_the_screen_names_the_fonts_and_the_official_ones_to_install(stage, qtbot):
    text = stage.fonts.text()
    used = fonts.register()
    assert stage.fonts.isVisible()
    assert text.startswith("文档字体：正文 ") and "标题 " in text
    if used[fonts.BODY] == fonts.BUNDLED[fonts.BODY]:  # the test machine has no 仿宋 (PINGYI_BUNDLED_FONTS_ONLY)
        assert "随程序附带" in text and "仿宋（simfang.ttf）" in text and "GB/T 9704" in text
    else:
        assert used[fonts.BODY].name in text
    qtbot.wait(300)
    stage.grab().save("/tmp/papers_documents_stage.png")
