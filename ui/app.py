"""Start the GUI: the QApplication, the theme, one MeetingBus, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .bus import MeetingBus
from .file_dialogs import install_error_hook
from .main_window import MainWindow
from .recent_files import RecentFiles
from .theme import setup_application


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
    install_error_hook(window)
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
