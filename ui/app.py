"""Start the GUI: the QApplication, the theme, one MeetingBus, the main window."""

from __future__ import annotations

import sys
from pathlib import Path


def _import_sqlite_utils_lean() -> None:
    """sqlite-utils imports numpy and pandas when they happen to be installed, only to know their
    value types, which Pingyi never stores; hiding them during that one import saves a third of
    the start-up.  Later imports of numpy or pandas work as usual."""
    if "sqlite_utils.db" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # makes ``import name`` raise ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_lean()

from PySide6.QtWidgets import QApplication  # noqa: E402

from .bus import MeetingBus  # noqa: E402
from .main_window import MainWindow  # noqa: E402
from .recent_files import RecentFiles  # noqa: E402
from .theme import setup_application  # noqa: E402


def user_folder() -> Path:
    """Where new meetings and the demo meeting go by default: ~/Pingyi."""
    return Path.home() / "Pingyi"


def build_window(path: str | None = None, demo: bool = False, *, home: Path | None = None,
                 recent: RecentFiles | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its shown main window, on ``path``, a fresh demo, or the start page."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Pingyi")
    app.setApplicationName("Pingyi")
    app.setApplicationDisplayName("Pingyi 评议")
    setup_application(app)
    window = MainWindow(MeetingBus(app), recent or RecentFiles(), home or user_folder())
    window.resize(1280, 800)
    window.show()
    if demo:
        window.open_demo()
    elif path:
        window.open_path(path)
    return app, window


def run_gui(path: str | None = None, demo: bool = False) -> int:
    """Run the window until it is closed; the exit status of the event loop."""
    app, window = build_window(path, demo)
    _close_on_signals(window)
    return app.exec()


def _close_on_signals(window: MainWindow) -> None:
    """Ctrl+C in the terminal (or a polite kill) closes the window, so the file is closed properly."""
    import signal

    from PySide6.QtCore import QTimer

    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: window.close())
    ticker = QTimer(window)  # Python only runs signal handlers between bytecodes, so wake it now and then
    ticker.timeout.connect(lambda: None)
    ticker.start(300)
