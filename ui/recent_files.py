"""最近打开: the list of recently opened meeting files, kept in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

_KEY = "recent_files"
LIMIT = 10


def app_settings() -> QSettings:
    """The application's settings store (per user)."""
    return QSettings("Pingyi", "Pingyi")


class RecentFiles:
    """Newest first, at most ``LIMIT`` paths; a missing file stays listed until removed."""

    def __init__(self, settings: QSettings | None = None):
        self._settings = settings if settings is not None else app_settings()

    def paths(self) -> list[Path]:
        value = self._settings.value(_KEY, [])
        if isinstance(value, str):  # QSettings returns a lone entry as a plain string
            value = [value]
        return [Path(p) for p in value or [] if p]

    def add(self, path: str | Path) -> None:
        path = Path(path).resolve()
        self._store([path] + [p for p in self.paths() if p != path])

    def remove(self, path: str | Path) -> None:
        path = Path(path)
        self._store([p for p in self.paths() if p != path and p != path.resolve()])

    def remove_missing(self) -> None:
        self._store([p for p in self.paths() if p.exists()])

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue(_KEY, [str(p) for p in paths[:LIMIT]])
        self._settings.sync()
