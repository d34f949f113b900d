"""Run a rendering job off the GUI thread; the frozen data was gathered on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, Signal


class JobSignals(QObject):
    """progress(done, total, label) while it runs; then done(result) or failed(message) once."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """``work(progress)`` in a QThreadPool thread; ``work`` must not touch the meeting file or widgets.

    The owner must keep the job until the pool is idle: ``done`` is emitted from inside ``run``,
    so dropping the job when ``done`` arrives could delete it while ``run`` is still returning.
    """

    def __init__(self, work):
        super().__init__()
        self.work = work
        self.signals = JobSignals()
        self.setAutoDelete(False)  # the stage keeps the job (and its signals) until it reports

    def run(self) -> None:
        work, self.work = self.work, None  # let the gathered data go as soon as it is used
        try:
            result = work(self.signals.progress.emit)
        except Exception as exc:  # shown to the clerk; nothing half-written is left (see printing.archive)
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(result)
