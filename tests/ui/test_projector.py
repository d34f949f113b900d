"""The projector at the sizes of a real room: every text fits, the timer is very large."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from models.run.agenda import FILLING_INSTRUCTIONS
from ui.projector import ProjectorView, ProjectorWindow, RankRow, choose_screen

SIZES = [(1920, 1080), (1024, 768)]
TITLE = "中共某某县委组织部2026年度基层党组织书记抓基层党建工作述职评议会（演练）"
UNIT = "中共某某县某某镇某某村党总支部委员会　党总支书记　现场述职"


def _ranking(n):
    return tuple(RankRow(f"{i}{'（并列）' if i == 3 else ''}", f"欧阳建{i}", f"某某县某某镇某某社区党委{i}",
                         f"{99 - i * 0.73:.2f}", "好" if i < 5 else "较好") for i in range(1, n + 1))


VIEWS = {
    "report": ProjectorView(TITLE, "第 12 位述职", "欧阳建国", UNIT, "07:59", "normal",
                            "下一项：点评第 12 位述职人　欧阳建国"),
    "overtime": ProjectorView(TITLE, "第 3 位述职", "李红梅", "新华街道党工委　党工委书记", "超时 1:02:05", "overtime",
                              "下一项：会议测评"),
    "written": ProjectorView(TITLE, "书面述职（3 人）", "", "赵丽华、钱国栋、孙晓燕", "", "normal", "下一项：会议测评"),
    "evaluation": ProjectorView(TITLE, "会议测评", instructions=FILLING_INSTRUCTIONS, next_up="下一项：总结讲话"),
    "ranking12": ProjectorView(TITLE, "述职评议测评结果", ranking=_ranking(12)),
    "ranking40": ProjectorView(TITLE, "述职评议测评结果", ranking=_ranking(40)),
}


@pytest.fixture
def projector(qtbot):
    window = ProjectorWindow()
    qtbot.addWidget(window)
    return window


def _show(qtbot, window, size, view):
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.show_view(view)
    qtbot.wait(1)
    return window


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(VIEWS))
def test_every_text_fits_its_box_and_the_window(qtbot, projector, size, name, tmp_path):
    window = _show(qtbot, projector, size, VIEWS[name])
    assert window.size().width() == size[0] and window.size().height() == size[1]
    for block in window.texts():
        box = block.text_rect()
        assert block.contentsRect().contains(box), (block.text(), box, block.contentsRect())
        assert window.rect().contains(block.geometry())
        assert block.fitted_font().pixelSize() >= size[1] // 60, block.text()  # readable from the back
    image = window.grab().toImage()
    assert image.width() == size[0] and image.pixelColor(5, 5).name() == "#0f1c2b"
    window.grab().save(str(tmp_path / f"projector_{name}.png"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timer_is_the_largest_text(qtbot, projector, size):
    window = _show(qtbot, projector, size, VIEWS["report"])
    timer_px = window.timer.fitted_font().pixelSize()
    assert timer_px >= size[1] // 6
    assert all(timer_px > b.fitted_font().pixelSize() for b in window.texts() if b is not window.timer)
    overtime = _show(qtbot, projector, size, VIEWS["overtime"])
    assert overtime.timer._color.name() == "#ff5252"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("rows", [12, 40])
def test_ranking_board_fits(qtbot, projector, size, rows):
    view = VIEWS[f"ranking{rows}"]
    window = _show(qtbot, projector, size, view)
    board = window.ranking
    px, with_unit = board.fitted()
    widths, row_h = board.layout_for(px, with_unit)
    halves = 1 if rows <= 15 else 2
    assert sum(widths) * halves <= board.width() and row_h * (-(-rows // halves) + 1) <= board.height()
    assert px >= 16 and (with_unit or px > board._largest(True))
    assert not window.timer.isVisible() and not window.name.isVisible()


def test_evaluation_shows_the_filling_instructions_and_no_timer(qtbot, projector):
    window = _show(qtbot, projector, (1024, 768), VIEWS["evaluation"])
    assert window.instructions.isVisible() and "不划视为弃权" in window.instructions.text()
    assert not window.timer.isVisible() and not window.ranking.isVisible()


def test_choose_screen():
    a, b = object(), object()
    assert choose_screen([a], a) is None
    assert choose_screen([a, b], a) is b
    assert choose_screen([b, a], a) is b


def test_single_screen_gives_a_resizable_window_and_escape_closes(qtbot, projector):
    assert len(QGuiApplication.screens()) == 1
    closed = []
    projector.closed.connect(lambda: closed.append(True))
    projector.present()
    qtbot.waitExposed(projector)
    assert projector.isVisible() and not projector.isFullScreen()
    assert projector.width() <= 1024 and projector.height() <= 768
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible() and closed
