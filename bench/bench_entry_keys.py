"""Entry speed (DESIGN §11): keystrokes per ballot and keystroke-to-repaint on the 录入 screen.

Prints, each with its budget:
- keystrokes per ballot, counted by the driver on the real 录入 screen (the serial's own
  characters are not counted: a scanner types them): an all-same ballot (limit 5 after the
  serial) and a mixed ballot (limit reporters × items + 2), for 12 × 1 and 12 × 3 forms;
- keystroke to repaint in a 100 reporters × 3 items grid: median time from a key press to
  the repainted screen (the key handled, the cell and the cursor repainted, the labels
  updated), budget 16 ms.

Run: python bench/bench_entry_keys.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.ballots.forms import create_forms  # noqa: E402
from models.meeting import Meeting  # noqa: E402
from models.setup import add_category, add_item, add_reporter  # noqa: E402
from ui import entry_stage  # noqa: E402
from ui.bus import MeetingBus  # noqa: E402
from ui.entry_grid import EntryGrid  # noqa: E402
from ui.theme import setup_application  # noqa: E402

REPAINT_BUDGET_MS = 16.0
ALL_SAME_LIMIT = 5
K = Qt.Key
GRADE_KEYS = {"1": K.Key_1, "2": K.Key_2, "3": K.Key_3, "4": K.Key_4, "0": K.Key_0, "9": K.Key_9, "+": K.Key_Plus}


class CountingGrid(EntryGrid):
    """The real grid, counting the paints of its viewport (to prove a repaint happened)."""

    paints = 0

    def paintEvent(self, event):  # noqa: N802 (Qt name)
        CountingGrid.paints += 1
        super().paintEvent(event)


def build_meeting(path: Path, reporters: int, items: int) -> tuple[Meeting, list[str]]:
    meeting = Meeting.create(path)
    for n in range(reporters):
        add_reporter(meeting, f"述职人{n + 1:03d}", unit=f"第{n + 1}镇党委", title="书记")
    for n in range(items - 1):
        add_item(meeting, f"分项{n + 1}")
    add_category(meeting, "A", "领导班子成员", weight=1, issued=200)
    return meeting, create_forms(meeting, "A", 120)


def open_screen(meeting: Meeting):
    entry_stage.EntryGrid = CountingGrid  # the screen builds its grid from this name
    stage = entry_stage.EntryStage(meeting, MeetingBus())
    stage.resize(1280, 800)
    stage.show()
    stage.activateWindow()
    QApplication.processEvents()
    return stage


class Driver:
    """Presses keys into the focused widget and counts them."""

    def __init__(self, stage):
        self.stage, self.keys = stage, 0

    def press(self, key):
        QTest.keyClick(QApplication.focusWidget(), key)
        self.keys += 1

    def ballot(self, serial: str, grid_keys: str) -> int:
        start = self.keys
        QTest.keyClicks(self.stage.serial_edit, serial)  # the scanner's characters: not counted
        self.press(K.Key_Return)
        if QApplication.focusWidget() is not self.stage.grid:
            raise SystemExit(f"serial {serial} refused: {self.stage.serial_message.text()}")
        for ch in grid_keys:
            self.press(GRADE_KEYS[ch])
        self.press(K.Key_Return)
        if "已保存" not in self.stage.status.text():
            raise SystemExit(f"ballot {serial} not saved: {self.stage.status.text()}")
        return self.keys - start


def keystroke_lines(folder: Path) -> list[str]:
    lines = []
    for reporters, items in ((12, 1), (12, 3)):
        meeting, serials = build_meeting(folder / f"keys-{reporters}x{items}.pingyi", reporters, items)
        stage = open_screen(meeting)
        driver = Driver(stage)
        cells = reporters * items
        same = driver.ballot(serials[0], "1+")
        mixed_keys = "".join(random.Random(cells).choice("12349 0") for _ in range(cells)).replace(" ", "0")
        mixed = driver.ballot(serials[1], mixed_keys)
        _dispose(stage)
        meeting.close()
        lines.append(f"keystrokes per ballot, {reporters} reporters × {items} items, all the same: figure {same} "
                     f"keys after the serial; budget {ALL_SAME_LIMIT} {'OK' if same <= ALL_SAME_LIMIT else 'OVER'}")
        lines.append(f"keystrokes per ballot, {reporters} reporters × {items} items, mixed: figure {mixed} keys "
                     f"after the serial; budget {cells + 2} (reporters × items + 2) "
                     f"{'OK' if mixed <= cells + 2 else 'OVER'}")
    return lines


def repaint_times(folder: Path, presses: int = 400) -> tuple[list[float], int]:
    """Milliseconds from each key press to the repainted 录入 screen (100 × 3 grid)."""
    meeting, serials = build_meeting(folder / "repaint.pingyi", 100, 3)
    stage = open_screen(meeting)
    keys = [K.Key_1, K.Key_2, K.Key_3, K.Key_4, K.Key_0, K.Key_9, K.Key_Left, K.Key_Right]
    stage.serial_edit.setText(serials[0])
    QTest.keyClick(stage.serial_edit, K.Key_Return)
    QApplication.processEvents()
    times, missed = [], 0
    for n in range(presses):
        if stage.grid.cursor >= stage.grid_model.cell_count - 1:
            stage.grid.start()
            QApplication.processEvents()
        before = CountingGrid.paints
        start = time.perf_counter()
        QTest.keyClick(stage.grid, keys[n % len(keys)])
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        missed += CountingGrid.paints == before
    _dispose(stage)
    meeting.close()
    return times, missed


def _dispose(stage) -> None:
    stage.close()
    stage.deleteLater()
    QApplication.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        for line in keystroke_lines(Path(tmp)):
            print(line)
        times, missed = repaint_times(Path(tmp))
    if missed:
        raise SystemExit(f"{missed} key presses did not repaint the grid; the measure would be wrong")
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95)]
    print(f"keystroke to repaint, 录入 screen with a 100 reporters × 3 items grid: figure {median:.2f} ms median "
          f"(p95 {p95:.2f} ms, max {max(times):.2f} ms, {len(times)} keys); budget {REPAINT_BUDGET_MS:.0f} ms "
          f"{'OK' if median <= REPAINT_BUDGET_MS else 'OVER'}")


if __name__ == "__main__":
    main()
