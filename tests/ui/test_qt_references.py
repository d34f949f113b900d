"""The Qt binding must not lose references to Python's ``True`` (PySide6 6.12.0 did: one per signal
emitted to a Python slot).  On Python 3.11 ``True`` is an ordinary object: once its count reaches
zero the interpreter aborts (“Fatal Python error: bool_dealloc”), so a long meeting day — the run
timer ticks every second, every key in 录入 emits — would end in a crash.  pyproject pins a
PySide6 without the fault; these tests fail on one that has it."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Qt, Signal

from models.ballots.forms import create_forms
from models.setup import add_category, add_reporter
from ui import entry_stage
from ui.bus import MeetingBus

#: references come and go with caches and the garbage collector (up to ~30 seen in a full run); the fault
#: loses one per emission: 1,000 in the first test, ~400 in the second
SLACK = 100


def _true_references() -> int:
    gc.collect()
    return sys.getrefcount(True)


class _Source(QObject):
    fired = Signal()
    carried = Signal(int)


def test_emitting_signals_to_python_slots_keeps_true_alive(qapp):
    source, calls = _Source(), []
    source.fired.connect(lambda: calls.append(1))
    source.carried.connect(calls.append)
    before = _true_references()
    for n in range(500):
        source.fired.emit()
        source.carried.emit(n)
    assert len(calls) == 1000
    assert _true_references() >= before - SLACK


def test_keying_ballots_keeps_true_alive(qtbot, meeting):
    for n in range(6):
        add_reporter(meeting, f"述职人{n + 1}", unit=f"第{n + 1}镇党委", title="书记")
    add_category(meeting, "A", "领导班子成员", weight=1, issued=60)
    serials = create_forms(meeting, "A", 40)
    stage = entry_stage.EntryStage(meeting, MeetingBus())
    qtbot.addWidget(stage)
    stage.show()
    before = _true_references()
    for serial in serials[:30]:
        qtbot.keyClicks(stage.serial_edit, serial)
        qtbot.keyClick(stage.serial_edit, Qt.Key.Key_Return)
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Plus, Qt.Key.Key_Return):
            qtbot.keyClick(stage.grid, key)
        assert "已保存" in stage.status.text()
    assert _true_references() >= before - SLACK
