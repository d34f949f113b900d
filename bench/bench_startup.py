"""Start-up: a fresh interpreter to a usable main window on the demo meeting (offscreen).

Each run starts ``python`` in a subprocess that builds the window exactly as
``python main.py FILE`` does (theme, fonts, translations, main window, the 准备 stage on
the demo meeting), lets Qt process its events, and prints "ready".  The figure is the
median wall time from launching the process to reading that line.  The demo file is
made once beforehand; ``python main.py --demo`` also creates a fresh one (shown apart).
Also lists heavy modules that start-up should not load (reportlab, openpyxl, QtCharts).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S = 1.5
RUNS = 7
HEAVY = ("reportlab", "openpyxl", "PySide6.QtCharts", "PySide6.QtPrintSupport", "pypdfium2", "pdfplumber")

CHILD = r"""
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtCore import QSettings
from ui.app import build_window
from ui.recent_files import RecentFiles
recent = RecentFiles(QSettings({ini!r}, QSettings.Format.IniFormat))
app, window = build_window({path!r}, {demo!r}, home=Path({home!r}), recent=recent)
app.processEvents()
assert window.workspace is not None and window.meeting is not None, "no meeting open"
print("ready", flush=True)
heavy = sorted(m for m in sys.modules if m.startswith({heavy!r}))
print("heavy:" + ",".join(heavy), flush=True)
window.close()
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def launch(folder: Path, path: Path | None, demo: bool) -> tuple[float, float, str]:
    """Seconds from launching the interpreter to "ready", the child's CPU seconds, its heavy modules."""
    code = CHILD.format(root=str(ROOT), ini=str(folder / "settings.ini"), path=str(path) if path else None,
                        demo=demo, home=str(folder), heavy=HEAVY)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cpu = _children_cpu()
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, cwd=ROOT)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    heavy = child.stdout.readline().strip().removeprefix("heavy:")
    _, err = child.communicate(timeout=60)
    if line.strip() != "ready":
        raise SystemExit(f"start-up failed:\n{err}")
    return elapsed, _children_cpu() - cpu, heavy


def main() -> int:
    from models.demo import create_demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = folder / "示例会议.pingyi"
        create_demo(demo)
        launch(folder, demo, False)  # warm the OS file cache once, as a second start would be
        times, cpus, heavy = [], [], ""
        for _ in range(RUNS):
            seconds, cpu, heavy = launch(folder, demo, False)
            times.append(seconds)
            cpus.append(cpu)
        with_demo = statistics.median(launch(folder, None, True)[0] for _ in range(3))
    figure = statistics.median(times)
    print(f"runs: {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"CPU time of the started process (user+sys, median): {statistics.median(cpus):.2f} s"
          f"  — far below the wall time means the machine was busy with other work")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"python main.py --demo (creates a fresh demo meeting first): {with_demo:.2f} s")
    print(f"heavy modules loaded at start-up: {heavy or 'none'}")
    print(f"figure: {figure:.2f} s")
    print(f"budget: {BUDGET_S} s")
    return 0 if figure <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
