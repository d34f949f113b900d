"""The built program (``dist/pingyi/``): folder size, compressed size, and time to a usable window.

    python bench/bench_build.py             # uses dist/pingyi/pingyi, builds it first if missing
    PINGYI_BUILT=/path/to/pingyi python bench/bench_build.py

* folder size: every file of the folder (what a USB stick must hold);
* compressed size: the one file ``build_app.py --pack`` makes of it (.tar.gz on Linux, keeping its
  symlinks; .zip on Windows) — what is handed around;
* time to a usable window: from launching ``pingyi FILE`` (no virtual environment, no PYTHONPATH)
  on a demo meeting until its main window, titled with the meeting file, is mapped on a real X
  server (Xvfb, the xcb platform plugin a UOS / Kylin desktop uses).  Median of warm starts; the
  first (cold) start is shown apart.  Needs ``Xvfb`` and ``xdotool``; without them this figure
  is skipped and said so.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_FOLDER_MIB = 600  # PySide6 + OpenCV + numpy dominate; a 1 GB stick holds it with room
BUDGET_PACKED_MIB = 250
BUDGET_WINDOW_S = 1.5  # DESIGN §11: start to a usable main window
RUNS = 5


def _build_app():
    spec = importlib.util.spec_from_file_location("build_app", ROOT / "scripts" / "build_app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folder_bytes(folder: Path) -> tuple[int, int, int]:
    """(files, bytes of the files, symlinks): what the folder holds on disk."""
    files = raw = links = 0
    for path in folder.rglob("*"):
        if path.is_symlink():
            links += 1
        elif path.is_file():
            files, raw = files + 1, raw + path.stat().st_size
    return files, raw, links


def packed_bytes(folder: Path, build_app) -> tuple[int, str, float]:
    """(size, name, seconds) of the file ``--pack`` makes of the folder."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        packed = build_app.pack(folder, Path(tmp))
        return packed.stat().st_size, packed.name, time.perf_counter() - started


def time_to_window(program: Path, meeting: Path, env: dict) -> float:
    """Seconds from launch until a window titled with the meeting's file name is mapped."""
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()
    child = subprocess.Popen([str(program), str(meeting)], env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        while time.perf_counter() - start < 60:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", meeting.name], env=env, capture_output=True, text=True
            )
            if found.stdout.strip():
                return time.perf_counter() - start
            if child.poll() is not None:
                errors.seek(0)
                said = errors.read().decode(errors="replace")[-1500:]
                failure = NoDisplay if "could not connect to display" in said else SystemExit
                raise failure(f"the program ended before showing a window (exit {child.returncode}):\n{said}")
            time.sleep(0.05)
        raise SystemExit("no window within 60 s")
    finally:
        child.send_signal(signal.SIGTERM)  # the program closes its window (and the meeting file) on SIGTERM
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()


RETRIED: list[str] = []


class NoDisplay(SystemExit):
    """The X server refused the connection: Xvfb's trouble on a loaded machine, not the program's."""


def _launch(program: Path, meeting: Path, env: dict) -> float:
    try:
        return time_to_window(program, meeting, env)
    except NoDisplay as refused:
        RETRIED.append(str(refused).splitlines()[1] if "\n" in str(refused) else str(refused))
        return time_to_window(program, meeting, env)


def _wait_for_display(display: str) -> None:
    """Until the X server answers (it takes a while on a busy machine; Qt aborts without one)."""
    env = dict(os.environ, DISPLAY=display)
    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline:
        if subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    raise SystemExit(f"Xvfb {display} did not start")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def window_figures(program: Path, build_app) -> tuple[float, list[float], float] | None:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        return None
    # Xvfb picks a free display itself and says which: no clash with another X server on this machine
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    display = ":" + server.stdout.readline().strip()
    try:
        _wait_for_display(display)
        cpu = _children_cpu()
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(build_app.clean_env(), DISPLAY=display, HOME=tmp)
            env.pop("QT_QPA_PLATFORM", None)
            env.pop("WAYLAND_DISPLAY", None)
            meeting = Path(tmp) / "示例会议.pingyi"  # made by the built program itself, so versions match
            subprocess.run([str(program), "demo", str(meeting)], env=env, check=True, stdout=subprocess.DEVNULL)
            cold = _launch(program, meeting, env)
            warm = [_launch(program, meeting, env) for _ in range(RUNS)]
        return cold, warm, (_children_cpu() - cpu) / (RUNS + 1 + len(RETRIED))
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    build_app = _build_app()
    program = Path(os.environ.get("PINGYI_BUILT") or build_app.PROGRAM)
    if not program.is_file():
        print(f"{program} missing: building it (python scripts/build_app.py)", flush=True)
        started = time.perf_counter()
        if build_app.main([]) != 0:
            return 1
        print(f"build time: {time.perf_counter() - started:.0f} s")
    folder = program.parent
    info = folder / "BUILD-INFO.txt"
    if info.is_file():
        print(info.read_text(encoding="utf-8").strip())
    files, raw, links = folder_bytes(folder)
    packed, name, seconds = packed_bytes(folder, build_app)
    ok = raw / 2**20 <= BUDGET_FOLDER_MIB and packed / 2**20 <= BUDGET_PACKED_MIB
    print(f"folder: {files} files and {links} symlinks, {raw / 2**20:.0f} MiB (budget {BUDGET_FOLDER_MIB} MiB)")
    print(f"packed: {name} {packed / 2**20:.0f} MiB in {seconds:.0f} s (budget {BUDGET_PACKED_MIB} MiB)")
    figures = window_figures(program, build_app)
    if figures is None:
        print("time to a usable window: not measured (needs Xvfb and xdotool: apt-get install xvfb xdotool)")
    else:
        cold, warm, cpu = figures
        figure = statistics.median(warm)
        ok = ok and figure <= BUDGET_WINDOW_S
        print(
            f"time to a usable window (Xvfb, xcb): first start {cold:.2f} s; "
            f"warm runs {', '.join(f'{t:.2f}' for t in warm)} s"
        )
        print(
            f"CPU time per start (user+sys, until closed): {cpu:.2f} s; load average now: "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores — wall time far above CPU time = a busy machine"
        )
        if RETRIED:
            print(f"launches retried because Xvfb refused the connection: {len(RETRIED)} ({RETRIED[0]})")
        print(f"figure: {figure:.2f} s")
        print(f"budget: {BUDGET_WINDOW_S} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
