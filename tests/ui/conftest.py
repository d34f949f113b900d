import pytest

from ui.theme import setup_application


@pytest.fixture(scope="session", autouse=True)
def _pingyi_look(qapp):
    """Every UI test runs with the bundled Chinese fonts and Qt's zh_CN translation."""
    setup_application(qapp)
    return qapp


# -- fixtures of the application shell and the setup stage (helper "shell") ---------------------
@pytest.fixture
def messages(monkeypatch):
    """Patches the modal QMessageBox helpers; records (kind, title, text).  ``messages.answer`` is
    what ``question`` returns (Yes unless a test changes it)."""
    from PySide6.QtWidgets import QMessageBox

    class Recorder(list):
        answer = QMessageBox.StandardButton.Yes

        def texts(self):
            return "\n".join(text for _, _, text in self)

    recorder = Recorder()

    def patch(kind, result=None):
        def fake(parent, title, text, *args, **kwargs):
            recorder.append((kind, title, text))
            return recorder.answer if kind == "question" else result
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake))

    for kind in ("warning", "critical", "information", "question", "about"):
        patch(kind, QMessageBox.StandardButton.Ok)
    return recorder


@pytest.fixture
def recent(tmp_path):
    """A RecentFiles list kept in an ini file of this test only."""
    from PySide6.QtCore import QSettings

    from ui.recent_files import RecentFiles

    return RecentFiles(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def roster_meeting(meeting):
    """A small prepared meeting: facts, three reporters, two categories, one sub-item."""
    from models import setup
    from models.labels import ReportMode

    setup.set_facts(meeting, title="测试述职评议会", date="2026-01-15")
    for name, unit, mode in (("张伟", "城关镇党委", ReportMode.ONSITE), ("李娜", "东街社区党委", ReportMode.ONSITE),
                             ("王强", "县教育局党组", ReportMode.WRITTEN)):
        setup.add_reporter(meeting, name, unit, "书记", mode)
    setup.add_category(meeting, "A", "领导班子成员", 3, 10)
    setup.add_category(meeting, "B", "党员代表", 2, 30)
    setup.add_item(meeting, "履行职责情况")
    return meeting


@pytest.fixture
def type_text(qtbot):
    """Types ``text`` into ``widget`` key by key.  QTest cannot make keys for Chinese characters,
    so those arrive as key events carrying the character (as an input method delivers them)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def type_(widget, text: str) -> None:
        for char in text:
            if char.isascii():
                qtbot.keyClicks(widget, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    return type_


@pytest.fixture
def main_window(qtbot, tmp_path, recent, messages):
    """The main window on the start page, its home folder in tmp_path; modal boxes patched."""
    from ui.bus import MeetingBus
    from ui.main_window import MainWindow

    window = MainWindow(MeetingBus(), recent, tmp_path / "home")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    window.close()


@pytest.fixture
def roster_path(roster_meeting):
    """The path of a prepared meeting file, closed so that a window can open it."""
    roster_meeting.close()
    return roster_meeting.path
