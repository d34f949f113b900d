"""Render a batch of forms to PDF off the GUI thread (the data was gathered on the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, Signal

from models.ballots.form_data import FormBatch
from printing.form import render_forms


class RenderSignals(QObject):
    """progress(done, total) per copy; done(pdf bytes) or failed(message) once."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)


class RenderJob(QRunnable):
    """``render_forms(batch)`` in a QThreadPool thread; touches nothing but the frozen batch."""

    def __init__(self, batch: FormBatch):
        super().__init__()
        self.batch = batch
        self.signals = RenderSignals()
        self.setAutoDelete(False)  # the stage keeps the job (and its signals) until it reports

    def run(self) -> None:
        try:
            pdf = render_forms(self.batch, progress=self.signals.progress.emit)
        except Exception as exc:  # reported on screen; the serials are recorded and can be reprinted
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(pdf)
