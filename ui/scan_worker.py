"""Reading scanned files off the GUI thread; the GUI thread stores each page (one writer per meeting file)."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from scanning.batch import read_paths
from scanning.read import FormShape


class ScanReader(QThread):
    """Reads ``paths`` (one process per core); ``page(record, data)`` for each page, ``finished`` at the end."""

    page = Signal(object, object)
    failed = Signal(str)

    def __init__(self, paths, shape: FormShape, parent=None):
        super().__init__(parent)
        self.paths, self.shape = list(paths), shape
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        pages = read_paths(self.paths, self.shape)
        try:
            for record, data in pages:
                if self._cancelled:
                    break
                self.page.emit(record, data)
        except Exception as exc:  # shown on screen; what was stored stays stored
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            pages.close()
